"""The one place where the core's events become Qt signals.

Core events are published on whichever thread made the change (the phone server's, for
votes). The bridge hands each one to the main thread through a queued signal, and
coalesces the frequent ones: a burst of 500 votes becomes a few `counts_changed`
signals, so the windows repaint at most every `interval_ms`, never once per vote.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from facilitator.core.events import (
    AttendeeJoined, AttendeeRenamed, ItemChanged, ItemPosted, PollClosed, PollOpened,
    ResponseRecorded, ResultsRevealed, SessionEnded, SessionEvent, SlideChanged,
    WorkshopReloaded,
)
from facilitator.core.health import HealthChanged
from facilitator.core.session import LiveSession

_COUNTS = (AttendeeJoined, AttendeeRenamed, ResponseRecorded, ItemPosted, ItemChanged)
_POLLS = (PollOpened, PollClosed, ResultsRevealed)


class SessionBridge(QObject):
    """Signals of one session, always delivered on the thread the bridge lives on."""

    #: The current slide is now the given index.
    slide_changed = Signal(int)
    #: A poll opened, closed, or had its results shown or hidden (the poll's id).
    poll_changed = Signal(int)
    #: Attendees joined or renamed, answers, posts or upvotes arrived (coalesced).
    counts_changed = Signal()
    #: The deck or its exercises were loaded again after an edit.
    workshop_reloaded = Signal()
    #: The session has ended.
    session_ended = Signal()
    #: Saving fails, for this cause in words; or (None) it works again.
    storage_changed = Signal(object)

    # Carries core events from any thread to this object's thread.
    _arrived = Signal(object)

    def __init__(self, session: LiveSession, interval_ms: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._closed = False
        self._counts = QTimer(self, singleShot=True, interval=interval_ms)
        self._counts.timeout.connect(self.counts_changed)
        self._arrived.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] = session.events.subscribe(self._arrived.emit)
        self._unsubscribe_health = session.store.health.events.subscribe(self._arrived.emit)

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
        if isinstance(event, _COUNTS):
            if not self._counts.isActive():
                self._counts.start()
        elif isinstance(event, SlideChanged):
            self.slide_changed.emit(event.index)
        elif isinstance(event, _POLLS):
            self.poll_changed.emit(event.poll_id)
        elif isinstance(event, WorkshopReloaded):
            self.workshop_reloaded.emit()
        elif isinstance(event, SessionEnded):
            self.session_ended.emit()
        elif isinstance(event, HealthChanged):
            self.storage_changed.emit(event.cause)
