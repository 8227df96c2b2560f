"""Loading the deck again when it is edited on disk, while the session runs."""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from facilitator.core.errors import FormatError
from facilitator.core.session import LiveSession
from facilitator.core.workshop import Workshop, exercises_folder_for, load_workshop

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
        current = set(self._watcher.files()) | set(self._watcher.directories())
        if current - paths:
            self._watcher.removePaths(list(current - paths))
        missing = [p for p in paths - current]
        if missing:
            self._watcher.addPaths(missing)

    def close(self) -> None:
        """Stop watching; deleted on its own thread (see SessionBridge.close)."""
        self._timer.stop()
        self._watcher.removePaths(self._watcher.files() + self._watcher.directories())
        self.deleteLater()

    def reload(self) -> None:
        try:
            workshop = load_workshop(self.session.workshop.deck.path)
        except FormatError as error:
            self.problems_changed.emit([str(problem) for problem in error.problems])
            return
        finally:
            self._watch(self.session.workshop)
        self.session.reload(workshop)
        self._watch(workshop)
        self.problems_changed.emit([])
