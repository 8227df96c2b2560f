import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from facilitator.core.clock import ManualClock
from facilitator.documents.jobs import PdfJob, PdfWorkers
from facilitator.live.downloads import WORKERS
from facilitator.live.phone_app import PhoneServer
from facilitator.live.limits import Limits
from facilitator.live.server import LiveServer

ROOM_HOST = "room.test"  # the address the test phones reach the server at
# Installed from npm by `bash .ci/setup --tests` (tests/live/package.json).
AXE_CORE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is missing: `bash .ci/setup --tests` installs it")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def accessibility_problems():
    """accessibility_problems(page): what axe-core finds wrong on the page as it is now,
    as "rule: the elements" lines (none is the aim)."""
    if not AXE_CORE.exists():
        pytest.fail("axe-core is missing: `bash .ci/setup --tests` installs it (tests/live/package.json)")
    source = AXE_CORE.read_text(encoding="utf-8")

    def problems(page) -> list[str]:
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.evaluate(source)  # evaluated by the browser itself: the page's CSP allows no script of ours
        return page.evaluate("async () => (await axe.run()).violations"
                             ".map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))")

    return problems


@pytest.fixture
def limiter_clock() -> ManualClock:
    """The rate limiters' clock: tests move it, so buckets refill only when told."""
    return ManualClock(start=0.0)


@pytest.fixture
def key_path(tmp_path):
    """The certificates' signing key, made on first use: never the laptop's own."""
    return tmp_path / "certificate-key.pem"


@pytest.fixture
def fault_log(tmp_path):
    """The phone server's log of unexpected faults: never the laptop's own."""
    return tmp_path / "phone-server.log"


class RecordingWorkers(PdfWorkers):
    """The phone server's own pool of PDF workers, which also notes each job it is given."""

    def __init__(self, jobs: list[PdfJob]):
        super().__init__(WORKERS)
        self.jobs = jobs

    def submit(self, job: PdfJob):
        self.jobs.append(job)
        return super().submit(job)


class WorkersStarted:
    """Starts the phone server's PDF workers; keeps each pool it started and every job."""

    def __init__(self):
        self.started: list[RecordingWorkers] = []
        self.jobs: list[PdfJob] = []

    def __call__(self) -> PdfWorkers:
        self.started.append(RecordingWorkers(self.jobs))
        return self.started[-1]


@pytest.fixture
def pdf_workers() -> WorkersStarted:
    return WorkersStarted()


@pytest.fixture
def phone_server(session, limiter_clock, key_path, fault_log, pdf_workers) -> PhoneServer:
    return PhoneServer(
        session, Limits(), clock=limiter_clock.now, key_path=key_path, log_path=fault_log, hosts=[ROOM_HOST],
        start_pdf_workers=pdf_workers,
    )


@pytest.fixture
def live_server(session, key_path, fault_log):
    """live_server(**options): the real server of the session on a free loopback port, with
    the test's own signing key and fault log unless told otherwise; to use in a `with`."""
    return lambda **options: LiveServer(
        session, **{"host": "127.0.0.1", "port": 0, "key_path": key_path, "log_path": fault_log} | options)


@pytest.fixture
def server(live_server) -> LiveServer:
    """The real server, running for the test."""
    with live_server() as server:
        yield server


@pytest.fixture
def client(phone_server) -> TestClient:
    with TestClient(phone_server.app, base_url=f"http://{ROOM_HOST}") as client:
        yield client


@pytest.fixture
def api(session):
    """The attendee API's URL of a path: api("join") -> /api/CODE/join."""
    return lambda path: f"/api/{session.code}/{path}"


@pytest.fixture
def remote(session):
    return lambda action: f"/api/remote/{session.trainer_secret}/{action}"


@pytest.fixture
def new_phone(phone_server):
    """A new phone: its own client and cookie jar."""
    clients = []

    def new_phone_() -> TestClient:
        phone = TestClient(phone_server.app, base_url=f"http://{ROOM_HOST}")
        clients.append(phone)
        return phone

    yield new_phone_
    for phone in clients:
        phone.close()


@pytest.fixture
def join(new_phone, api):
    """A new phone joined under a name."""

    def join_(name: str = "Ana") -> TestClient:
        phone = new_phone()
        response = phone.post(api("join"), json={"name": name})
        assert response.status_code == 201, response.text
        return phone

    return join_
