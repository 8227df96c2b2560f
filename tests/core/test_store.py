import errno
import os
import sqlite3
import threading

import pytest

from facilitator.core.errors import StorageFault
from facilitator.core.health import HealthChanged, storage_cause
from facilitator.core.migrations import migrations
from facilitator.core.session import LiveSession
from facilitator.core.store import Store

TABLES = {
    "workshops", "sessions", "slide_visits", "attendees", "polls", "responses",
    "items", "upvotes", "certificates", "certificate_history", "settings", "join_keys",
    "commitments",
}


def table_names(store: Store) -> set[str]:
    return set(store.db.table_names()) - {"_sqlite_migrations"}


def test_migrations_build_the_schema_in_an_empty_file(tmp_path):
    store = Store.open(tmp_path / "new.db")
    assert table_names(store) == TABLES
    assert [m.name for m in migrations.applied(store.db)] == [
        "m001_initial", "m002_certificate_records", "m003_settings", "m004_join_keys",
        "m005_upvote_counts", "m006_commitments",
    ]
    store.close()


def test_migrations_run_again_change_nothing(tmp_path):
    path = tmp_path / "again.db"
    Store.open(path).close()
    store = Store.open(path)
    assert len(migrations.applied(store.db)) == 6 and migrations.pending(store.db) == []
    assert table_names(store) == TABLES
    store.close()


def test_file_database_uses_wal(tmp_path):
    store = Store.open(tmp_path / "wal.db")
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: sync() fsyncs
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_sync_fsyncs_the_write_ahead_log(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "sync.db")
    store.workshop_id("deck.md", "Deck", 1.0)
    synced = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")))
    store.sync()
    assert synced == [str(tmp_path / "sync.db-wal")]
    store.close()


def test_concurrent_syncs_share_fsyncs(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "group.db")
    store.workshop_id("deck.md", "Deck", 1.0)
    real_fsync, calls = os.fsync, []
    callers = 32
    arrived = threading.Semaphore(0)  # one release for each caller on its way into sync()

    def fsync_once_all_arrived(fd):
        calls.append(fd)
        if len(calls) == 1:  # the first fsync lasts until every caller is waiting for one
            for _ in range(callers):
                assert arrived.acquire(timeout=30)
        real_fsync(fd)

    def caller():
        arrived.release()
        store.sync()

    monkeypatch.setattr(os, "fsync", fsync_once_all_arrived)
    threads = [threading.Thread(target=caller) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(calls) <= 4
    store.close()


def test_a_failed_fsync_is_raised_and_retried_by_the_next_caller(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "retry.db")
    store.workshop_id("deck.md", "Deck", 1.0)
    real_fsync = os.fsync

    def failing(fd):
        monkeypatch.setattr(os, "fsync", real_fsync)
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(StorageFault, match="the disk reports an input/output error"):
        store.sync()
    store.sync()
    store.close()


def test_sync_of_a_memory_database_does_nothing(fresh_store):
    fresh_store.sync()


def test_open_creates_missing_folders(tmp_path):
    store = Store.open(tmp_path / "deep" / "er" / "data.db")
    assert (tmp_path / "deep" / "er" / "data.db").exists()
    store.close()


def test_a_failed_transaction_writes_nothing(fresh_store):
    with pytest.raises(RuntimeError):
        with fresh_store.transaction():
            fresh_store.workshop_id("deck.md", "Deck", 1.0)
            raise RuntimeError("boom")
    assert fresh_store.db.execute("SELECT count(*) FROM workshops").fetchone()[0] == 0


def test_writes_are_committed_before_the_call_returns(tmp_path):
    path = tmp_path / "commit.db"
    store = Store.open(path)
    workshop = store.workshop_id("deck.md", "Deck", 1.0)
    session = store.create_session(workshop, "Deck", "ABCDE", "secret", 1.0)
    store.add_attendee(session, "Ana", "token", 2.0)
    # A second connection sees the row without the first one closing or committing again.
    other = sqlite3.connect(path)
    assert other.execute("SELECT name FROM attendees").fetchall() == [("Ana",)]
    other.close()
    store.close()


def test_one_response_per_attendee_per_poll(fresh_store):
    workshop = fresh_store.workshop_id("deck.md", "Deck", 1.0)
    session = fresh_store.create_session(workshop, "Deck", "ABCDE", "secret", 1.0)
    attendee = fresh_store.add_attendee(session, "Ana", "token", 2.0)
    poll = fresh_store.create_poll(session, "pick", "single_choice", {}, 0, 3.0)
    fresh_store.save_response(poll, attendee.id, 1, None, None, 4.0)
    fresh_store.save_response(poll, attendee.id, 2, None, None, 5.0)
    (response,) = fresh_store.responses(poll)
    assert (response.answer, response.submitted_at, response.updated_at) == (2, 4.0, 5.0)


def test_recent_sessions_newest_first_with_attendee_counts(fresh_store):
    workshop = fresh_store.workshop_id("deck.md", "Deck", 1.0)
    first = fresh_store.create_session(workshop, "Deck", "AAAAA", "s1", 10.0)
    second = fresh_store.create_session(workshop, "Deck", "BBBBB", "s2", 20.0)
    fresh_store.add_attendee(first, "Ana", "t1", 11.0)
    fresh_store.add_attendee(first, "Bo", "t2", 12.0)
    listing = fresh_store.recent_sessions()
    assert [(s.id, s.attendees) for s in listing] == [(second, 0), (first, 2)]


def test_session_codes_are_unique(fresh_store):
    workshop = fresh_store.workshop_id("deck.md", "Deck", 1.0)
    fresh_store.create_session(workshop, "Deck", "ABCDE", "s1", 1.0)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_store.create_session(workshop, "Deck", "ABCDE", "s2", 2.0)


def test_a_savepoint_undoes_its_own_writes_alone(fresh_store):
    with fresh_store.transaction():
        fresh_store.set_setting("kept", "1")
        with pytest.raises(RuntimeError), fresh_store.savepoint():
            fresh_store.set_setting("undone", "2")
            raise RuntimeError("injected fault")
        with fresh_store.savepoint():
            fresh_store.set_setting("also kept", "3")
    assert [fresh_store.setting(k) for k in ("kept", "undone", "also kept")] == ["1", None, "3"]


# -- the disk's faults, in words ------------------------------------------------------


@pytest.fixture
def filling_store(tmp_path):
    """A file store and a way to fill its disk (SQLite's own page limit: a genuine
    SQLITE_FULL) and to make room again."""
    store = Store.open(tmp_path / "full.db")

    def disk_full(full: bool = True) -> None:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0] if full else 1_000_000
        store.db.execute(f"PRAGMA max_page_count = {pages}")

    yield store, disk_full
    store.close()


def fill(session, count: int = 200) -> list[Exception]:
    """Join `count` people with long names; the failures."""
    failures = []
    for i in range(count):
        try:
            session.join(f"Attendee {i} with a name long enough to need pages of its own")
        except Exception as error:
            failures.append(error)
    return failures


def test_a_full_disk_is_one_fault_in_words_and_one_health_change(filling_store, workshop, clock):
    store, disk_full = filling_store
    heard = []
    store.health.events.subscribe(heard.append)
    session = LiveSession.start(store, workshop, clock)
    disk_full()
    failures = fill(session)
    assert failures and all(isinstance(f, StorageFault) for f in failures)
    assert {f.cause for f in failures} == {"the disk is full"}
    assert heard == [HealthChanged("the disk is full")]
    # The session's mirror agrees with what was saved.
    assert session.state().attendees == store.attendee_count(session.id) == 200 - len(failures)
    disk_full(False)
    session.join("Back again")
    assert heard == [HealthChanged("the disk is full"), HealthChanged(None)]
    assert store.health.cause is None


def test_a_transaction_that_changes_nothing_does_not_pass_for_recovery(filling_store, workshop, clock):
    store, disk_full = filling_store
    session = LiveSession.start(store, workshop, clock)
    disk_full()
    assert fill(session)
    session.go_to_slide(session.current_slide)  # nothing to write: proves nothing
    with store.transaction():
        store.attendee_count(session.id)
    assert store.health.cause == "the disk is full"


def test_a_read_only_database_while_running_is_a_fault_in_words(filling_store, workshop, clock):
    store, _ = filling_store
    session = LiveSession.start(store, workshop, clock)
    store.db.execute("PRAGMA query_only = 1")
    with pytest.raises(StorageFault, match="the database file has become read-only"):
        session.join("Ana")
    assert session.state().attendees == 0


def test_a_failed_fsync_is_a_fault_in_words(filling_store, monkeypatch):
    store, _ = filling_store
    store.workshop_id("deck.md", "Deck", 1.0)

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StorageFault, match="the disk is full"):
        store.sync()
    assert store.health.cause == "the disk is full"


def test_other_database_errors_are_not_taken_for_the_disk(fresh_store):
    workshop = fresh_store.workshop_id("deck.md", "Deck", 1.0)
    session = fresh_store.create_session(workshop, "Deck", "ABCDE", "secret", 1.0)
    fresh_store.add_attendee(session, "Ana", "token", 2.0)
    with pytest.raises(sqlite3.IntegrityError):
        fresh_store.add_attendee(session, "Bo", "token", 3.0)
    assert fresh_store.health.cause is None


def sqlite_error(code: int, name: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(name)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize("error, cause", [
    (sqlite_error(13, "database or disk is full"), "the disk is full"),
    (sqlite_error(8 | (3 << 8), "attempt to write a readonly database"), "the database file has become read-only"),
    (sqlite_error(10 | (4 << 8), "disk I/O error"), "the disk reports an input/output error"),
    (sqlite_error(11, "database disk image is malformed"), "the database file is damaged"),
    (sqlite_error(5, "database is locked"), "another program is holding the database"),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    (OSError(errno.EROFS, "Read-only file system"), "the disk has become read-only"),
    (OSError(errno.EIO, "Input/output error"), "the disk reports an input/output error"),
    (OSError(errno.ENXIO, "No such device or address"), "the disk reports: No such device or address"),
    (sqlite_error(19, "UNIQUE constraint failed"), None),
    (sqlite_error(1, "no such table: x"), None),
    (sqlite3.ProgrammingError("Cannot operate on a closed database."), None),
    (ValueError("not the disk"), None),
])
def test_storage_causes_in_words(error, cause):
    assert storage_cause(error) == cause
