"""Loading the deck again when it is edited on disk, while the session runs.

An imported deck is watched with what goes with it: the PDF drawn (a PowerPoint file's
conversion), the pdfpc notes and the companion file of settings. Reading it again may
convert a PowerPoint file again, which takes seconds: it is read off the window's
thread, and the session carries on with it once it is read.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from facilitator.core.errors import FormatError
from facilitator.core.readers import files_read_for
from facilitator.core.session import LiveSession
from facilitator.core.workshop import Workshop, exercises_folder_for, load_workshop

from .loading import WorkshopLoad, start_loading
from .words import words

DEBOUNCE_MS = 300  # editors write a file in several steps; wait for the last one


class WorkshopWatcher(QObject):
    """Watches the deck, its exercises and its handout content; reloads on a change.

    A broken edit changes nothing on screen: the session keeps the last good workshop
    and the problems (file:line) are signalled until an edit fixes them.
    """

    #: The problems of the last edit, one "file:line: message" each; empty once fixed.
    problems_changed = Signal(list)

    def __init__(self, session: LiveSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        self._watcher.fileChanged.connect(self._timer.start)
        self._watcher.directoryChanged.connect(self._timer.start)
        self._loading: WorkshopLoad | None = None
        self._again = False  # an edit arrived while the last one was being read
        self._watch(session.workshop)

    def _watch(self, workshop: Workshop) -> None:
        deck = workshop.deck
        folder = exercises_folder_for(deck)
        # Editors often save by replacing the file, which drops it from the watch list:
        # watch the files and their folders, and renew the list after every reload.
        paths = {str(deck.path.resolve()), str(deck.path.resolve().parent), str(folder)}
        paths |= {str(folder / f"{eid}.toml") for eid in deck.exercise_ids}
        if deck.handout is not None:
            paths.add(str(deck.handout))
        # An imported deck's notes and settings files, and the PDF drawn (a conversion).
        paths |= {str(path) for path in files_read_for(deck)}
        if deck.page_file is not None:
            paths.add(str(deck.page_file))
        current = set(self._watcher.files()) | set(self._watcher.directories())
        if current - paths:
            self._watcher.removePaths(list(current - paths))
        missing = [p for p in paths - current]
        if missing:
            self._watcher.addPaths(missing)

    def close(self) -> None:
        """Stop watching; deleted on its own thread (see SessionBridge.close)."""
        self._timer.stop()
        if self._loading is not None:
            self._loading.abandon()
        self._watcher.removePaths(self._watcher.files() + self._watcher.directories())
        self.deleteLater()

    def reload(self) -> None:
        """Read the deck again, off the window's thread; one read at a time, and one
        more after it when the files changed meanwhile."""
        if self._loading is not None:
            self._again = True
            return
        self._loading = start_loading(load_workshop, self.session.workshop.deck.path)
        self._loading.finished.connect(self._loaded)

    def _loaded(self, result: object) -> None:
        self._loading = None
        if isinstance(result, FormatError):
            self.problems_changed.emit([problem.said(words()) for problem in result.problems])
            self._watch(self.session.workshop)
        elif isinstance(result, Exception):
            raise result
        else:
            self.session.reload(result)
            self._watch(result)
            self.problems_changed.emit([])
        if self._again:
            self._again = False
            self.reload()

