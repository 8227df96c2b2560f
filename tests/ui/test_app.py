"""The real windows, offscreen: start, keys, a live poll, moderation, reload, resume."""

import os
import signal
import subprocess
import sys
import threading
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QEventLoop, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea, QApplication, QDialog, QInputDialog, QLabel, QMessageBox, QProgressDialog,
)

from facilitator.app import signals_wake_qt
from facilitator.core import operations
from facilitator.core.deck import parse_deck
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.store import Store
from facilitator.core.translation import PSEUDO_LOCALE, SOURCE_LOCALE
from facilitator.ui.dialogs import HelpDialog
from facilitator.ui.keys import BINDINGS, Action
from facilitator.core.screen import Blank
from tests.conftest import EXERCISES
from tests.deck_files import make_pdf, make_talk, pdfpc_pages, write_pdfpc
from tests.processes import STOP_SIGNALS, free_port, wait_until

SHIPPED_SLIDES = len(parse_deck(SHIPPED_DECK).slides)


def press(qtbot, running, key):
    """A key press on the presenter window: a Qt.Key, or a character as typed."""
    qtbot.keyClick(running.presenter, key)


def when_modal(callback, tries: int = 50):
    """Run `callback(dialog)` on the next modal dialog opened within a second."""

    def attempt(left: int):
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            callback(dialog)
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))


def slide_running(session, kind):
    return next(
        s.index for s in session.workshop.deck.slides
        if s.exercise_id and session.workshop.exercises[s.exercise_id].kind.value == kind
    )


def test_the_start_screen_lists_the_shipped_workshop(make_app, qtbot):
    app = make_app()
    assert app.start_window.decks.item(0).text().startswith(
        f"Social media is everyone's job — {SHIPPED_SLIDES} slides")
    assert app.start_window.sessions.count() == 0 and not app.start_window.resume_button.isEnabled()


def test_starting_shows_the_presenter_and_the_projector(running, qtbot):
    qtbot.waitUntil(lambda: running.presenter.isVisible() and running.audience.isVisible())
    assert running.presenter.position.text() == f"Slide 1 of {SHIPPED_SLIDES} — Social media is everyone's job"
    assert running.audience.view.scene.slide.index == 0
    image = running.audience.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    assert len(colours) > 3  # a painted slide, not a blank window


@pytest.mark.parametrize(
    "key, expected",
    [
        (Qt.Key.Key_Right, 1), (Qt.Key.Key_Down, 1), (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_Space, 1), (Qt.Key.Key_Return, 1), (Qt.Key.Key_End, SHIPPED_SLIDES - 1),
    ],
)
def test_keys_and_clickers_move_forward(running, qtbot, key, expected):
    press(qtbot, running, key)
    qtbot.waitUntil(lambda: running.audience.view.scene.slide.index == expected)
    assert running.session.current_slide == expected


@pytest.mark.parametrize("key", [Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Home])
def test_keys_and_clickers_move_back(running, qtbot, key):
    running.session.go_to_slide(2)
    press(qtbot, running, key)
    qtbot.waitUntil(lambda: running.session.current_slide in (0, 1))


def test_space_goes_forward_even_when_a_button_looks_focused(running, qtbot):
    running.presenter.open_button.setFocus()
    press(qtbot, running, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: running.session.current_slide == 1)
    assert running.session.poll_now_open() is None


def test_black_and_white_screens(running, qtbot):
    press(qtbot, running, "b")
    qtbot.waitUntil(lambda: running.audience.view.scene.blank is Blank.BLACK)
    image = running.audience.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2) == QColor("black")
    assert running.presenter.blank_badge.isVisibleTo(running.presenter)
    press(qtbot, running, ".")
    qtbot.waitUntil(lambda: running.audience.view.scene.blank is Blank.NONE)
    press(qtbot, running, "w")
    qtbot.waitUntil(lambda: running.audience.view.scene.blank is Blank.WHITE)


def test_j_hides_and_shows_the_join_bar_on_the_projector(running, qtbot):
    running.session.go_to_slide(2)  # past the join slide, which has it all
    qtbot.waitUntil(lambda: running.audience.view.scene.slide.index == 2)
    assert running.audience.view.scene.join_bar is not None
    press(qtbot, running, "j")
    qtbot.waitUntil(lambda: running.audience.view.scene.join_bar is None)
    press(qtbot, running, "j")
    qtbot.waitUntil(lambda: running.audience.view.scene.join_bar is not None)


@pytest.mark.parametrize("width, height", [(1600, 900), (1280, 720)])
def test_the_next_slide_has_a_real_share_of_the_window(running, qtbot, width, height):
    presenter = running.presenter
    presenter.resize(width, height)
    qtbot.waitUntil(lambda: presenter.width() == width and presenter.following.isVisible())
    following, current = presenter.following, presenter.current
    assert following.width() >= 0.35 * width  # was 320 px, fixed
    for view in (current, following):  # a 16:9 slide, no letterbox bars taking the room
        assert abs(view.height() - view.width() * 9 / 16) <= 2
    assert current.width() > following.width()
    window = presenter.rect()
    for widget in (presenter.results_button, presenter.remote_button, presenter.notes):
        corner = widget.mapTo(presenter, widget.rect().bottomRight())
        assert window.contains(corner), widget  # nothing pushed off the window


def test_the_remote_qr_shows_only_on_demand(running, qtbot):
    presenter = running.presenter
    assert not presenter.remote_qr.isVisibleTo(presenter)
    presenter.remote_button.click()
    assert presenter.remote_qr.isVisibleTo(presenter) and presenter.remote_button.text() == "Hide remote QR"
    presenter.remote_button.click()
    assert not presenter.remote_qr.isVisibleTo(presenter)
    presenter.remote_button.click()
    presenter._remote_qr_timer.timeout.emit()  # after REMOTE_QR_SECONDS
    assert not presenter.remote_qr.isVisibleTo(presenter) and presenter.remote_button.text() == "Show remote QR"


def test_go_to_a_slide_by_number(running, qtbot):
    def answer(dialog: QInputDialog):
        dialog.setIntValue(12)
        dialog.accept()

    when_modal(answer)
    press(qtbot, running, "g")
    qtbot.waitUntil(lambda: running.session.current_slide == 11)


def test_the_overview_jumps_to_a_slide(running, qtbot):
    def choose(dialog):
        assert dialog.grid.count() == SHIPPED_SLIDES
        dialog.grid.itemClicked.emit(dialog.grid.item(4))

    when_modal(choose)
    press(qtbot, running, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: running.session.current_slide == 4)


def test_the_help_lists_every_key(running, qtbot):
    rows = []

    def read(dialog: QDialog):
        rows.append([label.text() for label in dialog.descriptions])
        dialog.reject()

    when_modal(read)
    press(qtbot, running, "?")
    assert rows == [[str(binding.description) for binding in BINDINGS]]


@pytest.mark.parametrize("window_language", [SOURCE_LOCALE, PSEUDO_LOCALE], indirect=True)
@pytest.mark.parametrize("width, height", [(1600, 900), (1280, 720)])
def test_the_help_reads_whole_without_scrolling(running, qtbot, window_language, width, height):
    running.presenter.resize(width, height)
    dialog = HelpDialog(running.presenter)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= width and dialog.height() <= height
    assert dialog.findChildren(QAbstractScrollArea) == []  # nothing to scroll, either way
    assert all(label.text().startswith("[") for label in dialog.descriptions) == (window_language == PSEUDO_LOCALE)
    for label in dialog.descriptions:  # each wrapped in full: none cut, none elided
        assert label.wordWrap() and label.heightForWidth(label.width()) <= label.height(), label.text()
        assert label.geometry().right() <= dialog.contentsRect().right()
    dialog.reject()


def test_a_poll_with_votes_from_the_server_thread(running, qtbot, vote_from_another_thread):
    session = running.session
    session.go_to_slide(slide_running(session, "single_choice"))
    press(qtbot, running, "o")
    poll = session.poll_now_open()
    vote_from_another_thread(session, poll.id, [session.join(f"Phone {n}") for n in range(40)], 2)
    qtbot.waitUntil(lambda: running.presenter.responses.text().startswith("40 of 40 answered"))
    assert running.audience.view.scene.poll.tally is None  # hidden until revealed
    press(qtbot, running, "r")
    qtbot.waitUntil(lambda: running.audience.view.scene.poll.revealed)
    assert [o.count for o in running.audience.view.scene.poll.tally.options[:2]] == [20, 20]
    press(qtbot, running, "c")
    qtbot.waitUntil(lambda: not running.presenter.close_button.isEnabled())


def test_the_live_panel_buttons_run_the_poll(running, qtbot):
    session, presenter = running.session, running.presenter
    session.go_to_slide(slide_running(session, "single_choice"))
    qtbot.waitUntil(presenter.open_button.isEnabled)
    presenter.open_button.click()
    qtbot.waitUntil(presenter.close_button.isEnabled)
    presenter.results_button.click()
    qtbot.waitUntil(lambda: presenter.results_button.text() == "Hide results")
    presenter.close_button.click()
    qtbot.waitUntil(lambda: not presenter.close_button.isEnabled())
    poll = session.poll_on_slide()
    assert poll.revealed and not poll.is_open


def test_attendee_text_is_plain_text_in_the_presenter(running, qtbot):
    session = running.session
    session.go_to_slide(slide_running(session, "questions"))
    running.controller.open_poll()
    hostile = "<b>x</b><img src=y>"
    person = session.join(hostile)
    session.post(person.token, session.poll_now_open().id, hostile)
    qtbot.waitUntil(lambda: running.presenter.items.count() == 1)
    assert hostile in running.presenter.items.item(0).text()
    for label in running.presenter.findChildren(QLabel):
        if label.pixmap().isNull():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_the_presenter_previews_results_the_projector_shows_only_after_r(running, qtbot):
    session, presenter = running.session, running.presenter
    session.go_to_slide(slide_running(session, "single_choice"))
    press(qtbot, running, "o")
    session.respond(session.join("Ana").token, session.poll_now_open().id, 0)
    qtbot.waitUntil(lambda: presenter.current.scene.poll is not None and presenter.current.scene.poll.tally is not None)
    assert presenter.preview_badge.isVisibleTo(presenter)
    assert running.audience.view.scene.poll.tally is None  # the room still sees the question
    press(qtbot, running, "r")
    qtbot.waitUntil(lambda: running.audience.view.scene.poll.tally is not None)
    assert not presenter.preview_badge.isVisibleTo(presenter)


def test_after_the_end_the_window_says_so_and_offers_the_documents(running, qtbot):
    session, presenter = running.session, running.presenter
    session.go_to_slide(slide_running(session, "ideas"))
    running.controller.open_poll()
    session.post(session.join("Ana").token, session.poll_now_open().id, "Lock screens")
    qtbot.waitUntil(lambda: presenter.items.count() == 1)
    operations.end_session(session)  # from the remote, say
    qtbot.waitUntil(lambda: presenter.ended.isVisibleTo(presenter))
    assert "session ended at" in presenter.ended_text.text() and "press D" in presenter.ended_text.text()
    elapsed = presenter.elapsed.text()
    for hidden in (presenter.open_button, presenter.close_button, presenter.results_button, presenter.hide_button):
        assert not hidden.isVisibleTo(presenter)
    assert presenter.wall_clock_caption.text() == "Ended" and presenter.pace.text() == "Session ended"
    running.pacing.timeout.emit()  # a tick of the clocks changes nothing now
    assert presenter.elapsed.text() == elapsed and presenter.pace.text() == "Session ended"
    performed = []
    running.actions[Action.DOCUMENTS] = lambda: performed.append(Action.DOCUMENTS)
    press(qtbot, running, "d")
    assert performed == [Action.DOCUMENTS]


def test_moderation_hides_a_post_from_the_projector(running, qtbot):
    session = running.session
    session.go_to_slide(slide_running(session, "ideas"))
    running.controller.open_poll()
    poll = session.poll_now_open()
    session.post(session.join("Ana").token, poll.id, "Something unkind")
    session.reveal_results(poll.id)
    qtbot.waitUntil(lambda: running.presenter.items.count() == 1)
    running.presenter.items.setCurrentRow(0)
    running.presenter.hide_button.click()
    qtbot.waitUntil(lambda: running.audience.view.scene.poll.tally.items == ())
    assert "hidden" in running.presenter.items.item(0).text()


def test_an_edited_deck_reloads_and_a_broken_edit_keeps_the_last_good_one(make_app, qtbot, workshop_dir):
    app = make_app()
    deck = workshop_dir / "slides" / "test.md"
    running = app.start(deck)
    original = deck.read_text()
    deck.write_text(original.replace("# Join us", "# Join us now"))
    qtbot.waitUntil(lambda: "Join us now" in running.presenter.position.text(), timeout=5000)
    deck.write_text(original.replace("<!-- minutes: 1, layout: join -->", "<!-- minutes: 1, layout: wide -->"))
    qtbot.waitUntil(lambda: running.presenter.problems.isVisibleTo(running.presenter), timeout=5000)
    assert "test.md:6: unknown layout 'wide'" in running.presenter.problems.text()
    assert "Join us now" in running.presenter.position.text()
    deck.write_text(original)
    qtbot.waitUntil(lambda: not running.presenter.problems.isVisibleTo(running.presenter), timeout=5000)


def test_resume_after_a_crash_returns_to_the_same_slide_poll_and_votes(make_app, qtbot):
    app = make_app()
    first = app.start(SHIPPED_DECK)
    session = first.session
    session.go_to_slide(slide_running(session, "single_choice"))
    poll = session.open_poll_for()
    session.respond(session.join("Ana").token, poll.id, 1)
    slide = session.current_slide
    # As after a crash: windows, server and the hold on the database gone, nothing ended.
    first.close()
    app.running = None
    app.store.close()

    again = make_app()
    listed = again.start_window.sessions.item(0).text()
    assert "1 attendee" in listed and "ended" not in listed
    resumed = again.resume(session.id, SHIPPED_DECK)
    assert resumed.session.current_slide == slide
    assert resumed.session.poll_now_open().id == poll.id
    assert resumed.session.tally(poll.id).options[1].count == 1
    assert resumed.presenter.responses.text().startswith("1 of 1 answered")


def test_full_screen_keys(running, qtbot):
    qtbot.keyClick(running.presenter, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: running.audience.isFullScreen())
    qtbot.keyClick(running.presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not running.audience.isFullScreen())


def test_swapping_screens_with_one_screen_says_so(running, qtbot):
    press(qtbot, running, "s")
    assert running.presenter.statusBar().currentMessage() == "There is only one screen to show on"


def test_notes_zoom(running, qtbot):
    size = running.presenter.notes.font().pointSize()
    qtbot.keyClick(running.presenter, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert running.presenter.notes.font().pointSize() > size
    qtbot.keyClick(running.presenter, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert running.presenter.notes.font().pointSize() == size


@pytest.mark.parametrize("binding", BINDINGS, ids=lambda b: b.action.name)
def test_every_action_in_the_key_table_runs_from_the_keyboard(running, qtbot, binding):
    performed = []
    original = running.actions[binding.action]
    running.actions[binding.action] = lambda: (performed.append(binding.action), original())
    if binding.action in (Action.JUMP, Action.OVERVIEW, Action.HELP, Action.DOCUMENTS, Action.END_SESSION):
        when_modal(lambda dialog: dialog.reject())
    key = QKeySequence(binding.keys[0])[0]
    qtbot.keyClick(running.presenter, key.key(), key.keyboardModifiers())
    assert performed == [binding.action]


def test_ending_the_session_asks_first(running, qtbot):
    when_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    running.ask_to_end_session()
    assert running.session.record.ended_at is None
    when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    running.ask_to_end_session()
    assert running.session.record.ended_at is not None


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("command, how, language, stopped", [
    *((["present"], how, "C.UTF-8", "Stopped.") for how in STOP_SIGNALS),
    ([], signal.SIGTERM, "C.UTF-8", "Stopped."),  # the start screen alone: no timer of its own wakes Python
    (["present"], signal.SIGTERM, "de_DE.UTF-8", "Beendet."),  # said in the windows' language
], ids=[*(f"present-{how.name}" for how in STOP_SIGNALS), "start screen-SIGTERM", "present-SIGTERM-de"])
def test_a_stop_signal_closes_the_app_in_order(tmp_path, command, how, language, stopped):
    db, port = tmp_path / "app.db", free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "facilitator", *command, "--db", str(db),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "LC_ALL": language, "LANG": language},
    )
    ping = f"http://127.0.0.1:{port}/api/ping"
    try:
        # Up once the phone server answers; the start screen once its database exists.
        up = (lambda: answers(ping)) if command else db.exists
        assert wait_until(lambda: up() or app.poll() is not None, timeout=60)
        app.send_signal(how)
        out, err = app.communicate(timeout=30)
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert out.splitlines()[-1:] == [stopped] and "Traceback" not in err
    assert not answers(ping)  # the phone server stopped with the window
    with closing(Store.open(db)) as store:
        assert len(store.recent_sessions()) == len(command)


def test_a_stop_signal_during_start_up_closes_the_app_a_message_box_open_or_not(tmp_path):
    """`present` on a deck with a problem: the signal comes while the deck is read or
    while the message naming the problem waits for a click, before the windows run."""
    talk = make_pdf(tmp_path / "talk.pdf", 2)
    write_pdfpc(talk.with_suffix(".pdfpc"), pdfpc_pages({0: "exercise: no-such-poll"}, ["1", "2"]))
    db = tmp_path / "app.db"
    app = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "present", str(talk), "--db", str(db), "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert wait_until(lambda: db.exists() or app.poll() is not None, timeout=60)  # its handlers set
        app.send_signal(signal.SIGTERM)
        out, err = app.communicate(timeout=30)
    finally:
        app.kill()
    assert app.returncode == 0, err
    assert out.splitlines()[-1:] == ["Stopped."] and "Traceback" not in err


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="a POSIX signal")
def test_a_closed_terminal_stops_the_app_in_order(tmp_path):
    """Its closing sends SIGHUP, and "Stopped." then has nowhere to go: still status 0."""
    db, port, errors = tmp_path / "app.db", free_port(), tmp_path / "stderr"
    with errors.open("wb") as stderr:
        app = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "present", "--db", str(db),
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.PIPE, stderr=stderr, cwd=Path(__file__).resolve().parents[2],
        )
    try:
        assert wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/ping") or app.poll() is not None,
                          timeout=60)
        app.stdout.close()
        app.send_signal(signal.SIGHUP)
        app.wait(timeout=30)
    finally:
        app.kill()
    assert app.returncode == 0, errors.read_text()


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="a POSIX signal")
def test_a_signal_reaches_python_while_qt_waits(qtbot):
    loop = QEventLoop()
    heard = []

    def handler(*_):
        heard.append(True)
        loop.quit()

    QTimer.singleShot(10_000, loop.quit)  # only if the signal never gets through
    previous = signal.signal(signal.SIGUSR1, handler)
    try:
        with signals_wake_qt():
            # From another thread, once the main one waits in Qt's loop, in C++.
            threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGUSR1)).start()
            loop.exec()
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert heard


@pytest.mark.parametrize("signal, receivers", [
    ("slide_changed(int)", 1), ("poll_changed(int)", 1), ("counts_changed(PyObject)", 1),
    ("workshop_reloaded()", 2),  # the renderer's caches, then one repaint
    ("storage_changed(PyObject)", 1),
])
def test_each_change_the_bridge_carries_is_wired_once(running, signal, receivers):
    assert running.bridge.receivers(SIGNAL(signal)) == receivers


def test_while_notes_are_edited_the_keys_type_into_them(running, qtbot):
    press(qtbot, running, Qt.Key.Key_F2)
    assert running.presenter.editing_notes
    qtbot.keyClicks(running.presenter.notes, " Nb.")
    assert running.presenter.notes.toPlainText().endswith(" Nb.")
    assert running.session.current_slide == 0 and running.session.screen.blank is Blank.NONE
    running.presenter.cancel_notes_button.click()
    assert not running.presenter.editing_notes and running.presenter.notes.isReadOnly()
    press(qtbot, running, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: running.session.current_slide == 1)


def test_a_pdf_deck_is_presented_from_the_name_given_on_the_command_line(app, qtbot, tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 3, labels=["1", "2", "2"])
    running = app.start(str(talk))  # as `facilitator present talk.pdf` passes it
    view = running.audience.view
    assert view.scene.shown_page == 0 and running.session.workshop.deck.page_file == talk
    qtbot.waitUntil(lambda: view.pages.cached >= 1, timeout=5000)
    running.controller.next()
    running.controller.next()
    qtbot.waitUntil(lambda: (view.scene.slide.index, view.scene.shown_page) == (1, 2))


def test_a_powerpoint_deck_is_converted_while_the_window_says_so(app, qtbot, tmp_path, libreoffice):
    talk = make_talk(tmp_path / "talk.pptx")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "pick-one.toml").write_text(EXERCISES["pick-one"], encoding="utf-8")
    shown = set()
    probe = QTimer(interval=100)
    probe.timeout.connect(lambda: shown.update(
        w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()))
    probe.start()
    running = app.start(talk)  # the window keeps its thread meanwhile: the probe runs
    probe.stop()
    assert shown == {"Preparing talk.pptx… (first opening converts it with LibreOffice)"}
    assert [s.notes for s in running.session.workshop.deck.slides] == ["Say hello.", "Run the poll.", ""]
    assert not running.presenter.edit_notes_button.isVisibleTo(running.presenter)  # notes live in PowerPoint
    qtbot.waitUntil(lambda: running.audience.view.pages.cached >= 1, timeout=5000)


COLLECTOR_AT_FIRST_PAINT = """
import gc, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from facilitator import app as facilitator_app
from facilitator.process import YOUNG_GENERATION_THRESHOLD

def tuned():
    return gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD

def until_tuned():
    if tuned():
        print("tuned", flush=True)
        QApplication.instance().exit(0)
    else:
        QTimer.singleShot(20, until_tuned)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.property("painted") is None:
            watched.setProperty("painted", True)
            print("first paint, collector tuned:", tuned(), flush=True)
            until_tuned()
        return False

original = facilitator_app.RunningSession.show
def show(self):
    self.audience.view.installEventFilter(watcher)
    original(self)
facilitator_app.RunningSession.show = show
watcher = FirstPaint()
sys.exit(facilitator_app.main(sys.argv[1], host="127.0.0.1", port=0, deck=sys.argv[2]))
"""


def test_the_first_slide_is_painted_before_the_collector_is_tuned(tmp_path):
    """A full collection takes 50 to 100 ms: the trainer waits for the slide, not for it."""
    child = subprocess.run(
        [sys.executable, "-c", COLLECTOR_AT_FIRST_PAINT, str(tmp_path / "gc.db"), str(SHIPPED_DECK)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.stdout.splitlines() == ["first paint, collector tuned: False", "tuned"], child.stderr
