"""Exercises: the polls, quizzes and idea boards a deck runs, one TOML file each.

An exercise knows what it asks and what a valid answer to it is. Answers are kept in a
canonical JSON-able form (option indexes, ratings, cleaned words) so that tallies, the
store and the phone server agree on one shape.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, ClassVar

from .errors import FormatError, InvalidInput, Problem
from .files import cannot_read
from .text import clean_text
from .translation import Message, plural_message


class Kind(str, Enum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    WORD_CLOUD = "word_cloud"
    IDEAS = "ideas"
    QUESTIONS = "questions"
    QUIZ = "quiz"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_board(self) -> bool:
        """Attendees post items and upvote each other's instead of answering once."""
        return self in (Kind.IDEAS, Kind.QUESTIONS)


# Each kind in words (a Message: said in the reader's language where it is shown).
_KIND_LABELS = {
    Kind.SINGLE_CHOICE: Message("single choice"),
    Kind.MULTIPLE_CHOICE: Message("multiple choice"),
    Kind.SCALE: Message("rating scale"),
    Kind.WORD_CLOUD: Message("word cloud"),
    Kind.IDEAS: Message("ideas"),
    Kind.QUESTIONS: Message("questions to the trainer"),
    Kind.QUIZ: Message("quiz"),
}

# What an answer's parts are called when one is wrong: made once, not on every answer.
_AN_OPTION = Message("an option")
_THE_ANSWER = Message("the answer")
_A_RATING = Message("a rating")
_A_WORD = Message("a word")
_POST_NAMES = {Kind.IDEAS: Message("an idea"), Kind.QUESTIONS: Message("a question")}

MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 120
MAX_PROMPT_LENGTH = 500
MAX_STATEMENTS = 20


@dataclass(frozen=True)
class Exercise:
    """What every kind has. Subclasses add their settings and answer rules."""

    id: str
    kind: Kind
    prompt: str
    title: str

    # Keys a TOML file of this kind may hold besides the common ones.
    settings_keys: ClassVar[frozenset[str]] = frozenset()

    @property
    def accepts_answers(self) -> bool:
        return not self.kind.is_board

    @property
    def answer_is_final(self) -> bool:
        return False

    def normalize_answer(self, raw: object) -> Any:
        """The canonical form of an attendee's answer, or InvalidInput."""
        raise InvalidInput(Message("{kind} exercises take posts, not answers", kind=self.kind.label))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


def _require_int(raw: object, what: str) -> int:
    """`raw` as a whole number; `what` names it in words (a Message)."""
    # bool is an int in Python; an answer of `true` is not option 1.
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise InvalidInput(Message("{what} must be a whole number", what=what))
    return raw


def _option_indexes(raw: object, count: int, *, at_most: int) -> list[int]:
    if not isinstance(raw, list):
        raise InvalidInput(Message("the answer must be a list of options"))
    picked = sorted({_require_int(i, _AN_OPTION) for i in raw})
    if len(picked) != len(raw):
        raise InvalidInput(Message("an option is chosen twice"))
    if not picked:
        raise InvalidInput(Message("choose at least one option"))
    if len(picked) > at_most:
        raise InvalidInput(plural_message("choose at most {count} option", "choose at most {count} options", at_most))
    for i in picked:
        if not 0 <= i < count:
            raise InvalidInput(_no_option(i))
    return picked


def _no_option(index: int) -> Message:
    # The option's index as the phone sent it: digits, as a program reads them.
    return Message("there is no option {index}", index=str(index))


@dataclass(frozen=True)
class ChoiceExercise(Exercise):
    options: tuple[str, ...] = ()
    max_choices: int = 1

    settings_keys: ClassVar[frozenset[str]] = frozenset({"options", "max_choices"})

    def normalize_answer(self, raw: object) -> Any:
        if self.kind is Kind.SINGLE_CHOICE:
            index = _require_int(raw, _THE_ANSWER)
            if not 0 <= index < len(self.options):
                raise InvalidInput(_no_option(index))
            return index
        return _option_indexes(raw, len(self.options), at_most=self.max_choices)


@dataclass(frozen=True)
class ScaleExercise(Exercise):
    min: int = 1
    max: int = 5
    min_label: str = ""
    max_label: str = ""
    statements: tuple[str, ...] = ()

    settings_keys: ClassVar[frozenset[str]] = frozenset(
        {"min", "max", "min_label", "max_label", "statements"}
    )

    def _rating(self, raw: object) -> int:
        value = _require_int(raw, _A_RATING)
        if not self.min <= value <= self.max:
            raise InvalidInput(Message("a rating goes from {min} to {max}", min=self.min, max=self.max))
        return value

    def normalize_answer(self, raw: object) -> Any:
        if not self.statements:
            return self._rating(raw)
        if not isinstance(raw, list) or len(raw) != len(self.statements):
            raise InvalidInput(plural_message(
                "rate the {count} statement", "rate each of the {count} statements", len(self.statements)))
        return [self._rating(value) for value in raw]


@dataclass(frozen=True)
class WordCloudExercise(Exercise):
    max_entries: int = 3
    max_length: int = 40

    settings_keys: ClassVar[frozenset[str]] = frozenset({"max_entries", "max_length"})

    def normalize_answer(self, raw: object) -> Any:
        entries = [raw] if isinstance(raw, str) else raw
        if not isinstance(entries, list):
            raise InvalidInput(Message("the answer must be a word or a list of words"), field="answer")
        if not entries:
            raise InvalidInput(Message("send at least one word"), field="answer")
        if len(entries) > self.max_entries:
            raise InvalidInput(
                plural_message("send at most {count} entry", "send at most {count} entries", self.max_entries), field="answer")
        return [clean_text(e, what=_A_WORD, max_length=self.max_length, field="answer") for e in entries]


@dataclass(frozen=True)
class BoardExercise(Exercise):
    """Ideas or questions: attendees post short texts and upvote each other's."""

    max_length: int = 280

    settings_keys: ClassVar[frozenset[str]] = frozenset({"max_length"})

    def clean_post(self, raw: object) -> str:
        return clean_text(raw, what=_POST_NAMES[self.kind], max_length=self.max_length, field="text")


@dataclass(frozen=True)
class QuizExercise(Exercise):
    options: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    points: int = 1000
    time_limit: float | None = None
    explanation: str = ""

    settings_keys: ClassVar[frozenset[str]] = frozenset(
        {"options", "correct", "points", "time_limit", "explanation"}
    )

    @property
    def answer_is_final(self) -> bool:
        return True

    @property
    def multiple(self) -> bool:
        """More than one option is correct, so attendees select all that apply."""
        return len(self.correct) > 1

    def normalize_answer(self, raw: object) -> Any:
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = [raw]
        at_most = len(self.options) if self.multiple else 1
        return _option_indexes(raw, len(self.options), at_most=at_most)

    def is_correct(self, answer: list[int]) -> bool:
        return tuple(answer) == self.correct

    def score(self, answer: list[int], elapsed: float) -> int:
        """Points for an answer given `elapsed` seconds after the question opened.

        A correct answer earns half its points at the buzzer and all of them at once,
        linearly in between; a wrong answer earns nothing. Without a time limit, speed
        does not count.
        """
        if not self.is_correct(answer):
            return 0
        if self.time_limit is None:
            return self.points
        fraction = min(max(elapsed, 0.0), self.time_limit) / self.time_limit
        return round(self.points * (1 - fraction / 2))


_CLASS_BY_KIND: dict[Kind, type[Exercise]] = {
    Kind.SINGLE_CHOICE: ChoiceExercise,
    Kind.MULTIPLE_CHOICE: ChoiceExercise,
    Kind.SCALE: ScaleExercise,
    Kind.WORD_CLOUD: WordCloudExercise,
    Kind.IDEAS: BoardExercise,
    Kind.QUESTIONS: BoardExercise,
    Kind.QUIZ: QuizExercise,
}

_COMMON_KEYS = frozenset({"kind", "prompt", "title"})
EXERCISE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def exercise_from_dict(data: dict[str, Any]) -> Exercise:
    """Rebuild an exercise from `Exercise.to_dict()` (as kept with a poll in the store)."""
    kind = Kind(data["kind"])
    values = dict(data, kind=kind)
    for key in ("options", "statements", "correct"):
        if key in values:
            values[key] = tuple(values[key])
    return _CLASS_BY_KIND[kind](**values)


# -- loading from TOML ---------------------------------------------------------------


class _Locator:
    """Finds the line a key or value stands on, for error messages.

    tomllib reports syntax errors with a line but gives no positions for values, so
    the checks below point at the line where the key (or a quoted value) is written.
    """

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def key(self, key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return 1

    _TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*')

    def entry(self, key: str, index: int) -> int:
        """The line of the index-th (0-based) string of the array `key`."""
        start = self.key(key)
        seen = 0
        for number, line in enumerate(self.lines[start - 1 :], start=start):
            text = line.split("=", 1)[1] if number == start else line
            for token in self._TOKEN.finditer(text):
                if token.group().startswith("#"):
                    continue
                if seen == index:
                    return number
                seen += 1
        return start


def _missing(key: str) -> Message:
    return Message("missing `{key}`", key=key)


def not_toml(error: tomllib.TOMLDecodeError) -> Message:
    """A file that is not TOML, in tomllib's own words."""
    return Message("not valid TOML: {problem}", problem=str(error))


class _Checker:
    """Collects the problems of one file so that all of them are reported at once."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.at = _Locator(text)
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def text(self, data: dict, key: str, *, required: bool, max_length: int) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(1, _missing(key))
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(self.at.key(key), Message("`{key}` must be non-empty text", key=key))
            return ""
        if len(value) > max_length:
            self.fail(self.at.key(key), plural_message("`{key}` is longer than {count} character",
                                                       "`{key}` is longer than {count} characters", max_length, key=key))
        return value.strip()

    def number(
        self, data: dict, key: str, default: float | None, *, low: float, high: float,
        whole: bool = True,
    ) -> Any:
        value = data.get(key, default)
        if value is None:
            return None
        types = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, types):
            kind = Message("a whole number") if whole else Message("a number")
            self.fail(self.at.key(key), Message("`{key}` must be {kind}", key=key, kind=kind))
            return default
        if not low <= value <= high:
            # The bounds as the file writes numbers (1000, not "1,000" or "1.000").
            self.fail(self.at.key(key), Message("`{key}` must be from {low} to {high}", key=key, low=f"{low:g}",
                                                high=f"{high:g}"))
            return default
        return value

    def labels(self, data: dict, key: str, *, low: int, high: int) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            self.fail(1, _missing(key))
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(self.at.key(key), Message("`{key}` must be a list of texts", key=key))
            return ()
        if not low <= len(value) <= high:
            self.fail(self.at.key(key), Message("`{key}` needs {low} to {high} entries, not {count}", key=key,
                                                low=low, high=high, count=len(value)))
        seen: dict[str, str] = {}
        for index, label in enumerate(value):
            folded = label.strip().casefold()
            if not folded:
                self.fail(self.at.entry(key, index), Message("an entry of `{key}` is empty", key=key))
            elif folded in seen:
                self.fail(self.at.entry(key, index), Message(
                    "duplicate label {label} in `{key}`: each must be different", label=repr(label), key=key))
            elif len(label) > MAX_OPTION_LENGTH:
                self.fail(self.at.entry(key, index), plural_message(
                    "{label}... is longer than {count} character", "{label}... is longer than {count} characters",
                    MAX_OPTION_LENGTH, label=repr(label[:30])))
            seen[folded] = label
        return tuple(v.strip() for v in value)


def _parse_specific(kind: Kind, data: dict, check: _Checker) -> dict[str, Any]:
    """The kind-specific settings of an exercise file, checked."""
    if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        options = check.labels(data, "options", low=2, high=MAX_OPTIONS)
        if kind is Kind.SINGLE_CHOICE:
            if "max_choices" in data:
                check.fail(check.at.key("max_choices"), Message("`max_choices` is for multiple_choice"))
            return {"options": options, "max_choices": 1}
        most = check.number(data, "max_choices", len(options), low=1, high=max(len(options), 1))
        return {"options": options, "max_choices": most}
    if kind is Kind.SCALE:
        low = check.number(data, "min", 1, low=0, high=1)
        high = check.number(data, "max", 5, low=2, high=10)
        statements = ()
        if "statements" in data:
            statements = check.labels(data, "statements", low=1, high=MAX_STATEMENTS)
        return {
            "min": low,
            "max": high,
            "min_label": check.text(data, "min_label", required=True, max_length=60),
            "max_label": check.text(data, "max_label", required=True, max_length=60),
            "statements": statements,
        }
    if kind is Kind.WORD_CLOUD:
        return {
            "max_entries": check.number(data, "max_entries", 3, low=1, high=10),
            "max_length": check.number(data, "max_length", 40, low=3, high=80),
        }
    if kind.is_board:
        return {"max_length": check.number(data, "max_length", 280, low=20, high=1000)}
    # Kind.QUIZ
    options = check.labels(data, "options", low=2, high=MAX_OPTIONS)
    correct_labels = data.get("correct")
    correct: list[int] = []
    if isinstance(correct_labels, str):
        correct_labels = [correct_labels]
    if not isinstance(correct_labels, list) or not correct_labels:
        check.fail(check.at.key("correct") if "correct" in data else 1,
                   Message("`correct` must name one or more of the options"))
    else:
        folded = [o.casefold() for o in options]
        for label in correct_labels:
            if not isinstance(label, str) or label.strip().casefold() not in folded:
                check.fail(check.at.key("correct"), Message(
                    "`correct` names {label}, which is not one of the options", label=repr(label)))
            else:
                correct.append(folded.index(label.strip().casefold()))
    time_limit = check.number(data, "time_limit", None, low=5, high=600, whole=False)
    return {
        "options": options,
        "correct": tuple(sorted(set(correct))),
        "points": check.number(data, "points", 1000, low=1, high=100_000),
        "time_limit": None if time_limit is None else float(time_limit),
        "explanation": check.text(data, "explanation", required=False, max_length=MAX_PROMPT_LENGTH),
    }


def load_exercise(path: Path) -> Exercise:
    """Read and check one exercise file; FormatError lists everything wrong in it."""
    path = Path(path)
    check = _Checker(path, "")
    exercise_id = path.stem
    if not EXERCISE_ID.match(exercise_id):
        check.fail(1, Message("{id} is not a usable exercise id: use letters, digits, - and _", id=repr(exercise_id)))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise FormatError([Problem(path, 1, cannot_read(error))]) from None
    except UnicodeDecodeError as error:
        # The byte's offset as digits: a hex editor's "go to" reads it.
        raise FormatError([Problem(path, 1, Message("not UTF-8 text (byte {offset})", offset=str(error.start)))]) from None
    check.at = _Locator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else 1
        raise FormatError([Problem(path, line, not_toml(error))]) from None

    kind_name = data.get("kind")
    try:
        kind = Kind(kind_name)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        line = check.at.key("kind") if "kind" in data else 1
        check.fail(line, Message("`kind` must be one of {kinds}, not {value}", kinds=known, value=repr(kind_name)))
        raise FormatError(check.problems) from None

    cls = _CLASS_BY_KIND[kind]
    for key in data:
        if key not in _COMMON_KEYS and key not in cls.settings_keys:
            allowed = ", ".join(sorted(_COMMON_KEYS | cls.settings_keys))
            check.fail(check.at.key(key), Message("unknown key `{key}` for a {kind} exercise (it takes {keys})", key=key,
                                                  kind=kind.value, keys=allowed))
    prompt = check.text(data, "prompt", required=True, max_length=MAX_PROMPT_LENGTH)
    title = check.text(data, "title", required=False, max_length=80) or exercise_id
    specific = _parse_specific(kind, data, check)
    if check.problems:
        raise FormatError(check.problems)
    return cls(id=exercise_id, kind=kind, prompt=prompt, title=title, **specific)


@dataclass
class ExerciseLibrary:
    """The exercises in one folder, loaded on demand and checked by id."""

    folder: Path
    _loaded: dict[str, Exercise] = field(default_factory=dict)

    def path_of(self, exercise_id: str) -> Path:
        return self.folder / f"{exercise_id}.toml"

    def exists(self, exercise_id: str) -> bool:
        return bool(EXERCISE_ID.match(exercise_id)) and self.path_of(exercise_id).is_file()

    def get(self, exercise_id: str) -> Exercise:
        if exercise_id not in self._loaded:
            self._loaded[exercise_id] = load_exercise(self.path_of(exercise_id))
        return self._loaded[exercise_id]
