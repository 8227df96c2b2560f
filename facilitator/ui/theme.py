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
    title_size: int = 110
    heading_size: int = 72
    body_size: int = 44
    min_size: int = 33  # the floor for text the room reads: 3 % of the 1080-unit canvas's height
    label_size: int = 36
    countdown_size: int = 60
    cloud_largest: int = 120
    cloud_smallest: int = 32
    margin: int = 96


THEME = Theme()
