"""Checks a database file before the store writes anything to it.

A file that is not a database, cut off, damaged, read-only or written by a newer version
is refused with one `StoreUnusable` saying why in words, and is left byte for byte as it
was. First what Python can see without SQLite (the 100-byte header, the size, the
permissions), then what SQLite sees through a read-only connection (a quick integrity
check, the migrations applied).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .errors import StoreUnusable
from .translation import Message, plural_message

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100

RESTORE = Message("Restore it from a backup, or use another database file")
ANOTHER_FILE = Message("Use another database file")


def sidecars(path: Path) -> tuple[Path, Path]:
    """The files SQLite keeps beside a database in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def check_file(path: Path, *, writable: bool) -> bool:
    """Refuse a file no SQLite connection should open; True if it exists already.

    Reads at most the header: nothing is created, written or locked.
    """
    if path.is_dir():
        raise StoreUnusable(path, Message("it is a folder, not a file"), ANOTHER_FILE)
    if not path.exists():
        if not writable:
            raise StoreUnusable(path, Message("there is no such file"), ANOTHER_FILE)
        folder = _nearest_existing(path.parent)
        if not folder.is_dir():
            raise StoreUnusable(path, Message("{folder} is a file, not a folder", folder=str(folder)), ANOTHER_FILE)
        if not _may_write(folder):
            raise StoreUnusable(path, Message("the folder {folder} cannot be written", folder=str(folder)), ANOTHER_FILE)
        return False
    try:
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError as error:
        raise StoreUnusable(
            path, Message("it cannot be read ({reason})", reason=error.strerror or str(error)),
            Message("Give yourself permission to read it, or use another database file"),
        ) from None
    size = path.stat().st_size
    if size:  # an empty file is a new, empty database to SQLite
        _check_header(path, header, size)
    if writable:
        if not _may_write(path):
            raise StoreUnusable(
                path, Message("it is read-only"),
                Message("Make it writable again (its file permissions), or use another database file"),
            )
        if not _may_write(path.parent):
            raise StoreUnusable(
                path, Message("its folder {folder} cannot be written, and SQLite keeps its journal beside"
                              " the database", folder=str(path.parent)), ANOTHER_FILE,
            )
    return True


def _check_header(path: Path, header: bytes, size: int) -> None:
    if not header.startswith(SQLITE_MAGIC[:len(header)]):
        raise StoreUnusable(path, Message("it is not a database (it does not begin as an SQLite file does)"),
                            ANOTHER_FILE)
    if len(header) < HEADER_BYTES:
        raise StoreUnusable(path, plural_message(
            "it is too short to be a database ({count} byte): it may have been cut off while being copied",
            "it is too short to be a database ({count} bytes): it may have been cut off while being copied",
            size), RESTORE)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise StoreUnusable(path, Message("its header is damaged (no valid page size)"), RESTORE)
    # The page count in the header is only kept by SQLite since 3.7.0; it is valid when
    # the change counter and the "version valid for" number agree.
    if header[24:28] == header[92:96]:
        expected = int.from_bytes(header[28:32], "big") * page_size
        if size < expected:
            raise StoreUnusable(path, Message("it is cut off: {size} of its {expected} bytes are there",
                                              size=size, expected=expected), RESTORE)


def inspect(path: Path, migrations: Migrations, *, writable: bool) -> None:
    """Refuse a database that is damaged, another program's, newer than this version
    (or, to read only, older: the reads would not find what they ask for).

    Reads through a read-only connection; in WAL mode that connection may create the
    `-wal` and `-shm` files, which the caller removes if they were not there before.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise StoreUnusable(path, Message("SQLite cannot open it ({reason})", reason=str(error)), RESTORE) from None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise StoreUnusable(path, Message("it is damaged (SQLite finds: {problem})", problem=problems[0]), RESTORE)
        db = Database(conn)
        applied = [m.name for m in migrations.applied(db)]
        tables = [t for t in db.table_names() if t != migrations.migrations_table]
    except sqlite3.DatabaseError as error:
        raise StoreUnusable(path, Message("it is damaged (SQLite says: {reason})", reason=str(error)), RESTORE) from None
    finally:
        conn.close()
    known = [m.name for m in migrations.pending(Database(memory=True))]  # all of them
    newer = [name for name in applied if name not in known]
    if newer:
        raise StoreUnusable(
            path, Message("it was written by a newer version of Facilitator (its schema has {migrations})",
                          migrations=", ".join(newer)),
            Message("Update Facilitator to open it, or use another database file"),
        )
    if not applied and tables:
        raise StoreUnusable(path, Message("it holds another program's tables, not Facilitator's"), ANOTHER_FILE)
    if not writable and len(applied) < len(known):
        raise StoreUnusable(
            path, Message("it holds no Facilitator records yet") if not applied
            else Message("it was written by an older version of Facilitator and is brought up to date only"
                         " when opened for a session"),
            Message("Open it once with the app or `facilitator serve`, then try again"),
        )


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _may_write(path: Path) -> bool:
    """Whether this process may write `path`. A file or folder with no write permission
    for anyone was made read-only on purpose: refused even to an administrator, whom
    os.access would let through."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
