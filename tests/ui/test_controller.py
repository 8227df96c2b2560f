"""The presenter's logic against fake views: what each action does and what is shown."""

from dataclasses import replace

import pytest

from facilitator.core import operations
from facilitator.core.deck import Layout
from facilitator.core.screen import Blank
from facilitator.live.views import phone_state, trainer_state
from facilitator.ui.bridge import CountsChanged, SessionBridge
from facilitator.ui.controller import PollState, PresenterController

JOIN_URL = "http://192.168.1.20:8765/ABCDE"


class FakePresenter:
    def __init__(self):
        self.calls: dict[str, list] = {}

    def __getattr__(self, name):
        if not name.startswith("show_"):
            raise AttributeError(name)
        return lambda *args: self.calls.setdefault(name, []).append(args)

    def last(self, name):
        return self.calls[name][-1]


class FakeAudience:
    def __init__(self):
        self.scenes = []

    def show_scene(self, scene):
        self.scenes.append(scene)


@pytest.fixture
def presenter():
    return FakePresenter()


@pytest.fixture
def audience():
    return FakeAudience()


@pytest.fixture
def controller(session, presenter, audience):
    return PresenterController(session, JOIN_URL, presenter, audience)


@pytest.fixture
def bridged(session, controller, qtbot):
    """The controller hearing the session's screen and end events, as the app wires it."""
    bridge = SessionBridge(session)
    bridge.screen_changed.connect(controller.screen_changed)
    bridge.session_ended.connect(controller.session_ended)
    yield bridge
    bridge.close()


def slide_of(session, exercise_id):
    return next(s.index for s in session.workshop.deck.slides if s.exercise_id == exercise_id)


def test_refresh_shows_the_current_and_next_slides_notes_and_clocks(controller, presenter, audience, session):
    controller.refresh()
    current, following, number, count = presenter.last("show_slides")
    assert (current.slide.index, following.slide.index, number, count) == (0, 1, 1, len(session.workshop.deck.slides))
    assert presenter.last("show_notes") == ("Welcome people.",)
    assert presenter.last("show_live")[0].joined == 0
    assert presenter.last("show_pacing")[0].elapsed == 0
    assert audience.scenes[-1].slide.index == 0 and audience.scenes[-1].blank is Blank.NONE


def test_the_join_slide_carries_the_url_code_and_count(controller, session):
    session.join("Ana")
    scene = controller.scene(0)
    assert scene.slide.layout is Layout.JOIN
    assert (scene.join.url, scene.join.code, scene.join.attendees) == (JOIN_URL, session.code, 1)
    assert controller.scene(1).join is None


@pytest.mark.parametrize(
    "start, action, slide",
    [(0, PresenterController.next, 1), (0, PresenterController.last, 10),
     (3, PresenterController.first, 0), (3, PresenterController.previous, 2)],
    ids=["next", "last", "first", "previous"],
)
def test_keys_move_through_the_deck(controller, session, start, action, slide):
    session.go_to_slide(start)
    action(controller)
    assert session.current_slide == slide


def test_go_to_counts_slides_from_one(controller, session, presenter):
    controller.go_to(3)
    assert session.current_slide == 2
    controller.go_to(99)
    assert session.current_slide == 2
    assert "no slide 98" in presenter.last("show_message")[0]


def test_black_and_white_screens_toggle_on_the_projector_only(controller, presenter, audience, bridged, qtbot):
    controller.black()
    qtbot.waitUntil(lambda: presenter.calls.get("show_blank", [])[-1:] == [(Blank.BLACK,)])
    assert audience.scenes[-1].blank is Blank.BLACK and presenter.last("show_slides")[0].blank is Blank.NONE
    controller.white()
    qtbot.waitUntil(lambda: audience.scenes[-1].blank is Blank.WHITE)
    controller.white()
    qtbot.waitUntil(lambda: audience.scenes[-1].blank is Blank.NONE)
    assert presenter.last("show_blank") == (Blank.NONE,)


def test_the_remote_blanks_the_screen_the_keys_then_bring_it_back(controller, session, presenter, audience, bridged, qtbot):
    operations.set_blank(session, Blank.BLACK)  # as the remote's button does
    qtbot.waitUntil(lambda: bool(audience.scenes) and audience.scenes[-1].blank is Blank.BLACK)
    assert presenter.last("show_blank") == (Blank.BLACK,)
    controller.black()  # the key agrees with the remote: black again is the slide
    qtbot.waitUntil(lambda: audience.scenes[-1].blank is Blank.NONE)
    assert session.screen.blank is Blank.NONE


def test_the_join_bar_shows_on_every_slide_but_the_join_slide(controller, session):
    session.join("Ana")
    bars = [controller.scene(i).join_bar for i in range(len(session.workshop.deck.slides))]
    assert bars[0] is None
    assert {(bar.url, bar.code, bar.attendees) for bar in bars[1:]} == {(JOIN_URL, session.code, 1)}


@pytest.mark.parametrize("hide", [
    lambda controller, session: controller.toggle_join_bar(),
    lambda controller, session: operations.show_join_bar(session, False),
    lambda controller, session: controller.end_session(),
], ids=["the J key", "the remote", "the session ended"])
def test_the_join_bar_goes_when_hidden_or_joins_end(controller, session, audience, bridged, qtbot, hide):
    session.go_to_slide(2)
    controller.refresh()
    assert audience.scenes[-1].join_bar is not None
    hide(controller, session)
    qtbot.waitUntil(lambda: audience.scenes[-1].join_bar is None)
    assert controller.scene(3).join_bar is None


def test_j_shows_the_join_bar_again(controller, session, audience, bridged, qtbot):
    session.go_to_slide(2)
    controller.toggle_join_bar()
    controller.toggle_join_bar()
    assert session.screen.join_bar
    qtbot.waitUntil(lambda: len(audience.scenes) >= 2)
    assert audience.scenes[-1].join_bar is not None


def test_a_poll_is_opened_answered_and_revealed(controller, session, presenter):
    session.go_to_slide(slide_of(session, "pick-one"))
    controller.open_poll()
    ana = session.join("Ana")
    session.respond(ana.token, session.poll_on_slide().id, 2)
    status = controller.live_status()
    assert (status.poll_state, status.responses, status.joined, status.revealed) == (PollState.OPEN, 1, 1, False)
    hidden = controller.scene(session.current_slide).poll
    assert hidden.open and hidden.tally is None
    controller.toggle_results()
    shown = controller.scene(session.current_slide).poll
    assert shown.revealed and shown.tally.options[2].count == 1
    controller.close_poll()
    assert controller.live_status().poll_state is PollState.CLOSED
    controller.toggle_results()
    assert controller.scene(session.current_slide).poll.tally is None


@pytest.mark.parametrize(("window_language", "expected"), [
    ("en", ["This slide runs no exercise", "No poll is open on this slide",
            "Open this slide's poll before showing its results"]),
    ("de", ["Auf dieser Folie gibt es keine Aktivität", "Auf dieser Folie ist keine Umfrage offen",
            "Öffne zuerst die Umfrage dieser Folie, dann kannst du die Ergebnisse zeigen"]),
], indirect=["window_language"])
def test_poll_keys_off_a_poll_slide_explain_why(controller, presenter, window_language, expected):
    for action in (controller.open_poll, controller.close_poll, controller.toggle_results):
        action()
    assert [args[0] for args in presenter.calls["show_message"]] == expected


def test_the_quiz_scene_carries_the_leaderboard_once_revealed(controller, session):
    session.go_to_slide(slide_of(session, "quiz"))
    controller.open_poll()
    session.respond(session.join("Ana").token, session.poll_on_slide().id, 1)
    assert controller.scene(session.current_slide).poll.leaderboard == ()
    controller.toggle_results()
    (entry,) = controller.scene(session.current_slide).poll.leaderboard
    assert (entry.name, entry.points) == ("Ana", 1000)


def test_moderation_hides_and_marks_posts(controller, session):
    session.go_to_slide(slide_of(session, "questions"))
    controller.open_poll()
    poll = session.poll_on_slide()
    item = session.post(session.join("Ana").token, poll.id, "<b>x</b><img src=y>")
    controller.hide_item(item.id)
    status = controller.live_status()
    assert status.is_board and status.is_questions
    assert [(i.text, i.hidden) for i in status.items] == [("<b>x</b><img src=y>", True)]
    assert session.items(poll.id) == []
    controller.hide_item(item.id, hidden=False)
    controller.mark_answered(item.id)
    assert session.items(poll.id)[0].answered


def test_reload_problems_reach_the_presenter(controller, presenter):
    controller.reloaded(["deck.md:3: unknown layout 'wide'"])
    controller.reloaded([])
    assert presenter.calls["show_problems"] == [(["deck.md:3: unknown layout 'wide'"],), ([],)]


def repaints(presenter):
    return {name: len(presenter.calls.get(name, [])) for name in ("show_slides", "show_live")}


@pytest.mark.parametrize("where, counts, repainted", [
    ("join", CountsChanged(attendees=True, polls=frozenset()), {"show_slides": 1, "show_live": 1}),
    ("plain", CountsChanged(attendees=True, polls=frozenset()), {"show_slides": 1, "show_live": 1}),
    ("plain, no join bar", CountsChanged(attendees=True, polls=frozenset()), {"show_slides": 0, "show_live": 1}),
    ("plain", CountsChanged(attendees=False, polls=frozenset({1})), {"show_slides": 0, "show_live": 0}),
    ("poll", CountsChanged(attendees=False, polls=frozenset({1})), {"show_slides": 1, "show_live": 1}),
    ("poll", CountsChanged(attendees=False, polls=frozenset({99})), {"show_slides": 0, "show_live": 0}),
], ids=["joins on the join slide", "joins under the join bar", "joins elsewhere", "answers off their slide",
        "answers to this slide's poll", "answers to another poll"])
def test_counts_repaint_only_what_shows_them(controller, session, presenter, open_poll, where, counts, repainted):
    poll = open_poll("pick-one")
    assert poll.id == 1
    last = len(session.workshop.deck.slides) - 1
    slide = {"join": 0, "plain": last, "plain, no join bar": last, "poll": session.current_slide}[where]
    session.go_to_slide(slide)
    operations.show_join_bar(session, where != "plain, no join bar")
    before = repaints(presenter)
    controller.counts_changed(counts)
    after = repaints(presenter)
    assert {name: after[name] - before[name] for name in after} == repainted


def test_answers_to_any_quiz_repaint_a_revealed_leaderboard(controller, session, presenter, open_poll):
    quiz = open_poll("quiz")
    session.reveal_results(quiz.id)
    before = repaints(presenter)
    controller.counts_changed(CountsChanged(attendees=False, polls=frozenset({quiz.id + 1})))
    assert repaints(presenter)["show_slides"] == before["show_slides"] + 1


def test_a_poll_change_repaints_the_slides_that_show_it(controller, session, presenter, open_poll):
    poll = open_poll("pick-one")
    controller.poll_changed(poll.id)
    assert repaints(presenter) == {"show_slides": 1, "show_live": 1}
    session.go_to_slide(len(session.workshop.deck.slides) - 1)
    controller.poll_changed(poll.id)
    assert repaints(presenter) == {"show_slides": 1, "show_live": 1}


def test_one_repaint_builds_each_scene_once_and_tallies_once(controller, session, presenter, audience, open_poll, monkeypatch):
    poll = open_poll("pick-one")
    session.reveal_results(poll.id)
    tallied = []
    tally = session.tally
    monkeypatch.setattr(session, "tally", lambda poll_id: (tallied.append(poll_id), tally(poll_id))[1])
    operations.set_blank(session, Blank.BLACK)
    controller.refresh()
    current = presenter.last("show_slides")[0]
    # Once for both repaints: the results are built once per change, and blanking the
    # screen changes nothing in the session.
    assert tallied == [poll.id]
    assert audience.scenes[-1] == replace(current, blank=Blank.BLACK)


def test_ending_the_session_closes_its_poll_and_stops_the_clocks(controller, session, presenter, open_poll, clock, bridged, qtbot):
    poll = open_poll("pick-one")
    controller.refresh()
    clock.advance(90)
    controller.end_session()
    qtbot.waitUntil(lambda: "show_ended" in presenter.calls)
    assert session.record.ended_at is not None and not session.poll(poll.id).is_open
    assert presenter.last("show_ended") == (clock.now(), 90)
    status = presenter.last("show_live")[0]
    assert status.ended and status.poll_state is PollState.CLOSED
    assert presenter.last("show_preview") == (None,)  # nothing can be revealed any more
    paced = len(presenter.calls["show_pacing"])
    clock.advance(60)
    controller.refresh_pacing()  # the window's timer still ticks: nothing moves
    assert len(presenter.calls["show_pacing"]) == paced
    controller.end_session()  # again: refused, and said so
    assert "ended" in presenter.last("show_message")[0].lower()


def test_the_remote_ending_the_session_shows_the_ended_state(controller, session, presenter, bridged, qtbot):
    operations.end_session(session)
    qtbot.waitUntil(lambda: "show_ended" in presenter.calls)
    assert presenter.last("show_ended")[0] == session.record.ended_at


def test_a_resumed_ended_session_opens_in_its_ended_state(controller, session, presenter):
    operations.end_session(session)
    controller.refresh()
    assert presenter.last("show_ended")[0] == session.record.ended_at and presenter.last("show_live")[0].ended


# -- the quiz countdown ------------------------------------------------------------------


def test_a_timed_quiz_counts_down_on_both_windows_as_the_phones_do(controller, session, presenter, audience, clock, open_poll):
    quiz = open_poll("quiz")  # 20 seconds
    controller.refresh()
    assert audience.scenes[-1].seconds_left == 20 and presenter.last("show_countdown") == (20,)
    assert presenter.last("show_slides")[1].seconds_left is None  # the next slide counts nothing
    clock.advance(0.4)
    controller.refresh()
    # 19.6 s left shows as 20, as the phones round up; the next tick is when 19 shows.
    assert presenter.last("show_countdown") == (20,) and controller.countdown_timer.interval() == 600
    assert phone_state(session)["poll"]["time_left"] == 19.6
    clock.advance(0.6)
    controller.countdown_timer.timeout.emit()
    assert presenter.last("show_countdown") == (19,) and audience.scenes[-1].seconds_left == 19
    assert controller.countdown_timer.isActive() and controller.countdown_timer.interval() == 1000
    clock.advance(19.5)
    controller.countdown_timer.timeout.emit()
    assert presenter.last("show_countdown") == (0,) and not controller.countdown_timer.isActive()
    clock.advance(1)  # past the grace the server allows: it closes the quiz
    session.close_expired_quizzes()
    controller.poll_changed(quiz.id)
    assert presenter.last("show_countdown") == (None,) and audience.scenes[-1].seconds_left is None


@pytest.mark.parametrize("exercise_id", ["quiz-untimed", "pick-one"])
def test_an_untimed_poll_shows_no_countdown(controller, presenter, open_poll, exercise_id):
    open_poll(exercise_id)
    controller.refresh()
    assert presenter.last("show_countdown") == (None,) and not controller.countdown_timer.isActive()


# -- the private preview -----------------------------------------------------------------


def test_the_presenter_previews_results_the_projector_does_not_show(controller, session, presenter, audience, open_poll):
    poll = open_poll("pick-one")
    session.respond(session.join("Ana").token, poll.id, 2)
    controller.refresh()
    (preview,) = presenter.last("show_preview")
    assert preview.poll.revealed and preview.poll.tally.options[2].count == 1
    assert preview.slide == audience.scenes[-1].slide and audience.scenes[-1].poll.tally is None
    controller.toggle_results()
    controller.poll_changed(poll.id)
    assert presenter.last("show_preview") == (None,)  # the room sees them now: no preview
    assert audience.scenes[-1].poll.tally.options[2].count == 1


@pytest.mark.parametrize("slide", ["plain", "not opened"])
def test_nothing_to_preview_before_a_poll_opens(controller, session, presenter, slide):
    session.go_to_slide(slide_of(session, "pick-one") if slide == "not opened" else 0)
    controller.refresh()
    assert presenter.last("show_preview") == (None,)


# Every screen that counts a board's posters, read after hiding one of two people's posts.
POSTERS_SHOWN = {
    "presenter": lambda controller, session, poll: controller.live_status().responses,
    "projector": lambda controller, session, poll: controller.scene(session.current_slide).poll.responses,
    "phones": lambda controller, session, poll: phone_state(session)["poll"]["responses"],
    "remote": lambda controller, session, poll: trainer_state(session)["poll"]["responses"],
    "results": lambda controller, session, poll: session.tally(poll.id).authors,
}


@pytest.mark.parametrize("view", POSTERS_SHOWN.values(), ids=POSTERS_SHOWN.keys())
def test_a_hidden_post_leaves_every_count_of_posters(controller, session, open_poll, view):
    poll = open_poll("ideas")
    shown = session.post(session.join("Ana").token, poll.id, "Lock screens")
    hidden = session.post(session.join("Bo").token, poll.id, "Something rude")
    assert view(controller, session, poll) == 2
    controller.hide_item(hidden.id)
    assert view(controller, session, poll) == 1
    controller.hide_item(shown.id, hidden=False)  # showing a shown post changes nothing
    assert view(controller, session, poll) == 1
