"""Fit, never cut: the renderer reports any text it drew cut, the overlays (join bar,
countdown) are painted in every layout, and the shipped deck fits at both sizes."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

import pytest
from PySide6.QtGui import QColor, QImage

from facilitator.core.clock import ManualClock
from facilitator.core.deck import Layout
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.results import PollResults, not_opened
from facilitator.core.session import MAX_NAME_LENGTH, LiveSession
from facilitator.core.store import Store
from facilitator.core.translation import PSEUDO_LOCALE, SOURCE_LOCALE
from facilitator.core.workshop import load_workshop
from facilitator.ui import drawing, render
from facilitator.ui.render import COUNTDOWN_RECT, JOIN_BAR_RECT, JoinInfo, SlideScene, render_image
from facilitator.ui.theme import THEME

from .conftest import full_room

SHIPPED = load_workshop(SHIPPED_DECK)
JOIN = JoinInfo("http://192.168.1.20:8765/K7M2Q", "K7M2Q", 12)
SIZES = [(1920, 1080), (1280, 720)]


@pytest.fixture(autouse=True)
def fresh_caches():
    render.clear_caches()
    yield
    render.clear_caches()


def first_of(layout: Layout):
    return next(s for s in SHIPPED.deck.slides if s.layout is layout and s.exercise_id is None)


# -- the record ----------------------------------------------------------------------


def test_nothing_is_recorded_outside_a_recording(qapp):
    image = QImage(400, 100, QImage.Format.Format_ARGB32_Premultiplied)
    from PySide6.QtGui import QPainter
    painter = QPainter(image)
    drawing.draw_line(painter, "far too long a line " * 20, 0, 0, 300, 40, QColor("black"))
    with drawing.recording_elisions() as record:
        pass
    drawing.draw_line(painter, "far too long a line " * 20, 0, 0, 300, 40, QColor("black"))
    painter.end()
    assert record.elisions == [] and record.texts == []


@pytest.mark.parametrize(("text", "cut"), [("Short", False), ("far too long a line " * 20, True)])
def test_a_line_drawn_cut_is_recorded_with_where_it_was(qapp, text, cut):
    from PySide6.QtGui import QPainter
    image = QImage(400, 100, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    with drawing.recording_elisions() as record:
        drawing.draw_line(painter, text, 0, 0, 300, 40, QColor("black"), where="idea")
    painter.end()
    assert record.texts == [drawing.DrawnText(drawing.clean(text), 40, "idea")]
    assert record.elisions == ([drawing.Elision(drawing.clean(text), "idea")] if cut else [])


def test_a_fitted_text_is_recorded_once_at_the_size_drawn_not_the_sizes_tried(qapp):
    from PySide6.QtGui import QPainter
    block = drawing.fit("A sentence that wraps onto a few lines at the larger sizes", 400, 130,
                        drawing.sizes(60, 30))
    image = QImage(400, 200, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    with drawing.recording_elisions() as record:
        drawing.draw_block(painter, block, 0, 0, 400, QColor("black"))
    painter.end()
    assert not block.elided
    assert record.elisions == [] and [t.px for t in record.texts] == [block.px]


def test_a_slide_body_that_cannot_fit_is_recorded(qapp, tmp_path):
    from facilitator.core.deck import parse_deck
    path = tmp_path / "deck.md"
    bullets = "\n".join(f"- point number {n} that says rather a lot about it" for n in range(80))
    path.write_text(f"---\ntitle: T\nduration: 1\n---\n\n# Too much\n\n{bullets}\n", encoding="utf-8")
    deck = parse_deck(path)
    with drawing.recording_elisions() as record:
        render_image(SlideScene(deck.slides[0], deck), 960, 540)
    assert [e.where for e in record.elisions] == ["body"]
    assert "point number 79" in record.elisions[0].text


# -- the overlays --------------------------------------------------------------------


def _overlay_scenes() -> list[SlideScene]:
    slides = [first_of(layout) for layout in (Layout.TITLE, Layout.SECTION, Layout.JOIN,
                                              Layout.DEFAULT)]
    slides += [s for s in SHIPPED.deck.slides if s.layout is Layout.TWO_COLUMNS][:1]
    return [SlideScene(slide, SHIPPED.deck, join=JOIN) for slide in slides]


def _scaled(rect, image: QImage):
    scale = image.width() / render.CANVAS_WIDTH
    return (int(rect.left() * scale), int(rect.top() * scale),
            int(rect.right() * scale) + 1, int(rect.bottom() * scale) + 1)


def _differs_inside(a: QImage, b: QImage, rect) -> bool:
    left, top, right, bottom = _scaled(rect, a)
    return any(a.pixel(x, y) != b.pixel(x, y)
               for y in range(top, bottom, 2) for x in range(left, right, 2))


def _differs_outside(a: QImage, b: QImage, rects) -> bool:
    boxes = [_scaled(r.adjusted(-4, -4, 4, 4), a) for r in rects]
    return any(a.pixel(x, y) != b.pixel(x, y)
               for y in range(0, a.height(), 2) for x in range(0, a.width(), 2)
               if not any(l <= x < r and t <= y < bt for l, t, r, bt in boxes))


@pytest.mark.parametrize("scene", _overlay_scenes(), ids=lambda s: s.slide.layout.value)
def test_the_join_bar_and_countdown_are_painted_in_every_layout_over_nothing(qapp, scene):
    plain = render_image(scene, 960, 540)
    with drawing.recording_elisions() as record:
        both = render_image(replace(scene, join_bar=JOIN, seconds_left=4), 960, 540)
    assert _differs_inside(plain, both, JOIN_BAR_RECT)
    assert _differs_inside(plain, both, COUNTDOWN_RECT)
    assert not _differs_outside(plain, both, [JOIN_BAR_RECT, COUNTDOWN_RECT])
    drawn = {t.where: t.text for t in record.texts}
    assert drawn["join bar code"] == "K7M2Q" and drawn["countdown"] == "4 s"


@pytest.mark.parametrize(("seconds", "text", "colour"), [
    (65, "1:05", THEME.text), (6, "6 s", THEME.text), (5, "5 s", THEME.urgent),
    (0, "0 s", THEME.urgent),
])
def test_the_countdown_turns_red_for_the_last_five_seconds(qapp, seconds, text, colour):
    scene = SlideScene(first_of(Layout.DEFAULT), SHIPPED.deck, seconds_left=seconds)
    with drawing.recording_elisions() as record:
        image = render_image(scene, 1920, 1080)
    assert [t.text for t in record.texts if t.where == "countdown"] == [text]
    pill = COUNTDOWN_RECT
    assert image.pixelColor(int(pill.left() + 30), int(pill.center().y())) == QColor(colour)


# -- the findings ------------------------------------------------------------------------


def test_the_join_slide_shows_all_of_its_text_at_body_size(qapp):
    slide = first_of(Layout.JOIN)
    with drawing.recording_elisions() as record:
        render_image(SlideScene(slide, SHIPPED.deck, join=JOIN), 1920, 1080)
    (body,) = [t for t in record.texts if t.where == "join body"]
    assert "Your name goes on your certificate." in body.text
    assert record.elisions == [] and body.px >= THEME.body_size


@pytest.mark.parametrize("title", ["Share the load: four steps", "Thank you!", "What holds companies back"])
def test_a_short_bullet_slide_has_large_body_text(qapp, title):
    slide = next(s for s in SHIPPED.deck.slides if s.body.lstrip().startswith(f"# {title}\n"))
    with drawing.recording_elisions() as record:
        render_image(SlideScene(slide, SHIPPED.deck), 1280, 720)
    (body,) = [t for t in record.texts if t.where == "body"]
    assert body.px / render.CANVAS_HEIGHT >= 0.06


# -- the full room ---------------------------------------------------------------------


def test_a_full_room_answers_every_exercise_with_the_longest_texts(shipped_session):
    people = full_room(shipped_session)
    assert len(people) == 40
    assert {len(p.name) for p in people} == {MAX_NAME_LENGTH}
    exercises = [s.exercise_id for s in SHIPPED.deck.slides if s.exercise_id]
    for exercise_id in exercises:
        results = shipped_session.results.of_exercise(exercise_id)
        assert results.responses == 40 and not results.open
    ideas = shipped_session.results.of_exercise("action-ideas").tally
    assert {len(item.text) for item in ideas.items} == {SHIPPED.exercises["action-ideas"].max_length}


# -- every slide of the shipped deck, in every state, at both sizes -------------------


class State(Enum):
    SLIDE = "as it comes"  # an exercise slide before its poll opens; the join slide before joins
    OVERLAYS = "with the join bar and a countdown"
    POLL_OPEN = "with its poll open"
    RESULTS = "with its results shown"


@pytest.fixture(scope="module")
def full_results() -> dict[str, PollResults]:
    """Each exercise's results once 40 attendees answered with the longest texts, revealed."""
    store = Store.in_memory()
    session = LiveSession.start(store, SHIPPED, ManualClock())
    full_room(session)
    for poll in session.polls():
        session.reveal_results(poll.id)
    results = {s.exercise_id: session.results.of_exercise(s.exercise_id)
               for s in SHIPPED.deck.slides if s.exercise_id}
    store.close()
    return results


def scenes_in(state: State, results: dict[str, PollResults]) -> list[SlideScene]:
    """The shipped deck's slides as the room sees them in `state` (40 joined)."""
    room = JoinInfo(JOIN.url, JOIN.code, 40)
    deck = SHIPPED.deck
    if state is State.SLIDE:
        return [SlideScene(s, deck, poll=not_opened(SHIPPED.exercises[s.exercise_id])
                           if s.exercise_id else None) for s in deck.slides]
    if state is State.OVERLAYS:
        return [SlideScene(s, deck, join=room, join_bar=room, seconds_left=20,
                           poll=results[s.exercise_id] if s.exercise_id else None)
                for s in deck.slides]
    exercises = [s for s in deck.slides if s.exercise_id]
    if state is State.POLL_OPEN:
        return [SlideScene(s, deck, join=room,
                           poll=replace(results[s.exercise_id], open=True, revealed=False).for_the_room())
                for s in exercises]
    return [SlideScene(s, deck, join=room, poll=results[s.exercise_id]) for s in exercises] + [
        SlideScene(s, deck, join=room) for s in deck.slides if s.layout is Layout.JOIN]


@pytest.mark.parametrize("window_language", [SOURCE_LOCALE, PSEUDO_LOCALE], indirect=True)
@pytest.mark.parametrize("state", list(State), ids=lambda s: s.name.lower())
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_shipped_slide_fits_whole_above_the_floor(qapp, full_results, window_language, state, size):
    cut, small, smallest = [], [], None
    for scene in scenes_in(state, full_results):
        with drawing.recording_elisions() as record:
            render_image(scene, *size)
        # The charts' own texts (boards, scale rows, quiz explanations) are checked for
        # every result kind in test_fit_results.py.
        record.elisions[:] = [e for e in record.elisions if not e.where.startswith("results")]
        record.texts[:] = [t for t in record.texts if not t.where.startswith("results")]
        name = f"slide {scene.slide.index + 1} ({scene.slide.exercise_id or scene.slide.layout.value})"
        cut += [f"{name}: {e.where}: {e.text[:60]!r}" for e in record.elisions]
        small += [f"{name}: {t.where} at {t.px / render.CANVAS_HEIGHT:.1%}: {t.text[:40]!r}"
                  for t in record.texts if t.px < THEME.min_size]
        if (low := record.smallest()) and (smallest is None or low.px < smallest[1].px):
            smallest = (name, low)
    assert not cut, "\n".join(cut)
    assert not small, "\n".join(small)
    name, low = smallest
    print(f"\n{state.value} at {size[0]}x{size[1]}: smallest text {low.px / render.CANVAS_HEIGHT:.2%} "
          f"of the height ({low.px:g} of {render.CANVAS_HEIGHT:g}), {low.where} on {name}")
