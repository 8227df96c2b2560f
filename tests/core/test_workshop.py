"""A deck loaded with its exercises and handout content, its summary, and the shipped workshop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.core.curated import load_curated
from facilitator.core.deck import Layout, Slide
from facilitator.core.errors import Problem
from facilitator.core.exercise import ChoiceExercise, Kind, QuizExercise, ScaleExercise
from facilitator.core.paths import HANDOUT_CONTENT, SHIPPED_DECK
from facilitator.core.translation import translator
from facilitator.core.workshop import Workshop, load_workshop
from tests.conftest import EXERCISES
from tests.helpers import problems_from, single_problem

POLL = 'kind = "single_choice"\nprompt = "{prompt}"\noptions = ["A", "B"]\n'


def one_exercise_deck(exercise_id: str = "poll", front: str = "") -> str:
    return (
        f"---\ntitle: T\nduration: 2\n{front}---\n"
        "<!-- minutes: 1, layout: join -->\n# Join\n<!-- Hello. -->\n"
        "---\n"
        f"<!-- minutes: 1, exercise: {exercise_id} -->\n# Poll\n<!-- Run it. -->\n"
    )


def problems_of(path: Path) -> list[Problem]:
    return problems_from(load_workshop, path, in_file=False)


def only_problem(path: Path) -> Problem:
    return single_problem(load_workshop, path, in_file=False)


# -- loading ------------------------------------------------------------------------


def test_workshop_holds_its_exercises_in_deck_order(workshop):
    assert list(workshop.exercises) == list(EXERCISES)
    assert all(workshop.exercises[eid].id == eid for eid in EXERCISES)
    assert workshop.title == "Test workshop"


def test_exercise_on_a_slide_is_the_one_it_runs(workshop):
    last = len(workshop.deck.slides) - 1
    assert workshop.exercise_on(0) is None
    assert workshop.exercise_on(1).id == "pick-one"
    assert workshop.exercise_on(last - 1).id == "quiz-untimed"
    assert workshop.exercise_on(last) is None


def test_exercise_used_on_two_slides_is_loaded_once(write_files):
    folder = write_files({
        "exercises/poll.toml": POLL.format(prompt="P"),
        "slides/deck.md": one_exercise_deck() + "---\n<!-- exercise: poll -->\n# Again\n",
    })
    workshop = load_workshop(folder / "slides" / "deck.md")
    assert list(workshop.exercises) == ["poll"]
    assert workshop.exercise_on(1) is workshop.exercise_on(2)


@pytest.mark.parametrize("exercise_id", ["pick-none", "../exercises/pick-one", "pick one"])
def test_unknown_exercise_is_reported_at_the_line_of_its_setting(workshop_dir, write_files, exercise_id):
    write_files({"slides/test.md": (
        "---\ntitle: T\nduration: 2\n---\n"
        "\n<!-- minutes: 1, exercise: pick-one -->\n# A\n\n---\n\n"
        f"# B\n<!--\nminutes: 1\nexercise: {exercise_id}\n-->\n"
    )})
    deck_path = workshop_dir / "slides" / "test.md"
    problem = only_problem(deck_path)
    assert problem.path == deck_path.resolve()
    assert problem.line == 14
    assert f"unknown exercise {exercise_id!r}" in problem.message


def test_unknown_exercise_is_reported_on_every_slide_that_runs_it(write_files):
    folder = write_files({
        "exercises/poll.toml": POLL.format(prompt="P"),
        "slides/deck.md": one_exercise_deck("nope") + "---\n<!-- exercise: nope -->\n# Again\n",
    })
    deck_path = folder / "slides" / "deck.md"
    problems = problems_of(deck_path)
    assert [(p.path, p.line) for p in problems] == [(deck_path.resolve(), 9), (deck_path.resolve(), 13)]
    assert all("unknown exercise 'nope'" in p.message for p in problems)


def test_broken_exercise_is_reported_in_the_exercise_file(workshop_dir, write_files):
    write_files({"exercises/pick-one.toml": 'kind = "single_choice"\nprompt = "Pick"\noptions = ["Only"]\n'})
    problem = only_problem(workshop_dir / "slides" / "test.md")
    assert problem.path == (workshop_dir / "exercises" / "pick-one.toml").resolve()
    assert problem.line == 3
    assert "needs 2 to 12 entries" in problem.message


def test_broken_exercise_used_on_two_slides_is_reported_once(write_files):
    folder = write_files({
        "exercises/poll.toml": 'kind = "single_choice"\nprompt = "P"\noptions = ["Only"]\n',
        "slides/deck.md": one_exercise_deck() + "---\n<!-- exercise: poll -->\n# Again\n",
    })
    problem = only_problem(folder / "slides" / "deck.md")
    assert problem.path == (folder / "exercises" / "poll.toml").resolve()
    assert problem.line == 3


def test_problems_of_the_deck_and_of_exercises_are_reported_together(workshop_dir, write_files):
    write_files({
        "exercises/pick-one.toml": 'kind = "single_choice"\nprompt = "Pick"\noptions = ["Only"]\n',
        "exercises/quiz.toml": 'kind = "quiz"\nprompt = "Pick"\noptions = ["A", "B"]\ncorrect = "C"\n',
        "slides/test.md": (
            "---\ntitle: T\nduration: 3\n---\n"
            "<!-- exercise: quiz -->\n# A\n---\n<!-- exercise: missing -->\n# B\n---\n<!-- exercise: pick-one -->\n# C\n"
        ),
    })
    problems = problems_of(workshop_dir / "slides" / "test.md")
    exercises = (workshop_dir / "exercises").resolve()
    assert [(p.path, p.line) for p in problems] == [
        (exercises / "pick-one.toml", 3),
        (exercises / "quiz.toml", 4),
        ((workshop_dir / "slides" / "test.md").resolve(), 8),
    ]
    assert "`options` needs 2 to 12 entries" in problems[0].message
    assert "`correct` names 'C'" in problems[1].message
    assert "unknown exercise 'missing'" in problems[2].message


def test_broken_deck_is_reported_before_exercises_are_read(workshop_dir, write_files):
    write_files({"slides/test.md": "---\ntitle: T\nduration: 2\n---\n<!-- exercise: missing, minutes: x -->\n# A\n"})
    problem = only_problem(workshop_dir / "slides" / "test.md")
    assert problem.path == workshop_dir / "slides" / "test.md"
    assert problem.line == 5
    assert "`minutes` must be a number" in problem.message


# -- where exercises are found ------------------------------------------------------


def test_exercises_folder_set_in_front_matter_is_used(write_files):
    folder = write_files({
        "exercises/poll.toml": POLL.format(prompt="Default folder"),
        "polls/poll.toml": POLL.format(prompt="Front matter folder"),
        "slides/deck.md": one_exercise_deck(front="exercises: ../polls\n"),
    })
    workshop = load_workshop(folder / "slides" / "deck.md")
    assert workshop.exercises["poll"].prompt == "Front matter folder"


@pytest.mark.parametrize("folders, read", [
    pytest.param(("exercises", "talks/exercises"), "talks/exercises", id="beside-the-deck-first"),
    pytest.param(("exercises",), "exercises", id="beside-the-decks-folder-as-fallback"),
])
def test_which_exercises_folder_is_read(write_files, folders, read):
    folder = write_files({f"{where}/poll.toml": POLL.format(prompt=where) for where in folders}
                         | {"talks/deck.md": one_exercise_deck()})
    assert load_workshop(folder / "talks" / "deck.md").exercises["poll"].prompt == read


def test_unknown_exercise_names_the_folder_searched(write_files):
    folder = write_files({
        "polls/other.toml": POLL.format(prompt="P"),
        "slides/deck.md": one_exercise_deck(front="exercises: ../polls\n"),
    })
    deck_path = folder / "slides" / "deck.md"
    problem = only_problem(deck_path)
    assert problem.path == deck_path.resolve()
    assert problem.line == 10
    assert "no file poll.toml in polls/" in problem.message


# -- handout content ----------------------------------------------------------------


def test_workshop_uses_the_shipped_handout_by_default(workshop):
    assert workshop.curated == load_curated(HANDOUT_CONTENT)


@pytest.fixture
def deck_with_handout(write_files):
    """deck_with_handout(resource): a deck whose front matter names slides/handout.toml,
    one idea and the one resource given, as TOML lines."""

    def write(resource: str) -> Path:
        folder = write_files({
            "exercises/poll.toml": POLL.format(prompt="P"),
            "slides/deck.md": one_exercise_deck(front="handout: handout.toml\n"),
            "slides/handout.toml": f'[[ideas]]\ntext = "Do one thing."\n\n[[resources]]\n{resource}\n',
        })
        return folder / "slides" / "deck.md"

    return write


def test_workshop_uses_the_handout_set_in_front_matter(deck_with_handout):
    workshop = load_workshop(deck_with_handout('title = "A book"'))
    assert [i.text for i in workshop.curated.ideas] == ["Do one thing."]
    assert [r.title for r in workshop.curated.resources] == ["A book"]


def test_broken_handout_is_reported_in_the_handout_file(deck_with_handout):
    deck = deck_with_handout('by = "Someone"')
    problem = only_problem(deck)
    assert problem.path == (deck.parent / "handout.toml").resolve()
    assert problem.line == 4
    assert "[[resources]] entry without `title`" in problem.message


# -- summary ------------------------------------------------------------------------


def test_summary_lines_of_a_complete_workshop(workshop):
    curated = load_curated(HANDOUT_CONTENT)
    assert workshop.summary().lines() == [
        "Test workshop",
        "  slides: 11",
        "  planned: 11 of 11 minutes",
        "  exercises: 9 (1 single choice, 1 multiple choice, 2 rating scale, 1 word cloud, 1 ideas,"
        " 1 questions to the trainer, 2 quiz)",
        f"  handout: {len(curated.ideas)} curated ideas, {len(curated.resources)} resources",
    ]
    assert workshop.summary().warnings == []


@pytest.mark.parametrize(
    ("deck", "warnings"),
    [
        pytest.param(
            "---\ntitle: T\nduration: 5\n---\n<!-- minutes: 1.5, layout: join -->\n# A\n<!-- N. -->\n",
            ["planned minutes (1.5) differ from the duration (5)"],
            id="minutes-mismatch",
        ),
        pytest.param(
            "---\ntitle: T\nduration: 1\n---\n<!-- minutes: 1 -->\n# A\n<!-- N. -->\n---\n# B\n<!-- N. -->\n",
            ["1 slide has no planned minutes"],
            id="slide-without-minutes",
        ),
        pytest.param(
            "---\ntitle: T\nduration: 2\n---\n<!-- minutes: 1 -->\n# A\n---\n<!-- minutes: 1 -->\n# B\n",
            ["2 slides have no speaker notes"],
            id="slides-without-notes",
        ),
        pytest.param(
            "---\ntitle: T\nduration: 1\n---\n<!-- minutes: 1, exercise: poll -->\n# A\n<!-- N. -->\n",
            ["the deck runs exercises but has no join slide (layout: join)"],
            id="exercises-without-join-slide",
        ),
        pytest.param(
            "---\ntitle: T\nduration: 1\n---\n<!-- minutes: 1 -->\n# A\n<!-- N. -->\n",
            [],
            id="no-exercises-no-join-slide",
        ),
        pytest.param(
            "---\ntitle: T\nduration: 3\n---\n<!-- exercise: poll -->\n# A\n",
            [
                "planned minutes (0) differ from the duration (3)",
                "1 slide has no planned minutes",
                "1 slide has no speaker notes",
                "the deck runs exercises but has no join slide (layout: join)",
            ],
            id="all-at-once",
        ),
    ],
)
def test_summary_warnings(write_files, deck, warnings):
    folder = write_files({"exercises/poll.toml": POLL.format(prompt="P"), "slides/deck.md": deck})
    summary = load_workshop(folder / "slides" / "deck.md").summary()
    assert summary.warnings == warnings
    assert summary.lines()[5:] == [f"  warning: {w}" for w in warnings]


def test_summary_lines_in_the_readers_language(write_files):
    folder = write_files({"exercises/poll.toml": POLL.format(prompt="P"),
                          "slides/deck.md": "---\ntitle: T\nduration: 3\n---\n<!-- minutes: 1.5, exercise: poll -->\n# A\n"})
    curated = load_curated(HANDOUT_CONTENT)
    assert load_workshop(folder / "slides" / "deck.md").summary().lines(translator("de")) == [
        "T",
        "  Folien: 1",
        "  geplant: 1,5 von 3 Minuten",
        "  Übungen: 1 (Einfachauswahl: 1)",
        f"  Handout: {len(curated.ideas)} ausgewählte Ideen, {len(curated.resources)} Quellen",
        "  Warnung: die geplanten Minuten (1,5) weichen von der Dauer (3) ab",
        "  Warnung: 1 Folie hat keine Notizen",
        "  Warnung: der Foliensatz enthält Übungen, aber keine Folie zum Beitreten (layout: join)",
    ]


def test_summary_of_a_workshop_without_exercises_lists_no_kinds(write_files):
    folder = write_files({"slides/deck.md": "---\ntitle: T\nduration: 1\n---\n<!-- minutes: 1 -->\n# A\n<!-- N. -->\n"})
    assert load_workshop(folder / "slides" / "deck.md").summary().lines()[3] == "  exercises: 0"


# -- the shipped workshop -----------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_workshop(SHIPPED_DECK)


def test_shipped_workshop_has_25_to_40_slides(shipped):
    assert 25 <= len(shipped.deck.slides) <= 40


def test_shipped_workshop_has_notes_on_every_slide(shipped):
    assert [s.number for s in shipped.deck.slides if not s.notes.strip()] == []


def test_shipped_workshop_plans_minutes_on_every_slide(shipped):
    assert [s.number for s in shipped.deck.slides if s.minutes is None] == []


def test_shipped_workshop_minutes_add_up_to_its_duration(shipped):
    assert 45 <= shipped.deck.duration <= 60
    assert shipped.deck.planned_minutes == shipped.deck.duration


def test_shipped_workshop_has_a_join_slide(shipped):
    assert any(s.layout is Layout.JOIN for s in shipped.deck.slides)


def test_shipped_workshop_runs_every_kind_of_exercise(shipped):
    assert {e.kind for e in shipped.exercises.values()} == set(Kind)


def test_shipped_workshop_has_no_warnings(shipped):
    assert shipped.summary().warnings == []


# -- the shipped workshop keeps its own promises ---------------------------------------
#
# What a trainer reads out must hold. A slide that says "six questions" shows six. The
# planned minutes fill the stated duration, and a quiz slide has time for the room to read
# it, its timer, the reveal and a word of discussion. The notes can be said as written: no
# spoken line opens with a direction to the trainer ("Tell them..."), they can be said in
# the slide's minutes, and each stage direction is a line of its own in brackets, of at
# most eight words: "[Open the poll. 20 s.]".

COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# A count of things ("Six questions", "3 reasons"): a number from 2 to 12 before a word, not
# part of a larger figure (2,000) and not a range or a series ("1 to 5", "1 of 3"). "One" is
# left out: it is as often a pronoun ("which one") as a count.
_COUNT = re.compile(r"(?<![\w,.])(" + "|".join(COUNT_WORDS) + r"|[2-9]|1[0-2])(?![\w,.])\s+(?!of\b|to\b)[A-Za-z]",
                    re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
STAGE_DIRECTION = re.compile(r"^\[[^\[\]]+\]$")
STAGE_DIRECTION_WORDS = 8
# How spoken notes never start: words to the trainer about the room, not to the room.
_TO_THE_TRAINER = re.compile(
    r"^(Tell|Explain|Mention|Stress|Describe|Remind|Reassure|Point out|Make clear|Walk through|"
    r"Note that|Say that|Ask (the room|them|everyone|people|for|one|whether)|Open the|Show the|"
    r"Give (the room|people|them)|Read (out|the|them)|Wait|Pause|Move on|Go through|"
    r"Thank (them|everyone|people))\b")
# A trainer speaks about 130 words a minute: the spoken notes fit in the slide's minutes.
SPOKEN_WORDS_PER_MINUTE = 130
# A quiz slide's time: the room reads the scenario, the timer runs, then the reveal with
# its explanation and a word of discussion.
QUIZ_READING_MINUTES = 1.5
QUIZ_REVEAL_AND_DISCUSSION_MINUTES = 1.0


def counts_claimed(slide: Slide) -> list[int]:
    """The counts a slide's title and text (not its list) say it shows."""
    prose = [slide.title] + [line for line in slide.body.splitlines()
                             if not _LIST_ITEM.match(line) and not line.lstrip().startswith("#")]
    return [int(n) if n.isdigit() else COUNT_WORDS[n.lower()]
            for line in prose for n in _COUNT.findall(line)]


def items_shown(slide: Slide, workshop: Workshop) -> int:
    """The items a slide lists: its list's, or, with none, the statements or options of
    the exercise it runs."""
    listed = sum(1 for line in slide.body.splitlines() if _LIST_ITEM.match(line))
    exercise = workshop.exercise_on(slide.index)
    if isinstance(exercise, ScaleExercise) and not listed:
        return len(exercise.statements)
    if isinstance(exercise, (ChoiceExercise, QuizExercise)) and not listed:
        return len(exercise.options)
    return listed


def note_lines(slide: Slide) -> list[str]:
    return [line.strip() for line in slide.notes.splitlines() if line.strip()]


def spoken_lines(slide: Slide) -> list[str]:
    return [line for line in note_lines(slide) if not STAGE_DIRECTION.match(line)]


def broken_counts(workshop: Workshop) -> list[str]:
    return [f"slide {s.number} says {claimed}, lists {items_shown(s, workshop)}"
            for s in workshop.deck.slides for claimed in counts_claimed(s)
            if claimed != items_shown(s, workshop)]


def slides_without_notes(workshop: Workshop) -> list[str]:
    return [f"slide {s.number}" for s in workshop.deck.slides if not spoken_lines(s)]


def long_stage_directions(workshop: Workshop) -> list[str]:
    return [f"slide {s.number}: {line}" for s in workshop.deck.slides for line in note_lines(s)
            if STAGE_DIRECTION.match(line) and len(line.split()) > STAGE_DIRECTION_WORDS]


def directions_in_speech(workshop: Workshop) -> list[str]:
    """Spoken lines that hold a bracketed direction or tell the trainer what to say."""
    return [f"slide {s.number}: {line}" for s in workshop.deck.slides for line in spoken_lines(s)
            if "[" in line or _TO_THE_TRAINER.match(line)]


def notes_too_long_to_say(workshop: Workshop) -> list[str]:
    return [f"slide {s.number}: {words} words in {s.minutes} min"
            for s in workshop.deck.slides
            if (words := sum(len(line.split()) for line in spoken_lines(s)))
            > SPOKEN_WORDS_PER_MINUTE * (s.minutes or 0)]


def quizzes_without_time_to_run(workshop: Workshop) -> list[str]:
    short = []
    for slide in workshop.deck.slides:
        quiz = workshop.exercise_on(slide.index)
        if isinstance(quiz, QuizExercise):
            needed = QUIZ_READING_MINUTES + (quiz.time_limit or 0) / 60 + QUIZ_REVEAL_AND_DISCUSSION_MINUTES
            if (slide.minutes or 0) < needed:
                short.append(f"slide {slide.number}: {slide.minutes} of {needed:.2f} min")
    return short


def minutes_off_the_duration(workshop: Workshop) -> list[str]:
    deck = workshop.deck
    return [] if deck.planned_minutes == deck.duration else [
        f"planned {deck.planned_minutes} of {deck.duration} minutes"]


PROMISES = [broken_counts, slides_without_notes, long_stage_directions, directions_in_speech,
            notes_too_long_to_say, quizzes_without_time_to_run, minutes_off_the_duration]


@pytest.mark.parametrize("promise", PROMISES, ids=lambda check: check.__name__)
def test_shipped_workshop_keeps_its_promises(shipped, promise):
    assert promise(shipped) == []


def test_shipped_workshop_fits_the_brief_s_45_to_60_minutes(shipped):
    assert 45 <= shipped.deck.duration <= 60


@pytest.mark.parametrize(("slide", "promise", "broken"), [
    pytest.param("# Six questions\n\n- A?\n- B?\n<!-- Say it. -->", broken_counts,
                 ["slide 1 says 6, lists 2"], id="six-questions-lists-two"),
    pytest.param("# Steps\n\nThe 3 steps:\n\n1. A\n2. B\n<!-- Say it. -->", broken_counts,
                 ["slide 1 says 3, lists 2"], id="digits-in-the-text"),
    pytest.param("# Poll: three answers\n<!-- minutes: 1, exercise: poll -->\n<!-- Say it. -->",
                 broken_counts, ["slide 1 says 3, lists 2"], id="an-exercise-s-options"),
    pytest.param("# Over 2,000 companies, 1 of 3\n\nRate from 1 to 5.\n\n- A\n<!-- Say it. -->",
                 broken_counts, [], id="figures-series-and-ranges-are-no-counts"),
    pytest.param("# A\n<!-- [Open the poll.] -->", slides_without_notes, ["slide 1"],
                 id="directions-alone-are-no-notes"),
    pytest.param("# A\n<!--\n[Open the poll, then wait until most of the room has answered it.]\nVote now.\n-->",
                 long_stage_directions,
                 ["slide 1: [Open the poll, then wait until most of the room has answered it.]"],
                 id="long-direction"),
    pytest.param("# A\n<!--\nTell them the poll is open.\n-->", directions_in_speech,
                 ["slide 1: Tell them the poll is open."], id="direction-as-speech"),
    pytest.param("# A\n<!--\nVote now [open the poll].\n-->", directions_in_speech,
                 ["slide 1: Vote now [open the poll]."], id="direction-inside-speech"),
    pytest.param("# A\n<!-- minutes: 0.25 -->\n<!--\n" + "word " * 40 + "\n-->", notes_too_long_to_say,
                 ["slide 1: 40 words in 0.25 min"], id="too-long-to-say"),
    pytest.param("<!-- minutes: 1.5, exercise: quiz -->\n# Quiz\n<!-- Go. -->", quizzes_without_time_to_run,
                 ["slide 1: 1.5 of 2.83 min"], id="quiz-in-the-time-to-read-it"),
])
def test_each_promise_catches_a_deck_that_breaks_it(write_files, slide, promise, broken):
    folder = write_files({
        "exercises/poll.toml": POLL.format(prompt="P"),
        "exercises/quiz.toml": POLL.format(prompt="Q").replace("single_choice", "quiz")
        + 'correct = ["A"]\ntime_limit = 20\n',
        "slides/deck.md": f"---\ntitle: T\nduration: 1\n---\n{slide}\n",
    })
    assert promise(load_workshop(folder / "slides" / "deck.md")) == broken
