"""The windows' words in the trainer's language: one Translator for every window, chosen
once by the app (facilitator.app) before it builds the first window.

`_("Slide {n} of {count}", n=3, count=12)` and `ngettext("{count} answer", "{count} answers",
n)` are gettext's own keywords, so `pybabel extract` finds the windows' messages as it is.
"""

from __future__ import annotations

from typing import Any

from facilitator.core.translation import SOURCE_LOCALE, Translator, translator

_spoken: list[Translator] = [translator(SOURCE_LOCALE)]


def speak(words: Translator) -> None:
    """Every window built from now on speaks `words`."""
    _spoken[0] = words


def words() -> Translator:
    return _spoken[0]


def _(message: str, **values: Any) -> str:
    return words().text(message, **values)


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    return words().plural_text(singular, plural, count, **values)


def say(message: str) -> str:
    """A core error's words in the window's language (any other text as it is)."""
    return words().say(message)


def isolated(text: str) -> str:
    """Text of its own direction inside a right-to-left sentence (a deck's title, an
    address) kept whole: in an Arabic label, "Are we ready?" keeps its question mark at
    its end. Left to right, the text as it is."""
    if words().direction != "rtl":
        return text
    return f"\u2068{text}\u2069"  # first strong isolate … pop directional isolate


def refusal(error: Exception) -> str:
    """Why core refused an action, in the window's language: `str(error)` would keep only
    the English of the Message the error was raised with."""
    return words().refusal(error)
