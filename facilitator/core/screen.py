"""What the projector shows around the slide: blanked or not, the join bar or not."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Blank(Enum):
    """What the projector shows instead of the slide, if anything."""

    NONE = "none"
    BLACK = "black"
    WHITE = "white"


@dataclass(frozen=True)
class Screen:
    """What the projector shows around the slide, as the trainer set it.

    Kept in memory, not in the store: a session resumed after a crash or a restart
    shows its slide and the join bar again, since a projector left black would look
    like an app that failed to start, and a restart is when phones need to join again.
    """

    blank: Blank = Blank.NONE
    join_bar: bool = True  # while the session takes joins: address, code, small QR
