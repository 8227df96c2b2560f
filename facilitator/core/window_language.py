"""The language of the trainer's windows: the one chosen and remembered on this laptop,
else the system's, negotiated to a catalogue (English when none fits)."""

from __future__ import annotations

from .errors import InvalidInput
from .store import Store
from .translation import PSEUDO_LOCALE, Message, language_codes, negotiate

WINDOW_LANGUAGE = "window_language"


def window_language(store: Store, system_locale: str) -> str:
    """The catalogue code the windows speak: the remembered choice, else the system's."""
    return store.setting(WINDOW_LANGUAGE) or system_window_language(system_locale)


def system_window_language(system_locale: str) -> str:
    """The system's locale (`de_DE`, `ar-EG`) negotiated like a browser's header: what
    the windows speak before a database says otherwise."""
    return negotiate(system_locale, pseudo_allowed=False)


def chosen_language(code: str) -> str:
    """`code` as a catalogue's code, or InvalidInput naming the languages spoken."""
    spoken = set(language_codes()) | {PSEUDO_LOCALE}
    if code not in spoken:
        raise InvalidInput(Message("no catalogue for the language {code}; there are {codes}",
                                   code=code, codes=", ".join(sorted(spoken))), field="language")
    return code


def remember_window_language(store: Store, code: str) -> None:
    """The windows speak `code` from their next start; "" follows the system again.
    A language without a catalogue is refused and changes nothing."""
    store.set_setting(WINDOW_LANGUAGE, chosen_language(code) if code else "")
