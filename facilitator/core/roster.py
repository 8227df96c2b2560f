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
from .files import cannot_read
from .session import MAX_NAME_LENGTH
from .text import clean_text, fold
from .translation import Message, plural_message

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
        raise FormatError([Problem(path, 1, cannot_read(error))]) from None
    return parse_roster(data, path)


def _decode(data: bytes, path: Path) -> str:
    if len(data) > MAX_ROSTER_BYTES:
        raise FormatError([Problem(path, 1, Message(
            "larger than {size} MB: not a roster", size=MAX_ROSTER_BYTES // 1024 // 1024,
        ))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError([Problem(
            path, line,
            Message("not UTF-8 text: save the file as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8)"),
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


def _has_text(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def _text_of(data: bytes | str, path: Path) -> str:
    """The roster as text: decoded, without a byte-order mark, refused if it holds NULs."""
    text = _decode(data, path) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if "\x00" in text:
        raise FormatError([Problem(path, text[: text.index("\x00")].count("\n") + 1,
                                   Message("contains NUL bytes: not a CSV text file"))])
    return text


@dataclass(frozen=True)
class _Table:
    """The file's rows as one delimiter splits them, and the first row with text (the header)."""

    rows: list[tuple[int, list[str]]]
    header_line: int
    header: list[str]

    @property
    def name_index(self) -> int | None:
        for index, cell in enumerate(self.header):
            if cell.strip().casefold() == NAME_COLUMN:
                return index
        return None


def _table(text: str, delimiter: str, path: Path) -> _Table:
    try:
        rows = _read(text, delimiter)
    except csv.Error as error:
        # The csv module's own words: they say what it met.
        raise FormatError([Problem(path, 1, Message("not a CSV file: {error}", error=str(error)))]) from None
    header = next(((line, row) for line, row in rows if _has_text(row)), None)
    if header is None:
        raise FormatError([Problem(
            path, 1, Message("the file is empty: it needs a header line with a `name` column"),
        )])
    return _Table(rows, *header)


def _table_with_names(text: str, path: Path) -> tuple[_Table, int]:
    """The file read with the first delimiter that gives a `name` column, and that column."""
    first = None
    for delimiter in DELIMITERS:  # read lazily: most files are comma-separated
        table = _table(text, delimiter, path)
        first = first or table
        if (index := table.name_index) is not None:
            return table, index
    found = ", ".join(repr(cell.strip()) for cell in first.header if cell.strip()) or Message("nothing")
    raise FormatError([Problem(
        path, first.header_line,
        Message("no `name` column in the header line (found {found}); the first line must"
                " name the columns, e.g. name,email", found=found),
    )])


def _header_problems(headers: list[str], line: int, path: Path) -> list[Problem]:
    """Columns without a name, or named twice."""
    problems = []
    seen: set[str] = set()
    for number, header in enumerate(headers, start=1):
        key = header.casefold()
        if not header:
            problems.append(Problem(path, line, Message(
                "column {number} of the header line has no name", number=str(number),
            )))
        elif key in seen:
            problems.append(Problem(path, line, Message(
                "the column {column} appears twice in the header line", column=repr(header),
            )))
        seen.add(key)
    return problems


class _RowReader:
    """Reads the rows below the header into entries, gathering every bad row's problem."""

    def __init__(self, path: Path, headers: list[str], name_index: int):
        self.path = path
        self.headers = headers
        self.name_index = name_index
        self.problems: list[Problem] = []
        self.entries: list[RosterEntry] = []
        self.repeated: list[int] = []
        self._seen_rows: set[tuple[str, ...]] = set()

    def read(self, line: int, row: list[str]) -> None:
        cells = self._cells(line, row)
        if cells is None:
            return
        try:
            name = clean_text(cells[self.name_index], what=Message("the name"), max_length=MAX_NAME_LENGTH)
        except InvalidInput as error:
            self.problems.append(Problem(self.path, line, error.args[0]))  # its Message, not only the English
            return
        cells[self.name_index] = name
        if self._is_repeat(name, cells):
            self.repeated.append(line)
            return
        self.entries.append(RosterEntry(name=name, line=line, fields=dict(zip(self.headers, cells))))

    def _cells(self, line: int, row: list[str]) -> list[str] | None:
        """The row's stripped fields, one per column; None (a problem noted) if it has too many."""
        width = len(self.headers)
        cells = [cell.strip() for cell in row]
        if any(cells[width:]):
            self.problems.append(Problem(self.path, line, plural_message(
                "{count} field but the header has {width}: put a value containing the separator"
                " in double quotes, e.g. \"Smith, Jane\"",
                "{count} fields but the header has {width}: put a value containing the separator"
                " in double quotes, e.g. \"Smith, Jane\"",
                len(cells), width=width,
            )))
            return None
        cells = cells[:width]  # trailing empty fields are not extra columns
        return cells + [""] * (width - len(cells))

    def _is_repeat(self, name: str, cells: list[str]) -> bool:
        """A row pasted twice: the same in every column, in a file with columns besides the name."""
        if len(self.headers) == 1:
            return False  # two people may share a name; with nothing else to tell, keep both
        key = tuple([fold(name)] + [c for i, c in enumerate(cells) if i != self.name_index])
        if key in self._seen_rows:
            return True
        self._seen_rows.add(key)
        return False


def _duplicates(entries: list[RosterEntry]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """(first spelling, lines) of each name that more than one row holds."""
    by_name: dict[str, list[RosterEntry]] = {}
    for entry in entries:
        by_name.setdefault(fold(entry.name), []).append(entry)
    return tuple(
        (group[0].name, tuple(e.line for e in group)) for group in by_name.values() if len(group) > 1
    )


def parse_roster(data: bytes | str, path: Path | str = Path("roster.csv")) -> Roster:
    """Check a roster's content (bytes as read from the file, or text); see the module."""
    path = Path(path)
    table, name_index = _table_with_names(_text_of(data, path), path)
    headers = [cell.strip() for cell in table.header]
    rows = _RowReader(path, headers, name_index)
    for line, row in table.rows:
        if line > table.header_line and _has_text(row):
            rows.read(line, row)
    problems = _header_problems(headers, table.header_line, path) + rows.problems
    if problems:
        raise FormatError(problems)
    if not rows.entries:
        raise FormatError([Problem(path, table.header_line, Message("no names below the header line"))])
    return Roster(
        path=path, columns=tuple(headers), entries=tuple(rows.entries),
        duplicates=_duplicates(rows.entries), repeated_lines=tuple(rows.repeated),
    )
