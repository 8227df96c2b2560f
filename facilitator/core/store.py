"""The session store: one SQLite file (WAL) through sqlite-utils.

Every write is committed before the call returns, so a write survives the app being
killed. Surviving a power cut takes an fsync of the write-ahead log: commits run with
`synchronous=NORMAL` (no fsync of their own, ten times faster here than FULL) and
`sync()` makes every commit so far durable, one fsync shared by all the callers waiting
at that moment. The phone server calls it before it tells an attendee "saved".

One connection is shared by the UI thread and the phone server's thread, guarded by a
lock: SQLite serialises writers anyway, and at a workshop's scale one connection is fast.
One process owns a database at a time (core.ownership), and a file that cannot be used
is refused before anything is written to it (core.database_file). While running, the
disk's faults (full, read-only, failing) are raised as one `StorageFault` with the cause
in words, and `health` tells who listens when saving fails and when it works again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database

from .clock import Clock, SystemClock
from .database_file import RESTORE, check_file, inspect, sidecars
from .errors import StorageFault, StoreInUse, StoreUnusable
from .health import StoreHealth, storage_cause
from .migrations import migrations
from .ownership import DatabaseLock
from .translation import Message

CHECKPOINT_SECONDS = 1.0
BACKSTOP_CHECKPOINT_PAGES = 20_000  # 80 MB of log


@dataclass(frozen=True)
class SessionRecord:
    id: int
    workshop_id: int
    title: str
    deck_path: str
    code: str
    trainer_secret: str
    started_at: float
    ended_at: float | None
    current_slide: int

    @property
    def ended(self) -> bool:
        return self.ended_at is not None


@dataclass(frozen=True)
class SessionListing:
    """A session as the start screen lists it."""

    id: int
    title: str
    deck_path: str
    started_at: float
    ended_at: float | None
    attendees: int


@dataclass(frozen=True)
class Attendee:
    id: int
    session_id: int
    name: str
    token: str
    joined_at: float
    last_seen_at: float


@dataclass(frozen=True)
class PollRecord:
    id: int
    session_id: int
    exercise_id: str
    kind: str
    definition: dict
    slide_index: int | None
    state: str  # "open" or "closed"
    revealed: bool
    opened_at: float
    closed_at: float | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class ResponseRecord:
    id: int
    poll_id: int
    attendee_id: int
    answer: Any
    score: int | None
    elapsed: float | None
    submitted_at: float
    updated_at: float


@dataclass(frozen=True)
class Item:
    """An idea or a question posted on a board, with its upvote count."""

    id: int
    poll_id: int
    attendee_id: int
    text: str
    hidden: bool
    answered: bool
    created_at: float
    upvotes: int


@dataclass(frozen=True)
class Commitment:
    """What an attendee will do next, and by when, as they said it at the end."""

    attendee_id: int
    session_id: int
    action: str
    due: str
    item_id: int | None  # the room's idea it was picked from; None when typed
    updated_at: float


@dataclass(frozen=True)
class CertificateRecord:
    """A certificate as issued: who it is for, its number, what it states (the signed
    facts and the QR payload) and the hash of the PDF it was last written into."""

    id: int
    session_id: int | None
    attendee_id: int | None
    issue_key: str | None  # who it is for, e.g. "session:3/attendee:17"
    number: str
    serial: int | None
    name: str
    facts: dict | None
    payload: str | None
    pdf_sha256: str | None
    issued_at: float
    updated_at: float | None


@dataclass(frozen=True)
class CertificateHistoryRecord:
    """What a certificate said before a correction re-issued it."""

    id: int
    certificate_id: int
    name: str
    facts: dict | None
    payload: str | None
    pdf_sha256: str | None
    issued_at: float
    replaced_at: float


def _connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


class Store:
    """Typed reads and writes of the session database. No rules live here."""

    def __init__(self, conn: sqlite3.Connection, *, owned: DatabaseLock | None = None,
                 read_only: bool = False, tidy: tuple[Path, ...] = ()):
        self.db = Database(conn)
        self.lock = threading.RLock()
        self.health = StoreHealth()
        self.read_only = read_only
        self._owned = owned
        self._tidy = tidy  # files only this store's reading made, removed at close
        self._changes_at_fault = 0
        self._closed = False
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        self.path = self.db.execute("PRAGMA database_list").fetchone()[2] or None
        if self.path and not read_only:
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            # Checkpoints copy the log into the database and fsync it: milliseconds that
            # would stall whichever thread commits. sync() runs them off that thread; the
            # automatic one stays as a backstop for sessions nobody syncs.
            self.db.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_CHECKPOINT_PAGES}")
            self.db.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
        if not read_only:
            migrations.apply(self.db)
        self._wal_fd: int | None = None
        self._sync = threading.Condition()
        self._sync_tickets = 0  # callers so far
        self._sync_done = 0  # callers whose commits an fsync has covered
        self._syncing = False
        self._checkpointer: sqlite3.Connection | None = None
        self._checkpointed_at = 0.0
        self._checkpointing = False

    @classmethod
    def open(cls, path: Path | str, *, owner: str = "Facilitator", read_only: bool = False,
             clock: Clock | None = None) -> "Store":
        """The store of the database at `path`, created if missing, owned by this process
        (`owner` says what it is, for the message another process shows).

        Raises StoreUnusable, StoreInUse when another process owns it, with the file
        left as it was. To read only (`read_only`), the store opens while another process
        owns the database: WAL readers see its last commit and never block it. A reader
        that finds the database free owns it while it reads, so that it may remove the
        -wal and -shm files its reading made.
        """
        path = Path(path)
        exists = check_file(path, writable=not read_only)
        before = {p for p in sidecars(path) if p.exists()}
        made = tuple(p for p in sidecars(path) if p not in before)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        lock = DatabaseLock(path)
        held = _acquire(lock, path, owner, (clock or SystemClock()).now(), read_only)
        if not held and not read_only:
            raise StoreInUse(path, lock.owner())
        # Files a reader made while another process owns the database are that owner's.
        tidy = made if held else ()
        try:
            if exists:
                try:
                    inspect(path, migrations, writable=not read_only)
                finally:
                    _remove(tidy)
            return cls._connected(path, owned=lock if held else None, read_only=read_only,
                                  tidy=tidy if read_only else ())
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _connected(cls, path: Path, **options) -> "Store":
        conn = _connect(path, read_only=options["read_only"])
        try:
            return cls(conn, **options)
        except sqlite3.Error as error:
            conn.close()
            cause = storage_cause(error) or Message("SQLite says: {reason}", reason=str(error))
            raise StoreUnusable(path, Message("it cannot be opened ({cause})", cause=cause), RESTORE) from None

    @classmethod
    def in_memory(cls) -> "Store":
        return cls(_connect(":memory:"))

    def close(self) -> None:
        """Sync, close, and let go of the database; raises StorageFault if the last
        sync failed, once everything is closed. Closing again does nothing."""
        with self.lock:
            if self._closed:
                return
            self._closed = True
            try:
                self.sync()
            finally:
                if self._wal_fd is not None:
                    os.close(self._wal_fd)
                    self._wal_fd = None
                if self._checkpointer is not None:
                    self._checkpointer.close()
                self.db.close()
                _remove(self._tidy)
                if self._owned is not None:
                    self._owned.release()

    def sync(self) -> None:
        """Return once every commit made before the call is on disk (group fsync).

        A caller that arrives while an fsync is running waits for the next one, which
        covers everyone who arrived meanwhile: N waiting callers cost one or two fsyncs.
        Now and then the caller that synced also checkpoints, after the others are free.
        """
        if self.path is None or self.read_only:
            return
        with self._sync:
            self._sync_tickets += 1
            ticket = self._sync_tickets
            while self._sync_done < ticket:
                if self._syncing:
                    self._sync.wait()
                    continue
                self._syncing = True
                covered = self._sync_tickets
                synced = False
                self._sync.release()
                try:
                    self._fsync_wal()
                    synced = True
                except OSError as error:
                    self._fault(error)
                    raise
                finally:
                    self._sync.acquire()
                    self._syncing = False
                    if synced:
                        self._sync_done = max(self._sync_done, covered)
                    self._sync.notify_all()
            due = not self._checkpointing and time.monotonic() - self._checkpointed_at >= CHECKPOINT_SECONDS
            self._checkpointing = self._checkpointing or due
        if due:
            self._checkpoint()

    def _fsync_wal(self) -> None:
        if self._wal_fd is None:
            try:
                self._wal_fd = os.open(f"{self.path}-wal", os.O_RDWR)
            except FileNotFoundError:
                return  # nothing written since the last checkpoint
        os.fsync(self._wal_fd)

    def _checkpoint(self) -> None:
        """Copy the log into the database without waiting for readers or writers:
        they carry on meanwhile, and so do the next fsyncs."""
        try:
            if self._checkpointer is None:
                self._checkpointer = sqlite3.connect(self.path, check_same_thread=False)
            self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:
            # Housekeeping: the log keeps what the commits wrote, and a later checkpoint
            # copies it. The commits themselves succeeded; their callers must hear so.
            if storage_cause(error) is None:
                raise
        finally:
            with self._sync:
                self._checkpointed_at = time.monotonic()
                self._checkpointing = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together, or none do."""
        with self.lock:
            try:
                with self.db.atomic():
                    yield
            except sqlite3.Error as error:
                self._fault(error)
                raise
            self._saved()

    def _fault(self, error: BaseException) -> None:
        """Raise a StorageFault if `error` is the disk's fault, telling `health`; return
        for any other error, for the caller to raise as it is."""
        cause = storage_cause(error)
        if cause is not None:
            self._changes_at_fault = self.db.conn.total_changes
            self.health.trouble(cause)
            raise StorageFault(cause) from error

    def _saved(self) -> None:
        """After a statement or transaction that did not fail: when saving had failed,
        a change committed since says it works again (a read proves nothing)."""
        if (self.health.cause is not None and not self.db.conn.in_transaction
                and self.db.conn.total_changes > self._changes_at_fault):
            self.health.recovered()

    def _execute(self, sql: str, params: tuple) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as error:
            self._fault(error)
            raise

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: the writes within are undone alone if they fail, and the
        transaction goes on. (Lighter than a nested transaction(): no name to make.)"""
        # The connection's own execute: a savepoint writes nothing to the disk, and this
        # runs once per vote.
        conn = self.db.conn
        conn.execute("SAVEPOINT one_of_many")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # some failures end the whole transaction
                conn.execute("ROLLBACK TO one_of_many")
                conn.execute("RELEASE one_of_many")
            raise
        conn.execute("RELEASE one_of_many")

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is still open: some failures end it from the inside."""
        return self.db.conn.in_transaction

    def _one(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        with self.lock:
            return self._execute(sql, params).fetchone()

    def _by_id(self, sql: str, row_id: object) -> sqlite3.Row | None:
        """The row `sql` finds by `row_id`, or None. An id from a phone or a command line
        may be anything: SQLite cannot even look up an integer past 64 bits, and True is
        not an id."""
        if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**63:
            return None
        return self._one(sql, (row_id,))

    def _all(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._execute(sql, params).fetchall()

    def _insert(self, sql: str, params: tuple) -> int:
        with self.lock:
            row_id = self._execute(sql, params).lastrowid
            self._saved()
            return row_id

    def _write(self, sql: str, params: tuple) -> int:
        with self.lock:
            count = self._execute(sql, params).rowcount
            self._saved()
            return count

    # -- workshops and sessions ------------------------------------------------------

    def workshop_id(self, deck_path: str, title: str, now: float) -> int:
        row = self._one("SELECT id FROM workshops WHERE deck_path = ?", (deck_path,))
        if row is not None:
            self._write("UPDATE workshops SET title = ? WHERE id = ?", (title, row["id"]))
            return row["id"]
        return self._insert(
            "INSERT INTO workshops (deck_path, title, created_at) VALUES (?, ?, ?)",
            (deck_path, title, now),
        )

    def create_session(
        self, workshop_id: int, title: str, code: str, trainer_secret: str, now: float
    ) -> int:
        return self._insert(
            "INSERT INTO sessions (workshop_id, title, code, trainer_secret, started_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (workshop_id, title, code, trainer_secret, now),
        )

    _SESSION = (
        "SELECT s.*, w.deck_path FROM sessions s JOIN workshops w ON w.id = s.workshop_id"
    )

    def session(self, session_id: int) -> SessionRecord | None:
        row = self._by_id(f"{self._SESSION} WHERE s.id = ?", session_id)
        return _session(row) if row else None

    def session_by_code(self, code: str) -> SessionRecord | None:
        row = self._one(f"{self._SESSION} WHERE s.code = ?", (code.upper(),))
        return _session(row) if row else None

    def code_in_use(self, code: str) -> bool:
        return self._one("SELECT 1 FROM sessions WHERE code = ?", (code,)) is not None

    def recent_sessions(self, limit: int = 20) -> list[SessionListing]:
        rows = self._all(
            "SELECT s.id, s.title, w.deck_path, s.started_at, s.ended_at,"
            " (SELECT count(*) FROM attendees a WHERE a.session_id = s.id) AS attendees"
            " FROM sessions s JOIN workshops w ON w.id = s.workshop_id"
            " ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
            (limit,),
        )
        return [SessionListing(**dict(row)) for row in rows]

    def latest_unended_session(self) -> int | None:
        """The most recent session not ended: the one a restart after a crash carries on."""
        row = self._one(
            "SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1"
        )
        return row["id"] if row else None

    def set_current_slide(self, session_id: int, index: int, now: float) -> None:
        self._write(
            "UPDATE slide_visits SET left_at = ? WHERE session_id = ? AND left_at IS NULL",
            (now, session_id),
        )
        self._insert(
            "INSERT INTO slide_visits (session_id, slide_index, entered_at) VALUES (?, ?, ?)",
            (session_id, index, now),
        )
        self._write("UPDATE sessions SET current_slide = ? WHERE id = ?", (index, session_id))

    def slide_entered_at(self, session_id: int) -> float | None:
        row = self._one(
            "SELECT entered_at FROM slide_visits WHERE session_id = ? AND left_at IS NULL",
            (session_id,),
        )
        return row["entered_at"] if row else None

    def seconds_per_slide(self, session_id: int, now: float) -> dict[int, float]:
        rows = self._all(
            "SELECT slide_index, sum(coalesce(left_at, ?) - entered_at) AS seconds"
            " FROM slide_visits WHERE session_id = ? GROUP BY slide_index",
            (now, session_id),
        )
        return {row["slide_index"]: row["seconds"] for row in rows}

    def end_session(self, session_id: int, now: float) -> None:
        self._write(
            "UPDATE slide_visits SET left_at = ? WHERE session_id = ? AND left_at IS NULL",
            (now, session_id),
        )
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (now, session_id))

    # -- attendees -------------------------------------------------------------------

    def add_attendee(self, session_id: int, name: str, token: str, now: float) -> Attendee:
        attendee_id = self._insert(
            "INSERT INTO attendees (session_id, name, token, joined_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (session_id, name, token, now, now),
        )
        return Attendee(attendee_id, session_id, name, token, now, now)

    def attendee(self, attendee_id: int) -> Attendee | None:
        row = self._by_id("SELECT * FROM attendees WHERE id = ?", attendee_id)
        return Attendee(**dict(row)) if row else None

    def attendee_by_token(self, token: str) -> Attendee | None:
        row = self._one("SELECT * FROM attendees WHERE token = ?", (token,))
        return Attendee(**dict(row)) if row else None

    def attendee_by_join_key(self, session_id: int, join_key: str) -> Attendee | None:
        row = self._one(
            "SELECT a.* FROM join_keys k JOIN attendees a ON a.id = k.attendee_id"
            " WHERE k.session_id = ? AND k.join_key = ?",
            (session_id, join_key),
        )
        return Attendee(**dict(row)) if row else None

    def add_join_key(self, session_id: int, join_key: str, attendee_id: int) -> None:
        self._insert(
            "INSERT INTO join_keys (session_id, join_key, attendee_id) VALUES (?, ?, ?)",
            (session_id, join_key, attendee_id),
        )

    def attendees(self, session_id: int) -> list[Attendee]:
        rows = self._all(
            "SELECT * FROM attendees WHERE session_id = ? ORDER BY joined_at, id", (session_id,)
        )
        return [Attendee(**dict(row)) for row in rows]

    def attendee_count(self, session_id: int) -> int:
        row = self._one("SELECT count(*) FROM attendees WHERE session_id = ?", (session_id,))
        return row[0]

    def rename_attendee(self, attendee_id: int, name: str) -> None:
        self._write("UPDATE attendees SET name = ? WHERE id = ?", (name, attendee_id))

    def touch_attendee(self, attendee_id: int, now: float) -> None:
        self._write("UPDATE attendees SET last_seen_at = ? WHERE id = ?", (now, attendee_id))

    # -- polls -----------------------------------------------------------------------

    def create_poll(
        self, session_id: int, exercise_id: str, kind: str, definition: dict,
        slide_index: int | None, now: float,
    ) -> int:
        return self._insert(
            "INSERT INTO polls (session_id, exercise_id, kind, definition, slide_index,"
            " state, opened_at) VALUES (?, ?, ?, ?, ?, 'open', ?)",
            (session_id, exercise_id, kind, json.dumps(definition), slide_index, now),
        )

    def poll(self, poll_id: int) -> PollRecord | None:
        row = self._one("SELECT * FROM polls WHERE id = ?", (poll_id,))
        return _poll(row) if row else None

    def poll_for_exercise(self, session_id: int, exercise_id: str) -> PollRecord | None:
        row = self._one(
            "SELECT * FROM polls WHERE session_id = ? AND exercise_id = ?",
            (session_id, exercise_id),
        )
        return _poll(row) if row else None

    def polls(self, session_id: int) -> list[PollRecord]:
        rows = self._all("SELECT * FROM polls WHERE session_id = ? ORDER BY id", (session_id,))
        return [_poll(row) for row in rows]

    def reopen_poll(self, poll_id: int) -> None:
        self._write("UPDATE polls SET state = 'open', closed_at = NULL WHERE id = ?", (poll_id,))

    def close_poll(self, poll_id: int, now: float) -> None:
        self._write("UPDATE polls SET state = 'closed', closed_at = ? WHERE id = ?", (now, poll_id))

    def set_revealed(self, poll_id: int, revealed: bool) -> None:
        self._write("UPDATE polls SET revealed = ? WHERE id = ?", (int(revealed), poll_id))

    # -- responses -------------------------------------------------------------------

    def response(self, poll_id: int, attendee_id: int) -> ResponseRecord | None:
        row = self._one(
            "SELECT * FROM responses WHERE poll_id = ? AND attendee_id = ?",
            (poll_id, attendee_id),
        )
        return _response(row) if row else None

    def responses(self, poll_id: int) -> list[ResponseRecord]:
        rows = self._all("SELECT * FROM responses WHERE poll_id = ? ORDER BY id", (poll_id,))
        return [_response(row) for row in rows]

    def answer_counts(self, poll_id: int) -> list[tuple[Any, int]]:
        """Each distinct answer to a poll and how many gave it (counted by SQLite)."""
        rows = self._all(
            "SELECT answer, count(*) FROM responses WHERE poll_id = ? GROUP BY answer", (poll_id,)
        )
        return [(json.loads(answer), n) for answer, n in rows]

    def response_count(self, poll_id: int) -> int:
        return self._one("SELECT count(*) FROM responses WHERE poll_id = ?", (poll_id,))[0]

    def save_response(
        self, poll_id: int, attendee_id: int, answer: Any, score: int | None,
        elapsed: float | None, now: float,
    ) -> int:
        """Insert or replace an attendee's answer; returns the response's id."""
        with self.lock:
            return self._execute(
                "INSERT INTO responses (poll_id, attendee_id, answer, score, elapsed,"
                " submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (poll_id, attendee_id) DO UPDATE SET answer = excluded.answer,"
                " score = excluded.score, elapsed = excluded.elapsed,"
                " updated_at = excluded.updated_at RETURNING id",
                (poll_id, attendee_id, json.dumps(answer, ensure_ascii=False), score, elapsed, now, now),
            ).fetchone()[0]

    def quiz_scores(self, session_id: int) -> list[tuple[Attendee, int, int]]:
        """(attendee, total points, correct answers) for everyone who answered a quiz."""
        rows = self._all(
            "SELECT a.*, sum(r.score) AS points, sum(r.score > 0) AS correct"
            " FROM responses r JOIN polls p ON p.id = r.poll_id"
            " JOIN attendees a ON a.id = r.attendee_id"
            " WHERE p.session_id = ? AND p.kind = 'quiz' GROUP BY a.id",
            (session_id,),
        )
        result = []
        for row in rows:
            data = dict(row)
            points, correct = data.pop("points"), data.pop("correct")
            result.append((Attendee(**data), points or 0, correct or 0))
        return result

    # -- boards: ideas and questions -------------------------------------------------

    def add_item(
        self, poll_id: int, attendee_id: int, text: str, request_id: str | None, now: float
    ) -> int:
        return self._insert(
            "INSERT INTO items (poll_id, attendee_id, text, request_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (poll_id, attendee_id, text, request_id, now),
        )

    _ITEM_COLUMNS = (
        "SELECT i.id, i.poll_id, i.attendee_id, i.text, i.hidden, i.answered, i.created_at,"
        " i.upvotes"
    )
    _ITEM = f"{_ITEM_COLUMNS} FROM items i"
    # The order boards show: most upvoted first, then oldest first (tally.rank_items).
    _RANKED = " ORDER BY i.upvotes DESC, i.created_at, i.id"

    def item(self, item_id: int) -> Item | None:
        row = self._by_id(f"{self._ITEM} WHERE i.id = ?", item_id)
        return _item(row) if row else None

    def item_by_request(self, attendee_id: int, request_id: str) -> Item | None:
        row = self._one(
            f"{self._ITEM} WHERE i.attendee_id = ? AND i.request_id = ?", (attendee_id, request_id)
        )
        return _item(row) if row else None

    def items(self, poll_id: int) -> list[Item]:
        rows = self._all(f"{self._ITEM} WHERE i.poll_id = ? ORDER BY i.id", (poll_id,))
        return [_item(row) for row in rows]

    def items_by_ids(self, item_ids: list[int]) -> list[Item]:
        marks = ", ".join("?" * len(item_ids))
        rows = self._all(f"{self._ITEM} WHERE i.id IN ({marks}) ORDER BY i.id", tuple(item_ids))
        return [_item(row) for row in rows]

    def items_by(self, poll_id: int, attendee_id: int) -> list[Item]:
        """One attendee's posts on a board, oldest first (an index lookup)."""
        # Sorted here: ORDER BY would lead SQLite to walk the whole board in id order.
        rows = self._all(
            f"{self._ITEM} WHERE i.poll_id = ? AND i.attendee_id = ?", (poll_id, attendee_id)
        )
        return sorted((_item(row) for row in rows), key=lambda item: item.id)

    def top_items(
        self, poll_id: int, limit: int, *, hidden: bool = False, after: Item | None = None
    ) -> list[Item]:
        """Up to `limit` visible items (or hidden ones) in board order, from the top or
        from just after `after`: a walk along an index, whatever the board's size."""
        where, params = "i.poll_id = ? AND i.hidden = ?", [poll_id, int(hidden)]
        if after is not None:
            where += (
                " AND (i.upvotes < ? OR (i.upvotes = ? AND (i.created_at, i.id) > (?, ?)))"
            )
            params += [after.upvotes, after.upvotes, after.created_at, after.id]
        rows = self._all(f"{self._ITEM} WHERE {where}{self._RANKED} LIMIT ?", (*params, limit))
        return [_item(row) for row in rows]

    def newest_items(self, poll_id: int, limit: int) -> list[Item]:
        """The last `limit` items posted, hidden or not, newest first."""
        rows = self._all(
            f"{self._ITEM} WHERE i.poll_id = ? ORDER BY i.id DESC LIMIT ?", (poll_id, limit)
        )
        return [_item(row) for row in rows]

    def item_counts(self, poll_id: int) -> tuple[int, int, int]:
        """(visible items, hidden items, attendees with a visible post), read from the
        indexes alone."""
        row = self._one(
            "SELECT coalesce(sum(hidden = 0), 0), coalesce(sum(hidden), 0),"
            " (SELECT count(DISTINCT attendee_id) FROM items WHERE poll_id = ? AND hidden = 0)"
            " FROM items WHERE poll_id = ?",
            (poll_id, poll_id),
        )
        return tuple(row)

    def set_item_flags(self, item_id: int, *, hidden: bool, answered: bool) -> None:
        self._write(
            "UPDATE items SET hidden = ?, answered = ? WHERE id = ?",
            (int(hidden), int(answered), item_id),
        )

    def has_upvoted(self, item_id: int, attendee_id: int) -> bool:
        return self._one(
            "SELECT 1 FROM upvotes WHERE item_id = ? AND attendee_id = ?", (item_id, attendee_id)
        ) is not None

    def add_upvote(self, item_id: int, attendee_id: int, now: float) -> None:
        # The item's count follows by a trigger, in the same statement (m005).
        self._insert(
            "INSERT INTO upvotes (item_id, attendee_id, created_at) VALUES (?, ?, ?)",
            (item_id, attendee_id, now),
        )

    def remove_upvote(self, item_id: int, attendee_id: int) -> None:
        self._write(
            "DELETE FROM upvotes WHERE item_id = ? AND attendee_id = ?", (item_id, attendee_id)
        )

    def upvoted_by(self, poll_id: int, attendee_id: int, limit: int | None = None) -> list[Item]:
        """The items of a board an attendee has upvoted, the latest first (by the
        attendee's index, whatever the board's size)."""
        rows = self._all(
            # CROSS JOIN keeps this order: the attendee's upvotes first, not the board.
            f"{self._ITEM_COLUMNS} FROM upvotes u CROSS JOIN items i ON i.id = u.item_id"
            " WHERE u.attendee_id = ? AND i.poll_id = ? ORDER BY u.created_at DESC, i.id DESC"
            " LIMIT ?",
            (attendee_id, poll_id, -1 if limit is None else limit),
        )
        return [_item(row) for row in rows]

    # -- commitments -----------------------------------------------------------------

    def save_commitment(self, commitment: Commitment) -> None:
        self._write(
            "INSERT INTO commitments (attendee_id, session_id, action, due, item_id, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (attendee_id) DO UPDATE SET"
            " action = excluded.action, due = excluded.due, item_id = excluded.item_id,"
            " updated_at = excluded.updated_at",
            (commitment.attendee_id, commitment.session_id, commitment.action, commitment.due,
             commitment.item_id, commitment.updated_at),
        )

    def commitment(self, attendee_id: int) -> Commitment | None:
        row = self._one("SELECT * FROM commitments WHERE attendee_id = ?", (attendee_id,))
        return Commitment(**dict(row)) if row else None

    def commitments(self, session_id: int) -> list[Commitment]:
        rows = self._all(
            "SELECT * FROM commitments WHERE session_id = ? ORDER BY attendee_id", (session_id,)
        )
        return [Commitment(**dict(row)) for row in rows]

    # -- settings --------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self._write(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- certificates ----------------------------------------------------------------

    def certificate_by_key(self, issue_key: str) -> CertificateRecord | None:
        row = self._one("SELECT * FROM certificates WHERE issue_key = ?", (issue_key,))
        return _certificate(row) if row else None

    def certificate_by_number(self, number: str) -> CertificateRecord | None:
        row = self._one("SELECT * FROM certificates WHERE number = ?", (number.strip().upper(),))
        return _certificate(row) if row else None

    def certificates(self, session_id: int | None = None) -> list[CertificateRecord]:
        """Every certificate issued, or those of one session, in the order issued."""
        if session_id is None:
            rows = self._all("SELECT * FROM certificates ORDER BY id")
        else:
            rows = self._all(
                "SELECT * FROM certificates WHERE session_id = ? ORDER BY id", (session_id,)
            )
        return [_certificate(row) for row in rows]

    def next_certificate_serial(self, number_prefix: str) -> int:
        """One more than the highest serial among numbers starting with `number_prefix`
        (e.g. "FAC-2026-"); call inside the transaction that adds the certificate.
        A row from before serials were stored counts by the digits its number has there."""
        row = self._one(
            "SELECT max(coalesce(serial, CAST(substr(number, ? + 1) AS INTEGER)))"
            " FROM certificates WHERE substr(number, 1, ?) = ?",
            (len(number_prefix), len(number_prefix), number_prefix),
        )
        return (row[0] or 0) + 1

    def add_certificate(
        self, *, session_id: int | None, attendee_id: int | None, issue_key: str | None,
        number: str, serial: int | None, name: str, facts: dict, payload: str, now: float,
    ) -> CertificateRecord:
        certificate_id = self._insert(
            "INSERT INTO certificates (session_id, attendee_id, issue_key, number, serial, name,"
            " facts, payload, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session_id, attendee_id, issue_key, number, serial, name,
             json.dumps(facts, ensure_ascii=False, sort_keys=True), payload, now),
        )
        return self.certificate(certificate_id)

    def certificate(self, certificate_id: int) -> CertificateRecord | None:
        row = self._one("SELECT * FROM certificates WHERE id = ?", (certificate_id,))
        return _certificate(row) if row else None

    def reissue_certificate(
        self, certificate_id: int, *, name: str, facts: dict, payload: str, now: float
    ) -> CertificateRecord:
        """Replace what a certificate states (same number): the previous name, facts,
        payload and hash go to its history first."""
        with self.transaction():
            self._write(
                "INSERT INTO certificate_history (certificate_id, name, facts, payload,"
                " pdf_sha256, issued_at, replaced_at) SELECT id, name, facts, payload,"
                " pdf_sha256, coalesce(updated_at, issued_at), ? FROM certificates WHERE id = ?",
                (now, certificate_id),
            )
            self._write(
                "UPDATE certificates SET name = ?, facts = ?, payload = ?, pdf_sha256 = NULL,"
                " updated_at = ? WHERE id = ?",
                (name, json.dumps(facts, ensure_ascii=False, sort_keys=True), payload, now,
                 certificate_id),
            )
        return self.certificate(certificate_id)

    def set_certificate_hash(self, certificate_ids: list[int], pdf_sha256: str) -> None:
        """Record the SHA-256 of the PDF these certificates were just written into."""
        with self.transaction():
            for certificate_id in certificate_ids:
                self._write(
                    "UPDATE certificates SET pdf_sha256 = ? WHERE id = ?",
                    (pdf_sha256, certificate_id),
                )

    def certificate_history(self, certificate_id: int) -> list[CertificateHistoryRecord]:
        rows = self._all(
            "SELECT * FROM certificate_history WHERE certificate_id = ? ORDER BY id",
            (certificate_id,),
        )
        result = []
        for row in rows:
            data = dict(row)
            data["facts"] = json.loads(data["facts"]) if data["facts"] else None
            result.append(CertificateHistoryRecord(**data))
        return result


def _acquire(lock: DatabaseLock, database: Path, owner: str, now: float, read_only: bool) -> bool:
    """Whether this process now owns the database. A reader in a folder it cannot write
    reads without owning (there is nothing it could tidy up anyway)."""
    try:
        return lock.acquire(owner, now)
    except OSError as error:
        if read_only:
            return False
        raise StoreUnusable(
            database, Message("its lock file {file} cannot be used ({reason})", file=str(lock.path),
                              reason=error.strerror or str(error)),
            Message("Remove that file if no Facilitator is running, or use another database file"),
        ) from None


def _remove(paths: tuple[Path, ...]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _certificate(row: sqlite3.Row) -> CertificateRecord:
    data = dict(row)
    data["facts"] = json.loads(data["facts"]) if data["facts"] else None
    return CertificateRecord(**data)


def _session(row: sqlite3.Row) -> SessionRecord:
    return SessionRecord(**dict(row))


def _poll(row: sqlite3.Row) -> PollRecord:
    data = dict(row)
    data["definition"] = json.loads(data["definition"])
    data["revealed"] = bool(data["revealed"])
    return PollRecord(**data)


def _response(row: sqlite3.Row) -> ResponseRecord:
    data = dict(row)
    data["answer"] = json.loads(data["answer"])
    return ResponseRecord(**data)


def _item(row: sqlite3.Row) -> Item:
    data = dict(row)
    data["hidden"] = bool(data["hidden"])
    data["answered"] = bool(data["answered"])
    return Item(**data)
