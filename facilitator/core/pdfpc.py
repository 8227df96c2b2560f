"""pdfpc's notes file beside a PDF deck (`talk.pdfpc` for `talk.pdf`), read and written.

pdfpc, the presenter console LaTeX users rely on, writes JSON since version 4.5:
`{"pdfpcFormat": 2, "duration": 20, "pages": [{"idx": 0, "label": "1", "overlay": 0,
"forcedOverlay": false, "hidden": false, "note": "..."}, ...]}`, one entry per page (`idx`
counts from 0; the pages of one Beamer frame share a label, the later ones with an
overlay above 0). Older versions wrote plain text: `[duration]` and `[notes]` sections,
each note after a `### N` line (N the slide, from 1). Both are read; notes are written
back in JSON, keeping every key and page entry Facilitator does not change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from .deck import MAX_DURATION
from .errors import FormatError, Problem
from .files import cannot_read, write_whole
from .text import describe, first_non_character
from .translation import Message

PDFPC_FORMAT = 2


def pdfpc_path_for(pdf: Path) -> Path:
    return Path(pdf).with_suffix(".pdfpc")


@dataclass(frozen=True)
class PdfpcFile:
    """What a pdfpc file says about a deck's pages."""

    path: Path
    duration: float | None = None  # minutes
    page_notes: dict[int, str] = field(default_factory=dict)  # by page, from 0 (JSON)
    slide_notes: dict[int, str] = field(default_factory=dict)  # by slide, from 1 (text)
    labels: dict[int, str] = field(default_factory=dict)  # by page
    continuing: frozenset[int] = frozenset()  # pages that build on the page before
    hidden: frozenset[int] = frozenset()
    page_lines: dict[int, int] = field(default_factory=dict)  # where each page's entry is
    content: dict = field(default_factory=dict)  # the JSON as read, to write back


def read_pdfpc(path: Path) -> PdfpcFile | None:
    """The pdfpc file at `path`, None if there is none. FormatError when it is broken."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FormatError([Problem(path, 1, cannot_read(error))]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError([Problem(path, data[: error.start].count(b"\n") + 1, Message("not UTF-8 text"))]) from None
    if text.lstrip().startswith("{"):
        return _JsonReader(path, text).read()
    if re.search(r"^\[(file|notes|duration|skip)\]\s*$", text, re.MULTILINE):
        return _read_text_format(path, text)
    raise FormatError([Problem(path, 1, Message("not a pdfpc file: pdfpc writes JSON that starts with `{`"))])


class _JsonReader:
    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self.page_notes: dict[int, str] = {}
        self.labels: dict[int, str] = {}
        self.page_lines: dict[int, int] = {}
        self.continuing: set[int] = set()
        self.hidden: set[int] = set()

    def fail(self, line: int, message: Message) -> None:
        self.problems.append(Problem(self.path, line, message))

    def read(self) -> PdfpcFile:
        content = self._parse()
        duration = self._duration(content.get("duration"))
        pages = content.get("pages", [])
        if not isinstance(pages, list):
            self.fail(self._line_of_key("pages"), Message("`pages` must be a list of page entries"))
            pages = []
        for entry, line in zip(pages, self._entry_lines()):
            self._page(entry, line)
        if self.problems:
            raise FormatError(self.problems)
        return PdfpcFile(
            self.path, duration=duration, page_notes=self.page_notes, labels=self.labels,
            continuing=frozenset(self.continuing), hidden=frozenset(self.hidden),
            page_lines=self.page_lines, content=content,
        )

    def _parse(self) -> dict:
        try:
            content = json.loads(self.text)
        except json.JSONDecodeError as error:
            # The JSON reader's own words (English), which name what it met where.
            raise FormatError([Problem(
                self.path, error.lineno, Message("not valid JSON: {error}", error=error.msg),
            )]) from None
        except RecursionError:
            raise FormatError([Problem(
                self.path, 1, Message("not a pdfpc file: its JSON is nested too deep"),
            )]) from None
        return content  # an object: the text starts with `{`

    def _page(self, entry: object, line: int) -> None:
        if not isinstance(entry, dict):
            self.fail(line, Message('a page entry is an object: {"idx": 0, "label": "1", ...}'))
            return
        idx = entry.get("idx")
        if not _is_count(idx):
            self.fail(line, Message(
                "a page entry's `idx` must be the page's number from 0, not {value}", value=repr(idx),
            ))
            return
        # Page and line numbers as the file and an editor write them: digits in every language.
        if idx in self.page_lines:
            self.fail(line, Message(
                "page {page} has two entries (the first on line {line})", page=str(idx), line=str(self.page_lines[idx]),
            ))
            return
        self.page_lines[idx] = line
        note = entry.get("note")
        if note is not None:
            whose = Message("the note of page {page}", page=str(idx))
            if not isinstance(note, str):
                self.fail(line, Message("{what} must be text", what=whose))
            elif bad := first_non_character(note):
                self.fail(line, Message(
                    "{what} holds {character}, which is not a character: type it again",
                    what=whose, character=describe(bad),
                ))
            elif note.strip():
                self.page_notes[idx] = note
        label = entry.get("label")
        if isinstance(label, (str, int)) and not isinstance(label, bool):
            self.labels[idx] = str(label)
        overlay = entry.get("overlay", 0)
        if (_is_count(overlay) and overlay > 0) or entry.get("forcedOverlay") is True:
            self.continuing.add(idx)
        if entry.get("hidden") is True:
            self.hidden.add(idx)

    def _duration(self, duration: object) -> float | None:
        if duration is None or duration == 0:  # pdfpc's own "not set"
            return None
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            self.fail(self._line_of_key("duration"), _not_minutes("`duration`", repr(duration)))
            return None
        return float(duration)

    def _line_of_key(self, key: str) -> int:
        found = re.search(rf'"{re.escape(key)}"\s*:', self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else 1

    def _entry_lines(self) -> Iterator[int]:
        """The line each entry of `pages` starts on, in order (the JSON is valid here)."""
        found = re.search(r'"pages"\s*:\s*\[', self.text)
        position = found.end() if found else len(self.text)
        decoder = json.JSONDecoder()
        while True:
            while position < len(self.text) and self.text[position] in " \t\r\n,":
                position += 1
            yield self.text.count("\n", 0, position) + 1
            try:
                _, position = decoder.raw_decode(self.text, position)
            except (json.JSONDecodeError, RecursionError):
                pass  # a `"pages": [` inside a string fooled the search: lines stay rough


def _read_text_format(path: Path, text: str) -> PdfpcFile:
    """pdfpc's older plain-text format: sections, then from `[notes]` on, the notes."""
    lines = text.replace("\r\n", "\n").split("\n")
    notes_start = next((n for n, line in enumerate(lines) if line.strip() == "[notes]"), len(lines))
    duration = None
    section = ""
    for number, line in enumerate(lines[:notes_start], start=1):
        if header := re.match(r"^\[(\w+)\]$", line.strip()):
            section = header.group(1)
        elif section == "duration" and line.strip():
            minutes = int(line) if line.strip().isdigit() else -1
            if not 0 <= minutes <= MAX_DURATION:
                raise FormatError([Problem(path, number, _not_minutes("[duration]", repr(line.strip())))])
            duration = float(minutes) or None
    notes: dict[int, list[str]] = {}
    current: list[str] | None = None  # the lines of the note being read
    for number, line in enumerate(lines[notes_start + 1 :], start=notes_start + 2):
        if heading := re.match(r"^###\s*(\d+)\s*$", line):
            current = notes[int(heading.group(1))] = []
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise FormatError([Problem(
                path, number, Message("each note starts with a line `### N`, N its slide's number"),
            )])
    slide_notes = {n: text for n, lines in notes.items() if (text := "\n".join(lines).strip())}
    return PdfpcFile(path, duration=duration, slide_notes=slide_notes)


def _not_minutes(key: str, written: str) -> Message:
    """A duration that is not minutes, in either of pdfpc's formats (`key` as it writes it)."""
    return Message("{key} must be minutes ({least} to {most}), not {value}",
                   key=key, least=1, most=MAX_DURATION, value=written)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def write_note(path: Path, frames: Sequence[tuple[int, ...]], frame: int, note: str) -> None:
    """Set the note of slide `frame` (counted from 0 among `frames`, each the pages of one
    slide) in the pdfpc file at `path`, made in pdfpc's JSON format if there is none.

    The note goes on the slide's first page, as pdfpc puts it; every other key, page entry
    and note stays as it was. The file is replaced whole, never half written.
    """
    existing = read_pdfpc(path)
    content = _json_content(existing, frames)
    entries = {entry["idx"]: dict(entry) for entry in content.get("pages", [])}
    for number, pages in enumerate(frames, start=1):
        for overlay, page in enumerate(pages):
            entries.setdefault(page, {
                "idx": page, "label": str(number), "overlay": overlay,
                "forcedOverlay": overlay > 0, "hidden": False,
            })
    first, *others = frames[frame]
    for page in others:
        entries[page].pop("note", None)
    if note:
        entries[first]["note"] = note
    else:
        entries[first].pop("note", None)
    content["pages"] = [entries[idx] for idx in sorted(entries)]
    write_whole(path, json.dumps(content, indent=4, ensure_ascii=False).encode("utf-8"))


def _json_content(existing: PdfpcFile | None, frames: Sequence[tuple[int, ...]]) -> dict:
    """What to write back: the JSON as it was, or (the text format, no file) anew."""
    if existing is not None and existing.content:
        return dict(existing.content)
    content: dict = {"pdfpcFormat": PDFPC_FORMAT}
    if existing is None:
        return content
    if existing.duration is not None:
        content["duration"] = int(existing.duration)
    content["pages"] = [
        {"idx": frames[number - 1][0], "label": str(number), "overlay": 0,
         "forcedOverlay": False, "hidden": False, "note": note}
        for number, note in sorted(existing.slide_notes.items()) if number <= len(frames)
    ]
    return content
