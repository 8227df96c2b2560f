"""How much of a session each attendee was there for: from joining to last seen (with
the minute a last-seen time may lag), within the session's start and end."""

import pytest

from facilitator.core import operations
from facilitator.core.attendance import presence_of
from facilitator.core.errors import InvalidInput
from facilitator.core.organizer import minimum_presence

MINUTE = 60.0


def attended(session, clock, *, joins_after: float, stays: float, session_minutes: float):
    clock.advance(joins_after * MINUTE)
    attendee = session.join("Ana")
    clock.advance(stays * MINUTE)
    session.mark_seen(attendee.token)
    clock.advance((session_minutes - joins_after - stays) * MINUTE)
    session.end()
    return presence_of(session.attendee(attendee.token), session.record, clock.now())


@pytest.mark.parametrize("joins_after, stays, present", [
    (0, 55, 55),  # throughout: last seen at the end
    (0, 30, 31),  # left after 30 minutes: the minute last seen may lag counts
    (43, 11, 12),  # came late
    (54, 0, 1),  # the last minute only
])
def test_presence_runs_from_joining_to_last_seen(session, clock, joins_after, stays, present):
    presence = attended(session, clock, joins_after=joins_after, stays=stays, session_minutes=55)
    assert round(presence.present / MINUTE) == present and presence.session == 55 * MINUTE


def test_presence_is_said_in_minutes_and_per_cent(session, clock):
    presence = attended(session, clock, joins_after=43, stays=11, session_minutes=55)
    assert presence.describe() == "present for 12 of 55 minutes (22 %)"
    assert presence.meets(20) and not presence.meets(25)


def test_while_the_session_runs_it_counts_until_now(session, clock):
    attendee = session.join("Ana")
    clock.advance(10 * MINUTE)
    presence = presence_of(attendee, session.record, clock.now())
    assert presence.session == 10 * MINUTE and presence.present == MINUTE


def test_the_minimum_is_the_organizers_setting(session):
    assert minimum_presence(session.store) == 0
    operations.set_minimum_presence(session, 75)
    assert minimum_presence(session.store) == 75


@pytest.mark.parametrize("percent", [-1, 101, 50.5, "50", True, None])
def test_a_minimum_out_of_range_is_refused_and_changes_nothing(session, rows, percent):
    operations.set_minimum_presence(session, 50)
    before = rows(session.store)
    with pytest.raises(InvalidInput, match="from 0 to 100"):
        operations.set_minimum_presence(session, percent)
    assert rows(session.store) == before
