"""Live reload of an imported deck: the notes, the settings and the pages it is read
from are watched; it is read off the window's thread; a broken edit keeps the last good
version."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from facilitator.core.errors import FormatError, Problem
from facilitator.core.workshop import load_workshop
from facilitator.ui import reload as reload_module
from facilitator.ui.reload import WorkshopWatcher, imported_files
from tests.paged import draw_pdf, with_pages


@pytest.fixture
def workshop(workshop_dir):
    """The test workshop drawn from a PDF beside it, each slide a page."""
    deck_path = workshop_dir / "slides" / "test.md"
    markdown = load_workshop(deck_path)
    pdf = draw_pdf(workshop_dir / "slides" / "test.pdf", len(markdown.deck.slides))
    return with_pages(markdown, pdf, {s.index: (s.index,) for s in markdown.deck.slides})


@pytest.fixture
def reads(monkeypatch, workshop):
    """Each read of the deck: the thread it ran on; it gives the workshop with new notes."""
    threads = []

    def read(path):
        threads.append(threading.current_thread())
        first = replace(workshop.deck.slides[0], notes=f"Read {len(threads)} times")
        return replace(workshop, deck=replace(workshop.deck, slides=(first, *workshop.deck.slides[1:])))

    monkeypatch.setattr(reload_module, "load_workshop", read)
    return threads


@pytest.fixture
def watcher(session, qtbot):
    watcher = WorkshopWatcher(session)
    yield watcher
    watcher.close()


def test_an_imported_deck_is_watched_with_its_pages_notes_and_settings(workshop):
    folder = workshop.deck.path.parent
    assert imported_files(workshop.deck) == [folder / "test.pdf", folder / "test.pdfpc",
                                             folder / "test.facilitator.yaml"]


@pytest.mark.parametrize("name", ["test.pdfpc", "test.facilitator.yaml"])
def test_writing_the_notes_or_the_settings_reloads_off_the_windows_thread(
        qtbot, session, watcher, reads, workshop, name):
    (workshop.deck.path.parent / name).write_text("{}", encoding="utf-8")
    qtbot.waitUntil(lambda: session.workshop.deck.slides[0].notes.startswith("Read"), timeout=5000)
    assert reads and threading.main_thread() not in reads


def test_a_broken_edit_keeps_the_last_good_deck_and_names_its_problems(qtbot, session, watcher,
                                                                        monkeypatch, workshop):
    def broken(path):
        raise FormatError([Problem(path, 3, "unknown exercise 'nope'")])

    monkeypatch.setattr(reload_module, "load_workshop", broken)
    with qtbot.waitSignal(watcher.problems_changed, timeout=5000) as problems:
        watcher.reload()
    assert problems.args == [[f"{workshop.deck.path}:3: unknown exercise 'nope'"]]
    assert session.workshop is workshop
