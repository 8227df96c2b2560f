"""Pushing the session to every connected phone and remote (Server-Sent Events).

Every phone gets the same bytes, so the state is serialised once per change and each
stream only sends the newest version: a phone that wakes up late skips what it missed.
Bursts are coalesced: votes and joins flush at most every `throttle` seconds, while a
slide change, a poll opening or closing, and a reveal go out at once.

Phones get a full view when they connect, then only what changed (views.phone_delta),
each message numbered: a stream one version behind sends the delta, one further behind
the full view. A phone given a delta that does not follow its version starts a new
stream, which begins with the full view (GET /state answers the same bytes).
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import AsyncIterator, Callable

from facilitator.core.events import (
    AttendeeJoined, AttendeeRenamed, CertificatesRecorded, ItemChanged, ItemPosted,
    ResponseRecorded, SessionEvent,
)
from facilitator.core.session import LiveSession

from .views import phone_delta, phone_state, trainer_state

KEEP_ALIVE_SECONDS = 15.0
RECONNECT_MILLISECONDS = 2000
_COUNTS = (ResponseRecorded, AttendeeJoined, AttendeeRenamed, ItemPosted, ItemChanged)


def _encode(state: dict) -> bytes:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


class Channel:
    """The newest message of one kind, and the streams waiting for the next."""

    def __init__(self) -> None:
        self.message = b""
        self.delta: bytes | None = None  # from the version before to this one
        self.version = 0
        self.closed = False
        self.stale = True  # the message may be older than the session
        self._wakers: set[asyncio.Event] = set()

    def __len__(self) -> int:
        return len(self._wakers)

    def publish(self, message: bytes, delta: bytes | None = None) -> None:
        if message == self.message:
            return
        self.message = message
        self.delta = delta
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
                # Cleared before the version is read: a publish while the last frame was
                # being sent wakes the next wait at once, not after a keep-alive.
                waker.clear()
                if self.version != sent:
                    caught_up = sent == self.version - 1 and self.delta is not None
                    sent = self.version
                    yield b"data: " + (self.delta if caught_up else self.message) + b"\n\n"
                    continue
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
        self._unsent = False  # a change not yet in the channels' messages
        self._phone_view: dict | None = None  # as last published, for the next delta
        # Items changed since then: added to from any thread, taken on the loop's.
        self._changed_items: set[int] = set()
        self._changed_lock = threading.Lock()

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
        self._unsent = True
        if isinstance(event, (ItemPosted, ItemChanged)):
            with self._changed_lock:
                self._changed_items.add(event.item_id)
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
        self._unsent = False
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
        if channel is self.phones:
            state = self._publish_phones()
        else:
            state = trainer_state(self.session)
            channel.publish(_encode(state))
        # A quiz's time left is true when sent: a phone connecting later needs it anew.
        # The trainer's view always: its clocks are.
        poll = state["poll"]
        channel.stale = channel is self.trainers or (poll is not None and "time_left" in poll)

    def tick(self) -> None:
        """Send the remote its view as of now, for its clocks, if a remote listens."""
        if len(self.trainers):
            self._publish(self.trainers)

    def _publish_phones(self) -> dict:
        with self._changed_lock:
            changed, self._changed_items = self._changed_items, set()
        state = phone_state(self.session)
        before, self._phone_view = self._phone_view, state
        if state == before and not changed:
            return state
        version = self.phones.version + 1
        message = _encode({"v": version, **state})
        change = None if before is None else phone_delta(self.session, before, state, changed)
        delta = None if change is None else _encode({"v": version, "base": version - 1, **change})
        self.phones.publish(message, delta if delta is not None and len(delta) < len(message) else None)
        return state

    def follow(self, channel: Channel) -> AsyncIterator[bytes]:
        """A new stream of a channel, starting from its newest message. A change not yet
        in it comes with the flush already due, as a delta: a room of phones
        reconnecting costs no extra pushes to the others."""
        if channel.stale:
            self._publish(channel)
        return channel.stream()

    def current(self, channel: Channel) -> bytes:
        """The channel's full message as of now (GET /state). A change not yet pushed is
        pushed now, to every stream: the asker's version must be the one the next
        delta follows."""
        if self._unsent:
            self.flush()
        if channel.stale:
            self._publish(channel)
        return channel.message
