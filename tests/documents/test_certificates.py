"""Certificates: names in every script on their page, hostile names, verification, the
store's records (reprints, corrected names), rosters, page sizes, images, layout."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from facilitator.core import operations
from facilitator.core.migrations import migrations
from facilitator.core.operations import issue_certificates
from facilitator.core.roster import parse_roster
from facilitator.core.store import Store
from facilitator.core.translation import translator
from facilitator.documents import certificates, fonts
from facilitator.documents.certificates import (
    NAME_SIZE, Person, Signer, UnprintableNamesError, WorkshopFacts, certificate_for, certificate_number,
    certificates_pdf, check_facts, check_names, facts_for_session, fit_text,
    hours_value, people_from_roster, people_from_session, print_certificates,
    verify_against_store, write_certificates,
)
from facilitator.documents.signing import (
    TamperedError, WrongKeyError, payloads_in_pdf, sign_payload, verify, verify_payload,
)

FACTS = WorkshopFacts(
    title="Social media at work", date=datetime.date(2026, 3, 12), duration_minutes=90,
    facilitator="Jane Trainer", organisation="ACME Training",
)
NOW = 1_773_300_000.0

# name, the font that must draw it, its direction
SCRIPTS = [
    ("Amélie Dubois-Ñúñez", "NotoSans-Bold", "ltr"),
    ("Νίκος Παπαδόπουλος", "NotoSans-Bold", "ltr"),
    ("Анна Смирнова", "NotoSans-Bold", "ltr"),
    ("王芳", "WenQuanYiMicroHei-0", "ltr"),
    ("佐藤 花子", "WenQuanYiMicroHei-0", "ltr"),
    ("김민준", "WenQuanYiMicroHei-0", "ltr"),
    ("محمد العلي", "NotoSansArabic-Bold", "rtl"),
    ("נועה כהן", "NotoSansHebrew-Bold", "rtl"),
]


@pytest.fixture
def store(fresh_store) -> Store:
    return fresh_store


def people(*names: str) -> list[Person]:
    return [Person(name, f"test:{name}") for name in names]


def print_(store, key, names_or_people, tmp_path, name="certificates.pdf", facts=FACTS, **kwargs):
    who = people(*names_or_people) if isinstance(names_or_people[0], str) else names_or_people
    return print_certificates(store, facts, who, tmp_path / name, key=key, now=NOW, **kwargs)


def as_read(text: str) -> str:
    """Text as a reader sees it whatever glyphs drew it: Arabic joined forms back to
    letters (NFKC), no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def drawn(page) -> list[tuple[str, float, str]]:
    """(font, size, text) of each string the page itself draws, in drawing order, read
    through each font's ToUnicode map: the glyphs as drawn, not as an extractor reorders them."""
    resources = page["/Resources"]["/Font"]
    maps: dict[str, tuple[str, dict[int, str]]] = {}
    found, font, size = [], None, 0.0
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            font, size = operands[0], float(operands[1])
        elif operator == b"Tj":
            if font not in maps:
                entry = resources[font].get_object()
                cmap = entry["/ToUnicode"].get_object().get_data().decode("latin-1")
                pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
                maps[font] = (entry["/BaseFont"].split("+")[-1],
                              {int(code, 16): chr(int(char, 16)) for code, char in pairs})
            base, table = maps[font]
            raw = operands[0]
            codes = raw.get_original_bytes() if hasattr(raw, "get_original_bytes") else bytes(raw)
            found.append((base, size, "".join(table[c] for c in codes)))
    return found


def name_on(page) -> list[tuple[str, str]]:
    """(font, text) of the runs drawn at the name's size."""
    return [(font, text) for font, size, text in drawn(page) if size >= 14]


# -- every script -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory, key) -> PdfReader:
    store = Store.in_memory()
    folder = tmp_path_factory.mktemp("scripts")
    print_(store, key, [name for name, _, _ in SCRIPTS], folder)
    store.close()
    return PdfReader(folder / "certificates.pdf")


@pytest.mark.parametrize("index, name", [(i, s[0]) for i, s in enumerate(SCRIPTS)],
                         ids=[s[0] for s in SCRIPTS])
def test_text_extraction_finds_each_name_on_its_page(scripts_pdf, index, name):
    pages = [as_read(page.extract_text()) for page in scripts_pdf.pages]
    assert len(pages) == len(SCRIPTS)
    wanted = as_read(name)
    # Extractors differ in how they order right-to-left text: either order will do here,
    # the drawing order is checked below.
    on = [n for n, text in enumerate(pages) if wanted in text or wanted[::-1] in text]
    assert on == [index]


@pytest.mark.parametrize("index, name, font, direction",
                         [(i, *s) for i, s in enumerate(SCRIPTS)], ids=[s[0] for s in SCRIPTS])
def test_each_name_is_drawn_in_a_font_that_has_it_in_reading_order(scripts_pdf, index, name, font,
                                                                   direction):
    runs = name_on(scripts_pdf.pages[index])
    assert {f for f, _ in runs} == {font}
    glyphs = "".join(text for _, text in runs)
    if direction == "ltr":
        assert glyphs == name
    else:
        # Drawn left to right, so the first letter read is the last drawn...
        assert as_read(glyphs)[::-1] == as_read(name)
    if "Arabic" in font:
        # ...and every Arabic letter is drawn as its joined (contextual) form.
        letters = [ch for ch in glyphs if not ch.isspace()]
        assert all("FORM" in unicodedata.name(ch) for ch in letters), glyphs


def test_the_facts_are_on_every_page(scripts_pdf):
    for page in scripts_pdf.pages:
        text = page.extract_text()
        for fact in ("CERTIFICATE OF ATTENDANCE", "Social media at work", "12 March 2026",
                     "1 hour 30 minutes", "Jane Trainer", "ACME Training"):
            assert fact in text


def test_mixed_scripts_in_one_name(store, key, tmp_path):
    print_(store, key, ["Mei 王芳 Lin"], tmp_path)
    runs = name_on(PdfReader(tmp_path / "certificates.pdf").pages[0])
    assert runs == [("NotoSans-Bold", "Mei "), ("WenQuanYiMicroHei-0", "王芳 "), ("NotoSans-Bold", "Lin")]


@pytest.mark.parametrize("name", ["Zoë 🎉", "𝕏 Æ-12", "Ana ★ ✓ →", "👩\u200d💻 Kim 👍🏽", "Dana 1\ufe0f\u20e3"])
def test_emoji_symbols_and_mathematical_letters_print_in_names(store, key, tmp_path, name):
    certificates.check_names([name])
    result = print_(store, key, [name], tmp_path)
    page = PdfReader(result.path).pages[0]
    assert as_read(fonts.visual(name)) in as_read(page.extract_text())
    assert verify(result.certificates[0].payload, key)[0].name == name


# -- hostile names ------------------------------------------------------------------------


@pytest.mark.parametrize("name, printed", [
    ("<b>Bold</b>", "<b>Bold</b>"),
    ("&amp;", "&amp;"),
    ("<img src=/etc/passwd>", "<img src=/etc/passwd>"),
    ("</para>", "</para>"),
    ("<font name='Courier'>x</font> &#60;", "<font name='Courier'>x</font> &#60;"),
    ("Ann\x00a\x07 Lee\x1b[31m", "Anna Lee[31m"),  # control characters go
    ("Ann\u202e eeL", "Ann eeL"),  # so does a right-to-left override
])
def test_hostile_names_print_literally(store, key, tmp_path, name, printed):
    result = print_(store, key, [name], tmp_path)
    page = PdfReader(result.path).pages[0]
    assert "".join(text for _, text in name_on(page)) == printed
    assert printed in page.extract_text()
    [verified] = verify(result.path, key)
    assert verified.name == printed


@pytest.mark.parametrize("language, said", [
    ("de", "2 Namen lassen sich nicht drucken; korrigiere sie und drucke erneut:\n"
           "- '   ': der Name ist leer\n- 'Zoë ส': keine mitgelieferte Schrift kann 'ส' (U+0E2A) drucken"),
    ("fr", "2 noms ne peuvent pas être imprimés\u202f; corrigez-les et relancez l’impression\u202f:\n"
           "- '   '\u202f: le nom est vide\n- 'Zoë ส'\u202f: aucune police fournie ne peut imprimer 'ส' (U+0E2A)"),
])
def test_names_that_cannot_print_are_said_in_the_readers_language(store, key, tmp_path, language, said):
    # As the documents window and the phone say a refusal: its Message, reasons within.
    with pytest.raises(UnprintableNamesError) as caught:
        print_(store, key, ["Ann Lee", "   ", "Zoë ส"], tmp_path)
    assert translator(language).say(caught.value.args[0]) == said


@pytest.mark.parametrize("title, said", [
    ("x" * 201, "1 Text des Workshops lässt sich nicht drucken; korrigiere ihn und drucke erneut:\n"
                "- '" + "x" * 57 + "...': der Titel des Workshops: länger als 200 Zeichen (201)"),
])
def test_a_workshop_text_that_cannot_print_is_said_in_the_readers_language(title, said):
    facts = WorkshopFacts(title=title, date=datetime.date(2026, 3, 12), duration_minutes=60)
    with pytest.raises(UnprintableNamesError) as caught:
        check_facts(facts)
    assert translator("de").say(caught.value.args[0]) == said


@pytest.mark.parametrize("name, reason", [
    ("x" * 10_000, "longer than 80 characters (10,000)"),
    ("A" * 81, "longer than 80 characters (81)"),
    ("\x00\x01\x02", "the name is empty"),
    ("   ", "the name is empty"),
    ("Zoë ส", "no shipped font can print 'ส' (U+0E2A)"),  # Thai
    ("अनीता", "no shipped font can print 'अ' (U+0905)"),
])
def test_unprintable_names_are_refused_before_anything_is_written(store, key, tmp_path, name, reason):
    with pytest.raises(UnprintableNamesError) as caught:
        print_(store, key, ["Ann Lee", name], tmp_path)
    [(refused, why)] = caught.value.problems
    assert refused == name and why.startswith(reason)
    assert "1 name cannot be printed; fix it and print again:\n- " in str(caught.value)
    assert len(str(caught.value)) < 500  # a 10,000-character name is shown cut
    assert not (tmp_path / "certificates.pdf").exists()
    assert store.certificates() == []


def test_every_unprintable_name_is_listed_at_once(store, key, tmp_path):
    with pytest.raises(UnprintableNamesError) as caught:
        print_(store, key, ["", "Ann Lee", "สมชาย", "x" * 81], tmp_path)
    assert [name for name, _ in caught.value.problems] == ["", "สมชาย", "x" * 81]


@pytest.mark.parametrize("field, value, reason", [
    ("title", "Posting well ส", "the workshop title: no shipped font can print 'ส'"),
    ("title", "T" * 201, "the workshop title: longer than 200 characters"),
    ("organisation", "ACME भारत", "the organisation: no shipped font can print 'भ'"),
    ("facilitator", "J" * 121, "the facilitator: longer than 120 characters"),
])
def test_unprintable_workshop_texts_are_refused(store, key, tmp_path, field, value, reason):
    facts = dataclasses.replace(FACTS, **{field: value})
    with pytest.raises(UnprintableNamesError, match="workshop text") as caught:
        print_(store, key, ["Ann Lee"], tmp_path, facts=facts)
    assert caught.value.problems[0][1].startswith(reason)
    assert not (tmp_path / "certificates.pdf").exists() and store.certificates() == []
    with pytest.raises(UnprintableNamesError):
        check_facts(facts)


# -- verification -------------------------------------------------------------------------


def test_verify_round_trip_from_the_pdf(store, key, tmp_path):
    names = ["Amélie Dubois", "محمد العلي", "王芳"]
    result = print_(store, key, names, tmp_path)
    verified = verify(result.path, key)
    assert [v.name for v in verified] == names
    assert [v.number for v in verified] == [c.number for c in result.certificates]
    assert {(v.title, v.date, v.hours, v.organisation, v.facilitator) for v in verified} == {
        ("Social media at work", datetime.date(2026, 3, 12), "1.5", "ACME Training", "Jane Trainer")
    }
    assert payloads_in_pdf(result.path) == [c.payload for c in result.certificates]
    assert all(verify_against_store(store, v) is None for v in verified)


def test_verify_with_the_wrong_key(store, key, other_key, tmp_path):
    result = print_(store, key, ["Ann Lee"], tmp_path)
    with pytest.raises(WrongKeyError):
        verify(result.path, other_key.public_key())


@pytest.mark.parametrize("old, new", [("Ann Lee", "Anne Lee"), ("2026-03-12", "2026-03-19")],
                         ids=["name", "date"])
def test_a_tampered_payload_fails(store, key, tmp_path, old, new):
    import base64

    [certificate] = print_(store, key, ["Ann Lee"], tmp_path).certificates
    prefix, body, signature = certificate.payload.split(".")
    text = base64.b32decode(body + "=" * (-len(body) % 8)).decode()
    assert old in text
    forged = base64.b32encode(text.replace(old, new).encode()).decode().rstrip("=")
    with pytest.raises(TamperedError):
        verify(f"{prefix}.{forged}.{signature}", key)


def test_the_number_in_the_store_is_what_verification_checks_against(store, key, tmp_path):
    [certificate] = print_(store, key, ["Ann Lee"], tmp_path).certificates
    stranger = certificate_for("Ann Lee", "FAC-2026-0099-XXXX", FACTS, key)
    note = verify_against_store(store, verify_payload(stranger.payload, key))
    assert note == "FAC-2026-0099-XXXX is not in this database's records"
    assert verify_against_store(store, verify_payload(certificate.payload, key)) is None


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="needs pdftoppm (poppler) and zbarimg (zbar) to read the printed QR code")
@pytest.mark.parametrize("name", ["Amélie Dubois",
                                  "Александра Константиновна Преображенская-Рождественская"])
def test_the_printed_qr_code_scans_and_verifies(store, key, tmp_path, name):
    result = print_(store, key, [name], tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(result.path), str(tmp_path / "page")],
                   check=True)
    [image] = tmp_path.glob("page*.png")
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert scanned == result.certificates[0].payload
    assert verify(scanned, key)[0].name == name


# -- the store's records: numbers, reprints, corrections ---------------------------------------


def test_numbers(key, other_key):
    number = certificate_number(2026, 1, key)
    assert re.fullmatch(r"FAC-2026-0001-[0-9A-HJKMNP-TV-Z]{4}", number)
    assert certificate_number(2026, 1, key) == number
    # Another laptop's key gives its 0001 other check characters (1 in a million alike).
    assert certificate_number(2026, 1, other_key) != number
    assert certificate_number(2026, 2, key)[:-4] == "FAC-2026-0002-"
    assert certificate_number(2027, 12345, key).startswith("FAC-2027-12345-")


def test_issued_certificates_are_recorded(store, key, tmp_path):
    result = print_(store, key, ["Ann Lee", "Ben Ode"], tmp_path)
    digest = hashlib.sha256((tmp_path / "certificates.pdf").read_bytes()).hexdigest()
    assert result.pdf_sha256 == digest
    records = store.certificates()
    assert [(r.number, r.name, r.facts["date"], r.pdf_sha256) for r in records] == [
        (c.number, c.name, "2026-03-12", digest) for c in result.certificates
    ]
    assert [r.serial for r in records] == [1, 2]
    assert [c.number[:13] for c in result.certificates] == ["FAC-2026-0001", "FAC-2026-0002"]


def test_serials_count_per_year(store, key, tmp_path):
    print_(store, key, ["Ann Lee", "Ben Ode"], tmp_path)
    next_year = dataclasses.replace(FACTS, date=datetime.date(2027, 1, 5))
    [later] = print_(store, key, ["Cy Dee"], tmp_path, facts=next_year).certificates
    assert later.number.startswith("FAC-2027-0001-")
    [again] = print_(store, key, ["Di Eve"], tmp_path).certificates
    assert again.number.startswith("FAC-2026-0003-")


def test_reprint_gives_the_same_certificates_and_bytes(store, key, tmp_path):
    first = print_(store, key, ["Ann Lee", "王芳"], tmp_path, name="first.pdf")
    second = print_certificates(store, FACTS, people("Ann Lee", "王芳"), tmp_path / "second.pdf",
                                key=key, now=NOW + 3600)
    assert second.certificates == first.certificates
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()
    assert len(store.certificates()) == 2
    assert all(store.certificate_history(c.record_id) == [] for c in first.certificates)


def test_one_certificate_downloaded_twice_is_the_same_file(store, key):
    [certificate] = issue_certificates(store, Signer(FACTS, key), people("Ann Lee"), NOW)
    [again] = issue_certificates(store, Signer(FACTS, key), people("Ann Lee"), NOW + 60)
    assert again == certificate
    assert certificates_pdf([certificate], FACTS) == certificates_pdf([again], FACTS)
    assert len(PdfReader(io.BytesIO(certificates_pdf([certificate], FACTS))).pages) == 1


def test_a_corrected_name_reissues_under_the_same_number(fresh_store, session, key, tmp_path):
    ann = session.join("ann lee")
    session.join("Ben Ode")
    first = print_(fresh_store, key, people_from_session(session), tmp_path,
                   name="first.pdf")
    session.rename_attendee(ann.id, "Ann Lee")
    second = print_(fresh_store, key, people_from_session(session), tmp_path,
                    name="second.pdf")

    old, new = first.certificates[0], second.certificates[0]
    assert (new.number, new.record_id, new.name) == (old.number, old.record_id, "Ann Lee")
    assert new.payload != old.payload
    assert second.certificates[1] == first.certificates[1]  # Ben's is untouched
    assert verify(tmp_path / "second.pdf", key)[0].name == "Ann Lee"

    record = fresh_store.certificate(new.record_id)
    assert (record.name, record.pdf_sha256, record.issued_at) == ("Ann Lee", second.pdf_sha256, NOW)
    [history] = fresh_store.certificate_history(new.record_id)
    assert (history.name, history.payload, history.pdf_sha256) == ("ann lee", old.payload, first.pdf_sha256)
    assert history.facts["name"] == "ann lee"

    # The old paper still verifies offline; the records say it was superseded.
    stale = verify_payload(old.payload, key)
    assert verify_against_store(fresh_store, stale) == (
        f"{old.number} was re-issued: its current name is 'Ann Lee', this copy says 'ann lee'"
    )


def test_a_changed_date_reissues_and_is_noted(store, key, tmp_path):
    [old] = print_(store, key, ["Ann Lee"], tmp_path).certificates
    moved = dataclasses.replace(FACTS, date=datetime.date(2026, 3, 13))
    [new] = print_(store, key, ["Ann Lee"], tmp_path, facts=moved).certificates
    assert new.number == old.number
    assert verify_against_store(store, verify_payload(old.payload, key)) == (
        f"{old.number} was re-issued with the date 2026-03-13"
    )


def test_people_from_a_session_in_the_order_they_joined(fresh_store, session):
    for name in ("Ann Lee", "王芳", "Ann Lee"):
        session.join(name)
    found = people_from_session(session)
    assert [p.name for p in found] == ["Ann Lee", "王芳", "Ann Lee"]
    assert len({p.issue_key for p in found}) == 3  # two people may share a name
    assert {p.session_id for p in found} == {session.id}


def test_people_from_a_roster_with_emails_keep_their_certificate(store, key, tmp_path):
    roster = parse_roster("name,email\nann lee,ann@example.org\nBen Ode,BEN@example.org\n")
    [ann, ben] = print_(store, key, people_from_roster(roster, FACTS), tmp_path).certificates
    corrected = parse_roster("Email,Name\nben@example.org ,Ben Ode\nann@example.org,Ann Lee\n")
    again = print_(store, key, people_from_roster(corrected, FACTS), tmp_path).certificates
    assert [(c.number, c.name) for c in again] == [(ben.number, "Ben Ode"), (ann.number, "Ann Lee")]
    assert again[0] == ben
    assert len(store.certificates()) == 2


def test_people_from_a_roster_without_emails(store, key, tmp_path):
    roster = parse_roster("name\nAnn Lee\nBen Ode\nAnn Lee\n")
    first = print_(store, key, people_from_roster(roster, FACTS), tmp_path).certificates
    assert len({c.number for c in first}) == 3  # two people named Ann Lee: two certificates
    assert print_(store, key, people_from_roster(roster, FACTS), tmp_path).certificates == first
    # Another workshop's roster of the same names is other certificates.
    other = dataclasses.replace(FACTS, title="Another workshop")
    later = print_(store, key, people_from_roster(roster, other), tmp_path).certificates
    assert not {c.number for c in later} & {c.number for c in first}


def test_facts_for_a_session(fresh_store, session, workshop):
    facts = facts_for_session(session)
    started = datetime.datetime.fromtimestamp(fresh_store.session(session.id).started_at).date()
    assert (facts.title, facts.date) == ("Test workshop", started)
    assert facts.duration_minutes == workshop.deck.duration


def test_the_certificate_tables_arrive_on_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # as an older version left it, not through the store
    from sqlite_utils import Database

    db = Database(conn)
    migrations.apply(db, stop_before="m002_certificate_records")
    db.execute("INSERT INTO certificates (number, name, issued_at) VALUES ('FAC-2025-0007-ABCD', 'Old', 1)")
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        [old] = store.certificates()
        assert (old.number, old.issue_key, old.facts, old.serial) == ("FAC-2025-0007-ABCD", None, None, None)
        assert store.certificate_by_number(" fac-2025-0007-abcd ") == old
        assert store.next_certificate_serial("FAC-2026-") == 1
        assert store.next_certificate_serial("FAC-2025-") == 8
    finally:
        store.close()


# -- the page ------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size, width, height", [("A4", 841.89, 595.28), ("Letter", 792, 612)])
def test_page_sizes_are_landscape(store, key, tmp_path, page_size, width, height):
    result = print_(store, key, ["Ann Lee", "Ben Ode"], tmp_path, page_size=page_size)
    pages = PdfReader(result.path).pages
    assert len(pages) == 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (
            pytest.approx(width, abs=0.01), pytest.approx(height, abs=0.01))


def test_bad_requests_write_nothing(store, key, tmp_path):
    [certificate] = issue_certificates(store, Signer(FACTS, key), people("Ann Lee"), NOW)
    with pytest.raises(ValueError, match="page size must be one of A4, Letter"):
        write_certificates([certificate], FACTS, tmp_path / "x.pdf", "A3")
    with pytest.raises(ValueError, match="no certificates"):
        write_certificates([], FACTS, tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def _png(path: Path, size: tuple[int, int], colour) -> Path:
    from PIL import Image

    Image.new("RGBA", size, colour).save(path)
    return path


def test_logo_and_signature_are_placed(store, key, tmp_path):
    facts = dataclasses.replace(
        FACTS, logo=_png(tmp_path / "logo.png", (400, 120), (30, 80, 120, 255)),
        signature=_png(tmp_path / "signature.png", (300, 90), (0, 0, 60, 128)),
    )
    result = print_(store, key, ["Ann Lee", "Ben Ode"], tmp_path, facts=facts)
    reader = PdfReader(result.path)
    form = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    images = [x.get_object() for x in form["/Resources"]["/XObject"].values()]
    assert sorted((int(i["/Width"]), int(i["/Height"])) for i in images) == [(300, 90), (400, 120)]
    # Drawn once, in the form every page shares.
    assert reader.pages[1]["/Resources"]["/XObject"] == reader.pages[0]["/Resources"]["/XObject"]


def test_a_missing_image_is_named(store, key, tmp_path):
    facts = dataclasses.replace(FACTS, logo=tmp_path / "gone.png")
    with pytest.raises(FileNotFoundError, match="cannot read the image .*gone.png"):
        print_(store, key, ["Ann Lee"], tmp_path, facts=facts)
    assert not (tmp_path / "certificates.pdf").exists() and store.certificates() == []


def test_the_pdf_says_what_it_is(store, key, tmp_path):
    result = print_(store, key, ["Ann Lee", "Ben Ode"], tmp_path)
    meta = PdfReader(result.path).metadata
    assert meta.title == "Certificates of attendance: Social media at work"
    assert meta.author == "ACME Training"


@pytest.mark.parametrize("minutes, value", [
    (60, "1"), (54, "0.9"), (45, "0.75"), (100, "1.67"), (90, "1.5"), (0, "0"), (600, "10"),
])
def test_the_signed_hours(minutes, value):
    assert hours_value(minutes) == value


def test_the_duration_prints_in_words(store, key, tmp_path):
    facts = dataclasses.replace(FACTS, duration_minutes=55)
    result = print_certificates(store, facts, [Person("Ann Lee")], tmp_path / "c.pdf", key=key, now=NOW)
    text = PdfReader(result.path).pages[0].extract_text()
    assert "55 minutes" in text and "hours" not in text


@pytest.mark.parametrize("name, lines", [
    ("Ann Lee", 1),
    ("Maria Dolores Concepción de la Santísima Trinidad Fernández-Villaverde y Ortega", 2),
    ("نوید " * 15 + "فارسی", 2),
    ("W" * 80, 1),  # no space to break at: squeezed
])
def test_long_names_take_two_lines_and_never_overflow(name, lines):
    width = certificates.PageLayout(*certificates.PAGE_SIZES["A4"]).text_width
    fitted = fit_text(name, NAME_SIZE, width, bold=True, min_size=14, two_lines=certificates.NAME_TWO_LINES)
    assert len(fitted.lines) == lines
    assert " ".join(fitted.lines) == name.strip()
    for line in fitted.lines:
        assert fonts.text_width(line, fitted.size, bold=True) * fitted.squeeze <= width + 1e-6


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Ann", "Lee", "Nguyễn", "王芳", "محمد", "כהן", "Ωμέγα", "W" * 12,
                                 "Константиновна"]), min_size=1, max_size=12))
def test_no_name_runs_past_the_margins(words):
    name = " ".join(words)[:80].strip()
    for page_size in certificates.PAGE_SIZES.values():
        width = certificates.PageLayout(*page_size).text_width
        fitted = fit_text(name, NAME_SIZE, width, bold=True, min_size=14,
                          two_lines=certificates.NAME_TWO_LINES)
        assert 14 <= fitted.size <= NAME_SIZE and 0 < fitted.squeeze <= 1
        assert 1 <= len(fitted.lines) <= 2
        for line in fitted.lines:
            assert fonts.text_width(line, fitted.size, bold=True) * fitted.squeeze <= width + 1e-6


def test_the_signature_covers_what_is_printed(store, key, tmp_path):
    """The QR's facts are the page's facts: a payload signed for other facts is not it."""
    [certificate] = print_(store, key, ["Ann Lee"], tmp_path).certificates
    facts = certificates.signed_facts(certificate.number, "Ann Lee", FACTS)
    assert sign_payload(facts, key) == certificate.payload


def test_the_kept_logo_and_signature_print_when_the_deck_names_none(session, key, tmp_path):
    logo = _png(tmp_path / "logo.png", (400, 120), (30, 80, 120, 255))
    operations.set_organizer(session, logo=logo, signature=_png(tmp_path / "s.png", (300, 90), (0, 0, 60, 128)))
    logo.unlink()
    facts = facts_for_session(session)
    result = print_certificates(session.store, facts, people_from_session(session) or [Person("Ann Lee")],
                                tmp_path / "c.pdf", key=key, now=NOW)
    form = next(iter(PdfReader(result.path).pages[0]["/Resources"]["/XObject"].values())).get_object()
    images = [x.get_object() for x in form["/Resources"]["/XObject"].values()]
    assert sorted((int(i["/Width"]), int(i["/Height"])) for i in images) == [(300, 90), (400, 120)]


def test_a_roster_of_names_no_font_prints_is_refused_whole_however_long():
    # Each name a line of the one refusal: a thousand of them, in the reader's language too.
    names = [f"ส {number}" for number in range(1000)]
    with pytest.raises(UnprintableNamesError) as caught:
        check_names(names)
    said = translator("de").say(caught.value.args[0]).splitlines()
    assert said[0] == "1.000 Namen lassen sich nicht drucken; korrigiere sie und drucke erneut:"
    assert len(said) == 1001 and said[-1].startswith("- 'ส 999': ")
