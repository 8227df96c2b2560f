"""Text a person typed, checked once for every layer before it is stored: names, ideas,
questions, words, the organizer's names, request ids.

Every refusal is an InvalidInput whose message names the field in words ("your name is
empty") and whose `field` is the key the text came under, so a phone can show the
message beside the box it was typed in.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InvalidInput
from .glyphs import unprintable_characters
from .translation import Message, plural_message

_WHITESPACE = re.compile(r"\s+")
# Bidi embedding/override/isolate controls let a name display as something else
# ("spoofing"); nothing legitimate in a name or an idea needs them.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)
# Letters and symbols that draw nothing: the fillers of Hangul and the blank braille
# pattern, long used to post "empty" names where empty ones are refused.
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Lone surrogates (Python's json takes them; SQLite cannot store them) and noncharacters.
_NOT_CHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
_MISSING_SHOWN = 3  # characters named in one refusal: enough to find them, not a wall
# What a code point without a Unicode name is, by its category.
_UNNAMED = {"Co": Message("a private-use character"), "Cs": Message("half of a surrogate pair")}


def clean_text(
    value: object, *, what: str, max_length: int, field: str | None = None,
    printed: bool = True,
) -> str:
    """Return `value` as one tidy line of text, or raise InvalidInput saying why not.

    `what` names the text in words (a Message, to be said in a phone's language), `field`
    is the key it came under (it goes on the error). The text must be well-formed
    Unicode (no lone surrogate, no noncharacter) and have a visible character. Control characters go, runs of white space fold to one
    space, the text is NFC normalised (so the same name typed on two phones compares
    equal). Joiners such as ZWJ/ZWNJ stay: some scripts and emoji need them. Text that
    is `printed` (on a certificate, in the handout) must have only characters a shipped
    font draws: refused now, while its author can still change it, not at printing time.
    """
    if not isinstance(value, str):
        raise InvalidInput(Message("{what} must be text", what=what), field=field)
    if bad := first_non_character(value):
        raise InvalidInput(Message(
            "{what} holds {character}, which is not a character: type it again", what=what, character=describe(bad),
        ), field=field)
    text = unicodedata.normalize("NFC", value).translate(_BIDI_CONTROLS)
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch for ch in text
    )
    text = _WHITESPACE.sub(" ", text).strip()
    if not text:
        raise InvalidInput(Message("{what} is empty", what=what), field=field)
    if not any(is_visible(ch) for ch in text):
        raise InvalidInput(Message("{what} is empty: it has only invisible characters", what=what), field=field)
    if len(text) > max_length:
        raise InvalidInput(Message("{what} is longer than {count} characters", what=what, count=max_length), field=field)
    if printed and (missing := unprintable_characters(text)):
        raise InvalidInput(Message(
            "{what} has {characters}, which cannot be printed (no font here has it):"
            " leave it out or write it another way", what=what, characters=_named(missing),
        ), field=field)
    return text


def _named(characters: list[str]) -> str:
    """The first few characters, described, as a sentence lists them ("a, b and c"),
    with how many more there are."""
    shown = _listed([describe(ch) for ch in characters[:_MISSING_SHOWN]])
    if (more := len(characters) - _MISSING_SHOWN) > 0:
        return plural_message("{characters} (and {count} more)", "{characters} (and {count} more)", more,
                              characters=shown)
    return shown


def _listed(items: list[str]) -> str:
    """Items as a sentence lists them, in the reader's language: "a, b and c" (a Message
    for two or more, so that each language joins them its way)."""
    *earlier, last = items
    return Message("{items} and {item}", items=joined(earlier), item=last) if earlier else last


def joined(items: list[str]) -> str:
    """Items one after the other, in the reader's language: "a, b, c" ("a、b、c")."""
    head, *rest = items
    for item in rest:
        head = Message("{items}, {item}", items=head, item=item)
    return head


def first_non_character(text: str) -> str | None:
    """The first lone surrogate or noncharacter in `text` (no file or database holds a
    lone surrogate), or None."""
    found = _NOT_CHARACTERS.search(text)
    return found.group() if found else None


def without_non_characters(text: str) -> str:
    """`text` with each lone surrogate and noncharacter as U+FFFD, the replacement
    character: for text read from a file, not typed, that must still be shown."""
    return _NOT_CHARACTERS.sub("\ufffd", text)


def is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+10FFFF):
    reserved never to be characters, so no one types them."""
    point = ord(ch)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def is_visible(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol that draws something. Spaces, format
    characters (U+200B, U+FEFF), combining marks alone and unassigned code points do not."""
    return unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANKS


def describe(ch: str) -> str:
    """A character as a person can look it up: `क (U+0915 DEVANAGARI LETTER KA)`."""
    point = ord(ch)
    name = unicodedata.name(ch, "")
    if not name:
        if is_noncharacter(ch):
            unnamed = Message("a noncharacter")
        else:
            unnamed = _UNNAMED.get(unicodedata.category(ch), Message("an unassigned code point"))
        return Message("U+{code} ({name})", code=f"{point:04X}", name=unnamed)
    # Unicode's own name, in English in every language: the name a person can look up.
    return f"{ch} (U+{point:04X} {name})"


def fold(text: str) -> str:
    """The key under which two spellings of a word count as the same word."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
