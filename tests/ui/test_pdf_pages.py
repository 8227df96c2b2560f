"""An imported deck's pages: rendered at the size they are painted, their proportions
kept, ahead of the trainer, within a bounded cache, again when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from facilitator.core.deck import Deck, Layout, Slide
from facilitator.core.workshop import load_workshop
from facilitator.ui import pdf_pages
from facilitator.ui.pdf_pages import PageImages, page_problems, pages_around, undrawable_pages
from tests.deck_files import make_pdf
from tests.paged import BEAMER, WIDE, draw_pdf, page_colour

PROJECTOR = QSize(1920, 1080)


@pytest.fixture
def wide_pdf(tmp_path):
    return draw_pdf(tmp_path / "talk.pdf", 8, WIDE)


@pytest.fixture
def pages(qapp):
    return PageImages()


def _colour(image, x, y) -> QColor:
    return QColor(image.pixel(x, y))


def _near(colour: QColor, expected: QColor) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(colour.getRgb()[:3], expected.getRgb()[:3]))


@pytest.mark.parametrize("size, area, fitted", [
    (WIDE, PROJECTOR, QSize(1920, 1080)),
    (BEAMER, PROJECTOR, QSize(1440, 1080)),  # pillarboxed, not stretched
    (BEAMER, QSize(920, 517), QSize(689, 517)),
])
def test_a_page_is_fitted_to_the_area_at_its_own_proportions(pages, tmp_path, size, area, fitted):
    pdf = draw_pdf(tmp_path / "talk.pdf", 1, size)
    assert pages.fitted(pdf, 0, area) == fitted


def test_an_image_asked_for_arrives_at_exactly_its_size_and_is_kept(pages, wide_pdf, qtbot):
    with qtbot.waitSignal(pages.page_ready, timeout=5000) as ready:
        assert pages.image(wide_pdf, 2, PROJECTOR) is None
    image = pages.image(wide_pdf, 2, PROJECTOR)
    assert ready.args == [2] and image.size() == PROJECTOR and image.hasAlphaChannel() is False
    paper = page_colour(2)
    assert _near(_colour(image, 5, 5), QColor.fromRgbF(paper.red, paper.green, paper.blue))


def test_waiting_renders_the_page_now(pages, wide_pdf):
    image = pages.image(wide_pdf, 1, QSize(640, 360), wait=True)
    assert image.size() == QSize(640, 360) and pages.cached == 1


def test_the_next_pages_are_rendered_ahead(pages, wide_pdf, qtbot):
    pages.render_ahead(wide_pdf, [3, 4, 5], PROJECTOR)
    qtbot.waitUntil(lambda: pages.cached == 3, timeout=5000)
    assert all(pages.image(wide_pdf, page, PROJECTOR) is not None for page in (3, 4, 5))


def test_the_cache_keeps_a_bounded_number_of_pages_per_size_and_of_sizes(qapp, wide_pdf):
    pages = PageImages(per_size=2, sizes_kept=2)
    for width in (320, 640, 960):
        for page in range(4):
            pages.image(wide_pdf, page, QSize(width, width * 9 // 16), wait=True)
    assert pages.cached == 4 and pages.cached_bytes == 2 * 4 * (640 * 360 + 960 * 540)
    assert pages.image(wide_pdf, 3, QSize(960, 540)) is not None  # the latest are kept
    assert pages.image(wide_pdf, 0, QSize(960, 540)) is None


def test_a_page_file_exported_again_is_drawn_anew(pages, tmp_path):
    pdf = draw_pdf(tmp_path / "talk.pdf", 2, WIDE)
    before = pages.image(pdf, 0, QSize(320, 180), wait=True)
    draw_pdf(pdf, 3, BEAMER)
    os.utime(pdf, ns=(pdf.stat().st_mtime_ns + 10**9,) * 2)
    after = pages.image(pdf, 0, pages.fitted(pdf, 0, QSize(320, 180)), wait=True)
    assert before.size() == QSize(320, 180) and after.size() == QSize(240, 180)
    assert pages.cached == 1  # the old pages are forgotten


def test_a_missing_or_broken_page_file_draws_nothing_and_raises_nothing(pages, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    for path in (broken, tmp_path / "gone.pdf"):
        assert pages.image(path, 0, PROJECTOR, wait=True) is None
        assert pages.page_size(path, 0) is None


def _deck(pages_per_slide) -> Deck:
    slides = tuple(Slide(index=i, line=1, body="", notes="", title="", minutes=None, exercise_id=None,
                         layout=Layout.DEFAULT, pages=pages)
                   for i, pages in enumerate(pages_per_slide))
    return Deck(path=Path("talk.pdf"), title="Talk", duration=10, slides=slides, page_file=Path("talk.pdf"))


@pytest.mark.parametrize("slide, step, around", [
    (0, 0, [1, 2, 3]),  # the three next, nothing before the first
    (1, 0, [2, 3, 4, 0]),  # the pages of a slide of overlays in turn, then the one before
    (1, 1, [3, 4, 5, 1]),
    (2, 0, [4, 5, 6, 3]),  # an exercise inserted between pages: the pages after it
    (5, 0, [7, 5]),  # the end of the deck
])
def test_the_pages_rendered_ahead_are_those_next_turns_to(slide, step, around):
    deck = _deck([(0,), (1, 2, 3), (), (4,), (5,), (6,), (7,)])
    assert pages_around(deck, slide, step) == around


def test_check_names_the_pages_that_cannot_be_drawn(qapp, wide_pdf, tmp_path):
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(wide_pdf.read_bytes()[:200])
    assert undrawable_pages(wide_pdf) == []
    assert undrawable_pages(truncated) is None


def test_the_page_a_view_shows_is_rendered_before_the_pages_ahead(pages, wide_pdf, qtbot):
    arrived = []
    pages.page_ready.connect(arrived.append)
    pages.render_ahead(wide_pdf, [1, 2, 3, 4], PROJECTOR)
    assert pages.image(wide_pdf, 6, PROJECTOR) is None
    qtbot.waitUntil(lambda: len(arrived) == 5, timeout=5000)
    assert arrived == [6, 1, 2, 3, 4]


def test_pages_turned_past_are_no_longer_rendered_ahead(pages, wide_pdf, qtbot):
    arrived = []
    pages.page_ready.connect(arrived.append)
    pages.render_ahead(wide_pdf, [1, 2, 3], PROJECTOR)
    pages.render_ahead(wide_pdf, [5, 6, 7], PROJECTOR)  # the trainer moved on meanwhile
    pages.render_ahead(wide_pdf, [0], QSize(640, 360))  # after them: pages 1 to 3 would come first
    qtbot.waitUntil(lambda: 0 in arrived, timeout=5000)
    assert arrived == [5, 6, 7, 0]


def test_check_finds_nothing_to_say_of_pages_that_draw(qapp, tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 3, labels=["1", "2", "2"])
    assert page_problems(load_workshop(talk)) == []


def test_check_names_the_slide_of_a_page_that_cannot_be_drawn(qapp, tmp_path, monkeypatch):
    talk = make_pdf(tmp_path / "talk.pdf", 4, labels=["1", "2", "2", "3"])
    workshop = load_workshop(talk)
    monkeypatch.setattr(pdf_pages, "undrawable_pages", lambda path: [2])  # a third page QtPdf fails on
    assert [str(p) for p in page_problems(workshop)] == [f"{talk}: slide 2: page 3 cannot be drawn"]


def test_check_says_when_the_pages_cannot_be_opened_to_draw(qapp, tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 2)
    workshop = load_workshop(talk)
    talk.write_bytes(talk.read_bytes()[:200])  # truncated since it was read
    assert [p.message for p in page_problems(workshop)] == ["the pages of talk.pdf cannot be opened to draw them"]


def test_the_projectors_page_is_rendered_before_the_presenters_smaller_ones(pages, wide_pdf, qtbot):
    arrived = []
    pages.page_ready.connect(lambda page: arrived.append(page))
    pages.image(wide_pdf, 1, QSize(640, 360))  # asked first, while nothing renders...
    pages.image(wide_pdf, 2, QSize(320, 180))
    pages.image(wide_pdf, 3, PROJECTOR)  # ...so rendered first; then the largest next
    qtbot.waitUntil(lambda: len(arrived) == 3, timeout=5000)
    assert arrived == [1, 3, 2]
