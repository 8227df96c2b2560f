"""What the commands share about their own process: settings applied once at start, stop
signals, and printing to a terminal that may be gone or that writes Chinese and Japanese
two columns wide."""

from __future__ import annotations

import gc
import os
import re
import signal
import sys
import unicodedata
from contextlib import contextmanager, suppress
from typing import Callable, Iterator, TextIO

# A full room keeps tens of thousands of small records alive (attendees, answers) and the
# default collector (a young-generation pass every 700 allocations) keeps walking them:
# measured with 200 phones voting, it cost ~40 µs of each vote's ~170 µs of server CPU
# and doubled the p99 latency. Our objects seldom form cycles, so collect rarely.
YOUNG_GENERATION_THRESHOLD = 100_000


def tune_garbage_collector() -> None:
    """Freeze what start-up made (imports, the deck) and collect young objects rarely."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)


def stop_signals() -> list[signal.Signals]:
    """The signals that ask for a stop: Ctrl-C, a service manager's or `kill`'s SIGTERM,
    a closed terminal's SIGHUP. Windows has no SIGHUP; its Ctrl-Break is SIGBREAK."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


@contextmanager
def stopping_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Within: each stop signal calls `stop` (on the main thread) instead of ending the
    process mid-write, so the caller shuts down in order. The earlier handlers come back
    on the way out. Only the main thread may do this."""
    previous = {number: signal.signal(number, lambda *_: stop()) for number in stop_signals()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def say(line: str, *, to: TextIO | None = None) -> None:
    """Print a line to the terminal, unless it is gone: closing it sends the SIGHUP that
    stops the process in order, and the stop goes on in silence. What the terminal did
    not take goes to the null device, so no later write, nor the flush at exit, fails
    the stop."""
    stream = to or sys.stdout
    try:
        print(line, file=stream, flush=True)
    except OSError:
        with suppress(OSError, ValueError):  # ValueError: a stream with no file descriptor
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
            stream.flush()


# Marks that close what comes before them (a line does not start with one) and marks that
# open what comes after (a line does not end with one), in Chinese and Japanese text.
_CLOSING = set("、。，．・：；？！）」』】〕〉》’”ー…")
_OPENING = set("（「『【〔〈《‘“")


def columns(text: str) -> int:
    """How many terminal columns a text takes: a Chinese or Japanese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _breakable_units(text: str) -> list[str]:
    """The pieces a line may break between: words, single spaces, and each Chinese or
    Japanese character (written without spaces) with the marks that stay with it."""
    units = []
    for piece in re.findall(r"\s+|\S+", text):
        if piece.isspace():
            units.append(" ")
            continue
        unit = ""
        for char in piece:
            beside_wide = columns(char) == 2 or (unit and columns(unit[-1]) == 2)
            if unit and beside_wide and char not in _CLOSING and unit[-1] not in _OPENING:
                units.append(unit)
                unit = ""
            unit += char
        units.append(unit)
    return units


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most `width` terminal columns, broken at spaces and between
    the characters of Chinese or Japanese; a word wider than a line (a path) keeps whole."""
    lines, line = [], ""
    for unit in _breakable_units(text):
        if unit == " ":
            line += " " if line and not line.endswith(" ") else ""
        elif line.strip() and columns(line + unit) > width:
            lines.append(line.rstrip())
            line = unit
        else:
            line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines
