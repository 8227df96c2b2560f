"""The handout's curated ideas and resources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.core.curated import CuratedIdea, Resource, load_curated
from facilitator.core.errors import Problem
from facilitator.core.paths import HANDOUT_CONTENT
from facilitator.core.translation import translator
from tests.helpers import problems_from, single_problem

IDEA = '[[ideas]]\ntext = "Do one thing."\n'
RESOURCE = '[[resources]]\ntitle = "A book"\n'


@pytest.fixture
def handout_file(write_files):
    def write(text: str) -> Path:
        return write_files({"handout.toml": text}) / "handout.toml"

    return write


def problems_of(path: Path) -> list[Problem]:
    return problems_from(load_curated, path)


def only_problem(path: Path) -> Problem:
    return single_problem(load_curated, path)


def test_ideas_and_resources_are_read_in_order_and_trimmed(handout_file):
    content = load_curated(handout_file(
        '[[ideas]]\ntext = "  First idea.  "\ntheme = "Policy"\n\n'
        '[[ideas]]\ntext = "Second idea."\n\n'
        '[[resources]]\ntitle = "A book"\nby = " Someone "\nnote = "Worth reading."\n\n'
        '[[resources]]\ntitle = "A column"\n'
    ))
    assert content.ideas == (CuratedIdea("First idea.", "Policy"), CuratedIdea("Second idea."))
    assert content.resources == (Resource("A book", "Someone", "Worth reading."), Resource("A column"))


def test_a_resource_says_where_to_find_it(handout_file):
    content = load_curated(handout_file(
        IDEA + RESOURCE + 'publisher = "HuffPost"\nyear = "2011–2012"\nlink = "https://example.org/a?b=1"\n'
    ))
    assert content.resources == (Resource("A book", publisher="HuffPost", year="2011–2012",
                                          link="https://example.org/a?b=1"),)


def test_entries_may_be_inline_tables(handout_file):
    content = load_curated(handout_file('ideas = [{text = "Do it."}]\nresources = [{title = "A book"}]\n'))
    assert content.ideas == (CuratedIdea("Do it."),)
    assert content.resources == (Resource("A book"),)


BROKEN = [
    pytest.param(RESOURCE, 1, "no [[ideas]] entries", id="no-ideas"),
    pytest.param(IDEA, 1, "no [[resources]] entries", id="no-resources"),
    pytest.param("ideas = []\n" + RESOURCE, 1, "no [[ideas]] entries", id="empty-ideas"),
    pytest.param('[ideas]\ntext = "Do it."\n\n' + RESOURCE, 1, "no [[ideas]] entries", id="ideas-not-an-array"),
    pytest.param('ideas = ["Do it."]\n' + RESOURCE, 1, "[[ideas]]", id="ideas-not-tables"),
    pytest.param('title = "Handout"\n' + IDEA + RESOURCE, 1, "unknown table `title`", id="unknown-table"),
    pytest.param(
        IDEA + '\n[[ideas]]\ntext = "Another."\ntopic = "Policy"\n\n' + RESOURCE, 4,
        "unknown key topic in [[ideas]]", id="unknown-key-in-second-idea",
    ),
    pytest.param(
        IDEA + '\n[[ideas]]\ntheme = "Policy"\n\n' + RESOURCE, 4, "[[ideas]] entry without `text`",
        id="idea-without-text",
    ),
    pytest.param(
        IDEA + '\n[[ideas]]\ntext = "   "\n\n' + RESOURCE, 4, "[[ideas]] entry without `text`", id="blank-idea",
    ),
    pytest.param(
        IDEA + RESOURCE + '\n[[resources]]\nby = "Someone"\n', 6, "[[resources]] entry without `title`",
        id="resource-without-title",
    ),
    pytest.param(
        IDEA + "\n[[ideas]]\ntext = 42\n\n" + RESOURCE, 4, "every value in [[ideas]] is text", id="value-not-text",
    ),
    pytest.param(IDEA + RESOURCE + 'year = "last year"\n', 3, "`year` in [[resources]] must be a year",
                 id="year-in-words"),
    pytest.param(IDEA + RESOURCE + 'link = "javascript:alert(1)"\n', 3,
                 "`link` in [[resources]] must be an http:// or https:// address", id="link-not-http"),
    pytest.param(IDEA + RESOURCE + 'link = "https://example.org/a b"\n', 3, "with no spaces",
                 id="link-with-a-space"),
    pytest.param(
        '[[ideas]]\ntext = "' + "x" * 301 + '"\n\n' + RESOURCE, 1, "longer than 300 characters",
        id="idea-too-long",
    ),
    pytest.param(IDEA + RESOURCE + "note = \n", 5, "not valid TOML", id="toml-syntax"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BROKEN)
def test_broken_handout_is_reported_at_its_line(handout_file, text, line, fragment):
    problem = only_problem(handout_file(text))
    assert problem.line == line
    assert fragment in problem.message


def test_every_problem_is_reported_sorted_by_line(handout_file):
    problems = problems_of(handout_file(
        IDEA + '\n[[ideas]]\ntheme = "T"\n\n[[resources]]\nnote = "N"\n'
    ))
    assert [(p.line, p.message) for p in problems] == [
        (4, "[[ideas]] entry without `text`"),
        (7, "[[resources]] entry without `title`"),
    ]


def test_non_utf8_handout_is_reported(handout_file):
    path = handout_file("")
    path.write_bytes((IDEA + RESOURCE + 'note = "Caf\xe9"\n').encode("latin-1"))
    problem = only_problem(path)
    assert problem.line == 1
    assert "not UTF-8" in problem.message


# -- the shipped handout ------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_curated(HANDOUT_CONTENT)


def test_shipped_handout_has_at_least_15_ideas(shipped):
    assert len(shipped.ideas) >= 15


def test_shipped_handout_has_resources(shipped):
    assert shipped.resources
    assert all(r.title for r in shipped.resources)


def test_every_shipped_idea_is_one_sentence(shipped):
    def one_sentence(text: str) -> bool:
        return text.endswith(".") and not re.search(r"[!?]|\.\s", text[:-1])

    assert [i.text for i in shipped.ideas if not one_sentence(i.text)] == []


def test_shipped_ideas_are_all_different(shipped):
    texts = [i.text.casefold() for i in shipped.ideas]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("text, language, line, said", [
    (IDEA + RESOURCE + 'year = "soon"\n', "de", 3,
     "`year` in [[resources]] muss eine Jahreszahl (2012) oder zwei (2011–2012) sein, nicht 'soon'"),
    (IDEA + '[[ideas]]\ntext = "Two."\ntopic = "x"\n' + RESOURCE, "ar", 3, "مفتاح غير معروف topic في [[ideas]]"),
])
def test_a_handout_files_problem_is_said_in_the_readers_language(handout_file, text, language, line, said):
    problem = only_problem(handout_file(text))
    shown = problem.said(translator(language))
    assert f"{problem.path}:{line}" in shown and shown.endswith(f": {said}")
