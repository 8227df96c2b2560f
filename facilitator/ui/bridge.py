"""The one place where the core's events become Qt signals.

Core events are published on whichever thread made the change (the phone server's, for
votes). The bridge hands each one to the main thread through a queued signal, and
coalesces the frequent ones: a burst of 500 votes becomes a few `counts_changed`
signals, so the windows repaint at most every `interval_ms`, never once per vote. Each
signal carries what changed, so that a window repaints only what shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from facilitator.core.events import (
    AttendeeJoined, AttendeeRenamed, ItemChanged, ItemPosted, JoinBarShown, PollClosed,
    PollOpened, ProjectorBlanked, ResponseRecorded, ResultPageTurned, ResultsRevealed, SessionEnded,
    SessionEvent, SlideChanged, StepShown, WorkshopReloaded,
)
from facilitator.core.health import HealthChanged
from facilitator.core.session import LiveSession

_ATTENDEES = (AttendeeJoined, AttendeeRenamed)
_ANSWERS = (ResponseRecorded, ItemPosted, ItemChanged)
_POLLS = (PollOpened, PollClosed, ResultsRevealed)
_SCREEN = (ProjectorBlanked, JoinBarShown, ResultPageTurned, StepShown)


@dataclass(frozen=True)
class CountsChanged:
    """What a coalesced burst of joins, answers, posts and upvotes changed."""

    attendees: bool  # someone joined or was renamed
    polls: frozenset[int]  # the polls that had answers, posts or upvotes


class SessionBridge(QObject):
    """Signals of one session, always delivered on the thread the bridge lives on."""

    #: The current slide is now the given index.
    slide_changed = Signal(int)
    #: A poll opened, closed, or had its results shown or hidden (the poll's id).
    poll_changed = Signal(int)
    #: Attendees joined or renamed, answers, posts or upvotes arrived (a CountsChanged,
    #: coalesced).
    counts_changed = Signal(object)
    #: The projector was blanked or unblanked, the join bar shown or hidden, the
    #: results shown turned a page, or the slide shows another of its pages.
    screen_changed = Signal()
    #: The session ended (from the window or the remote).
    session_ended = Signal()
    #: The deck or its exercises were loaded again after an edit.
    workshop_reloaded = Signal()
    #: Saving fails, for this cause in words; or (None) it works again.
    storage_changed = Signal(object)

    # Carries core events from any thread to this object's thread.
    _arrived = Signal(object)

    def __init__(self, session: LiveSession, interval_ms: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._closed = False
        self._counts = QTimer(self, singleShot=True, interval=interval_ms)
        self._counts.timeout.connect(self._emit_counts)
        self._attendees_changed = False
        self._polls_answered: set[int] = set()
        self._arrived.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] = session.events.subscribe(self._arrived.emit)
        self._unsubscribe_health = session.health.events.subscribe(self._arrived.emit)

    def close(self) -> None:
        """Stop hearing the session; the object is deleted on its own thread."""
        self._unsubscribe()
        self._unsubscribe_health()
        self._closed = True  # events already queued must not reach closed windows
        self._counts.stop()
        # Left to Python's collector, a QObject may be freed on whichever thread happens
        # to collect (the phone server's): Qt objects must die on the thread they live on.
        self.deleteLater()

    def _dispatch(self, event: SessionEvent | HealthChanged) -> None:
        if self._closed:
            return
        if isinstance(event, _ATTENDEES):
            self._attendees_changed = True
            self._count_later()
        elif isinstance(event, _ANSWERS):
            self._polls_answered.add(event.poll_id)
            self._count_later()
        elif isinstance(event, SlideChanged):
            self.slide_changed.emit(event.index)
        elif isinstance(event, _POLLS):
            self.poll_changed.emit(event.poll_id)
        elif isinstance(event, _SCREEN):
            self.screen_changed.emit()
        elif isinstance(event, SessionEnded):
            self.session_ended.emit()
        elif isinstance(event, WorkshopReloaded):
            self.workshop_reloaded.emit()
        elif isinstance(event, HealthChanged):
            self.storage_changed.emit(event.cause)

    def _count_later(self) -> None:
        if not self._counts.isActive():
            self._counts.start()

    def _emit_counts(self) -> None:
        counts = CountsChanged(self._attendees_changed, frozenset(self._polls_answered))
        self._attendees_changed = False
        self._polls_answered = set()
        self.counts_changed.emit(counts)
