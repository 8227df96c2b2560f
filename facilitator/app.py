"""The composition root: builds the store, the session, the phone server and the windows,
and wires them together. Nothing else creates these objects."""

from __future__ import annotations

import signal
import socket
import sys
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from PySide6.QtCore import QEvent, QLocale, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .core.errors import DomainError, FormatError, StoreUnusable
from .core.paths import key_path_for, shipped_decks
from .core.session import LiveSession
from .core.store import Store
from .core.translation import N_, translator
from .core.window_language import (
    WINDOW_LANGUAGE, remember_window_language, system_window_language, window_language,
)
from .core.workshop import load_workshop
from .live.network import DEFAULT_PORT
from .live.server import LiveServer
from .process import say, stopping_on_signals, tune_garbage_collector
from .ui.audience import AudienceWindow, projector_screen
from .ui.bridge import SessionBridge
from .ui.controller import PresenterController
from .ui.database import ask_for_another_database
from .ui.dialogs import Overview, ask_slide_number, show_help
from .ui.qt_fonts import register_shipped_fonts
from .ui.keys import Action, action_for
from .ui.loading import Cancelled, load_with_progress
from .ui.pdf_pages import PageImages
from .ui.presenter import PresenterWindow
from .ui.reload import WorkshopWatcher
from .ui.render import clear_caches
from .ui.start import StartWindow
from .ui.words import _, speak, words

if TYPE_CHECKING:
    from .ui.documents_window import DocumentsDialog

PACING_INTERVAL_MS = 1000
# The collector's tuning (a full collection: 50 to 100 ms) waits until the windows are
# painted: the trainer waits for the first slide, not for it.
TUNE_COLLECTOR_AFTER_MS = 1000
# Written in English into the lock file; the process refused says it in its own language.
WINDOW_OWNER = N_("the Facilitator window")


class KeyRouter(QObject):
    """Carries out the key table's actions, whichever widget has the focus.

    Installed on the application, it sees a key before any button or list could take
    it (Space would otherwise press the focused button), but not while a dialog is open.
    """

    def __init__(self, windows: tuple[QWidget, ...], perform: Callable[[Action], None],
                 typing: Callable[[], bool]):
        super().__init__()
        self.windows = windows
        self.perform = perform
        self.typing = typing  # while true (notes being edited), keys are text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or QApplication.activeModalWidget() is not None:
            return False
        if QApplication.activeWindow() not in self.windows or self.typing():
            return False
        action = action_for(QKeyEvent(event))
        if action is None:
            return False
        self.perform(action)
        return True


def documents_dialog(session: LiveSession, key_path: Path | None, parent: QWidget) -> "DocumentsDialog":
    # Imported when first asked for: ReportLab and the PDF code add a quarter of a
    # second to every start otherwise.
    from .ui.documents_window import DocumentsDialog

    return DocumentsDialog(session, key_path, parent)


class RunningSession:
    """One session on screen: its server, bridge, windows and controller."""

    def __init__(self, store: Store, session: LiveSession, *, host: str | None, port: int,
                 key_path: Path | None = None):
        self.store = store
        self.session = session
        self.key_path = key_path
        self.server = LiveServer(session, host=host, port=port)
        self.server.start()
        self.bridge = SessionBridge(session)
        # An imported deck's pages, rendered ahead once for the projector and the presenter.
        self.pages = PageImages()
        self.audience = AudienceWindow(pages=self.pages)
        self.presenter = PresenterWindow(session.workshop.title, self.server.join_url,
                                         self.server.remote_url, pages=self.pages)
        self.controller = PresenterController(session, self.server.join_url, self.presenter, self.audience)
        self.watcher = WorkshopWatcher(session)
        self.actions = self._actions()
        self._wire()
        self.keys = KeyRouter((self.presenter, self.audience), self.perform,
                              lambda: self.presenter.editing_notes)
        QApplication.instance().installEventFilter(self.keys)

    def _actions(self) -> dict[Action, Callable[[], None]]:
        """What each action of the key table does (the presenter's buttons ask for the
        same ones)."""
        controller, presenter = self.controller, self.presenter
        return {
            Action.NEXT: controller.next,
            Action.PREVIOUS: controller.previous,
            Action.FIRST: controller.first,
            Action.LAST: controller.last,
            Action.BLACK: controller.black,
            Action.WHITE: controller.white,
            Action.JOIN_BAR: controller.toggle_join_bar,
            Action.PROJECTOR_FULL_SCREEN: lambda: self.place_audience(full_screen=True),
            Action.LEAVE_FULL_SCREEN: self.leave_full_screen,
            Action.SWAP_SCREENS: self.swap_screens,
            Action.JUMP: self.jump,
            Action.OVERVIEW: self.overview,
            Action.OPEN_POLL: controller.open_poll,
            Action.CLOSE_POLL: controller.close_poll,
            Action.TOGGLE_RESULTS: controller.toggle_results,
            Action.END_SESSION: self.ask_to_end_session,
            Action.DOCUMENTS: self.documents,
            Action.ZOOM_IN_NOTES: lambda: presenter.zoom_notes(+1),
            Action.ZOOM_OUT_NOTES: lambda: presenter.zoom_notes(-1),
            Action.EDIT_NOTES: controller.edit_notes,
            Action.HELP: lambda: show_help(presenter),
        }

    def perform(self, action: Action) -> None:
        self.actions[action]()

    def _wire(self) -> None:
        bridge, controller, presenter = self.bridge, self.controller, self.presenter
        bridge.slide_changed.connect(controller.show_slide)
        bridge.poll_changed.connect(controller.poll_changed)
        bridge.screen_changed.connect(controller.screen_changed)
        bridge.session_ended.connect(controller.session_ended)
        bridge.counts_changed.connect(controller.counts_changed)
        bridge.workshop_reloaded.connect(clear_caches)  # an edited image looks the same by name
        bridge.workshop_reloaded.connect(controller.refresh)
        bridge.storage_changed.connect(presenter.show_storage)
        presenter.action_requested.connect(self.perform)
        presenter.item_hidden.connect(controller.hide_item)
        presenter.item_answered.connect(controller.mark_answered)
        presenter.notes_saved.connect(controller.save_notes)
        self.watcher.problems_changed.connect(controller.reloaded)
        self.pacing = QTimer(interval=PACING_INTERVAL_MS)
        self.pacing.timeout.connect(controller.refresh_pacing)
        self.pacing.start()

    def show(self) -> None:
        self.presenter.show_storage(self.store.health.cause)
        self.presenter.show()
        self.place_audience(full_screen=projector_screen(self.presenter.screen()) is not None)
        self.controller.refresh()
        self.presenter.activateWindow()

    def place_audience(self, full_screen: bool) -> None:
        screen = projector_screen(self.presenter.screen()) or self.presenter.screen()
        self.audience.show_on(screen, full_screen)

    def leave_full_screen(self) -> None:
        for window in (self.audience, self.presenter):
            if window.isFullScreen():
                window.showNormal()

    def swap_screens(self) -> None:
        presenter_screen, audience_screen = self.presenter.screen(), self.audience.screen()
        if presenter_screen is audience_screen:
            self.presenter.show_message(_("There is only one screen to show on"))
            return
        self.presenter.setScreen(audience_screen)
        self.presenter.move(audience_screen.availableGeometry().topLeft())
        self.audience.show_on(presenter_screen, full_screen=True)

    def jump(self) -> None:
        count = len(self.session.workshop.deck.slides)
        number = ask_slide_number(self.presenter, self.session.current_slide + 1, count)
        if number is not None:
            self.controller.go_to(number)

    def overview(self) -> None:
        scenes = [self.controller.scene(i) for i in range(len(self.session.workshop.deck.slides))]
        Overview(self.presenter, scenes, self.session.current_slide, self.controller.go_to).exec()

    def ask_to_end_session(self) -> None:
        """End the session once the trainer confirms it."""
        if self.session.record.ended_at is not None:
            self.presenter.show_message(_("The session has already ended. Press D for the documents."))
            return
        answer = QMessageBox.question(
            self.presenter, _("End the session"),
            _("End the session now? Open polls close, phones can no longer answer, and each "
              "attendee's phone offers the handout and their certificate."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.end_session()

    def documents(self) -> "DocumentsDialog":
        dialog = documents_dialog(self.session, self.key_path, self.presenter)
        dialog.names_changed.connect(self.controller.refresh_live)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def close(self) -> None:
        # First what reaches in from other threads, then the timers and windows. Every
        # Qt object is deleted here, on the main thread, not by Python's collector on
        # whichever thread happens to run it.
        self.bridge.close()
        self.server.stop()
        self.watcher.close()
        QApplication.instance().removeEventFilter(self.keys)
        self.pacing.stop()
        self.controller.countdown_timer.stop()
        for qt_object in (self.keys, self.pacing, self.controller.countdown_timer, self.audience, self.presenter,
                          self.pages):
            if isinstance(qt_object, QWidget):
                qt_object.close()
            qt_object.deleteLater()


class FacilitatorApp:
    """The start screen, then a running session."""

    def __init__(self, store: Store, *, host: str | None = None, port: int = DEFAULT_PORT,
                 key_path: Path | None = None, language: str | None = None):
        """`language`: the catalogue code the windows speak this time, whatever is
        remembered (`--language`); None: the remembered choice, else the system's."""
        self.store = store
        self.host = host
        self.port = port
        self.key_path = key_path
        self.running: RunningSession | None = None
        speak_language(language or window_language(store, QLocale.system().name()))
        self.start_window = self._start_window()

    def _start_window(self) -> StartWindow:
        window = StartWindow(shipped_decks(), self.store.recent_sessions(),
                             language=self.store.setting(WINDOW_LANGUAGE) or "")
        window.start_requested.connect(self.start)
        window.resume_requested.connect(self.resume)
        window.documents_requested.connect(self.documents)
        window.language_chosen.connect(self.choose_language)
        return window

    def choose_language(self, code: str) -> None:
        """Remember the trainer's language and show the start screen in it at once."""
        remember_window_language(self.store, code)
        speak_language(code or window_language(self.store, QLocale.system().name()))
        shown, geometry = self.start_window.isVisible(), self.start_window.geometry()
        self.start_window.close()
        self.start_window.deleteLater()
        self.start_window = self._start_window()
        self.start_window.setGeometry(geometry)
        if shown:
            self.start_window.show()

    def start(self, deck: Path) -> RunningSession | None:
        workshop = self._load(deck)
        return workshop and self._run(LiveSession.start(self.store, workshop))

    def resume(self, session_id: int, deck: Path) -> RunningSession | None:
        session = self._past_session(session_id, deck)
        return session and self._run(session)

    def documents(self, session_id: int, deck: Path) -> "DocumentsDialog | None":
        """The documents of a past session, from the start screen."""
        session = self._past_session(session_id, deck)
        if session is None:
            return None
        dialog = documents_dialog(session, self.key_path, self.start_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _past_session(self, session_id: int, deck: Path) -> LiveSession | None:
        workshop = self._load(deck)
        if workshop is None:
            return None
        try:
            return LiveSession.resume(self.store, workshop, session_id)
        except DomainError as error:
            QMessageBox.warning(self.start_window, "Facilitator", str(error))
            return None

    def _load(self, deck: Path):
        """The workshop of `deck`, read while the window keeps painting (a PowerPoint
        deck is converted on its first opening); None when it cannot be used or the
        trainer gave up waiting."""
        try:
            return load_with_progress(load_workshop, Path(deck), self.start_window)
        except Cancelled:
            return None
        except FormatError as error:
            QMessageBox.warning(
                self.start_window, _("This workshop has problems"),
                "\n".join(p.said(words()) for p in error.problems[:20]),
            )
            return None

    def _run(self, session: LiveSession) -> RunningSession | None:
        try:
            running = RunningSession(self.store, session, host=self.host, port=self.port,
                                     key_path=self.key_path)
        except OSError as error:
            QMessageBox.warning(self.start_window, "Facilitator",
                                _("The phone server cannot listen: {cause}", cause=error.strerror or error))
            return None
        self.running = running
        self.start_window.hide()
        running.show()
        return running

    def close(self) -> None:
        if self.running is not None:
            self.running.close()
        self.start_window.close()
        self.start_window.deleteLater()
        self.store.close()


def speak_language(code: str) -> None:
    """Every window built from now on in the language of `code`, mirrored for Arabic."""
    speak(translator(code))
    QApplication.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if words().direction == "rtl" else Qt.LayoutDirection.LeftToRight)


def open_store(db: Path) -> Store | None:
    """The store of `db`, or of the database the trainer picks instead when that one
    cannot be used (damaged, read-only, in use by another process). None: they quit."""
    while True:
        try:
            return Store.open(db, owner=WINDOW_OWNER)
        except StoreUnusable as error:
            chosen = ask_for_another_database(error)
            if chosen is None:
                return None
            db = chosen


def main(db: Path, *, host: str | None = None, port: int = DEFAULT_PORT, deck: Path | None = None,
         language: str | None = None) -> int:
    """Open the start screen (or go straight into a new session of `deck`)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Facilitator")
    QGuiApplication.setQuitOnLastWindowClosed(True)
    stopped_by_signal = False

    def stop() -> None:
        nonlocal stopped_by_signal
        stopped_by_signal = True
        QTimer.singleShot(0, app.quit)

    # From the start: a SIGTERM while the windows open still closes the session in order.
    with stopping_on_signals(stop), signals_wake_qt():
        # The database's own choice of language is not known before it opens.
        speak_language(language or system_window_language(QLocale.system().name()))
        store = open_store(Path(db))
        if store is None:
            return 1
        register_shipped_fonts()
        facilitator = FacilitatorApp(store, host=host, port=port,
                                     key_path=key_path_for(store.path), language=language)

        def open_first() -> None:
            if deck is None or facilitator.start(deck) is None:
                facilitator.start_window.show()
            # Counted from the windows being up, however long the deck took to read.
            QTimer.singleShot(TUNE_COLLECTOR_AFTER_MS, tune_garbage_collector)

        # Once the event loop runs: the loops that opening runs of its own (the deck read
        # on a thread, a message waiting for a click) are then inside app.exec(), and a
        # stop signal's quit() ends them too. Before app.exec(), quit() does nothing.
        QTimer.singleShot(0, open_first)
        try:
            status = app.exec()
        finally:
            facilitator.close()
    if stopped_by_signal:
        say(_("Stopped."))
    return status


@contextmanager
def signals_wake_qt() -> Iterator[None]:
    """Within: a signal's Python handler runs as soon as the signal arrives.

    Qt's event loop waits in C++, where Python notices a signal only once some Python
    code runs. The interpreter writes a byte to its wake-up socket on every signal; Qt
    watching that socket calls back into Python, which then runs the handler.
    """
    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: _drain(reader))
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        notifier.setEnabled(False)
        notifier.deleteLater()
        reader.close()
        writer.close()


def _drain(reader: socket.socket) -> None:
    with suppress(BlockingIOError):
        while reader.recv(512):
            pass
