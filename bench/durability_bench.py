"""The kill -9 trial: nothing a phone was told is saved may be lost, whenever the laptop dies.

    .venv/bin/python bench/durability_bench.py [--trials 20] [--phones 120] [--seed N]

Each trial starts `facilitator serve` in its own process on 127.0.0.1 with a fresh
database, and simulated phones (aiohttp, each from its own 127.x.y.z address, as phones in
a room have their own) join, post ideas, upvote each other's and vote in poll after poll,
while the trainer opens each in turn from the remote. At a random moment of that burst the
server gets SIGKILL. The database is then opened and every request that was acknowledged
(a 2xx status received) is looked for: each join, idea, upvote, vote and opened poll.
Then `serve --resume` must carry on the same session: the same code and remote URL, and a
phone's cookie from before the kill still names its attendee; SIGTERM then stops it with
"Stopped." and exit status 0. Network traffic goes to loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from figures import print_figures  # bench/, first on the path when a benchmark runs
from live_bench import phone_address

ROOT = Path(__file__).resolve().parents[1]
POLLS = 10
IDEAS_PER_PHONE = 2
UPVOTES_PER_PHONE = 3
OPTIONS = ["Often", "Sometimes", "Rarely", "Never"]
START_TIMEOUT_SECONDS = 60
KINDS = ("joins", "ideas", "upvotes", "votes", "polls")
TARGETS = {"lost": "0", "resumed with the same code, secret and cookies": "every trial"}


def write_deck(folder: Path) -> Path:
    """A deck with a join slide, an ideas board and POLLS single-choice polls."""
    exercises = folder / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "ideas.toml").write_text('kind = "ideas"\nprompt = "Your ideas"\n')
    for k in range(POLLS):
        (exercises / f"poll-{k}.toml").write_text(
            f'kind = "single_choice"\nprompt = "Question {k}"\noptions = {json.dumps(OPTIONS)}\n'
        )
    slides = ["<!-- minutes: 1, layout: join -->\n# Join", "<!-- minutes: 1, exercise: ideas -->\n# Ideas"]
    slides += [f"<!-- minutes: 1, exercise: poll-{k} -->\n# Question {k}" for k in range(POLLS)]
    deck = folder / "slides" / "durability.md"
    deck.parent.mkdir()
    deck.write_text(f"---\ntitle: Durability trial\nduration: {len(slides)}\n---\n\n"
                    + "\n\n---\n\n".join(slides) + "\n")
    return deck


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`facilitator serve` in its own process, read as far as its join and remote lines."""

    def __init__(self, db: Path, port: int, *arguments: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port), *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        self.header = self.process.stdout.readline().strip()
        if not self.header:
            raise RuntimeError(f"serve did not start: {self.process.communicate(timeout=30)[1]}")
        self.join_url = self.process.stdout.readline().split()[1]
        self.remote_url = self.process.stdout.readline().split()[1]
        base, self.code = self.join_url.rsplit("/", 1)
        self.api = f"{base}/api/{self.code}"
        self.remote = f"{base}/api/remote/{self.remote_url.rsplit('/', 1)[1]}"

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=60)
        return self.process.returncode, out


@dataclass
class Acknowledged:
    """What the server said was saved, to look for in the database afterwards."""

    joins: dict[str, str] = field(default_factory=dict)  # name -> cookie
    ideas: dict[str, int | None] = field(default_factory=dict)  # text -> item id, if heard
    upvotes: set[tuple[int, str]] = field(default_factory=set)  # (item id, name)
    votes: dict[tuple[int, str], int] = field(default_factory=dict)  # (poll id, name) -> answer
    polls: set[str] = field(default_factory=set)  # exercise ids opened

    def counts(self) -> Counter:
        return Counter({kind: len(getattr(self, kind)) for kind in KINDS})


def kinds(counts: Counter) -> str:
    """"joins 200, ideas 400, ..." in the same order every time."""
    return ", ".join(f"{kind} {counts[kind]:,}" for kind in KINDS)


class ServerGone(Exception):
    """The server stopped answering (it was killed)."""


async def send(http: aiohttp.ClientSession, method: str, url: str, body: dict | None = None):
    """(status, JSON body, response) of one request; ServerGone once nobody answers."""
    try:
        async with http.request(method, url, json=body) as response:
            status = response.status  # the acknowledgement: the body may never arrive
            try:
                data = await response.json()
            except (aiohttp.ClientError, ValueError, asyncio.TimeoutError):
                data = None
            return status, data, response
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        raise ServerGone from error


class Phone:
    def __init__(self, n: int, served: Served, acked: Acknowledged, rng: random.Random):
        self.name = f"Phone {n}"
        self.served = served
        self.acked = acked
        self.rng = rng
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(phone_address(n), 0), limit=1),
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies for an IP address
            timeout=aiohttp.ClientTimeout(total=30),
        )
        self.own: set[str] = set()  # the texts of this phone's own ideas

    async def join(self) -> None:
        status, _, response = await send(self.http, "POST", f"{self.served.api}/join", {"name": self.name})
        if status == 201:
            self.acked.joins[self.name] = response.cookies[f"facilitator_{self.served.code}"].value

    async def post_ideas(self, poll: int) -> None:
        for k in range(IDEAS_PER_PHONE):
            text = f"{self.name}, idea {k}"
            status, data, _ = await send(self.http, "POST", f"{self.served.api}/post",
                                         {"poll": poll, "text": text, "request_id": f"idea-{k}"})
            if status == 200:
                self.acked.ideas[text] = data and data["id"]
                self.own.add(text)

    async def upvote(self) -> None:
        others = sorted(item for text, item in self.acked.ideas.items()
                        if item is not None and text not in self.own)
        for item in self.rng.sample(others, min(UPVOTES_PER_PHONE, len(others))):
            status, _, _ = await send(self.http, "POST", f"{self.served.api}/upvote", {"item": item})
            if status == 200:
                self.acked.upvotes.add((item, self.name))

    async def vote(self, poll: int) -> None:
        answer = self.rng.randrange(len(OPTIONS))
        status, _, _ = await send(self.http, "POST", f"{self.served.api}/answer",
                                  {"poll": poll, "answer": answer})
        if status == 200:
            self.acked.votes[(poll, self.name)] = answer


async def each(phones: list[Phone], action) -> None:
    """Every phone at once; a phone whose server is gone stops there."""
    results = await asyncio.gather(*(action(phone) for phone in phones), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, ServerGone):
            raise result


async def burst(served: Served, phones: list[Phone], acked: Acknowledged) -> None:
    """Joins, then the ideas board (posts, upvotes), then the polls one after another."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as trainer:

        async def open_slide(index: int, exercise: str) -> int:
            for action, body in (("goto", {"slide": index}), ("open", {})):
                status, data, _ = await send(trainer, "POST", f"{served.remote}/{action}", body)
                if status != 200:
                    raise RuntimeError(f"the remote's {action} failed: {status} {data}")
            acked.polls.add(exercise)
            _, state, _ = await send(trainer, "GET", f"{served.remote}/state")
            return state["poll"]["id"]

        await each(phones, Phone.join)
        board = await open_slide(1, "ideas")
        await each(phones, lambda phone: phone.post_ideas(board))
        await each(phones, Phone.upvote)
        for k in range(POLLS):
            poll = await open_slide(2 + k, f"poll-{k}")
            await each(phones, lambda phone: phone.vote(poll))


def lost(db: Path, acked: Acknowledged) -> Counter:
    """What was acknowledged and is not in the database, by kind."""
    with closing(sqlite3.connect(db)) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM attendees")}
        ideas = {text for (text,) in connection.execute("SELECT text FROM items")}
        upvotes = set(connection.execute(
            "SELECT u.item_id, a.name FROM upvotes u JOIN attendees a ON a.id = u.attendee_id"
        ))
        votes = {(poll, name): json.loads(answer) for poll, name, answer in connection.execute(
            "SELECT r.poll_id, a.name, r.answer FROM responses r JOIN attendees a ON a.id = r.attendee_id"
        )}
        polls = {exercise for (exercise,) in connection.execute("SELECT exercise_id FROM polls")}
    return Counter(
        joins=len(set(acked.joins) - names),
        ideas=len(set(acked.ideas) - ideas),
        upvotes=len(acked.upvotes - upvotes),
        votes=sum(votes.get(key) != answer for key, answer in acked.votes.items()),
        polls=len(acked.polls - polls),
    )


async def resumes_the_same(db: Path, port: int, before: Served, acked: Acknowledged) -> bool:
    """`serve --resume` carries on with the same code and remote, a cookie still works,
    and SIGTERM then stops it in order."""
    again = Served(db, port, "--resume")
    try:
        same = (again.join_url, again.remote_url) == (before.join_url, before.remote_url)
        if acked.joins:
            name, cookie = next(iter(acked.joins.items()))
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
                headers = {"cookie": f"facilitator_{again.code}={cookie}"}
                async with http.get(f"{again.api}/me", headers=headers) as response:
                    same = same and (await response.json()).get("name") == name
    finally:
        status, out = again.stop()
    return same and status == 0 and out.splitlines()[-1:] == ["Stopped."]


async def trial(
    number: int, args: argparse.Namespace, deck: Path, workdir: Path, rng: random.Random,
) -> tuple[Counter, Counter, bool]:
    db, port = workdir / f"trial-{number}.db", free_port()
    served = Served(db, port, str(deck))
    acked = Acknowledged()
    phones = [Phone(n, served, acked, rng) for n in range(args.phones)]
    kill_after = rng.uniform(0.05, args.window)
    started = time.perf_counter()
    killer = asyncio.get_running_loop().call_later(kill_after, served.process.kill)
    try:
        try:
            await burst(served, phones, acked)
        except ServerGone:
            pass
        finished = time.perf_counter() - started
        await asyncio.sleep(max(0.0, kill_after - (time.perf_counter() - started)))
    finally:
        killer.cancel()
        served.process.kill()
        served.process.communicate(timeout=60)
        for phone in phones:
            await phone.http.close()
    missing = lost(db, acked)
    resumed = await resumes_the_same(db, port, served, acked)
    counts = acked.counts()
    when = f"burst done at {finished:.2f} s" if finished < kill_after else "mid-burst"
    print(f"trial {number + 1:>2}: killed at {kill_after:.2f} s ({when}): acknowledged "
          f"{sum(counts.values()):>5} ({kinds(counts)}), "
          f"lost {sum(missing.values())}, resume {'same session' if resumed else 'FAILED'}",
          flush=True)
    return counts, missing, resumed


async def main(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    acknowledged, missing, resumed = Counter(), Counter(), 0
    with tempfile.TemporaryDirectory(prefix="facilitator-durability-") as folder:
        workdir = Path(folder)
        deck = write_deck(workdir / "workshop")
        for number in range(args.trials):
            counts, lost_here, same = await trial(number, args, deck, workdir, rng)
            acknowledged += counts
            missing.update(lost_here)
            resumed += same
    figures = {
        "trials": f"{args.trials} ({args.phones} phones each, killed within {args.window:g} s)",
        "acknowledged": f"{sum(acknowledged.values()):,} ({kinds(acknowledged)})",
        "lost": f"{sum(missing.values())}" + (f" ({kinds(missing)})" if +missing else ""),
        "resumed with the same code, secret and cookies": f"{resumed} of {args.trials} trials",
    }
    print_figures(figures, TARGETS)
    return 0 if not +missing and resumed == args.trials else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--window", type=float, default=10.0,
                        help="the kill comes at a random moment within this many seconds of the burst's start")
    parser.add_argument("--seed", type=int, default=None)
    sys.exit(asyncio.run(main(parser.parse_args())))
