"""A PDF deck on the projector: opening it, turning its pages, the memory its pages take.

    .venv/bin/python bench/pdf_deck_bench.py [--runs 5] [--turns 120]

Prints, against the targets:
  1. open: what the trainer waits for, from opening `talk.pdf` (a 60-page PDF of text and
     shapes drawn with ReportLab, a fresh database) in the running app (as the start
     screen's Open does: Qt and the app's modules loaded, the store open) to its first
     page painted sharp on the projector window at 1920 x 1080; and from launching
     `facilitator present talk.pdf` to that paint, beside the same for the shipped
     Markdown deck on the same run (the difference is what the PDF itself costs);
     medians of runs, each in a fresh process;
  2. the deck read by core (its slides, titles and notes), in this process (median of 7);
  3. page turn to the projector painted, p50 and p95: turning every half second as a
     trainer does (pages rendered ahead meanwhile), and back to back (as fast as the
     window goes: what a clicker held down does);
  4. the pages kept in memory afterwards, and their bytes.
Qt runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from figures import print_figures  # bench/, first on the path when a benchmark runs

ROOT = Path(__file__).resolve().parents[1]
PAGES = 60
PROJECTOR = (1920, 1080)
TRAINER_PACE_S = 0.5
READS = 7
MARKDOWN_DECK = ROOT / "slides" / "social-media-everyones-job.md"
TARGETS = {"opened in the app to first page": "<= 1.5 s", "page turn p95 (every 0.5 s)": "<= 50 ms"}

FIRST_PAGE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QApplication
from facilitator import app as facilitator_app

class FirstPagePainted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.sharp():
            print("painted", time.time(), flush=True)
            QApplication.instance().exit(0)
        return False

    def sharp(self):
        view, deck = running.audience.view, running.session.workshop.deck
        if deck.page_file is None:  # a Markdown deck: painted by Facilitator, sharp at once
            return True
        size = view.pages.fitted(deck.page_file, 0, QSize(view.width(), view.height()))
        return view.pages.image(deck.page_file, 0, size) is not None

running = None
starting = facilitator_app.FacilitatorApp.start
def start(self, deck):
    print("opening", time.time(), flush=True)  # the app is up: as the start screen's Open
    return starting(self, deck)
facilitator_app.FacilitatorApp.start = start
original = facilitator_app.RunningSession.show
def show(self):
    global running
    running = self
    self.audience.resize(*PROJECTOR)
    self.audience.view.installEventFilter(watcher)
    original(self)
facilitator_app.RunningSession.show = show
PROJECTOR = (int(sys.argv[3]), int(sys.argv[4]))
watcher = FirstPagePainted()
sys.exit(facilitator_app.main(sys.argv[1], host="127.0.0.1", port=0, deck=sys.argv[2]))
"""


def draw_deck(path: Path, pages: int = PAGES) -> Path:
    """A 16:9 deck whose pages cost something to render: a heading, a dozen lines of
    text and forty translucent discs each."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    width, height = 720, 405
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    shapes = random.Random(1)
    for page in range(pages):
        pdf.setFont("Helvetica-Bold", 30)
        pdf.drawString(40, height - 60, f"Part {page // 6 + 1}: page {page + 1}")
        pdf.setFont("Helvetica", 14)
        for line in range(12):
            pdf.drawString(50, height - 100 - line * 20,
                           f"Point {line + 1}: what a trainer says about it, in a sentence or two")
        for _ in range(40):
            pdf.setFillColor(Color(shapes.random(), shapes.random(), shapes.random(), alpha=0.5))
            pdf.circle(shapes.random() * width, shapes.random() * height, 5 + shapes.random() * 40,
                       fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass(frozen=True)
class Opening:
    """One opening, in seconds: from the command, and from the running app's Open."""

    from_command: float
    from_open: float


def open_once(deck: Path) -> Opening:
    with tempfile.TemporaryDirectory() as folder:
        started = time.time()
        child = subprocess.run(
            [sys.executable, "-c", FIRST_PAGE, str(Path(folder) / "open.db"), str(deck), *map(str, PROJECTOR)],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )
    times = dict(line.split() for line in child.stdout.splitlines() if line.startswith(("opening", "painted")))
    if "painted" not in times:
        raise SystemExit(f"the first page was never painted:\n{child.stderr}")
    painted = float(times["painted"])
    return Opening(from_command=painted - started, from_open=painted - float(times["opening"]))


def median_of(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f} to {max(values):.2f} s)"


def opening_figures(deck: Path, runs: int) -> dict[str, str]:
    pdf, markdown = [], []
    for _ in range(runs):  # in turn, so that both meet the same load on the machine
        pdf.append(open_once(deck))
        markdown.append(open_once(MARKDOWN_DECK))
    from_command = statistics.median(o.from_command for o in pdf)
    markdown_from_command = statistics.median(o.from_command for o in markdown)
    return {
        "opened in the app to first page": (
            f"{median_of([o.from_open for o in pdf])}, median of {runs}; the shipped Markdown deck "
            f"{median_of([o.from_open for o in markdown])}"),
        "from the command to first page": (
            f"{median_of([o.from_command for o in pdf])}; the shipped Markdown deck "
            f"{median_of([o.from_command for o in markdown])}: the PDF's own "
            f"{from_command - markdown_from_command:+.2f} s"),
        "of which the app's start (before Open)": (
            f"{statistics.median(o.from_command - o.from_open for o in pdf):.2f} s with the PDF, "
            f"{statistics.median(o.from_command - o.from_open for o in markdown):.2f} s with Markdown"),
    }


def reading(deck: Path) -> dict[str, str]:
    from facilitator.core.readers import read_deck

    times = []
    for _ in range(READS):
        started = time.perf_counter()
        read_deck(deck)
        times.append(time.perf_counter() - started)
    return {"read by core": f"{statistics.median(times) * 1000:.0f} ms (median of {READS}; "
                            f"{min(times) * 1000:.0f} to {max(times) * 1000:.0f} ms)"}


def turning(deck: Path, turns: int) -> dict[str, str]:
    from PySide6.QtCore import QEvent, QObject, QSize
    from PySide6.QtWidgets import QApplication

    from facilitator.app import FacilitatorApp
    from facilitator.core.store import Store

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="facilitator-pdf-bench-")
    facilitator = FacilitatorApp(Store.open(Path(folder) / "bench.db"), host="127.0.0.1", port=0)
    running = facilitator.start(deck)
    running.audience.resize(*PROJECTOR)
    session, controller, view = running.session, running.controller, running.audience.view
    page_file = session.workshop.deck.page_file

    painted = threading.Event()
    sharp = []

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                page = view.scene.shown_page
                size = view.pages.fitted(page_file, page, QSize(view.width(), view.height()))
                sharp.append(view.pages.image(page_file, page, size) is not None)
                painted.set()
            return False

    def settle(seconds: float) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            app.processEvents()

    watch = PaintWatch()
    view.installEventFilter(watch)
    settle(1.0)

    def turn_pages(pause: float) -> tuple[list[float], int]:
        controller.first()
        settle(max(pause, 0.2))
        durations, ready = [], 0
        for n in range(turns):
            forward = (n // (PAGES - 1)) % 2 == 0  # to the end, then back again
            painted.clear()
            sharp.clear()
            started = time.perf_counter()
            controller.next() if forward else controller.previous()
            while not painted.is_set():
                app.processEvents()
            durations.append((time.perf_counter() - started) * 1000)
            ready += sharp[0]
            settle(pause)
        return durations, ready

    figures = {}
    for name, pause in (("every 0.5 s", TRAINER_PACE_S), ("back to back", 0.0)):
        durations, ready = turn_pages(pause)
        figures[f"page turn p95 ({name})"] = (
            f"{percentile(durations, 0.95):.1f} ms (p50 {statistics.median(durations):.1f} ms; "
            f"{ready} of {turns} pages ready when painted)")
    pages = view.pages
    figures["pages kept"] = (
        f"{pages.cached} images, {pages.cached_bytes / 2**20:.0f} MiB "
        f"(at most {pages.per_size} per size, {pages.sizes_kept} sizes)")
    facilitator.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--turns", type=int, default=120)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        deck = draw_deck(Path(folder) / "talk.pdf")
        figures = {**opening_figures(deck, args.runs), **reading(deck), **turning(deck, args.turns)}
    print_figures(figures, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
