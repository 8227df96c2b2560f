"""The shipped fonts, and text split into runs that each one font can draw.

ReportLab has no font fallback: a character missing from the current font prints as an
empty box. So every piece of attendee text is cut into runs, each run set in the first
shipped font that covers its characters:

| family | file | covers | license |
| --- | --- | --- | --- |
| `Facilitator` / `Facilitator-Bold` | Noto Sans | Latin, Greek, Cyrillic | OFL 1.1 |
| `Facilitator-Arabic` (+ `-Bold`) | Noto Sans Arabic | Arabic, Persian, Urdu | OFL 1.1 |
| `Facilitator-Hebrew` (+ `-Bold`) | Noto Sans Hebrew | Hebrew | OFL 1.1 |
| `Facilitator-Math` (+ `-Bold`) | Noto Sans Math | mathematical letters (𝕏 𝓐 𝟙), operators, arrows | OFL 1.1 |
| `Facilitator-Symbols` (+ `-Bold`) | Noto Sans Symbols | technical and other symbols | OFL 1.1 |
| `Facilitator-Emoji` (+ `-Bold`) | Noto Emoji (monochrome outlines) | emoji, skin tones, flags' letters | OFL 1.1 |
| `Facilitator-Symbols2` (+ `-Bold`) | Noto Sans Symbols 2 | dingbats, arrows, shapes, ★ ✓, game and weather symbols | OFL 1.1 |
| `Facilitator-Hangul` (+ `-Bold`) | WenQuanYi Micro Hei, its Hangul only | Korean Hangul | Apache 2.0 |
| `Facilitator-CJK` (+ `-Bold`) | WenQuanYi Micro Hei (TrueType outlines) | Chinese, Japanese kana | Apache 2.0 |

The order, the files and which characters each draws come from `core.glyphs`, which
also refuses, when text is typed, anything no family here draws. CJK, Math, Symbols 2
and Emoji have no bold face: their bold name is the same outlines, thickened when drawn
(and the CJK file's Hangul, lighter than its Han, a little in regular too), so that every
script prints with Noto Sans's weight; a Paragraph cannot thicken, so there they print
as the file draws them.
Emoji sequences print as their parts (ReportLab applies no ligatures): a family of
three prints as three people, a flag as its two letters, a keycap as its digit, and a
skin tone is left out.

ReportLab does not shape nor reorder either, so right-to-left text is prepared here:
Arabic letters are replaced by their joined presentation forms (arabic-reshaper) and each
line is put in visual order (python-bidi), so that drawing the runs left to right shows it
right. A paragraph with right-to-left letters (`paragraph`) is wrapped here, in logical
order, each candidate line measured as it is drawn, and only then is each line put in
visual order: reordered whole before wrapping, its first line would hold the end of the
sentence. Arabic vowel marks (harakat) are left out, as the reshaper does by default:
ReportLab cannot position marks, so they would land beside their letters, and names are
usually written without them. Hebrew points are kept; they sit well enough unpositioned.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence
from xml.sax.saxutils import escape

import arabic_reshaper
# python-bidi's reference implementation: its faster default (`bidi.get_display`) does
# not mirror brackets, so "(No)" in an Arabic sentence printed as ")No(". Its steps are
# called one by one, to know which piece of a paragraph each character came from.
from bidi import algorithm as bidi_steps
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph

from facilitator.core import glyphs
from facilitator.core.text import is_noncharacter

REGULAR = "Facilitator"
BOLD = "Facilitator-Bold"


@dataclass(frozen=True)
class Family:
    """A shipped family as ReportLab knows it: the names its two faces are registered under,
    the characters it draws, and the stroke that gives each face Noto Sans's weight.

    `scripts` (ranges of code points) narrows a family to part of its file: so that one
    script of a file can be set heavier than the rest. `regular_stroke` and `bold_stroke`
    are the width, as a share of the size, of an outline drawn around each glyph in the
    fill colour (0: none); draw_text applies them, a Paragraph cannot.
    """

    regular: str
    bold: str
    files: glyphs.FontFamily
    scripts: tuple[tuple[int, int], ...] = ()
    regular_stroke: float = 0.0
    bold_stroke: float = 0.0

    @property
    def coverage(self) -> frozenset[int]:
        if not self.scripts:
            return self.files.coverage
        return frozenset(p for p in self.files.coverage
                         if any(low <= p <= high for low, high in self.scripts))


# WenQuanYi Micro Hei has one weight, and its Hangul is drawn thinner than its Han and
# kana: the Korean name printed visibly lighter than a Latin one. Hangul is set apart to
# be thickened more. The strokes below are measured, not guessed: at the certificate's
# name size each script's strokes come within 7 % of Noto Sans's width, regular and
# bold (tests/documents/test_weights.py renders and measures them).
HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
FAUX_BOLD_STROKE = 0.035  # the symbol and emoji fonts' bold: thickened about as a bold is
CJK_STROKES = (0.0, 0.052)  # regular, bold: Han and kana
HANGUL_STROKES = (0.0065, 0.056)

_NAMES = {
    glyphs.LATIN: REGULAR, glyphs.ARABIC: "Facilitator-Arabic",
    glyphs.HEBREW: "Facilitator-Hebrew", glyphs.CJK: "Facilitator-CJK",
    glyphs.MATH: "Facilitator-Math", glyphs.SYMBOLS: "Facilitator-Symbols",
    glyphs.SYMBOLS2: "Facilitator-Symbols2", glyphs.EMOJI: "Facilitator-Emoji",
}
_BOLD_NAMES = {glyphs.LATIN: BOLD}



def _family(files: glyphs.FontFamily) -> Family:
    regular = _NAMES[files]
    bold = _BOLD_NAMES.get(files, f"{regular}-Bold")
    if files is glyphs.CJK:
        return Family(regular, bold, files, (), *CJK_STROKES)
    faux = files.bold_file == files.regular_file
    return Family(regular, bold, files, bold_stroke=FAUX_BOLD_STROKE if faux else 0.0)


def _families() -> tuple[Family, ...]:
    """In the order a character looks for a font (core.glyphs'): the first that has it
    wins; Hangul looks in its own part of the CJK file first."""
    families = []
    for files in glyphs.SHIPPED_FAMILIES:
        if files is glyphs.CJK:
            families.append(Family("Facilitator-Hangul", "Facilitator-Hangul-Bold", files, HANGUL,
                                   *HANGUL_STROKES))
        families.append(_family(files))
    return tuple(families)


FAMILIES = _families()

# The emoji font's space and digits are an emoji wide (for keycaps): a space or a digit
# after an emoji goes back to the first family that has it.
_WIDE_NEUTRALS = frozenset(
    name for f in FAMILIES if f.files is glyphs.EMOJI for name in (f.regular, f.bold)
)

# The registered names that draw_text thickens, and by how much (a share of the size).
_STROKES = {name: stroke for f in FAMILIES
            for name, stroke in ((f.regular, f.regular_stroke), (f.bold, f.bold_stroke)) if stroke}

# A monochrome emoji has no skin colour to give: with no ligatures, a tone after its emoji
# would print as a swatch beside it. A tone on its own still prints.
_SKIN_TONE = re.compile(r"(?<=\S)[\U0001F3FB-\U0001F3FF]")

# Kept although they are format characters: the reshaper reads them to join or not.
_JOINERS = {"\u200c", "\u200d"}
# Whitespace that arrives as control or separator characters prints as a plain space.
_SPACES = {"\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}

_lock = threading.Lock()
_registered = False


def _load(name: str, filename: str, subfont: int) -> TTFont:
    return TTFont(name, str(glyphs.font_path(filename)), subfontIndex=subfont)


def _to_unicode_cmap(make):
    """ReportLab's ToUnicode map writes a character past U+FFFF (emoji, 𝕏) as 5 or 6 hex
    digits, which no reader parses: copying, searching or reading such a name out of the
    PDF then fails. The PDF wants it as UTF-16BE (a surrogate pair), as written here."""

    def made(fontname, subset):
        return re.sub(
            r"<([0-9A-F]{5,6})>",
            lambda m: "<" + chr(int(m[1], 16)).encode("utf-16-be").hex().upper() + ">",
            make(fontname, subset),
        )

    made.fixed = True
    return made


if not getattr(ttfonts.makeToUnicodeCMap, "fixed", False):
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap(ttfonts.makeToUnicodeCMap)


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
        for family in FAMILIES:
            files = family.files
            pdfmetrics.registerFont(_load(family.regular, files.regular_file, files.subfont))
            pdfmetrics.registerFont(_load(family.bold, files.bold_file, files.subfont))
            for bold, italic, face in ((0, 0, family.regular), (1, 0, family.bold),
                                       (0, 1, family.regular), (1, 1, family.bold)):
                addMapping(family.regular, bold, italic, face)
        _registered = True


@lru_cache(maxsize=1)
def _coverage() -> tuple[tuple[str, str, frozenset[int]], ...]:
    """(regular name, bold name, code points) per family, in order of preference."""
    register_fonts()
    return tuple((family.regular, family.bold, family.coverage) for family in FAMILIES)


def clean(text: str) -> str:
    """Text as it may be printed (and signed): NFC, whitespace controls as spaces, other
    control and format characters but the joiners (and lone surrogates, private use,
    noncharacters) removed."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for ch in text:
        if ch in _SPACES:
            kept.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co") or (category == "Cf" and ch not in _JOINERS):
            continue
        if category == "Cn" and is_noncharacter(ch):
            continue
        kept.append(ch)
    return "".join(kept)


def _needs_bidi(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in text)


@lru_cache(maxsize=4096)
def _shaped(text: str) -> str:
    """The cleaned text in logical order as it is drawn: Arabic joined, the skin tone
    of an emoji left out."""
    shown = _SKIN_TONE.sub("", clean(text))
    if any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff" for ch in shown):
        shown = arabic_reshaper.reshape(shown)
    return shown


def _is_rtl(text: str, direction: str | None) -> bool:
    """Whether a line of `text` reads from the right: as `direction` ("rtl" or "ltr")
    says, else as its first strong letter does (a name, an idea: `dir="auto"`)."""
    if direction is None:
        return bidi_steps.get_base_level(text) == 1
    return direction == "rtl"


def _display_order(text: str, rtl: bool) -> list[tuple[int, str]]:
    """One line's characters in display order, each with its index in `text` (as drawn:
    a bracket mirrored in a right-to-left run)."""
    storage = bidi_steps.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    bidi_steps.get_embedding_levels(text, storage)
    for index, ch in enumerate(storage["chars"]):
        ch["index"] = index
    for step in (bidi_steps.explicit_embed_and_overrides, bidi_steps.resolve_weak_types,
                 bidi_steps.resolve_neutral_types, bidi_steps.resolve_implicit_levels,
                 bidi_steps.reorder_resolved_levels, bidi_steps.apply_mirroring):
        step(storage, False)
    return [(ch["index"], ch["ch"]) for ch in storage["chars"]]


def _drawn(text: str) -> str:
    # The joiners did their work in the reshaper; ReportLab forms no emoji ligature, so
    # joiners and variation selectors left in would print as boxes.
    return "".join(ch for ch in text if glyphs.is_drawn(ch))


@lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """The cleaned text as one line in display order, as drawn: Arabic joined,
    right-to-left runs reversed (the line's direction its first strong letter's), what is
    not drawn (core.glyphs.is_drawn) and the skin tone of an emoji left out."""
    shown = _shaped(text)
    if _needs_bidi(shown):
        shown = "".join(ch for _, ch in _display_order(shown, _is_rtl(shown, None)))
    return _drawn(shown)


def _is_neutral(ch: str) -> bool:
    """Spaces, punctuation, digits and marks: they stay in the run they are in when its
    font has them, rather than starting a run of their own."""
    category = unicodedata.category(ch)
    return not category.startswith("L")


@lru_cache(maxsize=4096)
def _font_runs(shown: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """Text as drawn (`visual`, or a line of a paragraph) cut where its font changes."""
    families = _coverage()
    out: list[tuple[str, list[str]]] = []
    current: tuple[str, frozenset[int]] | None = None
    for ch in shown:
        point = ord(ch)
        if (current is not None and point in current[1] and _is_neutral(ch)
                and current[0] not in _WIDE_NEUTRALS):
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


def _runs(text: str, bold: bool) -> tuple[tuple[str, str], ...]:
    return _font_runs(visual(text), bold)


def runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """[(font name, text)]: the text cleaned, put in display order, and cut where the font
    that can draw it changes. Drawing the runs left to right shows the text right, RTL too."""
    return list(_runs(text, bold))


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph set one way. Its text is data: escaped, as typed."""

    text: str
    bold: bool = False
    color: str = ""  # "#RRGGBB"; "" for the paragraph style's
    size: float = 0.0  # points; 0 for the paragraph style's
    link: str = ""  # the http(s) address the piece opens; "" for none


def _span_markup(span: Span, shown: str) -> str:
    """`shown` (the span's text as drawn) as Paragraph markup, a font per run."""
    attributes = "".join(f' {name}="{value}"' for name, value in (
        ("color", span.color), ("size", f"{span.size:g}" if span.size else "")) if value)
    markup = "".join(f'<font name="{font}"{attributes}>{escape(chunk)}</font>'
                     for font, chunk in _font_runs(shown, span.bold))
    if span.link:
        markup = f'<a href="{escape(span.link, {chr(34): "&quot;"})}">{markup}</a>'
    return markup


# A line is broken this much short of its width: ReportLab measures it again, and a
# rounding difference must not make it wrap a second time, out of order.
_BREAK_SLACK = 0.5

_Char = tuple[int, str, float]  # the span it comes from, a character, its width as drawn
_Line = list[_Char]  # in logical order


def _measured(spans: Sequence[Span], shaped: Sequence[str], size: float) -> _Line:
    """Every character of the paragraph in logical order, with the width it is drawn at:
    in the font its run takes (`_font_runs`), none for one that is not drawn."""
    chars: _Line = []
    for index, (span, text) in enumerate(zip(spans, shaped)):
        points = span.size or size
        faces = iter([font for font, chunk in _font_runs(_drawn(text), span.bold) for _ in chunk])
        for ch in text:
            drawn = glyphs.is_drawn(ch)
            chars.append((index, ch, pdfmetrics.stringWidth(ch, next(faces), points) if drawn else 0.0))
    return chars


def _width(line: _Line) -> float:
    return sum(width for _, _, width in line)


def _break_logical(chars: _Line, widths: tuple[float, float]) -> list[_Line]:
    """The paragraph's lines in logical order: as many words on each as fit its width
    (the first line's, then the others'), each character as wide as it is drawn; a word
    wider than a line is cut where it stops fitting."""
    words: list[_Line] = [[]]
    for char in chars:
        if char[1] == " ":
            words.append([char])  # a word keeps the space before it
        else:
            words[-1].append(char)
    lines: list[_Line] = []
    line: _Line = []
    width = 0.0  # the line's
    for word in words:
        room = widths[min(len(lines), 1)] - _BREAK_SLACK
        if line and width + _width(word) <= room:
            line += word
            width += _width(word)
        else:
            if line:
                lines.append(line)
            line = _stripped(word)
            width = _width(line)
        while len(line) > 1 and width > (room := widths[min(len(lines), 1)] - _BREAK_SLACK):
            fits, used = 0, 0.0  # the longest start of it that fits: at least one character
            while fits < len(line) and used + line[fits][2] <= room:
                used += line[fits][2]
                fits += 1
            lines.append(line[:max(fits, 1)])
            line = _stripped(line[max(fits, 1):])
            width = _width(line)
    lines.append(line)
    return [line for line in lines if line]


def _stripped(line: _Line) -> _Line:
    start, end = 0, len(line)
    while start < end and line[start][1] == " ":
        start += 1
    while end > start and line[end - 1][1] == " ":
        end -= 1
    return line[start:end]


def paragraph_lines(spans: Sequence[Span], widths: tuple[float, float], size: float,
                    direction: str | None = None) -> list[list[tuple[Span, str]]]:
    """A paragraph wrapped to `widths` (its first line's, the others') at `size`: each
    line top first, as (span, its text as drawn) in display order, left to right.

    Wrapped in logical order first, then each line reordered: so the first line holds
    the paragraph's beginning in either direction. `direction` ("rtl", "ltr") is the
    paragraph's (a sentence said in Arabic is "rtl" even when it opens with a Latin
    title), else its first strong letter's (a name, an idea)."""
    shaped = [_shaped(span.text) for span in spans]
    rtl = _is_rtl("".join(shaped), direction)
    shown = []
    for line in _break_logical(_measured(spans, shaped, size), widths):
        pieces: list[tuple[int, list[str]]] = []
        for position, ch in _display_order("".join(ch for _, ch, _ in line), rtl):
            index = line[position][0]
            if pieces and pieces[-1][0] == index:
                pieces[-1][1].append(ch)
            else:
                pieces.append((index, [ch]))
        shown.append([(spans[index], _drawn("".join(chars))) for index, chars in pieces])
    return shown


class _LinesInOrder(Flowable):
    """A paragraph with right-to-left letters, as a Paragraph of its lines once its width
    is known: `paragraph_lines` breaks them, ReportLab aligns, spaces and splits them."""

    def __init__(self, spans: tuple[Span, ...], style, direction: str | None):
        super().__init__()
        self.spans = spans
        self.style = style  # its spaces and keepWithNext, as a Paragraph's
        self.direction = direction
        self._laid: tuple[float, Paragraph] | None = None

    def _paragraph(self, width: float) -> Paragraph:
        if self._laid is None or self._laid[0] != width:
            style = self.style
            rest = width - style.leftIndent - style.rightIndent
            lines = paragraph_lines(self.spans, (rest - style.firstLineIndent, rest),
                                    style.fontSize, self.direction)
            markup = "<br/>".join("".join(_span_markup(span, shown) for span, shown in line)
                                  for line in lines)
            self._laid = (width, Paragraph(markup, style))
        return self._laid[1]

    def wrap(self, available_width, available_height):
        self.width, self.height = self._paragraph(available_width).wrap(available_width,
                                                                        available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return self._paragraph(available_width).split(available_width, available_height)

    def draw(self):
        assert self._laid is not None, "drawn before it was wrapped"
        self._laid[1].drawOn(self.canv, 0, 0)


def paragraph(spans: str | Sequence[Span], style, *, direction: str | None = None) -> Flowable:
    """A Paragraph of data text (a str, or spans set each their own way) that prints
    exactly as typed: escaped, each script in a font that draws it, and its lines in
    reading order whatever their direction (`paragraph_lines`; `direction` as there).
    Safe for any input. A str is set in the style's weight."""
    spans = (Span(spans, bold=style.fontName == BOLD),) if isinstance(spans, str) else tuple(spans)
    if any(_needs_bidi(_shaped(span.text)) for span in spans):
        return _LinesInOrder(spans, style, direction)
    # Left to right only: ReportLab wraps it (Chinese and Japanese between any two
    # characters too).
    return Paragraph("".join(_span_markup(span, visual(span.text)) for span in spans), style)


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
        if font in _STROKES:
            _draw_thickened(canvas, x, y, font, chunk, size, _STROKES[font])
        else:
            canvas.setFont(font, size)
            canvas.drawString(x, y, chunk)
        x += w
    return width


def _draw_thickened(canvas, x: float, y: float, font: str, chunk: str, size: float,
                    stroke: float) -> None:
    """Outlines filled and stroked in the fill colour: a face with no bold of its own, or
    one lighter than the others, given their weight. The stroke adds its width to every
    stem (half on each side)."""
    canvas.saveState()
    canvas.setStrokeColor(getattr(canvas, "_fillColorObj", None) or (0, 0, 0))
    canvas.setLineWidth(size * stroke)
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
    seen: dict[str, None] = {}
    for source in (clean(text), visual(text)):
        seen.update(dict.fromkeys(glyphs.unprintable_characters(source)))
    return list(seen)
