"""The organizer's documents for one session: the name check, then certificates, the
handout and the exports.

The logic is elsewhere: the name check in facilitator.documents.namecheck, issuing and
recording certificates in facilitator.core.operations (as for the command and the
phones), the drawings in facilitator.documents.jobs. This window shows the names, takes
corrections, and hands each PDF job to a PrintDialog, which runs it in a worker process
and previews it.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)
from facilitator.core import operations
from facilitator.core.errors import DomainError, FormatError
from facilitator.core.images import BrandImage
from facilitator.core.organizer import LOGO, SIGNATURE, session_organizer
from facilitator.core.session import LiveSession
from facilitator.core.translation import Message
from facilitator.core.wording import date_words
from facilitator.documents.badges import write_badges
from facilitator.documents.certificates import Signer, UnprintableNamesError, facts_for_session
from facilitator.documents.exports import export_all
from facilitator.documents.handout import handout_content
from facilitator.documents.jobs import CertificatesJob, HandoutJob, PdfJob
from facilitator.documents.namecheck import NameCheck
from facilitator.documents.signing import load_or_create_key

from .presenter import plain_label
from .printing import PrintDialog
from .words import _, ngettext, refusal, say, words

PROBLEM = QColor("#B00020")
# The logo's and the signature's words: the row's label, the file dialog's title.
IMAGE_LABELS = {LOGO: Message("Logo"), SIGNATURE: Message("Signature")}
CHOOSE_IMAGE = {LOGO: Message("Choose the logo"), SIGNATURE: Message("Choose the signature")}
HINT = QColor("#8A5A00")
NAME, SOURCE, CHECK, PRINT = range(4)


class DocumentsDialog(QDialog):
    """Certificates, handout and exports of one session."""

    #: Names were corrected: screens that show attendees should refresh.
    names_changed = Signal()

    def __init__(self, session: LiveSession, key_path: Path | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.key_path = key_path
        self._folder = Path(tempfile.mkdtemp(prefix="facilitator-print-"))
        record = session.record
        started = datetime.date.fromtimestamp(record.started_at)
        self.setWindowTitle(_("Documents — {title}", title=session.workshop.title))

        self.names = NameCheck(facts_for_session(session), session)
        organizer = session_organizer(session)
        self.facilitator = QLineEdit(organizer.facilitator)
        self.organisation = QLineEdit(organizer.organisation)
        for field, deck_value in ((self.facilitator, session.workshop.deck.facilitator),
                                  (self.organisation, session.workshop.deck.organisation)):
            field.setMaxLength(120)
            if deck_value:  # the deck's own name wins, so editing it here would do nothing
                field.setReadOnly(True)
                field.setToolTip(_("Set in the deck's front matter"))
        self.facilitator.setPlaceholderText(_("Your name, as certificates and the handout print it"))
        self.organisation.setPlaceholderText(_("Your organisation's name"))
        self.verification_page = QLineEdit(self.names.facts.page_address)
        self.verification_page.setPlaceholderText(_(
            "https://… where verify.html (facilitator verify-page) is published; empty: the "
            "QR code holds the signed facts alone"))
        self.verification_page.setToolTip(_("The address each certificate's QR code opens, "
                                            "with the certificate's signed facts after #"))
        self.page_size = QComboBox()
        for paper, name in (("A4", _("A4")), ("Letter", _("Letter"))):  # shown in words, kept as the jobs take it
            self.page_size.addItem(name, paper)
        # The logo and signature: chosen here once, kept for every deck that names none.
        deck = session.workshop.deck
        self.images = {kind: _ImageRow(self, kind, getattr(deck, kind) is not None)
                       for kind in (LOGO, SIGNATURE)}
        self.minimum = QSpinBox()
        self.minimum.setRange(0, 100)
        # The sign as a value: a bare "% o" in a message reads to gettext's tools as a
        # printf conversion, and "% d" in a translation as another one.
        self.minimum.setSuffix(_(" {percent_sign} of the session", percent_sign="%"))
        self.minimum.setValue(self.names.minimum)
        self.minimum.setToolTip(_("Who was present for less is left out, unless you tick Print for them"))
        self.minimum.valueChanged.connect(self._minimum_changed)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Name on the certificate"), _("From"), _("Check"), _("Print")])
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(CHECK, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.itemChanged.connect(self._cell_changed)
        self.summary = plain_label("")

        self.roster_button = QPushButton(_("Add people from a roster…"))
        self.roster_button.clicked.connect(self.add_roster)
        self.certificates_button = QPushButton(_("Certificates…"))
        self.certificates_button.clicked.connect(self.print_certificates)
        self.badges_button = QPushButton(_("Open Badges…"))
        self.badges_button.setToolTip(_("Each certificate also as a signed Open Badges 3.0 file, "
                                        "one per person, for a learning record or a badge backpack"))
        self.badges_button.clicked.connect(self.export_badges)
        self.handout_button = QPushButton(_("Handout…"))
        self.handout_button.clicked.connect(self.print_handout)
        self.export_button = QPushButton(_("Export CSV and JSON…"))
        self.export_button.clicked.connect(self.export)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)

        form = QFormLayout()
        form.addRow(_("Facilitator"), self.facilitator)
        form.addRow(_("Organisation"), self.organisation)
        form.addRow(_("Verification page"), self.verification_page)
        for kind, row in self.images.items():
            form.addRow(say(IMAGE_LABELS[kind]), row.widget)
        form.addRow(_("Paper"), self.page_size)
        form.addRow(_("Minimum presence"), self.minimum)
        buttons = QHBoxLayout()
        buttons.addWidget(self.roster_button)
        buttons.addStretch()
        for button in (self.certificates_button, self.badges_button, self.handout_button,
                       self.export_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(session.workshop.title, point_size=17, bold=True))
        layout.addWidget(plain_label(_("Session of {date}, code {code}", date=date_words(started, words()), code=session.code)))
        layout.addLayout(form)
        layout.addWidget(plain_label(_("Check the names before printing: double-click one to "
                                       "correct it. A correction renames the attendee. Tick Print"
                                       " for someone present for less than the minimum to print"
                                       " their certificate anyway."),
                                     point_size=None))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self.show_names()
        for row in self.images.values():
            row.show(self.names.facts)

    # -- the name check ----------------------------------------------------------------

    def show_names(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.names.entries))
        for row, entry in enumerate(self.names.entries):
            name = QTableWidgetItem(entry.name)
            source = QTableWidgetItem(say(entry.source))
            source.setFlags(source.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if entry.problem:
                check, colour = _("Cannot print: {reason}", reason=entry.problem), PROBLEM
            elif entry.short:
                check, colour = _("Check: {presence}, below the minimum",
                                  presence=entry.presence.describe()), HINT
            elif entry.hint:
                check, colour = _("Check: {hint}", hint=entry.hint), HINT
            else:
                check, colour = _("OK"), None
            verdict = QTableWidgetItem(check)
            verdict.setFlags(verdict.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if colour is not None:
                verdict.setForeground(QBrush(colour))
            for column, item in ((NAME, name), (SOURCE, source), (CHECK, verdict),
                                 (PRINT, self._print_cell(entry))):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        problems = len(self.names.problems)
        people = len(self.names.entries)
        short = self.names.short
        left_out = sum(not entry.printed for entry in short)
        summary = [ngettext("{count} person", "{count} people", people)]
        if short:
            summary.append(ngettext("{count} present for less than the minimum, {left_out} left out",
                                    "{count} present for less than the minimum, {left_out} left out",
                                    len(short), left_out=left_out))
        if problems:
            summary.append(ngettext("{count} name cannot print: correct it first",
                                    "{count} names cannot print: correct them first", problems))
        self.summary.setText(_("; ").join(summary))
        printable = bool(self.names.people) and not problems
        self.certificates_button.setEnabled(printable)
        self.badges_button.setEnabled(printable)

    @staticmethod
    def _print_cell(entry) -> QTableWidgetItem:
        """Whether this person's certificate prints: the organizer's to decide (a tick)
        for someone present for less than the minimum, always for the others."""
        item = QTableWidgetItem("" if entry.short else _("Yes"))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if entry.short:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.printed else Qt.CheckState.Unchecked)
            item.setText(_("Print anyway") if entry.printed else _("Left out"))
        return item

    def _minimum_changed(self, percent: int) -> None:
        try:
            self.names.set_minimum(percent)
        except DomainError as error:
            QMessageBox.warning(self, _("Minimum presence"), refusal(error))
        self.show_names()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == NAME:
            self._renamed(item)
        elif item.column() == PRINT:
            self.names.decide(item.row(), item.checkState() == Qt.CheckState.Checked)
            self.show_names()

    def _renamed(self, item: QTableWidgetItem) -> None:
        try:
            self.names.rename(item.row(), item.text())
        except DomainError as error:
            QMessageBox.warning(self, _("Name not changed"), refusal(error))
        else:
            self.names_changed.emit()
        self.show_names()

    def add_roster(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Add people from a roster"), "",
                                                    _("Roster (*.csv);;All files (*)"))
        if not name:
            return
        try:
            added = self.names.add_roster(name)
        except FormatError as error:
            QMessageBox.warning(self, _("Roster not added"),
                                "\n".join(problem.said(words()) for problem in error.problems[:20]))
            return
        self.show_names()
        self.summary.setText(ngettext("{summary} — {count} added from the roster",
                                      "{summary} — {count} added from the roster", added,
                                      summary=self.summary.text()))

    # -- documents ---------------------------------------------------------------------

    def _remember_organizer(self) -> bool:
        """Remember the organizer's names and the verification page's address; False
        (and a message naming what is wrong) when one is refused."""
        try:
            operations.set_verification_page(self.session, self.verification_page.text())
            operations.set_organizer(
                self.session,
                facilitator=None if self.facilitator.isReadOnly() else self.facilitator.text(),
                organisation=None if self.organisation.isReadOnly() else self.organisation.text(),
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Documents"), refusal(error))
            return False
        self.names.facts = facts_for_session(self.session)
        return True

    def set_image(self, kind: str, path: str) -> bool:
        """Keep `path` as the logo or signature ("" removes it); False, after saying why,
        when the file is refused (nothing is changed then)."""
        try:
            operations.set_organizer(self.session, **{kind: path})
        except DomainError as error:
            QMessageBox.warning(self, _("Documents"), refusal(error))
            return False
        self.names.facts = facts_for_session(self.session)
        self.images[kind].show(self.names.facts)
        return True

    def _preview(self, job: PdfJob, path: Path) -> PrintDialog:
        dialog = PrintDialog(job, path, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _issue(self, what: str, key) -> list | None:
        """Each listed person's certificate, issued or re-used (core), or None when one
        cannot be: then a message says why and nothing was recorded."""
        if not self._remember_organizer():
            return None
        self.names.refresh()  # an attendee may have corrected their own name meanwhile
        self.show_names()
        try:
            return operations.issue_session_certificates(
                self.session, Signer(self.names.facts, key), self.names.people,
                self.session.clock.now(),
            )
        except (UnprintableNamesError, FileNotFoundError) as error:
            # Refused before anything was recorded: a name, a workshop text or an image.
            self.show_names()
            QMessageBox.warning(self, what, refusal(error))
            return None

    def print_certificates(self) -> PrintDialog | None:
        issued = self._issue(_("Certificates"), load_or_create_key(self.key_path))
        if issued is None:
            return None
        job = CertificatesJob(issued, self.names.facts, self.page_size.currentData())
        dialog = self._preview(job, self._folder / f"certificates-{self.session.code}.pdf")
        dialog.runner.finished.connect(lambda done: operations.record_session_pdf(
            self.session, issued, Path(done).read_bytes()))
        return dialog

    def export_badges(self) -> list[Path] | None:
        """Write one Open Badges 3.0 file per person into a folder the organizer picks,
        under the certificates' numbers."""
        folder = QFileDialog.getExistingDirectory(self, _("Open Badges files to a folder"))
        if not folder:
            return None
        key = load_or_create_key(self.key_path)
        issued = self._issue(_("Open Badges"), key)
        if issued is None:
            return None
        try:
            written = write_badges(issued, self.names.facts, key, folder,
                                   [person.email for person in self.names.people])
        except OSError as error:
            QMessageBox.warning(self, _("Open Badges"), _("Not written: {reason}", reason=error))
            return None
        self.summary.setText(ngettext("{summary} — {count} Open Badges file in {folder}",
                                      "{summary} — {count} Open Badges files in {folder}", len(written),
                                      summary=self.summary.text(), folder=folder))
        return written

    def print_handout(self) -> PrintDialog | None:
        if not self._remember_organizer():
            return None
        job = HandoutJob(handout_content(self.session), self.page_size.currentData())
        return self._preview(job, self._folder / f"handout-{self.session.code}.pdf")

    def export(self) -> dict[str, Path] | None:
        folder = QFileDialog.getExistingDirectory(self, _("Export the session to a folder"))
        if not folder:
            return None
        try:
            written = export_all(self.session, folder, self.names.rosters)
        except OSError as error:
            QMessageBox.warning(self, _("Export"), _("Nothing exported: {reason}", reason=error))
            return None
        QMessageBox.information(self, _("Export"), _("Written:") + "\n" + "\n".join(
            path.name for path in written.values()))
        return written

    def done(self, result: int) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)


class _ImageRow:
    """The logo's or the signature's row: what prints now, a button to choose a file and
    one to remove the kept image. A deck that names its own leaves nothing to choose."""

    def __init__(self, dialog: DocumentsDialog, kind: str, from_deck: bool):
        self.kind = kind
        self.status = plain_label("")
        self.choose = QPushButton(_("Choose…"))
        self.remove = QPushButton(_("Remove"))
        self.choose.clicked.connect(lambda: self._choose(dialog))
        self.remove.clicked.connect(lambda: dialog.set_image(kind, ""))
        self.from_deck = from_deck
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.choose)
        layout.addWidget(self.remove)

    def _choose(self, dialog: DocumentsDialog) -> None:
        name, _filter = QFileDialog.getOpenFileName(dialog, say(CHOOSE_IMAGE[self.kind]), "",
                                                    _("Images (*.png *.jpg *.jpeg);;All files (*)"))
        if name:
            dialog.set_image(self.kind, name)

    def show(self, facts) -> None:
        image = getattr(facts, self.kind)
        if self.from_deck:
            text = _("the deck's own: {file}", file=Path(image).name)
        elif isinstance(image, BrandImage):
            text = _("{width} × {height} {format}, kept on this laptop", width=image.width,
                     height=image.height, format=image.media_type.split("/")[1].upper())
        else:
            text = _("none")
        self.status.setText(text)
        self.choose.setEnabled(not self.from_deck)
        self.remove.setEnabled(not self.from_deck and image is not None)
        self.choose.setToolTip(_("Set in the deck's front matter") if self.from_deck else "")
