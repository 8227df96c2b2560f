"""`facilitator verify-page`, `badges` and `verify` of their output: what an organisation
publishes and what an employer checks."""

from __future__ import annotations

import json
from contextlib import closing

import pytest

from facilitator.core.store import Store
from facilitator.core.verification import page_address
from facilitator.documents.signing import payloads_in_pdf

from .documents.simulate import NAMES
from .test_cli_documents import db, run, shipped_workshop  # noqa: F401 (fixtures)

ADDRESS = "https://certs.example.org/verify.html"


def test_verify_page_writes_one_page_with_the_key_and_remembers_the_address(db, tmp_path, capsys):  # noqa: F811
    code, stdout, _ = run(capsys, "verify-page", "--db", db, "--out", tmp_path / "site",
                          "--organisation", "ACME Training", "--verification-page", ADDRESS)
    assert code == 0
    html = (tmp_path / "site" / "verify.html").read_text(encoding="utf-8")
    _, key_line = run(capsys, "key", "--db", db)[1].splitlines()
    assert key_line.removeprefix("ed25519:") in html and "ACME Training" in html
    with closing(Store.open(db)) as store:
        assert page_address(store) == ADDRESS


def test_certificates_with_a_page_and_verify_of_the_scanned_address(db, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "certificates.pdf"
    code, stdout, _ = run(capsys, "certificates", "--db", db, "--out", out,
                          "--verification-page", ADDRESS)
    assert code == 0 and "verify-page" not in stdout
    code, stdout, _ = run(capsys, "verify", "--db", db, f"{ADDRESS}#{payloads_in_pdf(out)[0]}")
    assert code == 0 and stdout.startswith("valid: FAC-2026-0001-")


def test_without_a_page_the_command_says_how_to_publish_one(db, tmp_path, capsys):  # noqa: F811
    code, stdout, _ = run(capsys, "certificates", "--db", db, "--out", tmp_path / "c.pdf")
    assert code == 0 and "`facilitator verify-page`" in stdout


@pytest.mark.parametrize("address", ["ftp://certs.example.org/", "certs.example.org", f"{ADDRESS}#x"])
def test_a_bad_page_address_prints_nothing_and_issues_nothing(db, tmp_path, capsys, address):  # noqa: F811
    code, _, stderr = run(capsys, "certificates", "--db", db, "--out", tmp_path / "c.pdf",
                          "--verification-page", address)
    assert code == 1 and "the verification page's address" in stderr
    assert not (tmp_path / "c.pdf").exists()
    with closing(Store.open(db)) as store:
        assert store.certificates() == [] and page_address(store) == ""


def test_badges_one_file_per_person_each_verified(db, tmp_path, capsys):  # noqa: F811
    code, stdout, _ = run(capsys, "badges", "--db", db, "--out", tmp_path / "badges")
    assert code == 0 and "12 files" in stdout
    files = sorted((tmp_path / "badges").glob("FAC-2026-*.json"))
    assert len(files) == 12
    code, stdout, _ = run(capsys, "verify", "--db", db, files[0])
    assert code == 0 and stdout.startswith(f"valid Open Badges credential: FAC-2026-0001-")
    assert NAMES[0] in stdout
    # The same numbers as the printed certificates.
    run(capsys, "certificates", "--db", db, "--out", tmp_path / "c.pdf")
    assert files[0].stem in run(capsys, "verify", "--db", db, tmp_path / "c.pdf")[1]


def test_badges_from_a_roster_carry_the_email(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAnn Lee,ann@example.org\nBo Li,\n", encoding="utf-8")
    db = tmp_path / "f.db"  # noqa: F811
    code, _, _ = run(capsys, "badges", "--db", db, "--roster", roster, "--out", tmp_path / "b")
    assert code == 0
    code, stdout, _ = run(capsys, "verify", "--db", db, next((tmp_path / "b").glob("*0001*.json")))
    assert code == 0 and "Ann Lee <ann@example.org>" in stdout


@pytest.mark.parametrize("content, message", [
    (lambda badge: badge.replace("Open", "Closed", 1), "not an Open Badges 3.0 credential"),
    (lambda badge: badge.replace('"name": "', '"name": "X', 2), "does not match"),
    (lambda badge: "{" * 50_000, "not JSON"),
    (lambda badge: "[]", "no proof"),
])
def test_verify_refuses_a_bad_badge_file_clearly(db, tmp_path, capsys, content, message):  # noqa: F811
    run(capsys, "badges", "--db", db, "--out", tmp_path / "badges")
    badge = next((tmp_path / "badges").glob("*0001*.json"))
    changed = tmp_path / "changed.json"
    changed.write_text(content(badge.read_text(encoding="utf-8")), encoding="utf-8")
    code, stdout, _ = run(capsys, "verify", "--db", db, changed)
    assert code == 1 and stdout.startswith("NOT VALID") and message in stdout


def test_verify_a_badge_elsewhere_with_only_the_public_key(db, tmp_path, capsys):  # noqa: F811
    run(capsys, "badges", "--db", db, "--out", tmp_path / "badges")
    public = run(capsys, "key", "--db", db)[1].splitlines()[-1]
    badge = next((tmp_path / "badges").glob("*0001*.json"))
    elsewhere = tmp_path / "elsewhere" / "facilitator.db"
    assert run(capsys, "verify", "--db", elsewhere, "--key", public, badge)[0] == 0
    code, stdout, _ = run(capsys, "verify", "--db", elsewhere, badge)
    assert code == 1 and "no certificate key" in stdout
    assert json.loads(badge.read_text(encoding="utf-8"))["proof"]["cryptosuite"] == "eddsa-jcs-2022"
