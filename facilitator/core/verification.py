"""Where employers check this organisation's certificates: the address of the static
verification page (`facilitator verify-page`) the organisation publishes.

Set once on this laptop, like the organizer's names. With an address, each certificate's
QR code opens that page with the signed facts after `#`; without one, the QR code holds
the signed facts alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import InvalidInput
from .store import Store
from .translation import Message, plural_message

PAGE_ADDRESS = "verification_page"
# Long enough for any intranet path; short enough that the QR code stays readable.
MAX_ADDRESS_LENGTH = 300


def check_page_address(text: str) -> str:
    """The address as stored, or InvalidInput saying why it cannot be a page's address:
    an http or https URL with a host, printable ASCII, no `#` (the payload goes there)."""
    if not isinstance(text, str):
        raise InvalidInput(Message("the verification page's address must be text"), field=PAGE_ADDRESS)
    address = text.strip()
    if len(address) > MAX_ADDRESS_LENGTH:
        raise InvalidInput(plural_message(
            "the verification page's address is longer than {count} character",
            "the verification page's address is longer than {count} characters", MAX_ADDRESS_LENGTH), field=PAGE_ADDRESS)
    if not address.isascii() or not address.isprintable() or " " in address:
        raise InvalidInput(Message("the verification page's address must be a URL without spaces or non-ASCII"
                                   " characters (percent-encode them)"), field=PAGE_ADDRESS)
    try:
        parts = urlsplit(address)
        parts.port  # a port that is not a number raises here
    except ValueError as error:
        # Python's own words for what is wrong with it, as they come.
        raise InvalidInput(Message("the verification page's address is not a URL: {reason}", reason=str(error)),
                           field=PAGE_ADDRESS) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(Message("the verification page's address must start with https:// (or http://) and"
                                   " name a host, e.g. {example}", example="https://example.org/verify.html"),
                           field=PAGE_ADDRESS)
    if "#" in address:
        raise InvalidInput(Message("the verification page's address must not have a # part: the certificate's"
                                   " signed facts go there"), field=PAGE_ADDRESS)
    return address


def remember_page_address(store: Store, address: str) -> None:
    """Set the page's address every certificate's QR code opens; "" clears it (the QR
    code then holds the signed facts alone). A bad address raises InvalidInput and
    changes nothing."""
    cleared = isinstance(address, str) and not address.strip()
    value = "" if cleared else check_page_address(address)
    with store.transaction():
        store.set_setting(PAGE_ADDRESS, value)


def page_address(store: Store) -> str:
    """The verification page's address, or "" when none is set."""
    return store.setting(PAGE_ADDRESS) or ""
