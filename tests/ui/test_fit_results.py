"""Fit, never cut, for results: every result kind of the shipped workshop, answered by a
full room with the longest texts the limits allow, is drawn whole at readable sizes at
1920x1080 and 1280x720; what does not fit one page goes on the next, turned with the
next-slide key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from facilitator.core import palette
from facilitator.core.clock import ManualClock
from facilitator.core.exercise import Kind
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.results import PollResults
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.tally import WordCloudTally, WordCount
from facilitator.core.translation import PSEUDO_LOCALE, SOURCE_LOCALE
from facilitator.core.workshop import load_workshop
from facilitator.ui import charts, drawing, render
from facilitator.ui.controller import PresenterController
from facilitator.ui.render import CANVAS_HEIGHT, SlideScene, render_image, result_pages
from facilitator.ui.theme import THEME

from .conftest import full_room, longest_text

SIZES = [(1920, 1080), (1280, 720)]
FLOOR = 0.03 * CANVAS_HEIGHT  # the smallest text the room reads: 3 % of the screen's height
SHIPPED = load_workshop(SHIPPED_DECK)
EXERCISES = [s.exercise_id for s in SHIPPED.deck.slides if s.exercise_id]


@pytest.fixture(scope="module")
def room():
    """The shipped workshop run by a full room, every poll closed and revealed."""
    store = Store.in_memory()
    session = LiveSession.start(store, load_workshop(SHIPPED_DECK), ManualClock())
    full_room(session)
    questions = session.poll_for_exercise("your-questions")
    session.moderate(session.items(questions.id)[0].id, answered=True)  # marked, and dimmed
    for exercise_id in EXERCISES:
        session.reveal_results(session.poll_for_exercise(exercise_id).id)
    yield session
    store.close()


@pytest.fixture(autouse=True)
def fresh_caches():
    render.clear_caches()
    yield
    render.clear_caches()


def revealed(session: LiveSession, exercise_id: str) -> SlideScene:
    slide = next(s for s in session.workshop.deck.slides if s.exercise_id == exercise_id)
    return SlideScene(slide, session.workshop.deck, poll=session.results.of_exercise(exercise_id))


def draw_pages(scene: SlideScene, width: int = 1920, height: int = 1080):
    """Each page of the scene's result drawn: (its image, what was drawn on it)."""
    drawn = []
    for page in range(result_pages(scene)):
        with drawing.recording_elisions() as record:
            image = render_image(replace(scene, page=page), width, height)
        drawn.append((image, record))
    return drawn


def texts_at(record: drawing.TextRecord, where: str) -> list[drawing.DrawnText]:
    """The texts of the result drawn as `where` ("post", "name"...)."""
    return [t for t in record.texts if t.where == f"results {where}"]


def kind_of(exercise_id: str) -> str:
    return f"{SHIPPED.exercises[exercise_id].kind.value}-{exercise_id}"


# -- every kind, a full room, both sizes ------------------------------------------------


def test_the_floor_is_three_percent_of_the_screen():
    assert THEME.min_size >= FLOOR


@pytest.mark.parametrize("window_language", [SOURCE_LOCALE, PSEUDO_LOCALE], indirect=True)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("exercise_id", EXERCISES, ids=kind_of)
def test_every_result_is_drawn_whole_and_readable(qapp, room, window_language, exercise_id, size):
    pages = draw_pages(revealed(room, exercise_id), *size)
    for _, record in pages:
        assert record.elisions == []
        smallest = record.smallest()
        assert smallest.px >= FLOOR, smallest


@pytest.mark.parametrize("exercise_id", [e for e in EXERCISES if e.startswith("quiz-")])
def test_a_quiz_explanation_is_whole_and_larger_than_the_floor(qapp, room, exercise_id):
    (_, first), *_ = draw_pages(revealed(room, exercise_id))
    (explanation,) = texts_at(first, "explanation")
    assert explanation.text == drawing.clean(SHIPPED.exercises[exercise_id].explanation)
    assert explanation.px > THEME.min_size


def test_a_quiz_shows_its_top_scores_whole_with_the_longest_names(qapp, room):
    pages = draw_pages(revealed(room, "quiz-launch-hint"))
    names = [t.text for _, record in pages for t in texts_at(record, "name")]
    leaders = room.results.of_exercise("quiz-launch-hint").leaderboard[:charts.LEADERBOARD_SHOWN]
    assert names == [entry.name for entry in leaders]


@pytest.mark.parametrize("exercise_id", ["action-ideas", "your-questions"])
def test_a_board_shows_every_post_whole_once_most_upvoted_first(qapp, room, exercise_id):
    scene = revealed(room, exercise_id)
    pages = draw_pages(scene)
    posts = [[t.text for t in texts_at(record, "post")] for _, record in pages]
    assert [text for page in posts for text in page] == [i.text for i in scene.poll.tally.items]
    assert len(pages) > 1 and all(posts)
    footers = [[t.text for t in record.texts if t.where == "page"] for _, record in pages]
    assert footers == [[f"page {n} of {len(pages)}"] for n in range(1, len(pages) + 1)]


def test_a_board_of_ordinary_posts_shows_the_top_five_on_its_first_page(qapp, session, open_poll):
    poll = open_poll("ideas")
    for n in range(12):
        person = session.join(f"Person {n}")
        session.post(person.token, poll.id, longest_text(90, seed=n))
    session.reveal_results(poll.id)
    scene = revealed(session, "ideas")
    (_, first), *rest = draw_pages(scene)
    shown = [t.text for t in texts_at(first, "post")]
    assert len(shown) >= charts.BOARD_FIRST_PAGE and rest
    assert min(t.px for t in texts_at(first, "post")) > THEME.min_size


def test_scale_statements_all_show_lowest_first_with_the_two_lowest_marked(qapp, room):
    scene = revealed(room, "readiness-self-assessment")
    tally = scene.poll.tally
    pages = draw_pages(scene)
    drawn = [t.text for _, record in pages for t in texts_at(record, "statement")]
    assert drawn == [drawing.clean(row.statement) for row in tally.lowest_first()]
    assert len(drawn) == len(SHIPPED.exercises["readiness-self-assessment"].statements)
    # The marked rows' panels stand out past the text's left edge: count them down that strip.
    image = pages[0][0]
    strip = [image.pixel(THEME.margin - 4, y) == QColor(THEME.panel).rgba() for y in range(1080)]
    runs = sum(1 for above, here in zip([False] + strip, strip) if here and not above)
    assert runs == charts.LOWEST_MARKED


def test_scale_bars_have_a_segment_per_point_from_disagree_to_agree(qapp, room):
    (image, _), *_ = draw_pages(revealed(room, "readiness-self-assessment"))
    colours = {image.pixel(x, y) for y in range(0, 1080, 4) for x in range(0, 1920, 4)}
    for colour in palette.scale_colours(5):
        assert QColor(colour).rgba() in colours, colour


# -- the next-slide key turns the pages ------------------------------------------------


class _Views:
    """A presenter and an audience window that keep what they were shown."""

    def __init__(self):
        self.scenes: list[SlideScene] = []

    def show_scene(self, scene: SlideScene) -> None:
        self.scenes.append(scene)

    def __getattr__(self, name):
        if not name.startswith("show_"):
            raise AttributeError(name)
        return lambda *args: None


def test_next_and_previous_turn_a_long_board_before_the_deck_moves(qapp, session, open_poll):
    """The page shown is the session's: the controller tells it how many pages the board
    takes, next and previous turn them (from any front end), and the windows follow the
    session's ResultPageTurned as they follow a slide change (the bridge's part, here by hand)."""
    poll = open_poll("ideas")
    for n in range(15):
        person = session.join(f"Person {n}")
        session.post(person.token, poll.id, longest_text(280, seed=n))
    session.reveal_results(poll.id)
    audience = _Views()
    controller = PresenterController(session, "http://127.0.0.1:8765/X", _Views(), audience)
    index = session.current_slide
    controller.show_slide(index)
    pages = result_pages(audience.scenes[-1])
    assert pages > 1 and session.screen.result_pages == pages

    def step(move) -> tuple[int, int]:
        move()
        controller.screen_changed()
        return session.current_slide, audience.scenes[-1].page

    for page in range(1, pages):
        assert step(controller.next) == (index, page)
    assert step(controller.previous) == (index, pages - 2)
    controller.next()
    controller.next()
    assert session.current_slide == index + 1
    controller.show_slide(index + 1)
    controller.previous()
    controller.show_slide(session.current_slide)
    assert (session.current_slide, audience.scenes[-1].page) == (index, 0)  # from the top again
    controller.previous()
    assert session.current_slide == index - 1


# -- a word cloud -----------------------------------------------------------------------


def cloud_scene(workshop, words: list[tuple[str, int]]) -> SlideScene:
    slide = next(s for s in workshop.deck.slides if s.exercise_id == "words")
    tally = WordCloudTally(Kind.WORD_CLOUD, 40, tuple(WordCount(w, n) for w, n in words))
    return SlideScene(slide, workshop.deck,
                      poll=PollResults(workshop.exercises["words"], False, True, 40, tally))


def test_the_longest_word_a_cloud_allows_is_drawn_whole_above_the_floor(qapp, workshop):
    longest = longest_text(80)  # a word cloud's max_length at most
    ((_, record),) = draw_pages(cloud_scene(workshop, [("calm", 30), (longest, 1)]))
    assert record.elisions == []
    assert longest in [t.text for t in texts_at(record, "word")]
    assert record.smallest().px >= FLOOR


def test_the_words_a_full_cloud_has_no_room_for_are_reported(qapp, workshop):
    words = [(longest_text(25, seed=n) + f" {n}", 1 + n % 3) for n in range(120)]
    ((_, record),) = draw_pages(cloud_scene(workshop, words))
    drawn = {t.text for t in texts_at(record, "word")}
    left_out = {e.text for e in record.elisions}
    assert left_out and drawn.isdisjoint(left_out)
    assert drawn | left_out == {w for w, _ in words}


def test_the_windows_next_key_shows_the_next_page_of_a_long_board(running, qtbot):
    session = running.session
    index = next(s.index for s in session.workshop.deck.slides if s.exercise_id == "action-ideas")
    session.go_to_slide(index)
    poll = session.open_poll_for()
    for n in range(12):
        session.post(session.join(f"Person {n}").token, poll.id, longest_text(200, seed=n))
    session.reveal_results(poll.id)
    def shown() -> SlideScene:
        return running.audience.view.scene

    def board_shown() -> bool:
        poll = shown().poll
        return poll is not None and poll.tally is not None and len(poll.tally.items) == 12

    qtbot.waitUntil(board_shown)
    assert result_pages(shown()) > 1
    qtbot.keyClick(running.presenter, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: shown().page == 1)
    assert session.current_slide == index
    qtbot.keyClick(running.presenter, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: shown().page == 0)
    qtbot.keyClick(running.presenter, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: session.current_slide == index - 1)
