"""The session as JSON, for the phones and for the trainer remote.

The phones' view is the same for every attendee, so it is built once per change and the
same bytes go to every phone. What is personal (their answer, their posts, their
upvotes) is asked for separately, when the phone (re)connects or the question changes.
The trainer's view adds what attendees must not see: hidden posts, results before they
are revealed, the correct answer of a quiz.
"""

from __future__ import annotations

from typing import Any

from facilitator.core.exercise import (
    BoardExercise, ChoiceExercise, Exercise, QuizExercise, ScaleExercise, WordCloudExercise,
)
from facilitator.core.session import LiveSession
from facilitator.core.store import Item, PollRecord
from facilitator.core.tally import (
    BoardTally, ChoiceTally, QuizTally, ScaleTally, Tally, WordCloudTally,
)

LEADERBOARD_SIZE = 10
WORDS_SHOWN = 60


def _exercise(exercise: Exercise) -> dict[str, Any]:
    """What a phone needs to ask the question (never the correct answer)."""
    view: dict[str, Any] = {"kind": exercise.kind.value, "title": exercise.title, "prompt": exercise.prompt}
    if isinstance(exercise, ChoiceExercise):
        view.update(options=list(exercise.options), max_choices=exercise.max_choices)
    elif isinstance(exercise, QuizExercise):
        view.update(
            options=list(exercise.options), multiple=exercise.multiple,
            points=exercise.points, time_limit=exercise.time_limit,
        )
    elif isinstance(exercise, ScaleExercise):
        view.update(
            min=exercise.min, max=exercise.max, min_label=exercise.min_label,
            max_label=exercise.max_label, statements=list(exercise.statements),
        )
    elif isinstance(exercise, WordCloudExercise):
        view.update(max_entries=exercise.max_entries, max_length=exercise.max_length)
    elif isinstance(exercise, BoardExercise):
        view.update(max_length=exercise.max_length)
    return view


def _item(item: Item) -> dict[str, Any]:
    return {"id": item.id, "text": item.text, "upvotes": item.upvotes, "answered": item.answered}


def results(tally: Tally, session: LiveSession) -> dict[str, Any]:
    """A poll's results as numbers and words: phones show them as text, not only bars."""
    if isinstance(tally, ChoiceTally):
        view: dict[str, Any] = {
            "respondents": tally.respondents,
            "options": [
                {"label": o.label, "count": o.count, "percent": round(o.percent, 1), "correct": o.correct}
                for o in tally.options
            ],
        }
        if isinstance(tally, QuizTally):
            view["correct_count"] = tally.correct_count
            view["explanation"] = tally.explanation
            view["leaderboard"] = [
                {"rank": e.rank, "name": e.name, "points": e.points}
                for e in session.leaderboard(LEADERBOARD_SIZE)
            ]
        return view
    if isinstance(tally, ScaleTally):
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
    if isinstance(tally, WordCloudTally):
        return {
            "respondents": tally.respondents,
            "words": [{"text": w.text, "count": w.count} for w in tally.words[:WORDS_SHOWN]],
        }
    assert isinstance(tally, BoardTally)
    return {"authors": tally.authors, "items": [_item(i) for i in tally.items]}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def shown_poll(session: LiveSession) -> PollRecord | None:
    """The poll the phones follow: the open one, else the current slide's (if it ran)."""
    return session.open_poll() or session.poll_on_slide()


def _poll(session: LiveSession, poll: PollRecord, *, for_trainer: bool) -> dict[str, Any]:
    exercise = session.exercise_of(poll)
    view = {
        "id": poll.id,
        "exercise": poll.exercise_id,
        "open": poll.is_open,
        "revealed": poll.revealed,
        "responses": session.response_count(poll.id),
        **_exercise(exercise),
    }
    if isinstance(exercise, QuizExercise) and exercise.time_limit is not None and poll.is_open:
        left = exercise.time_limit - (session.clock.now() - poll.opened_at)
        view["time_left"] = round(max(left, 0.0), 1)
    if isinstance(exercise, BoardExercise):
        # Attendees see each other's posts while the board is open, so they can upvote.
        items = session.items(poll.id, include_hidden=for_trainer)
        view["items"] = [
            {**_item(i), "hidden": i.hidden} if for_trainer else _item(i)
            for i in sorted(items, key=lambda i: (-i.upvotes, i.created_at, i.id))
        ]
    elif poll.revealed or for_trainer:
        view["results"] = results(session.tally(poll.id), session)
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
        if isinstance(session.exercise_of(poll), BoardExercise):
            mine["posts"] = [i.id for i in session.items(poll.id) if i.attendee_id == attendee.id]
            mine["upvoted"] = sorted(session.upvoted_by(token, poll.id))
        else:
            response = session.response_of(token, poll.id)
            mine["answer"] = response.answer if response else None
            if response is not None and poll.revealed and response.score is not None:
                mine["score"] = response.score
        view["poll"] = mine
    return view
