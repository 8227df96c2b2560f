"""Who runs the workshop, as certificates and handouts name them.

A deck may name its facilitator and organisation in its front matter; a deck meant for
anyone to run (the shipped one) does not, so the organizer sets their own once, on this
laptop, and every document uses them. The deck's own wins: it is the more specific.
"""

from __future__ import annotations

from dataclasses import dataclass

from .deck import Deck
from .errors import InvalidInput
from .session import LiveSession
from .store import Store
from .text import clean_text

FACILITATOR = "facilitator"
MINIMUM_PRESENCE = "minimum_presence"  # per cent of the session, 0 to 100
ORGANISATION = "organisation"
MAX_LENGTH = 120


@dataclass(frozen=True)
class Organizer:
    facilitator: str = ""
    organisation: str = ""


def organizer_for(deck: Deck, store: Store) -> Organizer:
    return Organizer(
        facilitator=deck.facilitator or store.setting(FACILITATOR) or "",
        organisation=deck.organisation or store.setting(ORGANISATION) or "",
    )


def session_organizer(session: LiveSession) -> Organizer:
    """Who runs this session's workshop, as its documents name them."""
    return organizer_for(session.workshop.deck, session.store)


def remember_organizer(store: Store, *, facilitator: str | None = None,
                       organisation: str | None = None) -> None:
    """Set the names this laptop's documents use; None leaves one as it is, "" clears
    it. Raises InvalidInput (and sets neither) for a name with control characters or
    over 120 characters."""
    changes = {}
    for key, value, what in ((FACILITATOR, facilitator, "the facilitator's name"),
                             (ORGANISATION, organisation, "the organisation's name")):
        if value is not None:
            changes[key] = clean_text(value, what=what, max_length=MAX_LENGTH, field=key) if value.strip() else ""
    with store.transaction():
        for key, value in changes.items():
            store.set_setting(key, value)


def minimum_presence(store: Store) -> int:
    """The share of the session (per cent) an attendee must have been present for to
    get a certificate without the organizer deciding; 0 (everyone) until they set it."""
    return int(store.setting(MINIMUM_PRESENCE) or 0)


def remember_minimum_presence(store: Store, percent: object) -> None:
    """Set the minimum presence for this laptop's certificates. Raises InvalidInput (and
    changes nothing) unless `percent` is a whole number from 0 to 100."""
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidInput(
            "the minimum presence must be a whole number of per cent, from 0 to 100",
            field=MINIMUM_PRESENCE,
        )
    store.set_setting(MINIMUM_PRESENCE, str(percent))
