"""A line of the trainer's Markdown (a slide's title, the deck's title) as the plain text
a reader sees: for the phone page and the remote, which show text, never markup.

Emphasis, strong, strikethrough and code keep their words; a link keeps its text, an image
its alt text; backslash escapes and HTML entities become the characters they stand for;
inline HTML tags are dropped. Only the inline Markdown a title can hold is read: a title
is one line.
"""

from __future__ import annotations

import html
import re
from typing import Callable

# Text that must come out as it is (code, an escaped or an entity's character) is set
# aside as one character of the supplementary private use area while links and emphasis
# are read, so that a `\*` or a `*` in code is never taken for emphasis.
_HELD_FIRST = 0xF0000
_HELD_LAST = 0xFFFFD
_HELD = f"[{chr(_HELD_FIRST)}-{chr(_HELD_LAST)}]"

# CommonMark's escapable characters: ASCII punctuation.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_FENCE = re.compile(r"`+")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_HTML_TAG = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*/?|!--.*?--|\?.*?\?|![A-Za-z][^<>]*)>"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Brackets with no bracket inside: the innermost first, so an image inside a link reads.
_BRACKETED = r"\[([^\[\]]*)\]"
_DESTINATION = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
_IMAGE = re.compile(r"!" + _BRACKETED + r"(?:" + _DESTINATION + r"|\[[^\[\]]*\])")
_LINK = re.compile(_BRACKETED + r"(?:" + _DESTINATION + r"|\[[^\[\]]*\])")
# Emphasis opens before a non-space and closes after one; `_` only between non-words
# (snake_case_names stay as they are), as in CommonMark.
_EMPHASIS = (
    re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1(?!\*)"),
    re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)"),
    re.compile(r"(~~?)(?=[^\s~])(.+?)(?<=[^\s~])\1(?!~)"),
)
_WHITESPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """The words of one line of inline Markdown, with no markup left, on one line.

    >>> plain_text("Which one holds *us* back most?")
    'Which one holds us back most?'
    """
    held: list[str] = []
    text = _hold_literals(markdown, held)
    text = _until_stable(text, lambda t: _IMAGE.sub(r"\1", t))
    text = _until_stable(text, lambda t: _LINK.sub(r"\1", t))
    for emphasis in _EMPHASIS:
        text = _until_stable(text, lambda t, e=emphasis: e.sub(r"\2", t))
    text = re.sub(_HELD, lambda m: held[ord(m.group()) - _HELD_FIRST], text)
    return _WHITESPACE.sub(" ", text).strip()


def _hold_literals(markdown: str, held: list[str]) -> str:
    """`markdown` with each piece that reads literally (code spans, escapes, entities,
    autolinks; the private use characters it may already hold) set aside in `held` and
    replaced by the character that finds it; inline HTML tags removed. Read left to
    right, as CommonMark does: a backslash escapes a backtick, code holds backslashes."""

    def hold(literal: str) -> str:
        if _HELD_FIRST + len(held) > _HELD_LAST:
            return literal  # beyond any title; kept as text rather than failing
        held.append(literal)
        return chr(_HELD_FIRST + len(held) - 1)

    out: list[str] = []
    at = 0
    while at < len(markdown):
        char = markdown[at]
        if char == "\\" and (escape := _ESCAPE.match(markdown, at)):
            out.append(hold(escape.group(1)))
            at = escape.end()
        elif char == "`":
            fence = _CODE_FENCE.match(markdown, at).group()
            close = _closing_fence(markdown, at + len(fence), fence)
            if close is None:
                out.append(hold(fence))  # no span: the backticks are text
                at += len(fence)
            else:
                out.append(hold(_code_content(markdown[at + len(fence):close])))
                at = close + len(fence)
        elif char == "<" and (link := _AUTOLINK.match(markdown, at)):
            out.append(hold(link.group(1)))
            at = link.end()
        elif char == "<" and (tag := _HTML_TAG.match(markdown, at)):
            at = tag.end()
        elif char == "&" and (entity := _ENTITY.match(markdown, at)):
            out.append(hold(html.unescape(entity.group())))
            at = entity.end()
        elif _HELD_FIRST <= ord(char) <= _HELD_LAST:
            out.append(hold(char))
            at += 1
        else:
            out.append(char)
            at += 1
    return "".join(out)


def _closing_fence(markdown: str, start: int, fence: str) -> int | None:
    """Where a run of exactly as many backticks as `fence` begins after `start`."""
    for run in _CODE_FENCE.finditer(markdown, start):
        if run.group() == fence:
            return run.start()
    return None


def _code_content(code: str) -> str:
    """A code span's text: one space each side is padding, when there is text between."""
    if len(code) >= 2 and code[0] == code[-1] == " " and code.strip():
        return code[1:-1]
    return code


def _until_stable(text: str, step: Callable[[str], str]) -> str:
    while (after := step(text)) != text:
        text = after
    return text
