"""Fit, never cut: the renderer reports any text it drew cut, the overlays (join bar,
countdown) are painted in every layout, and the shipped deck fits at both sizes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from facilitator.core.deck import Layout
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import MAX_NAME_LENGTH
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


def _region_differs(a: QImage, b: QImage, rect) -> bool:
    scale = a.width() / render.CANVAS_WIDTH
    box = rect.toRect()
    left, top = int(box.left() * scale), int(box.top() * scale)
    right, bottom = int(box.right() * scale), int(box.bottom() * scale)
    return any(a.pixel(x, y) != b.pixel(x, y)
               for y in range(top, bottom, 3) for x in range(left, right, 3))


@pytest.mark.parametrize("scene", _overlay_scenes(), ids=lambda s: s.slide.layout.value)
def test_the_join_bar_and_countdown_are_painted_in_every_layout(qapp, scene):
    from dataclasses import replace
    plain = render_image(scene, 960, 540)
    with drawing.recording_elisions() as record:
        both = render_image(replace(scene, join_bar=JOIN, seconds_left=4), 960, 540)
    assert _region_differs(plain, both, JOIN_BAR_RECT)
    assert _region_differs(plain, both, COUNTDOWN_RECT)
    drawn = {t.where: t.text for t in record.texts}
    assert drawn["join bar code"] == "K7M2Q" and drawn["countdown"] == "4 s"


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
