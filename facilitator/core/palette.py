"""The app's colours, one palette for the projector and the handout.

Plain hex strings, so that both the Qt screens (ui/theme.py) and the ReportLab handout
(documents/handout.py) read them without either importing the other's toolkit.
"""

from __future__ import annotations

BACKGROUND = "#FAFAF7"  # near white
TEXT = "#1D2330"
MUTED = "#5B6372"
ACCENT = "#1F5C99"  # the one accent: headings' rule, bars, section slides
ON_ACCENT = "#FFFFFF"
PANEL = "#EAF0F7"
CARD = "#FFFFFF"
RULE = "#D9DFE8"  # cards' borders on screen, table rules on paper
TRACK = "#E2E6EC"
CORRECT = "#2E7D4F"
WRONG = "#B4BAC4"
URGENT = "#C62828"  # a countdown's last seconds
CLOUD = ("#1F5C99", "#1B7F79", "#B5532A", "#3A4150", "#6A4C93")  # the word cloud's inks

# A scale's answers from its lowest point to its highest: a warm disagree, a grey middle,
# the accent for agree (a Likert chart's segments, on screen and on paper alike).
DISAGREE = "#B5532A"
NEUTRAL = "#C9CED6"
AGREE = ACCENT


def scale_colours(points: int) -> tuple[str, ...]:
    """One colour for each point of a scale of `points` points, from DISAGREE through
    NEUTRAL (the middle) to AGREE, evenly blended."""
    if points <= 1:
        return (NEUTRAL,) * max(points, 0)
    colours = []
    for point in range(points):
        position = 2 * point / (points - 1) - 1  # -1 at the lowest, 0 in the middle, 1 at the top
        end = DISAGREE if position < 0 else AGREE
        colours.append(_blend(NEUTRAL, end, abs(position)))
    return tuple(colours)


def _blend(start: str, end: str, share: float) -> str:
    """The colour `share` of the way from `start` to `end` (0 to 1)."""
    a = [int(start[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(end[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))
