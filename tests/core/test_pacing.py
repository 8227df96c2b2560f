import pytest

from facilitator.core.pacing import Pace, clock_text, pacing


@pytest.mark.parametrize(
    "slide, elapsed, slide_elapsed, behind, pace",
    [
        (0, 30, 30, 0, Pace.ON_TIME),  # the test deck plans one minute per slide
        (0, 100, 100, 40, Pace.ON_TIME),  # 40 s past its end
        (0, 190, 190, 130, Pace.VERY_LATE),
        (3, 200, 20, 0, Pace.ON_TIME),  # slide 3 is due at 180 s and began then
        (3, 250, 10, 60, Pace.ON_TIME),  # began 60 s late
        (3, 280, 10, 90, Pace.LATE),
        (5, 100, 10, -210, Pace.AHEAD),  # due at 300 s, began at 90 s
    ],
)
def test_behind_the_plan(workshop, slide, elapsed, slide_elapsed, behind, pace):
    result = pacing(workshop.deck, slide, elapsed, {}, slide_elapsed)
    assert result.behind == behind and result.pace is pace


def test_pacing_reports_the_clocks(workshop):
    result = pacing(workshop.deck, 2, 150.0, {2: 45.0}, 30.0)
    assert result.elapsed == 150.0
    assert result.remaining == workshop.deck.duration * 60 - 150
    assert (result.slide_planned, result.slide_actual) == (60.0, 45.0)


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (187, "3:07"), (3780, "63:00"), (-90, "-1:30")])
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text
