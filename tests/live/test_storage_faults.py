"""While the laptop cannot save, phones hear 503 in words and nothing changes; once it
can, they carry on."""

import logging

import pytest

from facilitator.live.phone_app import CANNOT_SAVE


@pytest.fixture
def room(join, api, open_poll, session):
    """Ana and Bo have joined; the ideas board holds one idea of Bo's, then the word
    cloud is open."""
    ana, bo = join("Ana"), join("Bo")
    board = open_poll("ideas")
    idea = bo.post(api("post"), json={"poll": board.id, "text": "Write the policy"}).json()
    session.close_poll(board.id)
    poll = open_poll("words")
    return ana, poll, idea


def test_phones_hear_503_while_the_disk_is_full_and_nothing_changes(
    room, client, api, session, rows, disk_full, caplog,
):
    ana, poll, _ = room
    before = rows(session.store)
    disk_full(session.store)
    with caplog.at_level(logging.WARNING):
        refused = [
            ana.post(api("answer"), json={"poll": poll.id, "answer": ["privacy"]}),
            ana.post(api("name"), json={"name": "Ana Lima"}),
            client.post(api("join"), json={"name": "Chiara"}),
        ]
    for response in refused:
        assert response.status_code == 503, response.text
        assert response.json() == {"error": CANNOT_SAVE}
        assert response.headers["retry-after"] == "5"
    assert not caplog.records  # no traceback per request: the store's health says it once
    assert ana.get(api("me")).status_code == 200  # reading still works
    disk_full(session.store, False)
    assert rows(session.store) == before
    assert session.state().attendees == 2


def test_once_the_disk_has_room_again_the_same_requests_succeed(room, api, session, disk_full):
    ana, poll, _ = room
    disk_full(session.store)
    answer = {"poll": poll.id, "answer": ["privacy"]}
    assert ana.post(api("answer"), json=answer).status_code == 503
    assert session.store.health.cause == "the disk is full"
    disk_full(session.store, False)
    assert ana.post(api("answer"), json=answer).status_code == 200
    assert session.store.health.cause is None
    assert session.response_count(poll.id) == 1


def test_posts_and_upvotes_hear_503_too(join, api, open_poll, session, disk_full, rows):
    ana, bo = join("Ana"), join("Bo")
    board = open_poll("ideas")
    idea = bo.post(api("post"), json={"poll": board.id, "text": "Write the policy"}).json()
    before = rows(session.store)
    disk_full(session.store)
    assert ana.post(api("post"), json={"poll": board.id, "text": "Train people"}).status_code == 503
    assert ana.post(api("upvote"), json={"item": idea["id"]}).status_code == 503
    disk_full(session.store, False)
    assert rows(session.store) == before
    assert ana.post(api("upvote"), json={"item": idea["id"]}).json()["upvotes"] == 1


def test_the_trainers_remote_hears_503_too(client, session, disk_full):
    disk_full(session.store)
    response = client.post(f"/api/remote/{session.trainer_secret}/next", json={})
    assert (response.status_code, response.json()) == (503, {"error": CANNOT_SAVE})
    disk_full(session.store, False)
    assert session.current_slide == 0


def test_a_phone_that_only_reads_is_answered_while_saving_fails(room, api, session, clock, disk_full):
    ana, _, _ = room
    clock.advance(3600)  # long enough for its last-seen time to be due a refresh
    disk_full(session.store)
    assert ana.get(api("me")).json()["name"] == "Ana"
    assert ana.get(api("state")).status_code == 200
