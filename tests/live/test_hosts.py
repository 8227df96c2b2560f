"""The server answers only at its own addresses, and takes writes only from its own pages."""

import asyncio

import aiohttp
import pytest

from facilitator.live.hosts import NOT_OUR_HOST, NOT_OUR_PAGE, TWO_HOSTS, host_name
from facilitator.live.server import LiveServer


@pytest.mark.parametrize(
    "host", ["room.test", "ROOM.test", "room.test:8765", "localhost", "localhost:1", "127.0.0.1",
             "127.0.0.1:8765", "[::1]", "[::1]:8765"],
)
def test_its_own_names_are_answered(client, host):
    response = client.get("/api/ping", headers={"host": host})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8765", "room.test.evil.example", "room.test:x", "room.test:80:80",
             "127.0.0.1.nip.io", "localhost.", "[::2]", "[::1", "[::1]x", "::1", "0.0.0.0", "", ":8765"],
)
@pytest.mark.parametrize("path", ["/", "/api/ping", "/static/phone.js"])
def test_any_other_host_gets_421(client, host, path):
    response = client.get(path, headers={"host": host})
    assert response.status_code == 421
    assert response.json() == {"error": NOT_OUR_HOST}
    assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("hosts", [["evil.example", "room.test"], ["room.test", "evil.example"], ["room.test"] * 2])
def test_two_host_headers_get_400_whichever_comes_first(api, hosts, phone_server, rows, session):
    async def post() -> tuple[int, bytes]:
        sent = []

        async def receive():
            return {"type": "http.request", "body": b'{"name": "Ana"}', "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http", "method": "POST", "path": api("join"), "raw_path": api("join").encode(),
            "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
            "client": ("127.0.0.1", 50000), "server": ("room.test", 80),
            "headers": [(b"content-type", b"application/json"), *((b"host", h.encode()) for h in hosts)],
        }
        await phone_server.app(scope, receive, send)
        return sent[0]["status"], sent[1]["body"]

    before = rows(session.store)
    status, body = asyncio.run(post())
    assert (status, body) == (400, b'{"error": "%s"}' % TWO_HOSTS.encode())
    assert rows(session.store) == before


def test_a_rebound_name_cannot_reach_the_trainers_controls(client, remote, session, rows):
    before = rows(session.store)
    assert client.get(remote("state"), headers={"host": "evil.example"}).status_code == 421
    assert client.post(remote("next"), json={}, headers={"host": "evil.example"}).status_code == 421
    assert session.current_slide == 0 and rows(session.store) == before


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://room.test:8765", "https://room.test", "http://localhost",
               "http://room.test.evil.example"],
)
def test_a_write_from_another_sites_page_gets_403(client, api, remote, session, rows, origin):
    before = rows(session.store)
    for path in (api("join"), remote("next")):
        response = client.post(path, json={"name": "Ana"}, headers={"origin": origin})
        assert response.status_code == 403 and response.json() == {"error": NOT_OUR_PAGE}
    assert rows(session.store) == before


@pytest.mark.parametrize("headers", [{}, {"origin": "http://room.test"}, {"origin": "HTTP://Room.Test"}])
def test_a_write_from_our_own_page_or_no_page_is_taken(client, api, headers):
    assert client.post(api("join"), json={"name": "Ana"}, headers=headers).status_code == 201


def test_a_read_from_another_sites_page_is_answered(client, api):
    # The browser keeps the answer from the other page (no CORS header); nothing changes.
    assert client.get(api("state"), headers={"origin": "http://evil.example"}).status_code == 200


@pytest.mark.parametrize(
    "authority, name",
    [(b"a.b", b"a.b"), (b"a.b:1", b"a.b"), (b"[::1]:2", b"::1"), (b"[fe80::1]", b"fe80::1"), (b"a:b", b""), (b"[::1]:", b"")],
)
def test_the_host_name_leaves_out_the_port(authority, name):
    assert host_name(authority) == name


def test_a_real_server_answers_at_its_join_address_and_its_extra_names(session):
    async def ask(base: str, hosts: list[str]) -> list[int]:
        async with aiohttp.ClientSession() as http:
            statuses = []
            for host in hosts:
                async with http.get(f"{base}/api/ping", headers={"Host": host}) as response:
                    statuses.append(response.status)
            return statuses

    with LiveServer(session, host="127.0.0.1", port=0, hosts=("trainer.local",)) as server:
        port = server.port
        statuses = asyncio.run(ask(server.base_url, [
            f"127.0.0.1:{port}", f"localhost:{port}", f"trainer.local:{port}", f"evil.example:{port}",
        ]))
    assert statuses == [200, 200, 200, 421]
