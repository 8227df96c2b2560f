import threading

import shiboken6

from facilitator.core import operations
from facilitator.core.screen import Blank
from facilitator.ui.bridge import CountsChanged, SessionBridge


def test_slide_and_poll_changes_arrive_as_signals(qtbot, session, open_poll):
    bridge = SessionBridge(session)
    with qtbot.waitSignal(bridge.slide_changed) as moved:
        session.go_to_slide(2)
    assert moved.args == [2]
    slide = next(s.index for s in session.workshop.deck.slides if s.exercise_id == "pick-one")
    session.go_to_slide(slide)
    with qtbot.waitSignal(bridge.poll_changed) as opened:
        poll = session.open_poll_for()
    assert opened.args == [poll.id]
    bridge.close()


def test_a_burst_of_votes_from_another_thread_is_coalesced(qtbot, session, open_poll, vote_from_another_thread):
    poll = open_poll("pick-one")
    attendees = [session.join(f"P{n}") for n in range(500)]
    bridge = SessionBridge(session, interval_ms=50)
    signals = []  # (thread, answers saved) at each signal
    bridge.counts_changed.connect(
        lambda *_: signals.append((threading.current_thread(), session.response_count(poll.id))))
    vote_from_another_thread(session, poll.id, attendees, 3)
    qtbot.waitUntil(lambda: bool(signals) and signals[-1][1] == 500, timeout=5000)  # one saw them all
    assert 1 <= len(signals) <= 5
    assert all(thread is threading.main_thread() for thread, _ in signals)
    assert session.response_count(poll.id) == 500
    bridge.close()


def test_a_closed_bridge_hears_nothing_and_is_deleted(qtbot, session):
    bridge = SessionBridge(session)
    heard = []
    bridge.slide_changed.connect(heard.append)
    bridge.close()
    session.go_to_slide(1)
    qtbot.waitUntil(lambda: not shiboken6.isValid(bridge))
    assert heard == []


def test_counts_say_whether_people_joined_and_which_polls_were_answered(qtbot, session, open_poll):
    poll = open_poll("pick-one")
    bridge = SessionBridge(session, interval_ms=50)
    with qtbot.waitSignal(bridge.counts_changed) as answered:
        session.respond(session.join("Ana").token, poll.id, 0)
    assert answered.args == [CountsChanged(attendees=True, polls=frozenset({poll.id}))]
    with qtbot.waitSignal(bridge.counts_changed) as joined:
        session.join("Ben")
    assert joined.args == [CountsChanged(attendees=True, polls=frozenset())]
    bridge.close()


def test_screen_changes_and_the_end_arrive_as_signals(qtbot, session):
    bridge = SessionBridge(session)
    with qtbot.waitSignal(bridge.screen_changed):
        operations.set_blank(session, Blank.BLACK)
    with qtbot.waitSignal(bridge.screen_changed):
        operations.show_join_bar(session, False)
    with qtbot.waitSignal(bridge.session_ended):
        operations.end_session(session)
    bridge.close()
