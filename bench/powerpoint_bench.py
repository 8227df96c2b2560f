"""A PowerPoint deck's speed: converted once by LibreOffice, then opened from the cache.

    .venv/bin/python bench/powerpoint_bench.py [--runs 3] [--slides 40]

Prints, for a deck made with python-pptx (titles, bullets and notes; a photo-sized picture
of 1600 x 1000 pixels and a shape on every third slide; one slide in ten hidden):
  - the conversion: reading it and converting it with LibreOffice into an empty cache,
    as the first opening of a deck does (median of runs, each into a new cache folder;
    LibreOffice starts anew each time, with a profile of its own);
  - the opening from the cache, as every later opening and a reload of the unchanged
    file do: the file read and hashed, its slides and notes read (median of 20);
  - the same in a fresh process, python-pptx's import counted (median of 5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import print_figures  # bench/, first on the path when a benchmark runs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {
    "opened from the cache": "like a PDF: the first slide on the projector <= 1.5 s",
}
OPENINGS = 20
FRESH_OPENINGS = 5
_OPEN_IN_A_FRESH_PROCESS = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "started = time.perf_counter()\n"
    "from facilitator.core.powerpoint import read_powerpoint\n"
    "read_powerpoint(Path(sys.argv[1]), Path(sys.argv[2]), find_converter=lambda: None)\n"
    "print(time.perf_counter() - started)\n"
)


def make_deck(path: Path, slides: int) -> Path:
    from tests.deck_files import make_pptx

    return make_pptx(
        path, [f"Part {number}: what we post, and why" for number in range(1, slides + 1)],
        bullets={number: [f"Point {point} of slide {number}" for point in range(1, 5)]
                 for number in range(1, slides + 1)},
        pictures=set(range(1, slides + 1, 3)), picture_size=(1600, 1000),
        hidden=set(range(10, slides + 1, 10)),
        notes={number: f"Say this on slide {number}.\nminutes: 1" for number in range(1, slides + 1)},
        title="A deck for the benchmark",
    )


def powerpoint(args: argparse.Namespace) -> dict[str, str]:
    from facilitator.core.powerpoint import read_powerpoint

    with tempfile.TemporaryDirectory() as folder:
        deck_file = make_deck(Path(folder) / "deck.pptx", args.slides)
        conversions = []
        for run in range(args.runs):
            started = time.perf_counter()
            deck = read_powerpoint(deck_file, Path(folder) / f"cache-{run}")
            conversions.append(time.perf_counter() - started)
        cache = deck.page_file.parent
        openings = []
        for _ in range(OPENINGS):
            started = time.perf_counter()
            read_powerpoint(deck_file, cache, find_converter=lambda: None)
            openings.append(time.perf_counter() - started)
        fresh = [
            float(subprocess.run([sys.executable, "-c", _OPEN_IN_A_FRESH_PROCESS, str(deck_file), str(cache)],
                                 capture_output=True, text=True, check=True, cwd=ROOT).stdout)
            for _ in range(FRESH_OPENINGS)
        ]
        size = deck_file.stat().st_size / 1e6
        pdf_size = deck.page_file.stat().st_size / 1e6
    return {
        "converted by LibreOffice": f"{statistics.median(conversions):.1f} s (median of {args.runs}; "
                                    f"{min(conversions):.1f} to {max(conversions):.1f} s; "
                                    f"{len(deck.slides)} visible of {args.slides} slides, "
                                    f"{size:.1f} MB file, {pdf_size:.1f} MB PDF)",
        "opened from the cache": f"{statistics.median(openings) * 1000:.0f} ms (median of {OPENINGS})",
        "opened from the cache, fresh process": f"{statistics.median(fresh) * 1000:.0f} ms "
                                                f"(median of {FRESH_OPENINGS}, imports counted)",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slides", type=int, default=40)
    args = parser.parse_args()
    print_figures(powerpoint(args), TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
