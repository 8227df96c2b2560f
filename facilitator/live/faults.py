"""What the phone server does with a fault nobody foresaw.

The phone gets a short JSON 500 it can show; the trainer's log file gets the traceback,
once. A fault that repeats (a full disk fails every request) would otherwise fill the
terminal and the log: repeats of the same fault are counted, and the count is written
at most once a minute and when the server stops.
"""

from __future__ import annotations

import contextlib
import logging
import time
import traceback
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Callable

import platformdirs
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from facilitator.core.translation import Message
from facilitator.core.wording import plural

from .hosts import send_error

FAULT_MESSAGE = Message("something went wrong on the trainer's laptop; try again")
LOG_FILENAME = "phone-server.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 2
REPEAT_REPORT_SECONDS = 60.0
# Distinct faults remembered for counting; past that, a fault counts as new again.
MAX_KINDS = 100


def log_path_for(database: Path | str | None) -> Path:
    """The phone server's log: beside the session's database (the trainer's data
    folder), or in the user's log folder for a database that has no file."""
    if database:
        return Path(database).parent / LOG_FILENAME
    return Path(platformdirs.user_log_dir("facilitator", appauthor=False)) / LOG_FILENAME


class _LogFile(RotatingFileHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        # The log is on the disk that may be full: failing to log must not print a
        # traceback of its own per request either.
        pass


@dataclass
class _Repeats:
    """How often one kind of fault happened, and how much of that the log says."""

    name: str
    reported_at: float
    seen: int = 1
    reported: int = 1


class FaultLog:
    """A rotating log file of unexpected faults, each kind's traceback written once."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.monotonic):
        self.path = path
        self.clock = clock
        self._file = _LogFile(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
        self._file.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        self._repeats: dict[tuple, _Repeats] = {}

    def record(self, error: BaseException, during: str) -> None:
        """Log a fault that happened `during` something (a request, a timer)."""
        kind = (type(error), tuple((f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)))
        now = self.clock()
        repeats = self._repeats.get(kind)
        if repeats is None:
            if len(self._repeats) >= MAX_KINDS:
                self._report_all()
                self._repeats.clear()
            self._repeats[kind] = _Repeats(f"{type(error).__name__}: {error}", now)
            self._write(f"{during} failed unexpectedly", error)
            return
        repeats.seen += 1
        if now - repeats.reported_at >= REPEAT_REPORT_SECONDS:
            self._report(repeats, now)

    def close(self) -> None:
        """Write the counts not written yet."""
        self._report_all()

    def _report_all(self) -> None:
        for repeats in self._repeats.values():
            if repeats.seen > repeats.reported:
                self._report(repeats, self.clock())

    def _report(self, repeats: _Repeats, now: float) -> None:
        again = plural(repeats.seen - repeats.reported, "more time")
        self._write(f"the same fault again ({repeats.name}): {again}")
        repeats.reported, repeats.reported_at = repeats.seen, now

    def _write(self, message: str, error: BaseException | None = None) -> None:
        exc_info = (type(error), error, error.__traceback__) if error is not None else None
        record = logging.LogRecord("facilitator.live", logging.ERROR, __file__, 0, message, None, exc_info)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        self._file.handle(record)
        self._file.close()  # faults are rare: no file is held open between them


class CatchFaults:
    """Pure ASGI: any exception a request raises becomes the JSON 500 (or, when the
    response had begun, its end) and one entry in the fault log; nothing reaches the
    server, which would print a traceback per request."""

    def __init__(self, app: ASGIApp, log: FaultLog, hide: str):
        self.app = app
        self.log = log
        self._hide = hide  # the trainer's secret, part of the remote's paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = finished = False

        async def send_tracked(message: ASGIMessage) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif not message.get("more_body", False):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as error:
            path = scope.get("path", "").replace(self._hide, "{secret}")
            self.log.record(error, f"{scope.get('method')} {path}")
            if not started:
                await send_error(scope, send, 500, FAULT_MESSAGE)
            elif not finished:
                # Headers are gone already: end the body, so the phone sees it cut short.
                with contextlib.suppress(Exception):  # the connection may be gone too
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
