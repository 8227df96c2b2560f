"""A fault nobody foresaw: a short JSON 500 for the phone, one traceback in the log file."""

import asyncio

import aiohttp

from facilitator.live import phone_app
from facilitator.live.faults import FAULT_MESSAGE, FaultLog, REPEAT_REPORT_SECONDS, log_path_for
from facilitator.live.server import LiveServer


def _break_state(monkeypatch):
    def phone_state(session):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(phone_app, "phone_state", phone_state)


def _tracebacks(path) -> int:
    return path.read_text(encoding="utf-8").count("Traceback (most recent call last)")


def test_a_fault_is_a_json_500_and_one_logged_traceback(client, api, monkeypatch, fault_log):
    _break_state(monkeypatch)
    response = client.get(api("state"))
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": FAULT_MESSAGE}
    assert "default-src 'self'" in response.headers["content-security-policy"]
    logged = fault_log.read_text(encoding="utf-8")
    assert _tracebacks(fault_log) == 1 and "injected fault" in logged and f"GET {api('state')}" in logged


def test_a_repeated_fault_is_counted_not_logged_again(phone_server, client, api, monkeypatch, fault_log, limiter_clock):
    _break_state(monkeypatch)
    for _ in range(5):
        assert client.get(api("state")).status_code == 500
    assert _tracebacks(fault_log) == 1 and "more times" not in fault_log.read_text(encoding="utf-8")
    limiter_clock.advance(REPEAT_REPORT_SECONDS)
    client.get(api("state"))
    assert "RuntimeError: injected fault): 5 more times" in fault_log.read_text(encoding="utf-8")
    client.get(api("state"))
    phone_server.faults.close()
    assert fault_log.read_text(encoding="utf-8").endswith("): 1 more time\n")
    assert _tracebacks(fault_log) == 1


def test_the_remote_secret_stays_out_of_the_log(client, remote, session, monkeypatch, fault_log):
    def broken(session, body):
        raise RuntimeError("injected fault")

    monkeypatch.setitem(phone_app._REMOTE_ACTIONS, "next", broken)
    assert client.post(remote("next"), json={}).status_code == 500
    logged = fault_log.read_text(encoding="utf-8")
    assert "POST /api/remote/{secret}/next" in logged and session.trainer_secret not in logged


def test_a_different_fault_gets_its_own_traceback(tmp_path):
    log = FaultLog(tmp_path / "log" / "faults.log")
    for error in (ValueError("one"), KeyError("two"), ValueError("one")):
        try:
            raise error
        except Exception as caught:
            log.record(caught, "a test")
    assert _tracebacks(tmp_path / "log" / "faults.log") == 2


def test_the_log_lives_beside_the_database(tmp_path):
    assert log_path_for(tmp_path / "facilitator.db") == tmp_path / "phone-server.log"
    assert log_path_for(None).name == "phone-server.log"


def test_a_real_server_prints_nothing_per_fault(session, monkeypatch, fault_log, capfd):
    _break_state(monkeypatch)

    async def ask(base: str) -> list[tuple[int, dict]]:
        async with aiohttp.ClientSession() as http:
            answers = []
            for _ in range(3):
                async with http.get(f"{base}/api/{session.code}/state") as response:
                    answers.append((response.status, await response.json()))
            return answers

    with LiveServer(session, host="127.0.0.1", port=0, log_path=fault_log) as server:
        answers = asyncio.run(ask(server.base_url))
    assert answers == [(500, {"error": FAULT_MESSAGE})] * 3
    out, err = capfd.readouterr()
    assert err == "" and out == ""
    assert _tracebacks(fault_log) == 1


def test_a_fault_on_a_page_route_is_a_json_500_too(client, phone_server, monkeypatch, fault_log):
    def page(name):
        raise OSError("injected fault")

    monkeypatch.setattr(phone_server, "_page", page)
    response = client.get("/")
    assert (response.status_code, response.json()) == (500, {"error": FAULT_MESSAGE})
    assert _tracebacks(fault_log) == 1


def test_a_fault_mid_stream_ends_the_stream_and_is_logged(client, api, phone_server, monkeypatch, fault_log):
    assert client.post(api("join"), json={"name": "Ana"}).status_code == 201

    async def follow(channel):
        yield "data: {}\n\n"
        raise RuntimeError("injected fault")

    monkeypatch.setattr(phone_server.broadcaster, "follow", follow)
    with client.stream("GET", api("events")) as response:
        assert response.status_code == 200
        assert "".join(response.iter_text()) == "data: {}\n\n"
    assert _tracebacks(fault_log) == 1
