"""Every layer's words in the reader's language: one gettext catalogue per language,
read with Babel, plural rules and number formats from CLDR.

The catalogues are the `.po` files in `facilitator/locales/` (the template
`facilitator.pot` lists every message; `pybabel extract` writes it from the Python
sources and the phone and remote pages). They are read as they are, once per language,
and kept in memory: there is no compiled `.mo` to forget, so a translator's edited `.po`
is what runs, in a checkout and in the wheel alike.

Placeholders are `{name}`, in Python and in the pages' JavaScript alike; a number given
for one is written in the reader's way (1,234 or 1 234 or ١٬٢٣٤).

A pseudo-locale, `en_XA`, is made from the English messages by code: accented, about 40 %
longer and in brackets, to see on the screen what is not translated and what is cut.
"""

from __future__ import annotations

import gettext
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Callable, Mapping

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

DOMAIN = "facilitator"
SOURCE_LOCALE = "en"
PSEUDO_LOCALE = "en_XA"
LOCALES_PACKAGE = "facilitator.locales"
TEMPLATE = f"{DOMAIN}.pot"
# The page files whose messages make the phone and remote pages' catalogue.
PAGE_SOURCES = re.compile(r"facilitator/live/static/[^/]+\.(?:js|html)$")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Integers that meet every CLDR category in use: French "many" is for millions.
PLURAL_SAMPLES = (*range(0, 1001), 1_000_000, 2_000_000)


@dataclass(frozen=True)
class Language:
    """A language Facilitator speaks: its catalogue's folder name (`pt_BR`), the tag
    browsers and HTML use (`pt-BR`), and its name written in itself (Português)."""

    code: str
    tag: str
    name: str


@dataclass(frozen=True)
class Translator:
    """The words of one language: messages by their English text (a tuple of forms for a
    plural one), the plural rule that picks a form, and the CLDR locale for numbers and
    dates."""

    locale: Locale
    code: str
    messages: Mapping[str, str | tuple[str, ...]]
    plural_index: Callable[[int], int]
    plural_count: int

    @property
    def tag(self) -> str:
        return language_tag(self.code)

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, as HTML's `dir` takes it."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self.messages.get(singular)
        if isinstance(forms, tuple) and all(forms):
            return forms[min(self.plural_index(count), len(forms) - 1)]
        return singular if count == 1 else plural

    def text(self, message: str, **values: Any) -> str:
        """The message in this language, its `{placeholders}` filled in."""
        return self.fill(self.gettext(message), values)

    def plural_text(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form for `count` of a message in this language; `{count}` is filled in too."""
        return self.fill(self.ngettext(singular, plural, count), {"count": count, **values})

    def fill(self, text: str, values: Mapping[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                return match.group(0)
            given = values[name]
            if isinstance(given, Message):  # a message within a message: "your name" in "{what} is empty"
                return self.say(given)
            if isinstance(given, tuple):  # lines, each said: a list as long as a roster nests no deeper
                return "\n".join(self.say(line) for line in given)
            is_number = isinstance(given, (int, float)) and not isinstance(given, bool)
            return self.number(given) if is_number else str(given)

        return PLACEHOLDER.sub(value, text)

    def number(self, value: float, places: int | None = None) -> str:
        """The number as the language writes it; with `places`, always that many
        decimals ("3,0")."""
        pattern = None if places is None else "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, share: float) -> str:
        """A share (0.25) as a whole percentage the language's way: "25%", "25 %", "٢٥٪"."""
        return format_percent(share, locale=self.locale)

    def date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(moment, format="short", locale=self.locale)

    def say(self, message: str) -> str:
        """A core message (an error's) in this language; any other text (a library's
        own words inside a problem, a name) as it is."""
        if not isinstance(message, Message):
            return message
        return self.words(message.text, message.plural, message.values)

    def refusal(self, error: BaseException) -> str:
        """Why `error` refused something, in this language: the Message it was raised with
        said, where `str(error)` would keep only its English."""
        message = error.args[0] if error.args else None
        return self.say(message) if isinstance(message, str) else str(error)

    def words(self, text: str, plural: str | None, values: Mapping[str, Any]) -> str:
        if plural is None:
            return self.fill(self.gettext(text), values)
        return self.fill(self.ngettext(text, plural, values["count"]), values)

    def plural_categories(self) -> list[str]:
        """The CLDR category ("one", "few", "other"...) of each plural form, in the
        catalogue's order: a page picks a form with the browser's Intl.PluralRules."""
        categories: dict[int, str] = {}
        for n in PLURAL_SAMPLES:
            categories.setdefault(self.plural_index(n), self.locale.plural_form(n))
        return [categories.get(i, "other") for i in range(self.plural_count)]

    def page_catalogue(self, languages: list[Language]) -> dict[str, Any]:
        """What the phone and remote pages need to speak this language, as JSON: only the
        pages' own messages, and the languages the page offers."""
        return {"languages": [[language.tag, language.name] for language in languages],
                **self.words_for_page(page_messages())}

    def words_for_page(self, shown: frozenset[str]) -> dict[str, Any]:
        """What a page that says `t(...)` needs to speak this language, as JSON: the
        messages among `shown` that have a translation (the page shows its English for
        the others), their plural categories, the locale and direction."""
        return {
            "locale": self.tag, "dir": self.direction, "plurals": self.plural_categories(),
            "messages": {
                msgid: list(found) if isinstance(found, tuple) else found
                for msgid, found in sorted(self.messages.items())
                if msgid in shown and found and (isinstance(found, str) or all(found))
                and found != msgid
            },
        }


class Message(str):
    """English text that a front end can say in the reader's language: an error's words
    as core wrote them, with the message and its values kept. It is the English
    sentence wherever a plain `str` is expected (logs, the command line, tests)."""

    text: str
    plural: str | None
    values: dict[str, Any]  # a plural message's `count` among them

    def __new__(cls, text: str, plural: str | None = None, count: int | None = None, **values: Any) -> "Message":
        if count is not None:
            values["count"] = count
        made = super().__new__(cls, translator(SOURCE_LOCALE).words(text, plural, values))
        made.text, made.plural, made.values = text, plural, values
        return made


def N_(message: str) -> str:
    """Marks a message (for `pybabel extract`) that is said later, where it is shown: a
    table's column names kept as English in a constant."""
    return message


def plural_message(singular: str, plural: str, count: int, **values: Any) -> Message:
    """A Message with a form for each number (`{count}` is filled in)."""
    return Message(singular, plural, count, **values)


def _files():
    return resources.files(LOCALES_PACKAGE)


@cache
def _template() -> Catalog:
    with _files().joinpath(TEMPLATE).open("rb") as source:
        return read_po(source)


def page_messages() -> frozenset[str]:
    """The messages the phone and remote pages show (those found in their files)."""
    return messages_found_in(PAGE_SOURCES)


@cache
def messages_found_in(sources: re.Pattern[str]) -> frozenset[str]:
    """The messages the template found in the files whose path `sources` matches."""
    return frozenset(
        str(m.id[0] if isinstance(m.id, tuple) else m.id) for m in _template()
        if m.id and any(sources.search(path) for path, _ in m.locations)
    )


def catalogue_path(code: str):
    return _files().joinpath(code, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def available_languages() -> list[Language]:
    """English first, then every language with a catalogue, by code."""
    return [Language(code, language_tag(code), _own_name(code)) for code in language_codes()]


def language_tag(code: str) -> str:
    """A catalogue's code as a BCP 47 tag, as browsers and decks write it: `pt_BR` → `pt-BR`."""
    return code.replace("_", "-")


@cache
def language_codes() -> tuple[str, ...]:
    """The codes of `available_languages`, without their names: CLDR's names of every
    language take a command's start 0.2 s to load, and choosing a language needs none.
    Read once: the catalogues are the package's own files, and each new browser header
    negotiated asks for them."""
    return (SOURCE_LOCALE,) + tuple(sorted(
        entry.name for entry in _files().iterdir()
        if entry.is_dir() and catalogue_path(entry.name).is_file()
    ))


def _own_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def _plural_rule(code: str) -> tuple[int, Callable[[int], int]]:
    rule = get_plural(code)
    return rule.num_plurals, gettext.c2py(rule.plural_expr)


@cache
def translator(code: str) -> Translator:
    """The words of a language by its catalogue's code (`de`, `pt_BR`, `en_XA`);
    English for a language without a catalogue."""
    if code == PSEUDO_LOCALE:
        return _pseudo()
    if code != SOURCE_LOCALE and code in language_codes():
        with catalogue_path(code).open("rb") as source:
            catalog = read_po(source, locale=code)
        messages = {
            str(m.id[0] if isinstance(m.id, tuple) else m.id):
                tuple(m.string) if isinstance(m.string, (tuple, list)) else m.string
            for m in catalog if m.id and not m.fuzzy
        }
    else:
        code, messages = SOURCE_LOCALE, {}
    count, rule = _plural_rule(code)
    return Translator(Locale.parse(code), code, messages, rule, count)


# Accented look-alikes: readable, and plainly not the English that slipped through.
_ACCENTED = str.maketrans(
    "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ", "åƀçđéĝĥîķļñöŕšţûýžÅƁÇĐÉĜĤÎĶĻÑÖŔŠŢÛÝŽ",
)
_PIECES = re.compile(r"(\{\w+\})")
PSEUDO_GROWTH = 0.4


def pseudo(text: str) -> str:
    """`Join` as `[Ĵöîñ·····]`: accented, 40 % longer, bracketed; placeholders kept."""
    accented = "".join(
        piece if _PIECES.fullmatch(piece) else piece.translate(_ACCENTED) for piece in _PIECES.split(text)
    )
    shown = len(PLACEHOLDER.sub("", text))
    return "[" + accented + "·" * max(1, round(shown * PSEUDO_GROWTH)) + "]"


def _pseudo() -> Translator:
    messages: dict[str, str | tuple[str, ...]] = {}
    for m in _template():
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            messages[str(m.id[0])] = (pseudo(m.id[0]), pseudo(m.id[1]))
        else:
            messages[str(m.id)] = pseudo(m.id)
    count, rule = _plural_rule(SOURCE_LOCALE)
    return Translator(Locale.parse(SOURCE_LOCALE), PSEUDO_LOCALE, messages, rule, count)


def system_language(environ: Mapping[str, str] = os.environ) -> str:
    """The catalogue code for the system's language, as gettext reads it: the first of
    LC_ALL, LC_MESSAGES and LANG that is set (`de_DE.UTF-8`); English for C or POSIX,
    or when none fits."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name, "").strip():
            tag = value.split(".")[0].split("@")[0]
            return SOURCE_LOCALE if tag in ("C", "POSIX") else negotiate(tag)
    return SOURCE_LOCALE


def speaks(tag: str) -> bool:
    """Whether a language tag (a deck's `language`) has a catalogue: English does, and
    each language negotiated to one."""
    return tag.replace("_", "-").split("-")[0].lower() == SOURCE_LOCALE or negotiate(tag) != SOURCE_LOCALE


# -- which language a browser asks for ------------------------------------------------

_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")
# Chinese written in traditional characters: not the Simplified catalogue's reader.
_TRADITIONAL = {"hant", "tw", "hk", "mo"}
MAX_HEADER = 500  # an Accept-Language longer than this is not a browser's
NEGOTIATIONS_KEPT = 1024


def _wanted(header: str) -> list[str]:
    """The header's language ranges, most wanted first (q=0 left out)."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        match = _RANGE.match(part)
        if not match:
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if quality > 0:
            ranked.append((-quality, position, match.group(1)))
    return [tag for _, _, tag in sorted(ranked)]


def _match(tag: str, codes: dict[str, str]) -> str | None:
    parts = [p.lower() for p in tag.replace("_", "-").split("-")]
    whole = "_".join(parts)
    if whole in codes:
        return codes[whole]
    language = parts[0]
    if language == "zh" and _TRADITIONAL & set(parts[1:]):
        return None
    # pt-PT reads pt-BR; zh-CN, zh-SG and zh-Hans read zh-Hans.
    return next((code for key, code in codes.items() if key.split("_")[0] == language), None)


def negotiate(header: str | None, pseudo_allowed: bool = True) -> str:
    """The catalogue code for an `Accept-Language` header (or a page's own choice, sent
    as one): the first language wanted that Facilitator speaks, else English. The
    pseudo-locale only when asked for by name."""
    return _negotiated((header or "")[:MAX_HEADER], pseudo_allowed)


# Headers come from anyone on the network: the answers kept are bounded, a room's few
# browsers' all among them.
@lru_cache(maxsize=NEGOTIATIONS_KEPT)
def _negotiated(header: str, pseudo_allowed: bool) -> str:
    codes = {code.lower(): code for code in language_codes()}
    for tag in _wanted(header):
        if tag == "*":
            break
        if pseudo_allowed and tag.replace("-", "_").lower() == PSEUDO_LOCALE.lower():
            return PSEUDO_LOCALE
        found = _match(tag, codes)
        if found:
            return found
    return SOURCE_LOCALE

