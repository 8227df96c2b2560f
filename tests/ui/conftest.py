"""Fixtures of the tests that open the real windows."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator.app import FacilitatorApp
from facilitator.core.exercise import (
    BoardExercise, ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise,
    WordCloudExercise,
)
from facilitator.core.deck import Slide
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import MAX_NAME_LENGTH, Answer, LiveSession
from facilitator.core.store import Attendee, Store
from facilitator.core.translation import SOURCE_LOCALE, translator
from facilitator.core.workshop import load_workshop
from facilitator.ui.words import speak


@pytest.fixture
def make_app(tmp_path):
    """make_app(): the app on a database file and a signing key of the test's own; called
    again, the app started again on the same file (after a crash, say). Closed at the end."""
    apps = []

    def make() -> FacilitatorApp:
        app = FacilitatorApp(Store.open(tmp_path / "app.db"), host="127.0.0.1", port=0,
                             key_path=tmp_path / "key.pem")
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app) -> FacilitatorApp:
    return make_app()


@pytest.fixture
def running(app, qtbot):
    """The shipped workshop, started in the windows."""
    return app.start(SHIPPED_DECK)


@pytest.fixture
def vote_from_another_thread():
    """vote(session, poll_id, attendees, options): each attendee answers option n % options
    in turn, from a thread of its own as the phone server's; returns once all are saved."""

    def vote(session, poll_id: int, attendees, options: int) -> None:
        def answer_all():
            for n, attendee in enumerate(attendees):
                session.respond(attendee.token, poll_id, n % options)

        voter = threading.Thread(target=answer_all)
        voter.start()
        voter.join()

    return vote


# -- a full room: the most people and the longest texts the limits allow --------------

# Real words, so that wrapping breaks between words as it would for a person's text.
_WORDS = (
    "Everyone shares responsibility for what our organisation publishes online, including "
    "privacy settings, screenshots of whiteboards, customer complaints and product launches"
).split()


def longest_text(length: int, seed: int = 0) -> str:
    """Words (starting at `seed`) run on to exactly `length` characters."""
    words: list[str] = []
    n = seed
    while len(" ".join(words)) < length:
        words.append(_WORDS[n % len(_WORDS)])
        n += 1
    return " ".join(words)[:length].rstrip().ljust(length, "x")


def _spread(person: int, count: int) -> int:
    """An option for person number `person`, spread unevenly over `count` options (the
    first chosen most, the last least, every one by someone), as a room's votes are."""
    weights = list(range(count, 0, -1))
    place = person % sum(weights)
    for option, weight in enumerate(weights):
        if place < weight:
            return option
        place -= weight
    raise AssertionError("unreachable")


def _answer(exercise: Exercise, person: int) -> object:
    """Person number `person`'s answer: every option and rating chosen by someone."""
    if isinstance(exercise, ChoiceExercise):
        count = len(exercise.options)
        if exercise.kind is Kind.SINGLE_CHOICE:
            return _spread(person, count)
        first = _spread(person, count)
        return sorted({(first + k) % count for k in range(1 + person % exercise.max_choices)})
    if isinstance(exercise, QuizExercise):
        count = len(exercise.options)
        first = _spread(person, count)
        return sorted({(first + k) % count for k in range(len(exercise.correct))})
    if isinstance(exercise, ScaleExercise):
        span = exercise.max - exercise.min + 1
        ratings = [exercise.min + _spread(person + 3 * s, span) for s in range(len(exercise.statements))]
        return ratings or exercise.min + _spread(person, span)
    if isinstance(exercise, WordCloudExercise):
        # Some entries shared by many people (the big words), the rest their own.
        return [longest_text(exercise.max_length, seed=(person % 7) * k + k)
                for k in range(exercise.max_entries)]
    raise AssertionError(f"no answer for {exercise.kind}")


def join_full_room(session: LiveSession, attendees: int = 40) -> list[Attendee]:
    """Join `attendees` people with names of the longest length allowed."""
    return [session.join(longest_text(MAX_NAME_LENGTH, seed=n)[:-3] + f"{n:03d}")
            for n in range(attendees)]


def answer_exercise(session: LiveSession, people: list[Attendee], slide: Slide, *, close: bool = True) -> None:
    """Go to `slide` and run its exercise: each person answers (or posts one text of the
    longest length allowed and upvotes a few others'); then the poll is closed, unless
    asked to leave it open (a timed quiz counting down, say)."""
    session.go_to_slide(slide.index)
    poll = session.open_poll_for()
    exercise = session.workshop.exercises[slide.exercise_id]
    if isinstance(exercise, BoardExercise):
        items = [session.post(p.token, poll.id, longest_text(exercise.max_length, seed=n))
                 for n, p in enumerate(people)]
        # The first posts get the most votes; no one upvotes their own.
        for n, person in enumerate(people):
            for item in items[:n % 12]:
                if item.attendee_id != person.id:
                    session.upvote(person.token, item.id)
    else:
        results = session.respond_all(
            [Answer(p.token, poll.id, _answer(exercise, n)) for n, p in enumerate(people)])
        refused = [r for r in results if isinstance(r, Exception)]
        assert not refused, refused
    if close:
        session.close_poll(poll.id)


def exercise_slides(session: LiveSession) -> list[Slide]:
    return [slide for slide in session.workshop.deck.slides if slide.exercise_id is not None]


def full_room(session: LiveSession, attendees: int = 40) -> list[Attendee]:
    """Join a full room and run every exercise of the workshop in deck order (see
    `answer_exercise`). Results are not revealed; the session is left on the last
    exercise's slide."""
    people = join_full_room(session, attendees)
    for slide in exercise_slides(session):
        answer_exercise(session, people, slide)
    return people


@pytest.fixture
def shipped_session(clock) -> LiveSession:
    """A session of the shipped workshop, loaded as the app loads it, on a store in memory."""
    store = Store.in_memory()
    yield LiveSession.start(store, load_workshop(SHIPPED_DECK), clock)
    store.close()


@pytest.fixture
def window_language(request):
    """The windows built from now on speak the test's `window_language` parameter
    (`indirect=True`; English without one); English again after the test. Ask for it
    after `app` or `running`, whose start speaks the system's language."""
    code = getattr(request, "param", SOURCE_LOCALE)
    speak(translator(code))
    yield code
    speak(translator(SOURCE_LOCALE))
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
