"""The session as JSON, for the phones and for the trainer remote.

The phones' view is the same for every attendee, so it is built once per change and the
same bytes go to every phone. What is personal (their answer, their posts, their
upvotes) is asked for separately, when the phone (re)connects or the question changes.
Titles are the trainer's Markdown, sent as the plain text a reader sees (the pages set
text, never markup). The trainer's view adds what attendees must not see: hidden posts, results before they
are revealed, the correct answer of a quiz.

Neither grows with the room: a board shows its top items and how many there are (the
rest a page at a time, on request), and after a full view phones get only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from facilitator.core.errors import InvalidInput
from facilitator.core.exercise import (
    BoardExercise, ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise,
    WordCloudExercise,
)
from facilitator.core.markdown_text import plain_text
from facilitator.core.pacing import pacing
from facilitator.core.results import PollResults
from facilitator.core.session import LiveSession
from facilitator.core.store import Commitment, Item, PollRecord
from facilitator.core.tally import ChoiceTally, QuizTally, ScaleTally, WordCloudTally
from facilitator.core.translation import Message

WORDS_SHOWN = 60
# A board's top items, enough for a room to read and upvote from; "Show more" pages on.
ITEMS_SHOWN = 20
# Fewer when posts are long: a push stays under 8 KB however long the posts (up to
# 1,000 characters each) and the prompt (500).
ITEMS_BYTES = 5000
ITEM_OVERHEAD_BYTES = 60  # the JSON around an item's text
TRAINER_ITEMS_SHOWN = 30  # the remote moderates: the top ones and the newest ones
# An attendee's part of a board: their posts (MAX_POSTS_PER_POLL at most) and their
# latest upvotes.
UPVOTED_SHOWN = 100
# The hidden posts whose ids every phone gets, so that each author's phone marks its own:
# far more than a trainer hides on one board (an id is a few bytes).
HIDDEN_SHOWN = 200
# The room's top ideas a phone offers to pick a commitment from, at the end.
IDEAS_TO_PICK = 6
# More changes than this since the last push: a full view says it in fewer bytes.
CHANGES_PER_DELTA = 200


@dataclass(frozen=True)
class KindView:
    """What the phone page and the remote get for one kind of exercise, as JSON."""

    question: Callable[[Exercise], dict[str, Any]]  # to ask it (never the correct answer)
    # As numbers and words; None for a board, which shows its items instead (_board).
    results: Callable[[PollResults], dict[str, Any]] | None


def _question(exercise: Exercise) -> dict[str, Any]:
    """What a phone needs to ask the question (never the correct answer)."""
    return {
        "kind": exercise.kind.value, "title": exercise.title, "prompt": exercise.prompt,
        **KIND_VIEWS[exercise.kind].question(exercise),
    }


def results(poll: PollResults) -> dict[str, Any]:
    """A poll's results as numbers and words: phones show them as text, not only bars."""
    view_results = KIND_VIEWS[poll.kind].results
    assert view_results is not None, "a board shows its items, not results"
    return view_results(poll)


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


# Each kind's JSON: the one place in the phone server that knows a kind.
KIND_VIEWS: dict[Kind, KindView] = {
    Kind.SINGLE_CHOICE: KindView(_choice_question, _choice_results),
    Kind.MULTIPLE_CHOICE: KindView(_choice_question, _choice_results),
    Kind.QUIZ: KindView(_quiz_question, _quiz_results),
    Kind.SCALE: KindView(_scale_question, _scale_results),
    Kind.WORD_CLOUD: KindView(_word_cloud_question, _word_cloud_results),
    Kind.IDEAS: KindView(_board_question, None),
    Kind.QUESTIONS: KindView(_board_question, None),
}


def _item(item: Item) -> dict[str, Any]:
    return {"id": item.id, "text": item.text, "upvotes": item.upvotes, "answered": item.answered}


def _fitting(items: list[Item]) -> list[dict[str, Any]]:
    """The first items, in order, as many as fit in ITEMS_BYTES (at least one)."""
    views, used = [], 0
    for item in items:
        used += len(item.text.encode()) + ITEM_OVERHEAD_BYTES
        if views and used > ITEMS_BYTES:
            break
        views.append(_item(item))
    return views


def items_page(session: LiveSession, poll_id: int, after_id: int | None) -> dict[str, Any]:
    """The next visible items of a board after item `after_id` in board order (from the
    top without one): what "Show more" on a phone asks for."""
    if not isinstance(session.exercise_of(session.poll(poll_id)), BoardExercise):
        raise InvalidInput(Message("only ideas and questions boards have items"))
    return {
        "poll": poll_id,
        "count": session.board_counts(poll_id).shown,
        "items": _fitting(session.top_items(poll_id, ITEMS_SHOWN, after_id=after_id)),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def shown_poll(session: LiveSession) -> PollRecord | None:
    """The poll the phones follow: the open one, else the current slide's (if it ran)."""
    return session.poll_now_open() or session.poll_on_slide()


def _poll(session: LiveSession, poll: PollRecord, *, for_trainer: bool) -> dict[str, Any]:
    exercise = session.exercise_of(poll)
    view = {
        "id": poll.id,
        "exercise": poll.exercise_id,
        "open": poll.is_open,
        "revealed": poll.revealed,
        **_question(exercise),
    }
    deadline = session.quiz_deadline(poll)
    if deadline is not None:
        view["time_left"] = round(max(deadline - session.clock.now(), 0.0), 1)
    if isinstance(exercise, BoardExercise):
        # A board's counts come from the store's indexes: a push never reads every post.
        view.update(_board(session, poll, for_trainer=for_trainer))
        return view
    shown = session.results.of_poll(poll.id)
    view["responses"] = shown.responses
    if poll.revealed or for_trainer:
        view["results"] = results(shown)
    return view


def _board(session: LiveSession, poll: PollRecord, *, for_trainer: bool) -> dict[str, Any]:
    # Attendees see each other's posts while the board is open, so they can upvote.
    counts = session.board_counts(poll.id)
    if not for_trainer:
        # Ids only, never text: a phone finds its own hidden posts among them.
        hidden = session.top_items(poll.id, HIDDEN_SHOWN, hidden=True) if counts.hidden else []
        return {
            "responses": counts.shown_authors, "count": counts.shown,
            "items": _fitting(session.top_items(poll.id, ITEMS_SHOWN)),
            "hidden": [i.id for i in hidden],
        }
    return {
        "responses": counts.shown_authors, "count": counts.shown, "hidden": counts.hidden,
        "items": [_item(i) for i in session.top_items(poll.id, TRAINER_ITEMS_SHOWN)],
        # Newest first, hidden ones too: what to moderate, and what to show again.
        "newest": [
            {**_item(i), "hidden": i.hidden}
            for i in session.newest_items(poll.id, TRAINER_ITEMS_SHOWN)
        ],
    }


def phone_delta(
    session: LiveSession, before: dict[str, Any], after: dict[str, Any], changed_items: set[int]
) -> dict[str, Any] | None:
    """What changed from one phones' view to the next, or None when only a full view can
    say it (another poll, a post hidden, too many changes).

    Top-level values and the poll's values that changed come as they are now. Items:
    those new to the top come whole; other changed ones (upvotes, answered) as their id
    and numbers, since a phone shows only those it knows.
    """
    was, now = before["poll"], after["poll"]
    if (was and was["id"]) != (now and now["id"]) or len(changed_items) > CHANGES_PER_DELTA:
        return None
    delta = {k: v for k, v in after.items() if k != "poll" and before.get(k) != v}
    if now is None:
        return delta
    poll = {k: v for k, v in now.items() if k != "items" and was.get(k) != v}
    if "items" in now:
        known = {i["id"] for i in was["items"]}
        items = {i["id"]: i for i in now["items"] if i["id"] not in known}
        for item in session.changed_items(sorted(changed_items)):
            if item.poll_id != now["id"]:
                continue
            if item.hidden:
                return None  # the phones must drop it, and the next one up takes its place
            items.setdefault(item.id, {"id": item.id, "upvotes": item.upvotes, "answered": item.answered})
        if items:
            poll["items"] = list(items.values())
    if poll:
        delta["poll"] = poll
    return delta


def phone_state(session: LiveSession) -> dict[str, Any]:
    """What every phone shows now."""
    state = session.state()
    slide = session.workshop.deck.slides[state.current_slide]
    poll = shown_poll(session)
    return {
        "title": plain_text(state.title),
        "ended": state.ended,
        "attendees": state.attendees,
        "slide": {"index": state.current_slide, "count": state.slide_count, "title": plain_text(slide.title)},
        "poll": _poll(session, poll, for_trainer=False) if poll else None,
        **({"ideas": [_item(i) for i in top_ideas(session)]} if state.ended else {}),
    }


def top_ideas(session: LiveSession) -> list[Item]:
    """The room's most upvoted ideas, over every idea board: to pick a commitment from."""
    ideas = [i for poll in session.idea_polls() for i in session.top_items(poll.id, IDEAS_TO_PICK)]
    return sorted(ideas, key=lambda i: (-i.upvotes, i.created_at, i.id))[:IDEAS_TO_PICK]


def commitment_view(commitment: Commitment | None) -> dict[str, Any] | None:
    if commitment is None:
        return None
    return {"action": commitment.action, "due": commitment.due, "idea": commitment.item_id}


def trainer_state(session: LiveSession) -> dict[str, Any]:
    """What the trainer remote shows: the phones' view and what only the trainer sees."""
    state = session.state()
    deck = session.workshop.deck
    slide = deck.slides[state.current_slide]
    following = deck.slides[state.current_slide + 1] if state.current_slide + 1 < len(deck.slides) else None
    poll = shown_poll(session)
    return {
        "title": plain_text(state.title),
        "code": state.code,
        "ended": state.ended,
        "attendees": state.attendees,
        "slide": {
            "index": state.current_slide, "count": state.slide_count,
            "title": plain_text(slide.title), "notes": slide.notes, "exercise": slide.exercise_id,
            "next_title": plain_text(following.title) if following else None,
            # What the slide's poll will ask, before it is opened.
            "upcoming": _upcoming(session, slide.exercise_id),
        },
        "screen": {
            "blank": state.screen.blank.value, "join_bar": state.screen.join_bar,
            # The results' page the projector shows (from 1), which Next turns first.
            "page": state.screen.result_page + 1, "pages": state.screen.result_pages,
            # The slide's own page shown (from 1; an imported slide's overlays), turned next.
            "step": state.screen.step + 1, "steps": max(len(slide.pages), 1),
        },
        "clock": _clock(session, state.current_slide),
        "poll": _poll(session, poll, for_trainer=True) if poll else None,
    }


def _upcoming(session: LiveSession, exercise_id: str | None) -> dict[str, Any] | None:
    exercise = session.workshop.exercises.get(exercise_id) if exercise_id else None
    if exercise is None or session.poll_for_exercise(exercise_id) is not None:
        return None
    return {"kind": exercise.kind.value, "title": exercise.title, "prompt": exercise.prompt}


def _clock(session: LiveSession, slide: int) -> dict[str, Any]:
    """The presenter's clocks, in whole seconds, and the pacing's colour: as of now (the
    remote is sent its view again every second, so it needs no clock logic of its own)."""
    now = pacing(
        session.workshop.deck, slide, session.elapsed(), session.seconds_per_slide(),
        session.slide_elapsed(),
    )
    return {
        "elapsed": round(now.elapsed), "remaining": round(now.remaining),
        "slide": round(now.slide_actual),
        "slide_planned": None if now.slide_planned is None else round(now.slide_planned),
        "behind": round(now.behind), "pace": now.pace.name.lower(),
    }


def attendee_view(session: LiveSession, token: str | None) -> dict[str, Any]:
    """What is this attendee's own: their name, and their part in the poll shown now.

    A phone that has not joined gets `{"name": null}`: the page asks before it knows.
    """
    if token is None:
        return {"name": None, "poll": None}
    attendee = session.mark_seen(token)
    view: dict[str, Any] = {"name": attendee.name, "poll": None}
    if session.ended:
        view["commitment"] = commitment_view(session.commitment_of(attendee.id))
    poll = shown_poll(session)
    if poll is not None:
        mine: dict[str, Any] = {"id": poll.id}
        exercise = session.exercise_of(poll)
        if isinstance(exercise, BoardExercise):
            # Whole items, for a phone to show them wherever they rank on the board; its
            # own posts even when hidden, which the board's `hidden` ids mark, so that
            # their author is told rather than see them vanish.
            posts = session.posts_by(token, poll.id)
            upvoted = session.upvoted_by(token, poll.id, UPVOTED_SHOWN)
            mine["posts"] = [i.id for i in posts]
            mine["upvoted"] = [i.id for i in upvoted]
            mine["items"] = [_item(i) for i in posts] + [_item(i) for i in upvoted if not i.hidden]
        else:
            response = session.response_of(token, poll.id)
            mine["answer"] = response.answer if response else None
            if response is not None and poll.revealed and response.score is not None:
                mine["score"] = response.score
            if poll.revealed and isinstance(exercise, QuizExercise):
                # Below the leaderboard's top, or with no answer at all: still on it.
                entry = session.standing_of(token)
                mine["standing"] = {"rank": entry.rank, "points": entry.points}
        view["poll"] = mine
    return view
