"""Open Badges 3.0 credentials: each certificate also as a JSON file its holder can put
into a learning record or a badge backpack.

One `OpenBadgeCredential` per person (a W3C Verifiable Credential, data model 2.0): the
achievement is the workshop (title, description, duration), the issuer the organisation,
the subject the person (name, and email when the roster has one), issued on the
workshop's day, its identifier the certificate number.

Signed with the certificate key as a Data Integrity proof with the `eddsa-jcs-2022`
cryptosuite, not as a VC-JWT nor with `eddsa-rdfc-2022`:
- the file stays the JSON a person or a backpack can read (a VC-JWT wraps it in base64);
- JCS (RFC 8785) canonicalization is sorting keys and writing JSON without spaces, which
  for these documents (strings, lists and objects only, no numbers) `json.dumps` does
  exactly; RDF canonicalization would need a JSON-LD processor that fetches the contexts
  from the network, and this app never makes a request off the local network;
- the key is named as a `did:key`, which carries the public key itself, so a verifier
  needs no resolver and no server of ours.

`verify_badge` checks a file: the proof against the organisation's key (a credential
signed by another key is refused as not ours), then the facts it states.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from facilitator.core.operations import Certificate
from facilitator.core.translation import Message
from facilitator.core.wording import duration_words

from .certificates import WorkshopFacts, write_bytes
from .signing import (
    PayloadFormatError,
    TamperedError,
    WrongKeyError,
    fingerprint,
    load_public_key,
    public_key_text,
)

CONTEXTS = ["https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
CRYPTOSUITE = "eddsa-jcs-2022"
MAX_FILE_BYTES = 64 * 1024  # a credential is about 2 KB
_MULTICODEC_ED25519 = b"\xed\x01"
# Longer than a key (48) or a signature (88) in base58 is not ours; decoding is quadratic.
_MAX_BASE58 = 100
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Certificate numbers become credential ids in this namespace: the same certificate
# always gets the same id.
_NAMESPACE = uuid.UUID("5b0c7d1e-3f0a-4c55-9a53-6b4c9d3c1f21")


@dataclass(frozen=True)
class VerifiedBadge:
    """What a credential whose proof checked out states."""

    number: str
    name: str
    email: str
    title: str
    date: datetime.date
    duration: str
    organisation: str
    key_fingerprint: str


# -- encodings -----------------------------------------------------------------------


def _base58(data: bytes) -> str:
    value = int.from_bytes(data, "big")
    out = ""
    while value:
        value, digit = divmod(value, 58)
        out = _BASE58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _unbase58(text: str) -> bytes:
    if len(text) > _MAX_BASE58:
        raise PayloadFormatError(Message("a key or signature in the proof is too long"))
    value = 0
    for ch in text:
        digit = _BASE58.find(ch)
        if digit < 0:
            raise PayloadFormatError(Message("{character} is not a base58 character", character=repr(ch)))
        value = value * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + value.to_bytes((value.bit_length() + 7) // 8, "big")


def _did_key(public_key: Ed25519PublicKey) -> str:
    return "did:key:z" + _base58(_MULTICODEC_ED25519 + public_key.public_bytes_raw())


def _key_of_method(method: str) -> Ed25519PublicKey:
    did, _, fragment = method.partition("#")
    if not did.startswith("did:key:z") or fragment != did.removeprefix("did:key:"):
        raise PayloadFormatError(Message("the proof does not name its key as a did:key"))
    decoded = _unbase58(did.removeprefix("did:key:z"))
    if not decoded.startswith(_MULTICODEC_ED25519) or len(decoded) != 34:
        raise PayloadFormatError(Message("the proof's key is not an Ed25519 key"))
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def canonical_json(value) -> bytes:
    """JCS (RFC 8785) for documents of text, lists and objects: keys sorted, no spaces,
    UTF-8. (Numbers would need RFC 8785's own formatting; these documents have none.)"""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _hash_data(document: dict, proof_options: dict) -> bytes:
    """What eddsa-jcs-2022 signs: the hash of the proof's options (with the document's
    context), then the hash of the document without its proof."""
    options = {**proof_options, "@context": document["@context"]}
    return (hashlib.sha256(canonical_json(options)).digest()
            + hashlib.sha256(canonical_json(document)).digest())


# -- issuing -------------------------------------------------------------------------


def badge_credential(certificate: Certificate, facts: WorkshopFacts, key, *, email: str = "") -> dict:
    """The signed Open Badges 3.0 credential for one certificate."""
    did = _did_key(key.public_key())
    issued = f"{facts.date.isoformat()}T00:00:00Z"
    words = facts.words
    _ = words.text
    duration = duration_words(facts.duration_minutes, words)
    organisation = facts.organisation or facts.facilitator or "Facilitator"
    identifiers = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                    "identityHash": certificate.name}]
    if email:
        identifiers.append({"type": "IdentityObject", "identityType": "emailAddress",
                            "hashed": False, "identityHash": email})
    document = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{certificate.number}|{certificate.key_fingerprint}')}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": _("Certificate of attendance {number}", number=certificate.number),
        "description": _("Certificate number {number}: {name} attended the workshop"
                         " \u201c{title}\u201d ({duration}).", number=certificate.number,
                         name=certificate.name, title=facts.title, duration=duration),
        "issuer": {"id": did, "type": ["Profile"], "name": organisation},
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.name,
            "identifier": identifiers,
            "activityEndDate": issued,
            "achievement": {
                "id": f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{facts.title}|{facts.date.isoformat()}|{did}')}",
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": facts.title,
                "description": (
                    _("A workshop of {duration}, {date}, led by {facilitator}.", duration=duration,
                      date=facts.date.isoformat(), facilitator=facts.facilitator)
                    if facts.facilitator
                    else _("A workshop of {duration}, {date}.", duration=duration,
                           date=facts.date.isoformat())
                ),
                "criteria": {"narrative": _("Attended the workshop ({duration}).", duration=duration)},
                "humanCode": certificate.number,
            },
        },
    }
    proof = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": issued,
             "verificationMethod": f"{did}#{did.removeprefix('did:key:')}",
             "proofPurpose": "assertionMethod"}
    signature = key.sign(_hash_data(document, proof))
    return {**document, "proof": {**proof, "proofValue": "z" + _base58(signature)}}


def write_badges(certificates: Sequence[Certificate], facts: WorkshopFacts, key, out_dir: Path | str,
                 emails: Sequence[str] = ()) -> list[Path]:
    """One `<number>.json` per certificate in `out_dir`; `emails` in the same order
    ("" for none). Returns the paths."""
    out = Path(out_dir)
    paths = []
    emails = list(emails) or [""] * len(certificates)
    for certificate, email in zip(certificates, emails, strict=True):
        path = out / f"{certificate.number}.json"
        credential = badge_credential(certificate, facts, key, email=email)
        write_bytes(path, json.dumps(credential, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        paths.append(path)
    return paths


# -- checking ------------------------------------------------------------------------


def _field(value, *path: str) -> str:
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    if not isinstance(value, str):
        raise PayloadFormatError(Message("the credential has no {field}", field=".".join(path)))
    return value


def verify_badge(data: bytes | str, public_key) -> VerifiedBadge:
    """Check an Open Badges file's proof against the organisation's key (anything
    signing.load_public_key takes) and return what it states. Raises
    PayloadFormatError (not a credential of ours), WrongKeyError (signed by another
    key) or TamperedError (changed after signing)."""
    public_key = load_public_key(public_key)
    if len(data) > MAX_FILE_BYTES:
        raise PayloadFormatError(Message("the file is too large to be a certificate's credential"))
    try:
        credential = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise PayloadFormatError(Message("the file is not JSON: {reason}", reason=str(error))) from None
    if not isinstance(credential, dict) or not isinstance(credential.get("proof"), dict):
        raise PayloadFormatError(Message("not a signed credential: no proof"))
    if credential.get("@context") != CONTEXTS or "OpenBadgeCredential" not in (credential.get("type") or []):
        raise PayloadFormatError(Message("not an Open Badges 3.0 credential"))
    proof = dict(credential["proof"])
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise PayloadFormatError(Message("the proof is not a {cryptosuite} Data Integrity proof", cryptosuite=CRYPTOSUITE))
    proof_value = _field(proof, "proofValue")
    if not proof_value.startswith("z"):
        raise PayloadFormatError(Message("the proof's value is not base58 multibase"))
    signature = _unbase58(proof_value[1:])
    signer = _key_of_method(_field(proof, "verificationMethod"))
    if public_key_text(signer) != public_key_text(public_key):
        raise WrongKeyError(Message("signed with another key (fingerprint {signer}), not this organisation's ({ours})",
                                    signer=fingerprint(signer), ours=fingerprint(public_key)))
    del proof["proofValue"]
    document = {k: v for k, v in credential.items() if k != "proof"}
    try:
        canonical = _hash_data(document, proof)
    except (TypeError, ValueError) as error:
        raise PayloadFormatError(Message("the credential holds values it cannot sign: {reason}", reason=str(error))) from None
    try:
        public_key.verify(signature, canonical)
    except InvalidSignature:
        raise TamperedError(Message("the proof does not match: the name, date or another fact was changed"
                                    " after signing")) from None
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    emails = [i.get("identityHash", "") for i in identifiers or []
              if isinstance(i, dict) and i.get("identityType") == "emailAddress"]
    try:
        date = datetime.date.fromisoformat(_field(credential, "validFrom")[:10])
    except ValueError:
        raise PayloadFormatError(Message("the credential's date is not a date")) from None
    return VerifiedBadge(
        number=_field(subject, "achievement", "humanCode"), name=_field(subject, "name"),
        email=emails[0] if emails else "", title=_field(subject, "achievement", "name"),
        date=date, duration=_field(subject, "achievement", "criteria", "narrative"),
        organisation=_field(credential, "issuer", "name"), key_fingerprint=fingerprint(public_key),
    )


def verify_badge_file(path: Path | str, public_key) -> VerifiedBadge:
    """`verify_badge` of a file; an unreadable file is a PayloadFormatError."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PayloadFormatError(Message("cannot read {path}: {reason}", path=str(path), reason=str(error))) from None
    return verify_badge(data, public_key)


def is_badge_file(path: Path | str) -> bool:
    """Whether `path` is meant as a credential (named .json, or JSON inside) rather than
    a PDF: a bad one is then refused as a bad credential, not as a bad PDF."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(64).lstrip()[:1] in (b"{", b"[")
    except OSError:
        return False

