import pytest

from facilitator.core import palette


@pytest.mark.parametrize("points", [2, 3, 5, 7, 11])
def test_a_scale_runs_from_disagree_to_agree_through_the_middle(points):
    colours = palette.scale_colours(points)
    assert len(colours) == points
    assert (colours[0], colours[-1]) == (palette.DISAGREE, palette.AGREE)
    if points % 2:
        assert colours[points // 2] == palette.NEUTRAL
    assert len(set(colours)) == points


def test_a_one_point_scale_is_neutral():
    assert palette.scale_colours(1) == (palette.NEUTRAL,)
