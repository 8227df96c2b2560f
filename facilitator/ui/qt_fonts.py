"""The fonts shipped for the documents, made available to Qt as well, so a name or an
idea in Chinese, Arabic or Hebrew, with emoji, symbols (★ ✓ →) or mathematical letters
(𝕏), shows on the projector on a laptop with no such system font, just as it prints.

A laptop's own colour emoji font, where it has one, still wins on screen (Qt prefers
the system's emoji font); the monochrome Noto Emoji draws them where there is none."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from facilitator.core.paths import FONTS_DIR


def register_shipped_fonts() -> list[str]:
    """Register every shipped font file with Qt (once per process is enough); returns
    the families now available. Qt falls back to them for characters the interface
    font lacks."""
    families: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.tt[fc]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))
