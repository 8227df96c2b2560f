"""Answers of one event-loop turn share a commit, and one bad answer fails only itself."""

import asyncio
import json

import pytest

from facilitator.core.errors import DomainError
from facilitator.core.session import Answer
from facilitator.live.commits import AnswerBatcher, DurableAcks
from facilitator.live.faults import FAULT_MESSAGE

ROOM = 50


@pytest.fixture
def voters(session):
    return [session.join(f"Phone {n}") for n in range(ROOM)]


def _batch_sizes(session, monkeypatch) -> list[int]:
    """The sizes of the batches answers are recorded in, to show they really shared one."""
    sizes = []
    respond_all = session.respond_all

    def spy(batch):
        sizes.append(len(batch))
        return respond_all(batch)

    monkeypatch.setattr(session, "respond_all", spy)
    return sizes


def _submit_together(session, answers: list[Answer]) -> list:
    """Submit every answer in one turn of the event loop: each one's outcome."""

    async def run():
        batcher = AnswerBatcher(session, DurableAcks(session.store))
        return await asyncio.gather(*(batcher.submit(a) for a in answers), return_exceptions=True)

    return asyncio.run(run())


async def _post(app, path: str, cookie: str, body: bytes) -> tuple[int, dict]:
    """One request straight into the ASGI app: no client library's own scheduling
    between the phones, so that all of them land in one turn of the event loop."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("room.test", 80),
        "headers": [
            (b"host", b"room.test"), (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()), (b"cookie", cookie.encode()),
        ],
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


def _answer_over_http(phone_server, api, voters, bodies: list[dict]) -> list[tuple[int, dict]]:
    async def run():
        return await asyncio.gather(*(
            _post(phone_server.app, api("answer"), f"{phone_server.cookie}={v.token}", json.dumps(b).encode())
            for v, b in zip(voters, bodies)
        ))

    return asyncio.run(run())


def _fail_once_for(store, monkeypatch, attendee_id: int) -> None:
    """A fault nobody foresaw: the store refuses one attendee's answer, once."""
    save = store.save_response
    failed = []

    def save_response(poll_id, who, *args):
        if who == attendee_id and not failed:
            failed.append(who)
            raise RuntimeError("injected fault")
        return save(poll_id, who, *args)

    monkeypatch.setattr(store, "save_response", save_response)


def test_a_poisoned_word_fails_only_itself(session, open_poll, voters, monkeypatch):
    poll = open_poll("words")
    batches = _batch_sizes(session, monkeypatch)
    answers = [Answer(v.token, poll.id, f"word{n}") for n, v in enumerate(voters)]
    answers[17] = Answer(voters[17].token, poll.id, "\ud800")
    outcomes = _submit_together(session, answers)
    assert batches == [ROOM]
    assert isinstance(outcomes[17], Exception)
    stored = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(stored) == ROOM - 1 == session.store.response_count(poll.id)


def test_an_unforeseen_fault_fails_only_its_own_answer(session, open_poll, voters, monkeypatch):
    poll = open_poll("pick-one")
    _fail_once_for(session.store, monkeypatch, voters[3].id)
    batches = _batch_sizes(session, monkeypatch)
    outcomes = _submit_together(session, [Answer(v.token, poll.id, 1) for v in voters])
    assert batches == [ROOM]
    assert isinstance(outcomes[3], RuntimeError) and not isinstance(outcomes[3], DomainError)
    assert session.store.response_count(poll.id) == ROOM - 1
    assert session.response_count(poll.id) == ROOM - 1
    assert session.response_of(voters[3].token, poll.id) is None
    # The same phone's retry is recorded: nothing of the failed attempt lingers.
    assert session.respond(voters[3].token, poll.id, 1).answer == 1
    assert session.store.response_count(poll.id) == ROOM


def test_a_refused_answer_in_a_batch_gets_its_own_reason(session, open_poll, voters):
    poll = open_poll("pick-one")
    answers = [Answer(v.token, poll.id, 0) for v in voters]
    answers[0] = Answer(voters[0].token, poll.id, 99)
    outcomes = _submit_together(session, answers)
    assert isinstance(outcomes[0], DomainError) and "99" in str(outcomes[0])
    assert session.store.response_count(poll.id) == ROOM - 1


def test_the_batch_commits_once(session, open_poll, voters):
    poll = open_poll("pick-one")
    events = []
    session.events.subscribe(events.append)
    _submit_together(session, [Answer(v.token, poll.id, 2) for v in voters])
    assert [e.responses for e in events] == list(range(1, ROOM + 1))


def test_over_http_the_others_are_acknowledged_and_the_fault_is_a_json_500(
    phone_server, api, session, open_poll, voters, monkeypatch
):
    poll = open_poll("pick-one")
    _fail_once_for(session.store, monkeypatch, voters[9].id)
    batches = _batch_sizes(session, monkeypatch)
    answers = _answer_over_http(phone_server, api, voters, [{"poll": poll.id, "answer": 2}] * ROOM)
    assert batches == [ROOM]
    assert answers.pop(9) == (500, {"error": FAULT_MESSAGE})
    assert answers == [(200, {"poll": poll.id, "answer": 2})] * (ROOM - 1)
    assert session.store.response_count(poll.id) == ROOM - 1


def test_over_http_a_poisoned_word_is_refused_and_the_others_saved(phone_server, api, session, open_poll, voters):
    poll = open_poll("words")
    bodies = [{"poll": poll.id, "answer": f"word{n}"} for n in range(ROOM)]
    bodies[0]["answer"] = "\ud800"
    status, refusal = _answer_over_http(phone_server, api, voters, bodies)[0]
    assert status >= 400 and refusal["error"]
    assert session.store.response_count(poll.id) == ROOM - 1
