"""A poll's results in the one shape every view renders, built once per change.

The projector, the presenter's panel, the phones, the trainer remote and the handout all
show a `PollResults`: none of them counts or reshapes answers itself, so none of them can
disagree with another. What each view leaves out (results before the reveal, a quiz's
correct answer) is the view's choice; the numbers are the same everywhere.

A session's results are kept until its next change: any event it publishes forgets
them (events go out under the store lock, right after the commit, so no reader sees
results older than the store).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .exercise import Exercise, Kind
from .tally import LeaderboardEntry, Tally

if TYPE_CHECKING:
    from .events import SessionEvent
    from .session import LiveSession

# The top quiz scores any view shows (the projector shows fewer).
LEADERBOARD_SIZE = 10


@dataclass(frozen=True)
class PollResults:
    """One exercise's poll as it stands: whether it runs, how many took part, the counts."""

    exercise: Exercise  # as it was asked
    open: bool
    revealed: bool
    responses: int  # attendees who answered; on a board, who posted a post still shown
    tally: Tally | None  # None until the poll is opened
    leaderboard: tuple[LeaderboardEntry, ...] = ()  # a quiz's top scores, else empty

    @property
    def kind(self) -> Kind:
        return self.exercise.kind

    def for_the_room(self) -> "PollResults":
        """What attendees may see now: the counts only once they are revealed."""
        return self if self.revealed else replace(self, tally=None, leaderboard=())


def not_opened(exercise: Exercise) -> PollResults:
    """The results of an exercise whose poll has not been opened yet: none."""
    return PollResults(exercise, open=False, revealed=False, responses=0, tally=None)


class SessionResults:
    """Every poll's results of one session, built when first asked after a change."""

    def __init__(self, session: "LiveSession"):
        self._session = session
        self._built: dict[int, PollResults] = {}
        self._leaderboard: tuple[LeaderboardEntry, ...] | None = None
        session.events.subscribe(self._forget)

    def _forget(self, event: "SessionEvent") -> None:
        self._built.clear()
        self._leaderboard = None

    def leaderboard(self) -> tuple[LeaderboardEntry, ...]:
        """Every quiz score of the session, ranked: once per change, however many phones
        then ask where they stand."""
        with self._session.store.lock:
            if self._leaderboard is None:
                self._leaderboard = tuple(self._session.leaderboard())
            return self._leaderboard

    def of_poll(self, poll_id: int) -> PollResults:
        session = self._session
        with session.store.lock:
            built = self._built.get(poll_id)
            if built is None:
                poll = session.poll(poll_id)
                exercise = session.exercise_of(poll)
                tally = session.tally(poll_id)
                built = PollResults(
                    exercise,
                    open=poll.is_open,
                    revealed=poll.revealed,
                    responses=tally.responses,
                    tally=tally,
                    leaderboard=self.leaderboard()[:LEADERBOARD_SIZE]
                    if exercise.kind is Kind.QUIZ else (),
                )
                self._built[poll_id] = built
            return built

    def of_exercise(self, exercise_id: str) -> PollResults:
        """The results of the poll that asks this exercise of the workshop, if any yet."""
        session = self._session
        poll = session.poll_for_exercise(exercise_id)
        if poll is None:
            return not_opened(session.workshop.exercises[exercise_id])
        return self.of_poll(poll.id)
