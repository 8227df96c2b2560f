"""Pushes and reads that do not grow with the room: bounded views, deltas, paged boards,
and /me and posting that cost the same on a board of ten items or two thousand."""

import asyncio

import aiohttp
import pytest
from sqlite_utils import Database

from facilitator.core.migrations import migrations
from facilitator.core.store import Store
from facilitator.live.broadcast import Channel
from facilitator.live.server import KEEP_ALIVE_SECONDS, LiveServer
from facilitator.live.views import ITEMS_SHOWN, TRAINER_ITEMS_SHOWN, attendee_view

from tests.processes import wait_until
from .test_server import next_state

MAX_PUSH_BYTES = 8000
LONG_POST = "Ünïcode 李雷 " * 25  # 275 characters, 2 and 3 bytes each: the longest posts


@pytest.fixture
def board(session, open_poll):
    """The ideas board, open, with `fill(n)` to post n items from a room of people."""
    poll = open_poll("ideas")
    people = [session.join(f"Person {n}") for n in range(100)]

    def fill(count: int, text: str = "Idea") -> list[int]:
        return [
            session.post(people[n % len(people)].token, poll.id, f"{text} {n}").id
            for n in range(count)
        ]

    fill.poll = poll
    fill.people = people
    return fill


def test_the_pushed_state_of_a_board_of_2000_long_posts_stays_under_8_kb(board, client, api):
    board(2000, LONG_POST)
    pushed = client.get(api("state"))
    shown = pushed.json()["poll"]
    assert len(pushed.content) < MAX_PUSH_BYTES
    assert shown["count"] == 2000 and 1 <= len(shown["items"]) <= ITEMS_SHOWN


def test_phones_see_the_top_items_and_a_count(board, client, api, session):
    ids = board(30)
    for person in board.people[:3]:
        session.upvote(person.token, ids[25])
    shown = client.get(api("state")).json()["poll"]
    assert shown["count"] == 30 and len(shown["items"]) == ITEMS_SHOWN
    assert [i["id"] for i in shown["items"][:3]] == [ids[25], ids[0], ids[1]]
    assert shown["items"][0]["upvotes"] == 3


def test_the_remote_sees_the_top_the_newest_and_the_counts(board, client, remote, session):
    ids = board(100)
    session.moderate(ids[-1], hidden=True)
    shown = client.get(remote("state")).json()["poll"]
    assert (shown["count"], shown["hidden"]) == (99, 1)
    assert len(shown["items"]) == len(shown["newest"]) == TRAINER_ITEMS_SHOWN
    assert shown["newest"][0] == {**shown["newest"][0], "id": ids[-1], "hidden": True}
    assert ids[-1] not in [i["id"] for i in shown["items"]]


def test_pages_walk_the_rest_of_the_board_in_order(board, client, api, session):
    ids = board(45)
    session.upvote(board.people[1].token, ids[40])
    seen, after = [], ""
    while True:
        page = client.get(api(f"items?poll={board.poll.id}{after}")).json()
        if not page["items"]:
            break
        seen += [i["id"] for i in page["items"]]
        after = f"&after={seen[-1]}"
    assert seen == [ids[40]] + [i for i in ids if i != ids[40]]
    assert page["count"] == 45


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("", 400, "`poll` must be a number"),
        ("?poll=x", 400, "`poll` must be a number"),
        ("?poll=1&after=-1", 400, "`after` must be a number"),
        ("?poll=1&after=" + "9" * 30, 400, "`after` must be a number"),
        ("?poll=99", 404, "no poll 99"),
        ("?poll=1&after=999", 404, "no item 999"),
    ],
)
def test_a_bad_page_request_is_refused(board, client, api, query, status, message):
    board(3)
    response = client.get(api("items" + query))
    assert response.status_code == status and message in response.json()["error"]


def test_only_boards_have_pages(client, api, open_poll):
    poll = open_poll("pick-one")
    response = client.get(api(f"items?poll={poll.id}"))
    assert response.status_code == 422 and "boards" in response.json()["error"]


def test_me_carries_the_attendees_own_items_wherever_they_rank(board, join, api, session):
    board(40)
    ana = join("Ana")
    mine = ana.post(api("post"), json={"poll": board.poll.id, "text": "Mine, last"}).json()["id"]
    low = session.top_items(board.poll.id, 1, after_id=session.top_items(board.poll.id, 30)[-1].id)[0]
    ana.post(api("upvote"), json={"item": low.id})
    shown = ana.get(api("me")).json()["poll"]
    assert (shown["posts"], shown["upvoted"]) == ([mine], [low.id])
    assert [i["id"] for i in shown["items"]] == [mine, low.id]


# -- the cost of /me and of posting --------------------------------------------------


def sqlite_work(store: Store, action) -> tuple[int, int]:
    """(statements, hundreds of SQLite virtual machine steps) that `action` costs: a
    measure of work that does not depend on the machine's speed or load."""
    statements, steps = [], [0]

    def step() -> int:
        steps[0] += 1
        return 0

    conn = store.db.conn
    conn.set_trace_callback(statements.append)
    conn.set_progress_handler(step, 100)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
        conn.set_progress_handler(None, 0)
    return len(statements), steps[0]


@pytest.mark.parametrize("route", ["me", "post", "upvote"])
def test_me_posting_and_upvoting_cost_the_same_on_a_board_of_10_or_2000(session, open_poll, route):
    # What the routes call, without the server: its pushes would read the store meanwhile.
    poll = open_poll("ideas")
    people = [session.join(f"Person {n}") for n in range(100)]
    ana = session.join("Ana")
    own = session.post(ana.token, poll.id, "Ana's").id
    session.upvote(people[0].token, own)
    requests = {
        "me": lambda n: attendee_view(session, ana.token),
        "post": lambda n: session.post(ana.token, poll.id, f"Another {n}"),
        "upvote": lambda n: session.upvote(ana.token, items[n]),
    }
    costs, posted = [], 1
    for size in (10, 2000):
        for n in range(posted, size):
            session.post(people[n % 100].token, poll.id, f"Idea {n}")
        posted = size
        items = [i.id for i in session.top_items(poll.id, 5, after_id=own)]
        costs.append(sqlite_work(session.store, lambda: requests[route](len(costs))))
    (statements_small, work_small), (statements_large, work_large) = costs
    assert statements_large == statements_small
    assert work_large <= work_small + 2  # B-tree depth may grow by a level, never a scan


# -- deltas --------------------------------------------------------------------------


def test_after_a_full_state_phones_get_what_changed(board, session):
    ids = board(ITEMS_SHOWN + 5)
    watcher = session.join("Watcher")

    async def follow(server: LiveServer) -> list[dict]:
        cookies = {server.phone_server.cookie: watcher.token}
        async with aiohttp.ClientSession(cookies=cookies) as http:
            async with http.get(f"{server.base_url}/api/{session.code}/events") as response:
                seen = [await next_state(response.content)]
                changes = (
                    lambda: session.upvote(board.people[1].token, ids[0]),  # in the top
                    lambda: session.upvote(board.people[1].token, ids[-1]),  # into the top
                    lambda: session.moderate(ids[3], answered=True),
                    lambda: session.moderate(ids[4], hidden=True),  # a full state again
                )
                for change in changes:
                    await asyncio.to_thread(change)
                    seen.append(await next_state(response.content))
                return seen

    with LiveServer(session, host="127.0.0.1", port=0) as server:
        full, upvoted, entered, answered, hidden = asyncio.run(follow(server))
        # Nothing of a closed stream stays behind.
        assert wait_until(lambda: server.phone_server.open_streams == 0, timeout=5)
        assert len(server.phone_server.broadcaster.phones) == 0
    assert "base" not in full and len(full["poll"]["items"]) == ITEMS_SHOWN
    assert upvoted == {"v": full["v"] + 1, "base": full["v"],
                       "poll": {"items": [{"id": ids[0], "upvotes": 1, "answered": False}]}}
    assert entered["base"] == upvoted["v"]
    assert entered["poll"]["items"] == [{"id": ids[-1], "text": f"Idea {len(ids) - 1}", "upvotes": 1, "answered": False}]
    assert answered["poll"]["items"] == [{"id": ids[3], "upvotes": 0, "answered": True}]
    assert "base" not in hidden and ids[4] not in [i["id"] for i in hidden["poll"]["items"]]
    assert hidden["poll"]["count"] == len(ids) - 1


def test_a_stream_one_version_behind_gets_the_delta_and_further_behind_the_full_state():
    channel = Channel()

    async def frames() -> list[bytes]:
        stream = channel.stream()
        await anext(stream)  # retry:
        channel.publish(b"full 1")
        got = [await anext(stream)]
        channel.publish(b"full 2", b"delta 2")
        got.append(await anext(stream))
        channel.publish(b"full 3", b"delta 3")
        channel.publish(b"full 4", b"delta 4")
        got.append(await anext(stream))
        await stream.aclose()
        return got

    assert asyncio.run(frames()) == [b"data: full 1\n\n", b"data: delta 2\n\n", b"data: full 4\n\n"]
    assert len(channel) == 0


def test_a_state_asked_for_is_the_numbered_state_deltas_follow(board, client, api, session):
    ids = board(3)
    first = client.get(api("state")).json()
    session.upvote(board.people[1].token, ids[0])
    second = client.get(api("state")).json()  # the change is pushed now, not after the throttle
    assert second["v"] == first["v"] + 1 and second["poll"]["items"][0]["upvotes"] == 1


# -- the store keeps the counts ------------------------------------------------------


def test_upvote_counts_are_filled_in_when_an_older_file_is_opened(tmp_path):
    path = tmp_path / "older.db"
    db = Database(path)
    migrations.apply(db, stop_before="m005_upvote_counts")
    db.execute("INSERT INTO workshops VALUES (1, 'deck.md', 'Deck', 0)")
    db.execute("INSERT INTO sessions (id, workshop_id, title, code, trainer_secret, started_at)"
               " VALUES (1, 1, 'Deck', 'ABCDE', 'secret', 0)")
    db.execute("INSERT INTO polls (id, session_id, exercise_id, kind, definition, state, opened_at)"
               " VALUES (1, 1, 'ideas', 'ideas', '{}', 'open', 0)")
    for n in (1, 2, 3):
        db.execute("INSERT INTO attendees VALUES (?, 1, ?, ?, 0, 0)", (n, f"P{n}", f"t{n}"))
    db.execute("INSERT INTO items (id, poll_id, attendee_id, text, created_at) VALUES (1, 1, 1, 'A', 0), (2, 1, 1, 'B', 0)")
    db.execute("INSERT INTO upvotes VALUES (1, 2, 0), (1, 3, 0), (2, 2, 0)")
    db.conn.commit()
    db.close()
    store = Store.open(path)
    assert [(i.id, i.upvotes) for i in store.items(1)] == [(1, 2), (2, 1)]
    store.remove_upvote(1, 3)
    store.add_upvote(2, 3, 0)
    assert [(i.id, i.upvotes) for i in store.items(1)] == [(1, 1), (2, 2)]
    store.close()


def test_the_server_holds_idle_connections_longer_than_browsers_do(session):
    with LiveServer(session, host="127.0.0.1", port=0) as server:
        assert server.uvicorn.config.timeout_keep_alive == KEEP_ALIVE_SECONDS > 300
