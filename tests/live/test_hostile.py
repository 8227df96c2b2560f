"""The hostile corpus in every field of every route: never a 5xx; every refusal a JSON
4xx that changed no row; whatever is accepted is well-formed, visible text that every
other phone and the trainer can still read back.

Each test loops over the whole corpus for one field and lists every value that broke a
rule, so that one run shows all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import unicodedata
from dataclasses import dataclass
from string import Template
from typing import Any, AsyncIterator, Awaitable, Callable
from urllib.parse import quote

import httpx2 as httpx
import pytest
from starlette.types import ASGIApp

from facilitator.core.clock import ManualClock
from facilitator.core.errors import DomainError
from facilitator.core.session import Answer, LiveSession
from facilitator.core.store import ResponseRecord, Store
from facilitator.documents.exports import FORMULA_STARTS, export_attendance, export_ideas

from .hostile import ALL_CATEGORIES, BODIES, CATEGORY_SAMPLES, CORPUS, Hostile, is_fit_to_show, text_values

JSON = {"content-type": "application/json"}


@dataclass(frozen=True)
class Field:
    """Where a hostile value goes: a route, and its body with `$slot` in that value's place."""

    route: str
    name: str
    body: str
    exercise: str = "ideas"
    # Text the server checks: a refusal of it (422) names this key, for the page to show it there.
    text_key: str | None = None

    @property
    def id(self) -> str:
        return f"{self.route} {self.name} ({self.exercise})"

    def fill(self, value: Hostile, ids: dict[str, int]) -> bytes:
        # Latin-1 carries any bytes through a str unchanged.
        return Template(self.body).substitute(ids, slot=value.json.decode("latin-1")).encode("latin-1")


LIST_ANSWERS = {"pick-some": "[$slot, 1]", "rate-many": "[3, $slot]", "words": "[$slot]", "quiz": "[$slot]"}
ATTENDEE_FIELDS = [
    Field("join", "name", '{"name": $slot}', text_key="name"),
    Field("join", "name, repeated after a good one", '{"name": "Ana", "name": $slot}', text_key="name"),
    Field("join", "join_key", '{"name": "Ana", "join_key": $slot}'),
    Field("name", "name", '{"name": $slot}', text_key="name"),
    Field("answer", "poll", '{"poll": $slot, "answer": 0}', "pick-one"),
    *[
        Field("answer", "answer", '{"poll": $poll, "answer": $slot}', exercise)
        for exercise in ("pick-one", "pick-some", "rate", "rate-many", "ideas", "quiz")
    ],
    Field("answer", "answer", '{"poll": $poll, "answer": $slot}', "words", text_key="answer"),
    *[
        Field("answer", "an entry of the answer", f'{{"poll": $poll, "answer": {body}}}', exercise,
              text_key="answer" if exercise == "words" else None)
        for exercise, body in LIST_ANSWERS.items()
    ],
    Field("post", "poll", '{"poll": $slot, "text": "An idea"}'),
    Field("post", "text", '{"poll": $poll, "text": $slot}', text_key="text"),
    Field("post", "request_id", '{"poll": $poll, "text": "An idea", "request_id": $slot}', text_key="request_id"),
    Field("upvote", "item", '{"item": $slot}'),
    Field("upvote", "on", '{"item": $item, "on": $slot}'),
]
REMOTE_FIELDS = [
    Field("goto", "slide", '{"slide": $slot}'),
    # unhide and answered read their item as hide does.
    Field("hide", "item", '{"item": $slot}', "questions"),
]
ATTENDEE_POSTS = ["join", "name", "answer", "post", "upvote"]
REMOTE_ACTIONS = ["next", "previous", "goto", "open", "close", "reveal", "conceal", "hide", "unhide", "answered", "end"]


@pytest.fixture
def room(session, open_poll):
    """A poll open (the field's exercise), with an item of someone else's to upvote."""

    def open_(exercise: str) -> dict[str, int]:
        poll = open_poll(exercise)
        ids = {"poll": poll.id, "item": 0}
        if session.exercise_of(poll).kind.is_board:
            poster = session.join("Poster")
            ids["item"] = session.post(poster.token, poll.id, "Someone else's idea").id
        return ids

    return open_


@contextlib.asynccontextmanager
async def serving(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan running, and a client calling it on this event loop:
    a fifth of the cost of a request through TestClient's worker thread."""
    events, replies = asyncio.Queue(), asyncio.Queue()
    running = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, events.get, replies.put))
    await events.put({"type": "lifespan.startup"})
    assert (await replies.get())["type"] == "lifespan.startup.complete"
    # Server errors come back as the 500 a phone would see, not as the exception.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://room.test") as client:
            yield client
    finally:
        await events.put({"type": "lifespan.shutdown"})
        await replies.get()
        await running


@dataclass
class Probe:
    """Sends hostile requests, each from a newly joined phone, and says what went wrong."""

    app: ASGIApp
    session: LiveSession
    rows: Callable[[Store], dict[str, list[tuple]]]
    limiter_clock: ManualClock
    cookie: str
    # What every phone and the trainer read, and a phone that reads them.
    reads: tuple[str, ...]
    reader: str

    def survives(
        self, values: list[Hostile], send: Callable[[Hostile], Callable], *, as_attendee: bool = True,
        refuse: Callable[[Hostile], bool] = lambda value: False, text_key: str | None = None,
    ) -> None:
        """Sends every value; then what phones got stored, everyone else can still read."""

        async def every_value() -> list[str]:
            found = []
            async with serving(self.app) as client:
                for value in values:
                    problem = await self._attempt(client, send(value), as_attendee, refuse(value), text_key)
                    if problem is not None:
                        found.append(f"{value.label}: {problem}")
                for path in self.reads:
                    if (seen := await self._as(client, self.reader).get(path)).status_code != 200:
                        found.append(f"then {path} gave {seen.status_code} {seen.text[:100]!r}")
            return found

        found = asyncio.run(every_value())
        assert not found, f"{len(found)} of {len(values)} values:\n" + "\n".join(found)

    def _as(self, client: httpx.AsyncClient, token: str | None) -> httpx.AsyncClient:
        client.cookies.clear()
        if token:
            client.cookies.set(self.cookie, token)
        return client

    async def _attempt(
        self, client: httpx.AsyncClient, send: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
        as_attendee: bool, refuse: bool, text_key: str | None,
    ) -> str | None:
        self.limiter_clock.advance(60)  # every value meets full rate-limit buckets
        phone = self._as(client, self.session.join("Tester").token if as_attendee else None)
        before = self.rows(self.session.store)
        response = await send(phone)
        changed = self.rows(self.session.store) != before
        if response.status_code >= 400:
            return _refusal_problem(response, changed, text_key)
        if refuse:
            return f"{response.status_code}: accepted"
        if changed and response.headers.get("content-type") == "application/json":
            bad = [s for s in _strings(response.json()) if not is_fit_to_show(s)]
            if bad:
                return f"{response.status_code}: accepted text unfit to show: {bad!r}"
        return None


@pytest.fixture
def probe(session, rows, limiter_clock, api, remote, phone_server) -> Probe:
    reads = (api("state"), api("me"), remote("state"))
    return Probe(phone_server.app, session, rows, limiter_clock, phone_server.cookie, reads, session.join("Reader").token)


def _refusal_problem(response, changed: bool, text_key: str | None) -> str | None:
    status, kind = response.status_code, response.headers.get("content-type")
    if status >= 500 or kind != "application/json":
        return f"{status} as {kind}: {response.text[:100]!r}"
    error, field = response.json().get("error"), response.json().get("field")
    if not isinstance(error, str) or not error:
        return f"{status} without an error message: {response.text[:100]!r}"
    if text_key and status == 422 and field != text_key:
        return f"{status} {error!r} names the field {field!r}, not {text_key!r}"
    if changed:
        return f"{status} {error!r}, yet rows changed"
    return None


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


# -- every field of every body ---------------------------------------------------------


@pytest.mark.parametrize("field", ATTENDEE_FIELDS, ids=lambda f: f.id)
def test_every_attendee_field_survives_the_corpus(probe, room, api, field):
    ids = room(field.exercise)
    send = lambda value: lambda c: c.post(api(field.route), content=field.fill(value, ids), headers=JSON)
    probe.survives(CORPUS, send, as_attendee=field.route != "join", text_key=field.text_key)


@pytest.mark.parametrize("field", REMOTE_FIELDS, ids=lambda f: f.id)
def test_every_remote_field_survives_the_corpus(probe, room, remote, field):
    ids = room(field.exercise)
    send = lambda value: lambda c: c.post(remote(field.route), content=field.fill(value, ids), headers=JSON)
    probe.survives(CORPUS, send, as_attendee=False)


@pytest.mark.parametrize("route", ATTENDEE_POSTS)
def test_every_attendee_route_survives_hostile_bodies(probe, room, api, route):
    room("ideas")
    send = lambda body: lambda c: c.post(api(route), content=body.json, headers=JSON)
    probe.survives(BODIES, send, as_attendee=route != "join")


@pytest.mark.parametrize("action", REMOTE_ACTIONS)
def test_every_remote_action_survives_hostile_bodies(probe, room, remote, action):
    room("questions")
    send = lambda body: lambda c: c.post(remote(action), content=body.json, headers=JSON)
    probe.survives(BODIES, send, as_attendee=False)


# -- paths and cookies -------------------------------------------------------------------


def _segment(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/api/$slot/state"), ("POST", "/api/$slot/join"), ("GET", "/api/remote/$slot/state"),
     ("POST", "/api/remote/$slot/next"), ("POST", "/api/remote/$secret/$slot"), ("GET", "/static/$slot"),
     ("GET", "/$slot")],
)
def test_every_path_segment_survives_the_corpus(probe, session, method, path):
    def send(value: Hostile):
        url = Template(path).substitute(slot=_segment(value.text), secret=session.trainer_secret)
        return lambda c: c.request(method, url, content=b'{"name": "Ana"}', headers=JSON)

    # A URL has a length limit of its own, before any server sees it.
    values = [v for v in text_values() if len(v.text) < 2000]
    probe.survives(values, send, as_attendee=False)


# Numbers as a query string writes them: some that int() takes and an id must not be.
QUERY_NUMBERS = [Hostile(f"query number {n!r}", b"", n) for n in
                 ("0", "-1", "+1", " 1", "1.0", "\u00b2", "\u0661", "9" * 18, "9" * 19, "1" * 5000, "0x1", "1e3")]


@pytest.mark.parametrize(
    "route, query",
    [("items", "poll=$slot"), ("items", "poll=$poll&after=$slot"), ("items", "poll=$poll&poll=$slot"),
     ("state", "$slot=$slot"), ("certificate.pdf", "attendee=$slot")],
)
def test_every_query_value_survives_the_corpus(probe, room, api, route, query):
    ids = room("ideas")

    def send(value: Hostile):
        url = api(route) + "?" + Template(query).substitute(ids, slot=_segment(value.text))
        return lambda c: c.get(url)

    values = [v for v in text_values() + QUERY_NUMBERS if len(v.text) < 6000]
    probe.survives(values, send)


@pytest.mark.parametrize(
    "method, route",
    [("GET", "me"), ("GET", "events"), ("GET", "certificate.pdf"), ("POST", "answer")],
)
def test_the_attendee_cookie_survives_the_corpus(probe, room, api, phone_server, method, route):
    ids = room("pick-one")

    def send(value: Hostile):
        cookie = f"{phone_server.cookie}={value.text}".encode("utf-8", "surrogatepass")
        headers = [(b"content-type", b"application/json"), (b"cookie", cookie)]
        body = f'{{"poll": {ids["poll"]}, "answer": 0, "name": "Ana"}}'
        return lambda c: c.request(method, api(route), content=body, headers=headers)

    values = [v for v in text_values() if not any(ch in v.text for ch in "\r\n\0")]
    probe.survives(values, send, as_attendee=False)


# -- what was accepted prints -----------------------------------------------------------


def test_every_accepted_name_and_idea_prints(phone_server, session, open_poll, api, limiter_clock):
    """Text is refused when typed, or it prints: never a refusal at the end of the day."""
    board = open_poll("ideas")
    cookie = phone_server.cookie

    async def accept_then_print() -> tuple[list[str], int]:
        async with serving(phone_server.app) as client:
            names, ideas = {}, 0
            for value in text_values():
                limiter_clock.advance(60)
                client.cookies.clear()
                joined = await client.post(api("join"), content=b'{"name": %s}' % value.json, headers=JSON)
                if joined.status_code == 201:
                    names[value.label] = client.cookies.get(cookie)
                # A new poster now and then: each may post only so many ideas to a board.
                client.cookies.set(cookie, session.join(f"Poster {ideas // 10}").token)
                body = b'{"poll": %d, "text": %s}' % (board.id, value.json)
                ideas += (await client.post(api("post"), content=body, headers=JSON)).status_code == 200
            names["the handout"] = session.join("Reader").token
            session.end()
            found = []
            for label, token in names.items():
                client.cookies.clear()
                client.cookies.set(cookie, token)
                response = await client.get(api("handout.pdf" if label == "the handout" else "certificate.pdf"))
                if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
                    found.append(f"{label}: {response.status_code} {response.text[:200]!r}")
            return found, len(names)

    found, documents = asyncio.run(accept_then_print())
    assert not found, f"{len(found)} of {documents} documents:\n" + "\n".join(found)


def test_every_accepted_name_and_idea_is_exported_as_typed(session, open_poll, tmp_path):
    """In the CSV files, as typed, and never as a formula a spreadsheet would run."""
    board = open_poll("ideas").id
    for n, value in enumerate(text_values()):
        with contextlib.suppress(DomainError):
            session.join(value.text)
        with contextlib.suppress(DomainError):
            session.post(session.join(f"Poster {n}").token, board, value.text)
    exported = {
        "Name": ([a.name for a in session.attendees()], export_attendance(session, tmp_path / "attendance.csv")),
        "Text": ([i.text for i in session.items(board)], export_ideas(session, tmp_path / "ideas.csv")),
    }
    for column, (typed, path) in exported.items():
        with path.open(encoding="utf-8-sig", newline="") as file:
            cells = [row[column] for row in csv.DictReader(file)]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert sorted(cell[1:] if cell[1:].startswith(FORMULA_STARTS) else cell for cell in cells) == sorted(typed)


# -- one phone's answer never fails another's ----------------------------------------------


def _decoded() -> list[tuple[str, object]]:
    """The corpus values as the server's JSON parser hands them on, where it can."""
    found = []
    for value in CORPUS:
        try:
            found.append((value.label, json.loads(value.json)))
        except (ValueError, RecursionError):
            pass  # refused before any answer is recorded
    return found


@pytest.mark.parametrize(
    "exercise, wrap",
    [("words", lambda v: v), ("words", lambda v: ["tea", v]), ("pick-some", lambda v: [v]), ("rate-many", lambda v: [3, v])],
    ids=["words", "words-entry", "pick-some-entry", "rate-many-entry"],
)
def test_a_hostile_answer_in_a_batch_fails_nobody_else(phone_server, session, open_poll, exercise, wrap):
    poll = open_poll(exercise)
    good = {"words": ["tea"], "pick-some": [0], "rate-many": [3, 4]}[exercise]

    async def burst(value: object) -> list:
        # Answers that arrive in one turn of the event loop share one transaction.
        tokens = [session.join(name).token for name in ("Before", "Hostile", "After")]
        answers = [Answer(tokens[0], poll.id, good), Answer(tokens[1], poll.id, wrap(value)), Answer(tokens[2], poll.id, good)]
        return await asyncio.gather(*(phone_server.answers.submit(a) for a in answers), return_exceptions=True)

    async def every_value() -> list[str]:
        found = []
        for label, value in _decoded():
            before, hostile, after = await burst(value)
            if not isinstance(hostile, (ResponseRecord, DomainError)):
                found.append(f"{label}: the hostile answer raised {hostile!r}")
            if not (isinstance(before, ResponseRecord) and isinstance(after, ResponseRecord)):
                found.append(f"{label}: the others got {before!r}, {after!r}")
        return found

    found = asyncio.run(every_value())
    assert not found, f"{len(found)} values:\n" + "\n".join(found)


def _header_values() -> list[Hostile]:
    # What a header cannot hold at all (a line break, NUL) never reaches a server as one.
    return [v for v in text_values() if not any(ch in v.text for ch in "\r\n\0") and len(v.text) < 20_000]


HEADERS = {
    "host": lambda value: [(b"host", value)],
    # Two Host headers are a bad request whichever comes first (RFC 9112, 3.2).
    "host, before ours": lambda value: [(b"host", value), (b"host", b"room.test")],
    "host, after ours": lambda value: [(b"host", b"room.test"), (b"host", value)],
    "origin": lambda value: [(b"origin", value)],
    "content-type": lambda value: [(b"content-type", value)],
}


@pytest.mark.parametrize("header", list(HEADERS))
@pytest.mark.parametrize("path", ["/api/$code/join", "/api/remote/$secret/next"])
def test_every_header_survives_the_corpus(probe, session, header, path):
    url = Template(path).substitute(code=session.code, secret=session.trainer_secret)

    def send(value: Hostile):
        headers = [(b"content-type", b"application/json"), *HEADERS[header](value.text.encode("utf-8", "surrogatepass"))]
        return lambda c: c.post(url, content=b'{"name": "Ana"}', headers=headers)

    # No value of the corpus names this server: a write under another Host or Origin is refused.
    refuse = header != "content-type"
    probe.survives(_header_values(), send, as_attendee=False, refuse=lambda value: refuse)


def test_the_corpus_has_every_unicode_category():
    assert {unicodedata.category(ch) for ch in CATEGORY_SAMPLES.values()} == ALL_CATEGORIES == set(CATEGORY_SAMPLES)
