"""Offline verification of certificates: an Ed25519 key the app keeps for the
organisation, and the signed text each certificate's QR code carries.

The QR text is `FCV1.<payload>.<signature>`, both parts in unpadded base32 (RFC 4648,
upper case), so the whole text fits the QR code's alphanumeric mode (5.5 bits a
character instead of 8: a smaller code than base64 would give). The payload is the
certificate's facts in a fixed order, one per line, UTF-8:

    number, name, workshop title, date (YYYY-MM-DD), duration in hours, organisation,
    facilitator, key id (the first 8 hex digits of the signing key's fingerprint)

With a verification page configured (`core.verification`), the QR code holds the page's
address with this text after `#` (`https://example.org/verify.html#FCV1....`): a phone
camera opens the page, which checks the signature itself (verify_page.py). Both forms
verify here.

No fact may contain a line break (names are one line by the time they are stored). The
signature is Ed25519 over the payload bytes: deterministic, so the same facts always give
the same QR code and reprints are identical.

The private key lives next to the default database as `certificate-key.pem` (PKCS #8,
created on first use, readable by its owner only). Whoever checks certificates needs the
public key: `public_key_text()` gives it as one line to hand over, and the fingerprint
printed small on each certificate tells an organizer whether they hold the right one.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from facilitator.core.paths import default_db_path, key_path_for
from facilitator.core.translation import Message

PREFIX = "FCV1"
# Anything longer (a page's address included) is not one of ours; refusing early keeps
# decoding cheap.
MAX_PAYLOAD_TEXT = 4000
_FIELDS = ("number", "name", "title", "date", "hours", "organisation", "facilitator", "key_id")
_B32 = re.compile(r"^[A-Z2-7]+$")
# What a payload looks like, as the refusals show it.
_FORM = f"{PREFIX}.<facts>.<signature>"
# A payload as it appears in scanned text or in text pulled out of a PDF.
PAYLOAD_PATTERN = re.compile(rf"{PREFIX}\.[A-Z2-7]+\.[A-Z2-7]+")


class VerificationError(ValueError):
    """A payload that is not a valid certificate of this key. The message says why."""


class PayloadFormatError(VerificationError):
    """The text is not a certificate payload at all (or was cut or garbled)."""


class WrongKeyError(VerificationError):
    """The payload was signed with another organisation's key."""


class TamperedError(VerificationError):
    """The facts do not match their signature: something was changed."""


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate states, as signed. `hours` is text ("1", "0.75") so that the
    signed bytes never depend on how a float prints."""

    number: str
    name: str
    title: str
    date: datetime.date
    hours: str
    organisation: str = ""
    facilitator: str = ""


@dataclass(frozen=True)
class VerifiedCertificate(CertificateFacts):
    """Facts whose signature checked out with the key `key_fingerprint`."""

    key_fingerprint: str = ""


# -- the key -------------------------------------------------------------------------


def default_key_path() -> Path:
    """Where the organisation's signing key lives: beside the default database."""
    return key_path_for(default_db_path())


def existing_key(path: Path) -> Ed25519PrivateKey:
    """The organisation's key kept at `path`, to check with: a check never makes one."""
    if not path.exists():
        raise VerificationError(Message("no certificate key at {path}: pass the organisation's public key",
                                        path=str(path)))
    return load_or_create_key(path)


def load_or_create_key(path: Path | str | None = None) -> Ed25519PrivateKey:
    """The signing key at `path` (default: `default_key_path()`), created on first use.

    A new key is written with permissions 0600, never over an existing file (two
    processes starting at once both end up with the one that won).
    """
    path = Path(path) if path is not None else default_key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_key(path)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        return key
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise VerificationError(Message("{path} is not a readable certificate key: {reason}",
                                        path=str(path), reason=str(exc))) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise VerificationError(Message("{path} holds a key that is not Ed25519", path=str(path)))
    return key


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _public(key: Ed25519PrivateKey | Ed25519PublicKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def fingerprint(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key's fingerprint as printed on certificates: the first 16 hex digits
    of the SHA-256 of its raw bytes, in groups of four (`3F2A 91C0 7B44 E1D2`)."""
    digest = hashlib.sha256(_raw(_public(key))).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The first 8 hex digits of the fingerprint, as the payload names its key."""
    return fingerprint(key).replace(" ", "")[:8]


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as one line (`ed25519:` and base64 of the raw 32 bytes), to give to
    whoever checks certificates on another machine."""
    return "ed25519:" + base64.b64encode(_raw(_public(key))).decode("ascii")


def load_public_key(value: "Ed25519PublicKey | Ed25519PrivateKey | str | bytes | Path") -> Ed25519PublicKey:
    """A public key from a key object, `public_key_text()`'s line, PEM text, or a PEM file
    (public or private)."""
    if isinstance(value, (Ed25519PublicKey, Ed25519PrivateKey)):
        return _public(value)
    if isinstance(value, Path):
        value = value.read_bytes()
    text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        if text.startswith("ed25519:"):
            return Ed25519PublicKey.from_public_bytes(base64.b64decode(text[8:], validate=True))
        if "PRIVATE KEY" in text:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = serialization.load_pem_public_key(text.encode())
    except (ValueError, TypeError, binascii.Error) as exc:
        raise VerificationError(Message("not a usable public key: {reason}", reason=str(exc))) from exc
    key = _public(key) if isinstance(key, Ed25519PrivateKey) else key
    if not isinstance(key, Ed25519PublicKey):
        raise VerificationError(Message("not an Ed25519 key"))
    return key


# -- payloads ------------------------------------------------------------------------


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str, part: Message) -> bytes:
    """The bytes of one part of a payload (`part` names it for the reader)."""
    if not _B32.match(text):
        raise PayloadFormatError(Message("{part} is not base32 text", part=part))
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error as exc:
        raise PayloadFormatError(Message("{part} is not valid base32 ({reason})", part=part, reason=str(exc))) from exc


def canonical_bytes(facts: CertificateFacts, key_identifier: str) -> bytes:
    """The signed bytes: the facts in their fixed order, one per line."""
    values = [
        facts.number, facts.name, facts.title, facts.date.isoformat(), facts.hours,
        facts.organisation, facts.facilitator, key_identifier,
    ]
    for field, value in zip(_FIELDS, values):
        if not isinstance(value, str):
            raise TypeError(f"certificate {field} must be text, not {type(value).__name__}")
        if "\n" in value or "\r" in value:
            raise ValueError(f"certificate {field} must be one line: {value!r}")
    return "\n".join(values).encode("utf-8")


def sign_payload(facts: CertificateFacts, key: Ed25519PrivateKey) -> str:
    """The QR text for these facts: `FCV1.<payload>.<signature>`."""
    data = canonical_bytes(facts, key_id(key))
    return f"{PREFIX}.{_b32(data)}.{_b32(key.sign(data))}"


def qr_text(payload: str, page_address: str = "") -> str:
    """What the QR code holds: the verification page's address with the payload after
    `#` when there is a page, else the payload alone."""
    return f"{page_address}#{payload}" if page_address else payload


def payload_of(text: str) -> str:
    """The payload part of a scanned QR text: what follows `#` in a page's address, or
    the text itself."""
    return text.strip().rpartition("#")[2].strip()


def is_payload_text(text: str) -> bool:
    """Whether `text` is a scanned QR text (a payload, or a page address ending in one)
    rather than a file name."""
    return payload_of(text).upper().startswith(PREFIX + ".")


def verify_payload(text: str, public_key) -> VerifiedCertificate:
    """Check a scanned QR text (the payload, or a verification page's address ending in
    `#` and the payload) against the organisation's public key.

    Returns the facts it states, or raises `PayloadFormatError` (not a certificate
    payload, or garbled), `WrongKeyError` (signed by another key) or `TamperedError`
    (a fact was changed after signing). `public_key` is anything `load_public_key` takes.
    """
    public_key = load_public_key(public_key)
    if not isinstance(text, str):
        raise PayloadFormatError(Message("a payload is text"))
    if len(text) > MAX_PAYLOAD_TEXT:
        raise PayloadFormatError(Message("this text is too long to be a certificate payload"))
    text = payload_of(text)
    parts = text.split(".")
    if len(parts) != 3 or parts[0].upper() != PREFIX:
        raise PayloadFormatError(Message("not a Facilitator certificate payload (expected {form})", form=_FORM))
    # Some scanners lower-case alphanumeric QR text; base32 does not care.
    data = _unb32(parts[1].upper(), Message("the payload"))
    signature = _unb32(parts[2].upper(), Message("the payload's signature"))
    if len(signature) != 64:
        raise PayloadFormatError(Message("the signature is not 64 bytes: the payload was cut or garbled"))
    try:
        fields = data.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise TamperedError(Message("the payload is not valid text: it was changed or garbled")) from exc
    if len(fields) != len(_FIELDS):
        raise TamperedError(Message("the payload does not have the fields a certificate has"))
    values = dict(zip(_FIELDS, fields))
    ours = key_id(public_key)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        if values["key_id"] != ours:
            raise WrongKeyError(Message(
                "signed with another key (key id {key_id}), not the one given (fingerprint {fingerprint})",
                key_id=values["key_id"], fingerprint=fingerprint(public_key))) from None
        raise TamperedError(Message(
            "the signature does not match: the name, date or another fact was changed")) from None
    try:
        date = datetime.date.fromisoformat(values["date"])
    except ValueError as exc:
        raise PayloadFormatError(Message("the signed date {date} is not a date", date=repr(values["date"]))) from exc
    return VerifiedCertificate(
        number=values["number"], name=values["name"], title=values["title"], date=date,
        hours=values["hours"], organisation=values["organisation"],
        facilitator=values["facilitator"], key_fingerprint=fingerprint(public_key),
    )


# -- `facilitator verify` ------------------------------------------------------------


def payloads_in_pdf(path: Path | str) -> list[str]:
    """The certificate payloads a PDF carries, one per certificate page, in page order.

    Each certificate page has a hidden annotation holding its payload (see
    certificates.py); failing that, the page's text is searched for one.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = list(reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise PayloadFormatError(Message("{path} is not a readable PDF: {reason}", path=str(path), reason=str(exc))) from exc
    found: list[str] = []
    for page in pages:
        page_payloads = []
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            contents = annotation.get("/Contents")
            if annotation.get("/T") == ANNOTATION_TITLE and contents:
                page_payloads.extend(PAYLOAD_PATTERN.findall(str(contents)))
        if not page_payloads:
            page_payloads = PAYLOAD_PATTERN.findall(page.extract_text() or "")
        found.extend(page_payloads)
    return found


ANNOTATION_TITLE = "Facilitator certificate"


def verify(payload_or_pdf: str | Path, public_key=None, *, key_path: Path | str | None = None) -> list[VerifiedCertificate]:
    """`facilitator verify`: check a scanned payload, or every certificate in a PDF, with
    no network.

    `payload_or_pdf` is the text a phone scanned from the QR code (`FCV1....`), or the
    path of a certificates PDF. The key is `public_key` when given (anything
    `load_public_key` takes), else the organisation's own key at `key_path` (default:
    beside the database). Returns the verified certificates (one for a payload, one per
    page for a PDF); raises a `VerificationError` subclass saying what is wrong, for the
    first certificate that fails.
    """
    if public_key is None:
        public_key = existing_key(Path(key_path) if key_path is not None else default_key_path())
    text = str(payload_or_pdf).strip()
    if is_payload_text(text):
        return [verify_payload(text, public_key)]
    path = Path(payload_or_pdf)
    if not path.is_file():
        raise PayloadFormatError(Message("{given} is neither a certificate payload ({form}) nor a PDF file",
                                         given=repr(text[:60]), form=_FORM))
    payloads = payloads_in_pdf(path)
    if not payloads:
        raise PayloadFormatError(Message("{path} holds no Facilitator certificate", path=str(path)))
    return [verify_payload(p, public_key) for p in payloads]
