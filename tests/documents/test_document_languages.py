"""Certificates and the handout in the deck's language (or the one asked for): their
fixed words from the catalogue, the date and duration as the language writes them,
Arabic mirrored and shaped, every glyph in the shipped fonts."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata

import pytest
from pypdf import PdfReader

from facilitator.core.session import LiveSession
from facilitator.core.translation import _template, available_languages, translator
from facilitator.core.wording import date_words, duration_words
from facilitator.documents import fonts
from facilitator.documents.certificates import Person, WorkshopFacts, print_certificates
from facilitator.documents.handout import write_handout

from .test_handout import _answer_everything, board

FACTS = WorkshopFacts(
    title="Social media at work", date=datetime.date(2026, 12, 1), duration_minutes=90,
    facilitator="Jane Trainer", organisation="ACME Training",
)
NOW = 1_796_000_000.0
CODES = [language.code for language in available_languages()]
# The files whose messages are printed on paper or written into a document.
DOCUMENT_SOURCES = ("facilitator/documents/", "facilitator/core/wording.py")


def as_read(text: str) -> str:
    """Text as a reader sees it: Arabic joined forms back to letters, no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def has_words(drawn: str, text: str) -> bool:
    """Each word of `text` is in the extracted text (Arabic words come back in logical
    order, but a line's words in the order they were drawn, left to right)."""
    return all(as_read(word) in drawn for word in text.split())


def certificate(store, key, tmp_path, language: str, name: str = "Ann Lee") -> PdfReader:
    facts = dataclasses.replace(FACTS, language=language)
    path = tmp_path / f"certificate-{language}.pdf"
    print_certificates(store, facts, [Person(name, f"test:{name}")], path, key=key, now=NOW)
    return PdfReader(path)


def _document_messages():
    for m in _template():
        if m.id and any(path.startswith(DOCUMENT_SOURCES) for path, _ in m.locations):
            yield m.id


@pytest.mark.parametrize("code", CODES)
def test_every_documents_word_in_every_language_has_its_glyphs_in_the_shipped_fonts(code):
    words = translator(code)
    missing = {}
    for msgid in _document_messages():
        forms = [words.ngettext(*msgid, n) for n in (0, 1, 2, 3, 11, 100)] if isinstance(msgid, tuple) \
            else [words.gettext(msgid)]
        for form in forms:
            if lost := fonts.missing_characters(form):
                missing[form] = lost
    assert missing == {}


@pytest.mark.parametrize("code", CODES)
def test_a_certificate_in_each_language_says_its_heading_and_date(fresh_store, key, tmp_path, code):
    words = translator(code)
    page = certificate(fresh_store, key, tmp_path, code).pages[0]
    drawn = as_read(page.extract_text())
    expected = [words.text("This is to certify that"), date_words(FACTS.date, words)]
    assert all(has_words(drawn, e) for e in expected), drawn


def test_a_german_certificate_reads_in_german(fresh_store, key, tmp_path):
    reader = certificate(fresh_store, key, tmp_path, "de")
    text = reader.pages[0].extract_text()
    for expected in ("Hiermit wird bescheinigt, dass", "am folgenden Workshop teilgenommen hat",
                     "1. Dezember 2026", "1 Stunde 30 Minuten", "Moderation", "Zum Prüfen scannen"):
        assert expected in text
    assert "CERTIFICATE" not in text and "December" not in text
    assert as_read("TEILNAHMEBESCHEINIGUNG") in as_read(text)
    assert reader.metadata.title == "Teilnahmebescheinigung: Social media at work"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_an_arabic_certificate_is_shaped_and_mirrored(fresh_store, key, tmp_path):
    reader = certificate(fresh_store, key, tmp_path, "ar", name="محمد العلي")
    page = reader.pages[0]
    text = as_read(page.extract_text())
    for expected in ("شهادة حضور", "نشهد بأن", "1 ديسمبر 2026", "ساعة واحدة", "30 دقيقة"):
        assert has_words(text, expected), expected
    # The line reads right to left: the date (said first) stands at the right.
    assert text.index(as_read("ساعة واحدة")) < text.index(as_read("ديسمبر"))
    assert "Certificate" not in text
    # Mirrored: the QR code (with its texts beside it) stands at the left.
    annotation = page["/Annots"][0].get_object()
    left, _, right, _ = (float(v) for v in annotation["/Rect"])
    assert right < float(page.mediabox.width) / 2
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_the_deck_s_language_chooses_and_an_override_wins(workshop):
    german = dataclasses.replace(workshop.deck, language="de-AT")
    assert WorkshopFacts.from_deck(german).language == "de"
    assert WorkshopFacts.from_deck(german, language="fr-CA").language == "fr"
    assert WorkshopFacts.from_deck(dataclasses.replace(workshop.deck, language="tlh")).language == "en"


@pytest.mark.parametrize("minutes, code, said", [
    (90, "en", "1 hour 30 minutes"),
    (60, "de", "1 Stunde"),
    (121, "de", "2 Stunden 1 Minute"),
    (45, "fr", "45 minutes"),
    (150, "ja", "2時間30分"),
    (120, "ar", "ساعتان"),
    (180, "ar", "3 ساعات"),
    (660, "ar", "11 ساعة"),
])
def test_durations_follow_each_languages_plural_rules(minutes, code, said):
    assert duration_words(minutes, translator(code)) == said


def _session_in(session: LiveSession, language: str) -> LiveSession:
    deck = dataclasses.replace(session.workshop.deck, language=language)
    session.workshop = dataclasses.replace(session.workshop, deck=deck)
    return session


def test_a_german_handout_reads_in_german(session, open_poll, tmp_path):
    _answer_everything(_session_in(session, "de"), open_poll)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("HANDOUT: IDEEN FÜR DIE PRAXIS", "Datum", "Dauer", "Teilnehmende",
                     "Was die Gruppe gesagt hat", "4 Personen haben geantwortet.", "Seite 1 von"):
        assert expected in text, expected
    assert date_words(datetime.date.fromtimestamp(session.record.started_at), translator("de")) in text
    assert "What the room said" not in text and "Page 1 of" not in text


def test_an_arabic_handout_is_right_to_left(session, open_poll, tmp_path):
    _, post, _ = board(_session_in(session, "ar"), open_poll, "ideas")
    post(0, "Share one post a week")
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    reader = PdfReader(path)
    text = as_read("\n".join(page.extract_text() for page in reader.pages))
    for expected in ("أفكار الحضور", "التاريخ", "المدة", "الحضور"):
        assert as_read(expected) in text, expected
    assert "Share one post a week" in "\n".join(page.extract_text() for page in reader.pages)
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def test_the_handouts_language_can_be_asked_for(session, tmp_path):
    path = tmp_path / "handout.pdf"
    write_handout(session, path, language="es")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Ideas del grupo" in text and "Fecha" in text


@pytest.mark.parametrize("text, shown", [
    ("من 1 (No) إلى 5 (Yes).", ".(Yes) 5 ﻰﻟﺇ (No) 1 ﻦﻣ"),
    ("محمد (أبو علي)", "(ﻲﻠﻋ ﻮﺑﺃ) ﺪﻤﺤﻣ"),
])
def test_brackets_in_a_right_to_left_line_are_mirrored(text, shown):
    assert fonts.visual(text) == shown


# -- right to left: lines in order, the page mirrored ----------------------------------

LONG_ARABIC = ("نشارك منشورا واحدا كل أسبوع عن مشروع أنجزه الفريق ونذكر فيه أسماء الزملاء"
               " الذين عملوا عليه حتى يعرف العملاء من يقف وراء عملنا ويثقوا به أكثر")
LONG_HEBREW = ("נשתף פוסט אחד בכל שבוע על פרויקט שהצוות סיים ונזכיר בו את שמות העמיתים"
               " שעבדו עליו כדי שהלקוחות ידעו מי עומד מאחורי העבודה שלנו")


def drawn(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text drawn on a PDF page, as pypdf reads it back
    (a right-to-left run in logical order)."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return pieces


def lines_of(page, text: str) -> list[str]:
    """The lines of a page (top first) made of three words of `text` or more, as read."""
    words = {as_read(word) for word in text.split()}
    rows: dict[float, list[str]] = {}
    for _, y, piece in drawn(page):
        for line in piece.split("\n"):
            if len(line.split()) >= 3 and all(as_read(w) in words for w in line.split()):
                rows.setdefault(round(y), []).append(line)
    return [" ".join(rows[y]) for y in sorted(rows, reverse=True)]


@pytest.mark.parametrize("language, idea", [("ar", LONG_ARABIC), ("ar", LONG_HEBREW), ("en", LONG_ARABIC)])
def test_a_wrapped_right_to_left_idea_reads_from_its_first_line_down(session, open_poll, tmp_path,
                                                                       language, idea):
    _, post, _ = board(_session_in(session, language), open_poll, "ideas")
    post(0, idea)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    lines = lines_of(PdfReader(path).pages[0], idea)
    assert len(lines) >= 2
    # Wrapped in logical order, then each line reordered: the first line holds the
    # sentence's beginning, and the lines read one after the other.
    assert as_read(" ".join(lines)) == as_read(idea)


def _fits(text: str) -> float:
    return fonts.text_width(text, 10) + 1


def _hebrew_lines(text: str, widths: tuple[float, float]) -> list[str]:
    """The lines as read: each line's Hebrew in display order, reversed."""
    lines = fonts.paragraph_lines([fonts.Span(text)], widths, 10)
    return ["".join(shown for _, shown in line)[::-1] for line in lines]


@pytest.mark.parametrize("widths, lines", [
    ((_fits("אחת שתיים שלוש"),) * 2, ["אחת שתיים שלוש", "ארבע חמש"]),
    ((_fits("אחת"), _fits("שתיים שלוש ארבע")), ["אחת", "שתיים שלוש ארבע", "חמש"]),  # a narrower first line
])
def test_a_right_to_left_paragraph_is_wrapped_in_reading_order(widths, lines):
    assert _hebrew_lines("אחת שתיים שלוש ארבע חמש", widths) == lines


def test_a_right_to_left_word_wider_than_a_line_is_cut_in_order():
    word = "אחתשתייםשלושארבעחמששש"
    lines = _hebrew_lines(word, (_fits("אחתשת"),) * 2)
    assert len(lines) > 2 and "".join(lines) == word
    assert all(fonts.text_width(line, 10) <= _fits("אחתשת") for line in lines)


def test_a_latin_title_in_an_arabic_sentence_keeps_its_order():
    sentence = "أفكار من ورشة Social media at work خلال 3 أسابيع"
    [line] = fonts.paragraph_lines([fonts.Span(sentence)], (1000, 1000), 10, "rtl")
    shown = "".join(text for _, text in line)
    assert "Social media at work" in shown and "3" in shown
    # Said in Arabic, the sentence starts at the right even though it opens a word in
    # Latin letters would take for left to right.
    [line] = fonts.paragraph_lines([fonts.Span("Social media: أفكار")], (1000, 1000), 10, "rtl")
    assert "".join(text for _, text in line).endswith("Social media")


def test_spans_keep_their_own_settings_through_the_reordering():
    spans = [fonts.Span("نعم", bold=True), fonts.Span(" (صحيحة)", color="#2E7D4F", size=8)]
    [line] = fonts.paragraph_lines(spans, (1000, 1000), 10)
    # Right to left: the first span stands at the right, drawn last.
    assert [span for span, _ in line] == spans[::-1]


def _x_of(pieces, text: str) -> float:
    return next(x for x, _, piece in pieces if as_read(text) in as_read(piece))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_arabic_page_is_mirrored_bullets_tables_and_bars(session, open_poll, tmp_path, language):
    _answer_everything(_session_in(session, language), open_poll)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    pages = [drawn(page) for page in PdfReader(path).pages]
    words = translator(language)
    rtl = language == "ar"
    # The facts' table runs from the right: the date first, the count of attendees last.
    assert (_x_of(pages[0], words.text("Date")) > _x_of(pages[0], words.text("Attendees"))) is rtl
    # A bullet stands at the right of its idea.
    bullets = [(page, x, y) for page in pages for x, y, piece in page if piece == "\u2022"]
    assert bullets
    for page, x, y in bullets:
        text = [tx for tx, ty, piece in page if piece != "\u2022" and abs(ty - y) < 1]
        assert text and all((x > tx) is rtl for tx in text)
    # A poll's label at the right of its bar, the count and share at the bar's left.
    said = next(page for page in pages if any(piece == "Green" for _, _, piece in page))
    assert (_x_of(said, "Green") > _x_of(said, "25%")) is rtl
