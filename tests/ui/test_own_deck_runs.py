"""A trainer's own deck, run end to end as the trainer would: a PowerPoint file (converted
by the real LibreOffice, once for the run) and a Beamer PDF with its pdfpc file and a
companion file. The real windows offscreen and the real phone server on loopback: phones
join and vote over HTTP, the keys move through the slides, R shows the results over the
imported deck and R again the page, E ends, then the handout and the certificates."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator.core.deck import Layout
from facilitator.core.paths import EXERCISES_DIR
from facilitator.core.exercise import load_exercise
from facilitator.ui import drawing
from facilitator.ui.render import render_image
from tests.deck_files import OutlineEntry, make_pdf, make_pptx, pdfpc_pages, write_pdfpc
from tests.paged import BEAMER
from tests.ui.test_documents_window import finished

POLL = "could-this-happen-here"  # a shipped single choice, by id
POLL_PROMPT = load_exercise(EXERCISES_DIR / f"{POLL}.toml").prompt
PHONES = ("Amélie Dubois", "王芳", "Jonas Berg", "Priya Nair")
VOTES = (0, 0, 1, 3)  # each phone's option, in turn: "Yes, easily" leads with 2


@pytest.fixture(scope="module")
def powerpoint_talk(tmp_path_factory, libreoffice) -> Path:
    """A trainer's PowerPoint deck: a title slide, a join slide, a hidden backup slide,
    bullets with speaker notes and a poll line in one slide's notes. Its one conversion
    is made by the first run that opens it and kept in the run's cache folder."""
    return make_pptx(
        tmp_path_factory.mktemp("trainer") / "talk.pptx",
        ["Social media at work", "Join in", "Backup figures", "Three habits", "Could this happen here?",
         "Thank you"],
        title="Social media at work", hidden={3},
        bullets={4: ["Pause before posting", "Ask before sharing a photo", "Report, don't reply"]},
        notes={
            1: "Welcome everyone and introduce yourself.\nminutes: 2",
            2: "layout: join\nWait until most phones have joined.",
            3: "Only if someone asks for the numbers.",
            4: "Stress the second habit: photos show more than we think.",
            5: "Read the question aloud.\nexercise: could-this-happen-here\nminutes: 3",
            6: "Point to the handout and the certificates.",
        },
    )


@pytest.fixture
def beamer_talk(tmp_path) -> Path:
    """A 4:3 Beamer PDF: an outline, a frame of three overlays, notes in its pdfpc file
    (setting lines in them), and a companion file that inserts a poll after frame 2 and
    gives the title and the duration."""
    labels = ["1", "2", "2", "2", "3"]
    talk = make_pdf(
        tmp_path / "talk.pdf", ["Welcome", "Three habits", "Three habits", "Three habits", "Wrap-up"],
        labels=labels, page_size=BEAMER, title="untitled.tex",
        outline=[OutlineEntry("Welcome", 0), OutlineEntry("Three habits", 1), OutlineEntry("Wrap-up", 4)],
    )
    write_pdfpc(talk.with_suffix(".pdfpc"), pdfpc_pages({
        0: "Introduce yourself.\nlayout: join\nminutes: 2",
        1: "One habit per overlay.\nminutes: 5",
        4: "Thank them for coming.",
    }, labels))
    talk.with_suffix(".facilitator.yaml").write_text(
        "title: Posting with care\nduration: 30\n"
        f"insert:\n  - {{after: 2, exercise: {POLL}, minutes: 3}}\n", encoding="utf-8")
    return talk


@dataclass
class Phone:
    """An attendee's phone: its own loopback address, its join cookie once it has one."""

    address: str
    base: tuple[str, int]
    code: str
    cookie: str = ""

    def post(self, what: str, body: dict) -> tuple[int, dict]:
        connection = http.client.HTTPConnection(*self.base, timeout=10, source_address=(self.address, 0))
        try:
            headers = {"Content-Type": "application/json"}
            if self.cookie:
                headers["Cookie"] = self.cookie
            connection.request("POST", f"/api/{self.code}/{what}", json.dumps(body), headers)
            response = connection.getresponse()
            if cookie := response.getheader("Set-Cookie"):
                self.cookie = cookie.split(";")[0]
            return response.status, json.loads(response.read())
        finally:
            connection.close()


def join_phones(running) -> list[Phone]:
    server = running.server
    phones = [Phone(f"127.0.{n + 1}.{n + 2}", (server.host, server.port), running.session.code)
              for n in range(len(PHONES))]
    for phone, name in zip(phones, PHONES):
        assert phone.post("join", {"name": name}) == (201, {"name": name})
    return phones


def start(make_app, qtbot, deck: Path):
    """The deck started in the windows, the presenter's window the one that takes keys."""
    running = make_app().start(deck)
    running.presenter.activateWindow()  # after the "Preparing…" dialog of a first conversion
    qtbot.waitUntil(lambda: QApplication.activeWindow() is running.presenter)
    return running


def press(qtbot, running, key) -> None:
    qtbot.keyClick(running.presenter, key)


def drawn(scene) -> drawing.TextRecord:
    """What the projector's scene draws at 1920×1080."""
    with drawing.recording_elisions() as record:
        render_image(scene, 1920, 1080)
    return record


def run_the_poll(qtbot, running, phones: list[Phone], page: int | None) -> None:
    """On the poll's slide: O opens it, the phones vote, R reveals the results in
    Facilitator's design, R again returns to the slide (`page`, on an imported page)."""
    session, projector = running.session, running.audience.view
    press(qtbot, running, "o")
    poll = session.poll_now_open()
    assert poll is not None and poll.exercise_id == POLL
    for phone, vote in zip(phones, VOTES):
        assert phone.post("answer", {"poll": poll.id, "answer": vote})[0] == 200
    qtbot.waitUntil(lambda: running.presenter.responses.text().startswith(f"{len(PHONES)} of {len(PHONES)} answered"))
    assert projector.scene.shown_page == page and projector.scene.join_bar is not None
    if page is not None:  # the trainer's page asks, the count overlays it
        texts = {t.where: t.text for t in drawn(projector.scene).texts}
        assert texts["answer count"] == f"{len(PHONES)} answers"
    press(qtbot, running, "r")
    qtbot.waitUntil(lambda: projector.scene.poll.revealed)
    assert projector.scene.shown_page is None  # the results take the screen
    record = drawn(projector.scene)
    texts = [t.text for t in record.texts]
    assert record.elisions == [] and POLL_PROMPT in texts
    assert {"Yes, easily", "It already has", "Probably not", "Not sure"} <= set(texts)
    press(qtbot, running, "r")
    qtbot.waitUntil(lambda: not projector.scene.poll.revealed)
    assert projector.scene.shown_page == page


def end_and_print(qtbot, running, monkeypatch, title: str, duration: str) -> None:
    """E ends the session (once confirmed), then the handout and the certificates as the
    documents window makes them: the deck's title and duration, the names, the result."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    press(qtbot, running, "e")
    qtbot.waitUntil(lambda: running.session.record.ended_at is not None)
    documents = running.documents()
    handout = " ".join(page.extract_text() for page in PdfReader(finished(qtbot, documents.print_handout()).path).pages)
    assert title in handout and duration in handout
    assert POLL_PROMPT.split(".")[0] in handout and "Yes, easily" in handout
    certificates = [page.extract_text() for page in
                    PdfReader(finished(qtbot, documents.print_certificates()).path).pages]
    assert len(certificates) == len(PHONES)
    for text, name in zip(certificates, PHONES):
        assert name in text and title in text and duration in text
    documents.reject()


def test_a_powerpoint_deck_runs_end_to_end(make_app, qtbot, monkeypatch, powerpoint_talk):
    running = start(make_app, qtbot, powerpoint_talk)
    session, presenter, projector = running.session, running.presenter, running.audience.view
    deck = session.workshop.deck
    assert [s.title for s in deck.slides] == [
        "Social media at work", "Join in", "Three habits", "Could this happen here?", "Thank you"]
    assert deck.slides[1].layout is Layout.JOIN and deck.slides[3].minutes == 3
    assert presenter.notes.toPlainText() == "Welcome everyone and introduce yourself."
    press(qtbot, running, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: projector.scene.slide.index == 1)
    assert session.code in [t.text for t in drawn(projector.scene).texts if t.where == "join address"]
    phones = join_phones(running)
    qtbot.waitUntil(lambda: len(session.attendees()) == len(PHONES))
    press(qtbot, running, Qt.Key.Key_Right)  # past the hidden slide's number: it is left out
    qtbot.waitUntil(lambda: projector.scene.slide.title == "Three habits")
    assert presenter.notes.toPlainText() == "Stress the second habit: photos show more than we think."
    assert projector.scene.shown_page == 2  # the converted file keeps the hidden slide's page
    press(qtbot, running, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: projector.scene.slide.index == 3)
    assert presenter.notes.toPlainText() == "Read the question aloud."
    run_the_poll(qtbot, running, phones, page=deck.slides[3].pages[0])
    end_and_print(qtbot, running, monkeypatch, "Social media at work", "5 minutes")  # the planned minutes: 2 + 3


def test_a_beamer_pdf_runs_end_to_end(make_app, qtbot, monkeypatch, beamer_talk):
    running = start(make_app, qtbot, beamer_talk)
    session, presenter, projector = running.session, running.presenter, running.audience.view
    deck = session.workshop.deck
    assert (deck.title, deck.duration) == ("Posting with care", 30)
    assert [(s.title, s.pages) for s in deck.slides] == [
        ("Welcome", (0,)), ("Three habits", (1, 2, 3)), ("Could this happen here?", ()), ("Wrap-up", (4,))]
    assert deck.slides[0].layout is Layout.JOIN and presenter.notes.toPlainText() == "Introduce yourself."
    phones = join_phones(running)
    qtbot.waitUntil(lambda: len(session.attendees()) == len(PHONES))
    press(qtbot, running, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: projector.scene.slide.index == 1)
    assert presenter.notes.toPlainText() == "One habit per overlay."
    for page in (1, 2, 3):  # each overlay in turn, then the inserted poll
        qtbot.waitUntil(lambda: projector.scene.shown_page == page)
        press(qtbot, running, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: projector.scene.slide.index == 2)
    assert session.workshop.deck.slides[2].exercise_id == POLL
    run_the_poll(qtbot, running, phones, page=None)
    end_and_print(qtbot, running, monkeypatch, "Posting with care", "30 minutes")
