"""Whatever a phone sends, the server answers with a 2xx or a clear 4xx, never a 5xx."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(0, 3) | st.integers(-2**70, 2**70) | st.floats(allow_nan=True)
    | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=15,
)
FIELDS = st.sampled_from(["poll", "answer", "text", "item", "on", "name", "request_id", "slide"])
BODIES = (
    st.dictionaries(FIELDS, JSON_VALUES, max_size=4).map(lambda d: json.dumps(d).encode())
    | JSON_VALUES.map(lambda v: json.dumps(v).encode())
    | st.binary(max_size=200)
)
ATTENDEE_ROUTES = ["join", "name", "answer", "post", "upvote"]
REMOTE_ROUTES = ["next", "previous", "goto", "open", "close", "reveal", "conceal", "hide", "unhide", "answered"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def phone(join, open_poll):
    """A joined phone, with a board open so that posts and upvotes reach the session."""
    open_poll("ideas")
    return join("Fuzz")


@FUZZ
@given(route=st.sampled_from(ATTENDEE_ROUTES), body=BODIES)
def test_attendee_routes_never_fail_with_5xx(phone, api, limiter_clock, route, body):
    limiter_clock.advance(60)  # each example starts with full rate-limit buckets
    response = phone.post(api(route), content=body, headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"


@FUZZ
@given(action=st.sampled_from(REMOTE_ROUTES), body=BODIES)
def test_remote_routes_never_fail_with_5xx(client, remote, action, body):
    response = client.post(remote(action), content=body, headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text
