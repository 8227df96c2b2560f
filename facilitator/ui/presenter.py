"""The presenter window, on the laptop: what the trainer sees and the audience does not."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QMainWindow, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from facilitator.core.pacing import Pace, Pacing, clock_text
from facilitator.core.screen import Blank
from facilitator.core.translation import Message

from .controller import LiveStatus, PollState
from .keys import Action
from .pdf_pages import PageImages
from .render import ASPECT, SlideScene, SlideView, paint_qr
from .words import _, isolated, ngettext, say, words

MESSAGE_SECONDS = 6
# How long the remote's QR code stays on screen once shown: long enough to scan, short
# enough that a mirrored laptop screen does not leave it in front of the room.
REMOTE_QR_SECONDS = 30
# The countdown turns red for the last seconds, as the phones' does.
COUNTDOWN_LOW_SECONDS = 5
PACE_COLOURS = {
    Pace.AHEAD: "#1565c0",
    Pace.ON_TIME: "#2e7d32",
    Pace.LATE: "#ef6c00",
    Pace.VERY_LATE: "#c62828",
}
# Where an opened poll stands, in the live panel's line.
POLL_STATE_WORDS = {PollState.OPEN: Message("open"), PollState.CLOSED: Message("closed")}
BLANK_WORDS = {Blank.BLACK: Message("Projector: black"), Blank.WHITE: Message("Projector: white")}
NOTES_POINT_SIZES = (12, 14, 16, 18, 21, 24, 28, 32, 40)


def plain_label(text: str = "", *, point_size: float | None = None, bold: bool = False) -> QLabel:
    """A label that never interprets its text as HTML (attendee text passes through)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if point_size or bold:
        font = label.font()
        if point_size:
            font.setPointSizeF(point_size)
        font.setBold(bold)
        label.setFont(font)
    return label


def qr_pixmap(text: str, size: int) -> QPixmap:
    """A QR code as a square pixmap (the same drawing as the join slide's)."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_qr(painter, text, QRectF(0, 0, size, size))
    painter.end()
    return QPixmap.fromImage(image)


class SlidePane(SlideView):
    """A slide view as tall as a 16:9 slide of its width: no letterbox bars taking the
    room that the notes and the live panel need."""

    def __init__(self, pages: PageImages | None) -> None:
        super().__init__(pages=pages)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width / ASPECT)


class PresenterWindow(QMainWindow):
    """Current and next slide, notes, clocks, pacing, the live panel and moderation."""

    #: The trainer clicked a control: the Action it asks for.
    action_requested = Signal(object)
    #: Hide (True) or show again (False) a post on the projector and the phones.
    item_hidden = Signal(int, bool)
    #: Mark a question answered.
    item_answered = Signal(int)
    #: Save the notes edited of the slide at this index (from 0).
    notes_saved = Signal(int, str)

    def __init__(self, title: str, join_url: str, remote_url: str, parent: QWidget | None = None,
                 pages: PageImages | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Facilitator — {title} (presenter)", title=title))
        self.setObjectName("presenter")
        self._notes_size = 2

        # One cache of an imported deck's pages for both panes (and the projector's).
        self.pages = pages or PageImages(self)
        self.current = SlidePane(self.pages)
        self.following = SlidePane(self.pages)
        self.position = plain_label(point_size=14, bold=True)
        self.position.setWordWrap(True)  # a long title wraps, never cut
        self.blank_badge = plain_label(point_size=12, bold=True)
        self.blank_badge.setStyleSheet("background:#212121;color:white;padding:4px 10px;border-radius:4px")
        self.blank_badge.hide()
        self.problems = plain_label()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("background:#ffebee;color:#b71c1c;padding:8px;border:1px solid #c62828")
        self.problems.hide()
        self.storage = plain_label(point_size=13, bold=True)
        self.storage.setWordWrap(True)
        self.storage.setStyleSheet("background:#b71c1c;color:white;padding:8px")
        self.storage.hide()

        self.preview_badge = plain_label(_("Preview — not shown to the room (R shows it)"), point_size=12, bold=True)
        self.preview_badge.setStyleSheet("background:#6a1b9a;color:white;padding:4px 10px;border-radius:4px")
        self.preview_badge.hide()
        self._current_scene: SlideScene | None = None
        self.following_title = plain_label(_("Next"), bold=True)

        # Left: the slide as the room sees it (or the private preview of its results),
        # under it the clocks and the live panel. Right: the next slide, large enough to
        # read, then the notes and the remote.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        header = QHBoxLayout()
        header.addWidget(self.position, stretch=1)
        header.addWidget(self.preview_badge)
        header.addWidget(self.blank_badge)
        left_layout.addLayout(header)
        left_layout.addWidget(self._ended_banner())
        left_layout.addWidget(self.storage)
        left_layout.addWidget(self.problems)
        left_layout.addWidget(self.current)
        below = QHBoxLayout()
        below.addWidget(self._clocks())
        below.addWidget(self._live_panel(), stretch=1)
        left_layout.addLayout(below, stretch=1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.following_title)
        right_layout.addWidget(self.following)
        right_layout.addWidget(self._notes(), stretch=1)
        right_layout.addWidget(self._remote_panel(join_url, remote_url))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([940, 660])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.resize(1600, 900)

        self._clock_timer = QTimer(self, interval=1000)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._clock_timer.start()
        self._tick_clock()

    # -- building --------------------------------------------------------------------

    def _ended_banner(self) -> QWidget:
        self.ended = QFrame()
        self.ended.setStyleSheet("QFrame{background:#e8f5e9;border:1px solid #2e7d32}")
        layout = QHBoxLayout(self.ended)
        self.ended_text = plain_label(point_size=13, bold=True)
        self.ended_text.setWordWrap(True)
        self.ended_text.setStyleSheet("border:none;color:#1b5e20")
        layout.addWidget(self.ended_text, stretch=1)
        layout.addWidget(self._button(_("Documents (D)"), Action.DOCUMENTS))
        self.ended.hide()
        return self.ended

    def _clocks(self) -> QWidget:
        box = QFrame()
        box.setMinimumWidth(340)
        grid = QGridLayout(box)
        self.elapsed = plain_label("0:00", point_size=22, bold=True)
        self.wall_clock_caption = plain_label(_("Clock"))
        self.wall_clock = plain_label("", point_size=22)
        self.remaining = plain_label("", point_size=22)
        self.pace = plain_label("", point_size=13, bold=True)
        self.pace.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pace.setWordWrap(True)
        for column, (caption, value) in enumerate(
            ((plain_label(_("Elapsed")), self.elapsed), (self.wall_clock_caption, self.wall_clock),
             (plain_label(_("Left")), self.remaining))
        ):
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
        grid.addWidget(self.pace, 2, 0, 1, 3)
        grid.setRowStretch(3, 1)
        return box

    def _notes(self) -> QWidget:
        box = QGroupBox(_("Speaker notes"))
        layout = QVBoxLayout(box)
        self.notes = QPlainTextEdit()  # plain text: notes are never interpreted as HTML
        self.notes.setReadOnly(True)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.notes)
        self.notes_error = plain_label()
        self.notes_error.setWordWrap(True)
        self.notes_error.setStyleSheet("color:#b71c1c")
        self.notes_error.hide()
        layout.addWidget(self.notes_error)
        buttons = QHBoxLayout()
        self.edit_notes_button = self._button(_("Edit notes (F2)"), Action.EDIT_NOTES)
        self.save_notes_button = QPushButton(_("Save notes"))
        self.save_notes_button.clicked.connect(
            lambda: self.notes_saved.emit(self._editing, self.notes.toPlainText()))
        self.cancel_notes_button = QPushButton(_("Cancel"))
        self.cancel_notes_button.clicked.connect(self.stop_editing_notes)
        for button in (self.edit_notes_button, self.save_notes_button, self.cancel_notes_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self._editing: int | None = None  # the slide whose notes are being edited
        self._notes_shown = ""  # the current slide's, shown again once editing ends
        self._notes_editable = False
        self.stop_editing_notes()
        self._apply_notes_size()
        return box

    def _button(self, text: str, action: Action) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys drive slides, not buttons
        button.setMinimumHeight(36)
        button.clicked.connect(lambda: self.action_requested.emit(action))
        return button

    def _live_panel(self) -> QWidget:
        box = QGroupBox(_("Live"))
        panel = QHBoxLayout(box)
        layout = QVBoxLayout()
        panel.addLayout(layout, stretch=1)
        self.joined = plain_label(ngettext("{count} joined", "{count} joined", 0), point_size=20, bold=True)
        self.countdown = plain_label(point_size=20, bold=True)
        self.countdown.hide()
        top = QHBoxLayout()
        top.addWidget(self.joined, stretch=1)
        top.addWidget(self.countdown)
        self.poll_title = plain_label()
        self.poll_title.setWordWrap(True)
        self.responses = plain_label(point_size=16)
        layout.addLayout(top)
        layout.addWidget(self.poll_title)
        layout.addWidget(self.responses)
        layout.addStretch()
        self.poll_buttons = QWidget()
        buttons = QHBoxLayout(self.poll_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.open_button = self._button(_("Open poll"), Action.OPEN_POLL)
        self.close_button = self._button(_("Close poll"), Action.CLOSE_POLL)
        self.results_button = self._button(_("Show results"), Action.TOGGLE_RESULTS)
        for button in (self.open_button, self.close_button, self.results_button):
            buttons.addWidget(button)
        layout.addWidget(self.poll_buttons)

        self.items = QListWidget()
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items.setWordWrap(True)
        self.items.currentItemChanged.connect(self._item_selected)
        moderation = QHBoxLayout()
        self.hide_button = QPushButton(_("Hide"))
        self.hide_button.setToolTip(_("Hide the selected post from the projector and the phones"))
        self.hide_button.clicked.connect(self._toggle_hidden)
        self.answered_button = QPushButton(_("Answered"))
        self.answered_button.clicked.connect(self._answered)
        for button in (self.hide_button, self.answered_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            moderation.addWidget(button)
        self.moderation = QWidget()
        moderation_layout = QVBoxLayout(self.moderation)
        moderation_layout.setContentsMargins(0, 0, 0, 0)
        moderation_layout.addWidget(plain_label(_("Posts (select one to hide it)")))
        moderation_layout.addWidget(self.items)
        moderation_layout.addLayout(moderation)
        panel.addWidget(self.moderation, stretch=1)
        return box

    def _remote_panel(self, join_url: str, remote_url: str) -> QWidget:
        """The remote's QR code only on demand: whoever scans it drives the session, and
        a laptop screen mirrored to the projector would show it to the room."""
        box = QGroupBox(_("Your phone as a remote"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.remote_button = QPushButton()
        self.remote_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remote_button.clicked.connect(lambda: self.show_remote_qr(not self.remote_qr.isVisible()))
        row.addWidget(self.remote_button)
        join = plain_label(_("Attendees join at {address}", address=isolated(join_url.removeprefix("http://"))))
        join.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        join.setWordWrap(True)
        row.addWidget(join, stretch=1)
        layout.addLayout(row)
        self.remote_qr = QLabel()
        self.remote_qr.setPixmap(qr_pixmap(remote_url, 180))
        self.remote_qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.remote_qr.setToolTip(_("Scan with your own phone to drive the slides and polls"))
        layout.addWidget(self.remote_qr)
        self._remote_qr_timer = QTimer(self, singleShot=True, interval=REMOTE_QR_SECONDS * 1000)
        self._remote_qr_timer.timeout.connect(lambda: self.show_remote_qr(False))
        self.show_remote_qr(False)
        return box

    def show_remote_qr(self, shown: bool) -> None:
        """Show the remote's QR code for REMOTE_QR_SECONDS, or hide it again."""
        self.remote_qr.setVisible(shown)
        self.remote_button.setText(_("Hide remote QR") if shown else _("Show remote QR"))
        if shown:
            self._remote_qr_timer.start()
        else:
            self._remote_qr_timer.stop()

    # -- PresenterView ---------------------------------------------------------------

    def show_slides(self, current: SlideScene, following: SlideScene | None, number: int, count: int) -> None:
        self._current_scene = current
        self.current.set_scene(current)
        self.following.set_scene(following)
        title = isolated(current.slide.title) if current.slide.title else _("(untitled)")
        steps = len(current.slide.pages)
        if steps > 1:
            self.position.setText(_("Slide {number} of {count} — {title} (page {page} of {pages})", number=number,
                                    count=count, title=title, page=current.step + 1, pages=steps))
        else:
            self.position.setText(_("Slide {number} of {count} — {title}", number=number, count=count, title=title))
        if following is None:
            self.following_title.setText(_("Next: the end of the deck"))
        elif following.slide.index == current.slide.index:
            self.following_title.setText(_("Next: page {page} of {pages} of this slide", page=following.step + 1, pages=steps))
        else:
            self.following_title.setText(
                _("Next: slide {number} — {title}", number=following.slide.number,
                  title=isolated(following.slide.title) if following.slide.title else _("(untitled)")))

    def show_preview(self, preview: SlideScene | None) -> None:
        """The results before the room sees them, in place of the current slide; the
        projector still shows the question."""
        self.current.set_scene(preview or self._current_scene)
        self.preview_badge.setVisible(preview is not None)

    def show_countdown(self, seconds_left: int | None) -> None:
        if seconds_left is not None:
            # In the phones' words, so the room and the trainer read the same.
            self.countdown.setText(_("{seconds} s left", seconds=seconds_left) if seconds_left else _("Time's up"))
            colour = "#c62828" if seconds_left <= COUNTDOWN_LOW_SECONDS else "#1565c0"
            self.countdown.setStyleSheet(f"background:{colour};color:white;padding:4px 12px;border-radius:4px")
        self.countdown.setVisible(seconds_left is not None)

    def show_ended(self, ended_at: float, elapsed: float) -> None:
        """The clocks stop at the end and say so; the next step is the documents."""
        at = words().time(datetime.datetime.fromtimestamp(ended_at))
        self._clock_timer.stop()
        self.ended_text.setText(
            _("The session ended at {time}, after {elapsed}. Phones now offer the handout and each "
              "attendee's certificate. Next: press D for the certificates and the handout.",
              time=at, elapsed=clock_text(elapsed))
        )
        self.ended.show()
        self.elapsed.setText(clock_text(elapsed))
        self.wall_clock_caption.setText(_("Ended"))
        self.wall_clock.setText(at)
        self.remaining.setText("—")
        self.pace.setText(_("Session ended"))
        self.pace.setStyleSheet("background:#616161;color:white;padding:6px;border-radius:4px")

    def show_notes(self, notes: str) -> None:
        self._notes_shown = notes
        if self._editing is None:  # an edit under way keeps its text, whatever the slide
            self.notes.setPlainText(notes or _("(no notes for this slide)"))

    def show_notes_editable(self, editable: bool) -> None:
        """Whether this deck's notes can be edited here (a PDF deck's pdfpc file)."""
        self._notes_editable = editable
        self.edit_notes_button.setVisible(editable and self._editing is None)

    @property
    def editing_notes(self) -> bool:
        return self._editing is not None

    def edit_notes(self, slide_index: int, notes: str) -> None:
        """Make the notes of slide `slide_index` editable, keys going to the text."""
        self._set_editing(slide_index)
        self.notes.setPlainText(notes)
        self.notes.moveCursor(QTextCursor.MoveOperation.End)  # notes are mostly added to
        self.notes.setFocus()

    def stop_editing_notes(self) -> None:
        """Back to reading the current slide's notes (after saving them, or giving up)."""
        self._set_editing(None)
        self.notes.clearFocus()
        self.show_notes(self._notes_shown)

    def _set_editing(self, slide_index: int | None) -> None:
        self._editing = slide_index
        editing = slide_index is not None
        self.notes.setReadOnly(not editing)
        self.notes.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editing else Qt.FocusPolicy.NoFocus)
        self.notes_error.hide()
        self.save_notes_button.setVisible(editing)
        self.cancel_notes_button.setVisible(editing)
        self.edit_notes_button.setVisible(self._notes_editable and not editing)

    def show_notes_refused(self, reason: str) -> None:
        """Why the notes could not be saved; the text edited stays to be saved again."""
        self.notes_error.setText(_("Not saved: {reason}", reason=reason))
        self.notes_error.show()

    def show_live(self, status: LiveStatus) -> None:
        self.joined.setText(ngettext("{count} joined", "{count} joined", status.joined))
        state = status.poll_state
        self.poll_title.setText(_("No poll on this slide") if state is PollState.NONE
                                else _("Poll: {title}", title=isolated(status.exercise_title)))
        opened = state in (PollState.OPEN, PollState.CLOSED)
        if opened:
            where = _("session ended") if status.ended else POLL_STATE_WORDS[state]
            counted = {"responses": status.responses, "joined": status.joined, "where": where}
            self.responses.setText(_("{responses} of {joined} posted — {where}", **counted) if status.is_board
                                   else _("{responses} of {joined} answered — {where}", **counted))
        elif state is PollState.NOT_OPENED:
            self.responses.setText(_("Not opened: the session has ended") if status.ended else _("Not opened yet"))
        else:
            self.responses.setText("")
        self.poll_buttons.setVisible(not status.ended)  # an ended session runs no poll
        self.open_button.setEnabled(state in (PollState.NOT_OPENED, PollState.CLOSED))
        self.close_button.setEnabled(state is PollState.OPEN)
        self.results_button.setEnabled(opened)
        self.results_button.setText(_("Hide results") if status.revealed else _("Show results"))
        self.moderation.setVisible(status.is_board)
        self.hide_button.setVisible(not status.ended)  # an ended session's posts stay as they are
        self.answered_button.setVisible(status.is_questions and not status.ended)
        self._show_items(status.items)

    def show_pacing(self, pacing: Pacing) -> None:
        self.elapsed.setText(clock_text(pacing.elapsed))
        self.remaining.setText(clock_text(pacing.remaining))
        planned = clock_text(pacing.slide_planned) if pacing.slide_planned else "—"
        behind = pacing.behind
        where = (
            _("{time} behind", time=clock_text(behind)) if behind > 0
            else _("{time} ahead", time=clock_text(-behind)) if behind < 0 else _("on time")
        )
        self.pace.setText(_("This slide {spent} of {planned} · {where}", spent=clock_text(pacing.slide_actual),
                            planned=planned, where=where))
        colour = PACE_COLOURS[pacing.pace]
        self.pace.setStyleSheet(f"background:{colour};color:white;padding:6px;border-radius:4px")

    def show_blank(self, blank: Blank) -> None:
        self.blank_badge.setText(say(BLANK_WORDS[blank]) if blank in BLANK_WORDS else "")
        self.blank_badge.setVisible(blank is not Blank.NONE)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_SECONDS * 1000)

    def show_problems(self, problems: list[str]) -> None:
        if problems:
            self.problems.setText(
                _("The last edit cannot be used; the slides stay as they were:") + "\n" + "\n".join(problems)
            )
        self.problems.setVisible(bool(problems))

    def show_storage(self, cause: str | None) -> None:
        """A banner while answers cannot be saved, naming why; gone once they can."""
        if cause is not None:
            self.storage.setText(
                _("Answers cannot be saved: {cause}. Phones are asked to try again; what they were told "
                  "was saved is safe. This goes once saving works again.", cause=cause)
            )
        self.storage.setVisible(cause is not None)

    # -- notes zoom ------------------------------------------------------------------

    def zoom_notes(self, step: int) -> None:
        self._notes_size = min(max(self._notes_size + step, 0), len(NOTES_POINT_SIZES) - 1)
        self._apply_notes_size()

    def _apply_notes_size(self) -> None:
        font = QFont(self.notes.font())
        font.setPointSize(NOTES_POINT_SIZES[self._notes_size])
        self.notes.setFont(font)

    # -- moderation ------------------------------------------------------------------

    def _show_items(self, items) -> None:
        selected = self.items.currentItem().data(Qt.ItemDataRole.UserRole) if self.items.currentItem() else None
        self.items.clear()
        for item in sorted(items, key=lambda i: (-i.upvotes, i.created_at)):
            flags = (_(" · hidden") if item.hidden else "") + (_(" · answered") if item.answered else "")
            entry = QListWidgetItem(f"▲{item.upvotes}  {item.text}{flags}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setData(Qt.ItemDataRole.UserRole + 1, item.hidden)
            if item.hidden:
                entry.setForeground(QColor("#9e9e9e"))
            self.items.addItem(entry)
            if item.id == selected:
                self.items.setCurrentItem(entry)
        self._item_selected(self.items.currentItem())

    def _item_selected(self, entry: QListWidgetItem | None) -> None:
        hidden = bool(entry and entry.data(Qt.ItemDataRole.UserRole + 1))
        self.hide_button.setText(_("Show again") if hidden else _("Hide"))
        self.hide_button.setEnabled(entry is not None)
        self.answered_button.setEnabled(entry is not None)

    def _toggle_hidden(self) -> None:
        entry = self.items.currentItem()
        if entry is not None:
            hidden = bool(entry.data(Qt.ItemDataRole.UserRole + 1))
            self.item_hidden.emit(entry.data(Qt.ItemDataRole.UserRole), not hidden)

    def _answered(self) -> None:
        entry = self.items.currentItem()
        if entry is not None:
            self.item_answered.emit(entry.data(Qt.ItemDataRole.UserRole))

    # -- clocks ----------------------------------------------------------------------

    def _tick_clock(self) -> None:
        self.wall_clock.setText(words().time(datetime.datetime.now()))

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab opens the overview; it does not move focus here
