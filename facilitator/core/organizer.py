"""Who runs the workshop, as certificates and handouts name them, and the images that
brand them.

A deck may name its facilitator and organisation, its logo and signature, in its front
matter; a deck meant for anyone to run (the shipped one) does not, so the organizer sets
their own once, on this laptop, and every document uses them. The deck's own wins: it is
the more specific.

The logo and the signature are kept in the store itself, as the bytes of the file given
(checked by core.images): the file may move or go, the certificates still print.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from .deck import Deck
from .errors import InvalidInput
from .images import BrandImage, image_from_bytes, read_image
from .session import LiveSession
from .store import Store
from .text import clean_text
from .translation import Message

FACILITATOR = "facilitator"
MINIMUM_PRESENCE = "minimum_presence"  # per cent of the session, 0 to 100
ORGANISATION = "organisation"
LOGO = "logo"
SIGNATURE = "signature"
MAX_LENGTH = 120

# What each kept image is, in words, for a problem found with it.
KEPT_IMAGES = {LOGO: Message("the kept logo"), SIGNATURE: Message("the kept signature")}

# A deck's image is its file (core.deck checked it is there); the organizer's, bytes.
Image = Path | BrandImage


@dataclass(frozen=True)
class Organizer:
    facilitator: str = ""
    organisation: str = ""
    logo: Image | None = None
    signature: Image | None = None


def organizer_for(deck: Deck, store: Store) -> Organizer:
    return Organizer(
        facilitator=deck.facilitator or store.setting(FACILITATOR) or "",
        organisation=deck.organisation or store.setting(ORGANISATION) or "",
        logo=deck.logo or remembered_image(store, LOGO),
        signature=deck.signature or remembered_image(store, SIGNATURE),
    )


def session_organizer(session: LiveSession) -> Organizer:
    """Who runs this session's workshop, as its documents name them."""
    return organizer_for(session.workshop.deck, session.store)


def remember_organizer(store: Store, *, facilitator: str | None = None,
                       organisation: str | None = None, logo: Path | str | None = None,
                       signature: Path | str | None = None) -> None:
    """Set the names, and the logo and signature (read from these files), that this
    laptop's documents use when a deck names none; None leaves one as it is, "" clears
    it. Raises InvalidInput, and sets nothing, for a name with control characters or
    over 120 characters, or a file that is not a readable PNG or JPEG of a sane size."""
    changes = {}
    for key, value, what in ((FACILITATOR, facilitator, Message("the facilitator's name")),
                             (ORGANISATION, organisation, Message("the organisation's name"))):
        if value is not None:
            changes[key] = clean_text(value, what=what, max_length=MAX_LENGTH, field=key) if value.strip() else ""
    for key, path, what in ((LOGO, logo, Message("the logo")), (SIGNATURE, signature, Message("the signature"))):
        if path is not None:
            changes[key] = (base64.b64encode(read_image(path, what).data).decode("ascii")
                            if str(path).strip() else "")
    with store.transaction():
        for key, value in changes.items():
            store.set_setting(key, value)


def remembered_image(store: Store, key: str) -> BrandImage | None:
    """The logo (LOGO) or signature (SIGNATURE) this laptop keeps, or None."""
    value = store.setting(key)
    if not value:
        return None
    return image_from_bytes(base64.b64decode(value), KEPT_IMAGES[key])


def minimum_presence(store: Store) -> int:
    """The share of the session (per cent) an attendee must have been present for to
    get a certificate without the organizer deciding; 0 (everyone) until they set it."""
    return int(store.setting(MINIMUM_PRESENCE) or 0)


def remember_minimum_presence(store: Store, percent: object) -> None:
    """Set the minimum presence for this laptop's certificates. Raises InvalidInput (and
    changes nothing) unless `percent` is a whole number from 0 to 100."""
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidInput(
            Message("the minimum presence must be a whole number of per cent, from 0 to 100"), field=MINIMUM_PRESENCE,
        )
    store.set_setting(MINIMUM_PRESENCE, str(percent))
