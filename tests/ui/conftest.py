"""Fixtures of the tests that open the real windows."""

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
