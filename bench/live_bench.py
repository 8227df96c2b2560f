"""Load on the phone server, from simulated phones on this machine's loopback only.

    .venv/bin/python bench/live_bench.py [--phones 200] [--sse-phones 1000]

Starts the server in its own process (as `facilitator serve` does) on 127.0.0.1 with a
fresh database, then, with aiohttp as the phones:
  1. no-op GET throughput (`/api/ping`) with N concurrent phones;
  2. joins, then vote throughput and p50/p99 latency with N concurrent phones, each vote
     from a different attendee so every acknowledged vote is a row of its own;
  3. the votes in the database afterwards, counted against those acknowledged: exactly;
  4. SSE fan-out: M phones connected at once, one reveal, the time until all have it;
  5. the server's peak memory.
Each simulated phone has its own loopback address (127.x.y.z), as phones in a room have
their own; the server keeps its production limits except joins per address, since here
one phone address stands for many attendees. Every phase is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Coroutine, Iterator

import aiohttp
from figures import print_figures  # bench/, first on the path when a benchmark runs

ROOT = Path(__file__).resolve().parents[1]
PHASE_SECONDS = 5.0
MAX_REQUESTS_PER_PHASE = 100_000
TARGETS = {
    "vote/no-op ratio": ">= 0.6",
    "vote p99 (200 phones)": "<= 100 ms",
    "phones connected at once": ">= 1000",
    "reveal to all phones": "<= 250 ms",
}

def raise_open_file_limit() -> None:
    # A thousand phones are a thousand sockets on each side.
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


SERVER = """
import json, math, resource, sys, time
from dataclasses import replace
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import load_workshop
from facilitator.live.limits import Limits, Rate
from facilitator.live.server import LiveServer
from facilitator.process import tune_garbage_collector


class Timed:
    # The time each request spends in the app, by the route's last segment: the
    # server's own share of a latency the phones measure on a shared machine. Counted
    # in buckets 5 % wide, so that measuring does not grow the server's memory.
    def __init__(self, app):
        self.app = app
        self.buckets = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].endswith("/events"):
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = self.buckets.setdefault(scope["path"].rsplit("/", 1)[-1], {})
            bucket = round(math.log(max(time.perf_counter() - started, 1e-6) / 1e-6, 1.05))
            route[bucket] = route.get(bucket, 0) + 1


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
store = Store.open(sys.argv[1])
session = LiveSession.start(store, load_workshop(sys.argv[2]))
limits = replace(Limits(), address_joins=Rate(per_second=1000, burst=1000))
tune_garbage_collector()  # as `facilitator serve` does
server = LiveServer(session, host="127.0.0.1", port=0, limits=limits)
timed = server.uvicorn.config.app = Timed(server.uvicorn.config.app)
with server:
    print("join:", server.join_url, flush=True)
    print("remote:", server.remote_url, flush=True)
    sys.stdin.read()  # runs until the benchmark closes our stdin
store.close()
print(json.dumps(timed.buckets), flush=True)
"""


def run_phones(phones: Coroutine[Any, Any, int]) -> None:
    """Run the simulated phones (uvloop when installed) and exit with their status."""
    raise_open_file_limit()
    try:
        from uvloop import new_event_loop
    except ImportError:
        new_event_loop = asyncio.new_event_loop
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        sys.exit(runner.run(phones))


def phone_address(n: int) -> str:
    """A loopback address of its own for phone n (127.1.0.1, 127.1.0.2, ...)."""
    return f"127.{1 + n // 62500}.{n // 250 % 250}.{n % 250 + 1}"


def connector(n: int, connections: int = 1, keep_alive: float = 15.0) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(
        local_addr=(phone_address(n), 0), limit=connections, keepalive_timeout=keep_alive
    )


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def hammer(phones: list[aiohttp.ClientSession], request) -> tuple[int, float, list[float]]:
    """Every phone sends `request(phone, n)` in a loop until the phase's bounds."""
    latencies: list[float] = []
    deadline = time.perf_counter() + PHASE_SECONDS
    sent = 0

    async def run(phone: aiohttp.ClientSession) -> None:
        nonlocal sent
        while time.perf_counter() < deadline and sent < MAX_REQUESTS_PER_PHASE:
            sent += 1
            started = time.perf_counter()
            if await request(phone, sent):
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(run(p) for p in phones))
    return len(latencies), time.perf_counter() - started, latencies


DECK = ROOT / "slides" / "social-media-everyones-job.md"


def first_slide_of_kind(kind: str, deck: Path = DECK) -> int:
    """The first slide of the deck running an exercise of this kind ("single_choice")."""
    sys.path.insert(0, str(ROOT))
    from facilitator.core.workshop import load_workshop

    workshop = load_workshop(deck)
    return next(
        slide.index for slide in workshop.deck.slides
        if slide.exercise_id and workshop.exercises[slide.exercise_id].kind.value == kind
    )


@dataclass
class BenchServer:
    """The server under test, in its own process, on a fresh database."""

    process: subprocess.Popen
    join_url: str
    remote_url: str
    db: Path

    def stop(self) -> dict[str, list[float]]:
        """Stop it (once); the seconds each request spent in the app, by route (to 5 %)."""
        printed, _ = self.process.communicate(timeout=30)  # closes its stdin: it stops
        return {
            route: [1e-6 * 1.05 ** int(bucket) for bucket, n in buckets.items() for _ in range(n)]
            for route, buckets in json.loads(printed or "{}").items()
        }


@contextlib.contextmanager
def serving(prefix: str) -> Iterator[BenchServer]:
    db = Path(tempfile.mkdtemp(prefix=prefix)) / "bench.db"
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(db), str(DECK)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    server = BenchServer(process, "", "", db)
    try:
        server.join_url = process.stdout.readline().split()[1]
        server.remote_url = process.stdout.readline().split()[1]
        yield server
    finally:
        if process.returncode is None:  # not stopped by the benchmark
            server.stop()


async def main(args: argparse.Namespace) -> int:
    args.poll_slide = first_slide_of_kind("single_choice")
    with serving("facilitator-bench-") as server:
        return await measure(args, server.process.pid, server.join_url, server.remote_url, server.db)


async def measure(args, server_pid: int, join_url: str, remote_url: str, db: Path) -> int:
    base, code = join_url.rsplit("/", 1)
    remote = base + "/api/remote/" + remote_url.rsplit("/", 1)[1]
    api = f"{base}/api/{code}"
    figures: dict[str, str] = {}
    timeout = aiohttp.ClientTimeout(total=30)

    phones = [aiohttp.ClientSession(connector=connector(n), timeout=timeout) for n in range(args.phones)]
    trainer = aiohttp.ClientSession(timeout=timeout)
    try:
        # 1. no-op GETs
        async def ping(phone, n):
            async with phone.get(f"{base}/api/ping") as response:
                await response.read()
                return response.status == 200

        cpu = cpu_seconds(server_pid)
        done, seconds, _ = await hammer(phones, ping)
        noop_cpu = (cpu_seconds(server_pid) - cpu) / done
        noop_rate = done / seconds
        figures["no-op GET throughput"] = f"{noop_rate:,.0f} req/s ({done:,} in {seconds:.1f} s, {args.phones} phones)"

        # 2. joins: each phone joins its share of attendees, keeping their cookies
        attendees: list[tuple[aiohttp.ClientSession, str]] = []
        cookie_name = f"facilitator_{code}"

        async def join_many(phone: aiohttp.ClientSession, count: int, first: int) -> None:
            for n in range(first, first + count):
                async with phone.post(f"{api}/join", json={"name": f"Phone {n}"}) as response:
                    assert response.status == 201, await response.text()
                    attendees.append((phone, response.cookies[cookie_name].value))
                phone.cookie_jar.clear()

        started = time.perf_counter()
        await asyncio.gather(*(
            join_many(phone, args.attendees_per_phone, i * args.attendees_per_phone)
            for i, phone in enumerate(phones)
        ))
        seconds = time.perf_counter() - started
        figures["joins"] = f"{len(attendees) / seconds:,.0f} joins/s ({len(attendees):,} attendees)"

        async with trainer.post(f"{remote}/goto", json={"slide": args.poll_slide}) as response:
            assert response.status == 200, await response.text()
        async with trainer.post(f"{remote}/open", json={}) as response:
            assert response.status == 200, await response.text()
        async with trainer.get(f"{remote}/state") as response:
            poll_id = (await response.json())["poll"]["id"]

        # 3. votes, each from a different attendee: every acknowledged one is a new row
        queues = {phone: [token for p, token in attendees if p is phone] for phone in phones}
        acknowledged = 0

        async def vote(phone, n):
            nonlocal acknowledged
            if not queues[phone]:
                return False
            token = queues[phone].pop()
            # The phone's cookie and body as bytes: the load generator's own cost is
            # not what is being measured.
            async with phone.post(
                f"{api}/answer", data=b'{"poll": %d, "answer": %d}' % (poll_id, n % 3),
                headers={"Cookie": f"{cookie_name}={token}", "Content-Type": "application/json"},
            ) as response:
                await response.read()
                if response.status == 200:
                    acknowledged += 1
                    return True
                return False

        cpu = cpu_seconds(server_pid)
        done, seconds, latencies = await hammer(phones, vote)
        vote_cpu = (cpu_seconds(server_pid) - cpu) / done
        vote_rate = done / seconds
        figures["vote throughput"] = f"{vote_rate:,.0f} votes/s ({done:,} in {seconds:.2f} s, {args.phones} phones)"
        figures["vote latency"] = (
            f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms"
        )
        figures["vote/no-op ratio"] = f"{vote_rate / noop_rate:.2f}"
        figures["server CPU per request"] = (
            f"no-op {noop_cpu * 1e6:.0f} µs, vote {vote_cpu * 1e6:.0f} µs (ratio {noop_cpu / vote_cpu:.2f})"
        )

        with sqlite3.connect(db) as check:
            stored = check.execute("SELECT count(*) FROM responses WHERE poll_id = ?", (poll_id,)).fetchone()[0]
        figures["acknowledged votes in the database"] = (
            f"{stored:,} of {acknowledged:,}: " + ("exact" if stored == acknowledged else "MISMATCH")
        )
    finally:
        await asyncio.gather(*(p.close() for p in phones))

    # 4. SSE fan-out to many phones at once
    tokens = [token for _, token in attendees][: args.sse_phones]
    listeners = [
        aiohttp.ClientSession(connector=connector(n), timeout=aiohttp.ClientTimeout(total=120),
                              cookies={cookie_name: token})
        for n, token in enumerate(tokens)
    ]
    connected = 0
    all_connected = asyncio.Event()
    arrivals: list[float] = []

    async def listen(listener: aiohttp.ClientSession) -> None:
        nonlocal connected
        async with listener.get(f"{api}/events") as response:
            assert response.status == 200, await response.text()
            connected += 1
            if connected == len(listeners):
                all_connected.set()
            async for line in response.content:
                if line.startswith(b"data: ") and b'"revealed":true' in line:
                    arrivals.append(time.perf_counter())
                    return

    try:
        tasks = [asyncio.create_task(listen(listener)) for listener in listeners]
        await asyncio.wait_for(all_connected.wait(), timeout=60)
        await asyncio.sleep(1.0)  # every stream has had its first state
        figures["phones connected at once"] = f"{connected:,}"
        revealed_at = time.perf_counter()
        async with trainer.post(f"{remote}/reveal", json={}) as response:
            assert response.status == 200
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        spread = sorted(t - revealed_at for t in arrivals)
        figures["reveal to all phones"] = (
            f"{spread[-1] * 1000:.0f} ms (median phone {statistics.median(spread) * 1000:.0f} ms, "
            f"{len(spread):,} phones)"
        )
    finally:
        await asyncio.gather(*(listener.close() for listener in listeners))
        await trainer.close()

    # 5. the server's peak memory
    status = Path(f"/proc/{server_pid}/status").read_text()
    peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    figures["server peak memory"] = f"{peak_kb / 1024:.0f} MiB"

    print_figures(figures, TARGETS)
    return 0 if "MISMATCH" not in figures["acknowledged votes in the database"] else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=200, help="concurrent phones for GETs and votes")
    parser.add_argument("--attendees-per-phone", type=int, default=200)
    parser.add_argument("--sse-phones", type=int, default=1000, help="phones connected for the reveal")
    run_phones(main(parser.parse_args()))
