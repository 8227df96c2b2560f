"""Answering only at the server's own addresses, and writes only from its own pages.

The threat is DNS rebinding: a page on any web site the trainer or an attendee opens can
point its own host name at the laptop's address, and the browser then lets that page
talk to this server as if it were the site's. Such a request still names the other
site in its Host header, so a server that answers only Host headers naming its own
addresses is out of reach. A write sent by another site's page (a cross-site form or
fetch) names that site in its Origin header, and is refused as well.
"""

from __future__ import annotations

import json
from typing import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from facilitator.core.translation import Message, Translator, negotiate, translator

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
READ_METHODS = ("GET", "HEAD")
NOT_OUR_HOST = Message("this server answers only at its own address: open the address shown on the screen")
NOT_OUR_PAGE = Message("this request came from another site's page: use the session's own page")
TWO_HOSTS = Message("a request names one Host, not several")


def host_name(authority: bytes) -> bytes:
    """The name in a Host header (or an origin's host), without its port."""
    if authority.startswith(b"["):  # an IPv6 address, as in [::1]:8765
        end = authority.find(b"]")
        rest = authority[end + 1:]
        return authority[1:end] if end > 0 and (not rest or rest[:1] == b":" and rest[1:].isdigit()) else b""
    name, colon, port = authority.rpartition(b":")
    if not colon:
        return authority
    return name if port.isdigit() else b""


def words_asked(scope: Scope) -> Translator:
    """The language a request asks for: its Accept-Language, which the pages set to the
    language chosen on them (the browser's otherwise); English without one."""
    asked = next((value for key, value in scope["headers"] if key == b"accept-language"), b"")
    return translator(negotiate(asked.decode("latin-1")))


async def send_error(scope: Scope, send: Send, status: int, message: str) -> None:
    """`{"error": ...}`, said in the request's language, from below the app's routes."""
    body = json.dumps({"error": words_asked(scope).say(message)}, ensure_ascii=False).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


class OwnAddressesOnly:
    """Pure ASGI, one pass over the headers: 421 for a Host that is not one of ours,
    403 for a write whose Origin is not this server's, 400 for two Hosts (RFC 9112,
    3.2): a proxy or a check that reads the other one would be fooled."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app = app
        self.names = frozenset(name.lower().encode() for name in (*hosts, *LOOPBACK_NAMES))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = origin = None
        hosts = 0
        for key, value in scope["headers"]:
            if key == b"host":
                host = value.lower()
                hosts += 1
            elif key == b"origin":
                origin = value.lower()
        if hosts > 1:
            await send_error(scope, send, 400, TWO_HOSTS)
        elif host is None or host_name(host) not in self.names:
            await send_error(scope, send, 421, NOT_OUR_HOST)
        elif origin is not None and scope["method"] not in READ_METHODS and origin != b"http://" + host:
            # A page of ours sends exactly its own origin, which is the Host it asks.
            await send_error(scope, send, 403, NOT_OUR_PAGE)
        else:
            await self.app(scope, receive, send)
