"""The projector's screen state: blank or not, join bar or not, one event per change."""

import pytest

from facilitator.core import operations
from facilitator.core.errors import InvalidInput
from facilitator.core.events import JoinBarShown, ProjectorBlanked
from facilitator.core.screen import Blank, Screen
from facilitator.core.session import LiveSession


def test_a_session_starts_with_the_slide_and_the_join_bar_shown(session):
    assert session.state().screen == Screen(blank=Blank.NONE, join_bar=True)


# (the action, the screen after it, the one event it publishes)
CHANGES = {
    "black": (lambda s: operations.set_blank(s, Blank.BLACK), Screen(Blank.BLACK, True),
              ProjectorBlanked(1, Blank.BLACK)),
    "white": (lambda s: operations.set_blank(s, Blank.WHITE), Screen(Blank.WHITE, True),
              ProjectorBlanked(1, Blank.WHITE)),
    "hide the join bar": (lambda s: operations.show_join_bar(s, False), Screen(Blank.NONE, False),
                          JoinBarShown(1, False)),
}


@pytest.mark.parametrize("action, screen, published", CHANGES.values(), ids=CHANGES.keys())
def test_each_change_publishes_once_and_a_repeat_changes_nothing(session, events, action, screen, published):
    action(session)
    action(session)
    assert session.state().screen == screen
    assert events == [published]


def test_the_slide_and_the_join_bar_come_back(session, events):
    operations.set_blank(session, Blank.BLACK)
    operations.show_join_bar(session, False)
    operations.set_blank(session, Blank.NONE)
    operations.show_join_bar(session, True)
    assert session.screen == Screen()
    assert events[2:] == [ProjectorBlanked(session.id, Blank.NONE), JoinBarShown(session.id, True)]


@pytest.mark.parametrize("action", [
    lambda s: operations.set_blank(s, "black"),
    lambda s: operations.set_blank(s, None),
    lambda s: operations.show_join_bar(s, 1),
    lambda s: operations.show_join_bar(s, "no"),
], ids=["blank as text", "blank as None", "shown as 1", "shown as text"])
def test_bad_input_is_refused_and_changes_nothing(session, events, action):
    with pytest.raises(InvalidInput):
        action(session)
    assert session.screen == Screen() and events == []


def test_the_projector_can_go_black_after_the_end(session):
    operations.end_session(session)
    operations.set_blank(session, Blank.BLACK)
    assert session.screen.blank is Blank.BLACK


def test_a_resumed_session_shows_its_slide_and_the_join_bar(session, fresh_store, workshop, clock):
    operations.set_blank(session, Blank.BLACK)
    operations.show_join_bar(session, False)
    resumed = LiveSession.resume(fresh_store, workshop, session.id, clock)
    assert resumed.screen == Screen()
