"""Assertions shared by the tests of the file loaders."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from facilitator.core.errors import FormatError, Problem


def problems_from(load: Callable[[Path], object], path: Path, *, in_file: bool = True) -> list[Problem]:
    """The problems `load(path)` reports; with in_file, all of them name that file."""
    with pytest.raises(FormatError) as caught:
        load(path)
    if in_file:
        assert {p.path for p in caught.value.problems} == {path}
    return caught.value.problems


def single_problem(load: Callable[[Path], object], path: Path, *, in_file: bool = True) -> Problem:
    problems = problems_from(load, path, in_file=in_file)
    assert len(problems) == 1, problems
    return problems[0]


_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069"))


def without_direction_marks(text: str) -> str:
    """A line as its characters read, without the invisible marks that set its direction
    (an Arabic problem line keeps its file and line whole with them)."""
    return text.translate(_DIRECTION_MARKS)
