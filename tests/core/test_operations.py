"""The user actions every front end calls: what each changes, what it publishes, and
that issuing certificates checks everything before recording anything."""

from dataclasses import dataclass

import pytest

from facilitator.core import operations
from facilitator.core.events import (
    CertificatesRecorded, ItemChanged, PollClosed, PollOpened, ResultsRevealed, SessionEnded,
    SlideChanged,
)
from facilitator.core.operations import Certificate, Person

NOW = 1_773_300_000.0


@pytest.fixture
def board(session, open_poll):
    poll = open_poll("ideas")
    return session.post(session.join("Ana").token, poll.id, "Lock screens")


# (the action, the event it publishes), each from a board's open poll with one post
ACTIONS = {
    "next slide": (lambda s, item: operations.next_slide(s), SlideChanged),
    "previous slide": (lambda s, item: operations.previous_slide(s), SlideChanged),
    "go to slide": (lambda s, item: operations.go_to_slide(s, 0), SlideChanged),
    "close": (lambda s, item: operations.close_poll(s), PollClosed),
    "reveal": (lambda s, item: operations.reveal_results(s), ResultsRevealed),
    "hide post": (lambda s, item: operations.hide_post(s, item.id), ItemChanged),
    "mark answered": (lambda s, item: operations.mark_answered(s, item.id), ItemChanged),
    "end": (lambda s, item: operations.end_session(s), SessionEnded),
}


@pytest.mark.parametrize("action, published", ACTIONS.values(), ids=ACTIONS.keys())
def test_each_action_publishes_its_change(session, board, events, action, published):
    events.clear()
    action(session, board)
    assert any(isinstance(event, published) for event in events)


def test_results_hidden_again_and_a_post_shown_again(session, board, events):
    poll = session.poll_on_slide()
    operations.reveal_results(session)
    operations.hide_results(session)
    operations.hide_post(session, board.id)
    operations.show_post(session, board.id)
    assert not session.poll(poll.id).revealed and session.items(poll.id) == [board]
    assert [type(e) for e in events] == [ResultsRevealed, ResultsRevealed, ItemChanged, ItemChanged]


def test_open_and_rename(session, open_poll, events):
    open_poll("ideas")
    operations.close_poll(session)
    operations.open_poll(session, "quiz")
    ana = session.join("Ana")
    operations.rename_attendee(session, ana.id, "Ana María")
    assert session.poll_now_open().exercise_id == "quiz" and session.attendees()[0].name == "Ana María"
    assert any(isinstance(e, PollOpened) and e.exercise_id == "quiz" for e in events)


@dataclass
class FakeSigner:
    """Signs with plain text; refuses the names in `unprintable` when checked."""

    unprintable: tuple[str, ...] = ()
    number_prefix = "T-"

    def check(self, people):
        bad = [p.name for p in people if p.name in self.unprintable]
        if bad:
            raise ValueError(f"cannot print {bad}")

    def number(self, serial):
        return f"T-{serial}"

    def sign(self, name, number):
        return Certificate(number, name, f"{number}:{name}", "key"), {"name": name}


def people(session, *names):
    return [Person(name, f"test:{name}", session.id) for name in names]


def test_a_check_that_fails_records_nothing(session, fresh_store, events):
    with pytest.raises(ValueError, match="cannot print"):
        operations.issue_session_certificates(
            session, FakeSigner(unprintable=("Bo",)), people(session, "Ana", "Bo"), NOW
        )
    assert fresh_store.certificates() == [] and events == []


def test_issued_then_reprinted_under_the_same_numbers_and_recorded(session, fresh_store, events):
    first = operations.issue_session_certificates(session, FakeSigner(), people(session, "Ana", "Bo"), NOW)
    again = operations.issue_session_certificates(session, FakeSigner(), people(session, "Ana", "Bo"), NOW)
    assert [c.number for c in first] == [c.number for c in again] == ["T-1", "T-2"]
    digest = operations.record_session_pdf(session, first, b"%PDF-")
    assert [r.pdf_sha256 for r in fresh_store.certificates()] == [digest, digest]
    ids = tuple(c.record_id for c in first)
    assert events == [CertificatesRecorded(session.id, ids)] * 3
