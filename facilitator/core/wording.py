"""How counts and dates read wherever people see them: on screen, on paper, in a
terminal. In the language asked for (a Translator), never the machine's locale, since a
certificate printed on one laptop must match the records of another; English when none
is asked for."""

from __future__ import annotations

import datetime

from facilitator.core.translation import SOURCE_LOCALE, Translator, translator

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 vote", "3 votes", "2 people"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def format_date(day: datetime.date) -> str:
    """"12 March 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_words(day: datetime.date, words: Translator | None = None) -> str:
    """The day as the reader's language writes it in full: "12 March 2026" in English
    (the records' form), "1. Dezember 2026", "2026年12月1日" (CLDR's long date)."""
    if words is None or words.code.startswith(SOURCE_LOCALE):
        return format_date(day)
    return words.date(day)


def duration_words(minutes: float, words: Translator | None = None) -> str:
    """"55 minutes", "1 hour", "1 hour 30 minutes" (or in the language of `words`, with
    its plural rules): to the nearest minute, never as a fraction of an hour ("0.92
    hours" reads as a sum, not as a time)."""
    if minutes < 0:
        raise ValueError(f"a duration cannot be negative: {minutes!r}")
    said = words or translator(SOURCE_LOCALE)
    _, ngettext = said.text, said.plural_text
    hours, rest = divmod(int(minutes + 0.5), 60)
    shown_hours = ngettext("{count} hour", "{count} hours", hours)
    shown_minutes = ngettext("{count} minute", "{count} minutes", rest)
    if not hours:
        return shown_minutes
    if not rest:
        return shown_hours
    return _("{hours} {minutes}", hours=shown_hours, minutes=shown_minutes)
