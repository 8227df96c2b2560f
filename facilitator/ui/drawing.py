"""Plain text drawn with QPainter: fonts by canvas size, wrapping, fitting and eliding.

Everything here paints on the slide's logical canvas (1920 x 1080 units; `render.py`
sets up the transform), so sizes are in canvas units.

Attendee text (words, ideas, questions, names) is data, never markup: it only ever goes
through `wrap()` (QTextLayout, plain text) and `QPainter.drawText(QPointF, str)`, which
draws the characters as they are. Nothing in this module touches QTextDocument, rich-text
labels or QStaticText.
"""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption


# -- fonts and colours ---------------------------------------------------------------


@lru_cache(maxsize=256)
def font(px: int, bold: bool = False, mono: bool = False) -> QFont:
    """A font `px` canvas units tall. The family is the application's default sans (or
    the system monospace), so Qt's font fallback finds glyphs for any script.

    The cached QFont is shared: copy it before changing it.
    """
    f = QFont()
    if mono:
        f.setFamily("monospace")
        f.setStyleHint(QFont.StyleHint.Monospace)
        f.setFixedPitch(True)
    f.setPixelSize(max(1, int(round(px))))
    f.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    # Unhinted metrics scale linearly, so a layout made on the canvas holds at any size.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


@lru_cache(maxsize=256)
def metrics(px: int, bold: bool = False, mono: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(px, bold, mono))


@lru_cache(maxsize=64)
def qcolor(name: str) -> QColor:
    return QColor(name)


# -- what was drawn: elisions and sizes ------------------------------------------------


@dataclass(frozen=True)
class Elision:
    """A text that was drawn cut: elided with "…" or lines of it left out."""

    text: str  # the whole text that did not fit
    where: str  # what it is on the slide, e.g. "body", "option", "idea"


@dataclass(frozen=True)
class DrawnText:
    """A text drawn on the canvas and the size it was drawn at."""

    text: str
    px: float  # canvas units: px / 1080 is its share of the screen height
    where: str


@dataclass
class TextRecord:
    """What was drawn while `recording_elisions()` was active."""

    elisions: list[Elision] = field(default_factory=list)
    texts: list[DrawnText] = field(default_factory=list)

    def smallest(self) -> DrawnText | None:
        return min(self.texts, key=lambda drawn: drawn.px, default=None)


_RECORD: ContextVar[TextRecord | None] = ContextVar("drawing_record", default=None)
_PLACE: ContextVar[str] = ContextVar("drawing_place", default="")


@contextmanager
def recording_elisions() -> Iterator[TextRecord]:
    """Collect every text drawn cut (and the size of every text drawn) while active.

    Texts are recorded when they are drawn, not when they are laid out: a layout that
    `fit` tried and set aside is no elision, and one served from a cache still counts.
    Nothing is recorded when no recording is active.
    """
    record = TextRecord()
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


@contextmanager
def placing(place: str) -> Iterator[None]:
    """Name the part of the slide being drawn (e.g. "results"): every text recorded
    meanwhile has its `where` start with it."""
    token = _PLACE.set(_where(place))
    try:
        yield
    finally:
        _PLACE.reset(token)


def _where(where: str | None) -> str:
    return " ".join(part for part in (_PLACE.get(), where) if part) or "text"


def record_drawn(text: str, px: float, where: str | None, *, cut: bool) -> None:
    """Note a text that was drawn (for the renderer's own Markdown as for plain text)."""
    record = _RECORD.get()
    if record is None:
        return
    drawn = DrawnText(text, px, _where(where))
    record.texts.append(drawn)
    if cut:
        record.elisions.append(Elision(text, drawn.where))


def record_left_out(texts: Sequence[str], where: str | None) -> None:
    """Note texts that had no room at all and were not drawn (items past a list's end)."""
    record = _RECORD.get()
    if record is not None:
        record.elisions.extend(Elision(text, _where(where)) for text in texts)


# -- plain text ----------------------------------------------------------------------


@dataclass(frozen=True)
class TextBlock:
    """Plain text wrapped into lines that fit a width, ready to draw."""

    px: int
    bold: bool
    mono: bool
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    line_height: float
    ascent: float
    elided: bool  # some of the text did not fit and ends in "…"
    rtl: bool  # reads right to left (Arabic, Hebrew): wrapped lines align right
    text: str  # the whole text, as laid out (white space folded)

    @property
    def font(self) -> QFont:
        return font(self.px, self.bold, self.mono)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)


def clean(text: object) -> str:
    """One line of text: runs of white space (new lines included) fold to one space."""
    return " ".join(str(text).split())


def _is_rtl(text: str) -> bool:
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def line_height(px: int, bold: bool = False, mono: bool = False) -> float:
    return metrics(px, bold, mono).lineSpacing()


@lru_cache(maxsize=4096)
def wrap(
    text: str, px: int, width: float, max_lines: int = 1, bold: bool = False,
    mono: bool = False,
) -> TextBlock:
    """`text` as plain text wrapped to `width`, at most `max_lines` lines; the last line
    is elided when the text is longer. A word longer than the width breaks anywhere."""
    text = clean(text)
    fm = metrics(px, bold, mono)
    max_lines = max(1, max_lines)
    lines: list[str] = []
    elided = False
    if text:
        layout = QTextLayout(text, font(px, bold, mono))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        spans: list[tuple[int, int]] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            spans.append((line.textStart(), line.textLength()))
        layout.endLayout()
        # QTextLayout counts UTF-16 code units; Python strings count code points.
        units = text.encode("utf-16-le")
        for number, (start, length) in enumerate(spans):
            if number == max_lines - 1 and len(spans) > max_lines:
                rest = units[2 * start:].decode("utf-16-le", errors="replace")
                lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                elided = True
                break
            piece = units[2 * start:2 * (start + length)].decode("utf-16-le", errors="replace")
            lines.append(piece.strip())
    widths = tuple(fm.horizontalAdvance(line) for line in lines)
    # elidedText can return "" when even "…" is too wide; the text still did not fit.
    return TextBlock(
        px, bold, mono, tuple(lines), widths, fm.lineSpacing(), fm.ascent(),
        elided or any(w > width + 0.5 for w in widths), _is_rtl(text), text,
    )


def sizes(largest: int, smallest: int, step: int = 2) -> tuple[int, ...]:
    """Font sizes to try, largest first."""
    found = list(range(largest, smallest, -step))
    return tuple(found + [smallest])


def fit(
    text: str, width: float, height: float, px_options: Sequence[int], *,
    max_lines: int = 99, bold: bool = False, mono: bool = False,
) -> TextBlock:
    """The largest size at which `text` fits `width` x `height` whole; failing that,
    the smallest size, elided to the lines that fit."""
    block = None
    for px in px_options:
        lines = min(max_lines, int(height // line_height(px, bold, mono)))
        if lines < 1:
            continue
        block = wrap(text, px, width, lines, bold, mono)
        if not block.elided:
            return block
    if block is None:
        block = wrap(text, px_options[-1], width, 1, bold, mono)
    return block


def fit_all(
    texts: Sequence[str], width: float, height: float, px_options: Sequence[int], *,
    max_lines: int = 99, bold: bool = False,
) -> list[TextBlock]:
    """Texts that share one size: the largest at which every one fits."""
    chosen = px_options[-1]
    for px in px_options:
        lines = min(max_lines, int(height // line_height(px, bold)))
        if lines >= 1 and not any(wrap(t, px, width, lines, bold).elided for t in texts):
            chosen = px
            break
    lines = max(1, min(max_lines, int(height // line_height(chosen, bold))))
    return [wrap(t, chosen, width, lines, bold) for t in texts]


def draw_block(
    painter: QPainter, block: TextBlock, x: float, y: float, width: float,
    color: QColor, align: str = "left", *, where: str | None = None,
) -> None:
    """Draw a wrapped block with its first line's top at `y`: plain text, line by line.
    `where` names the text in the elision record."""
    if not block.lines:
        return
    record_drawn(block.text, block.px, where, cut=block.elided)
    painter.setFont(block.font)
    painter.setPen(color)
    for number, (line, advance) in enumerate(zip(block.lines, block.widths)):
        if align == "center":
            left = x + (width - advance) / 2
        elif align == "right" or (align == "left" and block.rtl and len(block.lines) > 1):
            left = x + width - advance
        else:
            left = x
        painter.drawText(QPointF(left, y + number * block.line_height + block.ascent), line)


def draw_line(
    painter: QPainter, text: str, x: float, y: float, width: float, px: int,
    color: QColor, *, bold: bool = False, mono: bool = False, align: str = "left",
    where: str | None = None,
) -> TextBlock:
    """One line of plain text (elided to `width`) with its top at `y`."""
    block = wrap(text, px, width, 1, bold, mono)
    draw_block(painter, block, x, y, width, color, align, where=where)
    return block


def draw_centered_line(
    painter: QPainter, text: str, rect: QRectF, px: int, color: QColor, *,
    bold: bool = False, align: str = "center", where: str | None = None,
) -> TextBlock:
    """One line of plain text centred vertically in `rect` (on its capitals' height, so
    digits and capitals sit in the middle)."""
    block = wrap(text, px, rect.width(), 1, bold)
    baseline = rect.center().y() + metrics(block.px, bold).capHeight() / 2
    draw_block(painter, block, rect.left(), baseline - block.ascent, rect.width(), color, align,
               where=where)
    return block


def rounded(painter: QPainter, rect: QRectF, radius: float, color: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, radius, radius)
