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
