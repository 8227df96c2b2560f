"""The soak benchmark's phones behave as the phone page does, against the real server."""

import asyncio
import importlib
import time
from pathlib import Path

import aiohttp
import pytest

from facilitator.live.server import LiveServer

BENCH = Path(__file__).resolve().parent.parent / "bench"
STREAM_SECONDS = 1.0


@pytest.fixture
def soak_bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # the benchmarks import their neighbours by name
    return importlib.import_module("soak_bench")


@pytest.fixture
def server(session, tmp_path):
    with LiveServer(session, host="127.0.0.1", port=0, log_path=tmp_path / "log") as server:
        yield server


def test_a_stream_lasts_until_the_phone_drops_it_not_a_request_timeout(soak_bench, server, session, monkeypatch):
    # A request's whole-time bound applied to the stream too ended every phone's stream
    # at the same second, and the room reconnected at once instead of over 1 to 3 minutes.
    monkeypatch.setattr(soak_bench, "REQUEST_TIMEOUT", aiohttp.ClientTimeout(total=STREAM_SECONDS / 4))

    async def follow() -> tuple[float, object]:
        tally = soak_bench.Tally()
        api = f"{server.base_url}/api/{session.code}"
        phone = soak_bench.Phone(0, api, f"facilitator_{session.code}", tally, soak_bench.Plan(post_chance=0))
        try:
            await phone.request("join", "POST", "/join", {"name": "Ana"})
            started = time.monotonic()
            await phone.follow(started + STREAM_SECONDS)
            return time.monotonic() - started, tally
        finally:
            await phone.http.close()

    followed, tally = asyncio.run(follow())
    assert followed >= STREAM_SECONDS
    assert tally.failures == 0 and tally.statuses == {201: 1, 200: 2}  # join, stream, /me
