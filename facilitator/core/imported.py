"""Decks made in other tools (a PDF, a PowerPoint file), as their readers find them.

Each reader turns its file into a `SourceDeck`: the pages to draw and, per slide, the
title and the notes its author wrote. What Facilitator adds to them (planned minutes,
the exercise a slide runs, its layout) is read from those notes and from a companion
file beside the deck, the same way for every source, so a reader only reads its format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceSlide:
    """One slide as the trainer's own tool numbers and shows it."""

    number: int  # 1-based: PowerPoint's slide number, a PDF's frame (its page label)
    pages: tuple[int, ...]  # 0-based pages of `SourceDeck.page_file`, shown in turn
    title: str  # "" when the file gives none
    notes: str  # the speaker notes as written, setting lines still in them


@dataclass(frozen=True)
class SourceDeck:
    """An imported file, read: what to draw and what its author wrote beside it."""

    path: Path  # the file the trainer opened
    page_file: Path  # the PDF whose pages are drawn (the file itself, or its conversion)
    title: str  # from the file's metadata; "" when it has none
    slides: tuple[SourceSlide, ...]  # hidden slides already left out
    duration: float | None = None  # minutes, when the file says (a pdfpc file does)
