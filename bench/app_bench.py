"""The window's speed: start-up, slide changes, and staying responsive under votes.

    .venv/bin/python bench/app_bench.py [--runs 5] [--changes 200]

Prints, against the targets:
  1. cold start, from launching the process to the presenter window painted
     (`facilitator present` with the shipped workshop, a fresh database; median of runs);
  2. slide change to the projector view painted, p50 and p95;
  3. the longest event-loop stall while 500 votes arrive in one second over HTTP from
     another process (phones on loopback) with the poll's results on screen.
Qt runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise (e.g. xcb
under Xvfb).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from figures import print_figures  # bench/, first on the path when a benchmark runs

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "slides" / "social-media-everyones-job.md"
TARGETS = {"cold start": "<= 1.5 s", "slide change p95": "<= 50 ms", "longest stall": "<= 100 ms"}

COLD_START = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from facilitator import app as facilitator_app

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", time.time(), flush=True)
            QApplication.instance().exit(0)
        return False

original = facilitator_app.RunningSession.show
def show(self):
    self.presenter.installEventFilter(watcher)
    original(self)
facilitator_app.RunningSession.show = show
watcher = FirstPaint()
sys.exit(facilitator_app.main(sys.argv[1], host="127.0.0.1", port=0, deck=sys.argv[2]))
"""

PHONES = """
import asyncio, sys, time
import aiohttp

def phone(n):
    # Each phone from a loopback address of its own, as phones in a room have.
    address = f"127.2.{n // 250}.{n % 250 + 1}"
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))

async def main(base, code, poll, count, seconds):
    cookie = "facilitator_" + code
    phones = [phone(n) for n in range(count)]
    tokens = []
    for n, http in enumerate(phones):
        async with http.post(f"{base}/api/{code}/join", json={"name": f"Phone {n}"}) as r:
            assert r.status == 201, await r.text()
            tokens.append(r.cookies[cookie].value)
    print("joined", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    async def vote(n, http, token):
        await asyncio.sleep(started + n * seconds / count - time.perf_counter())
        async with http.post(f"{base}/api/{code}/answer", json={"poll": poll, "answer": n % 3},
                             headers={"Cookie": f"{cookie}={token}"}) as r:
            assert r.status == 200, await r.text()
    await asyncio.gather(*(vote(n, http, t) for n, (http, t) in enumerate(zip(phones, tokens))))
    print("voted", time.perf_counter() - started, flush=True)
    await asyncio.gather(*(http.close() for http in phones))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])))
"""


def cold_starts(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            started = time.time()
            child = subprocess.run(
                [sys.executable, "-c", COLD_START, str(Path(folder) / "cold.db"), str(DECK)],
                capture_output=True, text=True, cwd=ROOT, timeout=120,
            )
            line = next(l for l in child.stdout.splitlines() if l.startswith("painted"))
            times.append(float(line.split()[1]) - started)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def in_process(changes: int) -> dict[str, str]:
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from facilitator.app import FacilitatorApp
    from facilitator.core.store import Store
    from facilitator.process import tune_garbage_collector

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="facilitator-app-bench-")
    facilitator = FacilitatorApp(Store.open(Path(folder) / "bench.db"), host="127.0.0.1", port=0)
    running = facilitator.start(DECK)
    tune_garbage_collector()
    session, controller = running.session, running.controller
    for _ in range(20):
        app.processEvents()

    # 2. slide change -> projector painted
    painted = threading.Event()

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.set()
            return False

    watch = PaintWatch()
    running.audience.view.installEventFilter(watch)
    count = len(session.workshop.deck.slides)
    durations = []
    for n in range(changes):
        painted.clear()
        clock = QElapsedTimer()
        clock.start()
        controller.go_to(n % count + 1 if n % count + 1 != session.current_slide + 1 else (n + 1) % count + 1)
        while not painted.is_set():
            app.processEvents()
        durations.append(clock.nsecsElapsed() / 1e6)
    figures = {
        "slide change p95": f"{percentile(durations, 0.95):.1f} ms "
                            f"(p50 {statistics.median(durations):.1f} ms, {changes} changes)",
    }

    # 3. 500 votes in one second, results on screen
    poll_slide = next(
        s.index for s in session.workshop.deck.slides
        if s.exercise_id and session.workshop.exercises[s.exercise_id].kind.value == "single_choice"
    )
    session.go_to_slide(poll_slide)
    poll = session.open_poll_for()
    session.reveal_results(poll.id)
    phones = subprocess.Popen(
        [sys.executable, "-c", PHONES, running.server.base_url, session.code, str(poll.id), "500", "1.0"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    waiting = phones.stdout.readline()
    assert waiting.strip() == "joined", waiting
    for _ in range(50):
        app.processEvents()
    gaps = []
    last = [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    phones.stdin.write("go\n")
    phones.stdin.flush()
    done = []
    reader = threading.Thread(target=lambda: done.append(phones.stdout.readline()))
    reader.start()
    deadline = time.perf_counter() + 30
    while reader.is_alive() and time.perf_counter() < deadline:
        app.processEvents()
    settle = time.perf_counter() + 0.5
    while time.perf_counter() < settle:
        app.processEvents()
    heartbeat.stop()
    phones.wait(timeout=30)
    answered = session.response_count(poll.id)
    shown = running.audience.view.scene.poll.tally.respondents
    stall = (max(gaps) - 0.005) * 1000
    if not done or not done[0].startswith("voted"):
        raise SystemExit(f"the phones failed: {phones.stderr.read() if phones.stderr else ''}")
    figures["longest stall"] = (
        f"{stall:.0f} ms (p99 gap {percentile(gaps, 0.99) * 1000:.1f} ms; {answered} votes in "
        f"{float(done[0].split()[1]):.2f} s; projector shows {shown})"
    )
    facilitator.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    starts = cold_starts(args.runs)
    figures = {
        "cold start": f"{statistics.median(starts):.2f} s (median of {args.runs}; "
                      f"{min(starts):.2f} to {max(starts):.2f} s)",
        **in_process(args.changes),
    }
    print_figures(figures, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
