"""Fixtures of the tests that open the real windows."""

import threading

import pytest

from facilitator.app import FacilitatorApp
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.store import Store


@pytest.fixture
def make_app(tmp_path):
    """make_app(): the app on a database file and a signing key of the test's own; called
    again, the app started again on the same file (after a crash, say). Closed at the end."""
    apps = []

    def make() -> FacilitatorApp:
        app = FacilitatorApp(Store.open(tmp_path / "app.db"), host="127.0.0.1", port=0,
                             key_path=tmp_path / "key.pem")
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app) -> FacilitatorApp:
    return make_app()


@pytest.fixture
def running(app, qtbot):
    """The shipped workshop, started in the windows."""
    return app.start(SHIPPED_DECK)


@pytest.fixture
def vote_from_another_thread():
    """vote(session, poll_id, attendees, options): each attendee answers option n % options
    in turn, from a thread of its own as the phone server's; returns once all are saved."""

    def vote(session, poll_id: int, attendees, options: int) -> None:
        def answer_all():
            for n, attendee in enumerate(attendees):
                session.respond(attendee.token, poll_id, n % options)

        voter = threading.Thread(target=answer_all)
        voter.start()
        voter.join()

    return vote
