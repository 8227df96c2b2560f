"""Where the trainer stands against the plan: the presenter's clocks and their colour.

As in reveal.js's pacing: the plan says when each slide should start (the planned
minutes of the slides before it); being on a slide later than that means running late.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .deck import Deck

# Within this much of the plan counts as on time; past twice as much, clearly late.
ON_TIME_SECONDS = 60.0


class Pace(Enum):
    AHEAD = "ahead"
    ON_TIME = "on time"
    LATE = "late"
    VERY_LATE = "very late"


@dataclass(frozen=True)
class Pacing:
    elapsed: float  # seconds since the session started
    remaining: float  # seconds left of the deck's duration (negative once over)
    slide_planned: float | None  # seconds planned for the current slide
    slide_actual: float  # seconds spent on it so far, all visits together
    behind: float  # seconds behind the plan (negative: ahead)

    @property
    def pace(self) -> Pace:
        if self.behind < -ON_TIME_SECONDS:
            return Pace.AHEAD
        if self.behind <= ON_TIME_SECONDS:
            return Pace.ON_TIME
        return Pace.LATE if self.behind <= 2 * ON_TIME_SECONDS else Pace.VERY_LATE


def pacing(deck: Deck, slide: int, elapsed: float, seconds_per_slide: dict[int, float],
           slide_elapsed: float) -> Pacing:
    """The pacing on `slide`, entered `slide_elapsed` seconds ago, `elapsed` into the session."""
    planned = [(s.minutes or 0) * 60 for s in deck.slides]
    due_to_start = sum(planned[:slide])
    due_to_end = due_to_start + planned[slide]
    started = elapsed - slide_elapsed
    # Late: this slide began after its planned start, or is still up past its planned end.
    behind = max(started - due_to_start, elapsed - due_to_end)
    current = deck.slides[slide]
    return Pacing(
        elapsed=elapsed,
        remaining=deck.duration * 60 - elapsed,
        slide_planned=current.minutes * 60 if current.minutes else None,
        slide_actual=seconds_per_slide.get(slide, 0.0),
        behind=behind,
    )


def clock_text(seconds: float) -> str:
    """Minutes and seconds, as a clock: 3:07, 63:00, -1:30."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"
