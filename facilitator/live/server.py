"""Running the phone server on a worker thread, at an address phones can reach."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

import uvicorn

from facilitator.core.session import LiveSession
from facilitator.core.translation import Message
from facilitator.documents.jobs import PdfWorkers

from .downloads import room_workers
from .phone_app import PhoneServer
from .headers import BoundedHttpToolsProtocol
from .limits import Limits
from .network import DEFAULT_PORT, bind_socket, lan_address

START_TIMEOUT_SECONDS = 10.0
# A phone's longest quiet spell on a connection is while its attendee reads or thinks:
# minutes between one tap and the next. Browsers close an idle connection themselves
# after at most 300 s (Chrome; Firefox 115 s, Safari less). Holding it longer here means
# the phone, never the server, closes it, so a POST is never sent down a connection the
# server is closing at that instant (which the browser reports as a failed request).
KEEP_ALIVE_SECONDS = 330


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class LiveServer:
    """The phone server of one session, on its own thread (the UI keeps the main one).

    Listens on every interface (or `host`) at `port`, moving to the next free port when
    that one is taken; the join URL names the laptop's address on the room's network. It
    answers only at that address, loopback and the other names in `hosts`.
    Certificates downloaded from phones are signed with the key at `key_path` (default:
    beside the session's database); unexpected faults go to the log at `log_path` (the
    same default). `start_pdf_workers` makes the processes that draw their PDFs.
    """

    def __init__(
        self, session: LiveSession, *, host: str | None = None, port: int = DEFAULT_PORT,
        limits: Limits | None = None, key_path: Path | None = None, log_path: Path | None = None,
        hosts: tuple[str, ...] = (), start_pdf_workers: Callable[[], PdfWorkers] = room_workers,
    ):
        self.session = session
        wildcard = host in (None, "", "0.0.0.0", "::")
        self._socket = bind_socket("0.0.0.0" if wildcard else host, port)
        self.host = lan_address() if wildcard else host
        self.port: int = self._socket.getsockname()[1]
        self.phone_server = PhoneServer(
            session, limits, key_path=key_path, log_path=log_path, hosts=(self.host, *hosts),
            start_pdf_workers=start_pdf_workers,
        )
        self.uvicorn = uvicorn.Server(uvicorn.Config(
            self.phone_server.app, lifespan="on", log_level="warning", access_log=False,
            timeout_graceful_shutdown=2, timeout_keep_alive=KEEP_ALIVE_SECONDS,
            http=BoundedHttpToolsProtocol,
        ))
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.port}"

    @property
    def join_url(self) -> str:
        """Short enough to type: address, port and the session code. The QR holds it."""
        return f"{self.base_url}/{self.session.code}"

    @property
    def remote_url(self) -> str:
        return f"{self.base_url}/remote/{self.session.trainer_secret}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.uvicorn.run, kwargs={"sockets": [self._socket]},
            name="phone-server", daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(Message("the phone server did not start"))
            time.sleep(0.01)

    def stop(self) -> None:
        # Open event streams would hold up uvicorn's shutdown: end them first.
        broadcaster = self.phone_server.broadcaster
        if broadcaster is not None and broadcaster.loop.is_running():
            broadcaster.loop.call_soon_threadsafe(broadcaster.stop)
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=START_TIMEOUT_SECONDS)
        self._socket.close()

    def __enter__(self) -> "LiveServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
