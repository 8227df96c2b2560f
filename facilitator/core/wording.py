"""How counts and dates read wherever people see them: on screen, on paper, in a
terminal. In English and the same whatever the machine's locale, since a certificate
printed on one laptop must match the records of another."""

from __future__ import annotations

import datetime

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
