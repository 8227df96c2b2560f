"""Colours and sizes of the audience window, shared by the slide renderer and the charts."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.core import palette


@dataclass(frozen=True)
class Theme:
    """Colours (from the app's palette) and sizes (in canvas units)."""

    background: str = palette.BACKGROUND
    text: str = palette.TEXT
    muted: str = palette.MUTED
    accent: str = palette.ACCENT
    on_accent: str = palette.ON_ACCENT
    panel: str = palette.PANEL
    card: str = palette.CARD
    card_border: str = palette.RULE
    track: str = palette.TRACK
    correct: str = palette.CORRECT
    wrong: str = palette.WRONG
    urgent: str = palette.URGENT
    cloud: tuple[str, ...] = palette.CLOUD
    # Sizes are canvas units, of a canvas 1080 tall: px / 1080 is the share of the screen
    # height, the same at 1920 x 1080 and 1280 x 720 (the canvas scales with the slide).
    # Text is read from the back of a room: a text is laid out to fit by wrapping first,
    # then shrinking, never below `min_size`, then paging (what still does not fit is
    # recorded as an elision and is the deck's problem).
    title_size: int = 110  # 10 %
    heading_size: int = 80  # 7.4 %: above the largest body text
    body_largest: int = 72  # 6.7 %: a short bullet slide's body fills its slide
    body_size: int = 48  # 4.4 %: body text with less room, options, chart labels
    label_size: int = 36  # 3.3 %: what goes beside text (captions, "Code", the join bar)
    min_size: int = 33  # 3.06 %: the floor, for any text the room reads (at least 3 %)
    countdown_size: int = 60  # 5.6 %: the seconds left, read at a glance
    cloud_largest: int = 120
    cloud_smallest: int = 32
    margin: int = 96


THEME = Theme()
