"""What the trainer remote is sent besides the phones' view: the projector's screen, the
clocks and the pacing, every second while a remote listens."""

import asyncio
from pathlib import Path

import aiohttp
import pytest

from facilitator.core import operations
from facilitator.core.screen import Blank
from facilitator.live.views import trainer_state
from tests.paged import with_pages

from .test_server import next_state


def test_the_remote_sees_the_projectors_screen(session):
    operations.set_blank(session, Blank.BLACK)
    operations.show_join_bar(session, False)
    assert trainer_state(session)["screen"] == {"blank": "black", "join_bar": False, "page": 1, "pages": 1,
                                                "step": 1, "steps": 1}


def test_the_remote_sees_which_of_a_slides_pages_shows(session, workshop):
    session.reload(with_pages(workshop, Path("talk.pdf"), {1: (0, 1, 2)}))
    operations.go_to_slide(session, 1)
    operations.next_slide(session)
    assert trainer_state(session)["screen"] == {"blank": "none", "join_bar": True, "page": 1, "pages": 1,
                                                     "step": 2, "steps": 3}


@pytest.mark.parametrize("slide, seconds, pace", [
    (0, 30, "on_time"),  # the first slide's planned minute is not over
    (0, 150, "late"),  # 90 s past it
    (0, 200, "very_late"),
    (3, 0, "ahead"),  # on the fourth slide at once: three planned minutes early
])
def test_the_remote_gets_the_clocks_and_the_pace(session, clock, slide, seconds, pace):
    session.go_to_slide(slide)
    clock.advance(seconds)
    shown = trainer_state(session)["clock"]
    duration = session.workshop.deck.duration * 60
    assert (shown["elapsed"], shown["remaining"], shown["pace"]) == (seconds, duration - seconds, pace)
    assert (shown["slide"], shown["slide_planned"]) == (seconds, 60)


def test_the_clocks_stop_when_the_session_ends(session, clock):
    clock.advance(90)
    operations.end_session(session)
    clock.advance(600)
    assert trainer_state(session)["clock"]["elapsed"] == 90


def test_a_listening_remote_is_sent_its_clocks_every_second(session, clock, server):
    async def follow() -> list[int]:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{server.base_url}/api/remote/{session.trainer_secret}/events") as stream:
                seen = [(await next_state(stream.content))["clock"]["elapsed"]]
                clock.advance(5)  # no change to the session: only time goes by
                seen.append((await next_state(stream.content))["clock"]["elapsed"])
                return seen

    assert asyncio.run(follow()) == [0, 5]


def test_the_remote_sees_what_a_slide_will_ask_until_it_is_opened(session, open_poll):
    session.go_to_slide(1)
    upcoming = trainer_state(session)["slide"]["upcoming"]
    assert upcoming == {"kind": "single_choice", "title": "pick-one", "prompt": "Pick one"}
    open_poll("pick-one")
    assert trainer_state(session)["slide"]["upcoming"] is None
