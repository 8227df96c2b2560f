"""A rehearsal of a workshop on the injected clock: does the plan fit its duration?

    .venv/bin/python bench/rehearsal.py [DECK] [--attendees 6]

Runs the whole deck (the shipped workshop by default) through a LiveSession with a manual
clock: every slide for exactly its planned minutes; on each exercise's slide the poll is
opened, answered by a few simulated attendees (a quiz inside its timer), revealed and
closed. Prints the planned total, each section's planned time beside the time the session
itself recorded (the deck's section slides start the sections; the slides before the
first one are the opening), and the pacing the presenter sees on the last slide as its
time runs out (core/pacing.py).

A script rather than a test that prints: a trainer can rehearse a deck of their own with
it, and tests/test_rehearsal.py runs the same rehearsal and checks that it ends on time.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from facilitator.core.clock import ManualClock
from facilitator.core.deck import Layout
from facilitator.core.exercise import Exercise, Kind
from facilitator.core.pacing import Pacing, clock_text, pacing
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import Workshop, load_workshop

ANSWER_GAP_SECONDS = 1.0  # between two attendees' answers, or less to fit a quiz's timer


@dataclass(frozen=True)
class Section:
    title: str
    first_slide: int  # slide numbers, from 1
    last_slide: int
    planned: float  # seconds, from the slides' minutes
    recorded: float  # seconds the session recorded on these slides


@dataclass(frozen=True)
class Rehearsal:
    workshop: Workshop
    sections: tuple[Section, ...]
    polls: int
    took_part: dict[str, int]  # by exercise id: how many attendees answered or posted
    end: Pacing  # on the last slide, when its planned time is up

    @property
    def planned(self) -> float:
        return sum(s.planned for s in self.sections)


# What one simulated attendee (numbered from 0) sends to each kind of exercise: any
# valid answer will do, since the rehearsal is about time, not results.
def _choice(exercise: Exercise, person: int) -> Any:
    return person % len(exercise.options)


def _choices(exercise: Exercise, person: int) -> Any:
    return [person % len(exercise.options)]


def _rating(exercise: Exercise, person: int) -> Any:
    rating = exercise.min + person % (exercise.max - exercise.min + 1)
    return [rating] * len(exercise.statements) if exercise.statements else rating


def _word(exercise: Exercise, person: int) -> Any:
    return [("curious", "careful", "hopeful")[person % 3]]


def _quiz(exercise: Exercise, person: int) -> Any:
    # Most of the room right, one in three wrong.
    wrong = [i for i in range(len(exercise.options)) if i not in exercise.correct][:1]
    return wrong if person % 3 == 2 else list(exercise.correct)


ANSWERS: dict[Kind, Callable[[Exercise, int], Any]] = {
    Kind.SINGLE_CHOICE: _choice,
    Kind.MULTIPLE_CHOICE: _choices,
    Kind.SCALE: _rating,
    Kind.WORD_CLOUD: _word,
    Kind.QUIZ: _quiz,
}
BOARDS = {Kind.IDEAS, Kind.QUESTIONS}  # attendees post, then upvote the first post


def _run_poll(session: LiveSession, clock: ManualClock, exercise: Exercise, tokens: list[str]) -> int:
    """Open the slide's poll, let every attendee take part (inside a quiz's timer),
    reveal and close it; the seconds it took on the clock."""
    poll = session.open_poll_for()
    deadline = session.quiz_deadline(poll)
    gap = ANSWER_GAP_SECONDS if deadline is None else min(
        ANSWER_GAP_SECONDS, (deadline - clock.now()) / (len(tokens) + 1))
    if exercise.kind in BOARDS:
        first = None
        for person, token in enumerate(tokens):
            item = session.post(token, poll.id, f"Rehearsal post {person + 1}")
            first = first or item
            clock.advance(gap)
        for token in tokens[1:]:
            session.upvote(token, first.id)
    else:
        for person, token in enumerate(tokens):
            session.respond(token, poll.id, ANSWERS[exercise.kind](exercise, person))
            clock.advance(gap)
    session.reveal_results(poll.id)
    session.close_poll(poll.id)
    return len(tokens) * gap


def _sections(workshop: Workshop, seconds_per_slide: dict[int, float]) -> tuple[Section, ...]:
    slides = workshop.deck.slides
    starts = [0] + [s.index for s in slides if s.layout is Layout.SECTION and s.index > 0]
    sections = []
    for start, end in zip(starts, starts[1:] + [len(slides)]):
        run = slides[start:end]
        sections.append(Section(
            title=run[0].title if run[0].layout is Layout.SECTION else "Opening",
            first_slide=run[0].number, last_slide=run[-1].number,
            planned=sum((s.minutes or 0) * 60 for s in run),
            recorded=sum(seconds_per_slide.get(s.index, 0.0) for s in run),
        ))
    return tuple(sections)


def rehearse(workshop: Workshop, attendees: int = 6) -> Rehearsal:
    clock = ManualClock()
    store = Store.in_memory()
    try:
        session = LiveSession.start(store, workshop, clock)
        tokens = [session.join(f"Attendee {n + 1}").token for n in range(attendees)]
        polls = 0
        slides = workshop.deck.slides
        for slide in slides:
            session.go_to_slide(slide.index)
            planned = (slide.minutes or 0) * 60
            spent = 0.0
            exercise = workshop.exercise_on(slide.index)
            if exercise is not None and session.poll_for_exercise(exercise.id) is None:
                spent = _run_poll(session, clock, exercise, tokens)
                polls += 1
            if spent > planned:
                raise ValueError(f"slide {slide.number}: {attendees} attendees take longer "
                                 f"than its {slide.minutes} minutes")
            clock.advance(planned - spent)
        end = pacing(workshop.deck, session.current_slide, session.elapsed(),
                     session.seconds_per_slide(), session.slide_elapsed())
        took_part = {eid: session.results.of_exercise(eid).responses for eid in workshop.exercises}
        return Rehearsal(workshop, _sections(workshop, session.seconds_per_slide()), polls,
                         took_part, end)
    finally:
        store.close()


def report(rehearsal: Rehearsal) -> list[str]:
    deck = rehearsal.workshop.deck
    end = rehearsal.end
    where = (f"{clock_text(end.behind)} behind" if end.behind > 0
             else f"{clock_text(-end.behind)} ahead" if end.behind < 0 else "on time")
    width = max(len(s.title) for s in rehearsal.sections) + 14
    lines = [
        f"Rehearsal of {deck.title!r}: {len(deck.slides)} slides, {rehearsal.polls} polls, "
        f"{sum(rehearsal.took_part.values())} answers and posts",
        f"planned total: {clock_text(rehearsal.planned)} of {clock_text(deck.duration * 60)}",
        f"{'section (slides)':<{width}}  planned  recorded",
    ]
    for s in rehearsal.sections:
        name = f"{s.title} ({s.first_slide}-{s.last_slide})"
        lines.append(f"{name:<{width}}  {clock_text(s.planned):>7}  {clock_text(s.recorded):>8}")
    lines.append(
        f"pacing on the last slide at its end: elapsed {clock_text(end.elapsed)}, "
        f"remaining {clock_text(end.remaining)}, this slide {clock_text(end.slide_actual)} of "
        f"{clock_text(end.slide_planned or 0)}, {where}"
        + ("" if where == end.pace.value else f" ({end.pace.value})"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=SHIPPED_DECK)
    parser.add_argument("--attendees", type=int, default=6)
    args = parser.parse_args()
    print("\n".join(report(rehearse(load_workshop(args.deck), args.attendees))))


if __name__ == "__main__":
    main()
