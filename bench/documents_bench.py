"""The documents' speed: certificates and the handout.

    .venv/bin/python bench/documents_bench.py [--runs 5]

Prints, against the targets (a 2-core machine):
  - 500 certificates with their QR codes into one PDF: names from every script the
    fonts cover, issued and recorded in a store, signed, drawn and written (median of
    runs; the first print issues, the timed ones are reprints, as the same work minus
    new rows). Also the drawing alone, and one certificate as a phone downloads it.
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

from figures import print_figures  # bench/, first on the path when a benchmark runs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {
    "500 certificates with QR, one PDF": "<= 3 s",
    "handout, 300 ideas": "<= 1 s",
    "handout, 300 ideas, fresh process": "<= 1 s",
}

HANDOUT_IDEAS = 300
CERTIFICATES = 500


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


def certificates(args: argparse.Namespace) -> dict[str, str]:
    import datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from facilitator.core.store import Store
    from facilitator.documents import fonts
    from facilitator.documents.certificates import (
        Person, WorkshopFacts, certificates_pdf, print_certificates, write_certificates,
    )
    from tests.documents.simulate import NAMES

    fonts.register_fonts()
    facts = WorkshopFacts(
        title="Social media at work: risks and opportunities", date=datetime.date(2026, 3, 12),
        duration_minutes=90, facilitator="Jane Trainer", organisation="ACME Training Ltd",
    )
    people = [
        Person(f"{NAMES[n % len(NAMES)]} {n // len(NAMES) + 1}", f"bench:{n}")
        for n in range(CERTIFICATES)
    ]
    key = Ed25519PrivateKey.generate()
    store = Store.in_memory()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificates.pdf"
        started = time.perf_counter()
        first = print_certificates(store, facts, people, path, key=key, now=0)
        issuing = time.perf_counter() - started
        times, drawing = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            print_certificates(store, facts, people, path, key=key, now=0)
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_certificates(first.certificates, facts, path)
            drawing.append(time.perf_counter() - started)
        pages, size = _pages(path), path.stat().st_size
        one = []
        for certificate in first.certificates[:20]:
            started = time.perf_counter()
            certificates_pdf([certificate], facts)
            one.append(time.perf_counter() - started)
    store.close()
    return {
        "500 certificates with QR, one PDF": f"{statistics.median(times):.2f} s (median of "
                                             f"{args.runs}; {min(times):.2f} to {max(times):.2f} s;"
                                             f" first print {issuing:.2f} s; {pages} pages,"
                                             f" {size / 1e6:.1f} MB)",
        "500 certificates, drawing only": f"{statistics.median(drawing):.2f} s (median of {args.runs})",
        "one certificate, phone download": f"{statistics.median(one) * 1000:.0f} ms (median of 20)",
    }


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


BENCHMARKS: list[Callable[[argparse.Namespace], dict[str, str]]] = [certificates, handout]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, str] = {}
    for benchmark in BENCHMARKS:
        figures.update(benchmark(args))
    print_figures(figures, TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
