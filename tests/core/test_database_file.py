"""A database that cannot be used is refused at start in words, and left as it was."""

import hashlib
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from facilitator.core.errors import StoreUnusable
from facilitator.core.store import Store
from facilitator.core.translation import translator


def make_database(path: Path) -> Path:
    """A healthy database of this version, closed (no -wal or -shm beside it)."""
    with closing(Store.open(path)) as store:
        workshop = store.workshop_id("deck.md", "Deck", 1.0)
        store.create_session(workshop, "Deck", "ABCDE", "secret", 1.0)
    return path


def cut(path: Path, size: int) -> None:
    path.write_bytes(path.read_bytes()[:size])


def damage_a_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xff" * 4096  # a table's page, not the header
    path.write_bytes(bytes(data))


def add_migration(path: Path, name: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('facilitator', ?, '2031-01-01')", (name,))


def another_programs(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")


BROKEN = {
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 20), "it is not a database"),
    "a text file": (lambda p: p.write_bytes(b"name,email\nAna,ana@example.org\n"), "it is not a database"),
    "cut to the header": (lambda p: cut(p, 40), "it is too short to be a database (40 bytes)"),
    "truncated": (lambda p: cut(p, 3000), "it is cut off: 3,000 of its"),
    "a damaged page": (damage_a_page, "it is damaged"),
    "a newer schema": (lambda p: add_migration(p, "m999_from_the_future"),
                       "written by a newer version of Facilitator (its schema has m999_from_the_future)"),
    "another program's": (another_programs, "another program's tables"),
    "read-only": (lambda p: p.chmod(0o444), "it is read-only"),
}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("breaking, cause", BROKEN.values(), ids=BROKEN.keys())
def test_an_unusable_database_is_refused_and_left_byte_for_byte(tmp_path, breaking, cause):
    path = make_database(tmp_path / "records.db")
    breaking(path)
    before = snapshot(tmp_path)
    with pytest.raises(StoreUnusable) as refused:
        Store.open(path)
    assert refused.value.path == path and cause in refused.value.cause
    assert refused.value.what_to_do and str(path) in str(refused.value)
    assert snapshot(tmp_path) == before  # no -wal, -shm or lock file left either


def test_a_wal_database_with_a_newer_schema_leaves_no_files_behind(tmp_path):
    """A WAL database makes even a read-only connection create -wal and -shm."""
    path = make_database(tmp_path / "records.db")
    add_migration(path, "m999_from_the_future")
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    before = snapshot(tmp_path)
    with pytest.raises(StoreUnusable, match="newer version"):
        Store.open(path, read_only=True)
    assert snapshot(tmp_path) == before


def test_a_folder_in_place_of_the_file_is_refused(tmp_path):
    (tmp_path / "records.db").mkdir()
    with pytest.raises(StoreUnusable, match="it is a folder, not a file"):
        Store.open(tmp_path / "records.db")


@pytest.mark.parametrize("below", ["records.db", "more/records.db"], ids=["in it", "deeper"])
def test_a_file_in_place_of_the_folder_is_refused(tmp_path, below):
    (tmp_path / "notes").write_text("kept")
    with pytest.raises(StoreUnusable, match=r"\bnotes is a file, not a folder"):
        Store.open(tmp_path / "notes" / below)
    assert (tmp_path / "notes").read_text() == "kept"


def test_a_read_only_folder_is_refused_before_sqlite_writes_its_journal_there(tmp_path):
    folder = tmp_path / "kept"
    folder.mkdir()
    path = make_database(folder / "records.db")
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreUnusable, match=r"its folder .*kept cannot be written"):
            Store.open(path)
        with pytest.raises(StoreUnusable, match=r"the folder .*kept cannot be written"):
            Store.open(folder / "new.db")
    finally:
        folder.chmod(0o755)
    assert snapshot(folder) == before


def test_an_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with closing(Store.open(path)) as store:
        assert store.recent_sessions() == []


def test_reading_only_needs_no_write_permission_and_changes_nothing(tmp_path):
    path = make_database(tmp_path / "records.db")
    path.chmod(0o444)
    before = snapshot(tmp_path)
    with closing(Store.open(path, read_only=True)) as store:
        assert [s.title for s in store.recent_sessions()] == ["Deck"]
        assert store.read_only
    assert snapshot(tmp_path) == before


def test_a_reader_opens_beside_the_owner_and_sees_its_commits(tmp_path):
    path = make_database(tmp_path / "records.db")
    with closing(Store.open(path)) as owner:
        owner.add_attendee(1, "Ana", "token", 2.0)
        with closing(Store.open(path, read_only=True)) as reader:
            assert [a.name for a in reader.attendees(1)] == ["Ana"]
        owner.add_attendee(1, "Bo", "token2", 3.0)  # the reader left the owner's files be
    with closing(Store.open(path)) as store:
        assert [a.name for a in store.attendees(1)] == ["Ana", "Bo"]


def test_reading_an_older_schema_asks_for_it_to_be_opened_for_a_session_first(tmp_path):
    path = make_database(tmp_path / "records.db")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_settings'")
        conn.execute("DROP TABLE settings")
    with pytest.raises(StoreUnusable, match="older version of Facilitator"):
        Store.open(path, read_only=True)
    with closing(Store.open(path)) as store:  # opened to write, it is brought up to date
        assert store.setting("anything") is None


def test_reading_a_missing_file_is_refused_without_creating_anything(tmp_path):
    with pytest.raises(StoreUnusable, match="there is no such file"):
        Store.open(tmp_path / "missing.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


def a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def held(path: Path) -> Store:
    """The database owned by a store open on it (this process's own, as another's)."""
    return Store.open(path, owner="facilitator serve")


IN_GERMAN = {
    "a folder": (a_folder, "das ist ein Ordner, keine Datei", "Nimm eine andere Datenbankdatei"),
    "not SQLite": (lambda p: p.write_bytes(b"name,email\nAna,ana@example.org\n"),
                   "das ist keine Datenbank (die Datei beginnt nicht wie eine SQLite-Datei)",
                   "Nimm eine andere Datenbankdatei"),
    "a newer schema": (lambda p: add_migration(p, "m999_from_the_future"),
                       "sie wurde von einer neueren Version von Facilitator geschrieben (ihr Schema enthält "
                       "m999_from_the_future)",
                       "Aktualisiere Facilitator, um sie zu öffnen, oder nimm eine andere Datenbankdatei"),
    "read-only": (lambda p: p.chmod(0o444), "die Datei ist schreibgeschützt",
                  "Heb den Schreibschutz auf (in den Dateiberechtigungen) oder nimm eine andere Datenbankdatei"),
    "cut off": (lambda p: cut(p, 3000), "die Datei ist abgeschnitten: Nur 3.000 von",
                "Stell sie aus einer Sicherung wieder her oder nimm eine andere Datenbankdatei"),
    "in use": (held, "sie wird vom Prozess", "Schließ Facilitator dort zuerst oder nimm eine andere Datenbankdatei"),
}


@pytest.mark.parametrize("breaking, cause, what_to_do", IN_GERMAN.values(), ids=IN_GERMAN.keys())
def test_an_unusable_database_is_refused_in_the_readers_language(tmp_path, breaking, cause, what_to_do):
    path = make_database(tmp_path / "records.db")
    kept = breaking(path)
    try:
        with pytest.raises(StoreUnusable) as refused:
            Store.open(path)
    finally:
        if isinstance(kept, Store):
            kept.close()
    german = translator("de")
    said = german.say(refused.value.cause)
    assert said.startswith(cause) and german.say(refused.value.what_to_do) == what_to_do
    # The whole line, as the commands print it
    assert german.say(refused.value.args[0]) == f"Die Datenbank {path} kann nicht verwendet werden: {said}. {what_to_do}."


@pytest.mark.parametrize("owner, said", [
    ("facilitator serve", "facilitator serve"),  # a command's name, as it is
    ("the Facilitator window", "das Facilitator-Fenster"),  # the app's, as its lock file says it in English
])
def test_a_database_in_use_names_its_owner_in_the_readers_language(tmp_path, owner, said):
    path = make_database(tmp_path / "records.db")
    with closing(Store.open(path, owner=owner)), pytest.raises(StoreUnusable) as refused:
        Store.open(path)
    assert re.fullmatch(rf"sie wird vom Prozess {os.getpid()} verwendet \({said}, seit \d\d:\d\d\)",
                        translator("de").say(refused.value.cause))
