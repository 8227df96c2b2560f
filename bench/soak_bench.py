"""A long session's load on the phone server, from simulated phones on loopback only.

    .venv/bin/python bench/soak_bench.py [--phones 250] [--minutes 20] [--items 1000]

Starts the server in its own process (as `facilitator serve` does) on 127.0.0.1 with a
fresh database, then, with aiohttp as the phones, runs a session for `--minutes`: the
trainer (through the remote) alternates a single-choice poll (20 s) and an ideas board
(100 s); every phone follows the event stream as the phone page does (a full state,
then deltas; its own part from /me whenever the question changes and after each
reconnect), drops and reopens its stream every 1 to 3 minutes, answers each poll,
posts to the board so that it reaches `--items` items by the end, upvotes what it sees
and now and then asks for more of the board. Each phone has its own loopback address
(127.x.y.z), and the server keeps its production limits except joins per address.

It prints the largest push, the bytes the phones received, /me and post latency, the
server's memory at minute 5 (or a quarter of a shorter run) and at the end, every
acknowledged write checked against the database, and the count of 5xx responses.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import random
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from figures import print_figures  # bench/, first on the path when a benchmark runs
from live_bench import (
    BenchServer, connector, cpu_seconds, first_slide_of_kind, percentile, run_phones, serving,
)

POLL_SECONDS = 20.0
BOARD_SECONDS = 100.0
STREAM_SECONDS = (60.0, 180.0)  # how long a phone keeps its stream before it drops
UPVOTE_EVERY_SECONDS = 8.0  # per phone, on average, while the board is open
MORE_EVERY_SECONDS = 60.0  # "Show more", per phone, on average
# Routes whose time inside the server is printed beside the latency phones measure.
IN_APP_ROUTES = ("me", "post", "upvote", "items")
MEMORY_SAMPLE_SECONDS = 5.0
WARM_UP_MINUTES = 5.0
CONNECTIONS_PER_PHONE = 4  # the stream and the requests beside it, as a browser has
BROWSER_KEEP_ALIVE_SECONDS = 300  # how long Chrome keeps an idle connection for the next request
# A request gives up after a minute. An event stream has no such bound (EventSource keeps
# it until the phone drops it); it ends only once silent for a minute, while the server
# sends a keep-alive every 15 s. Bounded like a request, every stream of the room ended
# at the same second, a minute after it opened, and every phone reconnected and asked
# for /me at once: the phones' 1 to 3 minutes never happened.
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=60, sock_read=60)
STREAM_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_read=60)
TARGETS = {
    "largest push to a phone": "<= 8 KB",
    "/me latency": "p99 <= 100 ms",
    "/me latency, the room at once": "p99 <= 100 ms",
    "post latency": "p99 <= 100 ms",
    "server memory growth": "<= 10 %",
    "acknowledged writes lost": "0",
    "5xx responses": "0",
}
WORDS = (
    "share", "the", "posting", "plan", "with", "every", "team", "each", "month", "and", "ask",
    "legal", "before", "launch", "name", "a", "backup", "owner", "for", "accounts", "train",
    "new", "staff", "on", "day", "one", "keep", "photos", "of", "whiteboards", "off", "feeds",
)


@functools.lru_cache(maxsize=8)
def decoded(push: bytes) -> dict:
    """A push as JSON, decoded once for all the phones (they get the same bytes): the
    load generator's own work is not what is measured. Never changed in place."""
    message = json.loads(push)
    message.setdefault("poll", None)
    return message


def rss_kib(pid: int) -> int:
    return int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1))


@dataclass
class Tally:
    """What every phone saw and was told, for the figures and the database check."""

    bytes_received: int = 0
    largest_push: int = 0
    pushes: int = 0
    deltas: int = 0
    gaps: int = 0
    reconnects: int = 0
    failures: int = 0  # requests or streams that got no answer at all
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    posts: dict[int, str] = field(default_factory=dict)  # item id -> text acknowledged
    upvotes: set[tuple[int, str]] = field(default_factory=set)  # (item id, token)
    answers: dict[tuple[int, str], object] = field(default_factory=dict)  # (poll, token) -> last

    def status(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


class Phone:
    """One attendee's phone: the stream, and the requests its page would make."""

    def __init__(self, n: int, api: str, cookie: str, tally: Tally, plan: "Plan"):
        self.n = n
        self.api = api
        self.cookie = cookie
        self.tally = tally
        self.plan = plan
        self.random = random.Random(n)
        self.http = aiohttp.ClientSession(
            connector=connector(n, CONNECTIONS_PER_PHONE, BROWSER_KEEP_ALIVE_SECONDS),
            timeout=REQUEST_TIMEOUT,
        )
        self.token = ""
        self.version = -1
        self.poll: dict | None = None
        self.items: dict[int, dict] = {}  # what this phone knows of the board shown
        self.posted = 0
        self.to_answer = False  # a poll opened that this phone has not answered yet
        self.mine: set[int] = set()
        self.upvoted: set[int] = set()

    async def request(self, kind: str, method: str, path: str, body: dict | None = None) -> dict | None:
        headers = {"Cookie": f"{self.cookie}={self.token}"} if self.token else {}
        started = time.perf_counter()
        async with self.http.request(method, self.api + path, json=body, headers=headers) as response:
            data = await response.read()
        self.tally.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        self.tally.bytes_received += len(data)
        self.tally.status(response.status)
        if response.status == 201 and kind == "join":
            self.token = response.cookies[self.cookie].value
        return json.loads(data) if response.status < 300 else None

    async def run(self, until: float) -> None:
        joined = await self.request("join", "POST", "/join", {"name": f"Phone {self.n}"})
        assert joined is not None, "a join was refused"
        actions = asyncio.create_task(self.act(until))
        try:
            while time.monotonic() < until:
                await self.follow(min(until, time.monotonic() + self.random.uniform(*STREAM_SECONDS)))
                self.tally.reconnects += 1
        finally:
            actions.cancel()
            await self.http.close()

    async def follow(self, until: float) -> None:
        """One stream, until it is time to drop it (a phone asleep, a Wi-Fi hiccup)."""
        headers = {"Cookie": f"{self.cookie}={self.token}"}
        try:
            async with asyncio.timeout(max(0.0, until - time.monotonic())):
                async with self.http.get(
                    self.api + "/events", headers=headers, timeout=STREAM_TIMEOUT
                ) as response:
                    self.tally.status(response.status)
                    if response.status != 200:
                        await asyncio.sleep(2)
                        return
                    await self.load_me("/me after a reconnect")
                    async for line in response.content:
                        self.tally.bytes_received += len(line)
                        if line.startswith(b"data: "):
                            await self.on_message(line[6:])
        except TimeoutError:
            pass
        except aiohttp.ClientError:
            self.tally.failures += 1
            await asyncio.sleep(2)  # as EventSource retries

    async def on_message(self, data: bytes) -> None:
        self.tally.pushes += 1
        self.tally.largest_push = max(self.tally.largest_push, len(data))
        message = decoded(data)
        before = self.signature()
        poll = message["poll"]
        if "base" in message:
            self.tally.deltas += 1
            if message["base"] != self.version:
                self.tally.gaps += 1  # the page would start a new stream
            if poll is not None and self.poll is not None:
                self.know(poll.get("items", []))
                self.poll = {**self.poll, **poll}
        else:
            self.poll = poll
            self.items = {}
            if poll is not None:
                self.know(poll.get("items", []))
        self.version = message["v"]
        if self.signature() != before:
            self.to_answer = bool(self.poll and self.poll["open"] and "options" in self.poll)
            await self.load_me("/me, the room at once")

    def signature(self) -> tuple:
        return (self.poll or {}).get("id"), (self.poll or {}).get("open")

    def know(self, items: list[dict]) -> None:
        for item in items:
            if item["id"] in self.items or "text" in item:
                self.items[item["id"]] = {**self.items.get(item["id"], {}), **item}

    async def load_me(self, kind: str) -> None:
        """Like the page: after each reconnect, and when the question changes (then
        every phone in the room asks in the same moment)."""
        try:
            me = await self.request(kind, "GET", "/me")
        except aiohttp.ClientError:
            self.tally.failures += 1
            return
        mine = me and me["poll"]
        if mine and "posts" in mine:
            self.mine, self.upvoted = set(mine["posts"]), set(mine["upvoted"])
            self.know(mine["items"])

    async def act(self, until: float) -> None:
        """Answer, post, upvote and page, at the pace of people in a room."""
        while time.monotonic() < until:
            await asyncio.sleep(self.random.expovariate(1.0))
            poll = self.poll
            if poll is None or not poll["open"]:
                continue
            try:
                if self.to_answer and self.random.random() < 0.15:
                    self.to_answer = False
                    await self.answer(poll["id"], self.random.randrange(len(poll["options"])))
                elif "count" in poll:
                    await self.on_board(poll["id"])
            except aiohttp.ClientError:
                self.tally.failures += 1

    async def answer(self, poll_id: int, option: int) -> None:
        if await self.request("answer", "POST", "/answer", {"poll": poll_id, "answer": option}):
            self.tally.answers[(poll_id, self.token)] = option

    async def on_board(self, poll_id: int) -> None:
        roll = self.random.random()
        if roll < self.plan.post_chance and self.posted < 20:
            words = self.random.choices(WORDS, k=self.random.randint(6, 24))
            text = f"{self.n}-{self.posted} " + " ".join(words)
            self.posted += 1
            posted = await self.request("post", "POST", "/post", {"poll": poll_id, "text": text})
            if posted:
                self.tally.posts[posted["id"]] = posted["text"]
                self.mine.add(posted["id"])
        elif roll < self.plan.post_chance + 1 / UPVOTE_EVERY_SECONDS:
            choices = [i for i in self.items if i not in self.mine and i not in self.upvoted]
            if choices:
                item = self.random.choice(choices)
                upvoted = await self.request("upvote", "POST", "/upvote", {"item": item})
                if upvoted:
                    self.upvoted.add(item)
                    self.tally.upvotes.add((item, self.token))
                    self.know([upvoted])
        elif roll < self.plan.post_chance + 1 / UPVOTE_EVERY_SECONDS + 1 / MORE_EVERY_SECONDS:
            ranked = sorted(self.items.values(), key=lambda i: (-i["upvotes"], i["id"]))
            after = f"&after={ranked[-1]['id']}" if ranked else ""
            page = await self.request("items", "GET", f"/items?poll={poll_id}{after}")
            if page:
                self.know(page["items"])


@dataclass
class Plan:
    post_chance: float  # per phone per second while the board is open


async def drive(remote: str, trainer: aiohttp.ClientSession, until: float, slides: dict[str, int]) -> None:
    """The trainer: a poll, then the board, again and again."""
    async def go(slide: int) -> None:
        for action, body in (("goto", {"slide": slide}), ("open", {})):
            async with trainer.post(f"{remote}/{action}", json=body) as response:
                assert response.status == 200, await response.text()

    while time.monotonic() < until:
        await go(slides["poll"])
        await asyncio.sleep(min(POLL_SECONDS, max(0.0, until - time.monotonic())))
        # A poll is answered once per phone: the next round asks again.
        async with trainer.post(f"{remote}/close", json={}) as response:
            assert response.status == 200
        await go(slides["board"])
        await asyncio.sleep(min(BOARD_SECONDS, max(0.0, until - time.monotonic())))


async def watch_trainer(remote: str, trainer: aiohttp.ClientSession, largest: list[int]) -> None:
    async with trainer.get(f"{remote}/events") as response:
        async for line in response.content:
            if line.startswith(b"data: "):
                largest[0] = max(largest[0], len(line) - 6)


async def sample_memory(pid: int, samples: list[tuple[float, int]], started: float) -> None:
    while True:
        samples.append((time.monotonic() - started, rss_kib(pid)))
        await asyncio.sleep(MEMORY_SAMPLE_SECONDS)


def check_database(db: Path, tally: Tally) -> tuple[int, int, int]:
    """(acknowledged writes, of them missing or different, items whose count is off)."""
    with sqlite3.connect(db) as check:
        items = dict(check.execute("SELECT id, text FROM items"))
        tokens = dict(check.execute("SELECT token, id FROM attendees"))
        upvotes = set(check.execute("SELECT item_id, attendee_id FROM upvotes"))
        answers = {
            (poll, attendee): json.loads(answer)
            for poll, attendee, answer in check.execute("SELECT poll_id, attendee_id, answer FROM responses")
        }
        miscounted = check.execute(
            "SELECT count(*) FROM items i WHERE i.upvotes !="
            " (SELECT count(*) FROM upvotes u WHERE u.item_id = i.id)"
        ).fetchone()[0]
    lost = sum(items.get(item) != text for item, text in tally.posts.items())
    lost += sum((item, tokens.get(token)) not in upvotes for item, token in tally.upvotes)
    lost += sum(
        answers.get((poll, tokens.get(token))) != answer for (poll, token), answer in tally.answers.items()
    )
    return len(tally.posts) + len(tally.upvotes) + len(tally.answers), lost, miscounted


async def main(args: argparse.Namespace) -> int:
    slides = {"poll": first_slide_of_kind("single_choice"), "board": first_slide_of_kind("ideas")}
    with serving("facilitator-soak-") as server:
        return await soak(args, server, slides)


async def soak(args: argparse.Namespace, server: BenchServer, slides: dict[str, int]) -> int:
    base, code = server.join_url.rsplit("/", 1)
    remote = base + "/api/remote/" + server.remote_url.rsplit("/", 1)[1]
    server_pid = server.process.pid
    seconds = args.minutes * 60
    board_seconds = seconds * BOARD_SECONDS / (POLL_SECONDS + BOARD_SECONDS)
    plan = Plan(post_chance=args.items / (args.phones * board_seconds))
    tally = Tally()
    trainer = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_read=None))
    phones = [Phone(n, f"{base}/api/{code}", f"facilitator_{code}", tally, plan) for n in range(args.phones)]
    started = time.monotonic()
    until = started + seconds
    load_before, server_cpu, phones_cpu = os.getloadavg()[0], cpu_seconds(server_pid), time.process_time()
    memory: list[tuple[float, int]] = []
    trainer_push = [0]
    helpers = [
        asyncio.create_task(sample_memory(server_pid, memory, started)),
        asyncio.create_task(watch_trainer(remote, trainer, trainer_push)),
    ]
    try:
        await asyncio.gather(drive(remote, trainer, until, slides), *(p.run(until) for p in phones))
        memory.append((time.monotonic() - started, rss_kib(server_pid)))
        server_cpu = cpu_seconds(server_pid) - server_cpu
    finally:
        for helper in helpers:
            helper.cancel()
        await trainer.close()

    in_app = server.stop()
    written, lost, miscounted = check_database(server.db, tally)
    with sqlite3.connect(server.db) as check:
        board_items = check.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM items GROUP BY poll_id)").fetchone()[0]
    warm_up = min(WARM_UP_MINUTES, args.minutes / 4)
    at_warm_up = next(kib for t, kib in memory if t >= warm_up * 60)
    at_end = memory[-1][1]
    errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    refused = {status: n for status, n in sorted(tally.statuses.items()) if 400 <= status < 500}

    def latency(values: list[float]) -> str:
        if not values:
            return "none"
        return (f"p50 {percentile(values, 0.5) * 1000:.1f} ms, p99 {percentile(values, 0.99) * 1000:.1f} ms"
                f" ({len(values):,})")

    figures = {
        "phones, minutes": f"{args.phones}, {args.minutes:g} (streams reopened {tally.reconnects:,} times)",
        "board size at the end": f"{board_items or 0:,} items",
        "largest push to a phone": f"{tally.largest_push / 1000:.1f} KB"
                                   f" ({tally.pushes:,} pushes, {tally.deltas:,} deltas, {tally.gaps} gaps)",
        "largest push to the remote": f"{trainer_push[0] / 1000:.1f} KB",
        "bytes phones received": f"{tally.bytes_received / 1e6:,.1f} MB",
        "/me latency": latency(tally.latencies.get("/me after a reconnect", [])),
        "/me latency, the room at once": latency(tally.latencies.get("/me, the room at once", [])),
        "post latency": latency(tally.latencies.get("post", [])),
        "upvote latency": latency(tally.latencies.get("upvote", [])),
        "answer latency": latency(tally.latencies.get("answer", [])),
        "page of items latency": latency(tally.latencies.get("items", [])),
        **{f"time in the server app: {route}": latency(in_app.get(route, [])) for route in IN_APP_ROUTES},
        "server memory": f"{at_warm_up / 1024:.0f} MiB at minute {warm_up:g},"
                         f" {at_end / 1024:.0f} MiB at the end",
        "server memory growth": f"{100 * (at_end - at_warm_up) / at_warm_up:+.1f} %",
        "server memory by minute": " ".join(
            f"{kib / 1024:.0f}" for t, kib in memory if t // 60 != (t - MEMORY_SAMPLE_SECONDS) // 60
        ) + " MiB",
        "server CPU": f"{server_cpu:.0f} s in {seconds:.0f} s ({100 * server_cpu / seconds:.0f} % of one core)",
        "load generator CPU": f"{time.process_time() - phones_cpu:.0f} s",
        "machine load (shared)": f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end,"
                                 f" on {os.cpu_count()} cores",
        "acknowledged writes lost": f"{lost} of {written:,} (upvote counts off: {miscounted})",
        "5xx responses": f"{errors} (no answer at all: {tally.failures})",
        "refusals (4xx)": ", ".join(f"{n:,} × {s}" for s, n in refused.items()) or "none",
    }
    print_figures(figures, TARGETS)
    return 0 if lost == errors == miscounted == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=250)
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--items", type=int, default=1000, help="the board's size by the end")
    run_phones(main(parser.parse_args()))
