"""A hostile corpus: what a careless or malicious phone may put in any field of any request.

Each value is the JSON text to splice into a body in a field's place, as bytes, so that
it can be what no JSON encoder would write: literals Python reads (NaN, -0, 10**400),
JSON that nests deeper than Python's parser can recurse, bytes that are not UTF-8.
`text_values()` gives the same corpus as Python strings, for paths and cookies.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from facilitator.live.limits import Limits

# Nesting is made as deep as a body of the server's size limit can hold.
BODY_LIMIT = Limits().body_bytes


@dataclass(frozen=True)
class Hostile:
    label: str
    json: bytes
    # The value as the server would decode it, when it is text (for paths and cookies).
    text: str | None = None


def _value(label: str, value: object) -> Hostile:
    if isinstance(value, str):
        try:
            # As a phone sends text: UTF-8, not \u escapes...
            encoded = json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            # ...except what UTF-8 cannot hold (lone surrogates): then JSON escapes.
            encoded = json.dumps(value).encode("ascii")
        return Hostile(label, encoded, value)
    return Hostile(label, json.dumps(value).encode("ascii"))


def _raw(label: str, text: bytes) -> Hostile:
    return Hostile(label, text)


# One sample of every Unicode general category, chosen beyond ASCII where one exists.
CATEGORY_SAMPLES = {
    "Lu": "\u0416", "Ll": "\u00df", "Lt": "\u01c5", "Lm": "\u02b0", "Lo": "\u4e2d",
    "Mn": "\u0301", "Mc": "\u0903", "Me": "\u20dd",
    "Nd": "\u0663", "Nl": "\u216b", "No": "\u00bd",
    "Pc": "\u203f", "Pd": "\u2014", "Ps": "\u300c", "Pe": "\u300d", "Pi": "\u00ab", "Pf": "\u00bb",
    "Po": "\u00bf",
    "Sm": "\u2211", "Sc": "\u20ac", "Sk": "\u02da", "So": "\u2603",
    "Zs": "\u3000", "Zl": "\u2028", "Zp": "\u2029",
    "Cc": "\u0007", "Cf": "\u00ad", "Cs": "\ud800", "Co": "\ue000", "Cn": "\u0378",
}
ALL_CATEGORIES = frozenset(
    "Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Cs Co Cn".split()
)

MARKUP = [
    "<script>alert(1)</script>", "</para>", "<para>x", "&amp;", "&lt;b&gt;", "&#0;",
    "<img src=x onerror=alert(1)>", "<b>bold</b><i>", '<font name="x" size=900>x</font>',
    "<a href='javascript:alert(1)'>tap</a>", "]]>", "{{7*7}}${7*7}", "%s%n%x",
    "'; DROP TABLE attendees; --", '"\\', "<br/>",
]
FORMULAS = ['=HYPERLINK("http://evil.example","Ana")', "+1+1", "-2", "@SUM(A1)", "=1", "\uff1d1"]
BIDI = ["\u202eevil\u202c", "\u2066Ana\u2069", "\u200fAna", "\u061c\u0645\u062d\u0645\u062f"]
# Text that shows nothing: each of these alone is not a name or an idea.
INVISIBLE = [
    "\u200b", "\ufeff", "\u2060", "\u200b\ufeff\u2060\u200d", "\u00ad", "\u034f", "\u180e",
    "\u3164", "\u115f\u1160", "\uffa0", "\u2800", "\u3000\u2028\u2029", " \t\n\r\x0b\x0c",
    "\u0000", "\x7f\x85",
]
NONCHARACTERS = ["\ufffe", "\uffff", "\U0010ffff", "\ufdd0", "\U0001fffe", "Ana\uffff"]
SURROGATES = ["\ud800", "\udfff", "Ana\ud83d", "\udc00Bo", "\ud83d\ud83d"]
EMOJI_AND_SYMBOLS = [
    "\U0001f469\U0001f3fd\u200d\U0001f4bb", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308", "\U0001f44d\U0001f3ff", "\U0001f1f5\U0001f1f1", "1\ufe0f\u20e3",
    "\U0001d54f\U0001d538\U0001d4c3", "\U0001d7d8", "\u2665\u2713\u2192", "\u00e9\u0301\u0301\u0301",
]
SCRIPTS = [
    "\u674e\u5c0f\u9f8d", "\u0928\u092e\u0938\u094d\u0924\u0947", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
    "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f", "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd",
    "\u1230\u120b\u121d", "\U00010330\U00010331", "\ua000",
]
EMPTY = ["", " ", "\t\n"]
HUGE = {
    "80 characters": "x" * 80, "81 characters": "x" * 81, "281 characters": "x" * 281,
    "3,000 two-byte characters": "\u00e9" * 3000, "10 KB": "x" * 10_000, "100 KB": "y" * 100_000,
    "zalgo": "Z" + "\u0336\u0337\u0338" * 300,
}


def _nested(opening: bytes, closing: bytes, *, closed: bool) -> bytes:
    """The deepest nesting of `opening` that keeps a body under the limit."""
    room = BODY_LIMIT - 100
    depth = room // (len(opening) + (len(closing) if closed else 0))
    return opening * depth + (closing * depth if closed else b"")


def _build() -> list[Hostile]:
    corpus = [_value(f"category {cat}", ch) for cat, ch in CATEGORY_SAMPLES.items()]
    # Letters, digits, punctuation and symbols inside a name are a name; the others are not.
    corpus += [
        _value(f"in a name, category {cat}", f"Ana{ch}Bo") for cat, ch in CATEGORY_SAMPLES.items() if cat[0] in "CMZ"
    ]
    for group, values in (
        ("markup", MARKUP), ("formula", FORMULAS), ("bidi", BIDI), ("invisible", INVISIBLE), ("noncharacter", NONCHARACTERS),
        ("surrogate", SURROGATES), ("emoji or symbol", EMOJI_AND_SYMBOLS), ("script", SCRIPTS), ("empty", EMPTY),
    ):
        corpus += [_value(f"{group} {value!r}", value) for value in values]
    corpus += [_value(f"huge: {label}", value) for label, value in HUGE.items()]
    corpus += [
        _value(f"type {value!r}", value)
        for value in (None, True, False, 0, 1, -1, 1.5, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -2**63,
                      10**400, -10**400, [], {}, [None], [[0]], {"a": 1}, "1", "\uff11", list(range(100)))
    ]
    corpus += [
        _raw("-0", b"-0"), _raw("-0.0", b"-0.0"), _raw("NaN", b"NaN"), _raw("Infinity", b"Infinity"),
        _raw("-Infinity", b"-Infinity"), _raw("1e400 (a float that overflows)", b"1e400"),
        _raw("1e-400", b"1e-400"), _raw("4,000 digits", b"7" * 4000), _raw("1.0", b"1.0"),
        _raw("4,000 digits of a float", b"0." + b"1" * 4000),
        _raw("an exponent of 10**9", b"1e1000000000"),
        _raw("raw surrogate bytes", b'"\xed\xa0\x80"'), _raw("overlong UTF-8", b'"\xc0\xaf"'),
        _raw("invalid UTF-8", b'"\xff\xfe"'), _raw("a NUL byte in a string", b'"a\x00b"'),
        _raw("a raw newline in a string", b'"a\nb"'), _raw("an escaped NUL", b'"a\\u0000b"'),
        _raw("a broken escape", b'"\\ud800\\"'), _raw("an unknown escape", b'"\\q"'),
        _raw("a string left open", b'"abc'), _raw("nothing", b""), _raw("a bare word", b"undefined"),
        _raw("a trailing comma", b"[1,]"), _raw("a comment", b"/* */ 1"),
        _raw("a list nested to the limit", _nested(b"[", b"]", closed=True)),
        _raw("a list left open to the limit", _nested(b"[", b"]", closed=False)),
        _raw("an object left open to the limit", _nested(b'{"":', b"}", closed=False)),
        _raw("objects in lists, closed", _nested(b'[{"":', b"}]", closed=True)),
        _raw("objects in lists, left open", _nested(b'[{"a":', b"}]", closed=False)),
    ]
    return corpus


CORPUS = _build()

# Bodies that are hostile as a whole, whatever the route: sent in place of the body.
BODIES = [
    Hostile("nothing", b""), Hostile("null", b"null"), Hostile("a list", b"[]"), Hostile("text", b'"x"'),
    Hostile("a number", b"1"), Hostile("NaN", b"NaN"), Hostile("a BOM and an object", b"\xef\xbb\xbf{}"),
    Hostile("UTF-16", '{"name": "Ana"}'.encode("utf-16")), Hostile("invalid UTF-8", b"{\xff}"),
    Hostile("two objects", b"{}{}"), Hostile("an object left open", b"{"),
    Hostile("a list nested to the limit", _nested(b"[", b"]", closed=True)),
    Hostile("a list left open to the limit", _nested(b"[", b"]", closed=False)),
    Hostile("an object left open to the limit", _nested(b'{"":', b"}", closed=False)),
    Hostile("objects nested to the limit", _nested(b'{"a":', b"}", closed=True)),
    Hostile("unknown keys", b'{"__proto__": {"admin": true}, "constructor": 1, "": null, "\\ud800": 0}'),
    Hostile("400 keys", b"{" + b",".join(b'"k%d":0' % n for n in range(400)) + b"}"),
    Hostile("one byte over the limit", b'{"x": "' + b"x" * (BODY_LIMIT - 8) + b'"}'),
    Hostile("a megabyte", b'{"x": "' + b"x" * 1_000_000 + b'"}'),
    Hostile("a list 10,000 deep", b"[" * 10_000 + b"]" * 10_000),
]


def text_values() -> list[Hostile]:
    """The corpus values that decode to text."""
    return [h for h in CORPUS if h.text is not None]


# What a person can see: a letter, mark, digit, punctuation or symbol that is not a
# filler drawn as blank space (the Hangul fillers and the blank Braille pattern).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


# Embeddings, overrides and isolates make text display as something else.
_BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def is_fit_to_show(text: str) -> bool:
    """What the server may keep of a person's text: well-formed, something visible, no
    control character and no bidi control."""
    return _is_well_formed(text) and _is_visible(text) and not any(
        ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc" for ch in text
    )


def _is_visible(text: str) -> bool:
    return any(
        unicodedata.category(ch)[0] in "LMNPS" and ch not in _BLANK_GLYPHS for ch in text
    )


def _is_well_formed(text: str) -> bool:
    """Encodable as UTF-8 (no lone surrogates), with no noncharacter."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(_is_noncharacter(ord(ch)) for ch in text)


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
