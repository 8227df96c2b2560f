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

# SQLite's primary result codes (the low byte of an extended code) of a disk in trouble.
_SQLITE_CAUSES = {
    5: "another program is holding the database",  # SQLITE_BUSY
    6: "another program is holding the database",  # SQLITE_LOCKED
    8: "the database file has become read-only",  # SQLITE_READONLY
    10: "the disk reports an input/output error",  # SQLITE_IOERR
    11: "the database file is damaged",  # SQLITE_CORRUPT
    13: "the disk is full",  # SQLITE_FULL
    14: "the database file cannot be opened any more (was its disk removed?)",  # SQLITE_CANTOPEN
    26: "the database file is damaged",  # SQLITE_NOTADB
}
_OS_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk has become read-only",
    errno.EACCES: "the database file has become read-only",
    errno.EPERM: "the database file has become read-only",
    errno.EIO: "the disk reports an input/output error",
}


def storage_cause(error: BaseException) -> str | None:
    """The cause in words when `error` is the disk's fault; None for any other error
    (a bug, a constraint), which must not pass for a disk problem."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return _SQLITE_CAUSES.get(code & 0xFF) if isinstance(code, int) else None
    if isinstance(error, OSError):
        return _OS_CAUSES.get(error.errno, f"the disk reports: {error.strerror or error}")
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
