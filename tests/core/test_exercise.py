"""Exercise files, answer normalisation, quiz scoring and the stored form of an exercise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.core.errors import InvalidInput, Problem
from facilitator.core.exercise import (
    BoardExercise,
    ChoiceExercise,
    Kind,
    QuizExercise,
    ScaleExercise,
    WordCloudExercise,
    exercise_from_dict,
    load_exercise,
)
from facilitator.core.translation import translator
from tests.conftest import EXERCISES
from tests.helpers import problems_from, single_problem, without_direction_marks


@pytest.fixture
def exercise_file(write_files):
    def write(text: str, name: str = "poll") -> Path:
        return write_files({f"exercises/{name}.toml": text}) / "exercises" / f"{name}.toml"

    return write


@pytest.fixture
def load(exercise_file):
    def load_(name: str):
        return load_exercise(exercise_file(EXERCISES[name], name))

    return load_


def problems_of(path: Path) -> list[Problem]:
    return problems_from(load_exercise, path)


def only_problem(path: Path) -> Problem:
    return single_problem(load_exercise, path)


# -- valid files --------------------------------------------------------------------


def test_conftest_exercises_cover_every_kind(load):
    assert {load(name).kind for name in EXERCISES} == set(Kind)


VALID = [
    pytest.param(
        'kind = "single_choice"\nprompt = "Pick one"\noptions = ["Red", "Green"]\n',
        ChoiceExercise, {"kind": Kind.SINGLE_CHOICE, "options": ("Red", "Green"), "max_choices": 1},
        id="single_choice",
    ),
    pytest.param(
        'kind = "multiple_choice"\nprompt = "Pick some"\noptions = ["A", "B", "C"]\n',
        ChoiceExercise, {"kind": Kind.MULTIPLE_CHOICE, "options": ("A", "B", "C"), "max_choices": 3},
        id="multiple_choice",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "Rate"\nmin_label = "Low"\nmax_label = "High"\n',
        ScaleExercise,
        {"kind": Kind.SCALE, "min": 1, "max": 5, "min_label": "Low", "max_label": "High", "statements": ()},
        id="scale",
    ),
    pytest.param(
        'kind = "word_cloud"\nprompt = "One word"\n',
        WordCloudExercise, {"kind": Kind.WORD_CLOUD, "max_entries": 3, "max_length": 40},
        id="word_cloud",
    ),
    pytest.param(
        'kind = "ideas"\nprompt = "Ideas"\n', BoardExercise, {"kind": Kind.IDEAS, "max_length": 280}, id="ideas",
    ),
    pytest.param(
        'kind = "questions"\nprompt = "Ask"\n',
        BoardExercise, {"kind": Kind.QUESTIONS, "max_length": 280}, id="questions",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "OK?"\noptions = ["Yes", "No"]\ncorrect = "no"\n',
        QuizExercise,
        {"kind": Kind.QUIZ, "options": ("Yes", "No"), "correct": (1,), "points": 1000,
         "time_limit": None, "explanation": ""},
        id="quiz",
    ),
]


@pytest.mark.parametrize(("text", "cls", "expected"), VALID)
def test_minimal_file_of_each_kind_loads_with_defaults(exercise_file, text, cls, expected):
    exercise = load_exercise(exercise_file(text, "my_poll-1"))
    assert type(exercise) is cls
    assert exercise.id == "my_poll-1"
    assert exercise.title == "my_poll-1"
    assert {key: getattr(exercise, key) for key in expected} == expected


def test_valid_kinds_cover_every_kind():
    assert {p.values[2]["kind"] for p in VALID} == set(Kind)


def test_every_setting_is_read(exercise_file):
    exercise = load_exercise(exercise_file(
        'kind = "quiz"\n'
        'title = " Whiteboard "\n'
        'prompt = "  Is it OK?  "\n'
        'options = [" Fine ", "Not OK", "Only if untagged"]\n'
        'correct = ["not ok", "Only if untagged"]\n'
        "points = 500\n"
        "time_limit = 12.5\n"
        'explanation = "Screens are confidential."\n'
    ))
    assert exercise.title == "Whiteboard"
    assert exercise.prompt == "Is it OK?"
    assert exercise.options == ("Fine", "Not OK", "Only if untagged")
    assert exercise.correct == (1, 2)
    assert (exercise.points, exercise.time_limit) == (500, 12.5)
    assert exercise.explanation == "Screens are confidential."


def test_scale_with_statements_loads(load):
    exercise = load("rate-many")
    assert exercise.statements == ("We have a policy", "We train staff")


def test_file_with_byte_order_mark_loads(exercise_file):
    path = exercise_file("")
    path.write_bytes(b"\xef\xbb\xbf" + EXERCISES["ideas"].encode())
    assert load_exercise(path).kind is Kind.IDEAS


# -- broken files -------------------------------------------------------------------


def many(count: int) -> str:
    return "[" + ", ".join(f'"Option {n}"' for n in range(count)) + "]"


BROKEN = [
    pytest.param('prompt = "P"\nkind = "poll"\n', 2, "`kind` must be one of", id="unknown-kind"),
    pytest.param('prompt = "P"\n', 1, "`kind` must be one of", id="no-kind"),
    pytest.param('kind = "ideas"\n', 1, "missing `prompt`", id="no-prompt"),
    pytest.param('kind = "ideas"\nprompt = "  "\n', 2, "`prompt` must be non-empty text", id="blank-prompt"),
    pytest.param('kind = "ideas"\nprompt = "P"\ntitle = 3\n', 3, "`title` must be non-empty text", id="title-not-text"),
    pytest.param(
        'kind = "ideas"\nprompt = "' + "x" * 501 + '"\n', 2, "`prompt` is longer than 500", id="prompt-too-long",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A", "B"]\ncolour = "red"\n', 4,
        "unknown key `colour` for a single_choice exercise", id="unknown-key",
    ),
    pytest.param(
        'kind = "word_cloud"\nprompt = "P"\noptions = ["A", "B"]\n', 3,
        "unknown key `options` for a word_cloud exercise", id="key-of-another-kind",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A", "B", "A"]\n', 3,
        "duplicate label 'A' in `options`", id="duplicate-option",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = [\n  "A",\n  "B",\n  "A",\n]\n', 6,
        "duplicate label 'A' in `options`", id="duplicate-option-multi-line",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = [\n  "Red",\n  "Green",\n  "red",\n]\n', 6,
        "duplicate label 'red' in `options`", id="duplicate-option-other-case",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No", "Yes"]\ncorrect = ["Yes"]\n', 3,
        "duplicate label 'Yes' in `options`", id="duplicate-quiz-option-also-correct",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A", " "]\n', 3,
        "an entry of `options` is empty", id="empty-option",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A", "' + "x" * 121 + '"]\n', 3,
        "longer than 120 characters", id="option-too-long",
    ),
    pytest.param('kind = "single_choice"\nprompt = "P"\n', 1, "missing `options`", id="no-options"),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A"]\n', 3, "needs 2 to 12 entries, not 1",
        id="too-few-options",
    ),
    pytest.param(
        f'kind = "multiple_choice"\nprompt = "P"\noptions = {many(13)}\n', 3, "needs 2 to 12 entries, not 13",
        id="too-many-options",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = "A, B"\n', 3, "`options` must be a list of texts",
        id="options-not-a-list",
    ),
    pytest.param(
        'kind = "single_choice"\nprompt = "P"\noptions = ["A", "B"]\nmax_choices = 1\n', 4,
        "`max_choices` is for multiple_choice", id="max-choices-on-single-choice",
    ),
    pytest.param(
        'kind = "multiple_choice"\nprompt = "P"\noptions = ["A", "B"]\nmax_choices = 3\n', 4,
        "`max_choices` must be from 1 to 2", id="max-choices-above-options",
    ),
    pytest.param(
        'kind = "multiple_choice"\nprompt = "P"\noptions = ["A", "B"]\nmax_choices = true\n', 4,
        "`max_choices` must be a whole number", id="max-choices-bool",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmin = 2\nmin_label = "L"\nmax_label = "H"\n', 3,
        "`min` must be from 0 to 1", id="scale-min",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmax = 11\nmin_label = "L"\nmax_label = "H"\n', 3,
        "`max` must be from 2 to 10", id="scale-max-high",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmax = 1\nmin_label = "L"\nmax_label = "H"\n', 3,
        "`max` must be from 2 to 10", id="scale-max-low",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmax = 4.5\nmin_label = "L"\nmax_label = "H"\n', 3,
        "`max` must be a whole number", id="scale-max-not-whole",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmax_label = "H"\n', 1, "missing `min_label`", id="scale-no-min-label",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmin_label = "L"\nmax_label = ""\n', 4,
        "`max_label` must be non-empty text", id="scale-empty-max-label",
    ),
    pytest.param(
        'kind = "scale"\nprompt = "P"\nmin_label = "L"\nmax_label = "H"\nstatements = []\n', 5,
        "`statements` needs 1 to 20 entries, not 0", id="scale-no-statements",
    ),
    pytest.param(
        'kind = "word_cloud"\nprompt = "P"\nmax_entries = 11\n', 3, "`max_entries` must be from 1 to 10",
        id="word-cloud-max-entries",
    ),
    pytest.param(
        'kind = "word_cloud"\nprompt = "P"\nmax_length = 2\n', 3, "`max_length` must be from 3 to 80",
        id="word-cloud-max-length",
    ),
    pytest.param(
        'kind = "questions"\nprompt = "P"\nmax_length = 10\n', 3, "`max_length` must be from 20 to 1000",
        id="board-max-length",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No"]\n', 1, "`correct` must name one or more",
        id="quiz-no-correct",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No"]\ncorrect = []\n', 4,
        "`correct` must name one or more", id="quiz-empty-correct",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No"]\ncorrect = ["Maybe"]\n', 4,
        "`correct` names 'Maybe', which is not one of the options", id="quiz-correct-not-an-option",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No"]\ncorrect = "No"\ntime_limit = 4\n', 5,
        "`time_limit` must be from 5 to 600", id="quiz-time-limit",
    ),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes", "No"]\ncorrect = "No"\npoints = 0\n', 5,
        "`points` must be from 1 to 100000", id="quiz-points",
    ),
    pytest.param('kind = "ideas"\nprompt = "P"\nmax_length = \n', 3, "not valid TOML", id="toml-syntax"),
    pytest.param(
        'kind = "quiz"\nprompt = "P"\noptions = ["Yes" "No"]\n', 3, "not valid TOML", id="toml-unclosed-array",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BROKEN)
def test_broken_exercise_is_reported_at_its_line(exercise_file, text, line, fragment):
    problem = only_problem(exercise_file(text))
    assert problem.line == line
    assert fragment in problem.message


@pytest.mark.parametrize("name", ["my poll", "-poll", "poll.v2", "x" * 65])
def test_file_name_that_is_not_an_id_is_reported(exercise_file, name):
    problem = only_problem(exercise_file(EXERCISES["ideas"], name))
    assert problem.line == 1
    assert "is not a usable exercise id" in problem.message


def test_non_utf8_file_is_reported(exercise_file):
    path = exercise_file("")
    path.write_bytes('kind = "ideas"\nprompt = "Caf\xe9"\n'.encode("latin-1"))
    problem = only_problem(path)
    assert problem.line == 1
    assert "not UTF-8" in problem.message


def test_every_problem_of_a_file_is_reported_sorted_by_line(exercise_file):
    problems = problems_of(exercise_file(
        'kind = "quiz"\noptions = ["A", "a"]\ncorrect = ["B"]\nspeed = 3\n'
    ))
    assert [p.line for p in problems] == [1, 2, 3, 4]
    assert "missing `prompt`" in problems[0].message
    assert "duplicate label 'a'" in problems[1].message
    assert "`correct` names 'B'" in problems[2].message
    assert "unknown key `speed`" in problems[3].message


# -- answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("pick-one", 0, 0),
        ("pick-one", 2, 2),
        ("pick-some", [3], [3]),
        ("pick-some", [2, 0], [0, 2]),
        ("rate", 1, 1),
        ("rate", 5, 5),
        ("rate-many", [5, 1], [5, 1]),
        ("words", "  Team   spirit ", ["Team spirit"]),
        ("words", ["fun", "risky"], ["fun", "risky"]),
        ("quiz", 1, [1]),
        ("quiz", [0], [0]),
        ("quiz-untimed", [1, 0], [0, 1]),
        ("quiz-untimed", [2], [2]),
    ],
)
def test_valid_answer_is_normalised(load, name, raw, expected):
    assert load(name).normalize_answer(raw) == expected


@pytest.mark.parametrize(
    ("name", "raw", "fragment"),
    [
        ("pick-one", True, "whole number"),
        ("pick-one", "1", "whole number"),
        ("pick-one", 1.0, "whole number"),
        ("pick-one", [1], "whole number"),
        ("pick-one", -1, "no option -1"),
        ("pick-one", 3, "no option 3"),
        ("pick-some", 1, "list of options"),
        ("pick-some", [], "at least one"),
        ("pick-some", [1, 1], "chosen twice"),
        ("pick-some", [0, 1, 2], "at most 2"),
        ("pick-some", [4], "no option 4"),
        ("pick-some", [True], "whole number"),
        ("rate", 0, "from 1 to 5"),
        ("rate", 6, "from 1 to 5"),
        ("rate", True, "whole number"),
        ("rate", 3.5, "whole number"),
        ("rate-many", 3, "each of the 2 statements"),
        ("rate-many", [3], "each of the 2 statements"),
        ("rate-many", [3, 3, 3], "each of the 2 statements"),
        ("rate-many", [3, 6], "from 1 to 5"),
        ("rate-many", [False, 3], "whole number"),
        ("words", [], "at least one"),
        ("words", ["a", "b", "c"], "at most 2"),
        ("words", "   ", "is empty"),
        ("words", ["ok", ""], "is empty"),
        ("words", "x" * 41, "longer than 40"),
        ("words", [5], "must be text"),
        ("words", 5, "a word or a list"),
        ("quiz", True, "list of options"),
        ("quiz", [0, 1], "at most 1"),
        ("quiz", [2], "no option 2"),
        ("quiz", [], "at least one"),
        ("quiz-untimed", [0, 0], "chosen twice"),
        ("ideas", "An idea", "posts, not answers"),
        ("questions", "A question", "posts, not answers"),
    ],
)
def test_invalid_answer_is_rejected(load, name, raw, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        load(name).normalize_answer(raw)


def test_word_cloud_accepts_words_of_exactly_max_length(load):
    assert load("words").normalize_answer("x" * 40) == ["x" * 40]


@pytest.mark.parametrize(("name", "what"), [("ideas", "an idea"), ("questions", "a question")])
def test_board_post_is_cleaned_or_rejected(load, name, what):
    board = load(name)
    assert board.clean_post("  Write\tthe   policy ") == "Write the policy"
    with pytest.raises(InvalidInput, match=f"{what} is empty"):
        board.clean_post("  ")
    with pytest.raises(InvalidInput, match=f"{what} is longer than 280"):
        board.clean_post("x" * 281)


@pytest.mark.parametrize(
    ("name", "accepts", "final"),
    [
        ("pick-one", True, False),
        ("rate", True, False),
        ("words", True, False),
        ("ideas", False, False),
        ("questions", False, False),
        ("quiz", True, True),
    ],
)
def test_which_kinds_take_answers_and_which_are_final(load, name, accepts, final):
    exercise = load(name)
    assert (exercise.accepts_answers, exercise.answer_is_final) == (accepts, final)


# -- quiz scoring -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "elapsed", "points"),
    [
        pytest.param([1], 0, 1000, id="instant"),
        pytest.param([1], -2, 1000, id="before-opening"),
        pytest.param([1], 5, 875, id="quarter-time"),
        pytest.param([1], 10, 750, id="half-time"),
        pytest.param([1], 20, 500, id="at-the-limit"),
        pytest.param([1], 300, 500, id="past-the-limit"),
        pytest.param([0], 0, 0, id="wrong-instant"),
        pytest.param([0], 20, 0, id="wrong-late"),
    ],
)
def test_timed_quiz_score(load, answer, elapsed, points):
    assert load("quiz").score(answer, elapsed) == points


@pytest.mark.parametrize("elapsed", [0, 30, 3600])
def test_untimed_quiz_scores_full_points_whenever_correct(load, elapsed):
    assert load("quiz-untimed").score([0, 1], elapsed) == 1000


@pytest.mark.parametrize("answer", [[0], [1], [0, 1, 2], [2]])
def test_quiz_with_several_correct_options_needs_exactly_those(load, answer):
    quiz = load("quiz-untimed")
    assert quiz.multiple
    assert not quiz.is_correct(answer)
    assert quiz.score(answer, 0) == 0


def test_quiz_with_one_correct_option_is_not_multiple(load):
    assert not load("quiz").multiple


def test_score_uses_the_quiz_points(exercise_file):
    quiz = load_exercise(exercise_file(
        'kind = "quiz"\nprompt = "P"\noptions = ["A", "B"]\ncorrect = "A"\npoints = 200\ntime_limit = 10\n'
    ))
    assert [quiz.score([0], t) for t in (0, 5, 10)] == [200, 150, 100]


# -- stored form --------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXERCISES))
def test_to_dict_and_back_through_json_gives_the_same_exercise(load, name):
    exercise = load(name)
    data = json.loads(json.dumps(exercise.to_dict()))
    assert data["kind"] == exercise.kind.value
    assert exercise_from_dict(data) == exercise


@pytest.mark.parametrize(("text", "language", "said"), [
    pytest.param('kind = "quiz"\nprompt = "P"\noptions = ["a", "b"]\ncorrect = "c"\n', "de",
                 "4: `correct` nennt 'c', das keine der Optionen ist", id="de-correct"),
    pytest.param('kind = "scale"\nprompt = "P"\nmin_label = "x"\nmax_label = "y"\nmax = 12\n', "de",
                 "5: `max` muss zwischen 2 und 10 liegen", id="de-range"),
    pytest.param('kind = "word_cloud"\nprompt = "P"\nmax_entries = "3"\n', "ar",
                 "3: يجب أن يكون `max_entries` عددًا صحيحًا", id="ar-kind-of-number-inside"),
    # tomllib's own words stay as it wrote them.
    pytest.param('kind = "quiz\n', "ja", "1: 正しい TOML ではありません: Illegal character '\\n' (at line 1, column 13)",
                 id="ja-toml-words-kept"),
])
def test_an_exercises_problem_is_said_in_the_readers_language(exercise_file, text, language, said):
    problem = only_problem(exercise_file(text))
    assert without_direction_marks(problem.said(translator(language))) == f"{problem.path}:{said}"


@pytest.mark.parametrize(("exercise", "answer", "said"), [
    (ChoiceExercise("p", Kind.SINGLE_CHOICE, "P", "P", options=("a", "b")), "1", "die Antwort: muss eine ganze Zahl sein"),
    (ChoiceExercise("p", Kind.SINGLE_CHOICE, "P", "P", options=("a", "b")), 7, "es gibt keine Option 7"),
    (BoardExercise("b", Kind.IDEAS, "P", "P"), "x", "Übungen der Art „Ideen“ nehmen Beiträge an, keine Antworten"),
])
def test_a_refused_answer_is_said_in_the_phones_language(exercise, answer, said):
    with pytest.raises(InvalidInput) as refused:
        exercise.normalize_answer(answer)
    assert translator("de").say(refused.value.args[0]) == said
