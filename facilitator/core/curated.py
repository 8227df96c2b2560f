"""The handout's curated content: action ideas and resources, kept in one TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import FormatError, Problem

MAX_IDEA_LENGTH = 300


@dataclass(frozen=True)
class CuratedIdea:
    text: str
    theme: str = ""


@dataclass(frozen=True)
class Resource:
    title: str
    by: str = ""
    note: str = ""


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


def load_curated(path: Path) -> CuratedContent:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except OSError as error:
        raise FormatError([Problem(path, 1, f"cannot read the file: {error.strerror}")]) from None
    except UnicodeDecodeError:
        raise FormatError([Problem(path, 1, "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise FormatError([Problem(path, int(match.group(1)) if match else 1, f"not valid TOML: {error}")]) from None

    problems: list[Problem] = []
    fields = {"ideas": ("text", {"text", "theme"}), "resources": ("title", {"title", "by", "note"})}
    entries: dict[str, list[dict]] = {}
    for key in data:
        if key not in fields:
            problems.append(Problem(path, 1, f"unknown table `{key}`: the file holds [[ideas]] and [[resources]]"))
    for table, (required, allowed) in fields.items():
        rows = data.get(table, [])
        if not isinstance(rows, list) or not rows:
            problems.append(Problem(path, 1, f"no [[{table}]] entries"))
            rows = []
        elif not all(isinstance(row, dict) for row in rows):
            problems.append(Problem(path, 1, f"`{table}` must be [[{table}]] tables of keys"))
            rows = []
        for index, row in enumerate(rows):
            line = _nth_table_line(text, table, index)
            unknown = set(row) - allowed
            if unknown:
                problems.append(Problem(path, line, f"unknown key(s) {', '.join(sorted(unknown))} in [[{table}]]"))
            if not all(isinstance(v, str) for v in row.values()):
                problems.append(Problem(path, line, f"every value in [[{table}]] is text"))
                continue
            if not row.get(required, "").strip():
                problems.append(Problem(path, line, f"[[{table}]] entry without `{required}`"))
            elif table == "ideas" and len(row["text"]) > MAX_IDEA_LENGTH:
                problems.append(Problem(path, line, f"an idea is longer than {MAX_IDEA_LENGTH} characters"))
            entries.setdefault(table, []).append({k: v.strip() for k, v in row.items()})
    if problems:
        raise FormatError(problems)
    return CuratedContent(
        ideas=tuple(CuratedIdea(**row) for row in entries["ideas"]),
        resources=tuple(Resource(**row) for row in entries["resources"]),
    )
