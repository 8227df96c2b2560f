"""Whatever a phone sends, the server answers with a 2xx or a clear 4xx, never a 5xx.

Text comes from the whole of Unicode, lone surrogates included; numbers from far past
64 bits; JSON nests deeper than Python's parser recurses; headers come huge, many, in
bytes that are not ASCII, or naming another host. In process (the ASGI app) and for real
(uvicorn parsing the bytes).
"""

import json
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from facilitator.core.errors import DomainError, NotAllowed
from facilitator.documents.fonts import missing_characters
from facilitator.documents.namecheck import printing_problem
from facilitator.live.server import LiveServer
from tests.conftest import EXERCISES

from .hostile import CATEGORY_SAMPLES, CORPUS, INVISIBLE, NONCHARACTERS, SURROGATES, is_fit_to_show

# Every code point, lone surrogates included, with the corpus's trickiest ones made common.
CHARACTERS = st.characters(exclude_categories=()) | st.sampled_from(
    [*CATEGORY_SAMPLES.values(), *"".join(INVISIBLE + NONCHARACTERS + SURROGATES), "<", "&", "\u202e"]
)
TEXT = st.text(alphabet=CHARACTERS, max_size=50)
NUMBERS = (
    st.integers(0, 3) | st.integers(-2**70, 2**70) | st.integers(-10**400, 10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=15,
)


def _encode(value: object) -> bytes:
    # allow_nan: phones' JSON.stringify never sends NaN, but Python's parser reads it.
    return json.dumps(value, allow_nan=True).encode()


def _object(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """A JSON object of encoded keys and values, repeated keys and all."""
    return b"{" + b",".join(key + b":" + value for key, value in pairs) + b"}"


def _depths(deepest: int) -> st.SearchStrategy[int]:
    # Hypothesis favours small numbers; the depths that hurt are the large ones.
    return st.integers(1, deepest) | st.integers(deepest // 2, deepest)


# Nesting of every depth a body under the size limit can hold, closed or left open.
NESTING = st.one_of(
    _depths(2000).map(lambda depth: b"[" * depth + b"]" * depth),
    _depths(4000).map(lambda depth: b"[" * depth),
    _depths(1000).map(lambda depth: b'{"":' * depth),
    _depths(800).map(lambda depth: b'[{"":' * depth + b"0" + b"}]" * depth),
)
# A field's value as JSON text: an encoded value, a corpus entry, or nesting.
FRAGMENTS = JSON_VALUES.map(_encode) | st.sampled_from([h.json for h in CORPUS]) | NESTING
BODIES = (
    st.lists(st.tuples(TEXT.map(_encode), FRAGMENTS), max_size=4).map(_object) | FRAGMENTS | st.binary(max_size=200)
)
# What each route reads; the ids of a real poll and item make it past the first checks.
ROUTE_FIELDS = {
    "join": ["name", "join_key"], "name": ["name"], "answer": ["poll", "answer"],
    "post": ["poll", "text", "request_id"], "upvote": ["item", "on"],
    "goto": ["slide"], "hide": ["item"], "unhide": ["item"], "answered": ["item"],
}
REMOTE_ROUTES = ["next", "previous", "goto", "open", "close", "reveal", "conceal", "hide", "unhide", "answered"]
# Bounded, so that CI stays fast (a few seconds each).
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FEWER = settings(FUZZ, max_examples=60)


def _body(route: str, ids: dict[str, int]) -> st.SearchStrategy[bytes]:
    """A body for `route`: its own fields, each valid or hostile, and now and then others."""
    fields = [
        st.tuples(st.just(_encode(name)), st.just(_encode(ids[name])) | FRAGMENTS if name in ids else FRAGMENTS)
        for name in ROUTE_FIELDS.get(route, [])
    ]
    extra = st.lists(st.tuples(TEXT.map(_encode), FRAGMENTS), max_size=2)
    own = st.tuples(st.tuples(*fields), extra).map(lambda parts: _object([*parts[0], *parts[1]]))
    return own | BODIES


@pytest.fixture
def client(phone_server) -> TestClient:
    """Server errors come back as the 500 a phone would see, not as the exception."""
    with TestClient(phone_server.app, base_url="http://room.test", raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def room(client, session, phone_server, open_poll):
    """A joined phone, with ids to aim at: any exercise's poll, an item of someone else's."""
    board = open_poll("ideas")
    item = session.post(session.join("Poster").token, board.id, "Someone else's idea").id
    client.cookies.set(phone_server.cookie, session.join("Fuzz").token)

    def aim(exercise: str) -> dict[str, int]:
        try:
            poll = open_poll(exercise)
        except NotAllowed:  # a quiz is asked once: its answers now meet a closed poll
            poll = session.poll_for_exercise(exercise)
        return {"poll": poll.id, "item": item, "slide": 1}

    return aim


def assert_clear(response) -> None:
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"
    if response.status_code >= 400:
        assert response.json()["error"]


@FUZZ
@given(route=st.sampled_from(["join", "name", "answer", "post", "upvote"]), exercise=st.sampled_from(list(EXERCISES)),
       data=st.data())
def test_attendee_routes_never_fail_with_5xx(client, room, api, limiter_clock, route, exercise, data):
    limiter_clock.advance(60)  # each example starts with full rate-limit buckets
    body = data.draw(_body(route, room(exercise)))
    assert_clear(client.post(api(route), content=body, headers={"content-type": "application/json"}))


@FEWER
@given(action=st.sampled_from(REMOTE_ROUTES), exercise=st.sampled_from(list(EXERCISES)), data=st.data())
def test_remote_routes_never_fail_with_5xx(client, room, remote, action, exercise, data):
    body = data.draw(_body(action, room(exercise)))
    assert_clear(client.post(remote(action), content=body, headers={"content-type": "application/json"}))


# -- what is taken prints --------------------------------------------------------------------


@pytest.fixture
def board(open_poll) -> int:
    return open_poll("ideas").id


@FUZZ
@given(text=TEXT)
def test_a_name_once_taken_prints_on_a_certificate(session, text):
    try:
        name = session.join(text).name
    except DomainError:
        return
    assert is_fit_to_show(name), repr(name)
    assert printing_problem(name) is None, repr(name)


@FUZZ
@given(text=TEXT)
def test_an_idea_once_taken_prints_in_the_handout(session, board, text):
    try:
        idea = session.post(session.join("Poster").token, board, text).text
    except DomainError:
        return
    assert is_fit_to_show(idea), repr(idea)
    assert missing_characters(idea) == [], repr(idea)


# -- headers -----------------------------------------------------------------------------

HEADER_NAMES = st.sampled_from(
    [b"host", b"origin", b"content-type", b"cookie", b"referer", b"user-agent", b"accept-language", b"x-forwarded-for"]
) | st.binary(min_size=1, max_size=20).filter(lambda name: name.isalpha())
HEADER_VALUES = (
    st.binary(max_size=100)
    | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.sampled_from([b"evil.example", b"http://evil.example", b"null", b"127.0.0.1:1", b"[::1]", b"room.test:99999"])
    | st.integers(1000, 70_000).map(lambda n: b"x" * n)
).map(lambda value: value.replace(b"\r", b"").replace(b"\n", b""))
HEADERS = st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=5) | st.integers(100, 500).map(
    lambda n: [(b"x-filler-%d" % i, b"y") for i in range(n)]
)


@FEWER
@given(route=st.sampled_from(["join", "answer", "state", "me"]), headers=HEADERS, content_type=st.booleans())
def test_odd_headers_never_fail_with_5xx(client, room, api, limiter_clock, route, headers, content_type):
    limiter_clock.advance(60)
    sent = [(b"content-type", b"application/json")] if content_type else []
    method = "GET" if route in ("state", "me") else "POST"
    response = client.request(method, api(route), content=b'{"name": "Ana", "poll": 1, "answer": 0}', headers=sent + headers)
    assert_clear(response)


# -- for real: the bytes as uvicorn parses them --------------------------------------------

REQUEST_LINES = st.sampled_from(
    [b"GET /api/ping HTTP/1.1", b"POST /api/$code/join HTTP/1.1", b"GET /api/$code/state HTTP/1.0",
     b"GET http://evil.example/api/ping HTTP/1.1", b"GET /api/%ff%fe/state HTTP/1.1", b"GET /\xff HTTP/1.1",
     b"BREW /api/ping HTTP/1.1", b"GET /api/ping HTTP/9.9", b"GET /" + b"a" * 70_000 + b" HTTP/1.1"]
)


@pytest.fixture
def real_server(session):
    with LiveServer(session, host="127.0.0.1", port=0) as server:
        yield server


def _exchange(port: int, request: bytes) -> bytes:
    """Sends raw bytes and returns the status line (empty if the server just hung up)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        try:
            connection.sendall(request)
            return connection.makefile("rb").readline()
        except (ConnectionResetError, BrokenPipeError):
            return b""


@FEWER
@given(line=REQUEST_LINES, headers=HEADERS, body=BODIES, host_ok=st.booleans())
def test_odd_requests_to_the_real_server_never_fail_with_5xx(real_server, session, line, headers, body, host_ok):
    host = f"127.0.0.1:{real_server.port}".encode() if host_ok else b"evil.example"
    head = [line.replace(b"$code", session.code.encode()), b"host: " + host, b"connection: close",
            b"content-length: %d" % len(body)]
    head += [name + b": " + value for name, value in headers]
    status = _exchange(real_server.port, b"\r\n".join(head) + b"\r\n\r\n" + body)
    assert status == b"" or int(status.split()[1]) < 500, status
    ping = _exchange(real_server.port, b"GET /api/ping HTTP/1.1\r\nhost: 127.0.0.1:%d\r\nconnection: close\r\n\r\n" % real_server.port)
    assert ping.startswith(b"HTTP/1.1 200"), ping
