"""A session resumed after a crash is exactly where it was."""

import json
import subprocess
import sys
import textwrap

import pytest

from facilitator.core.errors import NotFound
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import load_workshop

# Runs a session in another process that dies by SIGKILL right after its last write:
# no clean shutdown, no close(), nothing flushed by Python on the way out.
CRASHING_RUN = textwrap.dedent("""
    import json, os, signal, sys
    from facilitator.core.clock import ManualClock
    from facilitator.core.session import LiveSession
    from facilitator.core.store import Store
    from facilitator.core.workshop import load_workshop

    store = Store.open(sys.argv[1])
    workshop = load_workshop(sys.argv[2])
    session = LiveSession.start(store, workshop, ManualClock())
    slides = {s.exercise_id: s.index for s in workshop.deck.slides}
    people = [session.join(name) for name in ("Ana", "Bo", "Chiara")]
    session.go_to_slide(slides["ideas"])
    board = session.open_poll_for()
    idea = session.post(people[0].token, board.id, "Write the policy")
    session.upvote(people[1].token, idea.id)
    session.go_to_slide(slides["pick-one"])
    poll = session.open_poll_for()
    for person, answer in zip(people, (0, 2, 2)):
        session.respond(person.token, poll.id, answer)
    session.reveal_results()
    print(json.dumps({"session": session.id, "poll": poll.id, "board": board.id}), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_session_resumes_with_nothing_lost(tmp_path, workshop_dir):
    db = tmp_path / "crash.db"
    deck = workshop_dir / "slides" / "test.md"
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, str(db), str(deck)], capture_output=True, text=True
    )
    assert child.returncode == -9, child.stderr
    ids = json.loads(child.stdout)

    store = Store.open(db)
    workshop = load_workshop(deck)
    session = LiveSession.resume(store, workshop, ids["session"])
    state = session.state()
    assert state.current_slide == next(s.index for s in workshop.deck.slides if s.exercise_id == "pick-one")
    assert state.attendees == 3
    assert state.open_poll.id == ids["poll"] and state.open_poll.revealed
    assert [o.count for o in session.tally(ids["poll"]).options] == [1, 0, 2]
    (idea,) = session.tally(ids["board"]).items
    assert (idea.text, idea.upvotes) == ("Write the policy", 1)
    # It goes on from there: the same attendees can keep answering.
    chiara = session.attendees()[2]
    session.respond(chiara.token, ids["poll"], 1)
    assert [o.count for o in session.tally(ids["poll"]).options] == [1, 1, 1]
    store.close()


def test_resume_stays_on_a_slide_that_still_exists(fresh_store, workshop, clock, write_files):
    session = LiveSession.start(fresh_store, workshop, clock)
    session.go_to_slide(len(workshop.deck.slides) - 1)
    shorter = write_files({"short/deck.md": "---\ntitle: T\nduration: 2\n---\n# One\n---\n# Two\n"})
    resumed = LiveSession.resume(fresh_store, load_workshop(shorter / "short" / "deck.md"), session.id, clock)
    assert resumed.current_slide == 1


def test_resuming_an_unknown_session_is_a_clear_error(fresh_store, workshop):
    with pytest.raises(NotFound, match="no session 42"):
        LiveSession.resume(fresh_store, workshop, 42)
