"""The start screen: pick a workshop, start a session or resume a recent one."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from facilitator.core.deck import parse_deck
from facilitator.core.errors import FormatError
from facilitator.core.store import SessionListing
from facilitator.core.translation import Message, available_languages
from facilitator.core.wording import date_words, duration_words

from .presenter import plain_label
from .words import _, ngettext, say, words


# What a trainer's deck may be: Facilitator's own, a PDF (Beamer, an export), PowerPoint.
def deck_filter() -> str:
    return ";;".join((_("Decks (*.md *.pdf *.pptx)"), _("Markdown decks (*.md)"), _("PDF decks (*.pdf)"),
                      _("PowerPoint decks (*.pptx)"), _("All files (*)")))


IMPORTED_KINDS = {".pdf": Message("a PDF deck"), ".pptx": Message("a PowerPoint deck")}


def describe_deck(path: Path) -> str:
    """The deck's line in the list. An imported deck is named, not read: a PowerPoint
    file is converted when it is started, never just for being listed."""
    kind = IMPORTED_KINDS.get(path.suffix.lower())
    if kind is not None:
        return f"{path.name} — {say(kind)}"
    try:
        deck = parse_deck(path)
    except FormatError as error:
        return ngettext("{file} — {count} problem: run facilitator check",
                        "{file} — {count} problems: run facilitator check", len(error.problems), file=path.name)
    return ngettext("{title} — {count} slide, {duration}", "{title} — {count} slides, {duration}", len(deck.slides),
                    title=deck.title, duration=duration_words(deck.duration, words()))


def describe_session(listing: SessionListing) -> str:
    started = datetime.datetime.fromtimestamp(listing.started_at)
    when = f"{date_words(started.date(), words())}, {words().time(started)}"
    if listing.ended_at is not None:
        return ngettext("{title} — {when} — {count} attendee, ended", "{title} — {when} — {count} attendees, ended",
                        listing.attendees, title=listing.title, when=when)
    return ngettext("{title} — {when} — {count} attendee", "{title} — {when} — {count} attendees",
                    listing.attendees, title=listing.title, when=when)


class StartWindow(QWidget):
    """Emits what the trainer chose; the app (facilitator.app) does the rest."""

    #: Start a new session of the deck at this path.
    start_requested = Signal(Path)
    #: Resume the session with this id, whose deck is at this path.
    resume_requested = Signal(int, Path)
    #: Certificates, handout and exports of the session with this id and deck.
    documents_requested = Signal(int, Path)
    #: Speak the language of this catalogue code from now on ("": the system's).
    language_chosen = Signal(str)

    def __init__(self, decks: list[Path], sessions: list[SessionListing], parent: QWidget | None = None,
                 *, language: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Facilitator")
        self.setObjectName("start")
        heading = plain_label("Facilitator", point_size=26, bold=True)  # the app's name, in every language
        intro = plain_label(_("Run a lunch-and-learn from this laptop: slides, live polls from phones, "
                              "certificates and a handout."))
        intro.setWordWrap(True)
        self.language = self._language_choice(language)

        self.decks = QListWidget()
        for path in decks:
            self._add_deck(path)
        self.decks.itemDoubleClicked.connect(lambda _: self._start())
        open_file = QPushButton(_("Open a deck file…"))
        open_file.clicked.connect(self._open_file)
        self.start_button = QPushButton(_("Start a new session"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)

        self.sessions = QListWidget()
        for listing in sessions:
            entry = QListWidgetItem(describe_session(listing))
            entry.setData(Qt.ItemDataRole.UserRole, (listing.id, Path(listing.deck_path)))
            self.sessions.addItem(entry)
        self.sessions.itemDoubleClicked.connect(lambda _: self._resume())
        self.resume_button = QPushButton(_("Resume"))
        self.resume_button.clicked.connect(self._resume)
        self.resume_button.setEnabled(bool(sessions))
        self.documents_button = QPushButton(_("Certificates, handout, exports…"))
        self.documents_button.clicked.connect(self._documents)
        self.documents_button.setEnabled(bool(sessions))
        if sessions:
            self.sessions.setCurrentRow(0)
        if decks:
            self.decks.setCurrentRow(0)

        deck_buttons = QHBoxLayout()
        deck_buttons.addWidget(open_file)
        deck_buttons.addStretch()
        deck_buttons.addWidget(self.start_button)
        session_buttons = QHBoxLayout()
        session_buttons.addStretch()
        session_buttons.addWidget(self.documents_button)
        session_buttons.addWidget(self.resume_button)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(plain_label(_("Language")))
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(plain_label(_("Workshops"), point_size=15, bold=True))
        layout.addWidget(self.decks)
        layout.addLayout(deck_buttons)
        layout.addSpacing(12)
        layout.addWidget(plain_label(_("Recent sessions"), point_size=15, bold=True))
        layout.addWidget(plain_label(_("Resume one after a break, or print its certificates and handout.")))
        layout.addWidget(self.sessions)
        layout.addLayout(session_buttons)
        self.resize(760, 640)

    def _language_choice(self, chosen: str) -> QComboBox:
        """The languages the windows speak, each named in itself; first, the system's."""
        choice = QComboBox()
        choice.addItem(_("System language"), "")
        for language in available_languages():
            choice.addItem(language.name, language.code)
        choice.setCurrentIndex(max(0, choice.findData(chosen)))
        choice.currentIndexChanged.connect(lambda index: self.language_chosen.emit(choice.itemData(index)))
        return choice

    def _add_deck(self, path: Path) -> QListWidgetItem:
        entry = QListWidgetItem(describe_deck(path))
        entry.setData(Qt.ItemDataRole.UserRole, path)
        self.decks.addItem(entry)
        return entry

    def _open_file(self) -> None:
        name = QFileDialog.getOpenFileName(self, _("Open a deck"), "", deck_filter())[0]
        if name:
            self.decks.setCurrentItem(self._add_deck(Path(name)))

    def _start(self) -> None:
        entry = self.decks.currentItem()
        if entry is None:
            QMessageBox.information(self, "Facilitator", _("Choose a workshop first."))
            return
        self.start_requested.emit(entry.data(Qt.ItemDataRole.UserRole))

    def _resume(self) -> None:
        self._emit_for_session(self.resume_requested)

    def _documents(self) -> None:
        self._emit_for_session(self.documents_requested)

    def _emit_for_session(self, signal) -> None:
        entry = self.sessions.currentItem()
        if entry is not None:
            session_id, deck = entry.data(Qt.ItemDataRole.UserRole)
            signal.emit(session_id, deck)
