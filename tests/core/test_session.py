import re
import threading

import pytest

from facilitator.core.errors import InvalidInput, NotAllowed, NotFound
from facilitator.core.events import (
    AttendeeJoined, AttendeeRenamed, ItemChanged, ItemPosted, PollClosed, PollOpened,
    ResponseRecorded, ResultsRevealed, SessionEnded, SlideChanged, WorkshopReloaded,
)
from facilitator.core.session import CODE_ALPHABET, MAX_POSTS_PER_POLL, Answer, LiveSession
from facilitator.core.workshop import load_workshop


@pytest.fixture
def ana(session):
    return session.join("Ana")


@pytest.fixture
def bo(session):
    return session.join("Bo")


# -- starting ------------------------------------------------------------------------


def test_a_new_session_starts_on_the_first_slide(session, workshop):
    state = session.state()
    assert (state.current_slide, state.slide_count, state.attendees) == (0, len(workshop.deck.slides), 0)
    assert state.open_poll is None and not state.ended
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{5}}", state.code)
    assert len(session.trainer_secret) >= 40


def test_each_session_gets_its_own_code_and_secret(fresh_store, workshop, clock):
    first = LiveSession.start(fresh_store, workshop, clock)
    second = LiveSession.start(fresh_store, workshop, clock)
    assert first.code != second.code and first.trainer_secret != second.trainer_secret


# -- slides --------------------------------------------------------------------------


def test_slides_move_and_publish(session, events):
    session.next_slide()
    session.next_slide()
    session.previous_slide()
    session.go_to_slide(5)
    assert session.current_slide == 5
    assert [e.index for e in events] == [1, 2, 1, 5]
    assert all(isinstance(e, SlideChanged) for e in events)


def test_moving_past_either_end_stays_put(session, events):
    session.previous_slide()
    last = session.state().slide_count - 1
    session.go_to_slide(last)
    session.next_slide()
    assert session.current_slide == last
    assert events == [SlideChanged(session.id, last)]


@pytest.mark.parametrize("index", [-1, 99, "2", True, None])
def test_a_slide_that_does_not_exist_is_refused(session, index, rows):
    before = rows(session.store)
    with pytest.raises(NotFound, match="no slide"):
        session.go_to_slide(index)
    assert rows(session.store) == before


def test_time_is_counted_per_slide(session, clock):
    clock.advance(30)
    session.go_to_slide(1)
    clock.advance(45)
    session.go_to_slide(0)
    clock.advance(10)
    assert session.seconds_per_slide() == {0: 40, 1: 45}
    assert session.slide_elapsed() == 10
    assert session.elapsed() == 85


# -- attendees -----------------------------------------------------------------------


def test_join_cleans_the_name_and_publishes_the_count(session, events):
    first = session.join("  Zoë   \t Ångström\n")
    second = session.join("李雷")
    assert first.name == "Zoë Ångström" and second.name == "李雷"
    assert first.token != second.token and len(first.token) >= 30
    assert events == [
        AttendeeJoined(session.id, first.id, 1), AttendeeJoined(session.id, second.id, 2)
    ]


@pytest.mark.parametrize("name", ["", "   ", "\x00\x07", "x" * 81, 42, None])
def test_a_bad_name_is_refused(session, name, rows):
    before = rows(session.store)
    with pytest.raises(InvalidInput):
        session.join(name)
    assert rows(session.store) == before


def test_a_join_sent_again_with_its_key_is_the_same_attendee(session, events):
    first = session.join("Ana", join_key="tab-1")
    again = session.join("Ana", join_key="tab-1")
    other = session.join("Ana", join_key="tab-2")
    assert again == first and other.id != first.id
    assert session.state().attendees == 2 and len(events) == 2


def test_a_join_key_belongs_to_its_session(session, fresh_store, workshop, clock):
    ours = session.join("Ana", join_key="tab-1")
    theirs = LiveSession.start(fresh_store, workshop, clock).join("Ana", join_key="tab-1")
    assert theirs.id != ours.id and theirs.session_id != ours.session_id


def test_a_join_key_finds_the_attendee_as_renamed(session):
    first = session.join("Jon", join_key="tab-1")
    session.rename_attendee(first.id, "John")
    assert session.join("Jon", join_key="tab-1").name == "John"


@pytest.mark.parametrize("join_key", ["", "x" * 65, "a b", "ключ", "\ud800", 42, ["k"]])
def test_a_bad_join_key_is_refused(session, join_key, rows):
    before = rows(session.store)
    with pytest.raises(InvalidInput, match="join key"):
        session.join("Ana", join_key=join_key)
    assert rows(session.store) == before


def test_a_token_from_another_session_is_unknown(fresh_store, workshop, clock, open_poll):
    other = LiveSession.start(fresh_store, workshop, clock)
    stranger = other.join("Stranger")
    poll = open_poll("pick-one")
    with pytest.raises(NotFound, match="unknown attendee"):
        LiveSession.resume(fresh_store, workshop, poll.session_id, clock).respond(stranger.token, poll.id, 0)


def test_rename_fixes_a_spelling_even_after_the_end(session, ana, events):
    session.end()
    session.rename_attendee(ana.id, "Ana María")
    assert [a.name for a in session.attendees()] == ["Ana María"]
    assert events[-1] == AttendeeRenamed(session.id, ana.id)


def test_last_seen_is_refreshed_at_most_once_a_minute(session, ana, clock):
    clock.advance(30)
    assert session.mark_seen(ana.token).last_seen_at == ana.joined_at
    clock.advance(31)
    session.mark_seen(ana.token)
    assert session.attendee(ana.token).last_seen_at == ana.joined_at + 61


# -- polls ---------------------------------------------------------------------------


def test_open_poll_runs_the_current_slides_exercise(session, open_poll, events):
    poll = open_poll("pick-one")
    assert poll.exercise_id == "pick-one" and poll.is_open and not poll.revealed
    assert session.state().open_poll == poll
    assert events[-1] == PollOpened(session.id, poll.id, "pick-one")


def test_a_slide_without_an_exercise_has_no_poll_to_open(session):
    with pytest.raises(NotAllowed, match="no exercise"):
        session.open_poll_for()


def test_an_unknown_exercise_cannot_be_opened(session):
    with pytest.raises(NotFound, match="no exercise 'nope'"):
        session.open_poll_for("nope")


def test_opening_a_poll_closes_the_one_that_was_open(session, open_poll, events):
    first = open_poll("pick-one")
    second = open_poll("rate")
    assert events[-2:] == [PollClosed(session.id, first.id), PollOpened(session.id, second.id, "rate")]
    assert [p.is_open for p in session.polls()] == [False, True]


def test_opening_an_open_poll_changes_nothing(session, open_poll, events):
    poll = open_poll("pick-one")
    count = len(events)
    assert session.open_poll_for() == poll
    assert len(events) == count


def test_a_reopened_poll_keeps_its_answers(session, open_poll, ana):
    poll = open_poll("pick-one")
    session.respond(ana.token, poll.id, 2)
    session.close_poll()
    session.open_poll_for()
    assert session.tally(poll.id).respondents == 1
    assert session.state().open_poll.id == poll.id


def test_a_quiz_question_is_asked_once(session, open_poll):
    open_poll("quiz")
    session.close_poll()
    with pytest.raises(NotAllowed, match="asked once"):
        session.open_poll_for()


def test_closing_twice_is_harmless(session, open_poll, events):
    poll = open_poll("pick-one")
    session.close_poll()
    session.close_poll()
    session.close_poll(poll.id)
    assert events.count(PollClosed(session.id, poll.id)) == 1


def test_a_poll_keeps_the_exercise_as_it_was_asked(session, open_poll, workshop):
    poll = open_poll("pick-one")
    workshop.exercises.clear()  # as if the file had been edited away
    assert session.exercise_of(session.poll(poll.id)).options == ("Red", "Green", "Blue")


def test_results_are_revealed_and_hidden_on_the_current_slide(session, open_poll, events):
    poll = open_poll("pick-one")
    session.reveal_results()
    session.reveal_results()
    assert session.poll(poll.id).revealed
    session.reveal_results(poll.id, revealed=False)
    assert [e for e in events if isinstance(e, ResultsRevealed)] == [
        ResultsRevealed(session.id, poll.id, True), ResultsRevealed(session.id, poll.id, False)
    ]


def test_results_of_a_poll_never_opened_cannot_be_revealed(session, workshop):
    session.go_to_slide(next(s.index for s in workshop.deck.slides if s.exercise_id))
    with pytest.raises(NotAllowed, match="open this slide's poll"):
        session.reveal_results()


def test_a_poll_of_another_session_is_unknown(fresh_store, workshop, clock, session):
    other = LiveSession.start(fresh_store, workshop, clock)
    other.go_to_slide(1)
    poll = other.open_poll_for()
    with pytest.raises(NotFound, match=f"no poll {poll.id}"):
        session.tally(poll.id)


# -- answers -------------------------------------------------------------------------


def test_an_answer_is_recorded_and_counted(session, open_poll, ana, bo, events):
    poll = open_poll("pick-one")
    session.respond(ana.token, poll.id, 0)
    session.respond(bo.token, poll.id, 2)
    assert [e.responses for e in events if isinstance(e, ResponseRecorded)] == [1, 2]
    assert session.response_of(ana.token, poll.id).answer == 0


def test_an_answer_can_change_while_the_poll_is_open(session, open_poll, ana):
    poll = open_poll("pick-one")
    session.respond(ana.token, poll.id, 0)
    session.respond(ana.token, poll.id, 1)
    assert [o.count for o in session.tally(poll.id).options] == [0, 1, 0]


def test_the_same_answer_twice_is_recorded_once(session, open_poll, ana, events):
    poll = open_poll("pick-some")
    first = session.respond(ana.token, poll.id, [1, 0])
    again = session.respond(ana.token, poll.id, [0, 1])
    assert again == first
    assert len([e for e in events if isinstance(e, ResponseRecorded)]) == 1


def test_a_vote_on_a_closed_poll_changes_nothing(session, open_poll, ana, rows):
    poll = open_poll("pick-one")
    session.close_poll()
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="closed"):
        session.respond(ana.token, poll.id, 0)
    assert rows(session.store) == before


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("pick-one", 3), ("pick-one", [0]), ("pick-one", True), ("pick-some", [0, 1, 2]),
        ("pick-some", []), ("rate", 6), ("rate", 0), ("rate-many", [3]), ("words", ["a", "b", "c"]),
        ("words", ["   "]), ("quiz", [0, 1]), ("quiz", "No"),
    ],
)
def test_an_answer_that_does_not_fit_changes_nothing(session, open_poll, ana, rows, exercise_id, answer):
    poll = open_poll(exercise_id)
    before = rows(session.store)
    with pytest.raises(InvalidInput):
        session.respond(ana.token, poll.id, answer)
    assert rows(session.store) == before


def test_boards_take_posts_not_answers(session, open_poll, ana):
    poll = open_poll("ideas")
    with pytest.raises(InvalidInput, match="posts"):
        session.respond(ana.token, poll.id, "an idea")


def test_quiz_answers_score_by_speed_and_are_final(session, open_poll, ana, bo, clock, rows):
    poll = open_poll("quiz")
    clock.advance(4)
    assert session.respond(ana.token, poll.id, 1).score == 900
    clock.advance(6)
    assert session.respond(bo.token, poll.id, 0).score == 0
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="final"):
        session.respond(ana.token, poll.id, 0)
    assert session.respond(ana.token, poll.id, 1).score == 900  # a retried request
    assert rows(session.store) == before


def test_a_quiz_answer_after_the_time_limit_is_refused(session, open_poll, ana, clock, rows):
    poll = open_poll("quiz")
    clock.advance(20.9)
    assert session.respond(ana.token, poll.id, 1).score == 500  # within the grace second
    late = session.join("Late")
    clock.advance(0.2)
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="time is up"):
        session.respond(late.token, poll.id, 1)
    assert rows(session.store) == before


def test_expired_quizzes_close_on_the_timer(session, open_poll, clock, events):
    poll = open_poll("quiz")
    clock.advance(20.5)
    assert session.close_expired_quizzes() == []
    clock.advance(1)
    assert session.close_expired_quizzes() == [poll.id]
    assert events[-1] == PollClosed(session.id, poll.id)


def test_the_leaderboard_adds_up_quiz_points(session, open_poll, ana, bo, clock):
    quiz = open_poll("quiz")
    session.respond(bo.token, quiz.id, 1)
    clock.advance(10)
    session.respond(ana.token, quiz.id, 1)
    untimed = open_poll("quiz-untimed")
    session.respond(ana.token, untimed.id, [0, 1])
    session.respond(bo.token, untimed.id, [0])
    board = session.leaderboard()
    assert [(e.rank, e.name, e.points, e.correct) for e in board] == [
        (1, "Ana", 1750, 2), (2, "Bo", 1000, 1)
    ]
    assert session.leaderboard(limit=1) == board[:1]


# -- boards --------------------------------------------------------------------------


def test_ideas_are_posted_and_ranked_by_upvotes(session, open_poll, ana, bo, events):
    poll = open_poll("ideas")
    first = session.post(ana.token, poll.id, "Write a short policy")
    second = session.post(ana.token, poll.id, "Start a lunch club")
    session.upvote(bo.token, second.id)
    assert [i.text for i in session.tally(poll.id).items] == ["Start a lunch club", "Write a short policy"]
    assert events[-3:] == [
        ItemPosted(session.id, poll.id, first.id), ItemPosted(session.id, poll.id, second.id),
        ItemChanged(session.id, poll.id, second.id),
    ]


def test_a_repeated_post_is_posted_once(session, open_poll, ana):
    poll = open_poll("ideas")
    first = session.post(ana.token, poll.id, "Share the load", request_id="r1")
    assert session.post(ana.token, poll.id, "Share the load", request_id="r1") == first
    assert session.post(ana.token, poll.id, "  share THE load ") == first
    assert len(session.items(poll.id)) == 1


def test_posts_per_attendee_are_capped(session, open_poll, ana, rows):
    poll = open_poll("questions")
    for n in range(MAX_POSTS_PER_POLL):
        session.post(ana.token, poll.id, f"Question {n}?")
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="the most"):
        session.post(ana.token, poll.id, "One more?")
    assert rows(session.store) == before


def test_one_cannot_upvote_ones_own_post(session, open_poll, ana, rows):
    poll = open_poll("ideas")
    item = session.post(ana.token, poll.id, "Mine")
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="your own"):
        session.upvote(ana.token, item.id)
    assert rows(session.store) == before


def test_an_upvote_counts_once_and_can_be_taken_back(session, open_poll, ana, bo):
    poll = open_poll("ideas")
    item = session.post(ana.token, poll.id, "Hers")
    session.upvote(bo.token, item.id)
    assert session.upvote(bo.token, item.id).upvotes == 1
    assert [i.id for i in session.upvoted_by(bo.token, poll.id)] == [item.id]
    assert session.upvote(bo.token, item.id, on=False).upvotes == 0


def test_a_closed_board_takes_no_posts_or_upvotes(session, open_poll, ana, bo, rows):
    poll = open_poll("ideas")
    item = session.post(ana.token, poll.id, "Early")
    session.close_poll()
    before = rows(session.store)
    with pytest.raises(NotAllowed, match="closed"):
        session.post(bo.token, poll.id, "Late")
    with pytest.raises(NotAllowed, match="closed"):
        session.upvote(bo.token, item.id)
    assert rows(session.store) == before


def test_a_hidden_post_leaves_the_results_and_takes_no_upvotes(session, open_poll, ana, bo):
    poll = open_poll("questions")
    item = session.post(ana.token, poll.id, "Something rude")
    session.moderate(item.id, hidden=True)
    result = session.tally(poll.id)
    assert (result.items, result.hidden, result.authors) == ((), 1, 0)  # nobody whose post shows
    assert session.items(poll.id) == [] and len(session.items(poll.id, include_hidden=True)) == 1
    with pytest.raises(NotFound):
        session.upvote(bo.token, item.id)


def test_a_question_can_be_marked_answered(session, open_poll, ana, events):
    poll = open_poll("questions")
    item = session.post(ana.token, poll.id, "When is lunch?")
    assert session.moderate(item.id, answered=True).answered
    assert session.moderate(item.id, answered=True).answered
    assert events.count(ItemChanged(session.id, poll.id, item.id)) == 1


def test_choice_polls_take_answers_not_posts(session, open_poll, ana):
    poll = open_poll("pick-one")
    with pytest.raises(InvalidInput, match="answers, not posts"):
        session.post(ana.token, poll.id, "text")


@pytest.mark.parametrize("item_id", [999, "1", None])
def test_an_unknown_item_is_not_found(session, open_poll, ana, item_id):
    open_poll("ideas")
    with pytest.raises(NotFound):
        session.upvote(ana.token, item_id)


# -- ending --------------------------------------------------------------------------


def test_ending_closes_the_poll_and_stops_changes(session, open_poll, ana, events, rows):
    poll = open_poll("pick-one")
    session.end()
    assert events[-2:] == [PollClosed(session.id, poll.id), SessionEnded(session.id)]
    assert session.state().ended
    before = rows(session.store)
    for action in (
        lambda: session.join("Late"), lambda: session.next_slide(),
        lambda: session.open_poll_for(), lambda: session.respond(ana.token, poll.id, 0),
    ):
        with pytest.raises(NotAllowed, match="ended"):
            action()
    assert rows(session.store) == before


# -- events and threads --------------------------------------------------------------


def test_a_failing_subscriber_does_not_undo_or_block_the_change(session, caplog):
    received = []

    def broken(event):
        raise RuntimeError("view bug")

    session.events.subscribe(broken)
    session.events.subscribe(received.append)
    session.join("Ana")
    assert len(received) == 1 and session.state().attendees == 1
    assert "a subscriber failed" in caplog.text


def test_unsubscribed_views_hear_nothing(session):
    received = []
    unsubscribe = session.events.subscribe(received.append)
    unsubscribe()
    unsubscribe()
    session.join("Ana")
    assert received == []


def test_answers_from_many_threads_are_all_recorded(session, open_poll):
    poll = open_poll("pick-one")
    attendees = [session.join(f"Phone {n}") for n in range(40)]
    counts = []
    session.events.subscribe(lambda e: counts.append(e.responses) if isinstance(e, ResponseRecorded) else None)

    def vote(group):
        for attendee in group:
            session.respond(attendee.token, poll.id, attendee.id % 3)

    threads = [threading.Thread(target=vote, args=(attendees[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert session.tally(poll.id).respondents == 40
    assert counts == list(range(1, 41))  # published in commit order


# -- reloading an edited deck --------------------------------------------------------


def test_reload_keeps_the_slide_and_the_polls(session, open_poll, ana, events, workshop_dir, workshop):
    poll = open_poll("pick-one")
    session.respond(ana.token, poll.id, 1)
    deck = workshop_dir / "slides" / "test.md"
    deck.write_text(deck.read_text().replace("# pick-one", "# Pick one, renamed"))
    (workshop_dir / "exercises" / "pick-one.toml").write_text(
        'kind = "single_choice"\nprompt = "Edited"\noptions = ["X", "Y"]\n'
    )
    session.reload(load_workshop(deck))
    assert events[-1] == WorkshopReloaded(session.id)
    assert session.workshop.deck.slides[session.current_slide].title == "Pick one, renamed"
    assert session.exercise_of(session.poll(poll.id)).options == ("Red", "Green", "Blue")
    assert session.tally(poll.id).respondents == 1


def test_reload_of_a_shorter_deck_moves_to_its_last_slide(session, write_files, clock):
    session.go_to_slide(4)
    shorter = write_files({"short/deck.md": "---\ntitle: T\nduration: 2\n---\n# One\n---\n# Two\n"})
    session.reload(load_workshop(shorter / "short" / "deck.md"))
    assert session.current_slide == 1


@pytest.mark.parametrize("item_id", [0, -1, 2**63, 10**30, True, "1", None])
def test_an_id_that_cannot_be_a_row_is_not_found(session, open_poll, ana, item_id):
    with pytest.raises(NotFound):
        session.upvote(ana.token, item_id)
    with pytest.raises(NotFound):
        session.rename_attendee(item_id, "Someone")


# -- a batch of answers: each one on its own ------------------------------------------


def _store_fails_for(store, monkeypatch, attendee_id, fault):
    save = store.save_response

    def save_response(poll_id, who, *args):
        if who == attendee_id:
            fault()
        return save(poll_id, who, *args)

    monkeypatch.setattr(store, "save_response", save_response)


def _raise():
    raise RuntimeError("injected fault")


def test_a_write_that_fails_rolls_back_that_answer_alone(session, open_poll, ana, bo, monkeypatch, events):
    poll = open_poll("pick-one")
    _store_fails_for(session.store, monkeypatch, ana.id, _raise)
    failed, saved = session.respond_all([Answer(ana.token, poll.id, 0), Answer(bo.token, poll.id, 1)])
    assert isinstance(failed, RuntimeError) and saved.answer == 1
    assert [r.attendee_id for r in session.store.responses(poll.id)] == [bo.id]
    assert events[-1] == ResponseRecorded(session.id, poll.id, bo.id, 1)


def test_a_fault_that_ends_the_transaction_fails_the_whole_batch(session, open_poll, ana, bo, monkeypatch):
    poll = open_poll("pick-one")

    def end_the_transaction():
        session.store.db.execute("ROLLBACK")
        _raise()

    _store_fails_for(session.store, monkeypatch, bo.id, end_the_transaction)
    with pytest.raises(RuntimeError):  # and Ana's answer, next, is not written outside it
        session.respond_all([Answer(bo.token, poll.id, 1), Answer(ana.token, poll.id, 0)])
    assert session.store.responses(poll.id) == [] and session.response_count(poll.id) == 0
