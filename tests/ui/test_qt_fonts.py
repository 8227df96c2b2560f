"""The shipped fonts in Qt: the app shows what the documents print, with no box."""

import pytest
from PySide6.QtGui import QFont, QTextLayout

from facilitator.ui.qt_fonts import register_shipped_fonts


def test_the_shipped_fonts_reach_qt(qapp):
    families = register_shipped_fonts()
    assert {"Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "WenQuanYi Micro Hei", "Noto Emoji",
            "Noto Sans Math", "Noto Sans Symbols", "Noto Sans Symbols2"} <= set(families)


@pytest.mark.parametrize("text", ["Zoë 🚀", "👍🏽 👩‍💻", "𝕏 𝓐𝓷𝓷𝓪", "★ ✓ → ➜ ⌘"])
def test_qt_draws_emoji_and_symbols_with_no_box(qapp, text):
    register_shipped_fonts()
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs and all(0 not in run.glyphIndexes() for run in runs)  # glyph 0: the box
