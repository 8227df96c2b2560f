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
    # The page shown of the current slide's results, of the pages the projector laid
    # them out in (a long board, many statements): "next" turns them before the deck
    # moves on, from a key, a clicker or the remote alike. Only the projector knows how
    # many pages its text needs, so it tells the session (`lay_out_results`).
    result_page: int = 0
    result_pages: int = 1
    # Which of the current slide's pages shows (`Slide.pages`: a Beamer frame's
    # overlays); "next" shows each in turn before the deck moves on. 0 on a slide of one.
    step: int = 0
