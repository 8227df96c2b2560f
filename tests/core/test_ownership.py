"""One process owns a database; a second is refused at once, and a kill -9 lets go."""

import errno
import os
import signal
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest

from facilitator.core import ownership
from facilitator.core.errors import StoreInUse, StoreUnusable
from facilitator.core.ownership import DatabaseLock, lock_path_for
from facilitator.core.store import Store

fcntl = pytest.importorskip("fcntl", reason="a kill -9 and flock() are POSIX's")

# Owns the database, says so, then waits to be killed.
OWNER = textwrap.dedent("""
    import sys, time
    from facilitator.core.store import Store
    store = Store.open(sys.argv[1], owner="facilitator serve")
    print("owning", flush=True)
    time.sleep(120)
""")

# Tries to own the lock with flock() unavailable, as on a file system without it.
LOCKF_CONTENDER = textwrap.dedent("""
    import errno, fcntl, sys
    from facilitator.core.ownership import DatabaseLock
    def no_flock(fd, operation):
        raise OSError(errno.EOPNOTSUPP, "flock is not supported")
    fcntl.flock = no_flock
    print("owned" if DatabaseLock(sys.argv[1]).acquire("contender", 1.0) else "refused")
""")


@pytest.fixture
def owner_process(tmp_path):
    """Another process owning a database; yields (process, path)."""
    path = tmp_path / "room.db"
    process = subprocess.Popen([sys.executable, "-c", OWNER, str(path)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "owning\n"
    with process:
        yield process, path
        process.kill()


def test_a_second_process_is_refused_with_the_owners_pid(owner_process):
    process, path = owner_process
    with pytest.raises(StoreInUse) as refused:
        Store.open(path, owner="the Facilitator window")
    assert f"it is in use by process {process.pid} (facilitator serve, since " in str(refused.value)


def test_a_kill_9_of_the_owner_lets_go_of_the_database(owner_process):
    process, path = owner_process
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert lock_path_for(path).exists()  # left behind by the killed process: no matter
    with closing(Store.open(path)) as store:
        assert store.recent_sessions() == []


def test_a_reader_opens_while_another_process_owns_the_database(owner_process):
    _, path = owner_process
    with closing(Store.open(path, read_only=True)) as store:
        assert store.recent_sessions() == []


def test_a_second_store_in_the_same_process_is_refused_too(tmp_path):
    path = tmp_path / "room.db"
    with closing(Store.open(path, owner="the Facilitator window")):
        with pytest.raises(StoreInUse, match=rf"process {os.getpid()} \(the Facilitator window"):
            Store.open(path)
    with closing(Store.open(path)):  # closed, the database is free again
        pass
    assert not lock_path_for(path).exists()


def test_an_unreadable_lock_file_still_refuses_in_words(tmp_path):
    path = tmp_path / "room.db"
    lock = DatabaseLock(path)
    assert lock.acquire("x", 1.0)
    lock.path.write_bytes(b"\x00garbage")
    with pytest.raises(StoreInUse, match="it is in use by another process"):
        Store.open(path)
    lock.release()


def test_without_flock_the_lockf_fallback_refuses_another_process(tmp_path, monkeypatch):
    def no_flock(fd, operation):
        raise OSError(errno.EOPNOTSUPP, "flock is not supported")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    path = tmp_path / "room.db"
    lock = DatabaseLock(path)
    assert lock.acquire("owner", 1.0)

    def contend() -> str:
        return subprocess.run([sys.executable, "-c", LOCKF_CONTENDER, str(path)],
                              capture_output=True, text=True, check=True).stdout.strip()

    assert contend() == "refused"
    lock.release()
    assert contend() == "owned"


class FakeMsvcrt:
    """msvcrt.locking's contract, for the Windows path on any system: one byte at the
    file position, LK_NBLCK refused with EACCES while another handle holds it."""

    LK_NBLCK, LK_UNLCK = 2, 0
    held: dict[tuple[int, int], int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        stat = os.fstat(fd)
        key = (stat.st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        if mode == self.LK_NBLCK:
            if self.held.get(key, fd) != fd:
                raise OSError(errno.EACCES, "Permission denied")
            self.held[key] = fd


def test_the_windows_path_locks_a_byte_past_the_pid_it_keeps_readable(tmp_path, monkeypatch):
    monkeypatch.setattr(ownership, "fcntl", None)
    monkeypatch.setattr(ownership, "msvcrt", FakeMsvcrt(), raising=False)
    FakeMsvcrt.held.clear()
    path = tmp_path / "room.db"
    first, second = DatabaseLock(path), DatabaseLock(path)
    assert first.acquire("the Facilitator window", 1.0)
    assert not second.acquire("facilitator serve", 2.0)
    assert first.owner().pid == os.getpid() and first.owner().what == "the Facilitator window"
    assert list(FakeMsvcrt.held) == [(os.stat(first.path).st_ino, ownership.WINDOWS_LOCK_OFFSET)]
    first.release()
    assert not first.path.exists()


def test_a_lock_file_that_cannot_be_used_is_refused_in_words(tmp_path):
    path = tmp_path / "room.db"
    lock_path_for(path).mkdir()
    with pytest.raises(StoreUnusable, match=r"its lock file .*room.db.lock cannot be used \(Is a directory\)"):
        Store.open(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["room.db.lock"]
