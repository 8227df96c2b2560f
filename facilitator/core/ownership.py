"""One owner per database: a lock the operating system holds for the owning process.

Two processes writing one database fail each other's writes ("database is locked"), and
each keeps its own picture of the session in memory. So whoever writes takes an OS lock
on a file beside the database, `NAME.db.lock`, and writes its process id and what it
is into that file for the message a second process shows. The OS lets go of the lock
when the process ends, however it ends (a kill -9 too): a stale file never blocks.

POSIX locks with flock() (per open file, so a second open in the same process is
refused too), falling back to lockf() where a file system has no flock (lockf locks
belong to the process: only other processes are refused). Windows locks one byte with
msvcrt.locking(), far past the text, which Windows locks against reading.
"""

from __future__ import annotations

import errno
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

# Where the Windows lock sits: past any text the file holds, so the pid stays readable.
WINDOWS_LOCK_OFFSET = 1 << 20
_REFUSED = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK}


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@dataclass(frozen=True)
class Owner:
    """Who holds a database, as its lock file says."""

    pid: int
    what: str
    since: float

    @property
    def started(self) -> str:
        """When it took the database, as hours and minutes of this laptop's clock."""
        return time.strftime("%H:%M", time.localtime(self.since))


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another holder has it."""
    try:
        if fcntl is None:
            os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            _posix_lock(fd)
    except OSError as error:
        if error.errno in _REFUSED:
            return False
        raise
    return True


def _posix_lock(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            raise
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class DatabaseLock:
    """The lock on one database, held from acquire() until release() or the end of
    the process."""

    def __init__(self, database: Path):
        self.path = lock_path_for(Path(database))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, what: str, now: float) -> bool:
        """Become the owner, saying `what` we are; False when another process owns it."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if not _try_lock(fd):
                    os.close(fd)
                    return False
                # The owner before us may have removed the file as it let go: then we
                # locked a file nobody else will look at. Start again on the new one.
                if _same_file(fd, self.path):
                    break
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        record = json.dumps({"pid": os.getpid(), "what": what, "since": now}).encode()
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, record)
        self._fd = fd
        return True

    def owner(self) -> Owner | None:
        """The owner as its file says, or None when the file is missing or half written."""
        try:
            data = json.loads(self.path.read_bytes()[:4096])
            return Owner(int(data["pid"]), str(data["what"]), float(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if fcntl is not None:
            # Removed while still held, so no one can lock this file meanwhile and
            # keep it after us (acquire() checks it locked the file the name points at).
            self.path.unlink(missing_ok=True)
            os.close(fd)
        else:
            # Windows removes no open file: close first; a newcomer may have it already.
            os.close(fd)
            try:
                self.path.unlink()
            except OSError:
                pass


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
