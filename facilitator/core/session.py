"""The session state machine: the single source of truth of a workshop being run.

The presenter window, the projector, the phones and the trainer remote are all views and
controllers of one `LiveSession`. Each action checks the rules first (raising a
`DomainError` that changes nothing), commits its writes in one transaction, then
publishes what changed. Everything lives in the store, so a session resumed after a crash
is exactly where it was.
"""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import Any, Iterator

from .clock import Clock, SystemClock
from .errors import DomainError, InvalidInput, NotAllowed, NotFound, StorageFault
from .events import (
    AttendeeJoined, AttendeeRenamed, CommitmentMade, EventHub, ItemChanged, ItemPosted, JoinBarShown,
    PollClosed, PollOpened, ProjectorBlanked, ResponseRecorded, ResultPageTurned, ResultsRevealed,
    SessionEnded,
    SessionEvent, SlideChanged, StepShown, WorkshopReloaded,
)
from .exercise import BoardExercise, Exercise, Kind, QuizExercise, exercise_from_dict
from .health import StoreHealth
from .results import SessionResults
from .screen import Blank, Screen
from .store import Attendee, Commitment, Item, PollRecord, ResponseRecord, SessionRecord, Store
from .tally import LeaderboardEntry, Tally, leaderboard, standing, tally
from .text import clean_text, fold
from .translation import Message
from .workshop import Workshop

MAX_NAME_LENGTH = 80
MAX_COMMITMENT_LENGTH = 200  # one sentence, as a phone's box and a handout's line hold it
MAX_DUE_LENGTH = 40  # "by Friday 12 December", "next week"
MAX_POSTS_PER_POLL = 20  # per attendee: enough for a brainstorm, not enough to flood it
# Time allowed past a quiz's limit for the answer's trip over the room's Wi-Fi.
QUIZ_GRACE_SECONDS = 1.0
# How stale an attendee's "last seen" may get before a request refreshes it; writing it
# on every request would cost a commit per poll of the phone.
LAST_SEEN_RESOLUTION = 60.0

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed
CODE_LENGTH = 5
_JOIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Answer:
    """An attendee's answer to record, as `LiveSession.respond_all` takes them."""

    token: str
    poll_id: int
    answer: Any


@dataclass(frozen=True)
class SessionState:
    """Everything a screen needs to draw the session as it is now."""

    session_id: int
    title: str
    code: str
    current_slide: int
    slide_count: int
    attendees: int
    open_poll: PollRecord | None
    ended: bool
    screen: Screen


@dataclass(frozen=True)
class BoardCounts:
    """How many items a board holds, and how many attendees posted them."""

    shown: int
    hidden: int
    # Attendees with at least one post not hidden: a hidden post does not count its
    # author, on any screen (as tally.posters).
    shown_authors: int


class LiveSession:
    """One run of a workshop. Thread-safe: the UI and the phone server share it."""

    def __init__(self, store: Store, workshop: Workshop, record: SessionRecord, clock: Clock):
        self.store = store
        self.workshop = workshop
        self.clock = clock
        self.id = record.id
        self.code = record.code
        self.trainer_secret = record.trainer_secret
        self.events = EventHub()
        # First to hear of each change, so no view is handed the results from before it.
        self.results = SessionResults(self)
        self._asked: dict[int, Exercise] = {}  # poll id -> exercise as asked
        self._screen = Screen()
        self._load()

    def _load(self) -> None:
        """Mirror in memory what every request reads, so that a vote costs one query.

        The store stays the truth: the mirror is filled from it at start, updated after
        each of this object's own writes, and filled again if a write fails. One
        LiveSession per session and process is the rule that keeps it true.
        """
        record = self.store.session(self.id)
        self._slide = record.current_slide
        self._ended = record.ended
        self._polls = {p.id: p for p in self.store.polls(self.id)}
        self._attendees: dict[str, Attendee] = {}  # by token, filled as phones show up
        self._attendee_count = self.store.attendee_count(self.id)
        # poll id -> attendee id -> their response; filled per poll on first use.
        self._responses: dict[int, dict[int, ResponseRecord]] = {}

    # -- starting and resuming -------------------------------------------------------

    @classmethod
    def start(cls, store: Store, workshop: Workshop, clock: Clock | None = None) -> "LiveSession":
        clock = clock or SystemClock()
        now = clock.now()
        with store.transaction():
            workshop_id = store.workshop_id(str(workshop.deck.path.resolve()), workshop.title, now)
            code = _new_code(store)
            session_id = store.create_session(
                workshop_id, workshop.title, code, secrets.token_urlsafe(32), now
            )
            store.set_current_slide(session_id, 0, now)
        return cls(store, workshop, store.session(session_id), clock)

    @classmethod
    def resume(
        cls, store: Store, workshop: Workshop, session_id: int, clock: Clock | None = None
    ) -> "LiveSession":
        record = store.session(session_id)
        if record is None:
            raise NotFound(Message("there is no session {id}", id=str(session_id)))
        clock = clock or SystemClock()
        # The deck may have lost slides since; stay on a slide that exists.
        last = len(workshop.deck.slides) - 1
        if record.current_slide > last:
            with store.transaction():
                store.set_current_slide(session_id, last, clock.now())
        return cls(store, workshop, record, clock)

    # -- reading ---------------------------------------------------------------------

    @property
    def record(self) -> SessionRecord:
        return self.store.session(self.id)

    @property
    def health(self) -> StoreHealth:
        """Whether saving works, and who hears when that changes (a window shows it)."""
        return self.store.health

    def state(self) -> SessionState:
        with self.store.lock:
            return SessionState(
                session_id=self.id,
                title=self.workshop.title,
                code=self.code,
                current_slide=self._slide,
                slide_count=len(self.workshop.deck.slides),
                attendees=self._attendee_count,
                open_poll=self.poll_now_open(),
                ended=self._ended,
                screen=self._screen,
            )

    @property
    def current_slide(self) -> int:
        return self._slide

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def screen(self) -> Screen:
        return self._screen

    def polls(self) -> list[PollRecord]:
        with self.store.lock:
            return sorted(self._polls.values(), key=lambda p: p.id)

    def poll_now_open(self) -> PollRecord | None:
        return next((p for p in self.polls() if p.is_open), None)

    def poll(self, poll_id: int) -> PollRecord:
        poll = self._polls.get(poll_id) if isinstance(poll_id, int) else None
        if poll is None:
            raise NotFound(Message("there is no poll {id} in this session", id=str(poll_id)))
        return poll

    def poll_for_exercise(self, exercise_id: str) -> PollRecord | None:
        return next((p for p in self.polls() if p.exercise_id == exercise_id), None)

    def poll_on_slide(self, index: int | None = None) -> PollRecord | None:
        """The poll of the exercise a slide runs (by default the current one), if opened yet."""
        slide = self.workshop.deck.slides[self._slide if index is None else index]
        return self.poll_for_exercise(slide.exercise_id) if slide.exercise_id else None

    def exercise_of(self, poll: PollRecord) -> Exercise:
        """The exercise as it was asked (kept with the poll, whatever the file says now)."""
        if poll.id not in self._asked:
            self._asked[poll.id] = exercise_from_dict(poll.definition)
        return self._asked[poll.id]

    def attendees(self) -> list[Attendee]:
        return self.store.attendees(self.id)

    def attendee(self, token: str) -> Attendee:
        if not isinstance(token, str):
            raise NotFound(Message("unknown attendee: join the session first"))
        with self.store.lock:
            attendee = self._attendees.get(token)
            if attendee is None:
                attendee = self.store.attendee_by_token(token)
                if attendee is None or attendee.session_id != self.id:
                    raise NotFound(Message("unknown attendee: join the session first"))
                self._attendees[token] = attendee
            return attendee

    def tally(self, poll_id: int) -> Tally:
        with self.store.lock:
            poll = self.poll(poll_id)
            exercise = self.exercise_of(poll)
            if isinstance(exercise, BoardExercise):
                return tally(exercise, [], self.store.items(poll_id))
            return tally(exercise, self.store.answer_counts(poll_id), [])

    def _responses_to(self, poll_id: int) -> dict[int, ResponseRecord]:
        with self.store.lock:
            if poll_id not in self._responses:
                responses = self.store.responses(self.poll(poll_id).id)
                self._responses[poll_id] = {r.attendee_id: r for r in responses}
            return self._responses[poll_id]

    def response_count(self, poll_id: int) -> int:
        """How many attendees answered the poll; on a board, how many posted what it shows."""
        if isinstance(self.exercise_of(self.poll(poll_id)), BoardExercise):
            return self.board_counts(poll_id).shown_authors
        return len(self._responses_to(poll_id))

    def response_of(self, token: str, poll_id: int) -> ResponseRecord | None:
        return self._responses_to(poll_id).get(self.attendee(token).id)

    def items(self, poll_id: int, *, include_hidden: bool = False) -> list[Item]:
        self.poll(poll_id)
        return [i for i in self.store.items(poll_id) if include_hidden or not i.hidden]

    def top_items(
        self, poll_id: int, limit: int, *, hidden: bool = False, after_id: int | None = None
    ) -> list[Item]:
        """Up to `limit` of a board's visible items (or its hidden ones), most upvoted
        first, from the top or from just after item `after_id` in that order."""
        self.poll(poll_id)
        after = None
        if after_id is not None:
            after = self._item(after_id)
            if after.poll_id != poll_id or after.hidden != hidden:
                raise NotFound(Message("there is no item {id} on this board", id=str(after_id)))
        return self.store.top_items(poll_id, limit, hidden=hidden, after=after)

    def newest_items(self, poll_id: int, limit: int) -> list[Item]:
        """The last `limit` items posted on a board, hidden ones too, newest first."""
        self.poll(poll_id)
        return self.store.newest_items(poll_id, limit)

    def board_counts(self, poll_id: int) -> "BoardCounts":
        self.poll(poll_id)
        return BoardCounts(*self.store.item_counts(poll_id))

    def changed_items(self, item_ids: list[int]) -> list[Item]:
        """These items as they are now (those of other sessions are left out)."""
        return [i for i in self.store.items_by_ids(item_ids) if i.poll_id in self._polls]

    def posts_by(self, token: str, poll_id: int) -> list[Item]:
        """An attendee's own posts on a board."""
        return self.store.items_by(self.poll(poll_id).id, self.attendee(token).id)

    def upvoted_by(self, token: str, poll_id: int, limit: int | None = None) -> list[Item]:
        """The items of a board an attendee has upvoted, the latest first."""
        return self.store.upvoted_by(self.poll(poll_id).id, self.attendee(token).id, limit)

    def leaderboard(self, limit: int | None = None) -> list[LeaderboardEntry]:
        entries = leaderboard(self.store.quiz_scores(self.id))
        return entries[:limit] if limit is not None else entries

    def standing_of(self, token: str) -> LeaderboardEntry:
        """This attendee's place on the quiz leaderboard, whether or not they answered."""
        return standing(self.results.leaderboard(), self.attendee(token))

    def seconds_per_slide(self) -> dict[int, float]:
        return self.store.seconds_per_slide(self.id, self.clock.now())

    def slide_elapsed(self) -> float:
        entered = self.store.slide_entered_at(self.id)
        return self.clock.now() - entered if entered is not None else 0.0

    def elapsed(self) -> float:
        record = self.record
        end = record.ended_at if record.ended_at is not None else self.clock.now()
        return end - record.started_at

    # -- changing --------------------------------------------------------------------

    @contextmanager
    def _change(self, *, allow_ended: bool = False) -> Iterator[list[SessionEvent]]:
        """Check, write and publish as one step: the events go out after the commit.

        The store lock is held throughout, so two threads never interleave their
        checks and writes, and subscribers hear of changes in the order they happened.
        """
        with self.store.lock:
            events: list[SessionEvent] = []
            if not allow_ended and self._ended:
                raise NotAllowed(Message("the session has ended"))
            try:
                with self.store.transaction():
                    yield events
            except DomainError:
                raise  # refused before anything was written
            except BaseException:
                self._load()
                raise
            for event in events:
                self.events.publish(event)

    def reload(self, workshop: Workshop) -> None:
        """Carry on with an edited deck: same slide (or the last one left), same polls.

        Polls already run keep the exercise as it was asked; the edit applies to the
        ones still to come.
        """
        with self._change(allow_ended=True) as events:
            self.workshop = workshop
            last = len(workshop.deck.slides) - 1
            if self._slide > last:
                self.store.set_current_slide(self.id, last, self.clock.now())
                self._slide = last
            # The edit may have taken pages out of the slide shown.
            self._screen = replace(self._screen, step=min(self._screen.step, self._steps(self._slide) - 1))
            events.append(WorkshopReloaded(self.id))

    def go_to_slide(self, index: int, *, last_step: bool = False) -> None:
        """Show slide `index` from its first page, or (`last_step`) its last one, as
        "previous" arrives at a slide of several pages."""
        slides = len(self.workshop.deck.slides)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < slides:
            raise NotFound(Message("there is no slide {index}; the deck has slides 0 to {last}", index=str(index),
                                   last=str(slides - 1)))
        with self._change() as events:
            if index == self._slide:
                return
            self.store.set_current_slide(self.id, index, self.clock.now())
            self._slide = index
            step = self._steps(index) - 1 if last_step else 0
            # Laid out anew; the page shown is in memory only, as the blank screen is.
            self._screen = replace(self._screen, result_page=0, result_pages=1, step=step)
            events.append(SlideChanged(self.id, index))

    def next_slide(self) -> None:
        self.go_to_slide(min(self.current_slide + 1, len(self.workshop.deck.slides) - 1))

    def previous_slide(self) -> None:
        self.go_to_slide(max(self.current_slide - 1, 0), last_step=True)

    def _steps(self, index: int) -> int:
        """How many pages slide `index` shows in turn (1 for a slide Facilitator draws)."""
        return max(len(self.workshop.deck.slides[index].pages), 1)

    def turn_step(self, step: int) -> bool:
        """Show the current slide's page `step` pages on (or back); False, and nothing
        changes, when the slide has no such page."""
        with self.store.lock:
            shown, steps = self._screen.step + step, self._steps(self._slide)
            if not 0 <= shown < steps:
                return False
            self._screen = replace(self._screen, step=shown)
            self.events.publish(StepShown(self.id, shown, steps))
            return True

    def open_poll_for(self, exercise_id: str | None = None) -> PollRecord:
        """Open the exercise's poll (by default the current slide's), closing any other.

        Opening an open poll changes nothing. A closed poll opens again with its answers
        kept, except a quiz question: it is asked once.
        """
        with self._change() as events:
            if exercise_id is None:
                exercise_id = self.workshop.deck.slides[self._slide].exercise_id
                if exercise_id is None:
                    raise NotAllowed(Message("this slide runs no exercise"))
            exercise = self.workshop.exercises.get(exercise_id)
            if exercise is None:
                raise NotFound(Message("the workshop has no exercise {id}", id=repr(exercise_id)))
            poll = self.poll_for_exercise(exercise_id)
            if poll is not None and poll.is_open:
                return poll
            if poll is not None and isinstance(self.exercise_of(poll), QuizExercise):
                raise NotAllowed(Message("a quiz question is asked once: it cannot be opened again"))
            now = self.clock.now()
            other = self.poll_now_open()
            if other is not None:
                self.store.close_poll(other.id, now)
                self._refresh_poll(other.id)
                events.append(PollClosed(self.id, other.id))
            if poll is None:
                poll_id = self.store.create_poll(
                    self.id, exercise_id, exercise.kind.value, exercise.to_dict(), self._slide, now
                )
            else:
                poll_id = poll.id
                self.store.reopen_poll(poll_id)
            events.append(PollOpened(self.id, poll_id, exercise_id))
            return self._refresh_poll(poll_id)

    def _refresh_poll(self, poll_id: int) -> PollRecord:
        self._polls[poll_id] = poll = self.store.poll(poll_id)
        return poll

    def close_poll(self, poll_id: int | None = None) -> None:
        """Close a poll (by default the open one). Closing a closed poll changes nothing."""
        with self._change() as events:
            poll = self.poll(poll_id) if poll_id is not None else self.poll_now_open()
            if poll is None or not poll.is_open:
                return
            self.store.close_poll(poll.id, self.clock.now())
            self._refresh_poll(poll.id)
            events.append(PollClosed(self.id, poll.id))

    def reveal_results(self, poll_id: int | None = None, revealed: bool = True) -> None:
        """Show (or hide again) a poll's results on the projector and the phones.

        By default the poll of the current slide's exercise.
        """
        with self._change() as events:
            poll = self.poll(poll_id) if poll_id is not None else self.poll_on_slide()
            if poll is None:
                raise NotAllowed(Message("open this slide's poll before showing its results"))
            if poll.revealed == revealed:
                return
            self.store.set_revealed(poll.id, revealed)
            self._refresh_poll(poll.id)
            events.append(ResultsRevealed(self.id, poll.id, revealed))

    def quiz_deadline(self, poll: PollRecord) -> float | None:
        """When time is up on a timed quiz while it is open (the moment every countdown
        counts to: phones, remote, projector, presenter); None for any other poll."""
        exercise = self.exercise_of(poll)
        if not poll.is_open or not isinstance(exercise, QuizExercise) or exercise.time_limit is None:
            return None
        return poll.opened_at + exercise.time_limit

    def close_expired_quizzes(self) -> list[int]:
        """Close quiz polls whose time is up; the UI and server call this on a timer."""
        closed = []
        poll = self.poll_now_open()
        deadline = self.quiz_deadline(poll) if poll is not None else None
        if deadline is not None and self.clock.now() > deadline + QUIZ_GRACE_SECONDS:
            self.close_poll(poll.id)
            closed.append(poll.id)
        return closed

    # -- the projector -----------------------------------------------------------------

    def set_blank(self, blank: Blank) -> None:
        """Blank the projector (black or white) or show the slide again (Blank.NONE).
        Also once the session has ended: the trainer may still want the room dark."""
        if not isinstance(blank, Blank):
            raise InvalidInput(Message("the projector is blanked with a Blank, not {value}", value=repr(blank)))
        with self.store.lock:  # nothing to write: the lock keeps the events in order
            if blank is self._screen.blank:
                return
            self._screen = replace(self._screen, blank=blank)
            self.events.publish(ProjectorBlanked(self.id, blank))

    def show_join_bar(self, shown: bool) -> None:
        """Show or hide the join bar (address, code, QR) on every slide."""
        if not isinstance(shown, bool):
            raise InvalidInput(Message("the join bar is shown with True or False, not {value}", value=repr(shown)))
        with self.store.lock:
            if shown == self._screen.join_bar:
                return
            self._screen = replace(self._screen, join_bar=shown)
            self.events.publish(JoinBarShown(self.id, shown))

    def lay_out_results(self, slide: int, pages: int) -> None:
        """The projector laid out slide `slide`'s results in `pages` pages. Heard only for
        the current slide (the deck may have moved on since); the page shown stays within them."""
        if isinstance(pages, bool) or not isinstance(pages, int) or pages < 1:
            raise InvalidInput(Message("results are laid out in one page or more, not {value}", value=repr(pages)))
        with self.store.lock:
            if slide != self._slide or pages == self._screen.result_pages:
                return
            page = min(self._screen.result_page, pages - 1)
            self._screen = replace(self._screen, result_page=page, result_pages=pages)
            self.events.publish(ResultPageTurned(self.id, page, pages))

    def turn_result_page(self, step: int) -> bool:
        """Show the current slide's results `step` pages on (or back); False, and nothing
        changes, when they have no such page."""
        with self.store.lock:
            page = self._screen.result_page + step
            if not 0 <= page < self._screen.result_pages:
                return False
            self._screen = replace(self._screen, result_page=page)
            self.events.publish(ResultPageTurned(self.id, page, self._screen.result_pages))
            return True

    def end(self) -> None:
        with self._change() as events:
            poll = self.poll_now_open()
            now = self.clock.now()
            if poll is not None:
                self.store.close_poll(poll.id, now)
                self._refresh_poll(poll.id)
                events.append(PollClosed(self.id, poll.id))
            self.store.end_session(self.id, now)
            self._ended = True
            events.append(SessionEnded(self.id))

    # -- attendees -------------------------------------------------------------------

    def join(self, name: str, join_key: str | None = None) -> Attendee:
        """Add an attendee under the name to print on their certificate.

        A phone sends the same `join_key` with every Join of one page: a repeat (a second
        tap, a retry whose first answer was lost) is the attendee the first one made.
        """
        name = clean_text(name, what=Message("your name"), max_length=MAX_NAME_LENGTH, field="name")
        if join_key is not None and not (isinstance(join_key, str) and _JOIN_KEY.fullmatch(join_key)):
            raise InvalidInput(Message("the join key must be 1 to 64 letters, digits, - or _"), field="join_key")
        with self._change() as events:
            if join_key is not None and (same := self.store.attendee_by_join_key(self.id, join_key)):
                return same
            attendee = self.store.add_attendee(
                self.id, name, secrets.token_urlsafe(24), self.clock.now()
            )
            if join_key is not None:
                self.store.add_join_key(self.id, join_key, attendee.id)
            self._attendees[attendee.token] = attendee
            self._attendee_count += 1
            events.append(AttendeeJoined(self.id, attendee.id, self._attendee_count))
            return attendee

    def rename_attendee(self, attendee_id: int, name: str) -> None:
        """Correct a name's spelling (by the attendee or the organizer), even after the end."""
        name = clean_text(name, what=Message("the name"), max_length=MAX_NAME_LENGTH, field="name")
        with self._change(allow_ended=True) as events:
            attendee = self.store.attendee(attendee_id)
            if attendee is None or attendee.session_id != self.id:
                raise NotFound(Message("there is no attendee {id} in this session", id=str(attendee_id)))
            if attendee.name == name:
                return
            self.store.rename_attendee(attendee_id, name)
            self._attendees.pop(attendee.token, None)
            events.append(AttendeeRenamed(self.id, attendee_id))

    def mark_seen(self, token: str) -> Attendee:
        """The attendee with this token, their last-seen time refreshed now and then."""
        attendee = self.attendee(token)
        now = self.clock.now()
        if now - attendee.last_seen_at >= LAST_SEEN_RESOLUTION:
            with self.store.lock, suppress(StorageFault):
                # Bookkeeping: a phone that only reads must not fail while saving does.
                self.store.touch_attendee(attendee.id, now)
                self._attendees[token] = attendee = replace(attendee, last_seen_at=now)
        return attendee

    def respond(self, token: str, poll_id: int, answer: Any) -> ResponseRecord:
        """Record an attendee's answer; committed before it returns.

        The same answer sent twice (a double tap, a retried request) is recorded once.
        An answer can change while the poll is open, except a quiz answer.
        """
        (result,) = self.respond_all([Answer(token, poll_id, answer)])
        if isinstance(result, Exception):
            raise result
        return result

    def respond_all(self, answers: list["Answer"]) -> list[ResponseRecord | Exception]:
        """Record many answers with one commit (a burst of votes from a full room).

        Each answer is checked and written on its own, in a savepoint of the one
        transaction: a refused answer comes back as its DomainError, an answer whose
        write failed for any other reason comes back as that error, and neither changes
        anything. All the others are committed before this returns.
        """
        results: list[ResponseRecord | Exception] = []
        try:
            with self._change() as events:
                for answer in answers:
                    results.append(self._record_alone(answer, events))
        except DomainError as error:  # the session has ended: nothing was checked
            return [error] * len(answers)
        return results

    def _record_alone(self, answer: "Answer", events: list[SessionEvent]) -> ResponseRecord | Exception:
        """One answer of a batch, so that nothing one phone sends can fail the others'.

        The mirror and the events learn of the answer only once its savepoint is
        released; a failure rolls back this answer's writes alone.
        """
        try:
            with self.store.savepoint():
                response, changed = self._record(answer)
        except Exception as error:
            if not self.store.in_transaction:
                raise  # SQLite gave up the whole transaction (a full disk, say)
            return error
        if changed:
            responses = self._responses_to(response.poll_id)
            responses[response.attendee_id] = response
            events.append(ResponseRecorded(self.id, response.poll_id, response.attendee_id, len(responses)))
        return response

    def _record(self, answer: "Answer") -> tuple[ResponseRecord, bool]:
        """Check an answer against the rules, then write it: the response, and whether
        it changed anything."""
        attendee = self.attendee(answer.token)
        poll = self.poll(answer.poll_id)
        exercise = self.exercise_of(poll)
        if not exercise.accepts_answers:
            raise InvalidInput(Message("{kind}: this exercise takes posts, not answers", kind=exercise.kind.label))
        if not poll.is_open:
            raise NotAllowed(Message("this poll is closed"))
        value = exercise.normalize_answer(answer.answer)
        previous = self._responses_to(poll.id).get(attendee.id)
        if previous is not None and previous.answer == value:
            return previous, False
        now = self.clock.now()
        score = elapsed = None
        if isinstance(exercise, QuizExercise):
            if previous is not None:
                raise NotAllowed(Message("quiz answers are final"))
            elapsed = now - poll.opened_at
            if exercise.time_limit is not None and elapsed > exercise.time_limit + QUIZ_GRACE_SECONDS:
                raise NotAllowed(Message("time is up for this question"))
            score = exercise.score(value, elapsed)
        response_id = self.store.save_response(poll.id, attendee.id, value, score, elapsed, now)
        return ResponseRecord(
            id=response_id, poll_id=poll.id, attendee_id=attendee.id,
            answer=value, score=score, elapsed=elapsed,
            submitted_at=previous.submitted_at if previous else now, updated_at=now,
        ), True

    # -- boards: ideas and questions -------------------------------------------------

    def post(self, token: str, poll_id: int, text: str, request_id: str | None = None) -> Item:
        """Post an idea or a question. A repeated request (same id, or same text) posts once."""
        if request_id is not None:
            # Made by the phone, never printed: any script will do.
            request_id = clean_text(
                request_id, what=Message("the request id"), max_length=64, field="request_id", printed=False
            )
        with self._change() as events:
            attendee = self.attendee(token)
            poll = self.poll(poll_id)
            exercise = self.exercise_of(poll)
            if not isinstance(exercise, BoardExercise):
                raise InvalidInput(Message("{kind}: this exercise takes answers, not posts", kind=exercise.kind.label))
            if not poll.is_open:
                raise NotAllowed(Message("this board is closed"))
            text = exercise.clean_post(text)
            if request_id is not None and (same := self.store.item_by_request(attendee.id, request_id)):
                return same
            mine = self.store.items_by(poll.id, attendee.id)
            if (same := next((i for i in mine if fold(i.text) == fold(text)), None)) is not None:
                return same
            if len(mine) >= MAX_POSTS_PER_POLL:
                raise NotAllowed(Message("you have posted {count} already, the most per board", count=MAX_POSTS_PER_POLL))
            item_id = self.store.add_item(poll.id, attendee.id, text, request_id, self.clock.now())
            events.append(ItemPosted(self.id, poll.id, item_id))
            return self.store.item(item_id)

    def _item(self, item_id: int) -> Item:
        item = self.store.item(item_id)
        if item is None or item.poll_id not in self._polls:
            raise NotFound(Message("there is no item {id} in this session", id=str(item_id)))
        return item

    def upvote(self, token: str, item_id: int, on: bool = True) -> Item:
        """Upvote someone else's idea or question (or take the upvote back), once each."""
        with self._change() as events:
            attendee = self.attendee(token)
            item = self._item(item_id)
            if item.hidden:
                raise NotFound(Message("there is no item {id} in this session", id=str(item_id)))
            if item.attendee_id == attendee.id:
                raise NotAllowed(Message("you cannot upvote your own post"))
            if not self.poll(item.poll_id).is_open:
                raise NotAllowed(Message("this board is closed"))
            if self.store.has_upvoted(item.id, attendee.id) == on:
                return item
            if on:
                self.store.add_upvote(item.id, attendee.id, self.clock.now())
            else:
                self.store.remove_upvote(item.id, attendee.id)
            events.append(ItemChanged(self.id, item.poll_id, item.id))
            return self.store.item(item.id)

    # -- commitments -----------------------------------------------------------------

    def commit_to(
        self, token: str, *, due: Any, action: Any = None, idea: Any = None,
    ) -> Commitment:
        """Record what an attendee will do next and by when: an `action` they typed, or
        the room's `idea` (an item id) they picked. It replaces their earlier one; it can
        be changed at any time, after the end too, and each handout they download shows
        it as it is then. Raises InvalidInput (and changes nothing) unless exactly one of
        the two is given and every text is fit to print."""
        if (action is None) == (idea is None):
            raise InvalidInput(Message("pick one of the room's ideas or type your own"), field="action")
        due = clean_text(due, what=Message("when you will do it"), max_length=MAX_DUE_LENGTH, field="due")
        if action is not None:
            action = clean_text(
                action, what=Message("what you will do"), max_length=MAX_COMMITMENT_LENGTH, field="action"
            )
        elif isinstance(idea, bool) or not isinstance(idea, int):
            raise InvalidInput(Message("the idea must be an item id"), field="idea")
        with self._change(allow_ended=True) as events:
            attendee = self.attendee(token)
            if idea is not None:
                item = self._item(idea)
                if item.hidden or self.exercise_of(self.poll(item.poll_id)).kind is not Kind.IDEAS:
                    raise NotFound(Message("there is no idea {id} in this session", id=str(idea)))
                action = item.text
            commitment = Commitment(
                attendee_id=attendee.id, session_id=self.id, action=action, due=due,
                item_id=idea, updated_at=self.clock.now(),
            )
            self.store.save_commitment(commitment)
            events.append(CommitmentMade(self.id, attendee.id))
            return commitment

    def commitment_of(self, attendee_id: int) -> Commitment | None:
        return self.store.commitment(attendee_id)

    def commitments(self) -> list[Commitment]:
        return self.store.commitments(self.id)

    def idea_polls(self) -> list[PollRecord]:
        """The session's idea boards, in the order they were opened."""
        return [p for p in self.polls() if self.exercise_of(p).kind is Kind.IDEAS]

    def moderate(self, item_id: int, *, hidden: bool | None = None, answered: bool | None = None) -> Item:
        """The trainer hides an item (from the projector, the phones and the handout) or
        marks a question answered."""
        with self._change(allow_ended=True) as events:
            item = self._item(item_id)
            new_hidden = item.hidden if hidden is None else hidden
            new_answered = item.answered if answered is None else answered
            if (new_hidden, new_answered) == (item.hidden, item.answered):
                return item
            self.store.set_item_flags(item.id, hidden=new_hidden, answered=new_answered)
            events.append(ItemChanged(self.id, item.poll_id, item.id))
            return self.store.item(item.id)


def _new_code(store: Store) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not store.code_in_use(code):
            return code
