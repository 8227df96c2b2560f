"""The documents window, offscreen: the name check, the print preview made in a child
process, printing, the exports; from a running session and from the start screen."""

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from facilitator.app import FacilitatorApp
from facilitator.core.verification import page_address
from facilitator.documents.badges import verify_badge_file
from facilitator.documents.signing import load_or_create_key
from facilitator.documents.jobs import HandoutJob
from facilitator.ui.documents_window import CHECK, NAME, PRINT, SOURCE, DocumentsDialog
from facilitator.ui.printing import PrintDialog

JOB_TIMEOUT_MS = 60_000  # a spawned Python process, on a busy machine


@pytest.fixture
def running(running):
    """The shipped workshop, four people joined, one name stored before such names were refused."""
    for name in ("Amélie Dubois", "王芳", "<b>x</b><img src=y>", "party \U0001F389"):
        running.session.join(name)
    # As an older version, which took any text, may have stored it.
    running.session.store.rename_attendee(running.session.attendees()[3].id, "party ส")
    return running


@pytest.fixture
def documents(running, qtbot) -> DocumentsDialog:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is running.presenter)
    qtbot.keyClick(running.presenter, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: isinstance(running.presenter.findChild(DocumentsDialog), DocumentsDialog))
    dialog = running.presenter.findChild(DocumentsDialog)
    yield dialog
    dialog.reject()


def cell(dialog, row, column) -> str:
    return dialog.table.item(row, column).text()


def finished(qtbot, preview: PrintDialog) -> PrintDialog:
    with qtbot.waitSignal(preview.runner.finished, timeout=JOB_TIMEOUT_MS):
        pass
    return preview


def test_the_name_check_lists_everyone_and_blocks_an_unprintable_name(documents):
    assert [cell(documents, r, NAME) for r in range(4)] == [
        "Amélie Dubois", "王芳", "<b>x</b><img src=y>", "party ส",
    ]
    assert cell(documents, 0, CHECK) == "OK"
    assert cell(documents, 3, CHECK).startswith("Cannot print: no shipped font can print")
    assert not documents.certificates_button.isEnabled()
    assert "1 name cannot print" in documents.summary.text()


def test_correcting_a_name_renames_the_attendee(documents, running):
    documents.table.item(3, NAME).setText("Party Person")
    assert running.session.attendees()[3].name == "Party Person"
    assert cell(documents, 3, CHECK) == "OK" and documents.certificates_button.isEnabled()


def test_an_empty_correction_is_refused_and_changes_nothing(documents, running, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    documents.table.item(0, NAME).setText("   ")
    assert warnings == ["the name is empty"]
    assert running.session.attendees()[0].name == "Amélie Dubois"
    assert cell(documents, 0, NAME) == "Amélie Dubois"


def test_certificates_are_made_in_a_child_previewed_and_recorded(documents, running, qtbot):
    documents.table.item(3, NAME).setText("Party Person")
    documents.facilitator.setText("Dana Ruiz")
    documents.page_size.setCurrentText("Letter")
    preview = finished(qtbot, documents.print_certificates())
    assert preview.page_count == 4 and preview.print_button.isEnabled()
    pdf = PdfReader(preview.path)
    assert "<b>x</b><img src=y>" in pdf.pages[2].extract_text()
    assert "Dana Ruiz" in pdf.pages[0].extract_text()
    assert round(float(pdf.pages[0].mediabox.width)) == 792  # Letter, landscape
    records = running.store.certificates(running.session.id)
    assert len(records) == 4 and all(r.pdf_sha256 for r in records)

    image = preview.view.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 9)
               for y in range(0, image.height(), 9)}
    assert "#ffffff" in colours and len(colours) > 2  # white pages with something on them


def test_printing_sends_every_page_in_its_orientation(documents, qtbot, tmp_path):
    documents.table.item(3, NAME).setText("Party Person")
    preview = finished(qtbot, documents.print_certificates())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    preview.print_to(printer)
    pages = PdfReader(tmp_path / "printed.pdf").pages
    assert len(pages) == 4


def test_the_handout_preview(documents, qtbot):
    preview = finished(qtbot, documents.print_handout())
    assert preview.page_count >= 2
    assert "Social media is everyone's job" in PdfReader(preview.path).pages[0].extract_text()


@pytest.mark.parametrize(("window_language", "title", "failure"), [
    ("en", "Handout — print", "The handout could not be made: "),
    ("de", "Handout — drucken", "Erstellen fehlgeschlagen (Handout): "),
], indirect=["window_language"])
def test_a_job_that_fails_says_why(window_language, qtbot, tmp_path, title, failure):
    preview = PrintDialog(HandoutJob("not content"), tmp_path / "h.pdf")
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.runner.failed, timeout=JOB_TIMEOUT_MS):
        pass
    assert preview.windowTitle() == title
    assert preview.status.text().startswith(failure)
    assert not preview.save_button.isEnabled()


def test_export_writes_the_files_to_the_chosen_folder(documents, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path / "out"))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    written = documents.export()
    assert sorted(p.suffix for p in written.values()) == [".csv", ".csv", ".csv", ".csv", ".json"]
    assert all(Path(p).parent == tmp_path / "out" for p in written.values())


def test_the_start_screen_opens_the_documents_of_a_past_session(app, running, qtbot):
    session_id = running.session.id
    running.session.end()
    restarted = FacilitatorApp(app.store, host="127.0.0.1", port=0, key_path=app.key_path)
    start = restarted.start_window
    assert start.documents_button.isEnabled()
    with qtbot.waitSignal(start.documents_requested) as signal:
        start.documents_button.click()
    assert signal.args[0] == session_id
    dialog = start.findChild(DocumentsDialog)
    assert dialog is not None and dialog.table.rowCount() == 4
    dialog.reject()
    start.close()



def test_a_logo_gone_since_loading_stops_certificates_before_any_is_recorded(documents, running, monkeypatch, tmp_path):
    documents.table.item(3, NAME).setText("Party Person")
    workshop = running.session.workshop
    running.session.reload(replace(workshop, deck=replace(workshop.deck, logo=tmp_path / "gone.png")))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert documents.print_certificates() is None
    assert running.store.certificates(running.session.id) == []
    assert len(warnings) == 1 and "cannot read the image" in warnings[0] and "gone.png" in warnings[0]


def test_the_verification_page_is_remembered_for_the_qr_codes(documents, running, qtbot):
    documents.table.item(3, NAME).setText("Party Person")
    documents.verification_page.setText("https://certs.example.org/verify.html")
    finished(qtbot, documents.print_certificates())
    assert page_address(running.store) == "https://certs.example.org/verify.html"
    assert documents.names.facts.page_address == "https://certs.example.org/verify.html"


def test_a_bad_verification_page_is_refused_before_anything_is_issued(documents, running, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    documents.table.item(3, NAME).setText("Party Person")
    documents.verification_page.setText("ftp://certs.example.org/verify.html")
    assert documents.print_certificates() is None
    assert warnings and warnings[0].startswith("the verification page's address must start with https://")
    assert running.store.certificates(running.session.id) == []
    assert page_address(running.store) == ""


@pytest.mark.parametrize("window_language, joined, hint", [
    ("de", "beigetreten", "Prüfen: nur Kleinbuchstaben"),
    ("ja", "参加済み", "要確認: すべて小文字"),
], indirect=["window_language"])
def test_the_name_check_says_where_each_name_came_from_and_its_hint_in_the_windows_language(
    running, window_language, documents, joined, hint,
):
    assert [cell(documents, r, SOURCE) for r in range(4)] == [joined] * 4
    assert cell(documents, 2, CHECK) == hint  # "<b>x</b><img src=y>": all lower case


@pytest.mark.parametrize("window_language", ["de"], indirect=True)
def test_a_bad_verification_page_is_refused_in_the_windows_language(running, window_language, documents,
                                                                    monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    documents.verification_page.setText("https://certs.example.org/verify.html#facts")
    assert documents.print_certificates() is None
    assert warnings == ["Die Adresse der Prüfseite darf keinen #-Teil haben: Dort stehen die signierten Angaben"
                        " des Zertifikats"]


def test_open_badges_files_one_per_person(documents, running, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path / "badges"))
    documents.table.item(3, NAME).setText("Party Person")
    written = documents.export_badges()
    key = load_or_create_key(documents.key_path)
    assert sorted(verify_badge_file(p, key).name for p in written) == sorted(
        ["Amélie Dubois", "王芳", "<b>x</b><img src=y>", "Party Person"])
    numbers = {r.number for r in running.store.certificates(running.session.id)}
    assert {p.stem for p in written} == numbers  # the certificates' own numbers


def test_the_logo_and_signature_are_chosen_here_and_a_bad_file_is_refused(documents, monkeypatch, tmp_path):
    from PIL import Image

    from facilitator.core.organizer import session_organizer

    Image.new("RGB", (400, 120), (29, 78, 116)).save(tmp_path / "logo.png")
    (tmp_path / "logo.txt").write_text("not a picture")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    row = documents.images["logo"]
    assert row.status.text() == "none" and not row.remove.isEnabled()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "logo.png"), ""))
    row.choose.click()
    assert row.status.text() == "400 × 120 PNG, kept on this laptop" and row.remove.isEnabled()
    assert documents.names.facts.logo.width == 400  # the next certificates print it

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(tmp_path / "logo.txt"), ""))
    row.choose.click()
    assert warnings == ["the logo logo.txt is not a PNG or JPEG image"]
    assert session_organizer(documents.session).logo.width == 400  # unchanged

    row.remove.click()
    assert row.status.text() == "none" and session_organizer(documents.session).logo is None


@pytest.fixture
def late_documents(qtbot, late_room, tmp_path) -> DocumentsDialog:
    """The window on a session where Bo Chen came for its last 12 minutes of 55."""
    dialog = DocumentsDialog(late_room, tmp_path / "key.pem")
    qtbot.addWidget(dialog)
    return dialog


def test_below_the_minimum_presence_is_flagged_and_the_organizer_decides(late_documents, session):
    late_documents.minimum.setValue(50)
    assert cell(late_documents, 1, CHECK) == "Check: present for 12 of 55 minutes (22 %), below the minimum"
    assert (cell(late_documents, 0, PRINT), cell(late_documents, 1, PRINT)) == ("Yes", "Left out")
    assert "1 present for less than the minimum, 1 left out" in late_documents.summary.text()
    assert [p.name for p in late_documents.names.people] == ["Ann Lee"]
    late_documents.table.item(1, PRINT).setCheckState(Qt.CheckState.Checked)
    assert cell(late_documents, 1, PRINT) == "Print anyway"
    assert [p.name for p in late_documents.names.people] == ["Ann Lee", "Bo Chen"]
    assert session.store.setting("minimum_presence") == "50"


@pytest.mark.parametrize("window_language", ["de"], indirect=True)
def test_the_name_check_speaks_the_windows_language(window_language, late_documents):
    late_documents.minimum.setValue(50)
    assert cell(late_documents, 1, CHECK) == (
        "Prüfen: 12 von 55 Minuten anwesend (22 %), unter dem Minimum")
    assert (cell(late_documents, 0, PRINT), cell(late_documents, 1, PRINT)) == ("Ja", "Weggelassen")
    assert late_documents.summary.text() == "2 Personen; 1 kürzer als das Minimum da, 1 weggelassen"


def test_a_roster_that_cannot_be_read_says_where(documents, monkeypatch, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("colour\nblue\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(roster), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    documents.add_roster()
    ((title, text),) = warnings
    assert title == "Roster not added" and text.startswith(f"{roster}:")


@pytest.mark.parametrize("window_language, names", [("de", ["A4", "US-Letter"]), ("ja", ["A4", "レター"])],
                         indirect=["window_language"])
def test_the_paper_sizes_are_named_in_the_windows_language(window_language, late_documents, names):
    sizes = late_documents.page_size
    assert [sizes.itemText(i) for i in range(sizes.count())] == names
    assert [sizes.itemData(i) for i in range(sizes.count())] == ["A4", "Letter"]  # as the jobs take them
