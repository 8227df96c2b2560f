"""Which characters the shipped fonts draw, read from their cmap tables."""

from __future__ import annotations

import struct

import pytest
from fontTools import ttLib

from facilitator.core import glyphs
from facilitator.core.translation import translator


def test_every_shipped_family_has_its_files_and_draws_something():
    for family in glyphs.SHIPPED_FAMILIES:
        assert len(family.coverage) > 100, family


def test_a_missing_font_file_is_named_with_what_to_do():
    # ReportLab registers each font, and core reads its coverage, through font_path.
    with pytest.raises(FileNotFoundError, match="shipped font missing: .*NotoSans-Gone.ttf .*reinstall"):
        glyphs.font_path("NotoSans-Gone.ttf")


@pytest.mark.parametrize("language, said", [
    ("de", "mitgelieferte Schrift fehlt: "), ("zh_Hans", "缺少随附的字体："),
])
def test_a_missing_font_file_is_said_in_the_readers_language(language, said):
    with pytest.raises(FileNotFoundError) as missing:
        glyphs.font_path("NotoSans-Gone.ttf")
    assert translator(language).say(missing.value.args[0]).startswith(said)


@pytest.mark.parametrize("family", glyphs.SHIPPED_FAMILIES, ids=lambda f: f.regular_file)
def test_the_cmap_reader_agrees_with_fonttools(family):
    for filename in {family.regular_file, family.bold_file}:
        with ttLib.TTFont(glyphs.FONTS_DIR / filename, fontNumber=family.subfont, lazy=True) as font:
            notdef = font.getGlyphOrder()[0]
            expected = {point for table in font["cmap"].tables if table.isUnicode()
                        for point, glyph in table.cmap.items() if glyph != notdef}
        data = (glyphs.FONTS_DIR / filename).read_bytes()
        assert glyphs.cmap_coverage(data, family.subfont) == expected, filename


@pytest.mark.parametrize(
    ("ch", "family"),
    [
        ("A", glyphs.LATIN), ("Ж", glyphs.LATIN), ("م", glyphs.ARABIC), ("ש", glyphs.HEBREW),
        ("王", glyphs.CJK), ("한", glyphs.CJK), ("𝕏", glyphs.MATH), ("⌘", glyphs.SYMBOLS2),
        ("➜", glyphs.SYMBOLS2), ("✓", glyphs.SYMBOLS2), ("★", glyphs.SYMBOLS2),
        ("🚀", glyphs.EMOJI), ("👍", glyphs.EMOJI), ("❤", glyphs.EMOJI), ("\U0001f3fd", glyphs.EMOJI),
        ("\U0001f1e9", glyphs.EMOJI),
    ],
)
def test_the_first_family_that_draws_a_character(ch, family):
    first = next(f for f in glyphs.SHIPPED_FAMILIES if ord(ch) in f.coverage)
    assert first is family


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Great 🚀👍 team ★ ✓ → 𝕏", []),
        ("\U0001f469\u200d\U0001f4bb \u2764\ufe0f", []),  # ZWJ and selectors are not drawn
        ("अनीता", ["अ", "न", "ी", "त", "ा"]),
        ("a\u0378b\u0378", ["\u0378"]),
    ],
)
def test_unprintable_characters(text, missing):
    assert glyphs.unprintable_characters(text) == missing


def test_the_coverage_is_read_once():
    assert glyphs.printable_points() is glyphs.printable_points()


def _font(cmap: bytes) -> bytes:
    """A font file holding just a cmap table."""
    return struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0) + struct.pack(">4sIII", b"cmap", 0, 28, len(cmap)) + cmap


def _cmap(platform: int, encoding: int, subtable: bytes) -> bytes:
    return struct.pack(">HHHHI", 0, 1, platform, encoding, 12) + subtable


def _format4(segments: list[tuple[int, int, int, int]], glyph_ids: list[int]) -> bytes:
    """segments: (start, end, delta, range offset in bytes from its own place)."""
    segments = segments + [(0xFFFF, 0xFFFF, 1, 0)]
    n = len(segments)
    body = struct.pack(f">{n}H", *(s[1] for s in segments)) + b"\0\0"
    body += struct.pack(f">{n}H", *(s[0] for s in segments))
    body += struct.pack(f">{n}h", *(s[2] for s in segments))
    body += struct.pack(f">{n}H", *(s[3] for s in segments))
    body += struct.pack(f">{len(glyph_ids)}H", *glyph_ids)
    return struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, 0, 0, 0) + body


def test_format_4_with_deltas_and_glyph_arrays():
    # "A".."C" by delta (A maps to glyph 0: not drawn), "a".."c" through the array, with
    # "b" on glyph 0; the array starts right after the two range offsets (2 segments left).
    table = _format4([(0x41, 0x43, -0x41, 0), (0x61, 0x63, 0, 4)], [7, 0, 9])
    assert glyphs.cmap_coverage(_font(_cmap(3, 1, table))) == {0x42, 0x43, 0x61, 0x63}


def test_format_12_groups():
    table = struct.pack(">HHIIIIII", 12, 0, 28, 0, 1, 0x1F600, 0x1F602, 0)
    assert glyphs.cmap_coverage(_font(_cmap(3, 10, table))) == {0x1F601, 0x1F602}


def test_a_cmap_for_no_unicode_encoding_is_left_out():
    table = struct.pack(">HHIIIIII", 12, 0, 28, 0, 1, 0x41, 0x42, 5)
    assert glyphs.cmap_coverage(_font(_cmap(1, 0, table))) == frozenset()


def test_a_face_of_a_collection():
    face = glyphs.cmap_coverage((glyphs.FONTS_DIR / glyphs.CJK.regular_file).read_bytes(), 0)
    assert ord("王") in face
    with pytest.raises(ValueError, match="faces, not a face 9"):
        glyphs.cmap_coverage((glyphs.FONTS_DIR / glyphs.CJK.regular_file).read_bytes(), 9)
