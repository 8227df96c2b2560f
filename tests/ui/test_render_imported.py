"""An imported slide on the projector: the trainer's page filling the slide at its own
proportions, Facilitator's overlays over it, and the results in Facilitator's design
once revealed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor

from facilitator.core.deck import Layout
from facilitator.ui import drawing, render
from facilitator.ui.pdf_pages import PageImages
from facilitator.ui.render import (
    ANSWER_COUNT_RECT, COUNTDOWN_RECT, JOIN_BAR_RECT, JoinInfo, SlideScene, SlideView, render_image,
)
from tests.paged import BEAMER, WIDE, draw_pdf, page_colour, with_pages

JOIN = JoinInfo("http://192.168.1.20:8765/K7M2Q", "K7M2Q", 12)
TITLE = "Where we stand *today*"  # plain text from the PDF: never Markdown


@pytest.fixture(autouse=True)
def fresh_caches():
    render.clear_caches()
    yield
    render.clear_caches()


@pytest.fixture(params=[WIDE, BEAMER], ids=["16:9", "4:3"])
def imported(request, workshop, tmp_path):
    """The test workshop as a PDF deck: each slide a page of its own (the join slide
    too), the poll slides' bodies empty and their titles from the PDF."""
    pdf = draw_pdf(tmp_path / "talk.pdf", len(workshop.deck.slides), request.param)
    paged = with_pages(workshop, pdf, {s.index: (s.index,) for s in workshop.deck.slides})
    slides = tuple(replace(s, body="", title=TITLE) if s.exercise_id else s for s in paged.deck.slides)
    return replace(paged, deck=replace(paged.deck, slides=slides))


@pytest.fixture
def poll_slide(imported):
    return next(s for s in imported.deck.slides if s.exercise_id == "pick-one")


def _session_results(session, imported, slide, *, open_=True, reveal=False):
    session.reload(imported)
    session.go_to_slide(slide.index)
    if open_:
        session.open_poll_for()
    if reveal:
        session.reveal_results()
    return session.results.of_exercise(slide.exercise_id).for_the_room()


def _rgb(image, x, y):
    return QColor(image.pixel(x, y)).getRgb()[:3]


def _paper(page: int):
    colour = page_colour(page)
    return tuple(round(c * 255) for c in (colour.red, colour.green, colour.blue))


def _near(a, b):
    return all(abs(x - y) <= 3 for x, y in zip(a, b))


@pytest.mark.parametrize("size, left", [(WIDE, 0), (BEAMER, 240)], ids=["16:9", "4:3"])
def test_the_page_fills_the_slide_at_its_proportions_black_beside_a_narrower_one(qapp, workshop, tmp_path,
                                                                                 size, left):
    pdf = draw_pdf(tmp_path / "talk.pdf", 1, size)
    deck = with_pages(workshop, pdf, {1: (0,)}).deck
    image = render_image(SlideScene(deck.slides[1], deck), 1920, 1080)
    assert _near(_rgb(image, left + 2, 6), _paper(0)) and _near(_rgb(image, 1917 - left, 6), _paper(0))
    if left:  # 4:3 on 16:9: black bars each side, the page not stretched into them
        assert _rgb(image, left - 2, 6) == (0, 0, 0) and _rgb(image, 1921 - left, 6) == (0, 0, 0)


def test_the_step_chooses_which_of_the_slides_pages_shows(qapp, imported):
    deck = imported.deck
    slide = replace(deck.slides[-1], pages=(4, 2))
    image = render_image(SlideScene(slide, deck, step=1), 960, 540)
    assert _near(_rgb(image, 250, 4), _paper(2))


def test_an_open_polls_count_shows_small_in_a_corner_over_the_page(qapp, session, imported, poll_slide):
    poll = _session_results(session, imported, poll_slide)
    scene = SlideScene(poll_slide, imported.deck, poll=poll, join_bar=JOIN, seconds_left=12)
    with drawing.recording_elisions() as record:
        render_image(scene, 1920, 1080)
    drawn = {t.where: t.text for t in record.texts}
    assert drawn["answer count"] == "0 answers" and record.elisions == []
    assert "question" not in drawn  # the page asks it, as the trainer designed
    for overlay in (JOIN_BAR_RECT, COUNTDOWN_RECT):
        assert not ANSWER_COUNT_RECT.intersects(overlay)


def test_the_join_bar_hides_a_footline_whole_not_its_glyphs_cut(qapp, imported):
    """A Beamer footline runs along the page's bottom edge: under the bar, none of the
    page shows below it, so no line of text peeks out cut in two."""
    slide = imported.deck.slides[-1]
    image = render_image(SlideScene(slide, imported.deck, join_bar=JOIN), 1920, 1080)
    below_bar = [(x, y) for x in range(int(JOIN_BAR_RECT.left()) + 60, int(JOIN_BAR_RECT.right()) - 60, 40)
                 for y in range(int(JOIN_BAR_RECT.bottom()) + 1, 1080, 3)]
    assert not [point for point in below_bar if _near(_rgb(image, *point), _paper(slide.pages[0]))]
    assert _near(_rgb(image, 960, 1078), _rgb(image, 960, int(JOIN_BAR_RECT.center().y())))  # the bar's panel


@pytest.mark.parametrize("join_bar", [JOIN, None])
def test_the_count_is_painted_in_its_corner_and_nowhere_else(qapp, session, imported, poll_slide, join_bar):
    poll = _session_results(session, imported, poll_slide)
    closed = replace(poll, open=False)
    scene = SlideScene(poll_slide, imported.deck, poll=poll, join_bar=join_bar)
    with_count, without = render_image(scene, 960, 540), render_image(replace(scene, poll=closed), 960, 540)
    differing = [(x, y) for y in range(0, 540, 3) for x in range(0, 960, 3)
                 if with_count.pixel(x, y) != without.pixel(x, y)]
    assert differing and all(x > 960 * 0.7 and y > 540 * 0.75 for x, y in differing)


def test_revealed_results_take_the_slide_under_its_title(qapp, session, imported, poll_slide):
    poll = _session_results(session, imported, poll_slide, reveal=True)
    with drawing.recording_elisions() as record:
        image = render_image(SlideScene(poll_slide, imported.deck, poll=poll), 1920, 1080)
    drawn = {t.where: t.text for t in record.texts}
    assert drawn["heading"] == TITLE and drawn["question"] == "Pick one" and record.elisions == []
    assert not _near(_rgb(image, 250, 6), _paper(poll_slide.index))  # not the page


def test_a_join_layout_shows_facilitators_join_slide(qapp, imported):
    slide = replace(imported.deck.slides[-1], layout=Layout.JOIN, body="# Join us")
    with drawing.recording_elisions() as record:
        render_image(SlideScene(slide, imported.deck, join=JOIN), 1920, 1080)
    assert "K7M2Q" in [t.text for t in record.texts if t.where == "join address"]


def test_an_exercise_inserted_between_pages_is_drawn_as_on_a_markdown_deck(qapp, session, imported, poll_slide):
    inserted = replace(poll_slide, pages=(), body="# Your turn")
    poll = _session_results(session, imported, poll_slide)
    with drawing.recording_elisions() as record:
        render_image(SlideScene(inserted, imported.deck, poll=poll), 1920, 1080)
    assert {"question", "answer panel"} <= {t.where for t in record.texts}


def test_a_view_paints_the_page_once_it_is_rendered(qtbot, imported):
    view = SlideView()
    qtbot.addWidget(view)
    view.resize(640, 360)
    slide = imported.deck.slides[-1]
    view.set_scene(SlideScene(slide, imported.deck))
    view.grab()  # asks for the page at this size
    qtbot.waitUntil(lambda: _near(_rgb(view.grab().toImage(), 130, 3), _paper(slide.index)), timeout=5000)


@pytest.mark.parametrize("exercise_id", ["pick-one", "ideas", "words"])
def test_the_count_fits_its_pill_for_a_large_room(qapp, session, imported, exercise_id):
    slide = next(s for s in imported.deck.slides if s.exercise_id == exercise_id)
    poll = replace(_session_results(session, imported, slide), responses=1999)
    with drawing.recording_elisions() as record:
        render_image(SlideScene(slide, imported.deck, poll=poll, join_bar=JOIN), 1280, 720)
    counts = [t for t in record.texts if t.where == "answer count"]
    assert len(counts) == 1 and counts[0].text.startswith("1,999") and record.elisions == []
