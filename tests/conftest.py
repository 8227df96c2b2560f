"""Fixtures shared by every test package."""

from __future__ import annotations

import locale
import os
import sqlite3
import textwrap
from pathlib import Path
from typing import Callable

# Before anything imports Qt: tests never open a real window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from facilitator.core.clock import ManualClock
from facilitator.core.imported import SourceDeck
from facilitator.core.powerpoint import find_libreoffice, read_powerpoint
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import Workshop, load_workshop
from tests.deck_files import make_talk

# One exercise of every kind, as small as each kind allows.
EXERCISES = {
    "pick-one": 'kind = "single_choice"\nprompt = "Pick one"\noptions = ["Red", "Green", "Blue"]\n',
    "pick-some": 'kind = "multiple_choice"\nprompt = "Pick some"\noptions = ["A", "B", "C", "D"]\nmax_choices = 2\n',
    "rate": 'kind = "scale"\nprompt = "How useful?"\nmin_label = "Not at all"\nmax_label = "Very"\n',
    "rate-many": (
        'kind = "scale"\nprompt = "Rate each"\nmin_label = "No"\nmax_label = "Yes"\n'
        'statements = ["We have a policy", "We train staff"]\n'
    ),
    "words": 'kind = "word_cloud"\nprompt = "One word?"\nmax_entries = 2\n',
    "ideas": 'kind = "ideas"\nprompt = "Your ideas"\n',
    "questions": 'kind = "questions"\nprompt = "Ask me"\n',
    "quiz": (
        'kind = "quiz"\nprompt = "OK to post?"\noptions = ["Yes", "No"]\ncorrect = ["No"]\n'
        "points = 1000\ntime_limit = 20\n"
    ),
    "quiz-untimed": 'kind = "quiz"\nprompt = "Pick both"\noptions = ["A", "B", "C"]\ncorrect = ["A", "B"]\n',
}


def _deck_text(exercise_ids: list[str]) -> str:
    slides = ["<!-- minutes: 1, layout: join -->\n# Join us\n\n<!-- Welcome people. -->"]
    slides += [
        f"<!-- minutes: 1, exercise: {eid} -->\n# {eid}\n\n<!-- Run {eid}. -->"
        for eid in exercise_ids
    ]
    slides.append("<!-- minutes: 1 -->\n# Thanks\n\n<!-- Close. -->")
    duration = len(slides)
    return f"---\ntitle: Test workshop\nduration: {duration}\n---\n\n" + "\n\n---\n\n".join(slides) + "\n"


@pytest.fixture
def write_files(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write {relative path: text} under a temporary folder (text is dedented)."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def workshop_dir(write_files) -> Path:
    """A deck at slides/test.md running one exercise of every kind, in EXERCISES order."""
    files = {f"exercises/{eid}.toml": text for eid, text in EXERCISES.items()}
    files["slides/test.md"] = _deck_text(list(EXERCISES))
    return write_files(files)


@pytest.fixture
def workshop(workshop_dir: Path) -> Workshop:
    return load_workshop(workshop_dir / "slides" / "test.md")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


# Locales whose month names are not English, in the order tried.
OTHER_LOCALES = ("de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8", "nl_NL.UTF-8", "tr_TR.UTF-8")


@pytest.fixture
def other_locale() -> str:
    """The process set to a non-English locale for the test (the first installed one)."""
    saved = locale.setlocale(locale.LC_ALL)
    for name in OTHER_LOCALES:
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        yield name
        locale.setlocale(locale.LC_ALL, saved)
        return
    pytest.skip(f"none of {', '.join(OTHER_LOCALES)} is installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)")


@pytest.fixture
def fresh_store() -> Store:
    store = Store.in_memory()
    yield store
    store.close()


@pytest.fixture
def session(fresh_store: Store, workshop: Workshop, clock: ManualClock) -> LiveSession:
    return LiveSession.start(fresh_store, workshop, clock)


def attended_late(session: LiveSession, clock: ManualClock) -> LiveSession:
    """`session` run for 55 minutes and ended: Ann Lee there throughout, Bo Chen from
    minute 43 on (present for 12 minutes, 22 %)."""
    ann = session.join("Ann Lee")
    clock.advance(43 * 60)
    bo = session.join("Bo Chen")
    clock.advance(12 * 60)
    for attendee in (ann, bo):
        session.mark_seen(attendee.token)
    session.end()
    return session


@pytest.fixture
def late_room(session: LiveSession, clock: ManualClock) -> LiveSession:
    return attended_late(session, clock)


@pytest.fixture
def events(session: LiveSession) -> list:
    """What the session publishes from now on."""
    received = []
    session.events.subscribe(received.append)
    return received


@pytest.fixture
def open_poll(session: LiveSession):
    """Go to the slide running an exercise and open its poll: open_poll("quiz")."""

    def open_(exercise_id: str):
        slide = next(s for s in session.workshop.deck.slides if s.exercise_id == exercise_id)
        session.go_to_slide(slide.index)
        return session.open_poll_for()

    return open_


@pytest.fixture
def rows():
    """Every row of every table of a store: to show that a refused action changed nothing."""

    def read(store: Store) -> dict[str, list[tuple]]:
        tables = [r[0] for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()]
        return {t: [tuple(r) for r in store.db.execute(f'SELECT * FROM "{t}"').fetchall()] for t in tables}

    return read


class _FullDisk:
    """A store's connection that refuses every write as SQLite does on a full disk
    (SQLITE_FULL, "database or disk is full"); reads go through."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT")

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __getattr__(self, name: str):
        return getattr(self.conn, name)

    def execute(self, sql: str, *params):
        if sql.lstrip().upper().startswith(self.WRITES):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode, error.sqlite_errorname = 13, "SQLITE_FULL"
            raise error
        return self.conn.execute(sql, *params)


@pytest.fixture
def disk_full() -> Callable[[Store, bool], None]:
    """Fill a store's disk, disk_full(store), or make room again, disk_full(store, False)."""

    def set_full(store: Store, full: bool = True) -> None:
        with store.lock:
            conn = store.db.conn
            if full and not isinstance(conn, _FullDisk):
                store.db.conn = _FullDisk(conn)
            elif not full and isinstance(conn, _FullDisk):
                store.db.conn = conn.conn

    return set_full


@pytest.fixture(scope="session")
def libreoffice() -> Path:
    found = find_libreoffice()
    if found is None:
        pytest.fail("LibreOffice is missing: `bash .ci/setup --tests` installs it")
    return found


@pytest.fixture(autouse=True, scope="session")
def run_cache_folder(tmp_path_factory) -> Path:
    """The user cache folder, where PowerPoint decks opened by their path are converted:
    one of the run's own (platformdirs reads XDG_CACHE_HOME), not the user's."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def converted_pptx(tmp_path_factory, libreoffice) -> SourceDeck:
    """The deck of tests/deck_files.py `make_talk`, converted by LibreOffice once for the
    whole run (a conversion takes seconds); its cache folder is its page file's folder,
    named as a Windows user's may be (a space, an accent: LibreOffice is given its URI)."""
    folder = tmp_path_factory.mktemp("powerpoint")
    return read_powerpoint(make_talk(folder / "Dana's talk.pptx"), folder / "Dana Müller cache",
                           find_converter=lambda: libreoffice)
