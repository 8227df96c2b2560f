"""A PDF deck (Beamer, Keynote, Google Slides, PowerPoint's export...), read with pypdf.

Each page is a slide, except that the pages of one Beamer frame (pages sharing one page
label, or marked as overlays in the pdfpc file) are one slide, shown in turn. A slide's
title is its outline entry, else the largest text on its first page; its notes are in
the pdfpc file beside the deck, else in the pages' text annotations ("sticky notes").
"""

from __future__ import annotations

import re
from functools import reduce
from pathlib import Path

from pypdf import PdfReader
from pypdf import PasswordType
from pypdf.generic import Destination

from .deck import Deck, Slide
from .errors import FormatError, InvalidInput, NotAllowed, Problem
from .files import cannot_read
from .imported import SourceDeck, SourceSlide, read_setting_lines, split_setting_lines
from .pdf_text import FontCache, largest_text
from .pdfpc import PdfpcFile, pdfpc_path_for, read_pdfpc, write_note
from .text import describe, first_non_character, without_non_characters
from .translation import Message, plural_message

# A title longer than this is a paragraph the largest text happened to be: cut there.
MAX_TITLE_LENGTH = 120


def read_pdf(path: Path) -> SourceDeck:
    """The slides of the PDF at `path`: FormatError, naming the file, if it cannot be used."""
    path = Path(path)
    reader = _open(path)
    pdfpc = read_pdfpc(pdfpc_path_for(path))
    try:
        labels = list(reader.page_labels)
        outline = _outline_titles(reader)
        frames = _frames(len(reader.pages), labels, pdfpc)
        fonts = FontCache()
        slides = tuple(
            SourceSlide(
                number=number,
                pages=pages,
                title=outline.get(pages[0]) or _largest_text(reader, pages[0], fonts),
                notes=_notes_in_pdfpc(pdfpc, number, pages) or _annotation_notes(reader, pages),
            )
            for number, pages in enumerate(frames, start=1)
        )
        title = _metadata_title(reader, path)
    except FormatError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file: all mean the same
        raise _damaged(path, error) from None
    return SourceDeck(
        path=path, page_file=path, title=title, slides=slides,
        duration=pdfpc.duration if pdfpc is not None else None,
    )


def _damaged(path: Path, error: Exception) -> FormatError:
    # pypdf's own words (or its error's name) as it wrote them: they help whoever reads the file.
    return FormatError([Problem(path, 1, Message(
        "this PDF is damaged or cut short ({error}): export or download it again",
        error=str(error) or type(error).__name__,
    ))])


def _open(path: Path) -> PdfReader:
    try:
        with path.open("rb") as file:
            start = file.read(1024)
    except OSError as error:
        raise FormatError([Problem(path, 1, cannot_read(error))]) from None
    if b"%PDF-" not in start:
        raise FormatError([Problem(path, 1, Message("not a PDF file (it does not start as one)"))])
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise FormatError([Problem(
                path, 1, Message("this PDF is protected with a password: export it again without one"),
            )])
        pages = len(reader.pages)
    except FormatError:
        raise
    except Exception as error:  # see read_pdf
        raise _damaged(path, error) from None
    if pages == 0:
        raise FormatError([Problem(path, 1, Message("this PDF has no pages"))])
    return reader


def _frames(page_count: int, labels: list[str], pdfpc: PdfpcFile | None) -> list[tuple[int, ...]]:
    """The pages of each slide, in order: a page starts a slide unless it continues the
    one before (pdfpc's overlay entries say so; else an equal, non-empty page label)."""
    if pdfpc is not None:
        _check_pages_exist(pdfpc, page_count)
    entries = pdfpc.page_lines if pdfpc is not None else {}
    frames: list[list[int]] = []
    previous_label = None
    for page in range(page_count):
        if pdfpc is not None and page in pdfpc.hidden:
            continue
        label = pdfpc.labels.get(page, labels[page]) if pdfpc is not None else labels[page]
        if page in entries:
            continues = page in pdfpc.continuing
        else:
            continues = bool(label) and label == previous_label
        if continues and frames:
            frames[-1].append(page)
        else:
            frames.append([page])
        previous_label = label
    if not frames:
        raise FormatError([Problem(pdfpc.path, 1, Message("every page is hidden: no slide is left to show"))])
    return [tuple(pages) for pages in frames]


def _check_pages_exist(pdfpc: PdfpcFile, page_count: int) -> None:
    # Page numbers as the file writes them (`idx`), digits in every language.
    missing = [
        Problem(pdfpc.path, line, Message(
            "page {page} is not in the deck: its pages are 0 to {last}", page=str(idx), last=str(page_count - 1),
        ))
        for idx, line in pdfpc.page_lines.items() if idx >= page_count
    ]
    if missing:
        raise FormatError(missing)


def _outline_titles(reader: PdfReader) -> dict[int, str]:
    """Each page's outline title: of the entries pointing at it, the deepest (the first of
    those if several), as a frame's entry sits below its section's."""
    found: dict[int, tuple[int, str]] = {}

    def walk(entries: list, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            elif isinstance(entry, Destination) and (title := _clean(str(entry.title or ""))):
                page = reader.get_destination_page_number(entry)
                if page is not None and page >= 0 and depth > found.get(page, (-1, ""))[0]:
                    found[page] = (depth, title)

    walk(reader.outline, 0)
    return {page: title for page, (_, title) in found.items()}


def _largest_text(reader: PdfReader, page: int, fonts: FontCache) -> str:
    """The line of the largest type on a page (a slide's title, as a rule), or ""."""
    try:
        runs = largest_text(reader.pages[page], fonts)
    except Exception:  # a font or a page pypdf cannot decode: the page still shows, untitled
        return ""
    return _clean(" ".join(runs))[:MAX_TITLE_LENGTH].strip()


def _notes_in_pdfpc(pdfpc: PdfpcFile | None, number: int, pages: tuple[int, ...]) -> str:
    if pdfpc is None:
        return ""
    if number in pdfpc.slide_notes:
        return pdfpc.slide_notes[number]
    # Beamer tools repeat a frame's note on each of its pages: each text once.
    notes = dict.fromkeys(pdfpc.page_notes[page].strip() for page in pages if page in pdfpc.page_notes)
    return "\n\n".join(notes)


def _annotation_notes(reader: PdfReader, pages: tuple[int, ...]) -> str:
    notes = []
    for page in pages:
        for annotation in reader.pages[page].get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Text" and (text := str(annotation.get("/Contents") or "").strip()):
                notes.append(without_non_characters(text).replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(dict.fromkeys(notes))


# Titles that tools write when the author gave none (ReportLab writes "untitled", some
# exporters "Untitled" or the file's own name): they say nothing, so the deck is titled
# as one without a title is (its first slide's title, else the file's name).
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "untitled presentation", "(anonymous)"}


def _metadata_title(reader, path: Path) -> str:
    title = _clean((reader.metadata.title if reader.metadata else None) or "")
    if title.casefold() in _PLACEHOLDER_TITLES or title in (path.name, path.stem):
        return ""
    return title


def _clean(text: str) -> str:
    """One line of text: runs of white space (line breaks too) as one space; a broken
    character (a PDF string decoded to a lone surrogate) as U+FFFD."""
    return re.sub(r"\s+", " ", without_non_characters(text)).strip()


# -- writing notes back ---------------------------------------------------------------------

# A note longer than this is not one a presenter reads from while speaking.
MAX_NOTE_LENGTH = 20_000


def save_note(deck: Deck, slide: Slide, notes: str) -> None:
    """Write the note of an imported PDF slide into the deck's pdfpc file, keeping the
    setting lines its note held (the presenter edits the note without them) unless the
    new text sets the same key. InvalidInput, nothing written, for a note that cannot be."""
    if len(notes) > MAX_NOTE_LENGTH:
        raise InvalidInput(plural_message(
            "a note holds at most {count} character", "a note holds at most {count} characters", MAX_NOTE_LENGTH,
        ), field="notes")
    if bad := first_non_character(notes):
        raise InvalidInput(Message(
            "{what} holds {character}, which is not a character: type it again",
            what=Message("the note"), character=describe(bad),
        ), field="notes")
    try:
        source = read_pdf(deck.path)
    except FormatError as error:
        first = error.problems[0]
        raise NotAllowed(Message(
            "cannot save the note while {file} cannot be read: {problem}",
            file=first.path.name, problem=first.message,
        )) from None
    number = slide.line  # an imported slide's number, counted from 1
    if not 1 <= number <= len(source.slides) or source.slides[number - 1].pages != slide.pages:
        raise NotAllowed(Message("the deck changed since it was opened: reload it, then edit the note"))
    before, _ = split_setting_lines(source.slides[number - 1].notes)
    typed, text = split_setting_lines(notes)
    problems: list[str] = []
    read_setting_lines(typed, problems.append)
    if problems:
        raise InvalidInput(_one_after_another(problems), field="notes")
    typed_keys = {setting.key for setting in typed}
    settings = [s.text for s in before if s.key not in typed_keys] + [s.text for s in typed]
    note = "\n\n".join(part for part in (text, "\n".join(settings)) if part)
    try:
        write_note(pdfpc_path_for(deck.path), [s.pages for s in source.slides], number - 1, note)
    except OSError as error:
        raise NotAllowed(Message(
            "cannot save the note in {file}: {reason}", file=pdfpc_path_for(deck.path).name,
            reason=error.strerror or str(error),
        )) from None


def _one_after_another(problems: list[str]) -> str:
    """Several problems as one refusal, each said in the reader's language (a language
    separates a list its own way: "；" in Chinese)."""
    return reduce(lambda said, problem: Message("{problems}; {problem}", problems=said, problem=problem), problems)
