"""`facilitator serve` as a trainer runs it: stopped by a signal, killed, resumed."""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import aiohttp
import pytest

from facilitator.cli import main
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from tests.processes import STOP_SIGNALS, children, free_port, linux_only, running, wait_until

ROOT = Path(__file__).resolve().parents[1]


class Served:
    """`facilitator serve` in its own process, as far as its join and remote lines."""

    def __init__(self, db: Path, *arguments: str, port: int = 0):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "serve", "--db", str(db),
             "--host", "127.0.0.1", "--port", str(port), *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        self.header = self.process.stdout.readline().strip()
        if not self.header:
            self.process.wait(timeout=30)
            raise AssertionError(f"serve did not start: {self.process.stderr.read()}")
        self.banner = [self.header] + [self.process.stdout.readline().strip() for _ in range(2)]
        self.join_url, self.remote_url = (line.split()[1] for line in self.banner[1:])
        self.base, self.code = self.join_url.rsplit("/", 1)
        self.secret = self.remote_url.rsplit("/", 1)[1]

    def api(self, path: str) -> str:
        return f"{self.base}/api/{self.code}/{path}"

    def remote(self, action: str) -> str:
        return f"{self.base}/api/remote/{self.secret}/{action}"

    def stop(self, how: signal.Signals | None) -> tuple[int, str, str]:
        """Send `how` (if not sent already); the exit status and all that serve printed."""
        if how is not None:
            self.process.send_signal(how)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


@pytest.fixture
def serve(tmp_path):
    started: list[Served] = []

    def serve_(*arguments: str, port: int = 0) -> Served:
        started.append(Served(tmp_path / "serve.db", *arguments, port=port))
        return started[-1]

    yield serve_
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.communicate()


def phone() -> aiohttp.ClientSession:
    # The server is an IP address, where aiohttp keeps cookies only when told to.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sent(request, status: int = 200) -> dict:
    """The JSON answer to a request that must get `status`."""
    async with request as response:
        assert response.status == status, await response.text()
        return await response.json()


def attendee_names(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM attendees ORDER BY id")]


@pytest.mark.parametrize("how", STOP_SIGNALS, ids=lambda s: s.name)
def test_a_stop_signal_closes_the_streams_and_ends_serve_in_order(serve, tmp_path, how):
    served = serve()

    async def follow_until_stopped() -> bytes:
        async with phone() as http:
            await sent(http.post(served.api("join"), json={"name": "Ana"}), 201)
            async with http.get(served.api("events")) as stream:
                while not (await stream.content.readline()).startswith(b"data: "):
                    pass
                served.process.send_signal(how)
                # The stream ends (the server closed it) instead of hanging on.
                return await asyncio.wait_for(stream.content.read(), timeout=10)

    asyncio.run(follow_until_stopped())
    status, out, err = served.stop(None)
    assert status == 0, err
    assert out.splitlines()[-2:] == ["Stopping.", "Stopped."]
    assert err == ""
    assert attendee_names(tmp_path / "serve.db") == ["Ana"]


def test_serve_says_its_lines_in_the_systems_language(serve, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # the child's environment
    served = serve()
    assert re.fullmatch(r"Social media is everyone's job: Session 1, Code \w+", served.header)
    assert served.banner[1:] == [f"Beitreten: {served.join_url}", f"Fernbedienung: {served.remote_url}"]
    status, out, err = served.stop(signal.SIGTERM)
    assert status == 0, err
    assert out.splitlines()[-2:] == ["Wird beendet.", "Beendet."]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a terminal of its own")
# Closed once serve has printed `seen`: mid-way through its banner (the rest then goes to
# a terminal that is gone) or after its last line.
@pytest.mark.parametrize("seen", [b"join:", b"Serving until Ctrl-C.\r\n"], ids=["mid-banner", "after"])
def test_closing_the_terminal_stops_serve_in_order(tmp_path, seen):
    """SIGHUP as a closed terminal window sends it: no terminal left to print to."""
    db = tmp_path / "serve.db"
    pid, terminal = pty.fork()
    if pid == 0:  # the child: straight into serve, in the new terminal
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "facilitator", "serve", "--db", str(db),
                                  "--host", "127.0.0.1", "--port", "0"])
    statuses: list[int] = []

    def exited() -> list[int]:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            statuses.append(status)
        return statuses

    try:
        shown = b""
        while seen not in shown:
            ready, _, _ = select.select([terminal], [], [], 30)
            assert ready, shown
            shown += os.read(terminal, 65536)
        os.close(terminal)
        assert wait_until(lambda: statuses or exited(), timeout=30)
    finally:
        if not statuses:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(statuses[0]) == 0
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT count(*) FROM sessions").fetchone() == (1,)


@pytest.mark.skipif(not linux_only(), reason="reads processes from /proc")
@pytest.mark.parametrize("how, status", [(signal.SIGTERM, 0), (signal.SIGKILL, -9)], ids=["SIGTERM", "SIGKILL"])
def test_no_pdf_worker_outlives_serve(serve, how, status):
    served = serve()

    async def download_the_handout() -> None:
        async with phone() as http:
            await sent(http.post(served.api("join"), json={"name": "Ana"}), 201)
            await sent(http.post(served.remote("end"), json={}))
            async with http.get(served.api("handout.pdf")) as handout:
                assert handout.status == 200 and (await handout.read()).startswith(b"%PDF")

    asyncio.run(download_the_handout())
    workers = children(served.process.pid)
    assert workers  # the PDF workers, and multiprocessing's resource tracker
    assert served.stop(how)[0] == status
    assert wait_until(lambda: not any(map(running, workers)), timeout=10), "a worker outlived serve"


def test_serve_resume_carries_on_after_a_kill_9(serve, tmp_path, workshop_dir, workshop):
    port = free_port()
    first = serve(str(workshop_dir / "slides" / "test.md"), port=port)

    async def crash_and_resume() -> tuple[Served, int, dict]:
        async with phone() as http:  # one phone, one cookie, before and after
            await sent(http.post(first.api("join"), json={"name": "Ana"}), 201)
            await sent(http.post(first.remote("goto"), json={"slide": 1}))
            await sent(http.post(first.remote("open"), json={}))
            poll = (await sent(http.get(first.api("state"))))["poll"]["id"]
            await sent(http.post(first.api("answer"), json={"poll": poll, "answer": 2}))

            assert first.stop(signal.SIGKILL)[0] == -9
            # A later session that has ended is not the one to carry on.
            with closing(Store.open(tmp_path / "serve.db")) as store:
                LiveSession.start(store, workshop).end()
            again = serve("--resume", port=port)

            mine = await sent(http.get(again.api("me")))
            await sent(http.post(again.api("answer"), json={"poll": poll, "answer": 0}))
            return again, poll, mine

    again, poll, mine = asyncio.run(crash_and_resume())
    assert again.header == f"Test workshop: session 1, code {first.code}, resumed with 1 attendee"
    assert (again.join_url, again.remote_url) == (first.join_url, first.remote_url)
    assert mine == {"name": "Ana", "poll": {"id": poll, "answer": 2}}
    status, out, err = again.stop(signal.SIGTERM)
    assert status == 0 and out.splitlines()[-1] == "Stopped.", err


@pytest.fixture
def db_with(tmp_path, workshop):
    """A database holding sessions of the test workshop, ended or not: db_with(True, False)."""

    def make(*ended: bool) -> Path:
        store = Store.open(tmp_path / "sessions.db")
        for is_ended in ended:
            session = LiveSession.start(store, workshop)
            if is_ended:
                session.end()
        store.close()
        return tmp_path / "sessions.db"

    return make


@pytest.mark.parametrize("ended, argument, message", [
    ((), None, "nothing to resume in {db}: it holds no session that has not ended."),
    ((True, True), None, "nothing to resume in {db}: it holds no session that has not ended."),
    ((False, True), "2", "session 2 has ended: it cannot be resumed."),
    ((False,), "7", "no session 7 in {db}"),
    ((False,), str(10**30), f"no session {10**30} in {{db}}"),
], ids=["no session", "all ended", "that one ended", "no such session", "past 64 bits"])
def test_serve_resume_says_when_there_is_nothing_to_resume(db_with, capsys, ended, argument, message):
    db = db_with(*ended)
    before = db.read_bytes()
    assert main(["serve", "--db", str(db), "--resume", *([argument] if argument else [])]) == 1
    assert message.format(db=db) in capsys.readouterr().err
    assert db.read_bytes() == before


def test_serve_resume_of_no_database_says_so_and_makes_none(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.db"), "--resume"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_serve_resume_takes_no_deck(db_with, workshop_dir, capsys):
    db = db_with(False)
    assert main(["serve", str(workshop_dir / "slides" / "test.md"), "--db", str(db), "--resume"]) == 1
    assert "--resume carries on a session with its own deck" in capsys.readouterr().err
