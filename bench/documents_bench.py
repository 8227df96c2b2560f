"""The documents' speed: certificates and the handout.

    .venv/bin/python bench/documents_bench.py [--runs 5]

Prints, against the targets (a 2-core machine):
  - the handout of a session with 300 ideas (the shipped workshop, 30 attendees, every
    poll answered): reading the session and writing the PDF, fonts already registered
    (median of runs), and the same in a fresh process as the app's PDF worker runs it
    (Python start-up not counted; imports and font registration counted).

Each benchmark is a function taking the parsed arguments and returning {name: figure};
add one to BENCHMARKS (and its target to TARGETS) to have it printed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {
    "handout, 300 ideas": "<= 1 s",
    "handout, 300 ideas, fresh process": "<= 1 s",
}

HANDOUT_IDEAS = 300


def _session_with_ideas(ideas: int):
    from facilitator.core.paths import SHIPPED_DECK
    from facilitator.core.store import Store
    from facilitator.core.workshop import load_workshop
    from tests.documents.simulate import run_session

    return run_session(Store.in_memory(), load_workshop(SHIPPED_DECK), attendees=30, ideas=ideas)


def _render_fresh(content, path: str) -> float:
    """In a new process: import, register the fonts and render, as the PDF worker does."""
    started = time.perf_counter()
    from facilitator.documents.handout import render_handout

    render_handout(content, path)
    return time.perf_counter() - started


def handout(args: argparse.Namespace) -> dict[str, str]:
    from facilitator.documents import fonts
    from facilitator.documents.handout import handout_content, write_handout

    session = _session_with_ideas(HANDOUT_IDEAS)
    fonts.register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "handout.pdf"
        write_handout(session, path)  # warm-up: first use of each font face
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            write_handout(session, path)
            times.append(time.perf_counter() - started)
        pages = _pages(path)

        content = handout_content(session)
        fresh = []
        context = multiprocessing.get_context("spawn")
        for _ in range(max(1, args.runs // 2)):
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                fresh.append(pool.submit(_render_fresh, content, str(path)).result())
    return {
        "handout, 300 ideas": f"{statistics.median(times):.2f} s (median of {args.runs}; "
                              f"{min(times):.2f} to {max(times):.2f} s; {pages} pages)",
        "handout, 300 ideas, fresh process": f"{statistics.median(fresh):.2f} s "
                                             f"(median of {len(fresh)})",
    }


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


BENCHMARKS: list[Callable[[argparse.Namespace], dict[str, str]]] = [handout]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, str] = {}
    for benchmark in BENCHMARKS:
        figures.update(benchmark(args))
    width = max(map(len, figures))
    for name, value in figures.items():
        target = f"   (target {TARGETS[name]})" if name in TARGETS else ""
        print(f"{name:<{width}}  {value}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
