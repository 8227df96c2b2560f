"""The windows speak the trainer's language: the one chosen (or given to `present`),
else the system's; mirrored for Arabic."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QGroupBox

from facilitator.app import FacilitatorApp
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.store import Store
from facilitator.core.window_language import WINDOW_LANGUAGE
from facilitator.core.translation import SOURCE_LOCALE, pseudo, translator
from facilitator.core.workshop import load_workshop
from facilitator.ui.render import JoinInfo, SlideScene, SlideView
from facilitator.ui.words import _, isolated, speak


@pytest.fixture
def open_app(tmp_path, qapp):
    """open_app(language=None): the app on the test's own database; closed, and English
    and left to right again, at the end."""
    apps = []

    def make(language: str | None = None) -> FacilitatorApp:
        app = FacilitatorApp(Store.open(tmp_path / "app.db"), host="127.0.0.1", port=0,
                             key_path=tmp_path / "key.pem", language=language)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()
    speak(translator(SOURCE_LOCALE))
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.mark.parametrize(("code", "start", "live", "direction"), [
    ("de", "Neue Session starten", "Live", Qt.LayoutDirection.LeftToRight),
    ("ja", "新しいセッションを開始", "ライブ", Qt.LayoutDirection.LeftToRight),
    ("ar", "بدء جلسة جديدة", "مباشر", Qt.LayoutDirection.RightToLeft),
    ("en_XA", pseudo("Start a new session"), pseudo("Live"), Qt.LayoutDirection.LeftToRight),
])
def test_the_start_screen_and_presenter_speak_the_language_given(open_app, qtbot, code, start, live, direction):
    app = open_app(code)
    assert app.start_window.start_button.text().startswith(start)
    running = app.start(SHIPPED_DECK)
    boxes = [box.title() for box in running.presenter.findChildren(QGroupBox)]
    assert any(title.startswith(live) for title in boxes)
    assert QApplication.layoutDirection() == direction
    assert running.presenter.isRightToLeft() == (direction == Qt.LayoutDirection.RightToLeft)


def test_a_language_chosen_on_the_start_screen_is_spoken_at_once_and_remembered(open_app, qtbot):
    app = open_app()
    assert app.start_window.start_button.text() == "Start a new session"
    choice = app.start_window.language
    choice.setCurrentIndex(choice.findData("fr"))
    assert app.start_window.start_button.text() == "Démarrer une session"
    assert app.store.setting(WINDOW_LANGUAGE) == "fr"
    assert app.start_window.language.currentData() == "fr"
    app.close()
    assert open_app().start_window.start_button.text() == "Démarrer une session"


def test_the_system_language_again_forgets_the_choice(open_app, qtbot):
    app = open_app("de")
    app.start_window.language.setCurrentIndex(app.start_window.language.findData("es"))
    app.start_window.language.setCurrentIndex(0)  # the system's: English here
    assert app.store.setting(WINDOW_LANGUAGE) == ""
    assert app.start_window.start_button.text() == "Start a new session"


def test_a_mirrored_window_draws_the_slides_as_the_deck_has_them(qapp, window_language):
    deck = load_workshop(SHIPPED_DECK).deck
    room = JoinInfo("http://192.168.1.20:8000/K7M2Q", "K7M2Q", 12)
    scenes = [SlideScene(slide, deck, join=room, join_bar=room) for slide in deck.slides[:12]]

    def drawn() -> list[QImage]:
        view = SlideView()  # a window's own, in the window's direction
        view.resize(960, 540)
        images = []
        for scene in scenes:
            view.set_scene(scene)
            images.append(view.grab().toImage())
        view.deleteLater()
        return images

    as_drawn = drawn()
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert [mirrored == image for mirrored, image in zip(drawn(), as_drawn)] == [True] * len(scenes)


@pytest.mark.parametrize(("window_language", "shown"), [
    ("ar", "التالي: الشريحة 2 — \u2068Are we ready?\u2069"), ("en", "Next: slide 2 — Are we ready?"),
], indirect=["window_language"])
def test_a_title_keeps_its_own_direction_in_a_mirrored_label(window_language, shown):
    assert _("Next: slide {number} — {title}", number=2, title=isolated("Are we ready?")) == shown
