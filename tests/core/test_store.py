import os
import sqlite3
import threading
import time

import pytest

from facilitator.core.migrations import migrations
from facilitator.core.store import Store

TABLES = {
    "workshops", "sessions", "slide_visits", "attendees", "polls", "responses",
    "items", "upvotes", "certificates", "certificate_history", "settings",
}


def table_names(store: Store) -> set[str]:
    return set(store.db.table_names()) - {"_sqlite_migrations"}


def test_migrations_build_the_schema_in_an_empty_file(tmp_path):
    store = Store.open(tmp_path / "new.db")
    assert table_names(store) == TABLES
    assert [m.name for m in migrations.applied(store.db)] == [
        "m001_initial", "m002_certificate_records", "m003_settings", "m005_upvote_counts",
    ]
    store.close()


def test_migrations_run_again_change_nothing(tmp_path):
    path = tmp_path / "again.db"
    Store.open(path).close()
    store = Store.open(path)
    assert len(migrations.applied(store.db)) == 4 and migrations.pending(store.db) == []
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

    def slow_fsync(fd):
        calls.append(fd)
        time.sleep(0.02)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    threads = [threading.Thread(target=store.sync) for _ in range(32)]
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
    with pytest.raises(OSError, match="I/O error"):
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
