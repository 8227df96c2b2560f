"""What a session publishes after each change, for every screen to refresh itself.

Events are small frozen records published after the change is committed. The Qt side
turns them into signals on the main thread; the phone server turns them into pushes.
A subscriber must return quickly (queue the event, do the work elsewhere): it runs on the
thread that made the change, with the session locked so that every subscriber sees events
in the order the changes happened.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from .screen import Blank

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionEvent:
    session_id: int


@dataclass(frozen=True)
class SessionEnded(SessionEvent):
    pass


@dataclass(frozen=True)
class SlideChanged(SessionEvent):
    index: int


@dataclass(frozen=True)
class WorkshopReloaded(SessionEvent):
    """The deck or its exercises changed on disk and were loaded again."""


@dataclass(frozen=True)
class AttendeeJoined(SessionEvent):
    attendee_id: int
    attendees: int  # how many have joined now


@dataclass(frozen=True)
class AttendeeRenamed(SessionEvent):
    attendee_id: int


@dataclass(frozen=True)
class CommitmentMade(SessionEvent):
    attendee_id: int


@dataclass(frozen=True)
class PollOpened(SessionEvent):
    poll_id: int
    exercise_id: str


@dataclass(frozen=True)
class PollClosed(SessionEvent):
    poll_id: int


@dataclass(frozen=True)
class ResultsRevealed(SessionEvent):
    poll_id: int
    revealed: bool  # False when the trainer hides them again


@dataclass(frozen=True)
class ResponseRecorded(SessionEvent):
    poll_id: int
    attendee_id: int
    responses: int  # how many attendees have answered this poll now


@dataclass(frozen=True)
class ItemPosted(SessionEvent):
    poll_id: int
    item_id: int


@dataclass(frozen=True)
class ItemChanged(SessionEvent):
    """An item's upvotes, hidden or answered flag changed."""

    poll_id: int
    item_id: int


@dataclass(frozen=True)
class ProjectorBlanked(SessionEvent):
    """The projector went black or white, or shows the slide again."""

    blank: Blank


@dataclass(frozen=True)
class JoinBarShown(SessionEvent):
    """The join bar was shown (True) or hidden (False) on every slide."""

    shown: bool


@dataclass(frozen=True)
class ResultPageTurned(SessionEvent):
    """The current slide's results show another page, or were laid out in a new number
    of pages."""

    page: int
    pages: int


@dataclass(frozen=True)
class StepShown(SessionEvent):
    """The current slide shows another of its pages (`Slide.pages`: a Beamer frame's
    overlays), counted from 0."""

    step: int
    steps: int


@dataclass(frozen=True)
class CertificatesRecorded(SessionEvent):
    """Certificates of the session's attendees were issued, or their PDF recorded."""

    certificate_ids: tuple[int, ...]


Subscriber = Callable[[SessionEvent], None]


class EventHub:
    """Subscribers of one source's events: a session's, or the store's health."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns the function that removes it."""
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, event: SessionEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            # The change is committed already: one broken view must not stop the others
            # from hearing of it, nor turn a saved vote into an error for the attendee.
            try:
                subscriber(event)
            except Exception:
                log.exception("a subscriber failed on %r", event)
