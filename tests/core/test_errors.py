"""A problem found in a file, said in the reader's language: the file and line as an
editor reads them, the paragraph in the language's direction."""

import unicodedata
from pathlib import Path

import pytest

from facilitator.core.errors import Problem
from facilitator.core.translation import Message, available_languages, translator

CODES = [language.code for language in available_languages()]
ISOLATES, POP = "\u2066\u2067\u2068", "\u2069"


def paragraph_direction(text: str) -> str:
    """The direction Unicode's rule P2 gives a paragraph: its first strong character,
    outside any isolate."""
    depth = 0
    for ch in text:
        if ch in ISOLATES:
            depth += 1
        elif ch == POP:
            depth = max(0, depth - 1)
        elif depth == 0 and unicodedata.bidirectional(ch) in ("L", "R", "AL"):
            return "ltr" if unicodedata.bidirectional(ch) == "L" else "rtl"
    return "ltr"


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("problem", [
    Problem(Path("decks/talk.md"), 12, Message("unknown key {key}", key="`bogus`")),
    Problem(Path("decks/talk.pdf"), 0, Message("unknown key {key}", key="`bogus`"), slide=3),
])
def test_a_problem_line_keeps_its_file_whole_and_reads_in_the_languages_direction(code, problem):
    words = translator(code)
    line = problem.said(words)
    assert paragraph_direction(line) == words.direction
    assert ("decks/talk.md:12" if problem.slide is None else "decks/talk.pdf") in line


def test_the_line_number_is_digits_an_editor_reads_in_every_language():
    line = Problem(Path("talk.md"), 1234, "x").said(translator("ar"))
    assert "talk.md:1234" in line


def test_a_problem_in_english_is_the_editors_file_line_form():
    assert str(Problem(Path("talk.md"), 7, "x")) == "talk.md:7: x"
    assert str(Problem(Path("talk.pdf"), 0, "x", slide=2)) == "talk.pdf: slide 2: x"
