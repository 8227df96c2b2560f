"""Live reload of a PDF deck: its notes (pdfpc), its settings (the companion file) and the
PDF itself are watched; it is read off the window's thread; a broken edit keeps the last
good version."""

from __future__ import annotations

import threading

import pytest

from facilitator.core.clock import ManualClock
from facilitator.core.imported import companion_path_for
from facilitator.core.session import LiveSession
from facilitator.core.workshop import load_workshop
from facilitator.ui import reload as reload_module
from facilitator.ui.reload import WorkshopWatcher
from tests.deck_files import pdfpc_pages, write_pdfpc
from tests.paged import beamer_talk

LABELS = ["1", "2", "2", "3"]  # a Beamer deck: slide 2 has two overlays


@pytest.fixture
def talk(tmp_path):
    return beamer_talk(tmp_path, LABELS, {0: "Welcome"})


@pytest.fixture
def session(fresh_store, talk):
    return LiveSession.start(fresh_store, load_workshop(talk), ManualClock())


@pytest.fixture
def threads(monkeypatch):
    """The threads the deck is read on, each time it is read."""
    read_on = []

    def read(path):
        read_on.append(threading.current_thread())
        return load_workshop(path)

    monkeypatch.setattr(reload_module, "load_workshop", read)
    return read_on


@pytest.fixture
def watcher(session, qtbot):
    watcher = WorkshopWatcher(session)
    yield watcher
    watcher.close()


def test_an_edited_pdfpc_note_shows_read_off_the_windows_thread(qtbot, session, watcher, threads, talk):
    write_pdfpc(talk.with_suffix(".pdfpc"), pdfpc_pages({0: "Welcome, everyone"}, LABELS))
    qtbot.waitUntil(lambda: session.workshop.deck.slides[0].notes == "Welcome, everyone", timeout=5000)
    assert threads and threading.main_thread() not in threads


def test_a_companion_file_written_during_the_session_applies(qtbot, session, watcher, talk):
    companion_path_for(talk).write_text("slides:\n  3:\n    minutes: 4\n", encoding="utf-8")
    qtbot.waitUntil(lambda: session.workshop.deck.slides[2].minutes == 4, timeout=5000)


def test_a_broken_companion_file_keeps_the_last_good_deck_and_names_its_problem(qtbot, session, watcher, talk):
    workshop = session.workshop
    with qtbot.waitSignal(watcher.problems_changed, timeout=5000) as problems:
        companion_path_for(talk).write_text("durration: 5\n", encoding="utf-8")
    assert problems.args[0] and "talk.facilitator.yaml:1" in problems.args[0][0]
    assert session.workshop is workshop
