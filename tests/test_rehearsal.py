"""The rehearsal benchmark: the shipped workshop, every slide at its planned minutes on
the injected clock, ends on time with every poll run."""

import importlib
from pathlib import Path

import pytest

from facilitator.core.pacing import Pace
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.workshop import load_workshop

BENCH = Path(__file__).resolve().parent.parent / "bench"
ATTENDEES = 3


@pytest.fixture(scope="module")
def rehearsal():
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))  # the benchmarks import their neighbours by name
        bench = importlib.import_module("rehearsal")
    return bench, bench.rehearse(load_workshop(SHIPPED_DECK), ATTENDEES)


def test_every_section_takes_on_the_clock_what_it_plans(rehearsal):
    _, run = rehearsal
    assert run.planned == run.workshop.deck.duration * 60
    assert [s.recorded for s in run.sections] == [s.planned for s in run.sections]
    assert run.sections[0].title == "Opening" and run.sections[-1].last_slide == len(run.workshop.deck.slides)


def test_every_poll_is_run_with_the_whole_room(rehearsal):
    _, run = rehearsal
    assert run.polls == len(run.workshop.exercises)
    assert run.took_part == {eid: ATTENDEES for eid in run.workshop.exercises}


def test_the_presenter_sees_the_last_slide_end_on_time(rehearsal):
    _, run = rehearsal
    assert run.end.pace is Pace.ON_TIME
    assert (run.end.behind, run.end.remaining) == (0, 0)
    assert run.end.slide_actual == run.end.slide_planned


def test_the_report_gives_the_total_and_each_section(rehearsal):
    bench, run = rehearsal
    lines = bench.report(run)
    assert lines[1] == "planned total: 60:00 of 60:00"
    assert len(lines) == 3 + len(run.sections) + 1
    assert lines[-1].endswith("this slide 1:00 of 1:00, on time")
