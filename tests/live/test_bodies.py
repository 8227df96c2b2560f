"""Request bodies: nesting and numbers a phone never sends are refused with the reason."""

import pytest

from facilitator.live.phone_app import REMOTE_ACTIONS
from facilitator.live.bodies import MAX_DEPTH, MAX_NUMBER, BadBody, parse_object

NESTED = "[" * 2000 + "]" * 2000
NESTED_OBJECTS = '{"a":' * 600 + "1" + "}" * 600

REFUSED = [
    (NESTED, "nested more than 8 levels"),
    (NESTED_OBJECTS, "nested more than 8 levels"),
    ('{"poll": ' + "[" * (MAX_DEPTH) + "]" * MAX_DEPTH + "}", "nested more than 8 levels"),
    ('{"poll": 9007199254740992}', "too large"),
    ('{"poll": -9007199254740992}', "too large"),
    ('{"poll": 1' + "0" * 3000 + "}", "too large"),
    ('{"poll": 1e400}', "too large"),
    ('{"poll": -1.5e308}', "too large"),
    ('{"poll": 9.1e15}', "too large"),
    ('{"poll": NaN}', "holds NaN"),
    ('{"poll": -Infinity}', "holds -Infinity"),
    ('{"poll": ', "not valid JSON"),
    ('"[[[[[[[[[["', "JSON object"),
]

ACCEPTED = [
    ('{"poll": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}", {"poll": [[[[[[[]]]]]]]}),
    ('{"text": "' + "[{" * 40 + '"}', {"text": "[{" * 40}),
    ('{"text": "\\"[[[[[[[[[[[["}', {"text": '"[[[[[[[[[[[['}),
    (f'{{"poll": {MAX_NUMBER}, "item": -{MAX_NUMBER}}}', {"poll": MAX_NUMBER, "item": -MAX_NUMBER}),
    ('{"poll": 1e-400, "item": 2.5}', {"poll": 0.0, "item": 2.5}),
]


@pytest.mark.parametrize("body, reason", REFUSED)
def test_a_body_out_of_bounds_is_refused_with_the_reason(body, reason):
    with pytest.raises(BadBody, match=reason):
        parse_object(body.encode())


@pytest.mark.parametrize("body, expected", ACCEPTED)
def test_a_body_within_bounds_is_read(body, expected):
    assert parse_object(body.encode()) == expected


ATTENDEE_ROUTES = ["join", "name", "answer", "post", "upvote"]


@pytest.fixture
def phone(join, open_poll):
    open_poll("ideas")
    return join("Ana")


@pytest.mark.parametrize("body, reason", [(NESTED, "nested"), (NESTED_OBJECTS, "nested"), ('{"poll": 1e999}', "too large")])
@pytest.mark.parametrize("route", ATTENDEE_ROUTES)
def test_every_attendee_route_refuses_them(phone, api, session, rows, route, body, reason):
    before = rows(session.store)
    response = phone.post(api(route), content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400 and reason in response.json()["error"]
    assert rows(session.store) == before


@pytest.mark.parametrize("body, reason", [(NESTED, "nested"), ('{"slide": 9007199254740993}', "too large")])
@pytest.mark.parametrize("action", sorted(REMOTE_ACTIONS))
def test_every_remote_action_refuses_them(client, remote, session, rows, action, body, reason):
    before = rows(session.store)
    response = client.post(remote(action), content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400 and reason in response.json()["error"]
    assert rows(session.store) == before
