"""Decks made in the tests: PDFs drawn with ReportLab, the pdfpc files beside them, and
PowerPoint files made with python-pptx, as a trainer's PowerPoint saves them.

Each page shows its number in large type, so pages drawn by Qt differ from each other.
A deck with Beamer-like overlays gives several pages one label (`labels`), as Beamer
does with its `/PageLabels` prefixes. A PowerPoint file's slides are given by their
titles; everything else about a slide is keyed by its 1-based number, as PowerPoint
numbers slides (hidden ones counted).
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

# 16:9 at 720 points wide: Beamer's and PowerPoint's usual shape.
WIDESCREEN = (720.0, 405.0)


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark: `title` at `page` (0-based), nested `level` deep (0 is the top)."""

    title: str
    page: int
    level: int = 0


def page_heading(page: int) -> str:
    """The large text drawn on a page (0-based) when no heading is given for it."""
    return f"Page {page + 1}"


def make_pdf(
    path: Path,
    pages: int | Sequence[str],
    *,
    outline: Sequence[OutlineEntry] = (),
    labels: Sequence[str] | None = None,
    annotations: dict[int, str] | None = None,
    title: str | None = None,
    encrypt: str | None = None,
    page_size: tuple[float, float] = WIDESCREEN,
) -> Path:
    """Write a PDF deck at `path` and return the path.

    pages: how many pages (each headed "Page N"), or each page's heading.
    outline: bookmarks; labels: each page's label (several pages with one label are
    one Beamer frame); annotations: a text annotation (a "sticky note") per page index;
    title: the PDF metadata title; encrypt: a user password to protect the file with.
    """
    headings = [page_heading(i) for i in range(pages)] if isinstance(pages, int) else list(pages)
    if labels is not None and len(labels) != len(headings):
        raise ValueError(f"{len(labels)} labels for {len(headings)} pages")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(
        str(path), pagesize=page_size, invariant=1,
        encrypt=StandardEncryption(encrypt, canPrint=1) if encrypt else None,
    )
    if title is not None:
        pdf.setTitle(title)
    width, height = page_size
    for index, heading in enumerate(headings):
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawString(40, height - 90, heading)
        pdf.setFont("Helvetica", 16)
        pdf.drawString(40, height - 140, f"Body text of page {index + 1}")
        pdf.rect(40 + 30 * index % (width - 80), 40, 24, 24, fill=1)
        # One destination per outline entry: ReportLab keeps one entry per key.
        for number, entry in enumerate(outline):
            if entry.page == index:
                pdf.bookmarkPage(f"entry-{number}")
        if annotations and index in annotations:
            pdf.textAnnotation(annotations[index], Rect=(width - 40, height - 40, width - 20, height - 20))
        pdf.showPage()
    for number, entry in enumerate(outline):
        pdf.addOutlineEntry(entry.title, f"entry-{number}", level=entry.level)
    for index, label in enumerate(labels or ()):
        pdf.addPageLabel(index, prefix=label)
    pdf.save()
    return path


@dataclass(frozen=True)
class PdfpcPage:
    """One page entry of a pdfpc file (pdfpc's JSON format, `pdfpcFormat` 2)."""

    idx: int  # 0-based page of the PDF
    label: str
    overlay: int = 0  # 0 for a frame's first page, 1, 2... for the pages that build on it
    note: str | None = None
    hidden: bool = False

    def as_json(self) -> dict:
        entry = {
            "idx": self.idx, "label": self.label, "overlay": self.overlay,
            "forcedOverlay": self.overlay > 0, "hidden": self.hidden,
        }
        if self.note is not None:
            entry["note"] = self.note
        return entry


def pdfpc_pages(notes: dict[int, str], labels: Sequence[str]) -> list[PdfpcPage]:
    """pdfpc's page entries for pages with these labels, a note on the pages in `notes`."""
    entries = []
    for idx, label in enumerate(labels):
        overlay = entries[-1].overlay + 1 if entries and entries[-1].label == label else 0
        entries.append(PdfpcPage(idx=idx, label=label, overlay=overlay, note=notes.get(idx)))
    return entries


def write_pdfpc(
    path: Path,
    pages: Sequence[PdfpcPage],
    *,
    duration: int | None = None,
    **other_keys,
) -> Path:
    """Write a pdfpc file (the JSON pdfpc 4.5 and later write) and return its path.

    other_keys go in as they are (pdfpc's own: `endSlide`, `noteFontSize`, ...).
    """
    content = {"pdfpcFormat": 2, "disableMarkdown": False, **other_keys}
    if duration is not None:
        content["duration"] = duration
    content["pages"] = [page.as_json() for page in pages]
    path = Path(path)
    path.write_text(json.dumps(content, indent=4, ensure_ascii=False), encoding="utf-8")
    return path


def read_pdfpc(path: Path) -> dict:
    """A pdfpc file's JSON, as written."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


TITLE_ONLY = 5  # the default template's "Title Only" layout


def make_pptx(
    path: Path,
    slides: Sequence[str],
    *,
    hidden: Collection[int] = (),
    notes: Mapping[int, str] = {},
    bullets: Mapping[int, Sequence[str]] = {},
    pictures: Collection[int] = (),
    picture_size: tuple[int, int] = (320, 200),
    title: str = "",
) -> Path:
    """A .pptx at `path`: one slide per title ("" leaves the title placeholder empty),
    with the `notes` and `bullets` given, a picture (a photo's worth of noise, of
    `picture_size` pixels) and a shape on the slides in `pictures`, the slides in
    `hidden` hidden, and `title` as the file's title."""
    presentation = Presentation()
    presentation.core_properties.title = title
    for number, slide_title in enumerate(slides, start=1):
        slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY])
        slide.shapes.title.text = slide_title
        if number in bullets:
            frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(4)).text_frame
            frame.text = "\n".join(f"• {bullet}" for bullet in bullets[number])
            for paragraph in frame.paragraphs:
                paragraph.font.size = Pt(24)
        if number in pictures:
            _add_picture_and_shape(slide, picture_size)
        if number in notes:
            slide.notes_slide.notes_text_frame.text = notes[number]
        if number in hidden:
            slide._element.set("show", "0")  # what PowerPoint's Hide Slide writes
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(path)
    return path


def _add_picture_and_shape(slide, size: tuple[int, int]) -> None:
    # Noise compresses as badly as a photo does, so a picture weighs what a photo would.
    photo = Image.merge("RGB", [Image.effect_noise(size, sigma) for sigma in (40, 60, 80)])
    image = io.BytesIO()
    photo.save(image, "JPEG", quality=85)
    image.seek(0)
    slide.shapes.add_picture(image, Inches(6), Inches(4.5), width=Inches(3))
    slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1), Inches(5.5), Inches(4), Inches(1))


def make_talk(path: Path) -> Path:
    """Five slides as a trainer's deck has them: the second and fourth hidden, notes with
    a setting line on some, bullets, pictures and shapes."""
    return make_pptx(
        path, ["Welcome", "Backup slide", "Your turn", "Spare", "Thanks"],
        hidden={2, 4}, title="  Social media:\tour jobs ", pictures={1, 3},
        bullets={3: ["Open your phone", "Answer the poll"]},
        notes={1: "Say hello.\n\nminutes: 2", 3: "Run the poll.\nexercise: pick-one", 4: "unseen"},
    )
