"""Signed certificate payloads: the round trip, tampering, wrong keys, bad text, keys on disk."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from reportlab.pdfgen.canvas import Canvas

from facilitator.core.translation import translator
from facilitator.documents import signing
from facilitator.documents.signing import (
    CertificateFacts, PayloadFormatError, TamperedError, VerificationError, WrongKeyError,
    fingerprint, key_id, load_or_create_key, load_public_key, payloads_in_pdf,
    public_key_text, sign_payload, verify, verify_payload,
)

FACTS = CertificateFacts(
    number="FAC-2026-0001-7K3Q", name="Amélie Dubois", title="Social media at work",
    date=datetime.date(2026, 3, 12), hours="1.5", organisation="ACME", facilitator="Jane",
)


def _unb32(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def edited(payload: str, change) -> str:
    """The payload with its signed text changed by `change` and the signature kept."""
    prefix, body, signature = payload.split(".")
    return f"{prefix}.{_b32(change(_unb32(body).decode()).encode())}.{signature}"


@pytest.mark.parametrize("name", ["Amélie Dubois", "王芳", "محمد العلي", "נועה כהן", "<b>&amp;</b>"])
def test_round_trip(key, name):
    facts = dataclasses.replace(FACTS, name=name)
    payload = sign_payload(facts, key)
    assert signing.PAYLOAD_PATTERN.fullmatch(payload)  # alphanumeric QR mode holds it
    verified = verify_payload(payload, key.public_key())
    assert dataclasses.asdict(verified) == {**dataclasses.asdict(facts), "key_fingerprint": fingerprint(key)}


def test_signing_is_deterministic(key):
    assert sign_payload(FACTS, key) == sign_payload(FACTS, key)


@pytest.mark.parametrize("change", [
    lambda text: text.replace("Amélie Dubois", "Amelie Dubois"),
    lambda text: text.replace("2026-03-12", "2026-03-13"),
    lambda text: text.replace("\n1.5\n", "\n15\n"),
    lambda text: text.replace("Social media at work", "Advanced social media"),
], ids=["name", "date", "hours", "title"])
def test_a_changed_fact_fails(key, change):
    tampered = edited(sign_payload(FACTS, key), change)
    with pytest.raises(TamperedError, match="changed"):
        verify_payload(tampered, key.public_key())


def test_a_changed_signature_fails(key):
    prefix, body, signature = sign_payload(FACTS, key).split(".")
    flipped = bytearray(_unb32(signature))
    flipped[0] ^= 1
    with pytest.raises(TamperedError):
        verify_payload(f"{prefix}.{body}.{_b32(bytes(flipped))}", key)


def test_a_field_added_fails(key):
    with pytest.raises(TamperedError, match="fields"):
        verify_payload(edited(sign_payload(FACTS, key), lambda t: t + "\nextra"), key)


def test_wrong_key(key, other_key):
    payload = sign_payload(FACTS, key)
    with pytest.raises(WrongKeyError, match=key_id(key)):
        verify_payload(payload, other_key.public_key())
    # The same payload re-signed by the other key does not pass for the first either.
    with pytest.raises(WrongKeyError):
        verify_payload(sign_payload(FACTS, other_key), key)


def test_scanners_that_lower_case_the_text(key):
    payload = sign_payload(FACTS, key)
    assert verify_payload(f"  {payload.lower()}\n", key).name == FACTS.name


@pytest.mark.parametrize("text, message", [
    ("", "not a Facilitator certificate"),
    ("hello", "not a Facilitator certificate"),
    ("https://example.com/FCV1.AAAA.BBBB", "not a Facilitator certificate"),
    ("FCV1.AAAA", "not a Facilitator certificate"),
    ("FCV1.AAAA.BBBB.CCCC", "not a Facilitator certificate"),
    ("FCV1.AB!D.BBBB", "not base32"),
    ("FCV1.A.BBBB", "not valid base32"),
    ("FCV1.AAAA.BBBB", "not 64 bytes"),
    ("FCV1." + "A" * 5000, "too long"),
])
def test_text_that_is_no_payload(key, text, message):
    with pytest.raises(PayloadFormatError, match=message):
        verify_payload(text, key)


@pytest.mark.parametrize("text, code, said", [
    ("FCV1.AAAA.BBBB", "de", "die Signatur ist nicht 64 Byte lang: die Daten wurden abgeschnitten oder verfälscht"),
    ("FCV1.AB!D.BBBB", "de", "Daten: kein Base32-Text"),  # the part named inside the sentence
    ("hello", "ja", "Facilitator の証明書データではありません（想定される形式：FCV1.<facts>.<signature>）"),
])
def test_a_refusal_in_the_readers_language(key, text, code, said):
    with pytest.raises(PayloadFormatError) as refused:
        verify_payload(text, key)
    assert translator(code).say(refused.value.args[0]) == said


def test_a_cut_payload(key):
    payload = sign_payload(FACTS, key)
    with pytest.raises(PayloadFormatError, match="cut or garbled"):
        verify_payload(payload[:-10], key)


def test_bytes_that_are_no_text(key):
    body = _b32(b"\xff\xfe" + b"x" * 20)
    signature = _b32(key.sign(b"anything"))
    with pytest.raises(TamperedError, match="not valid text"):
        verify_payload(f"FCV1.{body}.{signature}", key)


@pytest.mark.parametrize("field", ["name", "title", "organisation"])
def test_facts_must_be_one_line(key, field):
    with pytest.raises(ValueError, match="one line"):
        sign_payload(dataclasses.replace(FACTS, **{field: "two\nlines"}), key)


def test_fingerprint_and_key_id(key, other_key):
    assert len(fingerprint(key).split(" ")) == 4
    assert fingerprint(key) == fingerprint(key.public_key())
    assert fingerprint(key) != fingerprint(other_key)
    assert key_id(key) == fingerprint(key).replace(" ", "")[:8]


# -- keys on disk ---------------------------------------------------------------------


def test_key_is_created_once_and_private(tmp_path):
    path = tmp_path / "folder" / "certificate-key.pem"
    first = load_or_create_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert fingerprint(load_or_create_key(path)) == fingerprint(first)


def test_unreadable_or_foreign_keys(tmp_path):
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(VerificationError, match="not a readable certificate key"):
        load_or_create_key(garbage)
    foreign = tmp_path / "ec.pem"
    foreign.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    with pytest.raises(VerificationError, match="not Ed25519"):
        load_or_create_key(foreign)


def test_public_key_in_every_form(tmp_path, key):
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    private_file = tmp_path / "key.pem"
    private_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    payload = sign_payload(FACTS, key)
    for form in (key, key.public_key(), public_key_text(key), public_pem, public_pem.decode(),
                 private_file):
        assert fingerprint(load_public_key(form)) == fingerprint(key)
        assert verify_payload(payload, form).number == FACTS.number


@pytest.mark.parametrize("text", ["ed25519:not-base64!", "ed25519:AAAA", "-----BEGIN PUBLIC KEY-----\nxx"])
def test_unusable_public_keys(text):
    with pytest.raises(VerificationError, match="not a usable public key"):
        load_public_key(text)


# -- verify(): payloads and PDFs ----------------------------------------------------------


def test_verify_a_payload_with_the_key_on_disk(tmp_path):
    key_path = tmp_path / "certificate-key.pem"
    key = load_or_create_key(key_path)
    [verified] = verify(sign_payload(FACTS, key), key_path=key_path)
    assert verified.name == FACTS.name


def test_verify_without_any_key(tmp_path):
    with pytest.raises(VerificationError, match="no certificate key"):
        verify("FCV1.AAAA.BBBB", key_path=tmp_path / "missing.pem")


def test_verify_what_is_neither_payload_nor_pdf(tmp_path, key):
    with pytest.raises(PayloadFormatError, match="neither a certificate payload"):
        verify(str(tmp_path / "nothing.pdf"), key)
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello")
    with pytest.raises(PayloadFormatError, match="not a readable PDF"):
        verify(not_pdf, key)


def _pdf_with_text(path, lines: list[str]) -> None:
    canvas = Canvas(str(path))
    for n, line in enumerate(lines):
        canvas.setFont("Helvetica", 4)
        canvas.drawString(20, 800 - 10 * n, line)
    canvas.showPage()
    canvas.save()


def test_a_pdf_without_certificates(tmp_path, key):
    path = tmp_path / "letter.pdf"
    _pdf_with_text(path, ["Dear all,"])
    with pytest.raises(PayloadFormatError, match="holds no Facilitator certificate"):
        verify(path, key)


def test_payload_printed_as_text_is_found(tmp_path, key):
    """A PDF that lost its annotations (printed to PDF again) still has the text."""
    payload = sign_payload(FACTS, key)
    path = tmp_path / "reprinted.pdf"
    _pdf_with_text(path, ["Certificate", payload])
    assert payloads_in_pdf(path) == [payload]
    assert [v.name for v in verify(path, key)] == [FACTS.name]
