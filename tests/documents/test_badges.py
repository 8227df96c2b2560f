"""Open Badges 3.0 credentials: their shape, their eddsa-jcs-2022 proof, and refusals."""

from __future__ import annotations

import json

import pytest

from facilitator.core.operations import Certificate
from facilitator.core.translation import translator
from facilitator.documents.badges import (
    CONTEXTS, badge_credential, canonical_json, verify_badge, verify_badge_file, write_badges,
)
from facilitator.documents.certificates import certificate_for
from facilitator.documents.signing import PayloadFormatError, TamperedError, WrongKeyError, fingerprint

from .test_certificates import FACTS


@pytest.fixture
def certificate(key) -> Certificate:
    return certificate_for("Amélie Dubois", "FAC-2026-0001-7K3Q", FACTS, key)


@pytest.fixture
def credential(certificate, key) -> dict:
    return badge_credential(certificate, FACTS, key, email="amelie@example.org")


def test_the_credential_states_the_certificate(credential, key):
    assert credential["@context"] == CONTEXTS
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert {i["identityType"]: i["identityHash"] for i in subject["identifier"]} == {
        "name": "Amélie Dubois", "emailAddress": "amelie@example.org"}
    assert subject["achievement"]["name"] == "Social media at work"
    assert subject["achievement"]["humanCode"] == "FAC-2026-0001-7K3Q"
    assert credential["issuer"]["name"] == "ACME Training"
    assert credential["issuer"]["id"].startswith("did:key:z6Mk")  # an Ed25519 did:key
    assert credential["validFrom"] == "2026-03-12T00:00:00Z"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"


def test_it_verifies(credential, key):
    badge = verify_badge(json.dumps(credential), key)
    assert (badge.number, badge.name, badge.email, badge.title, badge.organisation) == (
        "FAC-2026-0001-7K3Q", "Amélie Dubois", "amelie@example.org", "Social media at work",
        "ACME Training")
    assert str(badge.date) == "2026-03-12"


def test_without_an_email_the_subject_has_only_the_name(certificate, key):
    credential = badge_credential(certificate, FACTS, key)
    assert [i["identityType"] for i in credential["credentialSubject"]["identifier"]] == ["name"]
    assert verify_badge(json.dumps(credential), key).email == ""


def test_the_same_certificate_gives_the_same_file(certificate, key):
    assert canonical_json(badge_credential(certificate, FACTS, key)) == canonical_json(
        badge_credential(certificate, FACTS, key))


@pytest.mark.parametrize("change", [
    lambda c: c["credentialSubject"].update(name="Someone Else"),
    lambda c: c["credentialSubject"]["achievement"].update(name="Another workshop"),
    lambda c: c.update(validFrom="2025-01-01T00:00:00Z"),
    lambda c: c["proof"].update(created="2025-01-01T00:00:00Z"),
])
def test_a_changed_fact_fails(credential, key, change):
    change(credential)
    with pytest.raises(TamperedError):
        verify_badge(json.dumps(credential), key)


def test_another_organisations_credential_is_not_ours(certificate, key, other_key):
    credential = badge_credential(certificate, FACTS, other_key)
    with pytest.raises(WrongKeyError, match="another key"):
        verify_badge(json.dumps(credential), key)


@pytest.mark.parametrize("text", [
    "", "not json", "[" * 100_000 + "]" * 100_000, '"a string"', "{}", '{"proof": 1}',
    '{"@context": [], "type": ["OpenBadgeCredential"], "proof": {}}', "x" * 70_000,
])
def test_not_a_credential(key, text):
    with pytest.raises(PayloadFormatError):
        verify_badge(text, key)


@pytest.mark.parametrize("text, code, said", [
    ("[]", "de", "kein signierter Nachweis: der Signaturblock fehlt"),
    ('{"@context": [], "type": ["OpenBadgeCredential"], "proof": {}}', "ar", "ليست بيانات اعتماد Open Badges 3.0"),
])
def test_a_refusal_in_the_readers_language(key, text, code, said):
    with pytest.raises(PayloadFormatError) as refused:
        verify_badge(text, key)
    assert translator(code).say(refused.value.args[0]) == said


def test_another_organisations_credential_in_german(certificate, key, other_key):
    with pytest.raises(WrongKeyError) as refused:
        verify_badge(json.dumps(badge_credential(certificate, FACTS, other_key)), key)
    assert translator("de").say(refused.value.args[0]) == (
        f"mit einem anderen Schlüssel signiert (Fingerabdruck {fingerprint(other_key)}), "
        f"nicht mit dem dieser Organisation ({fingerprint(key)})")


@pytest.mark.parametrize("change", [
    lambda c: c["proof"].update(cryptosuite="eddsa-rdfc-2022"),
    lambda c: c["proof"].update(proofValue="z" + "2" * 10_000),
    lambda c: c["proof"].update(proofValue="not multibase"),
    lambda c: c["proof"].update(verificationMethod="https://example.org/key"),
    lambda c: c["proof"].update(verificationMethod="did:key:z0OIl#z0OIl"),
    lambda c: c["credentialSubject"].update(name="\ud800"),
    lambda c: c["credentialSubject"].update(name=None),
])
def test_a_broken_credential_is_refused_clearly(credential, key, change):
    change(credential)
    with pytest.raises((PayloadFormatError, TamperedError)):
        verify_badge(json.dumps(credential), key)


def test_files_one_per_person(key, tmp_path):
    certificates = [certificate_for(name, f"FAC-2026-000{n}-AAAA", FACTS, key)
                    for n, name in enumerate(["Ann Lee", "王芳"], start=1)]
    paths = write_badges(certificates, FACTS, key, tmp_path, ["ann@example.org", ""])
    assert [p.name for p in paths] == ["FAC-2026-0001-AAAA.json", "FAC-2026-0002-AAAA.json"]
    assert [verify_badge_file(p, key).name for p in paths] == ["Ann Lee", "王芳"]


def test_an_unreadable_file_is_refused(key, tmp_path):
    with pytest.raises(PayloadFormatError, match="cannot read"):
        verify_badge_file(tmp_path / "missing.json", key)
