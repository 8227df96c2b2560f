"""How much of a session each attendee was there for, and the organiser's minimum.

What "present" means, from what the store knows of a phone: it was present from the
moment it joined until it was last seen. A phone is seen whenever it asks the server
anything, and while its page is open it keeps the session's event stream open, whose
keep-alive (every 15 s) counts as being seen; the store refreshes `last_seen_at` at most
once a minute (session.LAST_SEEN_RESOLUTION), so a phone last seen at 10:41 may have been
there until 10:42, and is counted so. A phone that slept in the middle and came back
counts as present throughout: join and last seen are all there is. A phone closed for
good counts until it was last seen, so someone who joined in the last minute is present
for about a minute, whatever a certificate would say.
"""

from __future__ import annotations

from dataclasses import dataclass

from .session import LAST_SEEN_RESOLUTION
from .translation import Message, plural_message
from .store import Attendee, SessionRecord


@dataclass(frozen=True)
class Presence:
    """An attendee's time in a session, in seconds."""

    present: float
    session: float

    @property
    def percent(self) -> float:
        return 100.0 * self.present / self.session if self.session > 0 else 100.0

    def meets(self, minimum_percent: int) -> bool:
        # Whole minutes as printed: 54.6 of 55 minutes reads as "55 of 55", and meets 100 %.
        return round(self.percent) >= minimum_percent

    def describe(self) -> Message:
        """`present for 12 of 55 minutes (22 %)`, for a window to say in its language."""
        return plural_message("present for {present} of {count} minute ({percent} %)",
                              "present for {present} of {count} minutes ({percent} %)",
                              round(self.session / 60), present=round(self.present / 60),
                              percent=round(self.percent))


def presence_of(attendee: Attendee, session: SessionRecord, now: float) -> Presence:
    """`attendee`'s presence in `session`, which runs from its start until its end (or
    `now`, while it runs)."""
    end = session.ended_at if session.ended_at is not None else now
    start = session.started_at
    arrived = max(attendee.joined_at, start)
    left = min(attendee.last_seen_at + LAST_SEEN_RESOLUTION, end)
    return Presence(present=max(0.0, left - arrived), session=max(0.0, end - start))
