"""An imported deck's settings: lines in its notes and its companion file."""

from __future__ import annotations

import textwrap

import pytest

from facilitator.core.deck import Layout
from facilitator.core.imported import (
    SourceDeck, SourceSlide, companion_path_for, deck_from_source, split_setting_lines,
)
from facilitator.core.readers import files_read_for, read_deck
from facilitator.core.translation import translator
from facilitator.core.workshop import exercises_folder_for, load_workshop
from facilitator.core.paths import EXERCISES_DIR
from tests.deck_files import make_pdf
from tests.helpers import problems_from, single_problem, without_direction_marks


def source(tmp_path, *notes: str, title: str = "", duration: float | None = None) -> SourceDeck:
    slides = tuple(
        SourceSlide(number=n, pages=(n - 1,), title=f"Slide {n}", notes=text)
        for n, text in enumerate(notes, start=1)
    )
    path = tmp_path / "talk.pdf"
    return SourceDeck(path=path, page_file=path, title=title, slides=slides, duration=duration)


def companion(tmp_path, text: str) -> None:
    companion_path_for(tmp_path / "talk.pdf").write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize("notes, settings, kept", [
    ("Say hi\nminutes: 2\nexercise: pick-one", [("minutes", "2"), ("exercise", "pick-one")], "Say hi"),
    ("Minutes: 1.5\r\nLayout: join", [("minutes", "1.5"), ("layout", "join")], ""),
    ("Exercise: ask who posted today", [], "Exercise: ask who posted today"),
    ("Time\vminutes: 3", [("minutes", "3")], "Time"),
])
def test_setting_lines_are_taken_out_of_the_notes(notes, settings, kept):
    found, rest = split_setting_lines(notes)
    assert [(s.key, s.value) for s in found] == settings
    assert rest == kept


def test_an_imported_slide_reads_its_settings_from_its_notes(tmp_path):
    deck = deck_from_source(source(tmp_path, "Welcome\nlayout: join\nminutes: 2", "exercise: pick-one"))
    first, second = deck.slides
    assert (first.layout, first.minutes, first.notes, first.title, first.body) == (
        Layout.JOIN, 2.0, "Welcome", "Slide 1", "# Slide 1")
    assert (second.exercise_id, second.line, second.exercise_line, second.pages) == ("pick-one", 2, 2, (1,))
    assert deck.duration == 2 and not deck.duration_assumed


@pytest.mark.parametrize("notes, message", [
    ("minutes: 1,5", "slide 2: `minutes` must be a number above 0, not '1,5'"),
    ("layout: jion", "slide 2: unknown layout 'jion' (did you mean `join`?); layouts are "
     "default, title, section, join, two-columns"),
    ("minutes: 1\nminutes: 2", "slide 2: `minutes` is set twice on this slide"),
])
def test_a_bad_setting_line_names_the_slide(tmp_path, notes, message):
    deck = source(tmp_path, "", notes)
    problem = single_problem(lambda _: deck_from_source(deck), deck.path)
    assert str(problem) == f"{deck.path}: {message}"


def test_the_companion_file_sets_the_deck_and_wins_over_notes(tmp_path):
    companion(tmp_path, """\
        title: Posting at work
        duration: 30
        facilitator: Ann Lee
        slides:
          2: {exercise: rate, minutes: 4}
        insert:
          - {after: 0, exercise: words}
          - after: 2
            exercise: quiz
            minutes: 3
        """)
    deck = deck_from_source(source(tmp_path, "layout: join", "exercise: pick-one\nminutes: 1", title="Meta"))
    assert (deck.title, deck.duration, deck.facilitator) == ("Posting at work", 30, "Ann Lee")
    assert [(s.exercise_id, s.minutes, s.pages) for s in deck.slides] == [
        ("words", None, ()), (None, None, (0,)), ("rate", 4.0, (1,)), ("quiz", 3.0, ()),
    ]
    assert [s.index for s in deck.slides] == [0, 1, 2, 3]
    assert deck.slides[1].layout is Layout.JOIN


@pytest.mark.parametrize("text, line, words", [
    ("slides:\n  9: {minutes: 2}\n", 2, "9 is not a slide of the deck: its slides are 1 to 2"),
    ("slides:\n  1:\n    minutes: lots\n", 3, "`minutes` must be a number above 0, not 'lots'"),
    ("slides:\n  1: {colour: red}\n", 2, "unknown slide setting `colour`"),
    ("slides:\n  1: 5\n", 2, "a slide's settings are `key: value` pairs"),
    ("slides: [1]\n", 1, "`slides` maps slide numbers"),
    ("insert:\n  - {exercise: quiz}\n", 2, "names the slide it follows and its exercise"),
    ("insert:\n  - {after: 3, exercise: quiz}\n", 2, "3 is not a slide of the deck: its slides are 0 to 2"),
    ("title: T\ndurration: 5\n", 2, "unknown companion file key `durration` (did you mean `duration`?)"),
    ("duration: 0\n", 1, "`duration` must be the length in minutes"),
    ("title: [unclosed\n", 2, "companion file is not valid YAML"),
    ('title: "\\udfff"\n', 1, "`title` holds U+DFFF (half of a surrogate pair), which is not a character"),
])
def test_a_broken_companion_file_is_named_with_its_line(tmp_path, text, line, words):
    companion(tmp_path, text)
    deck = source(tmp_path, "", "")
    problem = single_problem(lambda _: deck_from_source(deck), companion_path_for(deck.path))
    assert problem.line == line
    assert words in problem.message


@pytest.mark.parametrize("text, language, said", [
    ("title: T\ndurration: 5\n", "de", "2: Begleitdatei: unbekannter Schlüssel `durration` (meintest du `duration`?)"),
    ("insert:\n  - {after: 3, exercise: quiz}\n", "de",
     "2: 3 ist keine Folie des Foliensatzes: seine Folien sind 0 bis 2"),
    ("slides: [1]\n", "ar", "1: يربط `slides` أرقام الشرائح بإعداداتها: `4: {exercise: my-poll}`"),
])
def test_a_companion_files_problem_is_said_in_the_readers_language(tmp_path, text, language, said):
    companion(tmp_path, text)
    deck = source(tmp_path, "", "")
    problem = single_problem(lambda _: deck_from_source(deck), companion_path_for(deck.path))
    assert without_direction_marks(problem.said(translator(language))) == f"{problem.path}:{said}"


@pytest.mark.parametrize("meta_title, first_title, expected", [
    ("Meta", "First", "Meta"), ("", "First", "First"), ("", "", "talk"),
])
def test_the_title_when_the_companion_gives_none(tmp_path, meta_title, first_title, expected):
    path = tmp_path / "talk.pdf"
    slides = (SourceSlide(1, (0,), first_title, ""),)
    assert deck_from_source(SourceDeck(path, path, meta_title, slides)).title == expected


@pytest.mark.parametrize("companion_text, source_duration, notes, duration, assumed", [
    ("duration: 40\n", 25, "minutes: 2", 40, False),
    ("", 25, "minutes: 2", 25, False),
    ("", None, "minutes: 2", 2, False),
    ("", None, "", 3, True),
])
def test_the_duration_in_order_of_precedence(tmp_path, companion_text, source_duration, notes, duration, assumed):
    companion(tmp_path, companion_text)
    deck = deck_from_source(source(tmp_path, notes, "", "", duration=source_duration))
    assert (deck.duration, deck.duration_assumed) == (duration, assumed)


@pytest.fixture
def pdf_workshop(tmp_path, write_files):
    from tests.conftest import EXERCISES

    write_files({f"exercises/{eid}.toml": text for eid, text in EXERCISES.items()})
    return make_pdf(tmp_path / "talk.pdf", 3)


def test_an_unknown_exercise_names_the_slide_or_the_companion_line(pdf_workshop):
    from tests.deck_files import PdfpcPage, write_pdfpc

    write_pdfpc(pdf_workshop.with_suffix(".pdfpc"), [PdfpcPage(1, "2", note="exercise: nope")])
    companion(pdf_workshop.parent, "insert:\n  - after: 1\n    exercise: missing\n")
    problems = problems_from(load_workshop, pdf_workshop, in_file=False)
    assert [str(p) for p in problems] == [
        f"{companion_path_for(pdf_workshop)}:3: unknown exercise 'missing': no file missing.toml in exercises/",
        f"{pdf_workshop}: slide 2: unknown exercise 'nope': no file nope.toml in exercises/",
    ]


def test_a_pdf_workshop_loads_with_its_exercises(pdf_workshop):
    companion(pdf_workshop.parent, "slides:\n  1: {layout: join}\n  2: {exercise: pick-one}\n"
              "insert:\n  - {after: 3, exercise: quiz}\n")
    workshop = load_workshop(pdf_workshop)
    assert workshop.deck.page_file == pdf_workshop
    assert list(workshop.exercises) == ["pick-one", "quiz"]
    assert [(s.title, s.body) for s in workshop.deck.slides] == [
        ("Page 1", "# Page 1"), ("Page 2", "# Page 2"), ("Page 3", "# Page 3"), ("quiz", "# quiz")]


def test_a_deck_anywhere_runs_the_shipped_exercises(tmp_path):
    deck = read_deck(make_pdf(tmp_path / "downloads" / "deep" / "talk.pdf", 1))
    assert exercises_folder_for(deck) == EXERCISES_DIR


@pytest.mark.parametrize("name", ["talk.key", "talk"])
def test_a_deck_of_another_kind_is_refused_with_the_kinds_taken(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"x")
    message = single_problem(read_deck, path).message
    assert "Markdown (.md), PDF (.pdf) or PowerPoint (.pptx)" in message


@pytest.mark.parametrize("name, language, said", [
    ("talk.key", "de", "Facilitator öffnet Foliensätze in Markdown (.md), PDF (.pdf) oder PowerPoint (.pptx), nicht .key"),
    ("talk", "fr", "Facilitator ouvre une présentation en Markdown (.md), PDF (.pdf) ou PowerPoint (.pptx), pas un fichier "
                   "sans extension"),
])
def test_a_deck_of_another_kind_is_refused_in_the_readers_language(tmp_path, name, language, said):
    path = tmp_path / name
    path.write_bytes(b"x")
    assert single_problem(read_deck, path).said(translator(language)) == f"{path}:1: {said}"


def test_the_files_a_deck_is_read_from(tmp_path, workshop):
    talk = make_pdf(tmp_path / "talk.pdf", 1)
    assert files_read_for(read_deck(talk)) == [talk, tmp_path / "talk.pdfpc", tmp_path / "talk.facilitator.yaml"]
    assert files_read_for(workshop.deck) == [workshop.deck.path]


@pytest.mark.parametrize("notes, companion_text, where", [
    ("layout: two-columns", "", "talk.pdf: slide 1"),
    ("", "slides:\n  1:\n    layout: two-columns\n", "talk.facilitator.yaml:3"),
])
def test_an_imported_page_has_no_columns_to_lay_out(tmp_path, notes, companion_text, where):
    companion(tmp_path, companion_text)
    deck = source(tmp_path, notes)
    problems = problems_from(lambda _: deck_from_source(deck), deck.path, in_file=False)
    assert [str(p) for p in problems] == [f"{tmp_path}/{where}: `layout: two-columns` is for Markdown slides only"]


def test_companion_settings_name_slides_by_their_own_numbers(tmp_path):
    """A PowerPoint deck's hidden slide 2 is left out: slide 3 keeps its number."""
    path = tmp_path / "talk.pdf"
    slides = (SourceSlide(1, (0,), "One", ""), SourceSlide(3, (1,), "Three", ""))
    companion(tmp_path, "slides:\n  3: {minutes: 2}\n  2: {minutes: 1}\n")
    problem = single_problem(lambda _: deck_from_source(SourceDeck(path, path, "", slides)), companion_path_for(path))
    assert (problem.line, problem.message) == (3, "2 is not a slide of the deck: its slides are 1 to 3")


def test_a_powerpoint_deck_is_read_by_its_reader_then_like_any_imported_deck(tmp_path, monkeypatch):
    """The wiring only: the PowerPoint reader's own tests read real files."""
    import sys
    import types

    from facilitator.core import paths

    talk = tmp_path / "talk.pptx"
    converted = make_pdf(tmp_path / "cache" / "talk.pdf", 1)
    asked = []

    def read_powerpoint(path, cache_folder):
        asked.append((path, cache_folder))
        return SourceDeck(path, converted, "", (SourceSlide(1, (0,), "Hello", "minutes: 2"),))

    monkeypatch.setitem(sys.modules, "facilitator.core.powerpoint",
                        types.SimpleNamespace(read_powerpoint=read_powerpoint))
    deck = read_deck(talk)
    assert asked == [(talk, paths.conversions_folder())]
    assert (deck.page_file, deck.title, deck.slides[0].minutes) == (converted, "Hello", 2.0)
