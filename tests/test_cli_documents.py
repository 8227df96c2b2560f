"""`facilitator handout`, `export`, `certificates`, `verify` and `key` on a session of the
shipped workshop, as an organizer runs them after the day."""

from __future__ import annotations

import base64
import csv
import json
from contextlib import closing
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.store import Store
from facilitator.core.wording import duration_words
from facilitator.core.workshop import load_workshop
from facilitator.documents.signing import payloads_in_pdf

from .conftest import attended_late
from .documents.simulate import NAMES, run_session


@pytest.fixture(scope="module")
def shipped_workshop():
    return load_workshop(SHIPPED_DECK)


@pytest.fixture
def db(tmp_path, shipped_workshop) -> Path:
    """A database holding one ended session of the shipped workshop, 12 attendees."""
    path = tmp_path / "records" / "facilitator.db"
    path.parent.mkdir()
    with closing(Store.open(path)) as store:
        run_session(store, shipped_workshop, attendees=12, ideas=15)
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_handout_of_the_latest_session(db, tmp_path, capsys):
    out = tmp_path / "handout.pdf"
    code, stdout, _ = run(capsys, "handout", "--db", db, "--out", out)
    assert (code, stdout) == (0, f"handout: {out}\n")
    text = " ".join(page_texts(out))
    assert "Social media is everyone's job" in text
    assert "Ideas from the room" in text


def test_export_writes_the_three_tables_and_the_json(db, tmp_path, capsys):
    code, stdout, _ = run(capsys, "export", "--db", db, "--out", tmp_path / "out")
    assert code == 0
    written = dict(line.split(": ", 1) for line in stdout.splitlines())
    assert sorted(written) == ["attendance", "commitments", "ideas", "responses", "session"]
    attendance = Path(written["attendance"]).read_bytes()
    assert attendance.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(attendance.decode("utf-8-sig").splitlines()))
    assert [row for row in rows if row] and len(rows) == 12
    assert json.loads(Path(written["session"]).read_text("utf-8"))


def test_certificates_for_the_session_one_page_each_and_a_reprint_is_the_same(db, tmp_path, capsys):
    out = tmp_path / "certificates.pdf"
    code, stdout, _ = run(capsys, "certificates", "--db", db, "--out", out)
    assert code == 0
    assert stdout.startswith(f"certificates: {out} (12 pages, FAC-")
    texts = page_texts(out)
    assert len(texts) == 12
    for name, text in zip(NAMES[:4], texts):  # Latin names extract as typed
        assert name in text
    first = out.read_bytes()
    numbers = [p.split(".")[0] for p in payloads_in_pdf(out)]

    again = tmp_path / "again.pdf"
    assert run(capsys, "certificates", "--db", db, "--out", again)[0] == 0
    assert again.read_bytes() == first
    assert [p.split(".")[0] for p in payloads_in_pdf(again)] == numbers


def test_certificates_letter_size_is_landscape(db, tmp_path, capsys):
    out = tmp_path / "letter.pdf"
    assert run(capsys, "certificates", "--db", db, "--out", out, "--page-size", "Letter")[0] == 0
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_certificates_from_a_roster_need_no_session(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\ufeffname;email\nÉlodie Brun;e@example.org\nЮрий Ким;y@example.org\n"
                       .encode("utf-8"))
    db = tmp_path / "new" / "facilitator.db"
    out = tmp_path / "roster.pdf"
    code, stdout, err = run(capsys, "certificates", "--db", db, "--roster", roster,
                            "--date", "2026-03-12", "--out", out)
    assert code == 0, err
    assert "(2 pages, FAC-2026-0001-" in stdout
    texts = page_texts(out)
    assert "Élodie Brun" in texts[0] and "Юрий Ким" in texts[1]
    assert "12 March 2026" in texts[0]


def test_a_roster_with_a_session_adds_only_the_people_who_did_not_join(db, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name\n{NAMES[0].upper()}\nLate Comer\n", "utf-8")
    out = tmp_path / "both.pdf"
    code, stdout, _ = run(capsys, "certificates", "--db", db, "--session", "1",
                          "--roster", roster, "--out", out)
    assert code == 0
    texts = page_texts(out)
    assert len(texts) == 13 and "Late Comer" in texts[-1]


def test_a_bad_roster_row_names_its_line_and_prints_nothing(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAnn Lee,a@example.org\n,b@example.org\n", "utf-8")
    out = tmp_path / "never.pdf"
    code, _, err = run(capsys, "certificates", "--db", tmp_path / "f.db", "--roster", roster,
                       "--out", out)
    assert code == 1
    assert f"{roster}:3:" in err and "nothing was written" in err
    assert not out.exists()


def test_a_name_no_font_can_print_stops_before_anything_is_written(db, tmp_path, capsys):
    with closing(Store.open(db)) as store:
        store.rename_attendee(store.attendees(1)[0].id, "Party ส Person")
    out = tmp_path / "never.pdf"
    code, _, err = run(capsys, "certificates", "--db", db, "--out", out)
    assert code == 1
    assert "cannot be printed" in err and "U+0E2A" in err
    assert not out.exists()
    with closing(Store.open(db)) as store:
        assert store.certificates() == []


@pytest.mark.parametrize("args, message", [
    (["--session", "7"], "no session 7 in"),
    (["--session", str(10**30)], f"no session {10**30} in"),  # past what SQLite can look up
    (["--db", "{tmp}/missing.db"], "no database at"),
])
def test_a_missing_session_or_database_is_a_clear_error(db, tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--db" not in args:
        args += ["--db", str(db)]
    code, _, err = run(capsys, "handout", *args, "--out", tmp_path / "h.pdf")
    assert code == 1 and message in err and "Traceback" not in err


def _tampered(payload: str, old: str, new: str) -> str:
    prefix, facts, signature = payload.split(".")
    data = base64.b32decode(facts + "=" * (-len(facts) % 8)).decode("utf-8")
    assert old in data
    changed = base64.b32encode(data.replace(old, new).encode("utf-8")).decode().rstrip("=")
    return f"{prefix}.{changed}.{signature}"


def test_verify_a_pdf_a_payload_and_a_tampered_payload(db, tmp_path, capsys):
    out = tmp_path / "certificates.pdf"
    run(capsys, "certificates", "--db", db, "--out", out)
    code, stdout, _ = run(capsys, "verify", "--db", db, out)
    assert code == 0 and stdout.count("valid: FAC-") == 12
    assert "valid: FAC-2026-0001-" in stdout and NAMES[0] in stdout
    assert f", {duration_words(load_workshop(SHIPPED_DECK).deck.duration)}\n" in stdout

    payload = payloads_in_pdf(out)[0]
    code, stdout, _ = run(capsys, "verify", "--db", db, payload)
    assert code == 0 and stdout.startswith("valid: ")
    for old, new in [(NAMES[0], "Someone Else"), ("2026-", "2025-")]:
        code, stdout, _ = run(capsys, "verify", "--db", db, _tampered(payload, old, new))
        assert code == 1 and stdout.startswith("NOT VALID")


def test_verify_elsewhere_with_only_the_public_key(db, tmp_path, capsys):
    out = tmp_path / "certificates.pdf"
    run(capsys, "certificates", "--db", db, "--out", out)
    code, stdout, _ = run(capsys, "key", "--db", db)
    public = stdout.splitlines()[-1]
    assert code == 0 and public.startswith("ed25519:")
    elsewhere = tmp_path / "elsewhere" / "facilitator.db"
    code, stdout, _ = run(capsys, "verify", "--db", elsewhere, "--key", public, out)
    assert code == 0 and stdout.count("valid: ") == 12

    code, stdout, _ = run(capsys, "verify", "--db", elsewhere, out)
    assert code == 1 and "no certificate key" in stdout


def test_verify_of_something_that_is_no_certificate(tmp_path, db, capsys):
    run(capsys, "key", "--db", db)
    code, stdout, _ = run(capsys, "verify", "--db", db, "hello")
    assert code == 1 and "neither a certificate payload" in stdout


def test_the_organizer_names_themselves_once_for_every_document(db, tmp_path, capsys):
    out = tmp_path / "c.pdf"
    args = ["--facilitator", "Dana Ruiz", "--organisation", "Acme & Sons <Ltd>"]
    assert run(capsys, "certificates", "--db", db, "--out", out, *args)[0] == 0
    assert "Dana Ruiz" in page_texts(out)[0] and "Acme & Sons <Ltd>" in page_texts(out)[0]
    handout = tmp_path / "h.pdf"
    assert run(capsys, "handout", "--db", db, "--out", handout)[0] == 0  # remembered
    first_page = page_texts(handout)[0]
    assert "Dana Ruiz" in first_page and "Acme & Sons <Ltd>" in first_page


def _images_of_the_certificate(path: Path) -> list[tuple[int, int]]:
    form = next(iter(PdfReader(path).pages[0]["/Resources"]["/XObject"].values())).get_object()
    return sorted((int(x.get_object()["/Width"]), int(x.get_object()["/Height"]))
                  for x in form["/Resources"].get("/XObject", {}).values())


def test_the_logo_and_signature_are_given_once_and_a_bad_file_changes_nothing(db, tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (400, 120), (29, 78, 116)).save(tmp_path / "logo.png")
    Image.new("L", (300, 90), 40).save(tmp_path / "signature.jpg")
    out = tmp_path / "c.pdf"
    code, _, err = run(capsys, "certificates", "--db", db, "--out", out,
                       "--logo", tmp_path / "logo.png", "--signature", tmp_path / "signature.jpg")
    assert code == 0, err
    assert _images_of_the_certificate(out) == [(300, 90), (400, 120)]

    (tmp_path / "logo.txt").write_text("not a picture")
    code, _, err = run(capsys, "certificates", "--db", db, "--out", tmp_path / "d.pdf",
                       "--facilitator", "Eve", "--logo", tmp_path / "logo.txt")
    assert code == 1 and err == "facilitator: the logo logo.txt is not a PNG or JPEG image\n"
    assert not (tmp_path / "d.pdf").exists()
    # Kept as they were: the next certificates have both images and no new facilitator.
    assert run(capsys, "certificates", "--db", db, "--out", out, "--signature", "")[0] == 0
    assert _images_of_the_certificate(out) == [(400, 120)] and "Eve" not in page_texts(out)[0]


@pytest.mark.parametrize("command", [
    ["handout", "--out", "{tmp}/h.pdf"],
    ["export", "--out", "{tmp}/out"],
    ["certificates", "--out", "{tmp}/c.pdf"],
    ["verify", "{tmp}/certificates.pdf"],
])
def test_every_document_command_refuses_a_damaged_database_in_words(db, tmp_path, capsys, command):
    run(capsys, "certificates", "--db", db, "--out", tmp_path / "certificates.pdf")
    db.write_bytes(db.read_bytes()[:5000])  # cut off, as by a copy that stopped
    before = sorted(p.name for p in db.parent.iterdir()), db.read_bytes()
    code, _, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in command], "--db", db)
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"facilitator: cannot use the database {db}: it is cut off: 5,000 of its")
    assert "Restore it from a backup, or use another database file." in err
    assert (sorted(p.name for p in db.parent.iterdir()), db.read_bytes()) == before


def test_documents_wait_for_the_session_running_on_the_database_but_verify_does_not(db, tmp_path, capsys):
    out = tmp_path / "certificates.pdf"
    run(capsys, "certificates", "--db", db, "--out", out)
    with closing(Store.open(db, owner="facilitator serve")):
        code, _, err = run(capsys, "handout", "--db", db, "--out", tmp_path / "h.pdf")
        assert code == 1 and "it is in use by process" in err and "(facilitator serve, since" in err
        code, stdout, _ = run(capsys, "verify", "--db", db, out)
        assert code == 0 and stdout.count("valid: FAC-") == 12


@pytest.fixture
def late_db(tmp_path, shipped_workshop) -> Path:
    """A 55-minute session: Ann Lee throughout, Bo Chen for its last 12 minutes."""
    from facilitator.core.clock import ManualClock
    from facilitator.core.session import LiveSession

    path = tmp_path / "late.db"
    clock = ManualClock()
    with closing(Store.open(path)) as store:
        attended_late(LiveSession.start(store, shipped_workshop, clock), clock)
    return path


@pytest.mark.parametrize("flags, printed, said", [
    ([], ["Ann Lee"], "left out: Bo Chen, present for 12 of 55 minutes (22 %), below the minimum of 50 %"),
    (["--include-short-presence"], ["Ann Lee", "Bo Chen"], "printed anyway: Bo Chen"),
])
def test_certificates_leave_out_who_was_present_for_less_than_the_minimum(late_db, tmp_path, capsys, flags, printed, said):
    out = tmp_path / "certificates.pdf"
    code, _, stderr = run(capsys, "certificates", "--db", late_db, "--out", out, "--minimum-presence", 50, *flags)
    assert code == 0 and said in stderr
    with closing(Store.open(late_db)) as store:
        assert [c.name for c in store.certificates()] == printed
        assert store.setting("minimum_presence") == "50"


def test_a_minimum_presence_out_of_range_prints_nothing(late_db, tmp_path, capsys):
    code, _, stderr = run(capsys, "certificates", "--db", late_db, "--out", tmp_path / "c.pdf", "--minimum-presence", 120)
    assert code != 0 and "from 0 to 100" in stderr and not (tmp_path / "c.pdf").exists()


def test_export_gives_each_commitment_the_rosters_email(late_db, tmp_path, capsys):
    from facilitator.core import operations
    from facilitator.core.session import LiveSession

    with closing(Store.open(late_db)) as store:
        session = LiveSession.resume(store, load_workshop(SHIPPED_DECK), 1)
        operations.make_commitment(session, session.attendees()[1].token, action="Ask IT", due="Friday")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nBo Chen,bo@example.org\n", encoding="utf-8")
    code, stdout, _ = run(capsys, "export", "--db", late_db, "--out", tmp_path / "out", "--roster", roster)
    written = dict(line.split(": ", 1) for line in stdout.splitlines())
    rows = list(csv.DictReader(Path(written["commitments"]).read_text("utf-8-sig").splitlines()))
    assert code == 0 and [(r["Name"], r["Email"], r["Will do"]) for r in rows] == [("Bo Chen", "bo@example.org", "Ask IT")]


@pytest.mark.parametrize("language, heading, day", [
    ("de", "Hiermit wird bescheinigt, dass", "12. März 2026"),
    ("fr-CA", "Nous certifions que", "12 mars 2026"),
    ("tlh", "This is to certify that", "12 March 2026"),  # no catalogue: English
])
def test_certificates_in_the_language_asked_for(tmp_path, capsys, language, heading, day):
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nAnn Lee\n", encoding="utf-8")
    out = tmp_path / "roster.pdf"
    code, _, err = run(capsys, "certificates", "--db", tmp_path / "facilitator.db", "--roster", roster,
                       "--date", "2026-03-12", "--language", language, "--out", out)
    assert code == 0, err
    assert heading in page_texts(out)[0] and day in page_texts(out)[0]


def test_the_handout_and_the_exports_in_the_language_asked_for(db, tmp_path, capsys):
    out = tmp_path / "handout.pdf"
    assert run(capsys, "handout", "--db", db, "--out", out, "--language", "pt-BR")[0] == 0
    assert "Ideias do grupo" in " ".join(page_texts(out))
    folder = tmp_path / "exports"
    assert run(capsys, "export", "--db", db, "--out", folder, "--language", "de")[0] == 0
    attendance = next(folder.glob("*-attendance.csv")).read_text(encoding="utf-8-sig")
    assert attendance.splitlines()[0].startswith("Teilnehmer-ID,Name,Beigetreten am,")
