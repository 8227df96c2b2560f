"""Text that is not Unicode, shows nothing or cannot be printed: refused by every route
that takes text, with a 4xx JSON naming the field as the request sent it, and no row
changed."""

import pytest

# As JSON text: Python's json takes "\ud800" (a lone surrogate) as valid.
BAD_TEXT = [
    pytest.param(r'"\ud800"', "not a character", id="lone-surrogate"),
    pytest.param(r'"Ana \udfff"', "not a character", id="lone-low-surrogate"),
    pytest.param(r'"\uffff"', "not a character", id="uffff"),
    pytest.param(r'"\udbff\udfff"', "not a character", id="u10ffff"),
    pytest.param(r'"\ufdd0"', "not a character", id="fdd0"),
    pytest.param(r'"\u200b\ufeff"', "only invisible characters", id="invisible"),
    pytest.param(r'"\u0301"', "only invisible characters", id="combining-alone"),
    pytest.param(r'"Anita \u0915"', "U+0915 DEVANAGARI LETTER KA), which cannot be printed", id="unprintable"),
]


def _post(phone, url, body: str):
    return phone.post(url, content=body.encode(), headers={"content-type": "application/json"})


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_a_join_name(client, api, session, rows, text, message):
    before = rows(session.store)
    response = _post(client, api("join"), f'{{"name": {text}}}')
    assert response.status_code == 422
    assert response.json()["field"] == "name"
    assert response.json()["error"].startswith("your name ") and message in response.json()["error"]
    assert "set-cookie" not in response.headers
    assert rows(session.store) == before


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_a_new_name(join, api, session, rows, text, message):
    phone = join("Ana")
    before = rows(session.store)
    response = _post(phone, api("name"), f'{{"name": {text}}}')
    assert response.status_code == 422
    assert response.json()["field"] == "name" and message in response.json()["error"]
    assert rows(session.store) == before


@pytest.mark.parametrize("exercise_id, what", [("ideas", "an idea"), ("questions", "a question")])
@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_an_idea_or_a_question(join, api, open_poll, session, rows, exercise_id, what, text, message):
    poll = open_poll(exercise_id)
    phone = join()
    before = rows(session.store)
    response = _post(phone, api("post"), f'{{"poll": {poll.id}, "text": {text}}}')
    assert response.status_code == 422
    assert response.json()["field"] == "text"
    assert response.json()["error"].startswith(what) and message in response.json()["error"]
    assert rows(session.store) == before


@pytest.mark.parametrize(
    "request_id, message",
    [(r'"\ud800"', "not a character"), (r'"\u200b"', "only invisible"), ("7", "must be text")],
)
def test_a_request_id(join, api, open_poll, session, rows, request_id, message):
    poll = open_poll("ideas")
    phone = join()
    before = rows(session.store)
    response = _post(phone, api("post"), f'{{"poll": {poll.id}, "text": "ok", "request_id": {request_id}}}')
    assert 400 <= response.status_code < 500
    assert response.json()["field"] == "request_id" and message in response.json()["error"]
    assert rows(session.store) == before


def test_a_request_id_is_never_printed_so_any_script_will_do(join, api, open_poll, session):
    poll = open_poll("ideas")
    response = join().post(api("post"), json={"poll": poll.id, "text": "ok", "request_id": "क-1"})
    assert response.status_code == 200


@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_a_word_among_good_ones(join, api, open_poll, session, rows, text, message):
    poll = open_poll("words")
    phone = join()
    before = rows(session.store)
    response = _post(phone, api("answer"), f'{{"poll": {poll.id}, "answer": ["team", {text}]}}')
    assert response.status_code == 422
    assert response.json()["field"] == "answer"
    assert response.json()["error"].startswith("a word ") and message in response.json()["error"]
    assert rows(session.store) == before


def test_a_number_where_an_id_goes_names_its_key(join, api, open_poll):
    open_poll("ideas")
    response = join().post(api("post"), json={"poll": "one", "text": "ok"})
    assert response.status_code == 400 and response.json()["field"] == "poll"


def test_a_refusal_about_no_field_has_none(join, api, open_poll):
    poll = open_poll("pick-one")
    response = join().post(api("answer"), json={"poll": poll.id + 99, "answer": 0})
    assert response.status_code == 404 and "field" not in response.json()


@pytest.mark.parametrize(
    "text",
    ["🎉 Zoë", "𝕏 marks it", "★ ✓ → ⇒ ❤️", "👩\u200d💻 coder 👍🏽", "🇩🇪 1️⃣"],
)
def test_emoji_and_symbols_are_taken_as_typed(join, api, open_poll, session, text):
    poll = open_poll("ideas")
    phone = join(text)
    assert session.attendees()[0].name == text
    response = phone.post(api("post"), json={"poll": poll.id, "text": text})
    assert response.status_code == 200 and response.json()["text"] == text


@pytest.mark.parametrize("field, body", [
    ("action", '{{"action": {text}, "due": "Friday"}}'),
    ("due", '{{"action": "Ask IT", "due": {text}}}'),
])
@pytest.mark.parametrize(("text", "message"), BAD_TEXT)
def test_a_commitment(join, api, session, rows, field, body, text, message):
    phone = join("Ana")
    session.end()
    before = rows(session.store)
    response = _post(phone, api("commitment"), body.format(text=text))
    assert response.status_code == 422
    assert response.json()["field"] == field and message in response.json()["error"]
    assert rows(session.store) == before
