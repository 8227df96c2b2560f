"""Which reader opens a deck file: Markdown, PDF or PowerPoint, by the file's suffix."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .deck import Deck, parse_deck
from .errors import FormatError, Problem
from .imported import companion_path_for, deck_from_source
from .paths import conversions_folder
from .pdfpc import pdfpc_path_for
from .translation import Message


def _read_pdf_deck(path: Path) -> Deck:
    # pypdf takes a quarter of a second to import: only for PDF decks, not at every start.
    from .pdf_deck import read_pdf

    return deck_from_source(read_pdf(path))


def _read_powerpoint_deck(path: Path) -> Deck:
    # python-pptx is imported only when a PowerPoint deck is opened.
    from .powerpoint import read_powerpoint

    return deck_from_source(read_powerpoint(path, conversions_folder()))


DECK_READERS: dict[str, Callable[[Path], Deck]] = {
    ".md": parse_deck,
    ".pdf": _read_pdf_deck,
    ".pptx": _read_powerpoint_deck,
}
DECK_SUFFIXES = tuple(DECK_READERS)


def read_deck(path: Path) -> Deck:
    """Read a deck of any kind Facilitator takes (`DECK_SUFFIXES`), by its file's suffix.

    Raises FormatError with every problem found, each with its line or slide.
    """
    path = Path(path)
    reader = DECK_READERS.get(path.suffix.lower())
    if reader is None:
        what = path.suffix or Message("a file without a suffix")
        raise FormatError([Problem(path, 1, Message(
            "Facilitator opens a deck in Markdown (.md), PDF (.pdf) or PowerPoint (.pptx), not {what}", what=what,
        ))])
    return reader(path)


def files_read_for(deck: Deck) -> list[Path]:
    """The files a deck was read from, for a watcher to reload it when one changes: the
    deck itself, and for an imported deck its pdfpc file and companion file (present
    or not: a trainer may add one during the session)."""
    if deck.page_file is None:
        return [deck.path]
    beside = [pdfpc_path_for(deck.path)] if deck.page_file == deck.path else []
    return [deck.path, *beside, companion_path_for(deck.path)]
