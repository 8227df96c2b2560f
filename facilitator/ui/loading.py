"""Reading a workshop off the window's thread.

A Markdown deck or a PDF reads in milliseconds, but a PowerPoint deck is converted to
PDF by LibreOffice the first time it is opened (and after each edit), which takes
seconds: the window must keep painting, and the trainer must be able to give up.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from facilitator.core.workshop import Workshop

from .words import _

# A load quicker than this shows no dialog at all (a flash would only distract).
PROGRESS_AFTER_MS = 400
CONVERTED_SUFFIXES = {".pptx"}  # decks drawn from a conversion


def preparing_words(path: Path) -> str:
    """What the trainer reads while `path` loads."""
    if path.suffix.lower() in CONVERTED_SUFFIXES:
        return _("Preparing {file}… (first opening converts it with LibreOffice)", file=path.name)
    return _("Opening {file}…", file=path.name)


class WorkshopLoad(QObject):
    """`load(path)` run on a worker thread; `finished` carries the Workshop or what it
    raised (a FormatError for a deck that cannot be read), on the thread this object
    lives on. A load given up is never heard."""

    finished = Signal(object)
    # Emitted on the worker thread, delivered (queued) on this object's thread.
    _delivered = Signal(object)

    def __init__(self, load: Callable[[Path], Workshop], path: Path):
        super().__init__()
        self.path = path
        self._load = load
        self.abandoned = False
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        _RUNNING.add(self)  # kept until its result arrives, even once given up
        threading.Thread(target=self._run, name=f"load {self.path.name}", daemon=True).start()

    def abandon(self) -> None:
        """Give up: the worker finishes (a conversion stays in its cache for next
        time), its result is dropped."""
        self.abandoned = True

    def _run(self) -> None:
        try:
            result: Workshop | Exception = self._load(self.path)
        except Exception as error:  # noqa: BLE001 - raised again on the window's thread
            result = error
        self._delivered.emit(result)

    def _deliver(self, result: object) -> None:
        _RUNNING.discard(self)
        if not self.abandoned:
            self.finished.emit(result)


_RUNNING: set[WorkshopLoad] = set()


def start_loading(load: Callable[[Path], Workshop], path: Path) -> WorkshopLoad:
    """A WorkshopLoad of `path`, started."""
    loading = WorkshopLoad(load, path)
    loading.start()
    return loading


class Cancelled(Exception):
    """The trainer gave up waiting for a deck to load."""


def load_with_progress(load: Callable[[Path], Workshop], path: Path, parent: QWidget | None) -> Workshop:
    """`load(path)` on a worker thread while the window keeps painting, with a dialog
    naming what happens and a Cancel button once it takes a moment. Raises the
    FormatError of a deck that cannot be read, or Cancelled."""
    loop = QEventLoop()
    outcome: list[object] = []
    loading = start_loading(load, path)
    loading.finished.connect(lambda result: (outcome.append(result), loop.quit()))
    dialog = QProgressDialog(preparing_words(path), _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle("Facilitator")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_AFTER_MS)
    dialog.canceled.connect(loop.quit)
    # Shown by this timer, not by progress reported: a conversion reports none.
    QTimer.singleShot(PROGRESS_AFTER_MS, dialog, lambda: outcome or dialog.show())
    try:
        if not outcome:
            loop.exec()
    finally:
        dialog.reset()
        dialog.deleteLater()
    if not outcome:
        loading.abandon()
        raise Cancelled(path)
    result = outcome[0]
    if isinstance(result, Exception):
        raise result
    return result
