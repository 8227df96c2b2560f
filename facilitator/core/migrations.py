"""The store's schema, as numbered migrations (applied in order, each once).

A migration is never edited once released: a change to the schema is a new migration.
Each runs in a transaction with the record of it having run, so a crash half-way leaves
the file as it was before.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("facilitator")


def _run(db: Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run one by one.
    for statement in statements.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    _run(db, """
    CREATE TABLE workshops (
        id INTEGER PRIMARY KEY,
        deck_path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id),
        title TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        trainer_secret TEXT NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        current_slide INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE slide_visits (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        slide_index INTEGER NOT NULL,
        entered_at REAL NOT NULL,
        left_at REAL
    );
    CREATE INDEX slide_visits_by_session ON slide_visits(session_id);
    CREATE TABLE attendees (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        name TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        joined_at REAL NOT NULL,
        last_seen_at REAL NOT NULL
    );
    CREATE INDEX attendees_by_session ON attendees(session_id);
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        exercise_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        definition TEXT NOT NULL,
        slide_index INTEGER,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        revealed INTEGER NOT NULL DEFAULT 0,
        opened_at REAL NOT NULL,
        closed_at REAL,
        UNIQUE (session_id, exercise_id)
    );
    CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        poll_id INTEGER NOT NULL REFERENCES polls(id),
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        answer TEXT NOT NULL,
        score INTEGER,
        elapsed REAL,
        submitted_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        UNIQUE (poll_id, attendee_id)
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        poll_id INTEGER NOT NULL REFERENCES polls(id),
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        text TEXT NOT NULL,
        request_id TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        UNIQUE (attendee_id, request_id)
    );
    CREATE INDEX items_by_poll ON items(poll_id);
    CREATE TABLE upvotes (
        item_id INTEGER NOT NULL REFERENCES items(id),
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        created_at REAL NOT NULL,
        PRIMARY KEY (item_id, attendee_id)
    );
    CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions(id),
        attendee_id INTEGER REFERENCES attendees(id),
        number TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        issued_at REAL NOT NULL,
        pdf_sha256 TEXT,
        payload TEXT
    );
    CREATE INDEX certificates_by_session ON certificates(session_id)
    """)


@migrations(name="m002_certificate_records")
def m002_certificate_records(db: Database) -> None:
    """What re-issuing and reprinting certificates need: the key that says who a
    certificate is for (so a reprint finds it), its serial within its year, the signed
    facts, and the history of the names it carried before a correction."""
    _run(db, """
    ALTER TABLE certificates ADD COLUMN issue_key TEXT;
    ALTER TABLE certificates ADD COLUMN serial INTEGER;
    ALTER TABLE certificates ADD COLUMN facts TEXT;
    ALTER TABLE certificates ADD COLUMN updated_at REAL;
    CREATE UNIQUE INDEX certificates_by_issue_key ON certificates(issue_key);
    CREATE TABLE certificate_history (
        id INTEGER PRIMARY KEY,
        certificate_id INTEGER NOT NULL REFERENCES certificates(id),
        name TEXT NOT NULL,
        facts TEXT,
        payload TEXT,
        pdf_sha256 TEXT,
        issued_at REAL NOT NULL,
        replaced_at REAL NOT NULL
    );
    CREATE INDEX certificate_history_by_certificate ON certificate_history(certificate_id)
    """)


@migrations(name="m003_settings")
def m003_settings(db: Database) -> None:
    """What the organizer set once for every workshop run from this laptop, such as
    their own name and their organisation's, by key."""
    _run(db, """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """)


@migrations(name="m004_join_keys")
def m004_join_keys(db: Database) -> None:
    """The key a phone sends with Join, so that a Join sent again before its answer
    arrived (a second tap, a retry over bad Wi-Fi) finds the attendee it made."""
    _run(db, """
    CREATE TABLE join_keys (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        join_key TEXT NOT NULL,
        attendee_id INTEGER NOT NULL REFERENCES attendees(id),
        PRIMARY KEY (session_id, join_key)
    )
    """)


@migrations(name="m005_upvote_counts")
def m005_upvote_counts(db: Database) -> None:
    """Each item keeps its upvote count, kept by triggers in the very statement that adds
    or removes an upvote: reading a board's top items, or one attendee's, then costs the
    same on a board of ten items or thousands. Existing counts are filled in."""
    _run(db, """
    ALTER TABLE items ADD COLUMN upvotes INTEGER NOT NULL DEFAULT 0;
    UPDATE items SET upvotes = (SELECT count(*) FROM upvotes u WHERE u.item_id = items.id);
    CREATE INDEX items_by_rank ON items(poll_id, hidden, upvotes DESC, created_at, id);
    CREATE INDEX items_by_author ON items(poll_id, attendee_id, hidden);
    CREATE INDEX upvotes_by_attendee ON upvotes(attendee_id, item_id)
    """)
    # One statement each: a trigger's body holds semicolons of its own.
    db.execute(
        "CREATE TRIGGER upvote_counted AFTER INSERT ON upvotes BEGIN"
        " UPDATE items SET upvotes = upvotes + 1 WHERE id = new.item_id; END"
    )
    db.execute(
        "CREATE TRIGGER upvote_uncounted AFTER DELETE ON upvotes BEGIN"
        " UPDATE items SET upvotes = upvotes - 1 WHERE id = old.item_id; END"
    )


@migrations(name="m006_commitments")
def m006_commitments(db: Database) -> None:
    """Each attendee's one commitment at the end of the session (what they will do next,
    and by when), one row per attendee, replaced when they change it. `item_id` is the
    room's idea it was picked from, if it was."""
    _run(db, """
    CREATE TABLE commitments (
        attendee_id INTEGER PRIMARY KEY REFERENCES attendees(id),
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        action TEXT NOT NULL,
        due TEXT NOT NULL,
        item_id INTEGER REFERENCES items(id),
        updated_at REAL NOT NULL
    );
    CREATE INDEX commitments_by_session ON commitments(session_id)
    """)
