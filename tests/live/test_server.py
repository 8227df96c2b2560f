"""The server for real: uvicorn on a worker thread, pushes over SSE, the serve command."""

import asyncio
import json
import os
import signal
import subprocess
import sys

import aiohttp
import pytest

from facilitator.live import network
from facilitator.live.network import Interface, bind_socket, choose_interface
from facilitator.live.server import LiveServer


async def next_state(stream: aiohttp.StreamReader) -> dict:
    """The next `data:` frame of an SSE stream, decoded."""
    while True:
        line = await asyncio.wait_for(stream.readline(), timeout=5)
        if line.startswith(b"data: "):
            return json.loads(line[6:])


def test_phones_hear_every_change_over_sse(session, open_poll, server):
    attendee = session.join("Ana")

    async def follow(server: LiveServer) -> list[dict]:
        cookies = {server.phone_server.cookie: attendee.token}
        async with aiohttp.ClientSession(cookies=cookies) as http:
            async with http.get(f"{server.base_url}/api/{session.code}/events") as response:
                assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
                seen = [await next_state(response.content)]
                poll = await asyncio.to_thread(open_poll, "pick-one")
                seen.append(await next_state(response.content))
                async with http.post(
                    f"{server.base_url}/api/{session.code}/answer", json={"poll": poll.id, "answer": 1}
                ) as answered:
                    assert answered.status == 200
                await asyncio.to_thread(session.reveal_results)
                while "results" not in (state := await next_state(response.content))["poll"]:
                    pass
                seen.append(state)
                return seen

    first, opened, revealed = asyncio.run(follow(server))
    assert first["poll"] is None and first["attendees"] == 1
    assert opened["poll"]["kind"] == "single_choice" and opened["poll"]["open"]
    assert revealed["poll"]["results"]["options"][1]["count"] == 1


def test_the_join_url_is_short_and_names_the_session(session, server):
    assert server.join_url == f"http://127.0.0.1:{server.port}/{session.code}"
    assert server.remote_url.endswith(f"/remote/{session.trainer_secret}")


def test_a_taken_port_moves_to_the_next_free_one(live_server):
    taken = bind_socket("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        with live_server(port=port) as server:
            assert server.port != port
    finally:
        taken.close()


@pytest.mark.parametrize(
    "interfaces, default_route, outgoing, expected",
    [
        ([("lo", "127.0.0.1"), ("wlan0", "192.168.1.20")], "wlan0", None, "192.168.1.20"),
        ([("docker0", "172.17.0.1"), ("wlan0", "10.0.0.5")], "wlan0", None, "10.0.0.5"),
        ([("docker0", "172.17.0.1"), ("wlp2s0", "10.0.0.5")], None, None, "10.0.0.5"),
        ([("eth0", "169.254.3.3"), ("wlan0", "192.168.0.9")], "eth0", None, "192.168.0.9"),
        ([("br-1a2b", "172.18.0.1"), ("enp0s3", "192.168.56.10")], "br-1a2b", None, "192.168.56.10"),
        ([("lo", "127.0.0.1")], None, None, None),
        ([("veth9", "10.1.1.1")], None, None, "10.1.1.1"),
        # No route table (macOS, Windows): the route probe's address says which one.
        ([("", "192.168.56.1"), ("", "10.20.0.7")], None, "10.20.0.7", "10.20.0.7"),
    ],
)
def test_the_rooms_network_address_is_chosen(interfaces, default_route, outgoing, expected):
    found = [Interface(name, address) for name, address in interfaces]
    chosen = choose_interface(found, default_route, outgoing)
    assert (chosen.address if chosen else None) == expected


@pytest.mark.parametrize(
    "platform, by_host_name, outgoing, expected",
    [
        ("darwin", [], "192.168.1.20", Interface("", "192.168.1.20")),
        ("win32", ["127.0.0.1"], "10.0.0.5", Interface("", "10.0.0.5")),
        ("win32", ["192.168.1.20"], None, Interface("", "192.168.1.20")),
        ("darwin", ["127.0.0.1"], None, None),
    ],
)
def test_without_linux_interfaces_the_route_probe_finds_the_address(
    monkeypatch, platform, by_host_name, outgoing, expected,
):
    monkeypatch.setattr(network.sys, "platform", platform)
    monkeypatch.setattr(network.socket, "getaddrinfo",
                        lambda *_: [(None, None, None, None, (a, 0)) for a in by_host_name])
    chosen = network.phone_interface(default_route=lambda: None, outgoing_route=lambda: outgoing)
    assert chosen == expected
    assert network.lan_address(lambda: chosen) == (expected.address if expected else "127.0.0.1")


def test_the_route_probe_names_one_of_this_machines_addresses():
    outgoing = network.outgoing_address()
    if outgoing is not None:  # a machine with no route out has nothing to name
        assert outgoing in {i.address for i in network.local_interfaces()} | {"127.0.0.1"}


def test_serve_prints_the_urls_and_stops_cleanly_on_ctrl_c(tmp_path):
    db = tmp_path / "serve.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        join = next(line.split()[1] for line in lines if line.startswith("join: "))
        remote = next(line.split()[1] for line in lines if line.startswith("remote: "))
        base, code = join.rsplit("/", 1)

        async def drive():
            async with aiohttp.ClientSession() as http:
                async with http.post(f"{base}/api/{code}/join", json={"name": "Μαρία"}) as joined:
                    assert joined.status == 201
                secret = remote.rsplit("/", 1)[1]
                async with http.post(f"{base}/api/remote/{secret}/next", json={}) as moved:
                    assert moved.status == 200
                async with http.get(f"{base}/api/{code}/state") as state:
                    return await state.json()

        state = asyncio.run(drive())
        assert state["attendees"] == 1 and state["slide"]["index"] == 1
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Stopping." in out and "Traceback" not in err
    assert os.path.getsize(db) > 0
