"""Printing: a PDF made in a child process, previewed page by page, then printed or saved."""

from __future__ import annotations

import queue
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QProgressBar, QPushButton,
    QVBoxLayout, QWidget,
)

from facilitator.documents.jobs import PdfJob, PdfWorkers, child_context

from .words import _, ngettext, refusal

POLL_MS = 50
PRINT_DPI = 300  # sharp on paper; a 600 dpi page image would be 140 MB


def render_page(document: QPdfDocument, page: int, width: int) -> QImage:
    """A page as an opaque image: QtPdf draws on a transparent background."""
    size = document.pagePointSize(page)
    height = round(width * size.height() / size.width())
    page_image = document.render(page, QSize(width, height))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, page_image)
    painter.end()
    return image


class PdfJobRunner(QObject):
    """Runs one PdfJob in a worker process (documents.jobs.PdfWorkers, as the phone
    server does), writes the PDF to `path`, and reports on the main thread."""

    #: Pages (or people) done, out of how many.
    progressed = Signal(int, int)
    #: The PDF is ready at this path.
    finished = Signal(str)
    #: The job failed; why, in words.
    failed = Signal(str)

    def __init__(self, job: PdfJob, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.job = job
        self.path = path
        self._progress = child_context().Queue()
        self._workers = PdfWorkers(1, self._progress)
        self._result: Future | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._result = self._workers.submit(self.job)
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self._workers.terminate()

    def _poll(self) -> None:
        while True:
            try:
                done, total = self._progress.get_nowait()
            except queue.Empty:
                break
            self.progressed.emit(done, total)
        if not self._result.done():
            return
        self._timer.stop()
        self._workers.shutdown(wait=False)
        try:
            pdf = self._result.result()
        except BrokenProcessPool:
            self.failed.emit(_("the process making the PDF stopped"))
        except RuntimeError as error:  # the job's own error, in words
            self.failed.emit(refusal(error))
        else:
            try:
                self.path.write_bytes(pdf)
            except OSError as error:
                self.failed.emit(_("the PDF cannot be written: {reason}", reason=error))
            else:
                self.finished.emit(str(self.path))


class PrintDialog(QDialog):
    """Makes the PDF with a progress bar, then previews it; Print… or Save as PDF….

    The preview is a QPdfView, which renders only the pages in sight, so a batch of 500
    certificates opens as fast as one.
    """

    def __init__(self, job: PdfJob, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("{title} — print", title=job.title))
        self.job = job
        self.path = path
        self.document = QPdfDocument(self)
        self.status = QLabel(_("Making the {what}…", what=job.subject))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.view = QPdfView()
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as PDF…"))
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 760)

        self.runner = PdfJobRunner(job, path, self)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.runner.start()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(_("Making the {what}: {done} of {total}", what=self.job.subject,
                              done=done, total=total))

    def _show(self, path: str) -> None:
        self.document.load(path)
        count = self.page_count
        self.progress.hide()
        self.status.setText(ngettext("{title}: {count} page, ready to print or save",
                                     "{title}: {count} pages, ready to print or save", count,
                                     title=self.job.title))
        self.print_button.setEnabled(count > 0)
        self.save_button.setEnabled(count > 0)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(_("The {what} could not be made: {reason}", what=self.job.subject,
                              reason=message))

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        first = self.document.pagePointSize(0)
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if first.width() > first.height()
            else QPageLayout.Orientation.Portrait
        )
        printer.setFromTo(1, self.page_count)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Every page (or the range chosen), each scaled to the printable area."""
        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("Print"), _("The printer could not be opened."))
            return
        dpi = min(printer.resolution(), PRINT_DPI)
        for page in range(first - 1, last):
            if page > first - 1:
                printer.newPage()
            area = painter.viewport()
            size = self.document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRectF(0, 0, size.width() * scale, size.height() * scale)
            image = render_page(self.document, page, round(size.width() / 72 * dpi))
            painter.drawImage(target, image)
        painter.end()

    def save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), self.path.name, _("PDF (*.pdf)"))
        if name:
            try:
                shutil.copyfile(self.path, name)
            except OSError as error:
                QMessageBox.warning(self, _("Save as PDF"), _("Not saved: {reason}", reason=error))

    def reject(self) -> None:
        self.runner.cancel()
        super().reject()
