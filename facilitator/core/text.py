"""Cleaning text typed by attendees before it is stored: names, ideas, words."""

from __future__ import annotations

import re
import unicodedata

from .errors import InvalidInput

_WHITESPACE = re.compile(r"\s+")
# Bidi embedding/override/isolate controls let a name display as something else
# ("spoofing"); nothing legitimate in a name or an idea needs them.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


def clean_text(value: object, *, what: str, max_length: int) -> str:
    """Return `value` as one tidy line of text, or raise InvalidInput saying why not.

    Control characters go, runs of white space fold to one space, the text is NFC
    normalised (so the same name typed on two phones compares equal). Joiners such as
    ZWJ/ZWNJ stay: some scripts and emoji need them.
    """
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text")
    text = unicodedata.normalize("NFC", value).translate(_BIDI_CONTROLS)
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch for ch in text
    )
    text = _WHITESPACE.sub(" ", text).strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    if len(text) > max_length:
        raise InvalidInput(f"{what} is longer than {max_length} characters")
    return text


def fold(text: str) -> str:
    """The key under which two spellings of a word count as the same word."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
