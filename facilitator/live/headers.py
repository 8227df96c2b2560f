"""Bounds on a request's line and headers, enforced before any of it reaches the app.

uvicorn parses HTTP with httptools, which takes headers of any size and number: one
phone (or anything on the Wi-Fi) could make the laptop hold megabytes per connection.
This is uvicorn's httptools protocol with a cap on both; a request past either gets a
431 and its connection closed. (httptools comes with uvicorn[standard], so the server
always runs this protocol and never h11, whose `h11_max_incomplete_event_size` would
bound only the size, answering 400.)
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 100
_REFUSAL = json.dumps({"error": "the request's headers are too large"}).encode()
_REFUSAL_431 = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_REFUSAL), _REFUSAL)
)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """Counts two ways: the bytes received while a request's head is incomplete (httptools
    buffers a header until it ends, so an endless one is caught while it grows), and the
    head's own size and header count once parsed (a whole head may come in one read)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._reading_head = True
        self._received = 0  # bytes received since the previous request ended
        self._head_bytes = 0
        self._header_count = 0
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._reading_head:
            self._received += len(data)
        super().data_received(data)
        if self._reading_head and self._received > MAX_HEADER_BYTES and not self._refused:
            self._refuse()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._header_count = 0

    def on_url(self, url: bytes) -> None:
        self._head_bytes += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_bytes += len(name) + len(value)
        self._header_count += 1
        if self._header_count <= MAX_HEADERS and self._head_bytes <= MAX_HEADER_BYTES:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        if self._header_count > MAX_HEADERS or self._head_bytes > MAX_HEADER_BYTES:
            self._refuse()
        else:
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        self._reading_head, self._received = True, 0
        if not self._refused:
            super().on_message_complete()

    def _refuse(self) -> None:
        self._refused = True
        self.transport.write(_REFUSAL_431)
        self.transport.close()
