"""The presenter's logic for a slide of several pages (a Beamer frame's overlays): the
page shown, the next one previewed, pacing counting the slide once."""

from pathlib import Path

import pytest

from facilitator.core import operations
from facilitator.core.workshop import load_workshop
from facilitator.ui.presenter import PresenterWindow
from tests.paged import with_pages

# The fake windows and the controller over them, as the other controller tests have them.
from .test_controller import JOIN_URL, audience, controller, presenter  # noqa: F401


@pytest.fixture
def workshop(workshop_dir):
    """The test workshop, its slide 1 showing three pages and slide 2 one."""
    return with_pages(load_workshop(workshop_dir / "slides" / "test.md"), Path("talk.pdf"),
                      {1: (0, 1, 2), 2: (3,)})


@pytest.mark.parametrize("turns, shown, following", [
    (1, (1, 0), (1, 1)),  # the next page of the same slide comes next
    (3, (1, 2), (2, 0)),  # from its last page, the next slide
])
def test_the_projector_shows_the_page_and_the_presenter_previews_the_next(
        controller, presenter, audience, session, turns, shown, following):
    for _ in range(turns):
        operations.next_slide(session)
    controller.show_slide(session.current_slide)
    current, upcoming, _, _ = presenter.last("show_slides")
    assert (current.slide.index, current.step) == shown
    assert (upcoming.slide.index, upcoming.step) == following
    assert (audience.scenes[-1].slide.index, audience.scenes[-1].step) == shown


def test_pacing_counts_a_slide_of_several_pages_once(controller, presenter, session, clock):
    operations.next_slide(session)
    clock.advance(50)
    operations.next_slide(session)
    clock.advance(40)
    controller.refresh_pacing()
    assert session.slide_elapsed() == 90
    assert presenter.last("show_pacing")[0].slide_actual == 90


def test_the_presenter_names_the_page_shown_and_the_one_next(qtbot, controller, session):
    window = PresenterWindow("Test workshop", JOIN_URL, JOIN_URL + "/remote")
    qtbot.addWidget(window)
    controller.presenter = window
    operations.next_slide(session)
    controller.show_slide(session.current_slide)
    assert window.position.text().endswith("(page 1 of 3)")
    assert window.following_title.text() == "Next: page 2 of 3 of this slide"
    operations.next_slide(session)
    operations.next_slide(session)
    controller.show_slide(session.current_slide)
    assert window.following_title.text().startswith("Next: slide 3 — ")
