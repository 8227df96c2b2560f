"""Every route of the phone server, and every kind of bad request it must refuse."""

import json

import pytest

from facilitator.core import operations

# -- pages and assets ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/ABCDE", "/static/common.js", "/static/phone.js", "/static/phone.css", "/static/remote.js"])
def test_pages_and_assets_are_served_as_utf8(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].endswith("charset=utf-8")


def test_every_response_carries_the_security_headers(client, api):
    for response in (client.get("/"), client.get(api("state")), client.get("/api/ping"), client.get("/nope/x")):
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("name", ["phone.html", "..%2Fapp.py", "nope.js", "app.py", "favicon.svg", "favicon.ico.js"])
def test_only_the_listed_assets_are_served(client, name):
    assert client.get(f"/static/{name}").status_code == 404


def test_the_icon_is_an_icon_kept_for_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.content.startswith(b"\0\0\1\0")  # an ICO file
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.headers.get_list("cache-control") == ["public, max-age=86400"]


@pytest.mark.parametrize("path", ["/", "/static/phone.js", "/api/ping", "/nope/x"])
def test_pages_and_answers_are_never_stored(client, path):
    assert client.get(path).headers.get_list("cache-control") == ["no-store"]


def test_the_remote_page_needs_the_secret(client, session):
    assert client.get(f"/remote/{session.trainer_secret}").status_code == 200
    assert client.get("/remote/guess").status_code == 404


def test_ping(client):
    assert client.get("/api/ping").json() == {"ok": True}


# -- joining -------------------------------------------------------------------------


def test_join_sets_a_cookie_and_the_state_follows(client, api, session):
    response = client.post(api("join"), json={"name": "  Łucja  Kowalska "})
    assert response.status_code == 201
    assert response.json() == {"name": "Łucja Kowalska"}
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get(api("me")).json() == {"name": "Łucja Kowalska", "poll": None}
    assert client.get(api("state")).json()["attendees"] == 1


def test_the_code_is_case_insensitive(client, session):
    assert client.get(f"/api/{session.code.lower()}/state").status_code == 200


def test_joining_twice_from_one_phone_is_one_attendee(client, api, session):
    assert client.post(api("join"), json={"name": "Ana"}).status_code == 201
    again = client.post(api("join"), json={"name": "Ana"})
    assert again.status_code == 200 and again.json() == {"name": "Ana"}
    assert len(session.attendees()) == 1


def test_a_join_tapped_twice_before_the_cookie_came_is_one_attendee(new_phone, phone_server, api, session):
    # Two requests with no cookie yet: the second went out before the first answered.
    first, second = new_phone(), new_phone()
    answers = [c.post(api("join"), json={"name": "Ana", "join_key": "c2a4f1"}) for c in (first, second)]
    assert [a.status_code for a in answers] == [201, 201]
    assert first.cookies[phone_server.cookie] == second.cookies[phone_server.cookie]
    assert len(session.attendees()) == 1


def test_joins_without_a_key_are_different_people(client, api, session):
    for _ in range(2):
        assert client.post(api("join"), json={"name": "Ana"}).status_code == 201
        client.cookies.clear()
    assert len(session.attendees()) == 2


def test_an_attendee_can_fix_their_name(join, api, session):
    phone = join("Jon")
    assert phone.post(api("name"), json={"name": "John"}).json() == {"name": "John"}
    assert [a.name for a in session.attendees()] == ["John"]


def test_me_tells_a_phone_it_has_not_joined(client, api):
    response = client.get(api("me"))
    assert response.status_code == 200 and response.json() == {"name": None, "poll": None}


def test_a_forged_cookie_is_not_an_attendee(client, api, phone_server, open_poll):
    poll = open_poll("pick-one")
    client.cookies.set(phone_server.cookie, "made-up-token")
    assert client.get(api("me")).json() == {"name": None, "poll": None}
    assert client.post(api("answer"), json={"poll": poll.id, "answer": 0}).status_code == 401


# -- bad requests: a clear 4xx, and nothing changes ------------------------------------

BAD_JOINS = [
    ("not json", {"content-type": "application/json"}, 400, "not valid JSON"),
    ("[1, 2]", {"content-type": "application/json"}, 400, "JSON object"),
    ('{"name": 42}', {"content-type": "application/json"}, 422, "must be text"),
    ('{"name": ""}', {"content-type": "application/json"}, 422, "is empty"),
    ('{}', {"content-type": "application/json"}, 422, "must be text"),
    ('{"name": "' + "x" * 81 + '"}', {"content-type": "application/json"}, 422, "longer than 80"),
    ('{"name": "Ana"}', {"content-type": "text/plain"}, 415, "send JSON"),
    ('{"name": "Ana"}', {}, 415, "send JSON"),
    ('{"name": "Ana", "join_key": "a b"}', {"content-type": "application/json"}, 422, "join key"),
    (b'{"name": "\xff"}', {"content-type": "application/json"}, 400, "not valid JSON"),
    ('{"name": "' + "x" * 5000 + '"}', {"content-type": "application/json"}, 413, "larger than 4,096"),
]


@pytest.mark.parametrize("body, headers, status, message", BAD_JOINS)
def test_a_bad_join_is_refused_and_changes_nothing(client, api, session, rows, body, headers, status, message):
    before = rows(session.store)
    response = client.post(api("join"), content=body, headers=headers)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert "set-cookie" not in response.headers
    assert rows(session.store) == before


def test_a_chunked_body_over_the_cap_is_refused(client, api, session, rows):
    before = rows(session.store)

    def chunks():
        for _ in range(10):
            yield b'{"name": "' + b"x" * 500

    response = client.post(api("join"), content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert rows(session.store) == before


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "join", 405), ("PUT", "answer", 405), ("DELETE", "state", 405),
        ("POST", "state", 405), ("GET", "nowhere", 404),
    ],
)
def test_wrong_methods_and_routes_get_json_errors(client, api, method, path, status):
    response = client.request(method, api(path))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]


def test_a_wrong_code_is_not_found(client):
    response = client.post("/api/WRONG/join", json={"name": "Ana"})
    assert response.status_code == 404 and "check the code" in response.json()["error"]


def test_guessing_codes_is_slowed_down(client, api, limiter_clock):
    for _ in range(10):
        assert client.get("/api/NOPE1/state").status_code == 404
    blocked = client.get(api("state"))
    assert blocked.status_code == 429 and "wrong codes" in blocked.json()["error"]
    limiter_clock.advance(61)
    assert client.get(api("state")).status_code == 200


# -- answering -----------------------------------------------------------------------


def test_an_answer_is_saved_and_shown_back(join, api, open_poll, session):
    poll = open_poll("pick-one")
    phone = join()
    response = phone.post(api("answer"), json={"poll": poll.id, "answer": 2})
    assert response.json() == {"poll": poll.id, "answer": 2}
    assert phone.get(api("me")).json()["poll"] == {"id": poll.id, "answer": 2}
    assert session.tally(poll.id).respondents == 1


def test_a_double_tap_is_counted_once(join, api, open_poll, session):
    poll = open_poll("pick-some")
    phone = join()
    for _ in range(2):
        assert phone.post(api("answer"), json={"poll": poll.id, "answer": [0, 1]}).status_code == 200
    assert session.tally(poll.id).respondents == 1


@pytest.mark.parametrize(
    "exercise_id, body, status, message",
    [
        ("pick-one", {"poll": 999, "answer": 0}, 404, "no poll 999"),
        ("pick-one", {"poll": "1", "answer": 0}, 400, "`poll` must be a number"),
        ("pick-one", {"poll": True, "answer": 0}, 400, "`poll` must be a number"),
        ("pick-one", {"answer": 0}, 400, "`poll` must be a number"),
        ("pick-one", {"poll": 1, "answer": 7}, 422, "no option 7"),
        ("pick-one", {"poll": 1, "answer": "Red"}, 422, "whole number"),
        ("pick-some", {"poll": 1, "answer": [0, 1, 2]}, 422, "at most 2"),
        ("rate", {"poll": 1, "answer": 9}, 422, "from 1 to 5"),
        ("words", {"poll": 1, "answer": ["x" * 41]}, 422, "longer than 40"),
        ("ideas", {"poll": 1, "answer": "an idea"}, 422, "takes posts"),
    ],
)
def test_a_bad_answer_is_refused_and_changes_nothing(join, api, open_poll, session, rows, exercise_id, body, status, message):
    open_poll(exercise_id)
    phone = join()
    before = rows(session.store)
    response = phone.post(api("answer"), json=body)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert rows(session.store) == before


def test_an_answer_to_a_closed_poll_is_refused(join, api, open_poll, session, rows):
    poll = open_poll("pick-one")
    phone = join()
    session.close_poll()
    before = rows(session.store)
    response = phone.post(api("answer"), json={"poll": poll.id, "answer": 0})
    assert response.status_code == 409 and "closed" in response.json()["error"]
    assert rows(session.store) == before


def test_a_quiz_answer_cannot_be_changed(join, api, open_poll, session, rows):
    poll = open_poll("quiz")
    phone = join()
    assert phone.post(api("answer"), json={"poll": poll.id, "answer": [1]}).status_code == 200
    before = rows(session.store)
    response = phone.post(api("answer"), json={"poll": poll.id, "answer": [0]})
    assert response.status_code == 409 and "final" in response.json()["error"]
    assert rows(session.store) == before


def test_answering_needs_a_joined_phone(client, api, open_poll):
    poll = open_poll("pick-one")
    assert client.post(api("answer"), json={"poll": poll.id, "answer": 0}).status_code == 401


def test_a_phone_answering_too_fast_is_slowed_down(join, api, open_poll, limiter_clock):
    poll = open_poll("pick-one")
    phone = join()
    statuses = [phone.post(api("answer"), json={"poll": poll.id, "answer": n % 3}).status_code for n in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    limiter_clock.advance(1)
    assert phone.post(api("answer"), json={"poll": poll.id, "answer": 0}).status_code == 200


# -- boards --------------------------------------------------------------------------


def test_ideas_are_posted_once_and_upvoted_by_others(join, api, open_poll, session):
    poll = open_poll("ideas")
    ana, bo = join("Ana"), join("Bo")
    posted = ana.post(api("post"), json={"poll": poll.id, "text": "Lunch club", "request_id": "r-1"})
    again = ana.post(api("post"), json={"poll": poll.id, "text": "Lunch club", "request_id": "r-1"})
    assert posted.json() == again.json() == {"id": posted.json()["id"], "text": "Lunch club"}
    item = posted.json()["id"]
    assert bo.post(api("upvote"), json={"item": item}).json() == {"id": item, "upvotes": 1, "on": True}
    assert bo.get(api("me")).json()["poll"] == {
        "id": poll.id, "posts": [], "upvoted": [item],
        "items": [{"id": item, "text": "Lunch club", "upvotes": 1, "answered": False}],
    }
    assert ana.get(api("me")).json()["poll"]["posts"] == [item]
    assert bo.post(api("upvote"), json={"item": item, "on": False}).json()["upvotes"] == 0


@pytest.mark.parametrize(
    "voter, body, status, message",
    [
        ("Bo", {"item": "1"}, 400, "`item` must be a number"),
        ("Bo", {"item": 999}, 404, "no item 999"),
        ("Bo", {"item": 1, "on": "yes"}, 400, "`on` must be true or false"),
        pytest.param("Ana", {"item": 1}, 409, "your own", id="ones-own-idea"),
    ],
)
def test_a_bad_upvote_is_refused_and_changes_nothing(join, api, open_poll, session, rows, voter, body, status,
                                                     message):
    poll = open_poll("ideas")
    phones = {name: join(name) for name in ("Ana", "Bo")}
    assert phones["Ana"].post(api("post"), json={"poll": poll.id, "text": "Idea"}).json()["id"] == 1
    before = rows(session.store)
    response = phones[voter].post(api("upvote"), json=body)
    assert response.status_code == status and message in response.json()["error"]
    assert rows(session.store) == before


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"poll": 1, "text": "x" * 281}, 422, "longer than 280"),
        ({"poll": 1, "text": "   "}, 422, "is empty"),
        ({"poll": 1, "text": ["a"]}, 422, "must be text"),
        ({"poll": 1, "text": "ok", "request_id": 5}, 400, "`request_id` must be text"),
    ],
)
def test_a_bad_post_is_refused_and_changes_nothing(join, api, open_poll, session, rows, body, status, message):
    open_poll("ideas")
    phone = join()
    before = rows(session.store)
    response = phone.post(api("post"), json=body)
    assert response.status_code == status and message in response.json()["error"]
    assert rows(session.store) == before


def test_a_hidden_post_leaves_the_phones_view_but_not_its_authors(join, api, open_poll, session, client):
    poll = open_poll("questions")
    author, other = join("Ana"), join("Bo")
    item = author.post(api("post"), json={"poll": poll.id, "text": "Rude?"}).json()["id"]
    other.post(api("upvote"), json={"item": item})
    session.moderate(item, hidden=True)
    shown = client.get(api("state")).json()["poll"]
    assert (shown["items"], shown["hidden"]) == ([], [item])  # its id only: no text
    assert [i["text"] for i in author.get(api("me")).json()["poll"]["items"]] == ["Rude?"]
    assert other.get(api("me")).json()["poll"]["items"] == []
    session.moderate(item, hidden=False)
    assert client.get(api("state")).json()["poll"]["hidden"] == []


# -- what phones see -----------------------------------------------------------------


def test_results_reach_phones_only_once_revealed(client, api, open_poll, session, join):
    poll = open_poll("quiz")
    join().post(api("answer"), json={"poll": poll.id, "answer": [1]})
    shown = client.get(api("state")).json()["poll"]
    assert "results" not in shown and "correct" not in json.dumps(shown)
    assert shown["time_left"] == 20.0
    session.reveal_results()
    results = client.get(api("state")).json()["poll"]["results"]
    assert [o["correct"] for o in results["options"]] == [False, True]
    assert results["leaderboard"] == [{"rank": 1, "name": "Ana", "points": 1000}]


def test_the_quiz_score_is_the_attendees_own(join, api, open_poll, session, clock):
    poll = open_poll("quiz")
    phone = join()
    clock.advance(10)
    phone.post(api("answer"), json={"poll": poll.id, "answer": [1]})
    assert "score" not in phone.get(api("me")).json()["poll"]
    session.reveal_results()
    assert phone.get(api("me")).json()["poll"]["score"] == 750


def test_an_attendee_who_did_not_answer_a_quiz_still_has_a_standing(join, api, open_poll, session):
    poll = open_poll("quiz")
    ana, bo = join("Ana"), join("Bo")
    ana.post(api("answer"), json={"poll": poll.id, "answer": [1]})
    assert "standing" not in bo.get(api("me")).json()["poll"]  # not before the results show
    session.reveal_results()
    assert ana.get(api("me")).json()["poll"]["standing"] == {"rank": 1, "points": 1000}
    assert bo.get(api("me")).json()["poll"]["standing"] == {"rank": 2, "points": 0}


# -- the trainer remote --------------------------------------------------------------


def test_the_remote_drives_the_session(client, remote, session, workshop):
    quiz_slide = next(s.index for s in workshop.deck.slides if s.exercise_id == "pick-one")
    assert client.post(remote("goto"), json={"slide": quiz_slide}).status_code == 200
    for action in ("open", "reveal", "close"):
        assert client.post(remote(action), json={}).json() == {"ok": True}
    assert client.post(remote("next"), json={}).status_code == 200
    assert client.post(remote("previous"), json={}).status_code == 200
    poll = session.poll_on_slide()
    assert session.current_slide == quiz_slide and poll.revealed and not poll.is_open
    state = client.get(remote("state")).json()
    assert state["poll"]["results"]["respondents"] == 0 and state["slide"]["notes"]


def test_the_remotes_next_turns_the_pages_of_the_results_first(client, remote, session):
    """As the window's next key does: the projector said the results take two pages."""
    session.go_to_slide(3)
    operations.lay_out_results(session, 3, 2)
    assert client.get(remote("state")).json()["screen"]["pages"] == 2
    client.post(remote("next"), json={})
    assert (session.current_slide, session.screen.result_page) == (3, 1)
    assert client.get(remote("state")).json()["screen"]["page"] == 2
    client.post(remote("next"), json={})
    assert (session.current_slide, session.screen.result_page) == (4, 0)


def test_the_remote_moderates_posts(client, remote, join, api, open_poll, session):
    poll = open_poll("questions")
    item = join().post(api("post"), json={"poll": poll.id, "text": "When?"}).json()["id"]
    client.post(remote("hide"), json={"item": item})
    assert session.items(poll.id) == []
    client.post(remote("unhide"), json={"item": item})
    client.post(remote("answered"), json={"item": item})
    shown = client.get(remote("state")).json()["poll"]
    assert shown["newest"] == [{"id": item, "text": "When?", "upvotes": 0, "answered": True, "hidden": False}]
    assert (shown["count"], shown["hidden"], shown["items"][0]["id"]) == (1, 0, item)


@pytest.mark.parametrize("actions, screen", [
    (["black"], {"blank": "black", "join_bar": True, "page": 1, "pages": 1}),
    (["white", "white"], {"blank": "white", "join_bar": True, "page": 1, "pages": 1}),
    (["black", "unblank"], {"blank": "none", "join_bar": True, "page": 1, "pages": 1}),
    (["hide-join-bar"], {"blank": "none", "join_bar": False, "page": 1, "pages": 1}),
    (["hide-join-bar", "show-join-bar"], {"blank": "none", "join_bar": True, "page": 1, "pages": 1}),
])
def test_the_remote_blanks_the_projector_and_hides_the_join_bar(client, remote, actions, screen):
    for action in actions:
        assert client.post(remote(action), json={}).json() == {"ok": True}
    assert client.get(remote("state")).json()["screen"] == {**screen, "step": 1, "steps": 1}


def test_the_remote_ends_the_session_once(client, remote, session, rows):
    assert client.post(remote("end"), json={}).json() == {"ok": True}
    assert session.record.ended_at is not None and client.get(remote("state")).json()["ended"]
    before = rows(session.store)
    response = client.post(remote("end"), json={})
    assert response.status_code == 409 and rows(session.store) == before


@pytest.mark.parametrize(
    "action, body, status, message",
    [
        ("goto", {"slide": 99}, 404, "no slide 99"),
        ("goto", {}, 400, "`slide` must be a number"),
        ("hide", {"item": 5}, 404, "no item 5"),
        ("open", {}, 409, "no exercise"),
        ("reveal", {}, 409, "open this slide's poll"),
        ("explode", {}, 404, "no remote action"),
    ],
)
def test_bad_remote_actions_are_refused_and_change_nothing(client, remote, session, rows, action, body, status, message):
    before = rows(session.store)
    response = client.post(remote(action), json=body)
    assert response.status_code == status and message in response.json()["error"]
    assert rows(session.store) == before


def test_an_attendee_token_grants_nothing_of_the_trainers(join, api, session, rows, phone_server):
    phone = join()
    token = phone.cookies.get(phone_server.cookie)
    before = rows(session.store)
    for path in (f"/api/remote/{token}/next", f"/api/remote/{session.code}/next"):
        assert phone.post(path, json={}).status_code == 404
    assert phone.get(f"/api/remote/{token}/state").status_code == 404
    assert phone.get(f"/remote/{token}").status_code == 404
    assert rows(session.store) == before


def test_the_trainer_secret_is_long_and_random(session):
    assert len(session.trainer_secret) >= 40 and session.trainer_secret != session.code
