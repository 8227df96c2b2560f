"""Which characters the shipped fonts draw: the one answer for refusing text that could
not be printed, read from the fonts' own cmap tables (no ReportLab, no Qt).

The families are listed in the order a character looks for a font (the documents set
each run of text in the first family that has all its characters). A family counts a
character only when both its regular and its bold file map it to a real glyph (not glyph
0, the .notdef box), so a name prints in bold on a certificate as well as in the handout.
"""

from __future__ import annotations

import struct
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .paths import FONTS_DIR
from .translation import Message


@dataclass(frozen=True)
class FontFamily:
    """A shipped family: its files in resources/fonts and the face inside a .ttc."""

    regular_file: str
    bold_file: str
    subfont: int = 0

    @cached_property
    def coverage(self) -> frozenset[int]:
        regular = _file_coverage(self.regular_file, self.subfont)
        if self.bold_file == self.regular_file:
            return regular
        return regular & _file_coverage(self.bold_file, self.subfont)


LATIN = FontFamily("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")  # and Greek, Cyrillic
ARABIC = FontFamily("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
HEBREW = FontFamily("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")
CJK = FontFamily("wqy-microhei.ttc", "wqy-microhei.ttc")  # no bold face: faux bold
MATH = FontFamily("NotoSansMath-Regular.ttf", "NotoSansMath-Regular.ttf")
SYMBOLS = FontFamily("NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Bold.ttf")
SYMBOLS2 = FontFamily("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols2-Regular.ttf")
EMOJI = FontFamily("NotoEmoji-Regular.ttf", "NotoEmoji-Regular.ttf")

# Letters first, so a digit or a space beside them stays in their font (the emoji font
# has digits too, emoji-wide, for keycaps). Then the symbol fonts, before the CJK font,
# whose ✓ looks like √ (in a run of Chinese a symbol still stays in the CJK font); the
# emoji font before Symbols 2, which has 👍 ❤ ☀ too but drawn as line art, so that all
# of a text's emoji look alike.
SHIPPED_FAMILIES = (LATIN, ARABIC, HEBREW, MATH, SYMBOLS, EMOJI, SYMBOLS2, CJK)


def is_drawn(ch: str) -> bool:
    """Whether a character is drawn at all when printed. Format characters (joiners,
    zero-width space, tags, the byte order mark) and variation selectors only steer how
    their neighbours look; the documents leave them out, so no font needs them. So is
    the keycap frame (1️⃣): with no ligatures to put the digit in it, it would cover the
    digit, which prints alone."""
    point = ord(ch)
    return not (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= point <= 0xFE0F  # variation selectors 1-16 (text or emoji style)
        or 0xE0100 <= point <= 0xE01EF  # variation selectors 17-256
        or point == 0x20E3  # COMBINING ENCLOSING KEYCAP
    )


@lru_cache(maxsize=1)
def printable_points() -> frozenset[int]:
    """Every code point some shipped family draws; read from the files once."""
    points: set[int] = set()
    for family in SHIPPED_FAMILIES:
        points |= family.coverage
    return frozenset(points)


def unprintable_characters(text: str) -> list[str]:
    """The characters of `text` that no shipped font draws, each once, in order.
    Spaces and characters that are not drawn (`is_drawn`) never count."""
    uncovered = set(map(ord, text)) - printable_points() - {0x20}  # at C speed, mostly empty
    if not uncovered:
        return []
    return list(dict.fromkeys(ch for ch in text if ord(ch) in uncovered and is_drawn(ch)))


# -- reading a TrueType cmap ----------------------------------------------------------


def font_path(filename: str) -> Path:
    """A shipped font file; FileNotFoundError saying what to do when it is missing."""
    path = Path(FONTS_DIR) / filename
    if not path.is_file():
        raise FileNotFoundError(Message(
            "shipped font missing: {path} (reinstall Facilitator, or restore resources/fonts)", path=str(path)
        ))
    return path


def _file_coverage(filename: str, subfont: int) -> frozenset[int]:
    return cmap_coverage(font_path(filename).read_bytes(), subfont)


def cmap_coverage(data: bytes, subfont: int = 0) -> frozenset[int]:
    """The code points a TrueType font (or face `subfont` of a collection) maps to a glyph
    other than glyph 0, from its Unicode cmap subtables of formats 4 and 12."""
    offset = 0
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        if not 0 <= subfont < count:
            raise ValueError(f"the collection has {count} faces, not a face {subfont}")
        (offset,) = struct.unpack_from(">I", data, 12 + 4 * subfont)
    (tables,) = struct.unpack_from(">H", data, offset + 4)
    cmap = None
    for record in range(tables):
        tag, _, table_offset, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * record)
        if tag == b"cmap":
            cmap = table_offset
    if cmap is None:
        raise ValueError("the font has no cmap table")
    points: set[int] = set()
    (subtables,) = struct.unpack_from(">H", data, cmap + 2)
    for record in range(subtables):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * record)
        if platform == 0 or (platform == 3 and encoding in (1, 10)):  # Unicode
            start = cmap + sub
            (kind,) = struct.unpack_from(">H", data, start)
            if kind == 4:
                points |= _format4(data, start)
            elif kind == 12:
                points |= _format12(data, start)
    return frozenset(points)


def _format4(data: bytes, start: int) -> set[int]:
    (segments_x2,) = struct.unpack_from(">H", data, start + 6)
    segments = segments_x2 // 2
    ends_at = start + 14
    starts_at = ends_at + segments_x2 + 2  # past the reserved pad
    deltas_at = starts_at + segments_x2
    range_offsets_at = deltas_at + segments_x2
    ends = struct.unpack_from(f">{segments}H", data, ends_at)
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, deltas_at)
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    points = set()
    for i, (first, last, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets)):
        if first == 0xFFFF:
            continue  # the closing segment that every format 4 table has
        for point in range(first, last + 1):
            if range_offset == 0:
                glyph = (point + delta) & 0xFFFF
            else:
                # The offset counts from its own place in the idRangeOffset array.
                at = range_offsets_at + 2 * i + range_offset + 2 * (point - first)
                (glyph,) = struct.unpack_from(">H", data, at)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                points.add(point)
    return points


def _format12(data: bytes, start: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    points = set()
    for group in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * group)
        points.update(range(first + (glyph == 0), last + 1))
    return points
