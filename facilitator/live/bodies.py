"""Reading a request's JSON body within bounds a phone never comes near.

Python's json recurses once per level of nesting, so 4 KB of `[` ends in a
RecursionError; it also accepts NaN, Infinity and integers of any size. The nesting is
measured first, without recursion, and numbers are checked as they are parsed: what a
phone's JavaScript could not have sent is refused with the reason.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from facilitator.core.translation import Message, plural_message

MAX_DEPTH = 8
# The largest integer a phone's JavaScript holds exactly (Number.MAX_SAFE_INTEGER).
MAX_NUMBER = 2**53 - 1
_MAX_DIGITS = len(str(MAX_NUMBER)) + 1  # a sign

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


class BadBody(Exception):
    """A body that is not a JSON object within the bounds; the message (a Message, said
    in the phone's language) says why."""


def _too_deep(body: bytes) -> bool:
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False  # every vote: too few brackets to look further
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _too_large() -> BadBody:
    return BadBody(Message("a number in the body is too large: at most {largest} either way", largest=MAX_NUMBER))


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS or abs(value := int(text)) > MAX_NUMBER:
        raise _too_large()
    return value


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise _too_large()
    return value


def _constant(text: str) -> float:
    raise BadBody(Message("the body holds {value}, which is not a JSON number", value=text))


def parse_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object; raises BadBody saying what is wrong with it."""
    if _too_deep(body):
        raise BadBody(plural_message(
            "the body is nested more than {count} level deep", "the body is nested more than {count} levels deep",
            MAX_DEPTH))
    try:
        data = json.loads(body, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except (ValueError, UnicodeDecodeError):
        raise BadBody(Message("the body is not valid JSON")) from None
    if not isinstance(data, dict):
        raise BadBody(Message("send a JSON object"))
    return data
