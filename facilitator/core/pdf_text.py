"""The largest text on a PDF page (a slide's title, as a rule), read from its content stream.

pypdf's text extraction lays out every line of a page and took 35 ms a page, most of
a 60-page deck's opening; pypdf's own content stream parser takes 10 ms. A title needs
neither: this walks the page's operators with one regular expression, keeps only the
text state that sets how large type is drawn (the font and its size, the text matrix
and the current transformation matrix) and decodes with the font's encoding only the
strings shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# The fonts' encodings and ToUnicode maps, as pypdf reads them for its own extraction
# (a private module, but the one place pypdf decodes fonts; in it since pypdf 3).
from pypdf._cmap import get_encoding
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_SPACE = rb"[\x00\t\n\x0c\r ]"
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
# Paths, their painting and colours are most of a page's operators and none sets how
# text is drawn: a run of them, numbers and all, is one match, skipped. Each takes at
# most 6 numbers: bounded, a long run of numbers before another operator is not
# scanned again from each of them.
_DRAWING = rb"(?:re|rg|RG|f\*|B\*|b\*|W\*|[mlcvyhfFSsBbnWgGkKwJjMid])"
_TOKEN = re.compile(
    _SPACE + rb"*(?:"
    rb"(?P<drawing>(?:(?:" + _NUMBER + _SPACE + rb"+){0,6}" + _DRAWING + rb"(?=[" + _DELIMITERS + rb"]|\Z)"
    + _SPACE + rb"*)+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<literal>\((?:[^\\()]|\\.)*\))"
    rb"|(?P<nested>\()"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<open>\[)|(?P<close>\])"
    rb"|(?P<name>/[^" + _DELIMITERS + rb"]*)"
    rb"|(?P<word>[^" + _DELIMITERS + rb"]+)"
    rb"|(?P<other>.)"
    rb"|(?P<end>\Z))",
    re.S,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"\r\n": b"", b"\n": b"", b"\r": b""}
_END_OF_INLINE_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r /]|$)")
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Forms drawn within forms deeper than this are a loop or a trap, not a slide.
_MAX_FORM_DEPTH = 8
# A TJ gap wider than this share of the font's space is a space between words
# (pypdf's own rule: a kern is narrower).
_WORD_GAP = 0.95 / 2
_DEFAULT_SPACE = 250  # thousandths of the type size, when a font gives no width for it


@dataclass(frozen=True)
class _Font:
    encoding: str | dict[int, str]
    to_unicode: dict
    space: float  # the width of a space, in thousandths of the type size

    def decode(self, data: bytes) -> str:
        if isinstance(self.encoding, str):
            try:
                text = data.decode(self.encoding, "surrogatepass")
            except UnicodeDecodeError:
                text = data.decode(self.encoding, "replace")
        else:
            text = "".join(self.encoding.get(byte, chr(byte)) for byte in data)
        return "".join(self.to_unicode.get(character, character) for character in text)


@dataclass
class FontCache:
    """Fonts decoded once per deck: its pages share them."""

    fonts: dict[int, _Font] = field(default_factory=dict)

    def font(self, resource: object) -> _Font:
        key = resource.idnum if isinstance(resource, IndirectObject) else id(resource)
        if key not in self.fonts:
            font = resource.get_object()
            encoding, to_unicode = get_encoding(font)
            self.fonts[key] = _Font(encoding, to_unicode, _space_width(font))
        return self.fonts[key]


def _space_width(font: DictionaryObject) -> float:
    widths, first = font.get("/Widths"), font.get("/FirstChar")
    if isinstance(first, int) and first <= 32:
        widths = widths.get_object() if widths is not None else None
        if isinstance(widths, ArrayObject) and 32 - first < len(widths):
            return float(widths[32 - first]) or _DEFAULT_SPACE
    return _DEFAULT_SPACE


def largest_text(page: DictionaryObject, fonts: FontCache) -> list[str]:
    """The runs of text drawn in the largest type on `page`, in the order drawn.

    Raises what pypdf raises for a damaged page or font: the caller leaves it untitled.
    """
    runs: list[tuple[float, list]] = []
    contents = page.get_contents()
    if contents is not None:
        _Walk(fonts, runs).walk(contents.get_data(), page.get("/Resources"), _IDENTITY, 0)
    # Only the strings of the largest type are decoded: a page's body text never is.
    for largest in sorted({size for size, _ in runs}, reverse=True):
        texts = ["".join(part if isinstance(part, str) else part[0].decode(part[1]) for part in parts)
                 for size, parts in runs if size == largest]
        if any(text.strip() for text in texts):
            return [text for text in texts if text.strip()]
    return []


def _times(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        return _ESCAPED.get(escaped, escaped)

    return _ESCAPE.sub(one, literal) if b"\\" in literal else literal


def _hex_string(digits: bytes) -> bytes:
    try:
        return bytes.fromhex(digits.decode("ascii"))  # spaces and all
    except ValueError:  # a NUL between digits, or an odd count (the last one is followed by a 0)
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", digits)
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _nested_literal(data: bytes, start: int) -> tuple[bytes, int]:
    """The literal string opening at `start` with parentheses nested in it, and where it ends."""
    depth, at = 0, start
    while at < len(data):
        byte = data[at]
        if byte == 0x5C:  # a backslash escapes the next byte
            at += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return _unescape(data[start + 1:at]), at + 1
        at += 1
    return _unescape(data[start + 1:]), len(data)


class _Walk:
    """One page's operators, with the state that sets the size text is drawn at."""

    def __init__(self, fonts: FontCache, runs: list[tuple[float, list]]):
        self.fonts = fonts
        self.runs = runs

    def walk(self, data: bytes, resources: object, ctm: tuple[float, ...], depth: int) -> None:
        resources = resources.get_object() if resources is not None else DictionaryObject()
        font_resources = resources.get("/Font")
        font_resources = font_resources.get_object() if font_resources is not None else {}
        stack: list[tuple[float, ...]] = []
        tm = _IDENTITY
        font: _Font | None = None
        size = 0.0
        text: list = []  # the run's parts: a space, or a string to decode with its font
        operands: list = []
        arrays: list[list] = []

        def flush() -> None:
            if text:
                self.runs.append((round(size * math.hypot(tm[2], tm[3]) * math.hypot(ctm[2], ctm[3]), 1), text[:]))
                text.clear()

        at, end = 0, len(data)
        while at < end:
            match = _TOKEN.match(data, at)
            kind, at = match.lastgroup, match.end()
            if kind == "drawing":
                operands.clear()
                continue
            if kind in ("comment", "dict", "other", "end"):
                continue
            token = match.group(kind)
            target = arrays[-1] if arrays else operands
            if kind == "word" and token[0] not in b"+-.0123456789":
                if token == b"ID":  # an inline image's bytes, up to its end
                    found = _END_OF_INLINE_IMAGE.search(data, at + 1)
                    at = found.end() if found else end
                elif token in (b"Tj", b"'", b'"', b"TJ") and font is not None and operands:
                    shown = operands[-1]
                    for item in shown if isinstance(shown, list) else (shown,):
                        if isinstance(item, bytes):
                            text.append((font, item))
                        elif item is not None and -item >= font.space * _WORD_GAP:
                            text.append(" ")
                elif token == b"Tf" and len(operands) >= 2:
                    flush()
                    resource = font_resources.get(operands[-2]) if isinstance(operands[-2], str) else None
                    font = self.fonts.font(resource) if resource is not None else None
                    size = operands[-1] or 0.0
                elif token in (b"Td", b"TD", b"T*"):
                    flush()
                elif token == b"Tm" and len(operands) >= 6:
                    flush()
                    tm = tuple(o or 0.0 for o in operands[-6:])
                elif token == b"BT":
                    flush()
                    tm = _IDENTITY
                elif token == b"ET":
                    flush()
                elif token == b"q":
                    stack.append(ctm)
                elif token == b"Q":
                    flush()
                    ctm = stack.pop() if stack else _IDENTITY
                elif token == b"cm" and len(operands) >= 6:
                    flush()
                    ctm = _times(tuple(o or 0.0 for o in operands[-6:]), ctm)
                elif token == b"Do" and operands and depth < _MAX_FORM_DEPTH:
                    flush()
                    self._form(resources, operands[-1], ctm, depth)
                operands.clear()
                arrays.clear()
            elif kind == "word":
                try:
                    target.append(float(token))
                except ValueError:  # "1.2.3" and such: no number, as pypdf reads it
                    target.append(None)
            elif kind == "name":
                target.append("/" + token[1:].decode("latin-1"))
            elif kind == "literal":
                target.append(_unescape(token[1:-1]))
            elif kind == "nested":
                literal, at = _nested_literal(data, match.start(kind))
                target.append(literal)
            elif kind == "hex":
                target.append(_hex_string(token[1:-1]))
            elif kind == "open":
                arrays.append([])
            elif kind == "close" and arrays:
                done = arrays.pop()
                (arrays[-1] if arrays else operands).append(done)
        flush()

    def _form(self, resources: DictionaryObject, name: object, ctm: tuple[float, ...], depth: int) -> None:
        """The text of a form XObject drawn by `Do`, in its own matrix."""
        xobjects = resources.get("/XObject")
        if not isinstance(name, str) or xobjects is None or name not in xobjects.get_object():
            return
        form = xobjects.get_object()[name].get_object()
        if form.get("/Subtype") != "/Form":
            return
        matrix = form.get("/Matrix")
        if isinstance(matrix, ArrayObject) and len(matrix) == 6:
            ctm = _times(tuple(float(n) for n in matrix), ctm)
        self.walk(form.get_data(), form.get("/Resources") or resources, ctm, depth + 1)
