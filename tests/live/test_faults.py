"""A fault nobody foresaw: a short JSON 500 for the phone, one traceback in the log file."""

import asyncio

import aiohttp

from facilitator.live import phone_app
from facilitator.live.faults import FAULT_MESSAGE, FaultLog, REPEAT_REPORT_SECONDS, log_path_for


def _break_me(monkeypatch):
    """/me builds its answer per request (the pushed state is built once, ahead)."""
    def attendee_view(session, token):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(phone_app, "attendee_view", attendee_view)


def _tracebacks(path) -> int:
    return path.read_text(encoding="utf-8").count("Traceback (most recent call last)")


def test_a_fault_is_a_json_500_and_one_logged_traceback(client, api, monkeypatch, fault_log):
    _break_me(monkeypatch)
    response = client.get(api("me"))
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": FAULT_MESSAGE}
    assert "default-src 'self'" in response.headers["content-security-policy"]
    logged = fault_log.read_text(encoding="utf-8")
    assert _tracebacks(fault_log) == 1 and "injected fault" in logged and f"GET {api('me')}" in logged


def test_a_repeated_fault_is_counted_not_logged_again(phone_server, client, api, monkeypatch, fault_log, limiter_clock):
    _break_me(monkeypatch)
    for _ in range(5):
        assert client.get(api("me")).status_code == 500
    assert _tracebacks(fault_log) == 1 and "more times" not in fault_log.read_text(encoding="utf-8")
    limiter_clock.advance(REPEAT_REPORT_SECONDS)
    client.get(api("me"))
    assert "RuntimeError: injected fault): 5 more times" in fault_log.read_text(encoding="utf-8")
    client.get(api("me"))
    phone_server.faults.close()
    assert fault_log.read_text(encoding="utf-8").endswith("): 1 more time\n")
    assert _tracebacks(fault_log) == 1


def test_the_remote_secret_stays_out_of_the_log(client, remote, session, monkeypatch, fault_log):
    def broken(session):
        raise RuntimeError("injected fault")

    monkeypatch.setitem(phone_app.REMOTE_ACTIONS, "next", phone_app.RemoteAction("next", broken))
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


def test_a_real_server_prints_nothing_per_fault(session, monkeypatch, fault_log, capfd, live_server):
    _break_me(monkeypatch)

    async def ask(base: str) -> list[tuple[int, dict]]:
        async with aiohttp.ClientSession() as http:
            answers = []
            for _ in range(3):
                async with http.get(f"{base}/api/{session.code}/me") as response:
                    answers.append((response.status, await response.json()))
            return answers

    with live_server() as server:
        answers = asyncio.run(ask(server.base_url))
    assert answers == [(500, {"error": FAULT_MESSAGE})] * 3
    out, err = capfd.readouterr()
    assert err == "" and out == ""
    assert _tracebacks(fault_log) == 1


def test_a_fault_on_a_page_route_is_a_json_500_too(client, phone_server, monkeypatch, fault_log):
    def unreadable(name, code):
        raise OSError("injected fault")

    monkeypatch.setattr(phone_app, "_page_in", unreadable)  # the page in the phone's language
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
