"""Reading a PDF deck: its slides, their titles and notes, and the broken files it refuses."""

from __future__ import annotations

import pytest

from facilitator.core.pdf_deck import read_pdf
from facilitator.core.pdfpc import pdfpc_path_for
from tests.deck_files import OutlineEntry, PdfpcPage, make_pdf, pdfpc_pages, write_pdfpc
from tests.helpers import single_problem


@pytest.fixture
def talk(tmp_path):
    return tmp_path / "talk.pdf"


def test_each_page_is_a_slide(talk):
    source = read_pdf(make_pdf(talk, 3, title="Posting at work"))
    assert [(s.number, s.pages) for s in source.slides] == [(1, (0,)), (2, (1,)), (3, (2,))]
    assert (source.title, source.page_file, source.duration) == ("Posting at work", talk, None)


@pytest.mark.parametrize("labels, pages", [
    (["1", "2", "2", "2", "3"], [(0,), (1, 2, 3), (4,)]),
    (["i", "ii", "1", "1", "2"], [(0,), (1,), (2, 3), (4,)]),
    (["", "", "", "", ""], [(0,), (1,), (2,), (3,), (4,)]),  # no labels: no overlays
])
def test_pages_sharing_a_label_are_one_slide(talk, labels, pages):
    source = read_pdf(make_pdf(talk, 5, labels=labels))
    assert [s.pages for s in source.slides] == pages
    assert [s.number for s in source.slides] == list(range(1, len(pages) + 1))


def test_pdfpc_overlays_group_pages_whatever_the_labels(talk):
    make_pdf(talk, 4)
    write_pdfpc(pdfpc_path_for(talk), [
        PdfpcPage(0, "1"), PdfpcPage(1, "2"), PdfpcPage(2, "2", overlay=1), PdfpcPage(3, "3", hidden=True),
    ])
    assert [s.pages for s in read_pdf(talk).slides] == [(0,), (1, 2)]


@pytest.mark.parametrize("written", [None, "untitled", "Untitled Presentation", "talk.pdf", "talk"])
def test_a_title_a_tool_wrote_for_no_title_is_no_title(talk, written):
    """ReportLab writes "untitled" when no title is set: that is not the deck's name."""
    assert read_pdf(make_pdf(talk, ["Welcome"], title=written)).title == ""


def test_titles_from_the_deepest_outline_entry_else_the_largest_text(talk):
    outline = [OutlineEntry("Part one", 1), OutlineEntry("Why post", 1, level=1), OutlineEntry("Ends", 2)]
    source = read_pdf(make_pdf(talk, ["Welcome all", "Big heading", "Last"], outline=outline))
    assert [s.title for s in source.slides] == ["Welcome all", "Why post", "Ends"]


def test_notes_from_the_pdfpc_file_a_frames_repeated_note_once(talk):
    make_pdf(talk, 3, annotations={0: "annotated"})
    labels = ["1", "2", "2"]
    write_pdfpc(pdfpc_path_for(talk), pdfpc_pages({0: "Say hello", 1: "Build up", 2: "Build up"}, labels), duration=25)
    source = read_pdf(talk)
    assert [s.notes for s in source.slides] == ["Say hello", "Build up"]
    assert source.duration == 25


def test_notes_from_annotations_where_the_pdfpc_file_has_none(talk):
    make_pdf(talk, 3, annotations={0: "First\r\nline", 2: "Third"})
    write_pdfpc(pdfpc_path_for(talk), pdfpc_pages({1: "Second"}, ["1", "2", "3"]))
    assert [s.notes for s in read_pdf(talk).slides] == ["First\nline", "Second", "Third"]


def test_pdfpcs_older_text_format(talk):
    make_pdf(talk, 3)
    pdfpc_path_for(talk).write_text(
        "[file]\ntalk.pdf\n[duration]\n30\n[notes]\n### 1\nHello\nall\n### 3\nBye\n", encoding="utf-8")
    source = read_pdf(talk)
    assert [s.notes for s in source.slides] == ["Hello\nall", "", "Bye"]
    assert source.duration == 30


@pytest.mark.parametrize("data, words", [
    (b"", "not a PDF file"),
    (b"PK\x03\x04 a zip", "not a PDF file"),
    ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog".encode(), "damaged or cut short"),
])
def test_files_that_are_not_pdfs(talk, data, words):
    talk.write_bytes(data)
    assert words in single_problem(read_pdf, talk).message


def test_a_truncated_pdf(talk):
    data = make_pdf(talk, 3).read_bytes()
    talk.write_bytes(data[: len(data) // 3])
    assert "damaged or cut short" in single_problem(read_pdf, talk).message


def test_an_encrypted_pdf(talk):
    make_pdf(talk, 2, encrypt="secret")
    problem = single_problem(read_pdf, talk)
    assert str(problem) == f"{talk}:1: this PDF is protected with a password: export it again without one"


def test_a_pdf_with_no_pages(talk):
    from pypdf import PdfWriter

    PdfWriter().write(talk)
    assert single_problem(read_pdf, talk).message == "this PDF has no pages"


@pytest.mark.parametrize("text, line, words", [
    ('{\n  "pages": [\n    {"idx": 0,}\n  ]\n}', 3, "not valid JSON"),
    ('[1, 2]', 1, "not a pdfpc file"),
    ('{"pages": {"idx": 0}}', 1, "`pages` must be a list"),
    ('{\n"pages": [\n  {"idx": 0},\n  {"idx": -1}\n]}', 4, "`idx` must be the page's number"),
    ('{\n"pages": [\n  {"idx": 0},\n  {"idx": 0}\n]}', 4, "page 0 has two entries (the first on line 3)"),
    ('{\n"pages": [\n  {"idx": 9}\n]}', 3, "page 9 is not in the deck: its pages are 0 to 1"),
    ('{\n"pages": [{"idx": 0, "note": 5}]}', 2, "the note of page 0 must be text"),
    ('{"pages": [{"idx": 0, "note": "\\ud800"}]}', 1, "U+D800 (half of a surrogate pair), which is not a character"),
    ('{"duration": "long"}', 1, "`duration` must be minutes"),
    ('{"a": ' + "[" * 100_000, 1, "nested too deep"),
    ("notes about the talk", 1, "not a pdfpc file"),
    ("[notes]\nstray\n### 1\nok", 2, "each note starts with a line `### N`"),
])
def test_a_broken_pdfpc_file_is_named_with_its_line(talk, text, line, words):
    make_pdf(talk, 2)
    pdfpc = pdfpc_path_for(talk)
    pdfpc.write_text(text, encoding="utf-8")
    problem = single_problem(lambda _: read_pdf(talk), pdfpc)
    assert problem.line == line
    assert words in problem.message


def test_a_page_whose_text_cannot_be_read_is_a_slide_without_a_title(talk, monkeypatch):
    from facilitator.core import pdf_text

    def cannot(*args, **kwargs):
        raise KeyError("/Widths")

    monkeypatch.setattr(pdf_text, "get_encoding", cannot)
    assert [s.title for s in read_pdf(make_pdf(talk, 2)).slides] == ["", ""]


def _cjk_cid_font(pdf):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf.setFont("STSong-Light", 40)
    pdf.drawString(40, 300, "社交媒体 工作")


def _cjk_embedded_font(pdf):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from facilitator.core.glyphs import CJK, FONTS_DIR

    pdfmetrics.registerFont(TTFont("CJK", str(FONTS_DIR / CJK.regular_file), subfontIndex=0))
    pdf.setFont("CJK", 40)
    pdf.drawString(40, 300, "社交媒体 工作")


def _scaled_by_the_matrix(pdf):
    pdf.setFont("Helvetica", 24)
    pdf.drawString(40, 200, "Body, larger before the matrix")
    pdf.saveState()
    pdf.scale(2, 2)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(20, 150, "Scaled (twice) \\ heading")
    pdf.restoreState()


def _in_a_form(pdf):
    pdf.beginForm("title")
    pdf.setFont("Helvetica-Bold", 40)
    pdf.drawString(40, 300, "From a form")
    pdf.endForm()
    pdf.doForm("title")
    pdf.setFont("Helvetica", 16)
    pdf.drawString(40, 200, "Body")


def _words_apart_by_gaps(pdf):
    # As pdfTeX sets a Beamer frame title: no space glyphs, word gaps in one TJ array.
    pdf.setFont("Helvetica-Bold", 40)
    pdf.setFont("Helvetica", 16)
    pdf.drawString(40, 200, "Body")
    pdf._code.append("BT /F1 40 Tf 1 0 0 1 40 300 Tm [(Wh)20(y)-400(we)-420(post)] TJ ET")


def _raw_title(operators: str):
    def draw(pdf):
        pdf.setFont("Helvetica-Bold", 40)  # the font ReportLab names F1
        pdf.setFont("Helvetica", 16)
        pdf.drawString(40, 200, "Body")
        pdf._code.append(f"BT /F1 40 Tf 40 300 Td {operators} ET")

    return draw


@pytest.mark.parametrize("draw, title", [
    (_raw_title("<4869 67\x0068>Tj"), "High"),  # spaces, even a NUL, among hex digits
    (_raw_title("<4869216>Tj"), "Hi!`"),  # an odd count: the last digit followed by a 0
    (_raw_title(r"(Why \(and (how\)) we\041)Tj"), "Why (and (how)) we!"),
    (_cjk_cid_font, "社交媒体 工作"),
    (_cjk_embedded_font, "社交媒体 工作"),
    (_scaled_by_the_matrix, "Scaled (twice) \\ heading"),
    (_in_a_form, "From a form"),
    (_words_apart_by_gaps, "Why we post"),
])
def test_the_largest_text_as_drawn(talk, draw, title):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(talk), pagesize=(720, 405))
    draw(pdf)
    pdf.showPage()
    pdf.save()
    assert [s.title for s in read_pdf(talk).slides] == [title]


def test_a_libreoffice_pdf_without_its_outline_titled_by_its_largest_text(converted_pptx, talk):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(converted_pptx.page_file).pages:
        writer.add_page(page)
    writer.write(talk)
    assert [s.title for s in read_pdf(talk).slides] == [s.title for s in converted_pptx.slides]
