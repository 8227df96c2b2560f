"""The presenter's logic against fake views: what each action does and what is shown."""

from dataclasses import replace

import pytest

from facilitator.core.deck import Layout
from facilitator.live.views import phone_state, trainer_state
from facilitator.ui.bridge import CountsChanged
from facilitator.ui.controller import PollState, PresenterController
from facilitator.ui.render import Blank

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


def test_black_and_white_screens_toggle_on_the_projector_only(controller, presenter, audience):
    controller.black()
    assert audience.scenes[-1].blank is Blank.BLACK and presenter.last("show_blank") == (Blank.BLACK,)
    controller.white()
    assert audience.scenes[-1].blank is Blank.WHITE
    controller.white()
    assert audience.scenes[-1].blank is Blank.NONE and presenter.last("show_blank") == (Blank.NONE,)


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


def test_poll_keys_off_a_poll_slide_explain_why(controller, presenter):
    for action in (controller.open_poll, controller.close_poll, controller.toggle_results):
        action()
    messages = [args[0] for args in presenter.calls["show_message"]]
    assert messages == [
        "This slide runs no exercise",
        "No poll is open on this slide",
        "Open this slide's poll before showing its results",
    ]


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
    ("plain", CountsChanged(attendees=True, polls=frozenset()), {"show_slides": 0, "show_live": 1}),
    ("plain", CountsChanged(attendees=False, polls=frozenset({1})), {"show_slides": 0, "show_live": 0}),
    ("poll", CountsChanged(attendees=False, polls=frozenset({1})), {"show_slides": 1, "show_live": 1}),
    ("poll", CountsChanged(attendees=False, polls=frozenset({99})), {"show_slides": 0, "show_live": 0}),
], ids=["joins on the join slide", "joins elsewhere", "answers off their slide",
        "answers to this slide's poll", "answers to another poll"])
def test_counts_repaint_only_what_shows_them(controller, session, presenter, open_poll, where, counts, repainted):
    poll = open_poll("pick-one")
    assert poll.id == 1
    slide = {"join": 0, "plain": len(session.workshop.deck.slides) - 1, "poll": session.current_slide}[where]
    session.go_to_slide(slide)
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
    controller.black()
    controller.refresh()
    current = presenter.last("show_slides")[0]
    # Once for both repaints: the results are built once per change, and blanking the
    # screen changes nothing in the session.
    assert tallied == [poll.id]
    assert audience.scenes[-1] == replace(current, blank=Blank.BLACK)


def test_ending_the_session_closes_its_poll_and_says_what_phones_offer(controller, session, presenter, open_poll):
    poll = open_poll("pick-one")
    controller.end_session()
    assert session.record.ended_at is not None and not session.poll(poll.id).is_open
    assert "phones now offer the handout" in presenter.last("show_message")[0]
    controller.end_session()  # again: refused, and said so
    assert "ended" in presenter.last("show_message")[0].lower()


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
