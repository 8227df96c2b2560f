"""The session as JSON, for the phones and for the trainer remote.

The phones' view is the same for every attendee, so it is built once per change and the
same bytes go to every phone. What is personal (their answer, their posts, their
upvotes) is asked for separately, when the phone (re)connects or the question changes.
The trainer's view adds what attendees must not see: hidden posts, results before they
are revealed, the correct answer of a quiz.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from facilitator.core.exercise import (
    BoardExercise, ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise,
    WordCloudExercise,
)
from facilitator.core.results import PollResults
from facilitator.core.session import LiveSession
from facilitator.core.store import Item, PollRecord
from facilitator.core.tally import (
    BoardTally, ChoiceTally, QuizTally, ScaleTally, WordCloudTally, rank_items,
)

WORDS_SHOWN = 60


@dataclass(frozen=True)
class KindView:
    """What the phone page and the remote get for one kind of exercise, as JSON."""

    question: Callable[[Exercise], dict[str, Any]]  # to ask it (never the correct answer)
    results: Callable[[PollResults], dict[str, Any]]  # as numbers and words


def _question(exercise: Exercise) -> dict[str, Any]:
    """What a phone needs to ask the question (never the correct answer)."""
    return {
        "kind": exercise.kind.value, "title": exercise.title, "prompt": exercise.prompt,
        **KIND_VIEWS[exercise.kind].question(exercise),
    }


def results(poll: PollResults) -> dict[str, Any]:
    """A poll's results as numbers and words: phones show them as text, not only bars."""
    return KIND_VIEWS[poll.kind].results(poll)


def _choice_question(exercise: ChoiceExercise) -> dict[str, Any]:
    return {"options": list(exercise.options), "max_choices": exercise.max_choices}


def _choice_results(poll: PollResults) -> dict[str, Any]:
    tally = poll.tally
    assert isinstance(tally, ChoiceTally)
    return {
        "respondents": tally.respondents,
        "options": [
            {"label": o.label, "count": o.count, "percent": round(o.percent, 1), "correct": o.correct}
            for o in tally.options
        ],
    }


def _quiz_question(exercise: QuizExercise) -> dict[str, Any]:
    return {
        "options": list(exercise.options), "multiple": exercise.multiple,
        "points": exercise.points, "time_limit": exercise.time_limit,
    }


def _quiz_results(poll: PollResults) -> dict[str, Any]:
    tally = poll.tally
    assert isinstance(tally, QuizTally)
    return {
        **_choice_results(poll),
        "correct_count": tally.correct_count,
        "explanation": tally.explanation,
        "leaderboard": [{"rank": e.rank, "name": e.name, "points": e.points} for e in poll.leaderboard],
    }


def _scale_question(exercise: ScaleExercise) -> dict[str, Any]:
    return {
        "min": exercise.min, "max": exercise.max, "min_label": exercise.min_label,
        "max_label": exercise.max_label, "statements": list(exercise.statements),
    }


def _scale_results(poll: PollResults) -> dict[str, Any]:
    tally = poll.tally
    assert isinstance(tally, ScaleTally)
    return {
        "respondents": tally.respondents,
        "average": _rounded(tally.average),
        "rows": [
            {
                "statement": row.statement, "count": row.count,
                "average": _rounded(row.average),
                "distribution": [{"rating": r, "count": n} for r, n in row.distribution],
            }
            for row in tally.rows
        ],
    }


def _word_cloud_question(exercise: WordCloudExercise) -> dict[str, Any]:
    return {"max_entries": exercise.max_entries, "max_length": exercise.max_length}


def _word_cloud_results(poll: PollResults) -> dict[str, Any]:
    tally = poll.tally
    assert isinstance(tally, WordCloudTally)
    return {
        "respondents": tally.respondents,
        "words": [{"text": w.text, "count": w.count} for w in tally.words[:WORDS_SHOWN]],
    }


def _board_question(exercise: BoardExercise) -> dict[str, Any]:
    return {"max_length": exercise.max_length}


def _board_results(poll: PollResults) -> dict[str, Any]:
    tally = poll.tally
    assert isinstance(tally, BoardTally)
    return {"authors": tally.authors, "items": [_item(i) for i in tally.items]}


# Each kind's JSON: the one place in the phone server that knows a kind.
KIND_VIEWS: dict[Kind, KindView] = {
    Kind.SINGLE_CHOICE: KindView(_choice_question, _choice_results),
    Kind.MULTIPLE_CHOICE: KindView(_choice_question, _choice_results),
    Kind.QUIZ: KindView(_quiz_question, _quiz_results),
    Kind.SCALE: KindView(_scale_question, _scale_results),
    Kind.WORD_CLOUD: KindView(_word_cloud_question, _word_cloud_results),
    Kind.IDEAS: KindView(_board_question, _board_results),
    Kind.QUESTIONS: KindView(_board_question, _board_results),
}


def _item(item: Item) -> dict[str, Any]:
    return {"id": item.id, "text": item.text, "upvotes": item.upvotes, "answered": item.answered}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def shown_poll(session: LiveSession) -> PollRecord | None:
    """The poll the phones follow: the open one, else the current slide's (if it ran)."""
    return session.open_poll() or session.poll_on_slide()


def _poll(session: LiveSession, poll: PollRecord, *, for_trainer: bool) -> dict[str, Any]:
    shown = session.results.of_poll(poll.id)
    exercise = shown.exercise
    view = {
        "id": poll.id,
        "exercise": poll.exercise_id,
        "open": poll.is_open,
        "revealed": poll.revealed,
        "responses": shown.responses,
        **_question(exercise),
    }
    if isinstance(exercise, QuizExercise) and exercise.time_limit is not None and poll.is_open:
        left = exercise.time_limit - (session.clock.now() - poll.opened_at)
        view["time_left"] = round(max(left, 0.0), 1)
    if exercise.kind.is_board:
        # Attendees see each other's posts while the board is open, so they can upvote;
        # the trainer sees the hidden ones too, to bring one back.
        assert isinstance(shown.tally, BoardTally)
        if for_trainer:
            everything = rank_items(session.items(poll.id, include_hidden=True))
            view["items"] = [{**_item(i), "hidden": i.hidden} for i in everything]
        else:
            view["items"] = [_item(i) for i in shown.tally.items]
    elif poll.revealed or for_trainer:
        view["results"] = results(shown)
    return view


def phone_state(session: LiveSession) -> dict[str, Any]:
    """What every phone shows now."""
    state = session.state()
    slide = session.workshop.deck.slides[state.current_slide]
    poll = shown_poll(session)
    return {
        "title": state.title,
        "ended": state.ended,
        "attendees": state.attendees,
        "slide": {"index": state.current_slide, "count": state.slide_count, "title": slide.title},
        "poll": _poll(session, poll, for_trainer=False) if poll else None,
    }


def trainer_state(session: LiveSession) -> dict[str, Any]:
    """What the trainer remote shows: the phones' view and what only the trainer sees."""
    state = session.state()
    deck = session.workshop.deck
    slide = deck.slides[state.current_slide]
    following = deck.slides[state.current_slide + 1] if state.current_slide + 1 < len(deck.slides) else None
    poll = shown_poll(session)
    return {
        "title": state.title,
        "code": state.code,
        "ended": state.ended,
        "attendees": state.attendees,
        "slide": {
            "index": state.current_slide, "count": state.slide_count, "title": slide.title,
            "notes": slide.notes, "exercise": slide.exercise_id,
            "next_title": following.title if following else None,
        },
        "poll": _poll(session, poll, for_trainer=True) if poll else None,
    }


def attendee_view(session: LiveSession, token: str | None) -> dict[str, Any]:
    """What is this attendee's own: their name, and their part in the poll shown now.

    A phone that has not joined gets `{"name": null}`: the page asks before it knows.
    """
    if token is None:
        return {"name": None, "poll": None}
    attendee = session.seen(token)
    view: dict[str, Any] = {"name": attendee.name, "poll": None}
    poll = shown_poll(session)
    if poll is not None:
        mine: dict[str, Any] = {"id": poll.id}
        if session.exercise_of(poll).kind.is_board:
            mine["posts"] = [i.id for i in session.items(poll.id) if i.attendee_id == attendee.id]
            mine["upvoted"] = sorted(session.upvoted_by(token, poll.id))
        else:
            response = session.response_of(token, poll.id)
            mine["answer"] = response.answer if response else None
            if response is not None and poll.revealed and response.score is not None:
                mine["score"] = response.score
        view["poll"] = mine
    return view
