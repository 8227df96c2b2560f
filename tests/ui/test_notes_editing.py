"""Editing a slide's notes in the presenter window: saved to a PDF deck's pdfpc file,
refused with the reason for a deck whose notes live elsewhere."""

from __future__ import annotations

import pytest

from facilitator.core.clock import ManualClock
from facilitator.core.session import LiveSession
from facilitator.core.workshop import load_workshop
from facilitator.ui.controller import PresenterController
from facilitator.ui.presenter import PresenterWindow
from tests.paged import beamer_talk

from .test_controller import JOIN_URL, FakeAudience

LABELS = ["1", "2", "3"]


@pytest.fixture
def talk(tmp_path):
    return beamer_talk(tmp_path, LABELS, {1: "Ask who posts\nminutes: 3"})


@pytest.fixture
def window(qtbot):
    window = PresenterWindow("Talk", JOIN_URL, JOIN_URL + "/remote")
    qtbot.addWidget(window)
    return window


def _controller(store, workshop, window) -> PresenterController:
    controller = PresenterController(LiveSession.start(store, workshop, ManualClock()), JOIN_URL,
                                     window, FakeAudience())
    window.notes_saved.connect(controller.save_notes)  # as the app wires them
    controller.refresh()
    return controller


def test_notes_edited_are_saved_to_the_pdfpc_file_their_settings_kept(fresh_store, talk, window):
    controller = _controller(fresh_store, load_workshop(talk), window)
    controller.session.go_to_slide(1)
    controller.show_slide(1)
    assert window.edit_notes_button.isVisibleTo(window)
    controller.edit_notes()
    assert window.notes.toPlainText() == "Ask who posts" and not window.notes.isReadOnly()
    window.notes.setPlainText("Ask who posts, and where")
    window.save_notes_button.click()
    saved = load_workshop(talk).deck.slides[1]
    assert (saved.notes, saved.minutes) == ("Ask who posts, and where", 3)
    assert not window.editing_notes and window.notes.toPlainText() == "Ask who posts, and where"


def test_a_refused_save_says_why_in_the_window_and_keeps_the_text(fresh_store, workshop, window):
    controller = _controller(fresh_store, workshop, window)
    assert not window.edit_notes_button.isVisibleTo(window)  # a Markdown deck's notes are in it
    controller.edit_notes()
    window.notes.setPlainText("Words to keep")
    window.save_notes_button.click()
    assert window.editing_notes and window.notes.toPlainText() == "Words to keep"
    assert window.notes_error.isVisibleTo(window)
    assert window.notes_error.text() == (
        "Not saved: edit the notes in the deck file, test.md: they are the comment that ends each slide")


def test_an_edit_under_way_keeps_its_text_and_its_slide_when_the_slide_changes(fresh_store, talk, window):
    controller = _controller(fresh_store, load_workshop(talk), window)
    controller.edit_notes()
    window.notes.setPlainText("For the first slide")
    controller.session.go_to_slide(2)
    controller.show_slide(2)  # the remote moved on meanwhile
    assert window.notes.toPlainText() == "For the first slide"
    window.save_notes_button.click()
    assert load_workshop(talk).deck.slides[0].notes == "For the first slide"
    assert window.notes.toPlainText() == "(no notes for this slide)"  # slide 3's, shown again
