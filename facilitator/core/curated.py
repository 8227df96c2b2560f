"""The handout's curated content: action ideas and resources, kept in one TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import FormatError, Problem
from .exercise import not_toml
from .files import cannot_read
from .translation import Message, plural_message

MAX_IDEA_LENGTH = 300


@dataclass(frozen=True)
class CuratedIdea:
    text: str
    theme: str = ""


@dataclass(frozen=True)
class Resource:
    """Something to read further, with what a reader needs to find it, where known."""

    title: str
    by: str = ""
    note: str = ""
    publisher: str = ""
    year: str = ""  # "2012", or "2011–2012" when a source is dated only that closely
    link: str = ""  # http(s)


@dataclass(frozen=True)
class CuratedContent:
    ideas: tuple[CuratedIdea, ...]
    resources: tuple[Resource, ...]


def _nth_table_line(text: str, table: str, index: int) -> int:
    """The line of the index-th `[[table]]` header, for errors about one entry."""
    headers = [
        number for number, line in enumerate(text.splitlines(), start=1)
        if re.match(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]", line)
    ]
    return headers[index] if index < len(headers) else 1


@dataclass(frozen=True)
class _TableRules:
    """What each `[[table]]` entry of one kind must hold."""

    name: str
    required: str  # the key an entry cannot do without
    allowed: frozenset[str]
    max_length: int | None = None  # of the required text
    one: str = ""  # one entry, in words (a Message), for the message about its length
    # Keys whose text has a form: the pattern it must match, and the form in words.
    forms: tuple[tuple[str, re.Pattern, str], ...] = ()


_TABLES = (
    _TableRules("ideas", "text", frozenset({"text", "theme"}), MAX_IDEA_LENGTH, Message("an idea")),
    _TableRules(
        "resources", "title", frozenset({"title", "by", "note", "publisher", "year", "link"}),
        forms=(
            ("year", re.compile(r"\d{4}(\s*[–-]\s*\d{4})?"), Message("a year (2012) or two (2011–2012)")),
            ("link", re.compile(r"https?://[^\s<>\"]{1,300}"),
             Message("an http:// or https:// address, with no spaces")),
        ),
    ),
)


def _read_toml(path: Path) -> tuple[str, dict]:
    """The file's text and its TOML, or a FormatError saying why it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return text, tomllib.loads(text)
    except OSError as error:
        raise FormatError([Problem(path, 1, cannot_read(error))]) from None
    except UnicodeDecodeError:
        raise FormatError([Problem(path, 1, Message("not UTF-8 text"))]) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise FormatError([Problem(path, int(match.group(1)) if match else 1, not_toml(error))]) from None


def _entries_of(data: dict, rules: _TableRules, path: Path, problems: list[Problem]) -> list[dict]:
    """The table's entries as written (problems noted if it is missing or not tables)."""
    rows = data.get(rules.name, [])
    if not isinstance(rows, list) or not rows:
        problems.append(Problem(path, 1, Message("no [[{table}]] entries", table=rules.name)))
        return []
    if not all(isinstance(row, dict) for row in rows):
        problems.append(Problem(path, 1, Message("`{table}` must be [[{table}]] tables of keys", table=rules.name)))
        return []
    return rows


def _entry_problems(row: dict, rules: _TableRules, path: Path, line: int) -> list[Problem]:
    table = rules.name
    problems = []
    if unknown := set(row) - rules.allowed:
        problems.append(Problem(path, line, plural_message(
            "unknown key {keys} in [[{table}]]", "unknown keys {keys} in [[{table}]]", len(unknown),
            keys=", ".join(sorted(unknown)), table=table)))
    if not all(isinstance(v, str) for v in row.values()):
        return problems + [Problem(path, line, Message("every value in [[{table}]] is text", table=table))]
    if not row.get(rules.required, "").strip():
        problems.append(Problem(path, line, Message("[[{table}]] entry without `{key}`", table=table,
                                                    key=rules.required)))
    elif rules.max_length is not None and len(row[rules.required]) > rules.max_length:
        problems.append(Problem(path, line, Message("{what} is longer than {count} characters", what=rules.one,
                                                    count=rules.max_length)))
    for key, pattern, form in rules.forms:
        value = row.get(key, "").strip()
        if value and not pattern.fullmatch(value):
            problems.append(Problem(path, line, Message("`{key}` in [[{table}]] must be {form}, not {value}", key=key,
                                                        table=table, form=form, value=repr(value))))
    return problems


def load_curated(path: Path) -> CuratedContent:
    path = Path(path)
    text, data = _read_toml(path)
    problems: list[Problem] = [
        Problem(path, 1, Message("unknown table `{key}`: the file holds [[ideas]] and [[resources]]", key=key))
        for key in data if key not in {rules.name for rules in _TABLES}
    ]
    rows: dict[str, list[dict]] = {}
    for rules in _TABLES:
        rows[rules.name] = _entries_of(data, rules, path, problems)
        for index, row in enumerate(rows[rules.name]):
            problems += _entry_problems(row, rules, path, _nth_table_line(text, rules.name, index))
    if problems:
        raise FormatError(problems)
    # Every value is text now: an entry with any other was a problem.
    entries = {table: [{k: v.strip() for k, v in row.items()} for row in found] for table, found in rows.items()}
    return CuratedContent(
        ideas=tuple(CuratedIdea(**row) for row in entries["ideas"]),
        resources=tuple(Resource(**row) for row in entries["resources"]),
    )
