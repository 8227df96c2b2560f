"""Shipped fonts: which font draws which text, right-to-left order, escaping, coverage."""

from __future__ import annotations

import io
import threading
import unicodedata

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from reportlab.pdfbase import pdfmetrics

from facilitator.core import glyphs
from facilitator.documents import fonts

ARABIC, HEBREW, CJK = "Facilitator-Arabic", "Facilitator-Hebrew", "Facilitator-CJK"
MATH, SYMBOLS2, EMOJI = "Facilitator-Math", "Facilitator-Symbols2", "Facilitator-Emoji"


@pytest.mark.parametrize("text, expected", [
    ("Amélie Dubois", [fonts.REGULAR]),
    ("Νίκος Παπαδόπουλος", [fonts.REGULAR]),
    ("Анна Смирнова", [fonts.REGULAR]),
    ("王芳", [CJK]),
    ("佐藤 花子", [CJK]),  # the space stays in the CJK run
    ("김민준", ["Facilitator-Hangul"]),  # the CJK file's Hangul, thickened apart from Han
    ("王芳 김민준", [CJK, "Facilitator-Hangul"]),
    ("カタカナ", [CJK]),
    ("محمد العلي", [ARABIC]),
    ("نوید فارسی", [ARABIC]),
    ("נועה כהן", [HEBREW]),
    ("Mei 王芳 Lin", [fonts.REGULAR, CJK, fonts.REGULAR]),
    ("𝕏 marks", [MATH, fonts.REGULAR]),
    ("王芳 ★", [CJK]),  # a symbol stays in the CJK run
])
def test_each_script_gets_a_font_that_has_it(text, expected):
    assert [font for font, _ in fonts.runs(text)] == expected
    assert [font for font, _ in fonts.runs(text, bold=True)] == [
        fonts.BOLD if font == fonts.REGULAR else f"{font}-Bold" for font in expected
    ]
    assert "".join(chunk for _, chunk in fonts.runs(text)) == fonts.visual(text)
    assert fonts.missing_characters(text) == []


def test_arabic_is_joined_and_right_to_left():
    shown = fonts.visual("محمد")
    # Joined: each letter as its contextual form (initial, medial, medial, final)...
    assert [unicodedata.name(ch) for ch in shown[::-1]] == [
        "ARABIC LETTER MEEM INITIAL FORM", "ARABIC LETTER HAH MEDIAL FORM",
        "ARABIC LETTER MEEM MEDIAL FORM", "ARABIC LETTER DAL FINAL FORM",
    ]
    # ...and in visual order: the first letter read is the rightmost drawn.
    assert unicodedata.normalize("NFKC", shown) == "دمحم"


def test_lam_alef_becomes_one_ligature():
    shown = fonts.visual("سلام")
    assert "\ufefc" in shown or "\ufefb" in shown
    assert len(shown) == 3


def test_hebrew_is_right_to_left():
    assert fonts.visual("נועה כהן") == "ןהכ העונ"


def test_words_keep_their_order_around_right_to_left_text():
    assert fonts.visual("Ali נועה Lee") == "Ali העונ Lee"
    # In a right-to-left name, a Latin word stays readable left to right.
    assert fonts.visual("נועה Lee כהן") == "ןהכ Lee העונ"


@pytest.mark.parametrize("raw, cleaned", [
    ("Ann\x00a\x07 Lee", "Anna Lee"),
    ("Ann\tLee\r\n", "Ann Lee  "),
    ("\u202eeilemA", "eilemA"),  # a right-to-left override cannot disguise the name
    ("Ame\u0301lie", "Amélie"),  # NFC
    ("a\ufffeb\ue000c", "abc"),  # a non-character and a private-use character
    ("क्\u200dष", "क्\u200dष"),  # joiners stay for shaping
])
def test_clean(raw, cleaned):
    assert fonts.clean(raw) == cleaned


@pytest.mark.parametrize("text, missing", [
    ("Great 🚀👍 team", []),
    ("สมชาย", ["ส", "ม", "ช", "า", "ย"]),  # Thai: no shipped font
    ("अनीता", ["अ", "न", "ी", "त", "ा"]),  # Devanagari: no shipped font
    ("ok ok", []),
    ("a\u00a0b", []),
])
def test_missing_characters(text, missing):
    assert fonts.missing_characters(text) == missing


@pytest.mark.parametrize("text", [
    "<b>x</b>", "&amp;", "<img src=/etc/passwd>", "</para>", "<font name='Courier'>x</font>",
    "a < b && c > d", "]]> &#60; &lt;",
])
def test_a_paragraph_prints_text_literally(text):
    fonts.register_fonts()
    paragraph = fonts.paragraph(text, ParagraphStyle("t", fontName=fonts.REGULAR))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    paragraph.wrapOn(canvas, 400, 100)
    paragraph.drawOn(canvas, 50, 700)
    canvas.save()
    assert PdfReader(buffer).pages[0].extract_text().strip() == text


def test_a_span_s_link_is_quoted_for_its_attribute():
    fonts.register_fonts()
    link = 'https://example.org/?q="x"&y=<1>'
    paragraph = fonts.paragraph([fonts.Span(link, link=link)], ParagraphStyle("t", fontName=fonts.REGULAR))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    paragraph.wrapOn(canvas, 400, 100)
    paragraph.drawOn(canvas, 50, 700)
    canvas.save()
    page = PdfReader(buffer).pages[0]
    assert page.extract_text().strip() == link
    assert page["/Annots"][0].get_object()["/A"]["/URI"] == link


def test_text_width():
    assert fonts.text_width("WWW", 10) > fonts.text_width("iii", 10) > 0
    assert fonts.text_width("Amélie 王芳", 20) == pytest.approx(2 * fonts.text_width("Amélie 王芳", 10))
    assert fonts.text_width("Amélie", 10, bold=True) > fonts.text_width("Amélie", 10)


@pytest.mark.parametrize("align, share", [("left", 0), ("center", 0.5), ("right", 1)])
def test_draw_text_alignment(align, share):
    drawn = []

    class Recorder:
        def setFont(self, font, size):
            pass

        def drawString(self, x, y, text):
            drawn.append(x)

    width = fonts.text_width("Anna", 12)
    assert fonts.draw_text(Recorder(), 100, 0, "Anna", 12, align=align) == width
    assert drawn == [pytest.approx(100 - share * width)]


def test_draw_text_refuses_an_unknown_alignment():
    with pytest.raises(ValueError, match="align"):
        fonts.draw_text(None, 0, 0, "x", 10, align="justify")


def test_fonts_register_once_from_many_threads():
    threads = [threading.Thread(target=fonts.register_fonts) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from reportlab.pdfbase import pdfmetrics

    assert {fonts.REGULAR, fonts.BOLD, ARABIC, HEBREW, CJK, f"{CJK}-Bold"} <= set(
        pdfmetrics.getRegisteredFontNames())


def test_what_core_counts_as_printable_is_what_reportlab_draws():
    """core.glyphs reads the cmaps itself, to refuse text without ReportLab: each family's
    coverage must be glyphs ReportLab has (not glyph 0, the box), in both its faces."""
    fonts.register_fonts()
    for family in fonts.FAMILIES:
        for name in (family.regular, family.bold):
            drawn = {c for c, g in pdfmetrics.getFont(name).face.charToGlyph.items() if g}
            assert family.files.coverage <= drawn, name
    # Every shipped file, in core's order; a family narrowed to some scripts of a file
    # takes no character from the families after it.
    assert list(dict.fromkeys(f.files for f in fonts.FAMILIES)) == list(glyphs.SHIPPED_FAMILIES)
    assert set().union(*(f.coverage for f in fonts.FAMILIES)) == set(glyphs.printable_points())


@pytest.mark.parametrize("text, expected", [
    ("Zoë 🎉", [(fonts.REGULAR, "Zoë "), (EMOJI, "🎉")]),
    # The emoji font's space is an emoji wide: the space after an emoji is Noto Sans's.
    ("🎉 party 🎉🎉", [(EMOJI, "🎉"), (fonts.REGULAR, " party "), (EMOJI, "🎉🎉")]),
    ("👍🏽 👩\u200d💻", [(EMOJI, "👍"), (fonts.REGULAR, " "), (EMOJI, "👩💻")]),  # parts, no joiner
    ("🏽 alone", [(EMOJI, "🏽"), (fonts.REGULAR, " alone")]),  # a skin tone on its own prints
    ("❤\ufe0f ok", [(EMOJI, "❤"), (fonts.REGULAR, " ok")]),  # no variation selector
    ("Team 1\ufe0f\u20e3", [(fonts.REGULAR, "Team 1")]),  # a keycap prints as its digit
    ("★ ✓ ➜", [(SYMBOLS2, "★ ✓ ➜")]),
    ("→ ⇒ ∑", [(MATH, "→ ⇒ ∑")]),
    ("𝓐𝓷𝓷𝓪", [(MATH, "𝓐𝓷𝓷𝓪")]),
])
def test_emoji_symbols_and_math_letters_get_a_font_that_draws_them(text, expected):
    assert fonts.runs(text) == expected
    assert fonts.missing_characters(text) == []


def test_characters_past_u_ffff_read_back_from_the_pdf(tmp_path):
    """ReportLab alone writes them in the text layer as no reader can parse: copying or
    searching a name with emoji or mathematical letters then fails."""
    fonts.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out)
    fonts.draw_text(canvas, 72, 720, "Zoë 🎉 𝕏 王芳 ★", 14, bold=True)
    canvas.save()
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "".join(text.split()) == "Zoë🎉𝕏王芳★"
