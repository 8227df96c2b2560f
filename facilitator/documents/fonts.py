"""The shipped fonts, and text split into runs that each one font can draw.

ReportLab has no font fallback: a character missing from the current font prints as an
empty box. So every piece of attendee text is cut into runs, each run set in the first
shipped font that covers its characters:

| family | file | covers | license |
| --- | --- | --- | --- |
| `Facilitator` / `Facilitator-Bold` | Noto Sans | Latin, Greek, Cyrillic | OFL 1.1 |
| `Facilitator-Arabic` (+ `-Bold`) | Noto Sans Arabic | Arabic, Persian, Urdu | OFL 1.1 |
| `Facilitator-Hebrew` (+ `-Bold`) | Noto Sans Hebrew | Hebrew | OFL 1.1 |
| `Facilitator-CJK` (+ `-Bold`) | WenQuanYi Micro Hei (TrueType outlines) | Chinese, Japanese kana, Korean Hangul | Apache 2.0 |

The CJK font has no bold face: its bold name is the same outlines.

ReportLab does not shape nor reorder either, so right-to-left text is prepared here:
Arabic letters are replaced by their joined presentation forms (arabic-reshaper) and the
whole line is put in visual order (python-bidi), so that drawing the runs left to right
shows it right. A paragraph that wraps over several lines is reordered as one line before
wrapping; for the short texts the documents print (a name, an idea) that is the usual
compromise. Arabic vowel marks (harakat) are left out, as the reshaper does by default:
ReportLab cannot position marks, so they would land beside their letters, and names are
usually written without them. Hebrew points are kept; they sit well enough unpositioned.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from facilitator.core.paths import FONTS_DIR

REGULAR = "Facilitator"
BOLD = "Facilitator-Bold"


@dataclass(frozen=True)
class _Family:
    regular: str
    bold: str
    regular_file: str
    bold_file: str
    subfont: int = 0  # the face inside a .ttc collection


# In the order a character looks for a font: the first that has it wins.
_FAMILIES = (
    _Family(REGULAR, BOLD, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    _Family("Facilitator-Arabic", "Facilitator-Arabic-Bold",
            "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    _Family("Facilitator-Hebrew", "Facilitator-Hebrew-Bold",
            "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    _Family("Facilitator-CJK", "Facilitator-CJK-Bold", "wqy-microhei.ttc", "wqy-microhei.ttc"),
)

# Bold names whose file is the regular outlines: draw_text thickens them.
_FAUX_BOLD = frozenset(f.bold for f in _FAMILIES if f.bold_file == f.regular_file)

# Kept although they are format characters: the reshaper reads them to join or not.
_JOINERS = {"\u200c", "\u200d"}
# Whitespace that arrives as control or separator characters prints as a plain space.
_SPACES = {"\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}

_lock = threading.Lock()
_registered = False


def _load(name: str, filename: str, subfont: int) -> TTFont:
    path = Path(FONTS_DIR) / filename
    if not path.is_file():
        raise FileNotFoundError(
            f"shipped font missing: {path} (reinstall Facilitator, or restore resources/fonts)"
        )
    return TTFont(name, str(path), subfontIndex=subfont)


def register_fonts() -> None:
    """Register every shipped font with ReportLab (regular and bold of each family).

    Safe to call any number of times, from any thread: only the first call reads the files.
    `Facilitator` is also registered as a family, so `<b>` in a Paragraph picks the bold.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for family in _FAMILIES:
            pdfmetrics.registerFont(_load(family.regular, family.regular_file, family.subfont))
            pdfmetrics.registerFont(_load(family.bold, family.bold_file, family.subfont))
            for bold, italic, face in ((0, 0, family.regular), (1, 0, family.bold),
                                       (0, 1, family.regular), (1, 1, family.bold)):
                addMapping(family.regular, bold, italic, face)
        _registered = True


@lru_cache(maxsize=1)
def _coverage() -> tuple[tuple[str, str, frozenset[int]], ...]:
    """(regular name, bold name, code points) per family, in order of preference."""
    register_fonts()
    result = []
    for family in _FAMILIES:
        regular = pdfmetrics.getFont(family.regular).face.charToGlyph
        bold = pdfmetrics.getFont(family.bold).face.charToGlyph
        # A code point mapped to glyph 0 is the .notdef box: not really covered.
        points = frozenset(c for c, g in regular.items() if g and bold.get(c))
        result.append((family.regular, family.bold, points))
    return tuple(result)


@lru_cache(maxsize=1)
def _union() -> frozenset[int]:
    points: set[int] = set()
    for _, _, covered in _coverage():
        points |= covered
    return frozenset(points)


def clean(text: str) -> str:
    """Text as it may be printed: NFC, whitespace controls as spaces, other control and
    format characters (and lone surrogates, private use, non-characters) removed."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for ch in text:
        if ch in _SPACES:
            kept.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co") or (category == "Cf" and ch not in _JOINERS):
            continue
        if category == "Cn" and _is_noncharacter(ch):
            continue
        kept.append(ch)
    return "".join(kept)


def _is_noncharacter(ch: str) -> bool:
    point = ord(ch)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def _needs_bidi(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in text)


@lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """The cleaned text in display order: Arabic joined, right-to-left runs reversed."""
    text = clean(text)
    if not _needs_bidi(text):
        return text
    if any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff" for ch in text):
        text = arabic_reshaper.reshape(text)
    shown = get_display(text)
    # The joiners did their work in the reshaper; the fonts have no glyph for them.
    return "".join(ch for ch in shown if ch not in _JOINERS)


def _is_neutral(ch: str) -> bool:
    """Spaces, punctuation, digits and marks: they stay in the run they are in when its
    font has them, rather than starting a run of their own."""
    category = unicodedata.category(ch)
    return not category.startswith("L")


@lru_cache(maxsize=4096)
def _runs(text: str, bold: bool) -> tuple[tuple[str, str], ...]:
    families = _coverage()
    shown = visual(text)
    out: list[tuple[str, list[str]]] = []
    current: tuple[str, frozenset[int]] | None = None
    for ch in shown:
        point = ord(ch)
        if current is not None and point in current[1] and _is_neutral(ch):
            out[-1][1].append(ch)
            continue
        chosen = None
        for regular, bold_name, covered in families:
            if point in covered:
                chosen = (bold_name if bold else regular, covered)
                break
        if chosen is None:
            # No shipped font has it (missing_characters() reports it before printing):
            # keep it in the current run rather than invent a font.
            chosen = current or ((families[0][1] if bold else families[0][0]), families[0][2])
        if current is not None and chosen[0] == current[0]:
            out[-1][1].append(ch)
        else:
            out.append((chosen[0], [ch]))
        current = chosen
    return tuple((font, "".join(chars)) for font, chars in out)


def runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """[(font name, text)]: the text cleaned, put in display order, and cut where the font
    that can draw it changes. Drawing the runs left to right shows the text right, RTL too."""
    return list(_runs(text, bold))


def paragraph_markup(text: str, *, bold: bool = False) -> str:
    """Attendee text as ReportLab Paragraph markup that prints exactly as typed.

    Each run is XML-escaped inside its own `<font name="...">`: tags, entities and
    `</para>` come out as text; control characters are removed. Safe for any input.
    """
    return "".join(
        f'<font name="{font}">{escape(chunk)}</font>' for font, chunk in _runs(text, bold)
    )


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in points of the text drawn at `size`."""
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in _runs(text, bold))


def draw_text(
    canvas, x: float, y: float, text: str, size: float, *, bold: bool = False,
    align: str = "left",
) -> float:
    """Draw one line of text on a ReportLab canvas with its baseline at y; `align` says
    whether x is its left end, its centre or its right end. Returns the width drawn."""
    parts = _runs(text, bold)
    widths = [pdfmetrics.stringWidth(chunk, font, size) for font, chunk in parts]
    width = sum(widths)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    elif align != "left":
        raise ValueError(f"align must be left, center or right, not {align!r}")
    for (font, chunk), w in zip(parts, widths):
        if font in _FAUX_BOLD:
            _draw_faux_bold(canvas, x, y, font, chunk, size)
        else:
            canvas.setFont(font, size)
            canvas.drawString(x, y, chunk)
        x += w
    return width


def _draw_faux_bold(canvas, x: float, y: float, font: str, chunk: str, size: float) -> None:
    """A family with no bold face: its outlines filled and stroked in the fill colour,
    which thickens them about as much as a bold weight would."""
    canvas.saveState()
    canvas.setStrokeColor(getattr(canvas, "_fillColorObj", None) or (0, 0, 0))
    canvas.setLineWidth(size * 0.035)
    canvas.setLineJoin(1)
    text = canvas.beginText(x, y)
    text.setFont(font, size)
    text.setTextRenderMode(2)
    text.textOut(chunk)
    canvas.drawText(text)
    canvas.restoreState()


def missing_characters(text: str) -> list[str]:
    """The characters of `text` that no shipped font can draw, each once, in order.

    Checked on the text as it would print (cleaned, Arabic joined), so a name is reported
    before printing rather than printed with empty boxes. Spaces never count.
    """
    covered = _union()
    seen: dict[str, None] = {}
    for source in (clean(text), visual(text)):
        for ch in source:
            if ch == " " or ch in _JOINERS:
                continue
            if ord(ch) not in covered:
                seen.setdefault(ch, None)
    return list(seen)
