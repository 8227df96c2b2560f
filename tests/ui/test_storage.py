"""The window and the database: one banner while saving fails, and another database
offered when the one asked for cannot be used."""

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from facilitator import app as app_module
from facilitator.app import RunningSession, open_store
from facilitator.core.errors import StorageFault, StoreUnusable
from facilitator.core.store import Store
from facilitator.core.translation import translator
from facilitator.ui.database import ask_for_another_database


def banner(running) -> str | None:
    label = running.presenter.storage
    return label.text() if label.isVisibleTo(running.presenter) else None


def test_one_banner_names_the_cause_until_saving_works_again(running, qtbot, disk_full):
    session = running.session
    changes = []
    running.bridge.storage_changed.connect(changes.append)
    assert banner(running) is None
    disk_full(session.store)
    for name in ("Ana", "Bo", "Chiara"):
        with pytest.raises(StorageFault, match="the disk is full"):
            session.join(name)
    qtbot.waitUntil(lambda: banner(running) is not None)
    assert "Answers cannot be saved: the disk is full." in banner(running)
    disk_full(session.store, False)
    session.join("Dara")
    qtbot.waitUntil(lambda: banner(running) is None)
    assert changes == ["the disk is full", None]  # once each, not once per failure


def test_an_action_that_cannot_be_saved_says_so_and_changes_nothing(running, qtbot, disk_full):
    disk_full(running.session.store)
    running.controller.next()
    assert running.presenter.statusBar().currentMessage() == "Not saved: the disk is full"
    assert running.session.current_slide == 0
    qtbot.waitUntil(lambda: banner(running) is not None)


def test_a_session_shown_while_saving_fails_shows_the_banner_at_once(running, disk_full):
    disk_full(running.store)
    with pytest.raises(StorageFault):
        running.session.join("Ana")
    again = RunningSession(running.store, running.session, host="127.0.0.1", port=0)
    try:
        again.show()
        assert "the disk is full" in banner(again)
    finally:
        again.close()


def test_the_app_opens_the_database_chosen_in_place_of_an_unusable_one(tmp_path, monkeypatch):
    broken = tmp_path / "broken.db"
    broken.write_text("not a database", "utf-8")
    offered = []

    def choose(error):
        offered.append(error)
        return tmp_path / "new.db"

    monkeypatch.setattr(app_module, "ask_for_another_database", choose)
    store = open_store(broken)
    try:
        assert Path(store.path) == tmp_path / "new.db"
        assert [e.path for e in offered] == [broken] and "not a database" in offered[0].cause
    finally:
        store.close()


def test_the_app_quits_with_status_1_when_no_other_database_is_chosen(tmp_path, monkeypatch):
    broken = tmp_path / "broken.db"
    broken.write_text("not a database", "utf-8")
    monkeypatch.setattr(app_module, "ask_for_another_database", lambda error: None)
    assert app_module.main(broken) == 1
    assert broken.read_text("utf-8") == "not a database"


def click_when_shown(button_text: str, tries: int = 50, seen: list | None = None) -> None:
    """Click the dialog's button once it shows; `seen` gets its text and informative text."""
    def attempt(left: int):
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append((box.text(), box.informativeText()))
            next(b for b in box.buttons() if b.text() == button_text).click()
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))


@pytest.mark.parametrize("button, dialog", [
    ("New database…", "getSaveFileName"),
    ("Open another database…", "getOpenFileName"),
])
def test_the_dialog_offers_an_existing_or_a_new_database(qtbot, tmp_path, monkeypatch, button, dialog):
    chosen = tmp_path / "other.db"
    monkeypatch.setattr(QFileDialog, dialog, lambda *args, **kwargs: (str(chosen), ""))
    error = StoreUnusable(tmp_path / "app.db", "it is in use by process 42 (facilitator serve, since 09:00)",
                          "Close Facilitator there first, or use another database file")
    click_when_shown(button)
    assert ask_for_another_database(error) == chosen


@pytest.mark.parametrize(("window_language", "quit"), [("en", "Quit"), ("de", "Beenden")],
                         indirect=["window_language"])
def test_quitting_the_dialog_chooses_nothing(window_language, qtbot, tmp_path, quit):
    error = StoreUnusable(tmp_path / "app.db", "it is read-only", "Use another database file")
    click_when_shown(quit)
    assert ask_for_another_database(error) is None


@pytest.mark.parametrize("window_language, cause, what_to_do, path_shown", [
    ("de", "das ist ein Ordner, keine Datei", "Nimm eine andere Datenbankdatei.", "{path}"),
    ("ja", "ファイルではなくフォルダーです", "別のデータベースファイルを使ってください。", "{path}"),
    # Kept whole inside the right-to-left sentence: its slashes stay where they are.
    ("ar", "هذا مجلد وليس ملفًا", "استخدم ملف قاعدة بيانات آخر.", "\u2068{path}\u2069"),
], indirect=["window_language"])
def test_the_dialog_says_why_and_what_to_do_in_the_windows_language(window_language, qtbot, tmp_path, cause,
                                                                    what_to_do, path_shown):
    path = tmp_path / "app.db"
    path.mkdir()
    with pytest.raises(StoreUnusable) as refused:
        Store.open(path)
    seen = []
    click_when_shown(translator(window_language).text("Quit"), seen=seen)
    assert ask_for_another_database(refused.value) is None
    ((text, informative),) = seen
    assert cause in text and path_shown.format(path=path) in text and informative == what_to_do


@pytest.mark.parametrize("window_language", ["ja"], indirect=True)
def test_the_banner_names_the_cause_in_the_windows_language(running, window_language, qtbot, disk_full):
    disk_full(running.session.store)
    with pytest.raises(StorageFault):
        running.session.join("Ana")
    qtbot.waitUntil(lambda: banner(running) is not None)
    assert banner(running).startswith("回答を保存できません: ディスクがいっぱいです。")
