"""Imported decks made in the tests: PDFs drawn with ReportLab, and a Markdown test
workshop whose slides show pages of one, as a PDF deck's do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from facilitator.core.workshop import Workshop
from tests.deck_files import make_pdf, pdfpc_pages, write_pdfpc

BEAMER = (400.0, 300.0)  # points: a 4:3 Beamer frame
WIDE = (720.0, 405.0)  # 16:9, as PowerPoint and Google Slides export


def draw_pdf(path: Path, pages: int, size: tuple[float, float] = WIDE, *, shapes: int = 6) -> Path:
    """A PDF of `pages` pages, each a heading, lines of text and coloured discs (which
    make rendering cost something), in a colour of its own so tests can tell them apart."""
    width, height = size
    pdf = canvas.Canvas(str(path), pagesize=size)
    for page in range(pages):
        pdf.setFillColor(page_colour(page))
        pdf.rect(0, 0, width, height, stroke=0, fill=1)
        pdf.setFillColor(Color(0, 0, 0))
        pdf.setFont("Helvetica-Bold", height / 10)
        pdf.drawString(width * 0.06, height * 0.85, f"Page {page + 1}")
        pdf.setFont("Helvetica", height / 28)
        for line in range(10):
            pdf.drawString(width * 0.06, height * (0.72 - line * 0.055),
                           f"Line {line + 1} of a page a trainer designed, with words on it")
        for disc in range(shapes):
            pdf.setFillColor(Color((disc * 37 % 100) / 100, (page * 13 % 100) / 100, 0.5, alpha=0.6))
            pdf.circle(width * (0.1 + 0.8 * ((disc * 0.618) % 1)), height * (0.1 + 0.3 * ((disc * 0.382) % 1)),
                       height / 14, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return path


def page_colour(page: int) -> Color:
    """The background of page `page`: light, and different from its neighbours'."""
    return Color(0.75 + 0.2 * ((page * 0.37) % 1), 0.95, 0.75 + 0.2 * ((page * 0.61) % 1))


def with_pages(workshop: Workshop, page_file: Path, pages: dict[int, tuple[int, ...]]) -> Workshop:
    """`workshop` with some slides showing pages of `page_file` ({slide index: pages})."""
    deck = workshop.deck
    slides = tuple(replace(s, pages=pages.get(s.index, ())) for s in deck.slides)
    return replace(workshop, deck=replace(deck, slides=slides, page_file=page_file))


def beamer_talk(folder: Path, labels: list[str], notes: dict[int, str]) -> Path:
    """`folder/talk.pdf`, a page per label (pages sharing one are a frame's overlays), and
    its pdfpc file with `notes` ({page: note})."""
    talk = make_pdf(folder / "talk.pdf", len(labels), labels=labels)
    write_pdfpc(talk.with_suffix(".pdfpc"), pdfpc_pages(notes, labels))
    return talk
