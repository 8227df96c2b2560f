"""Each attendee's one commitment at the end: typed or picked from the room's ideas,
checked like every typed field, replaced when changed, and durable once recorded."""

import pytest

from facilitator.core import operations
from facilitator.core.errors import InvalidInput, NotFound
from facilitator.core.events import CommitmentMade
from facilitator.core.store import Store


@pytest.fixture
def ideas(session, open_poll):
    """Ana posted an idea, Ben one that the trainer hid; then the session ended."""
    ana, ben = session.join("Ana"), session.join("Ben")
    board = open_poll("ideas")
    posted = session.post(ana.token, board.id, "Lock screens")
    hidden = session.post(ben.token, board.id, "Share passwords")
    session.moderate(hidden.id, hidden=True)
    session.end()
    return ana, ben, posted, hidden


def test_a_typed_commitment_is_recorded_and_published(session, ideas, events):
    ana = ideas[0]
    made = operations.make_commitment(session, ana.token, action=" Ask  IT ", due="Friday")
    assert (made.action, made.due, made.item_id) == ("Ask IT", "Friday", None)
    assert session.commitments() == [made]
    assert events == [CommitmentMade(session.id, ana.id)]


def test_a_picked_idea_is_the_commitments_words_and_a_change_replaces_it(session, ideas, clock):
    ana, ben, posted, _ = ideas
    operations.make_commitment(session, ben.token, idea=posted.id, due="next week")
    clock.advance(60)
    changed = operations.make_commitment(session, ben.token, action="Something else", due="Monday")
    assert session.commitments() == [changed]
    assert session.commitment_of(ben.id).updated_at == clock.now()


BAD = {
    "neither": dict(due="Friday"),
    "both": dict(action="Ask IT", idea=1, due="Friday"),
    "empty action": dict(action="  ", due="Friday"),
    "no date": dict(action="Ask IT", due=""),
    "date not text": dict(action="Ask IT", due=5),
    "too long": dict(action="x" * 201, due="Friday"),
    "lone surrogate": dict(action="Ask \ud800", due="Friday"),
    "idea not a number": dict(idea="1", due="Friday"),
    "idea a bool": dict(idea=True, due="Friday"),
}


@pytest.mark.parametrize("given", BAD.values(), ids=BAD.keys())
def test_bad_input_says_which_field_and_changes_nothing(session, ideas, rows, given):
    before = rows(session.store)
    with pytest.raises(InvalidInput) as refused:
        operations.make_commitment(session, ideas[0].token, **given)
    assert refused.value.field in {"action", "due", "idea"} and str(refused.value)
    assert rows(session.store) == before


@pytest.mark.parametrize("which", ["hidden", "missing"])
def test_only_a_shown_idea_of_this_session_can_be_picked(session, ideas, rows, which):
    item_id = ideas[3].id if which == "hidden" else 9999
    before = rows(session.store)
    with pytest.raises(NotFound):
        operations.make_commitment(session, ideas[0].token, idea=item_id, due="Friday")
    assert rows(session.store) == before


def test_a_commitment_survives_a_restart(tmp_path, workshop, clock):
    from facilitator.core.session import LiveSession

    path = tmp_path / "f.db"
    store = Store.open(path)
    session = LiveSession.start(store, workshop, clock)
    ana = session.join("Ana")
    session.end()
    operations.make_commitment(session, ana.token, action="Ask IT", due="Friday")
    store.close()
    store = Store.open(path)
    assert [c.action for c in store.commitments(session.id)] == ["Ask IT"]
    store.close()
