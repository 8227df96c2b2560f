"""Results of a poll, per kind: the counts inside `core.results.PollResults`.

Each kind's counting is one function, found through `TALLY_OF_KIND`. Every tally says
how many took part as `responses` (attendees who answered; on a board, who posted)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence, Union

from .exercise import (
    BoardExercise, ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise,
    WordCloudExercise,
)
from .store import Attendee, Item
from .text import fold


def _percent(count: int, whole: int) -> float:
    return 100.0 * count / whole if whole else 0.0


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int
    percent: float  # of the attendees who answered (multiple choice can add up past 100)
    correct: bool = False


class _AnsweredOnce:
    """A kind where each attendee gives one answer: those who did are its responses."""

    respondents: int

    @property
    def responses(self) -> int:
        return self.respondents


@dataclass(frozen=True)
class ChoiceTally(_AnsweredOnce):
    kind: Kind
    respondents: int
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class QuizTally(ChoiceTally):
    correct_count: int  # attendees who got it right
    explanation: str


@dataclass(frozen=True)
class ScaleRow:
    statement: str  # "" for a single-question scale
    count: int
    average: float | None
    distribution: tuple[tuple[int, int], ...]  # (rating, how many gave it), every rating


@dataclass(frozen=True)
class ScaleTally(_AnsweredOnce):
    kind: Kind
    respondents: int
    min: int
    max: int
    min_label: str
    max_label: str
    rows: tuple[ScaleRow, ...]

    def lowest_first(self) -> tuple[ScaleRow, ...]:
        """The statements from the lowest average to the highest (the gaps worth talking
        about first); ties keep the exercise's order, statements nobody rated come last."""
        return tuple(sorted(self.rows, key=lambda row: (row.average is None, row.average or 0.0)))

    @property
    def average(self) -> float | None:
        """The mean over every rating given (all statements together)."""
        total = sum(r * n for row in self.rows for r, n in row.distribution)
        count = sum(row.count for row in self.rows)
        return total / count if count else None


@dataclass(frozen=True)
class WordCount:
    text: str  # the spelling most people used
    count: int


@dataclass(frozen=True)
class WordCloudTally(_AnsweredOnce):
    kind: Kind
    respondents: int
    words: tuple[WordCount, ...]  # most frequent first


@dataclass(frozen=True)
class BoardTally:
    kind: Kind
    authors: int  # attendees who posted
    items: tuple[Item, ...]  # visible ones, most upvoted first, then oldest first
    hidden: int

    @property
    def responses(self) -> int:
        return self.authors


Tally = Union[ChoiceTally, QuizTally, ScaleTally, WordCloudTally, BoardTally]


Answers = list[tuple[Any, int]]  # (an answer as stored, how many attendees gave it)


def _option_counts(options: tuple[str, ...], answers: Answers, correct=()) -> tuple[OptionCount, ...]:
    counts: Counter[int] = Counter()
    for answer, n in answers:
        for i in _as_list(answer):
            counts[i] += n
    respondents = _respondents(answers)
    return tuple(
        OptionCount(label, counts[i], _percent(counts[i], respondents), i in correct)
        for i, label in enumerate(options)
    )


def _as_list(answer) -> list:
    return answer if isinstance(answer, list) else [answer]


def tally(exercise: Exercise, answers: Answers, items: list[Item]) -> Tally:
    """The results of a poll from its distinct answers and how often each was given
    (a board's from its posts)."""
    return TALLY_OF_KIND[exercise.kind](exercise, answers, items)


def _choice(exercise: ChoiceExercise, answers: Answers, items: list[Item]) -> ChoiceTally:
    return ChoiceTally(exercise.kind, _respondents(answers), _option_counts(exercise.options, answers))


def _quiz(exercise: QuizExercise, answers: Answers, items: list[Item]) -> QuizTally:
    return QuizTally(
        kind=exercise.kind,
        respondents=_respondents(answers),
        options=_option_counts(exercise.options, answers, exercise.correct),
        correct_count=sum(n for a, n in answers if exercise.is_correct(_as_list(a))),
        explanation=exercise.explanation,
    )


def _word_cloud(exercise: WordCloudExercise, answers: Answers, items: list[Item]) -> WordCloudTally:
    return WordCloudTally(
        exercise.kind, _respondents(answers),
        word_frequencies((word, n) for answer, n in answers for word in answer),
    )


def _board(exercise: BoardExercise, answers: Answers, items: list[Item]) -> BoardTally:
    return BoardTally(
        kind=exercise.kind,
        authors=posters(items),
        items=rank_items(i for i in items if not i.hidden),
        hidden=sum(i.hidden for i in items),
    )


def posters(items: Iterable[Item]) -> int:
    """How many attendees a board shows posts of: a hidden post does not count its
    author, on any screen."""
    return len({i.attendee_id for i in items if not i.hidden})


def _respondents(answers: Answers) -> int:
    return sum(n for _, n in answers)


def _scale(exercise: ScaleExercise, answers: Answers, items: list[Item]) -> ScaleTally:
    statements = exercise.statements or ("",)
    rows = []
    for position, statement in enumerate(statements):
        counts: Counter[int] = Counter()
        for answer, n in answers:
            counts[answer[position] if exercise.statements else answer] += n
        count = sum(counts.values())
        rows.append(ScaleRow(
            statement=statement,
            count=count,
            average=sum(r * n for r, n in counts.items()) / count if count else None,
            distribution=tuple((r, counts[r]) for r in range(exercise.min, exercise.max + 1)),
        ))
    return ScaleTally(
        exercise.kind, _respondents(answers), exercise.min, exercise.max,
        exercise.min_label, exercise.max_label, tuple(rows),
    )


def word_frequencies(words: Iterable[tuple[str, int]]) -> tuple[WordCount, ...]:
    """Words (each with how often it was sent) counted case- and space-insensitively,
    shown in their most used spelling."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for word, n in words:
        key = fold(word)
        counts[key] += n
        spellings.setdefault(key, Counter())[word] += n
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(WordCount(spellings[key].most_common(1)[0][0], n) for key, n in ranked)


def rank_items(items: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(sorted(items, key=lambda i: (-i.upvotes, i.created_at, i.id)))


# Each kind's tally: the one place in core that counts a kind's answers.
TALLY_OF_KIND: dict[Kind, Callable[[Any, Answers, list[Item]], Tally]] = {
    Kind.SINGLE_CHOICE: _choice,
    Kind.MULTIPLE_CHOICE: _choice,
    Kind.QUIZ: _quiz,
    Kind.SCALE: _scale,
    Kind.WORD_CLOUD: _word_cloud,
    Kind.IDEAS: _board,
    Kind.QUESTIONS: _board,
}


@dataclass(frozen=True)
class LeaderboardEntry:
    rank: int  # equal points share a rank (1, 2, 2, 4)
    attendee_id: int
    name: str
    points: int
    correct: int


def standing(entries: Sequence[LeaderboardEntry], attendee: Attendee) -> LeaderboardEntry:
    """Where `attendee` stands on the leaderboard `entries`: their own entry, or, for one
    who answered no quiz, 0 points at the rank of those who scored none."""
    for entry in entries:
        if entry.attendee_id == attendee.id:
            return entry
    rank = next((e.rank for e in entries if e.points <= 0), len(entries) + 1)
    return LeaderboardEntry(rank, attendee.id, attendee.name, 0, 0)


def leaderboard(scores: list[tuple[Attendee, int, int]]) -> list[LeaderboardEntry]:
    ordered = sorted(scores, key=lambda s: (-s[1], s[0].joined_at, s[0].id))
    entries = []
    for position, (attendee, points, correct) in enumerate(ordered, start=1):
        rank = entries[-1].rank if entries and entries[-1].points == points else position
        entries.append(LeaderboardEntry(rank, attendee.id, attendee.name, points, correct))
    return entries
