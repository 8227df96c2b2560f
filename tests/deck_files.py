"""Decks made in the tests: PDFs drawn with ReportLab, and the pdfpc files beside them.

Each page shows its number in large type, so pages drawn by Qt differ from each other.
A deck with Beamer-like overlays gives several pages one label (`labels`), as Beamer
does with its `/PageLabels` prefixes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

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
