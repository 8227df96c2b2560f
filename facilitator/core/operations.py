"""One function per user action, called alike by the window, the trainer remote, the
phone server and the commands.

A front end decides *when* (a key, a tap, a command) and shows what went wrong; what an
action does, what it checks and what it records is here, once. Each publishes its change
as an event: the session's actions through the session itself, the certificates' through
the session they were issued for. Nothing outside core writes to the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, Sequence

from .errors import NotAllowed, NotFound
from .events import CertificatesRecorded
from .organizer import remember_minimum_presence, remember_organizer
from .screen import Blank
from .session import LiveSession
from .store import Commitment, Store
from .translation import Message, plural_message
from .verification import remember_page_address
from .workshop import Workshop


# -- slides ----------------------------------------------------------------------------


def next_slide(session: LiveSession) -> None:
    """The next page of the results shown, else the slide's next page (an imported
    slide's overlays), else the next slide."""
    if not session.turn_result_page(1) and not session.turn_step(1):
        session.next_slide()


def previous_slide(session: LiveSession) -> None:
    """The previous page of the results shown, else the slide's previous page, else the
    previous slide at its last page."""
    if not session.turn_result_page(-1) and not session.turn_step(-1):
        session.previous_slide()


def go_to_slide(session: LiveSession, index: int) -> None:
    """Go to the slide at `index`, counted from 0."""
    session.go_to_slide(index)


def save_slide_notes(workshop: Workshop, slide_index: int, notes: str) -> None:
    """Save the presenter's edit of a slide's notes where the deck keeps them: a PDF
    deck's pdfpc file (the live reload then shows it). Refused, nothing written, for a
    deck whose notes live in a file Facilitator does not write."""
    deck = workshop.deck
    if not 0 <= slide_index < len(deck.slides):
        raise NotFound(plural_message("no slide {number}: the deck has {count}", "no slide {number}: the deck has {count}",
                                      len(deck.slides), number=slide_index + 1))
    slide = deck.slides[slide_index]
    if deck.page_file is None:
        raise NotAllowed(Message("edit the notes in the deck file, {file}: they are the comment that ends each slide",
                                 file=deck.path.name))
    if deck.page_file != deck.path:
        raise NotAllowed(Message("edit the notes in PowerPoint and save {file}: Facilitator reads them from there",
                                 file=deck.path.name))
    if not slide.pages:
        raise NotAllowed(Message("this slide is an exercise inserted by the companion file: it has no notes of its own"))
    from .pdf_deck import save_note  # pypdf is imported only once a PDF deck is used (see readers)

    save_note(deck, slide, notes)


# -- the projector ------------------------------------------------------------------------


def set_blank(session: LiveSession, blank: Blank) -> None:
    """Blank the projector black or white, or (Blank.NONE) show the slide again."""
    session.set_blank(blank)


def show_join_bar(session: LiveSession, shown: bool) -> None:
    """Show or hide the join bar (address, code, QR) on every slide."""
    session.show_join_bar(shown)


def lay_out_results(session: LiveSession, slide: int, pages: int) -> None:
    """The projector laid slide `slide`'s results out in `pages` pages, for next and
    previous to turn."""
    session.lay_out_results(slide, pages)


# -- polls -----------------------------------------------------------------------------


def open_poll(session: LiveSession, exercise_id: str | None = None) -> None:
    """Open the poll of an exercise (by default the current slide's)."""
    session.open_poll_for(exercise_id)


def close_poll(session: LiveSession, poll_id: int | None = None) -> None:
    """Close a poll (by default the open one)."""
    session.close_poll(poll_id)


def reveal_results(session: LiveSession, poll_id: int | None = None) -> None:
    """Show a poll's results (by default the current slide's) on the projector and phones."""
    session.reveal_results(poll_id, revealed=True)


def hide_results(session: LiveSession, poll_id: int | None = None) -> None:
    """Take a poll's results (by default the current slide's) off the screens again."""
    session.reveal_results(poll_id, revealed=False)


def hide_post(session: LiveSession, item_id: int) -> None:
    """Hide a post from the projector, the phones and the handout."""
    session.moderate(item_id, hidden=True)


def show_post(session: LiveSession, item_id: int) -> None:
    """Show a hidden post again."""
    session.moderate(item_id, hidden=False)


def mark_answered(session: LiveSession, item_id: int) -> None:
    """Mark a question to the trainer answered."""
    session.moderate(item_id, answered=True)


def end_session(session: LiveSession) -> None:
    """End the session: the open poll closes, phones offer their downloads."""
    session.end()


# -- attendees -------------------------------------------------------------------------


def rename_attendee(session: LiveSession, attendee_id: int, name: str) -> None:
    """Correct an attendee's name (the organizer's check, or the attendee's own)."""
    session.rename_attendee(attendee_id, name)


# -- who runs the workshop ---------------------------------------------------------------


def set_organizer(session: LiveSession, *, facilitator: str | None = None,
                  organisation: str | None = None, logo: Path | str | None = None,
                  signature: Path | str | None = None) -> None:
    """Set the facilitator's and organisation's names, and the logo and signature files,
    that this laptop's documents print (organizer.remember_organizer: None leaves one as
    it is; one bad value sets nothing)."""
    remember_organizer(session.store, facilitator=facilitator, organisation=organisation,
                       logo=logo, signature=signature)


def set_verification_page(session: LiveSession, address: str) -> None:
    """Set the address of the page each certificate's QR code opens ("" for none:
    verification.remember_page_address; a bad address changes nothing)."""
    remember_page_address(session.store, address)


def set_minimum_presence(session: LiveSession, percent: int) -> None:
    """Set the share of the session (per cent) an attendee must have been present for to
    get a certificate without the organizer deciding (organizer.remember_minimum_presence)."""
    remember_minimum_presence(session.store, percent)


# -- each attendee's next step --------------------------------------------------------


def make_commitment(session: LiveSession, token: str, *, due: object, action: object = None,
                    idea: object = None) -> Commitment:
    """An attendee's one commitment, typed (`action`) or picked from the room's ideas
    (`idea`, an item id), with when they will have done it (LiveSession.commit_to)."""
    return session.commit_to(token, due=due, action=action, idea=idea)


# -- certificates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone to issue a certificate for. `issue_key` says who it is across reprints:
    the same key finds the same certificate (and number) in the store."""

    name: str
    issue_key: str | None = None
    session_id: int | None = None
    attendee_id: int | None = None
    email: str = ""  # from a roster's email column, for the Open Badges file


@dataclass(frozen=True)
class Certificate:
    """One person's certificate, ready to draw."""

    number: str
    name: str
    payload: str  # the QR text, `FCV1....`
    key_fingerprint: str
    record_id: int | None = None


class CertificateSigner(Protocol):
    """What only the documents layer knows about a certificate: whether it can be drawn,
    its number, and what it states and signs (documents.certificates.Signer)."""

    number_prefix: str  # the numbers a serial counts within, e.g. "FAC-2026-"

    def check(self, people: Sequence[Person]) -> None:
        """Raise when any of these certificates could not be drawn."""

    def number(self, serial: int) -> str: ...

    def sign(self, name: str, number: str) -> tuple[Certificate, dict]:
        """The certificate under `number` and the facts to record for it."""


def issue_certificates(
    store: Store, signer: CertificateSigner, people: Sequence[Person], now: float,
    session: LiveSession | None = None,
) -> list[Certificate]:
    """Each person's certificate, recorded: a new number for someone who has none, the
    same certificate again for a reprint, a re-issue under the same number when their
    name (or a workshop fact, or the key) changed.

    Every check (names, the workshop's texts, its images) is made first: when one
    fails, it raises and nothing is recorded, so no certificate is issued that could
    not be drawn. `session`, when the people are its attendees, publishes the change.
    """
    signer.check(people)
    issued = []
    with store.transaction():
        for person in people:
            record = store.certificate_by_key(person.issue_key) if person.issue_key else None
            if record is None:
                serial = store.next_certificate_serial(signer.number_prefix)
                certificate, facts = signer.sign(person.name, signer.number(serial))
                record = store.add_certificate(
                    session_id=person.session_id, attendee_id=person.attendee_id,
                    issue_key=person.issue_key, number=certificate.number, serial=serial,
                    name=certificate.name, facts=facts, payload=certificate.payload, now=now,
                )
            else:
                certificate, facts = signer.sign(person.name, record.number)
                if record.facts != facts or record.payload != certificate.payload:
                    record = store.reissue_certificate(
                        record.id, name=certificate.name, facts=facts,
                        payload=certificate.payload, now=now,
                    )
            issued.append(replace(certificate, record_id=record.id))
    _published(session, issued)
    return issued


def record_certificates_pdf(
    store: Store, certificates: Sequence[Certificate], pdf: bytes,
    session: LiveSession | None = None,
) -> str:
    """Record the SHA-256 of the PDF these certificates were drawn into; returns it."""
    digest = hashlib.sha256(pdf).hexdigest()
    store.set_certificate_hash([c.record_id for c in certificates if c.record_id is not None], digest)
    _published(session, certificates)
    return digest


def issue_session_certificates(
    session: LiveSession, signer: CertificateSigner, people: Sequence[Person], now: float,
) -> list[Certificate]:
    """issue_certificates for attendees of a running session (the window, the phones):
    recorded in its store, and published to its views."""
    return issue_certificates(session.store, signer, people, now, session)


def record_session_pdf(session: LiveSession, certificates: Sequence[Certificate], pdf: bytes) -> str:
    """record_certificates_pdf for certificates issue_session_certificates issued."""
    return record_certificates_pdf(session.store, certificates, pdf, session)


def _published(session: LiveSession | None, certificates: Sequence[Certificate]) -> None:
    if session is not None:
        session.events.publish(CertificatesRecorded(
            session.id, tuple(c.record_id for c in certificates if c.record_id is not None)
        ))
