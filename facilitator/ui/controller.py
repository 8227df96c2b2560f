"""What the trainer's keys, clicks and clicker do, and what the windows show after.

The controller holds no session state of its own: it asks the LiveSession (the blank
screen and the join bar too, which the remote also sets), then tells its views what to
show. Views are anything with the methods of
`PresenterView` / `AudienceView`, so the logic is tested against fakes and the widgets
apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum
from typing import Callable, Protocol

from PySide6.QtCore import QTimer

from facilitator.core import operations
from facilitator.core.deck import Layout
from facilitator.core.errors import DomainError, StorageFault
from facilitator.core.exercise import BoardExercise, Kind
from facilitator.core.pacing import Pacing, pacing
from facilitator.core.screen import Blank
from facilitator.core.session import LiveSession
from facilitator.core.store import Item, PollRecord

from .bridge import CountsChanged
from .render import JoinInfo, SlideScene, result_pages
from .words import _, refusal


class PollState(Enum):
    """Where the poll of the current slide stands (in words, for the live panel)."""

    NONE = "none"
    NOT_OPENED = "not opened"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class LiveStatus:
    """The presenter's live panel: who is here, and how the poll of this slide goes."""

    joined: int
    exercise_title: str | None  # the current slide's exercise, if it runs one
    poll_state: PollState
    revealed: bool
    responses: int
    items: tuple[Item, ...] = ()  # a board's posts, hidden ones included, for moderation
    is_board: bool = False
    is_questions: bool = False
    ended: bool = False  # no poll can be opened, closed or shown any more


class PresenterView(Protocol):
    def show_slides(self, current: SlideScene, following: SlideScene | None, number: int, count: int) -> None: ...
    def show_preview(self, preview: SlideScene | None) -> None: ...
    def show_countdown(self, seconds_left: int | None) -> None: ...
    def show_ended(self, ended_at: float, elapsed: float) -> None: ...
    def show_notes(self, notes: str) -> None: ...
    def show_notes_editable(self, editable: bool) -> None: ...
    def edit_notes(self, slide_index: int, notes: str) -> None: ...
    def stop_editing_notes(self) -> None: ...
    def show_notes_refused(self, reason: str) -> None: ...
    def show_live(self, status: LiveStatus) -> None: ...
    def show_pacing(self, pacing: Pacing) -> None: ...
    def show_blank(self, blank: Blank) -> None: ...
    def show_message(self, text: str) -> None: ...
    def show_problems(self, problems: list[str]) -> None: ...
    def show_storage(self, cause: str | None) -> None: ...


class AudienceView(Protocol):
    def show_scene(self, scene: SlideScene) -> None: ...


class PresenterController:
    def __init__(
        self, session: LiveSession, join_url: str, presenter: PresenterView,
        audience: AudienceView,
    ):
        self.session = session
        self.join_url = join_url
        self.presenter = presenter
        self.audience = audience
        # Ticks each time the open quiz's countdown shows one second less.
        self.countdown_timer = QTimer(singleShot=True)
        self.countdown_timer.timeout.connect(self._countdown_ticked)

    # -- what the windows show -------------------------------------------------------

    @property
    def deck(self):
        return self.session.workshop.deck

    def scene(self, index: int, blank: Blank = Blank.NONE, step: int | None = None) -> SlideScene:
        """Slide `index` as the room sees it; on the current slide, at the page shown
        unless `step` says which."""
        slide = self.deck.slides[index]
        state = self.session.state()
        join = JoinInfo(self.join_url, self.session.code, state.attendees)
        # The join slide has it all; any other slide a slim bar, while joins are taken.
        join_bar = state.screen.join_bar and not state.ended and slide.layout is not Layout.JOIN
        # The projector and the presenter's previews show what the room may see.
        poll = self.session.results.of_exercise(slide.exercise_id).for_the_room() if slide.exercise_id else None
        seconds_left = self.seconds_left() if index == state.current_slide else None
        page = state.screen.result_page if index == state.current_slide else 0
        if step is None:
            step = state.screen.step if index == state.current_slide else 0
        return SlideScene(
            slide=slide, deck=self.deck, join=join if slide.layout is Layout.JOIN else None,
            poll=poll, blank=blank, join_bar=join if join_bar else None, seconds_left=seconds_left,
            page=page, step=step,
        )

    def following(self, current: SlideScene) -> SlideScene | None:
        """What next shows after `current`: its slide's next page, else the next slide
        (None at the end of the deck)."""
        index = current.slide.index
        if current.step + 1 < len(current.slide.pages):
            return self.scene(index, step=current.step + 1)
        return self.scene(index + 1) if index + 1 < len(self.deck.slides) else None

    def preview(self, current: SlideScene) -> SlideScene | None:
        """The results of the `current` scene's poll as the projector would show them once
        revealed, for the presenter's eyes only; None when there is nothing to preview
        (no poll opened yet, or its results already show). Made from the scene already
        built for this repaint, so that each scene is still built once."""
        slide = current.slide
        if slide.exercise_id is None or self.session.ended:
            return None  # once ended, no result can be revealed any more
        poll = self.session.results.of_exercise(slide.exercise_id)
        if poll.tally is None or poll.revealed:
            return None
        return replace(current, poll=replace(poll, revealed=True))

    def seconds_left(self) -> int | None:
        """Whole seconds left on the current slide's open timed quiz, rounded up as the
        phones round them (0 once time is up, until the server closes it); else None."""
        remaining = self._time_left()
        return None if remaining is None else max(math.ceil(remaining), 0)

    def _time_left(self) -> float | None:
        poll = self.session.poll_on_slide()
        deadline = self.session.quiz_deadline(poll) if poll is not None else None
        return None if deadline is None else deadline - self.session.clock.now()

    def live_status(self) -> LiveStatus:
        state = self.session.state()
        slide = self.deck.slides[state.current_slide]
        if slide.exercise_id is None:
            return LiveStatus(state.attendees, None, PollState.NONE, False, 0, ended=state.ended)
        poll = self.session.poll_for_exercise(slide.exercise_id)
        exercise = self.session.exercise_of(poll) if poll else self.session.workshop.exercises[slide.exercise_id]
        if poll is None:
            return LiveStatus(state.attendees, exercise.title, PollState.NOT_OPENED, False, 0,
                              is_board=isinstance(exercise, BoardExercise), ended=state.ended)
        board = isinstance(exercise, BoardExercise)
        return LiveStatus(
            joined=state.attendees,
            exercise_title=exercise.title,
            poll_state=PollState.OPEN if poll.is_open else PollState.CLOSED,
            revealed=poll.revealed,
            responses=self.session.results.of_poll(poll.id).responses,
            items=tuple(self.session.items(poll.id, include_hidden=True)) if board else (),
            is_board=board,
            is_questions=exercise.kind is Kind.QUESTIONS,
            ended=state.ended,
        )

    def refresh(self) -> None:
        """Show everything as it is now (at start, after a reload...)."""
        # Notes are written back only to a PDF's own pdfpc file (operations.save_slide_notes).
        self.presenter.show_notes_editable(self.deck.page_file == self.deck.path)
        self.show_slide(self.session.current_slide)
        if self.session.ended:
            self.session_ended()

    def show_slide(self, index: int) -> None:
        """Show slide `index` (the current one, once a slide change arrives) with its
        notes, live panel and clocks."""
        self.presenter.show_notes(self.deck.slides[index].notes)
        self._show_slides(index)
        self.refresh_pacing()

    def _show_slides(self, index: int) -> None:
        """The current and next slides on both windows, and the live panel. Each scene is
        built once: the projector's is the presenter's with its blank screen."""
        current = self.scene(index)
        pages = result_pages(current)
        if index == self.session.current_slide and pages != self.session.screen.result_pages:
            # The session keeps the page shown, for next to turn from any front end.
            self._do(lambda: operations.lay_out_results(self.session, index, pages))
            current = self.scene(index)  # the page, kept within the pages there are
        self.presenter.show_slides(current, self.following(current), index + 1, len(self.deck.slides))
        self.presenter.show_preview(self.preview(current))
        self.presenter.show_countdown(current.seconds_left)
        self.audience.show_scene(replace(current, blank=self.session.screen.blank))
        self.refresh_live()
        self._schedule_countdown()

    def _schedule_countdown(self) -> None:
        """Tick when the countdown next shows a second less: at each whole second
        before the deadline, as the phones count, not a second after each repaint."""
        remaining = self._time_left()
        if remaining is None or remaining <= 0:
            self.countdown_timer.stop()  # 0 shows until the server closes the quiz
            return
        until_next = remaining - (math.ceil(remaining) - 1)
        self.countdown_timer.start(max(math.ceil(until_next * 1000), 1))

    def _countdown_ticked(self) -> None:
        self._show_slides(self.session.current_slide)

    def refresh_live(self) -> None:
        self.presenter.show_live(self.live_status())

    def poll_changed(self, poll_id: int) -> None:
        """A poll opened, closed, or had its results shown or hidden: repainted where
        it shows."""
        if any(poll.id == poll_id for poll in self._polls_shown()):
            self._show_slides(self.session.current_slide)

    def counts_changed(self, counts: CountsChanged) -> None:
        """Joins, answers or posts arrived: only what shows them is repainted."""
        if self._slides_show(counts):
            self._show_slides(self.session.current_slide)  # the live panel with them
        elif counts.attendees:
            self.refresh_live()

    def _slides_show(self, counts: CountsChanged) -> bool:
        """Whether the current or next slide shows something these counts changed."""
        shown = self._polls_shown()
        if counts.attendees and (self._join_count_shown() or shown):
            return True  # the join slide's or the join bar's count; names on boards and leaderboards
        if any(poll.id in counts.polls for poll in shown):
            return True
        # A revealed quiz's leaderboard adds up the points of every quiz.
        return bool(counts.polls) and any(
            poll.revealed and self.session.exercise_of(poll).kind is Kind.QUIZ for poll in shown
        )

    def _join_count_shown(self) -> bool:
        """Whether the current slide shows how many joined (the join slide, the join bar)."""
        scene = self.scene(self.session.current_slide)
        return scene.join is not None or scene.join_bar is not None

    def _polls_shown(self) -> list[PollRecord]:
        """The polls the current and next slides show (once opened)."""
        index = self.session.current_slide
        shown = range(index, min(index + 2, len(self.deck.slides)))
        return [poll for poll in map(self.session.poll_on_slide, shown) if poll is not None]

    def refresh_pacing(self) -> None:
        session = self.session
        if session.ended:
            return  # the clocks stopped when it ended (show_ended)
        self.presenter.show_pacing(pacing(
            self.deck, session.current_slide, session.elapsed(), session.seconds_per_slide(),
            session.slide_elapsed(),
        ))

    # -- actions ---------------------------------------------------------------------

    def _do(self, action: Callable[[], object]) -> None:
        """Run a session action; a refusal or a failure to save is shown to the trainer,
        not raised."""
        try:
            action()
        except DomainError as error:
            reason = refusal(error)
            self.presenter.show_message(reason[:1].upper() + reason[1:])
        except StorageFault as error:  # the banner names it until saving works again
            self.presenter.show_message(_("Not saved: {reason}", reason=error.cause))

    def end_session(self) -> None:
        """End the session (after the trainer confirmed): polls close, phones offer
        their downloads."""
        self._do(lambda: operations.end_session(self.session))

    def session_ended(self) -> None:
        """The session ended (from this window or the remote): the clocks stop where they
        were, the window says so, and the live panel offers no poll actions."""
        ended_at = self.session.record.ended_at
        if ended_at is None:
            return
        self._show_slides(self.session.current_slide)  # no join bar, no countdown now
        self.presenter.show_ended(ended_at, self.session.elapsed())

    def next(self) -> None:
        """The next page of the results shown, else of the slide, else the next slide."""
        self._do(lambda: operations.next_slide(self.session))

    def previous(self) -> None:
        """The previous page of the results shown, else of the slide, else the previous slide."""
        self._do(lambda: operations.previous_slide(self.session))

    def first(self) -> None:
        self._do(lambda: operations.go_to_slide(self.session, 0))

    def last(self) -> None:
        self._do(lambda: operations.go_to_slide(self.session, len(self.deck.slides) - 1))

    def go_to(self, number: int) -> None:
        """Go to a slide by its number as people count (from 1)."""
        self._do(lambda: operations.go_to_slide(self.session, number - 1))

    def _toggle_blank(self, blank: Blank) -> None:
        shown = self.session.screen.blank
        self._do(lambda: operations.set_blank(self.session, Blank.NONE if shown is blank else blank))

    def black(self) -> None:
        self._toggle_blank(Blank.BLACK)

    def white(self) -> None:
        self._toggle_blank(Blank.WHITE)

    def toggle_join_bar(self) -> None:
        shown = self.session.screen.join_bar
        self._do(lambda: operations.show_join_bar(self.session, not shown))

    def screen_changed(self) -> None:
        """The projector was blanked or shows its slide again, or the join bar came or
        went (from a key here or from the remote): both windows follow."""
        self.presenter.show_blank(self.session.screen.blank)
        self._show_slides(self.session.current_slide)

    def open_poll(self) -> None:
        self._do(lambda: operations.open_poll(self.session))

    def close_poll(self) -> None:
        poll = self.session.poll_on_slide()
        if poll is None or not poll.is_open:
            self.presenter.show_message(_("No poll is open on this slide"))
            return
        self._do(lambda: operations.close_poll(self.session, poll.id))

    def toggle_results(self) -> None:
        poll = self.session.poll_on_slide()
        if poll is None:
            self.presenter.show_message(_("Open this slide's poll before showing its results"))
            return
        toggle = operations.hide_results if poll.revealed else operations.reveal_results
        self._do(lambda: toggle(self.session, poll.id))

    def hide_item(self, item_id: int, hidden: bool = True) -> None:
        toggle = operations.hide_post if hidden else operations.show_post
        self._do(lambda: toggle(self.session, item_id))

    def mark_answered(self, item_id: int) -> None:
        self._do(lambda: operations.mark_answered(self.session, item_id))

    def edit_notes(self) -> None:
        """Make the current slide's notes editable in the presenter window."""
        index = self.session.current_slide
        self.presenter.edit_notes(index, self.deck.slides[index].notes)

    def save_notes(self, slide_index: int, notes: str) -> None:
        """Write the notes edited where the deck keeps them; why not, when refused."""
        try:
            operations.save_slide_notes(self.session.workshop, slide_index, notes)
        except DomainError as error:
            self.presenter.show_notes_refused(refusal(error))
            return
        self.presenter.stop_editing_notes()
        if slide_index == self.session.current_slide:
            self.presenter.show_notes(notes)  # until the reload reads the file back

    def reloaded(self, problems: list[str]) -> None:
        """After an edit on disk: the problems of a broken edit, or none."""
        self.presenter.show_problems(problems)
