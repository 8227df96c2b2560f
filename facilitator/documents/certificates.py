"""Certificates of attendance: one landscape page per person, in one PDF.

Each page states the attendee's name, the workshop's title, date and duration, the
facilitator and the organisation (with the deck's logo and signature images when it
has them), a certificate number, and a QR code carrying the signed facts (signing.py)
so that anyone holding the organisation's public key can check it offline.

The flow, for a caller (CLI, print dialog, phone download):

    facts = WorkshopFacts.from_deck(deck, date=...)       # or facts_for_session(session)
    people = people_from_session(session)                 # or people_from_roster(...)
    result = print_certificates(store, facts, people, "certificates.pdf")

`print_certificates` is the command's whole path: `core.operations.issue_certificates`
with this module's `Signer` checks everything first (`Signer.check`: one error listing
every name that cannot print, then the workshop's texts and images) and issues or re-uses
each person's certificate, `write_certificates` draws the PDF, and
`core.operations.record_certificates_pdf` records its SHA-256. The window and the phone
take the same two operations around a drawing in a child process.

Numbers: `FAC-<year>-<serial>-<check>`, e.g. `FAC-2026-0001-7K3Q`. The serial counts
the certificates this database issued that year; the check is four characters derived
from the number and the signing key (so two laptops' `0001` differ, and a mistyped
number is unlikely to name another certificate). A person keeps their number: it is
looked up by who the certificate is for (`Person.issue_key`), so reprinting gives the
same certificate, byte for byte apart from the PDF's creation date (ReportLab's
`invariant` mode makes even that fixed). A corrected name re-issues the certificate
under the same number: the new name, facts and QR replace the old ones, which go to the
certificate's history in the store (the old paper still verifies, since verification
is offline; `verify_against_store` tells it was superseded).

Speed: everything that is the same on every page (border, headings, title, date,
facilitator, organisation, logo, signature) is drawn once into a PDF form and placed
on each page; per page only the name, the number and the QR code (one path of
rectangles) are drawn.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from facilitator.core import operations
from facilitator.core.files import write_whole
from facilitator.core.operations import Certificate, Person
from facilitator.core.organizer import Image, Organizer, session_organizer
from facilitator.core.verification import page_address
from facilitator.core.session import MAX_NAME_LENGTH, LiveSession
from facilitator.core.store import Store
from facilitator.core.translation import (
    SOURCE_LOCALE, Message, Translator, negotiate, plural_message, translator,
)
from facilitator.core.wording import date_words, duration_words
from facilitator.core.text import fold

from . import fonts
from .images import fit_box, image_reader
from .qrfast import qr_rows
from .qrfast import runs as qr_runs
from .signing import (
    ANNOTATION_TITLE,
    CertificateFacts,
    VerifiedCertificate,
    fingerprint,
    load_or_create_key,
    qr_text,
    sign_payload,
)

PAGE_SIZES = {"A4": landscape(A4), "Letter": landscape(letter)}
NUMBER_PREFIX = "FAC"
PROGRESS_EVERY = 20  # pages between progress reports: enough for a smooth bar

ACCENT = Color(0.114, 0.306, 0.455)  # #1D4E74, a deep blue
INK = Color(0.13, 0.13, 0.13)
MUTED = Color(0.42, 0.42, 0.42)
RULE = Color(0.78, 0.80, 0.83)

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

NAME_SIZE = 40.0  # points, a name that fits on one line
NAME_TWO_LINES = 28.0  # a name that one line would set smaller takes two, up to this


# The workshop's own texts, bounded so that with the longest name the signed facts
# still fit a QR code a phone can read (and `signing.MAX_PAYLOAD_TEXT`).
MAX_TITLE_LENGTH = 200
MAX_PERSON_LENGTH = 120  # the facilitator's and the organisation's names


class UnprintableNamesError(ValueError):
    """Names (or the workshop's own texts) that cannot be printed, each with the reason;
    nothing was written. Raised with one Message: a front end says it whole in its
    reader's language, the reasons too."""

    def __init__(self, problems: list[tuple[str, Message]], *, workshop: bool = False):
        self.problems = problems
        count = len(problems)
        heading = (
            plural_message("{count} workshop text cannot be printed; fix it and print again:",
                           "{count} workshop texts cannot be printed; fix them and print again:", count)
            if workshop else
            plural_message("{count} name cannot be printed; fix it and print again:",
                           "{count} names cannot be printed; fix them and print again:", count)
        )
        lines = tuple(Message("- {name}: {reason}", name=_shown(name), reason=reason) for name, reason in problems)
        super().__init__(Message("{heading}\n{lines}", heading=heading, lines=lines))


def _shown(name: str) -> str:
    return repr(name if len(name) <= 60 else name[:57] + "...")


# -- the facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopFacts:
    """What every certificate of one workshop states."""

    title: str
    date: datetime.date
    duration_minutes: float
    facilitator: str = ""
    organisation: str = ""
    logo: Image | None = None  # the deck's file, or the organizer's kept image
    signature: Image | None = None
    # The organisation's verification page (core.verification): not a signed fact, the
    # address the QR code opens with the signed facts after `#`; "" for none.
    page_address: str = ""
    # The catalogue code of the language the certificate's fixed words are in: the
    # deck's `language`, or the command line's choice. Not signed: the facts are the same
    # in every language.
    language: str = SOURCE_LOCALE

    @classmethod
    def from_deck(cls, deck, *, date: datetime.date | None = None,
                  organizer: Organizer | None = None, page_address: str = "",
                  language: str | None = None) -> "WorkshopFacts":
        """The facts a deck's front matter gives; `date` (the day it was run) wins over
        the deck's own `date`, and today stands in when neither is known. `organizer`
        (core.organizer.organizer_for) names the facilitator and organisation when
        given (and the logo and signature, the deck's or else the organizer's), else the
        deck's front matter does; `page_address` is the verification page's
        (core.verification.page_address); `language` (a BCP-47 tag) overrides the deck's
        own, each negotiated to a catalogue (English when none fits)."""
        organizer = organizer or Organizer(deck.facilitator, deck.organisation, deck.logo,
                                           deck.signature)
        return cls(
            title=_one_line(deck.title),
            date=date or deck.date or datetime.date.today(),
            duration_minutes=float(deck.duration),
            facilitator=_one_line(organizer.facilitator),
            organisation=_one_line(organizer.organisation),
            logo=organizer.logo,
            signature=organizer.signature,
            page_address=page_address,
            language=negotiate(language or deck.language),
        )

    @property
    def words(self) -> Translator:
        return translator(self.language)

    @property
    def hours(self) -> str:
        return hours_value(self.duration_minutes)


def _one_line(text: str) -> str:
    return " ".join(fonts.clean(text or "").split())


def hours_value(minutes: float) -> str:
    """The duration in hours as signed (printed in words: core.wording.duration_words):
    at most two decimals, no trailing zeros (60 -> "1", 54 -> "0.9", 45 -> "0.75", 100 -> "1.67")."""
    value = f"{round(minutes / 60, 2):.2f}".rstrip("0").rstrip(".")
    return value or "0"


def facts_for_session(session: LiveSession, language: str | None = None) -> WorkshopFacts:
    """The facts for a session: dated the day it started unless the deck names a date;
    in the deck's language unless `language` (a BCP-47 tag) says another."""
    deck = session.workshop.deck
    started = datetime.datetime.fromtimestamp(session.record.started_at).date()
    return WorkshopFacts.from_deck(
        deck, date=deck.date or started, organizer=session_organizer(session),
        page_address=page_address(session.store), language=language,
    )


# -- who gets one --------------------------------------------------------------------


def people_from_session(session: LiveSession) -> list[Person]:
    """Everyone who joined the session, in the order they joined."""
    return [
        Person(a.name, f"session:{session.id}/attendee:{a.id}", session.id, a.id)
        for a in session.attendees()
    ]


def people_from_roster(roster, facts: WorkshopFacts) -> list[Person]:
    """The people of a roster (core.roster.Roster), for this workshop's facts.

    A roster row has no identity of its own, so its key is the workshop (title and
    date), then the row's email when the roster has an `email` column, else its name,
    and a count for people who share a name. So with an email column a corrected name
    re-issues the same certificate; without one, a corrected name is a new person
    (the old certificate stays in the store's records).
    """
    workshop = hashlib.sha256(f"{facts.title}\n{facts.date.isoformat()}".encode()).hexdigest()[:12]
    seen: dict[str, int] = {}
    people = []
    for entry in roster.entries:
        email = entry.get("email").strip().casefold()
        who = f"email:{email}" if email else f"name:{fold(entry.name)}"
        seen[who] = seen.get(who, 0) + 1
        people.append(Person(entry.name, f"roster:{workshop}/{who}#{seen[who]}",
                             email=entry.get("email").strip()))
    return people


def check_names(names: Iterable[str]) -> None:
    """Raise UnprintableNamesError listing every name that cannot print: empty, longer
    than 80 characters, or with characters no shipped font can draw."""
    problems: list[tuple[str, str]] = []
    for name in names:
        shown = _one_line(name)
        if not shown:
            problems.append((name, Message("the name is empty")))
        else:
            problem = _printing_problem(shown, MAX_NAME_LENGTH)
            if problem:
                problems.append((name, problem))
    if problems:
        raise UnprintableNamesError(problems)


def check_facts(facts: WorkshopFacts) -> None:
    """Raise UnprintableNamesError (about the workshop, not a name) when its title,
    facilitator or organisation is too long or has characters no shipped font can draw."""
    problems = []
    for what, text, limit in ((Message("the workshop title"), facts.title, MAX_TITLE_LENGTH),
                              (Message("the facilitator"), facts.facilitator, MAX_PERSON_LENGTH),
                              (Message("the organisation"), facts.organisation, MAX_PERSON_LENGTH)):
        problem = _printing_problem(_one_line(text), limit)
        if problem:
            problems.append((text, Message("{what}: {problem}", what=what, problem=problem)))
    if problems:
        raise UnprintableNamesError(problems, workshop=True)


def _printing_problem(shown: str, limit: int) -> Message | None:
    if len(shown) > limit:
        return Message("longer than {limit} characters ({length})", limit=limit, length=len(shown))
    missing = fonts.missing_characters(shown)
    if missing:
        listed = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:10])
        return Message("no shipped font can print {characters}", characters=listed)
    return None


# -- numbers and signing -------------------------------------------------------------


def certificate_number(year: int, serial: int, key) -> str:
    """`FAC-2026-0001-7K3Q`: the year, the serial, and four check characters derived
    from both and the signing key's public half."""
    stem = f"{NUMBER_PREFIX}-{year}-{serial:04d}"
    digest = hashlib.sha256(f"{stem}|{fingerprint(key)}".encode()).digest()
    value = int.from_bytes(digest[:3], "big") >> 4  # 20 bits
    check = "".join(_CROCKFORD[(value >> shift) & 31] for shift in (15, 10, 5, 0))
    return f"{stem}-{check}"


def signed_facts(number: str, name: str, facts: WorkshopFacts) -> CertificateFacts:
    return CertificateFacts(
        number=number, name=_one_line(name), title=facts.title, date=facts.date,
        hours=facts.hours, organisation=facts.organisation, facilitator=facts.facilitator,
    )


def certificate_for(name: str, number: str, facts: WorkshopFacts, key) -> Certificate:
    """The certificate for one person under a given number, signed with `key`."""
    signed = signed_facts(number, name, facts)
    return Certificate(
        number=number, name=signed.name, payload=sign_payload(signed, key),
        key_fingerprint=fingerprint(key),
    )


def _stored_facts(certificate: Certificate, facts: WorkshopFacts) -> dict:
    return {
        "number": certificate.number, "name": certificate.name, "title": facts.title,
        "date": facts.date.isoformat(), "hours": facts.hours,
        "organisation": facts.organisation, "facilitator": facts.facilitator,
        "key": certificate.key_fingerprint,
    }


@dataclass(frozen=True)
class Signer:
    """Signs one workshop's certificates with `key`, for core.operations.issue_certificates."""

    facts: WorkshopFacts
    key: object

    @property
    def number_prefix(self) -> str:
        return f"{NUMBER_PREFIX}-{self.facts.date.year}-"

    def check(self, people: Sequence[Person]) -> None:
        """Raise UnprintableNamesError for names or workshop texts that cannot print,
        FileNotFoundError for an unreadable logo or signature (which would stop the
        drawing after the certificates were issued)."""
        check_names(p.name for p in people)
        check_facts(self.facts)
        image_reader(self.facts.logo)
        image_reader(self.facts.signature)

    def number(self, serial: int) -> str:
        return certificate_number(self.facts.date.year, serial, self.key)

    def sign(self, name: str, number: str) -> tuple[Certificate, dict]:
        certificate = certificate_for(name, number, self.facts, self.key)
        return certificate, _stored_facts(certificate, self.facts)


@dataclass(frozen=True)
class PrintResult:
    path: Path
    certificates: list[Certificate]
    pdf_sha256: str


def print_certificates(
    store: Store, facts: WorkshopFacts, people: Sequence[Person], out: Path | str,
    page_size: str = "A4", *, key=None, key_path: Path | str | None = None,
    now: float | None = None,
) -> PrintResult:
    """Check the names, issue (or re-use) each certificate, write the PDF to `out` and
    record its SHA-256 against each certificate. Raises UnprintableNamesError before
    anything is written or recorded when a name (or the workshop's title, facilitator
    or organisation) cannot print."""
    import time

    key = key if key is not None else load_or_create_key(key_path)
    certificates = operations.issue_certificates(
        store, Signer(facts, key), people, time.time() if now is None else now
    )
    pdf = certificates_pdf(certificates, facts, page_size)
    write_bytes(out, pdf)
    digest = operations.record_certificates_pdf(store, certificates, pdf)
    return PrintResult(Path(out), certificates, digest)


def verify_against_store(store: Store, verified: VerifiedCertificate) -> Message | None:
    """After `signing.verify`: None when the store's record of this number states the
    same name, else a sentence saying what differs (re-issued, or unknown here)."""
    record = store.certificate_by_number(verified.number)
    if record is None:
        return Message("{number} is not in this database's records", number=verified.number)
    if record.name != verified.name:
        return Message("{number} was re-issued: its current name is {current}, this copy says {copy}",
                       number=verified.number, current=repr(record.name), copy=repr(verified.name))
    if record.facts and record.facts.get("date") != verified.date.isoformat():
        return Message("{number} was re-issued with the date {date}", number=verified.number,
                       date=str(record.facts.get("date")))
    return None


# -- drawing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Fitted:
    """How a text is set to fit a width: its lines (top first), one size for all, and
    a horizontal squeeze (1 unless even `min_size` was too wide)."""

    lines: tuple[str, ...]
    size: float
    squeeze: float = 1.0


def fit_text(text: str, size: float, max_width: float, *, bold: bool = False,
             min_size: float = 9, two_lines: float | None = None) -> Fitted:
    """The largest setting of `text` up to `size` whose every line fits `max_width`.

    One line, shrunk as needed. With `two_lines` (a size), a text that one line would
    shrink below `two_lines` and that has a space is split in two at the space that
    makes the two lines the most even, and set that way (up to `two_lines`) when it
    is larger. Below `min_size` the text is squeezed horizontally instead, so it never
    runs past `max_width`.
    """
    best = _fit_lines((text,), size, max_width, bold)
    if two_lines is not None and best.size < two_lines:
        words = text.split(" ")
        splits = [(" ".join(words[:i]).strip(), " ".join(words[i:]).strip())
                  for i in range(1, len(words))]
        splits = [pair for pair in splits if all(pair)]
        if splits:
            even = min(splits, key=lambda pair: max(
                fonts.text_width(line, two_lines, bold=bold) for line in pair))
            candidate = _fit_lines(even, two_lines, max_width, bold)
            if candidate.size > best.size:
                best = candidate
    if best.size >= min_size:
        return best
    widest = max(fonts.text_width(line, min_size, bold=bold) for line in best.lines)
    return Fitted(best.lines, min_size, max_width / widest)


def _fit_lines(lines: tuple[str, ...], size: float, max_width: float, bold: bool) -> Fitted:
    widest = max(fonts.text_width(line, size, bold=bold) for line in lines)
    return Fitted(lines, size if widest <= max_width else size * max_width / widest)


def _draw_fitted(canvas: Canvas, x: float, y: float, text: str, size: float, max_width: float,
                 *, bold: bool = False, min_size: float = 9, two_lines: float | None = None,
                 leading: float = 1.22, grow: str = "down") -> float:
    """Draw `text` centred at x as `fit_text` sets it. The first line's baseline is at
    y when the lines grow "down", the last line's when they grow "up". Returns the
    baseline of the lowest line."""
    fitted = fit_text(text, size, max_width, bold=bold, min_size=min_size, two_lines=two_lines)
    step = fitted.size * leading
    top = y if grow == "down" else y + step * (len(fitted.lines) - 1)
    for n, line in enumerate(fitted.lines):
        baseline = top - n * step
        if fitted.squeeze == 1:
            fonts.draw_text(canvas, x, baseline, line, fitted.size, bold=bold, align="center")
        else:
            canvas.saveState()
            canvas.translate(x, baseline)
            canvas.scale(fitted.squeeze, 1)
            fonts.draw_text(canvas, 0, 0, line, fitted.size, bold=bold, align="center")
            canvas.restoreState()
    return top - step * (len(fitted.lines) - 1)


def _heading(canvas: Canvas, x: float, y: float, text: str, size: float, spacing: float) -> None:
    """The certificate's heading, centred at x: in capitals and letter-spaced where the
    script has capitals; drawn as it is otherwise (spacing would part joined Arabic
    letters, and CJK has no case)."""
    capitals = text.upper()
    if capitals != text.lower():
        _spaced(canvas, x, y, capitals, size, spacing)
    else:
        fonts.draw_text(canvas, x, y, text, size, bold=True, align="center")


def _spaced(canvas: Canvas, x: float, y: float, text: str, size: float, spacing: float,
            *, bold: bool = True) -> None:
    """A short Latin heading, letter-spaced, centred at x."""
    font = fonts.BOLD if bold else fonts.REGULAR
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(text, font, size) + spacing * (len(text) - 1)
    canvas.saveState()  # the character spacing would outlive the text object
    t = canvas.beginText(x - width / 2, y)
    t.setFont(font, size)
    t.setCharSpace(spacing)
    t.textOut(text)
    canvas.drawText(t)
    canvas.restoreState()


@dataclass(frozen=True)
class PageLayout:
    """Where things go on a certificate page of width x height points."""

    width: float
    height: float

    @property
    def margin(self) -> float:
        return 92.0

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def name_y(self) -> float:
        return self.height * 0.555

    # A module of about half a millimetre scans well from a sheet held in the hand;
    # long names (more data, more modules) get a larger code, up to what the corner holds.
    qr_module = 1.45
    qr_min, qr_max = 86.0, 128.0
    qr_right = 66.0
    qr_y = 52.0

    def qr_size(self, modules: int) -> float:
        return min(max(self.qr_min, modules * self.qr_module), self.qr_max)

    def qr_x(self, size: float) -> float:
        return self.width - self.qr_right - size


def _draw_static(canvas: Canvas, facts: WorkshopFacts, layout: PageLayout) -> None:
    """Everything the same on every page, drawn once into a form; mirrored for a
    language written right to left."""
    words = facts.words
    _ = words.text
    w, h = layout.width, layout.height
    cx = w / 2
    # The frame: a thin accent line and a hairline inside it.
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.4)
    canvas.rect(24, 24, w - 48, h - 48, stroke=1, fill=0)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.rect(31, 31, w - 62, h - 62, stroke=1, fill=0)

    logo = image_reader(facts.logo)
    if logo is not None:
        lw, lh = fit_box(logo, 170, 52)
        canvas.drawImage(logo, cx - lw / 2, h - 58 - lh, lw, lh, mask="auto")
        heading_y = h - 140
    else:
        heading_y = h - 118

    canvas.setFillColor(ACCENT)
    _heading(canvas, cx, heading_y, _("Certificate of attendance"), 15, 3.2)
    canvas.setFillColor(MUTED)
    fonts.draw_text(canvas, cx, heading_y - 40, _("This is to certify that"), 12.5, align="center")

    # Under the name (drawn per page): a short accent rule.
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.9)
    rule_y = layout.name_y - 22
    canvas.line(cx - 150, rule_y, cx + 150, rule_y)

    canvas.setFillColor(MUTED)
    fonts.draw_text(canvas, cx, rule_y - 30, _("attended the workshop"), 12.5, align="center")
    canvas.setFillColor(INK)
    title_y = _draw_fitted(canvas, cx, rule_y - 64, facts.title, 23, layout.text_width,
                           bold=True, two_lines=19)
    canvas.setFillColor(MUTED)
    when = f"{date_words(facts.date, words)}  \u00b7  {duration_words(facts.duration_minutes, words)}"
    fonts.draw_text(canvas, cx, title_y - 28, when, 12.5, align="center")

    # Signature block (left) and organisation block (centre); on Letter they stand
    # 198 points apart, so each text keeps clear of the other.
    line_y = 104.0
    block_width = min(180.0, w * 0.25 - 18)
    blocks = []
    if facts.facilitator or facts.signature:
        blocks.append(("facilitator", w * 0.25))
    if facts.organisation:
        blocks.append(("organisation", w * 0.5 if blocks else w * 0.25))
    if words.direction == "rtl":  # the first block at the right
        blocks = [(kind, w - x) for kind, x in blocks]
    for kind, x in blocks:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(x - 95, line_y, x + 95, line_y)
        if kind == "facilitator":
            signature = image_reader(facts.signature)
            if signature is not None:
                sw, sh = fit_box(signature, 170, 46)
                canvas.drawImage(signature, x - sw / 2, line_y + 3, sw, sh, mask="auto")
            canvas.setFillColor(INK)
            below = line_y - 2
            if facts.facilitator:
                below = _draw_fitted(canvas, x, line_y - 16, facts.facilitator, 11.5,
                                     block_width, bold=True, min_size=8, two_lines=10)
            canvas.setFillColor(MUTED)
            fonts.draw_text(canvas, x, below - 14, _("Facilitator"), 9, align="center")
        else:
            canvas.setFillColor(INK)
            below = _draw_fitted(canvas, x, line_y - 16, facts.organisation, 11.5, block_width,
                                 bold=True, min_size=8, two_lines=10)
            canvas.setFillColor(MUTED)
            fonts.draw_text(canvas, x, below - 14, _("Organisation"), 9, align="center")


def _draw_qr(canvas: Canvas, rows: list[str], x: float, y: float, size: float) -> None:
    """The QR code (`qr_rows`) as one filled path: a rectangle per run of dark modules.

    Written as PDF operators in module units (a scaled coordinate system with rows
    counted downwards), so each rectangle is four small integers: ReportLab's path
    objects format every coordinate as a float in Python, which took seconds for 500
    codes. The page's white around the code is its quiet zone.
    """
    module = size / len(rows)
    ops = [f"q 0 g {module:.5f} 0 0 {-module:.5f} {x:.3f} {y + size:.3f} cm"]
    for r, row in enumerate(rows):
        for start, length in qr_runs(row):
            ops.append(f"{start} {r} {length} 1 re")
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


VERIFY_COMMAND = "facilitator verify <{scanned}>"  # the command's name, then what it takes


def _draw_how_to_check(canvas: Canvas, x: float, y: float, sentence: str, command: str, *,
                       align: str, mirrored: bool) -> None:
    """The sentence, then the command: drawn apart, so that the command reads left to
    right with its brackets the right way round after a sentence in Arabic (a closing
    bracket at the end of a right-to-left line would be mirrored)."""
    size, gap = 6.5, 3.0
    pieces = [command, sentence] if mirrored else [sentence, command]
    widths = [fonts.text_width(piece, size) for piece in pieces]
    left = x if align == "left" else x - sum(widths) - gap
    for piece, width in zip(pieces, widths):
        fonts.draw_text(canvas, left, y, piece, size)
        left += width + gap


def _draw_page(canvas: Canvas, certificate: Certificate, layout: PageLayout, form: str,
               facts: WorkshopFacts) -> None:
    canvas.doForm(form)
    canvas.setFillColor(INK)
    # A long name takes two lines, growing upwards: the rule under it stays put.
    _draw_fitted(canvas, layout.width / 2, layout.name_y, certificate.name, NAME_SIZE,
                 layout.text_width, bold=True, min_size=14, two_lines=NAME_TWO_LINES,
                 leading=1.12, grow="up")

    _ = facts.words.text
    rows = qr_rows(qr_text(certificate.payload, facts.page_address))
    size = layout.qr_size(len(rows))
    x, y = layout.qr_x(size), layout.qr_y
    # Right to left, the code stands in the bottom left corner and its texts at its right.
    mirrored = facts.words.direction == "rtl"
    if mirrored:
        x = layout.width - x - size
    side, beside, under = ("left", x + size + 10, x) if mirrored else ("right", x - 10, x + size)
    _draw_qr(canvas, rows, x, y, size)
    canvas.setFillColor(MUTED)
    fonts.draw_text(canvas, beside, y + size - 8, _("Scan to verify"), 7.5, align=side)
    canvas.setFillColor(INK)
    fonts.draw_text(canvas, beside, y + size - 22, certificate.number, 9.5, bold=True, align=side)
    canvas.setFillColor(MUTED)
    fonts.draw_text(canvas, beside, y + 9, _("Key fingerprint"), 6.5, align=side)
    fonts.draw_text(canvas, beside, y, certificate.key_fingerprint, 6.5, align=side)
    if not facts.page_address:
        # Under a QR code that holds the signed facts alone, what a reader does with them.
        _draw_how_to_check(canvas, under, y - 11, _("To check: scan this code, then run:"),
                           VERIFY_COMMAND.format(scanned=_("the scanned text")), align=side,
                           mirrored=mirrored)
    # The payload again, for `facilitator verify FILE.pdf`: a hidden annotation over
    # the QR code (never displayed nor printed; pypdf reads it back).
    canvas.textAnnotation(
        certificate.payload, Rect=(x, y, x + size, y + size), relative=0,
        T=pdfdoc.PDFString(ANNOTATION_TITLE), F=2 | 32,
    )


def write_certificates(
    people: Sequence[Certificate], facts: WorkshopFacts, path: Path | str | io.BufferedIOBase,
    page_size: str = "A4", progress: Callable[[int, int], None] | None = None,
) -> str:
    """Write one PDF with a page per certificate; returns the PDF's SHA-256 (hex).

    `people` are signed certificates (`certificate_for` or `operations.issue_certificates`), in the
    order to print. `page_size` is "A4" or "Letter" (landscape). `path` may be a binary
    file object. The PDF is reproducible: the same certificates give the same bytes.
    Names and the workshop's texts are checked first (`check_names`, `check_facts`);
    one that cannot print raises UnprintableNamesError and nothing is written.
    """
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    if not people:
        raise ValueError("no certificates to print")
    check_names(c.name for c in people)
    check_facts(facts)
    fonts.register_fonts()
    with _binary_streams():
        data = _render(people, facts, page_size, progress)
    write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _binary_streams():
    """Compressed streams stay binary while we write: ReportLab's default also encodes
    them as ASCII85 (a 7-bit transport relic), in Python, which cost a second for 500
    pages and made the file a quarter larger."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _render(people: Sequence[Certificate], facts: WorkshopFacts, page_size: str,
            progress: Callable[[int, int], None] | None) -> bytes:
    width, height = PAGE_SIZES[page_size]
    layout = PageLayout(width, height)
    buffer = io.BytesIO()
    words = facts.words
    ngettext = words.plural_text
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1,
                    initialFontName=fonts.REGULAR, lang=words.tag)
    canvas.setTitle(ngettext("Certificate of attendance: {title}",
                                      "Certificates of attendance: {title}", len(people),
                                      title=facts.title))
    canvas.setAuthor(facts.organisation or facts.facilitator or "Facilitator")
    canvas.setSubject(
        people[0].name if len(people) == 1
        else ngettext("{count} certificate, {date}", "{count} certificates, {date}",
                               len(people), date=date_words(facts.date, words))
    )
    canvas.setCreator("Facilitator")
    form = "facilitator-certificate"
    canvas.beginForm(form)
    _draw_static(canvas, facts, layout)
    canvas.endForm()
    for done, certificate in enumerate(people):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(people))
        _draw_page(canvas, certificate, layout, form, facts)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_bytes(path, data: bytes) -> None:
    """Write `data` to a file object, or to a path whole or not at all."""
    if hasattr(path, "write"):
        path.write(data)
        return
    write_whole(Path(path), data)


def certificates_pdf(
    certificates: Sequence[Certificate], facts: WorkshopFacts, page_size: str = "A4",
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The certificates as PDF bytes (`write_certificates` into memory)."""
    buffer = io.BytesIO()
    write_certificates(certificates, facts, buffer, page_size, progress)
    return buffer.getvalue()
