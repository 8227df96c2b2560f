"""A roster: the people expected at a workshop, imported from a CSV file before the day.

What is accepted:

- UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes one); CRLF, LF or
  CR line ends; fields quoted the usual CSV way ("Smith, Jane" is one field).
- Comma, semicolon or tab between fields (Excel writes semicolons in many countries):
  the header line decides, the first of them that gives a `name` column.
- A header line with a `name` column (any case, spaces around ignored). Other columns
  (email, team...) are kept as they are, for the caller.
- Empty lines, and lines whose every field is empty, are skipped.

Each name is tidied as names typed on a phone are (`clean_text`: one line, runs of
spaces folded, control characters gone, NFC) and must be 1 to 80 characters. Every bad
row is reported at once, in one `FormatError` naming each line (the line a row starts
on, for a quoted field spanning several lines).

Duplicates: two rows with the same name (compared case- and width-insensitively) are
both kept, since two people can share a name; they are listed in `Roster.duplicates` so
the name-check list can ask. A row that repeats an earlier row in every column, in a file
with columns besides the name (so the email or team is the same too), is a pasted twice
row: only the first is kept and the repeat's line is listed in `Roster.repeated_lines`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FormatError, InvalidInput, Problem
from .session import MAX_NAME_LENGTH
from .text import clean_text, fold

MAX_ROSTER_BYTES = 5 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
NAME_COLUMN = "name"


@dataclass(frozen=True)
class RosterEntry:
    name: str
    line: int  # where the row starts in the file, 1-based
    fields: dict[str, str] = field(default_factory=dict)  # every column, by header as written

    def get(self, column: str, default: str = "") -> str:
        """A column's value by header, case-insensitively."""
        wanted = column.strip().casefold()
        for header, value in self.fields.items():
            if header.strip().casefold() == wanted:
                return value
        return default


@dataclass(frozen=True)
class Roster:
    path: Path
    columns: tuple[str, ...]  # the headers, as written
    entries: tuple[RosterEntry, ...]
    duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (name, lines) of shared names
    repeated_lines: tuple[int, ...] = ()  # rows dropped as exact repeats of an earlier row

    @property
    def names(self) -> list[str]:
        return [entry.name for entry in self.entries]

    def __len__(self) -> int:
        return len(self.entries)


def load_roster(path: Path | str) -> Roster:
    """Read and check a roster CSV file; raise FormatError naming every bad line."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ROSTER_BYTES + 1)
    except OSError as error:
        raise FormatError([Problem(path, 1, f"cannot read the file: {error.strerror}")]) from None
    return parse_roster(data, path)


def _decode(data: bytes, path: Path) -> str:
    if len(data) > MAX_ROSTER_BYTES:
        raise FormatError([Problem(path, 1, f"larger than {MAX_ROSTER_BYTES // 1024 // 1024} MB: not a roster")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError([Problem(
            path, line,
            "not UTF-8 text: save the file as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)",
        )]) from None


def _read(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line the row starts on, fields) for every row, empty lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _header_index(header: list[str]) -> int | None:
    for index, cell in enumerate(header):
        if cell.strip().casefold() == NAME_COLUMN:
            return index
    return None


def parse_roster(data: bytes | str, path: Path | str = Path("roster.csv")) -> Roster:
    """Check a roster's content (bytes as read from the file, or text); see the module."""
    path = Path(path)
    text = _decode(data, path) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if "\x00" in text:
        raise FormatError([Problem(path, text[: text.index("\x00")].count("\n") + 1,
                                   "contains NUL bytes: not a CSV text file")])

    chosen: list[tuple[int, list[str]]] | None = None
    name_index = None
    header_line = 1
    first_header: list[str] = []
    for delimiter in DELIMITERS:
        try:
            rows = _read(text, delimiter)
        except csv.Error as error:
            raise FormatError([Problem(path, 1, f"not a CSV file: {error}")]) from None
        non_empty = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
        if not non_empty:
            raise FormatError([Problem(path, 1, "the file is empty: it needs a header line with a `name` column")])
        header_line, header = non_empty[0]
        if not first_header:
            first_header = header
        index = _header_index(header)
        if index is not None:
            chosen, name_index = rows, index
            break
    if chosen is None or name_index is None:
        found = ", ".join(repr(cell.strip()) for cell in first_header if cell.strip()) or "nothing"
        raise FormatError([Problem(
            path, header_line,
            f"no `name` column in the header line (found {found}); the first line must"
            " name the columns, e.g. name,email",
        )])

    header_cells = next(row for line, row in chosen if line == header_line)
    headers = [cell.strip() for cell in header_cells]
    problems: list[Problem] = []
    seen_headers: set[str] = set()
    for number, header in enumerate(headers, start=1):
        key = header.casefold()
        if not header:
            problems.append(Problem(path, header_line, f"column {number} of the header line has no name"))
        elif key in seen_headers:
            problems.append(Problem(path, header_line, f"the column {header!r} appears twice in the header line"))
        seen_headers.add(key)

    entries: list[RosterEntry] = []
    seen_rows: dict[tuple[str, ...], int] = {}
    repeated: list[int] = []
    for line, row in chosen:
        if line <= header_line or not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if len(cells) > len(headers):
            extra = cells[len(headers):]
            if any(extra):
                problems.append(Problem(
                    path, line,
                    f"{len(cells)} fields but the header has {len(headers)}: put a value"
                    " containing the separator in double quotes, e.g. \"Smith, Jane\"",
                ))
                continue
            cells = cells[: len(headers)]
        cells += [""] * (len(headers) - len(cells))
        try:
            name = clean_text(cells[name_index], what="the name", max_length=MAX_NAME_LENGTH)
        except InvalidInput as error:
            problems.append(Problem(path, line, str(error)))
            continue
        cells[name_index] = name
        if len(headers) > 1:
            key = tuple([fold(name)] + [c for i, c in enumerate(cells) if i != name_index])
            if key in seen_rows:
                repeated.append(line)
                continue
            seen_rows[key] = line
        entries.append(RosterEntry(name=name, line=line, fields=dict(zip(headers, cells))))
    if problems:
        raise FormatError(problems)
    if not entries:
        raise FormatError([Problem(path, header_line, "no names below the header line")])

    by_name: dict[str, list[RosterEntry]] = {}
    for entry in entries:
        by_name.setdefault(fold(entry.name), []).append(entry)
    duplicates = tuple(
        (group[0].name, tuple(e.line for e in group)) for group in by_name.values() if len(group) > 1
    )
    return Roster(
        path=path, columns=tuple(headers), entries=tuple(entries),
        duplicates=duplicates, repeated_lines=tuple(repeated),
    )
