"""The one results model: every kind counted, built once per change, the same number
of people who posted in every view."""

import pytest

from facilitator.core import tally as tally_module
from facilitator.core.exercise import Kind
from facilitator.core.results import LEADERBOARD_SIZE, not_opened


def test_every_kind_has_its_tally():
    assert set(tally_module.TALLY_OF_KIND) == set(Kind)


def test_results_are_built_once_per_change(session, open_poll, monkeypatch):
    poll = open_poll("pick-one")
    ana = session.join("Ana")
    built = []
    real = session.tally
    monkeypatch.setattr(session, "tally", lambda poll_id: built.append(poll_id) or real(poll_id))
    first = session.results.of_poll(poll.id)
    assert session.results.of_poll(poll.id) is first and built == [poll.id]
    session.respond(ana.token, poll.id, 1)
    changed = session.results.of_poll(poll.id)
    assert (changed.responses, changed.tally.options[1].count, len(built)) == (1, 1, 2)


@pytest.mark.parametrize(("change", "seen"), [
    (lambda session, poll: session.reveal_results(poll.id), lambda results: results.revealed),
    (lambda session, poll: session.close_poll(poll.id), lambda results: not results.open),
    (lambda session, poll: session.rename_attendee(1, "Ana B."),
     lambda results: results.leaderboard[0].name == "Ana B."),
])
def test_every_change_is_in_the_next_results(session, open_poll, change, seen):
    poll = open_poll("quiz")
    session.respond(session.join("Ana").token, poll.id, [1])
    assert not seen(session.results.of_poll(poll.id))
    change(session, poll)
    assert seen(session.results.of_poll(poll.id))


def test_the_whole_leaderboard_is_ranked_once_per_change_however_many_ask(session, open_poll, monkeypatch):
    poll = open_poll("quiz")
    people = [session.join(f"P{n}") for n in range(3)]
    session.respond(people[0].token, poll.id, [1])
    ranked = []
    real = session.leaderboard
    monkeypatch.setattr(session, "leaderboard", lambda: ranked.append(1) or real())
    standings = [session.standing_of(p.token) for p in people]  # every phone, on the reveal
    assert [(s.rank, s.points) for s in standings] == [(1, 1000), (2, 0), (2, 0)]
    assert session.results.of_poll(poll.id).leaderboard == session.results.leaderboard()
    assert len(ranked) == 1
    session.respond(people[1].token, poll.id, [0])
    assert session.standing_of(people[1].token).points == 0 and len(ranked) == 2


def test_an_exercise_not_run_yet_has_no_results(session):
    results = session.results.of_exercise("rate")
    assert results == not_opened(session.workshop.exercises["rate"])
    assert (results.open, results.responses, results.tally) == (False, 0, None)


@pytest.mark.parametrize("revealed", [False, True])
def test_the_room_sees_the_counts_only_once_revealed(session, open_poll, revealed):
    poll = open_poll("quiz")
    session.respond(session.join("Ana").token, poll.id, [1])
    session.reveal_results(poll.id, revealed=revealed)
    shown = session.results.of_poll(poll.id).for_the_room()
    assert (shown.tally is not None, bool(shown.leaderboard)) == (revealed, revealed)
    assert shown.responses == 1


def test_the_leaderboard_is_kept_to_its_size(session, open_poll):
    poll = open_poll("quiz")
    for n in range(LEADERBOARD_SIZE + 2):
        session.respond(session.join(f"P{n}").token, poll.id, [1])
    assert len(session.results.of_poll(poll.id).leaderboard) == LEADERBOARD_SIZE


def test_a_hidden_post_is_not_counted_as_someone_who_posted(session, open_poll):
    poll = open_poll("ideas")
    ana, bo = session.join("Ana"), session.join("Bo")
    session.post(ana.token, poll.id, "Keep it")
    rude = session.post(bo.token, poll.id, "Something rude")
    session.moderate(rude.id, hidden=True)
    results = session.results.of_poll(poll.id)
    assert (results.responses, results.tally.hidden, len(results.tally.items)) == (1, 1, 1)
