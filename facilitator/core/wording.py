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


def duration_words(minutes: float) -> str:
    """"55 minutes", "1 hour", "1 hour 30 minutes": to the nearest minute, never as a
    fraction of an hour ("0.92 hours" reads as a sum, not as a time)."""
    if minutes < 0:
        raise ValueError(f"a duration cannot be negative: {minutes!r}")
    hours, rest = divmod(int(minutes + 0.5), 60)
    parts = [plural(hours, "hour")] if hours else []
    if rest or not hours:
        parts.append(plural(rest, "minute"))
    return " ".join(parts)
