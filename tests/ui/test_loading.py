"""A deck read off the window's thread: the window keeps painting, a slow one (a
PowerPoint file's first conversion) says what happens and can be given up."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from facilitator.core.errors import FormatError, Problem
from facilitator.ui.loading import Cancelled, load_with_progress, preparing_words

TALK = Path("/decks/talk.pptx")


class SlowLoad:
    """A load that returns (or raises) once released, as a conversion does."""

    def __init__(self, result):
        self.result = result
        self.release = threading.Event()
        self.thread = None

    def __call__(self, path: Path):
        self.thread = threading.current_thread()
        assert self.release.wait(10)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def _progress_dialog() -> QProgressDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.isVisible()), None)


def test_the_window_keeps_its_thread_while_a_deck_loads(qtbot):
    load = SlowLoad("the workshop")
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(1))
    timer.start()
    QTimer.singleShot(300, load.release.set)
    assert load_with_progress(load, TALK, None) == "the workshop"
    timer.stop()
    assert load.thread is not threading.main_thread() and len(ticks) >= 5


def test_a_slow_load_says_what_happens_and_cancel_gives_up(qtbot):
    load = SlowLoad("the workshop")
    seen = []

    def cancel_once_shown():
        dialog = _progress_dialog()
        if dialog is None:
            QTimer.singleShot(50, cancel_once_shown)
            return
        seen.append(dialog.labelText())
        dialog.findChild(QPushButton).click()  # as the trainer does

    QTimer.singleShot(50, cancel_once_shown)
    with pytest.raises(Cancelled):
        load_with_progress(load, TALK, None)
    load.release.set()  # the conversion finishes in the background, unheard
    assert seen == ["Preparing talk.pptx… (first opening converts it with LibreOffice)"]


def test_a_deck_that_cannot_be_read_raises_its_problems(qtbot):
    error = FormatError([Problem(TALK, 0, "LibreOffice is not installed")])
    load = SlowLoad(error)
    load.release.set()
    with pytest.raises(FormatError) as raised:
        load_with_progress(load, TALK, None)
    assert raised.value is error


@pytest.mark.parametrize("name, words", [
    ("talk.pptx", "Preparing talk.pptx… (first opening converts it with LibreOffice)"),
    ("talk.pdf", "Opening talk.pdf…"),
    ("talk.md", "Opening talk.md…"),
])
def test_the_words_say_when_a_conversion_is_coming(name, words):
    assert preparing_words(Path(name)) == words
