"""Whether the store can save: the disk's faults in words, and who needs to hear of them.

A full disk, a file turned read-only or a failing disk makes every write fail, hundreds
a minute in a full room. The store turns each such error into one `StorageFault` with
its cause in words, and `StoreHealth` tells its subscribers once when trouble starts (or
its cause changes) and once when a write succeeds again: the presenter window shows a
banner, the `serve` terminal prints a line, phones hear 503 meanwhile.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from dataclasses import dataclass

from .events import EventHub
from .translation import Message

# The causes in words (Messages: the presenter and the commands say them in their
# reader's language), each written once for the SQLite and the OS error that mean it.
HELD = Message("another program is holding the database")
FILE_READ_ONLY = Message("the database file has become read-only")
DISK_FAILING = Message("the disk reports an input/output error")
DAMAGED = Message("the database file is damaged")
DISK_FULL = Message("the disk is full")

# SQLite's primary result codes (the low byte of an extended code) of a disk in trouble.
_SQLITE_CAUSES = {
    5: HELD,  # SQLITE_BUSY
    6: HELD,  # SQLITE_LOCKED
    8: FILE_READ_ONLY,  # SQLITE_READONLY
    10: DISK_FAILING,  # SQLITE_IOERR
    11: DAMAGED,  # SQLITE_CORRUPT
    13: DISK_FULL,  # SQLITE_FULL
    14: Message("the database file cannot be opened any more (was its disk removed?)"),  # SQLITE_CANTOPEN
    26: DAMAGED,  # SQLITE_NOTADB
}
_OS_CAUSES = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: Message("the disk quota is used up"),
    errno.EROFS: Message("the disk has become read-only"),
    errno.EACCES: FILE_READ_ONLY,
    errno.EPERM: FILE_READ_ONLY,
    errno.EIO: DISK_FAILING,
}


def storage_cause(error: BaseException) -> Message | None:
    """The cause in words when `error` is the disk's fault; None for any other error
    (a bug, a constraint), which must not pass for a disk problem."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return _SQLITE_CAUSES.get(code & 0xFF) if isinstance(code, int) else None
    if isinstance(error, OSError):
        # The system's own words for an error of no cause above, as they come.
        return _OS_CAUSES.get(error.errno) or Message("the disk reports: {reason}", reason=error.strerror or str(error))
    return None


@dataclass(frozen=True)
class HealthChanged:
    """The store's trouble began or changed (`cause` in words), or ended (None)."""

    cause: str | None


class StoreHealth:
    """Trouble with its cause, then recovered: each change published once."""

    def __init__(self) -> None:
        self.events = EventHub()
        self._cause: str | None = None
        self._lock = threading.Lock()

    @property
    def cause(self) -> str | None:
        """What stops the store saving now, or None when it saves."""
        return self._cause

    def trouble(self, cause: str) -> None:
        self._change(cause)

    def recovered(self) -> None:
        if self._cause is not None:  # the usual case, checked without the lock
            self._change(None)

    def _change(self, cause: str | None) -> None:
        # Published under the lock: two threads' changes reach subscribers in order.
        with self._lock:
            if cause == self._cause:
                return
            self._cause = cause
            self.events.publish(HealthChanged(cause))
