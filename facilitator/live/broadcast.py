"""Pushing the session to every connected phone and remote (Server-Sent Events).

Every phone gets the same bytes, so the state is serialised once per change and each
stream only sends the newest version: a phone that wakes up late skips what it missed.
Bursts are coalesced: votes and joins flush at most every `throttle` seconds, while a
slide change, a poll opening or closing, and a reveal go out at once.
"""

from __future__ import annotations

import asyncio
import json
from typing import AsyncIterator, Callable

from facilitator.core.events import (
    AttendeeJoined, AttendeeRenamed, CertificatesRecorded, ItemChanged, ItemPosted,
    ResponseRecorded, SessionEvent,
)
from facilitator.core.session import LiveSession

from .views import phone_state, trainer_state

KEEP_ALIVE_SECONDS = 15.0
RECONNECT_MILLISECONDS = 2000
_COUNTS = (ResponseRecorded, AttendeeJoined, AttendeeRenamed, ItemPosted, ItemChanged)


def _encode(state: dict) -> bytes:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


class Channel:
    """The newest message of one kind, and the streams waiting for the next."""

    def __init__(self) -> None:
        self.message = b""
        self.version = 0
        self.closed = False
        self.stale = True  # the message may be older than the session
        self._wakers: set[asyncio.Event] = set()

    def __len__(self) -> int:
        return len(self._wakers)

    def publish(self, message: bytes) -> None:
        if message == self.message:
            return
        self.message = message
        self.version += 1
        for waker in self._wakers:
            waker.set()

    def close(self) -> None:
        self.closed = True
        for waker in self._wakers:
            waker.set()

    async def stream(self) -> AsyncIterator[bytes]:
        """SSE frames: the newest message now, then each newer one, until closed."""
        waker = asyncio.Event()
        self._wakers.add(waker)
        try:
            yield f"retry: {RECONNECT_MILLISECONDS}\n\n".encode()
            sent = -1
            while not self.closed:
                if self.version != sent:
                    sent = self.version
                    yield b"data: " + self.message + b"\n\n"
                waker.clear()
                try:
                    async with asyncio.timeout(KEEP_ALIVE_SECONDS):
                        await waker.wait()
                except TimeoutError:
                    yield b": keep-alive\n\n"
        finally:
            self._wakers.discard(waker)


class Broadcaster:
    """Turns the session's events into pushes. Lives on the server's event loop."""

    def __init__(self, session: LiveSession, loop: asyncio.AbstractEventLoop, throttle: float = 0.2):
        self.session = session
        self.loop = loop
        self.throttle = throttle
        self.phones = Channel()
        self.trainers = Channel()
        self._now_scheduled = False
        self._later: asyncio.TimerHandle | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        self.flush()
        self._unsubscribe = self.session.events.subscribe(self._on_event)

    def stop(self) -> None:
        """Stop listening and end every stream (safe to call twice)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._later is not None:
            self._later.cancel()
        self.phones.close()
        self.trainers.close()

    def _on_event(self, event: SessionEvent) -> None:
        # Any thread: the UI's, the server's own, a timer's. A flush already due covers
        # this change too (the flags drop before the state is read), so skip the wake-up.
        if isinstance(event, CertificatesRecorded):
            return  # nothing a phone or the remote shows
        urgent = not isinstance(event, _COUNTS)
        if self._now_scheduled or (not urgent and self._later is not None):
            return
        try:
            self.loop.call_soon_threadsafe(self._schedule, urgent)
        except RuntimeError:
            pass  # the loop has closed: the server is shutting down

    def _schedule(self, urgent: bool) -> None:
        if urgent:
            if not self._now_scheduled:
                self._now_scheduled = True
                self.loop.call_soon(self.flush)
        elif self._later is None:
            self._later = self.loop.call_later(self.throttle, self.flush)

    def flush(self) -> None:
        self._now_scheduled = False
        if self._later is not None:
            self._later.cancel()
            self._later = None
        # Build only what someone listens to: the trainer's view counts every result
        # live, which costs more than the phones' view. Skipped ones go stale.
        for channel in (self.phones, self.trainers):
            if len(channel):
                self._publish(channel)
            else:
                channel.stale = True

    def _publish(self, channel: Channel) -> None:
        state = (phone_state if channel is self.phones else trainer_state)(self.session)
        channel.publish(_encode(state))
        # A quiz's time left is true when sent: a phone connecting later needs it anew.
        poll = state["poll"]
        channel.stale = poll is not None and "time_left" in poll

    def follow(self, channel: Channel) -> AsyncIterator[bytes]:
        """A new stream of a channel, starting from the state as it is now."""
        if channel.stale:
            self._publish(channel)
        return channel.stream()
