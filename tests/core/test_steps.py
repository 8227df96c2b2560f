"""Next and previous through an imported slide's pages (a Beamer frame's overlays)
before the deck moves on, from any front end alike."""

from pathlib import Path

import pytest

from facilitator.core import operations
from facilitator.core.events import SlideChanged, StepShown
from facilitator.core.workshop import load_workshop
from tests.paged import with_pages


@pytest.fixture
def workshop(workshop_dir):
    """The test workshop, its slide 1 showing three pages and slide 2 two."""
    return with_pages(load_workshop(workshop_dir / "slides" / "test.md"), Path("talk.pdf"),
                      {1: (0, 1, 2), 2: (3, 4)})


def _where(session):
    return session.current_slide, session.screen.step


def test_next_shows_each_page_of_a_slide_before_the_next_slide(session):
    shown = []
    for _ in range(7):
        operations.next_slide(session)
        shown.append(_where(session))
    assert shown == [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (3, 0), (4, 0)]


def test_previous_arrives_at_the_last_page_of_the_slide_before(session):
    operations.go_to_slide(session, 3)
    shown = []
    for _ in range(7):
        operations.previous_slide(session)
        shown.append(_where(session))
    assert shown == [(2, 1), (2, 0), (1, 2), (1, 1), (1, 0), (0, 0), (0, 0)]


def test_a_page_turned_is_one_event_a_slide_changed_another(session, events):
    operations.go_to_slide(session, 1)
    events.clear()
    operations.next_slide(session)
    operations.previous_slide(session)
    assert [type(e) for e in events] == [StepShown, StepShown]
    assert (events[0].step, events[0].steps) == (1, 3)
    operations.previous_slide(session)
    assert type(events[-1]) is SlideChanged and _where(session) == (0, 0)


def test_the_results_pages_turn_before_the_slides_pages(session):
    operations.go_to_slide(session, 1)
    operations.lay_out_results(session, 1, 2)
    operations.next_slide(session)
    assert (session.screen.result_page, session.screen.step) == (1, 0)
    operations.next_slide(session)
    assert (session.screen.result_page, session.screen.step) == (1, 1)


def test_go_to_a_slide_shows_its_first_page(session):
    operations.go_to_slide(session, 1)
    operations.next_slide(session)
    operations.go_to_slide(session, 2)
    assert _where(session) == (2, 0)


def test_a_reload_that_took_pages_out_keeps_the_page_shown_within_them(session, workshop):
    operations.go_to_slide(session, 1)
    operations.next_slide(session)
    operations.next_slide(session)
    session.reload(with_pages(workshop, Path("talk.pdf"), {1: (0,)}))
    assert _where(session) == (1, 0)
