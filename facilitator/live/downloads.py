"""The PDFs a phone downloads at the end: the action-ideas handout and its owner's
certificate.

ReportLab is not thread-safe, so PDFs are drawn in worker processes (documents.jobs'
PdfWorkers, as the window's), never on the server's thread nor in a thread of its own. At the end
of a session the whole room may tap at once, so the workers are few and reused, and the
room's part of the handout is read once for a burst of phones; each phone's copy (its
own page first) is drawn once and handed again until something it shows changes. Reading the session and issuing a certificate stay in the
server's process, through core.operations as the window's and the command's do (every
check before anything is recorded); a worker only turns plain data into bytes.
"""

from __future__ import annotations

import asyncio
import importlib
import re
import time
import unicodedata
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from facilitator.core import operations
from facilitator.core.errors import InvalidInput, NotFound
from facilitator.core.events import SessionEvent
from facilitator.core.session import LiveSession
from facilitator.core.store import Attendee
from facilitator.core.translation import Message, Translator
# Light: the jobs import ReportLab only when a worker runs one.
from facilitator.documents.jobs import CertificatesJob, HandoutJob, NameProblemJob, PdfJob, PdfWorkers

WORKERS = 2  # one handout and one certificate at a time; a room's burst queues behind them
# A change that publishes no event (the organizer's name, say) reaches the handout
# within this long; in a burst of downloads the session is read once in that time.
RECHECK_SECONDS = 1.0
FILE_NAME_LENGTH = 80
# Characters that some phone's file system or download manager refuses in a file name.
_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')
_NOT_IN_FALLBACK = re.compile(r"[^A-Za-z0-9 .,_()'+&-]+")


@dataclass(eq=False)
class _Handout:
    content: Any  # documents.handout.HandoutContent
    pdf: asyncio.Future


@dataclass(frozen=True)
class _RoomContent:
    content: Any  # documents.handout.HandoutContent, without a personal page
    version: int  # the session's change count when it was read
    checked: float


class PdfFailed(Exception):
    """The worker could not make the PDF; the message says why, for the log."""


# What each file is, in the name the phone saves it under.
HANDOUT_FILE = Message("Action ideas")
CERTIFICATE_FILE = Message("Certificate")


def attachment(label: str, detail: str, words: Translator) -> str:
    """A Content-Disposition for `label - detail.pdf`: the name as it is, its label in
    `words`' language (RFC 5987), and an ASCII one, its label in English, for the
    clients that read only `filename`."""
    full = _file_name(_safe(words.say(label)), _safe(detail))
    ascii_detail = unicodedata.normalize("NFKD", detail).encode("ascii", "ignore").decode()
    plain = _file_name(label, _safe(ascii_detail, _NOT_IN_FALLBACK))
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(full, safe='')}"


def _safe(text: str, unsafe: re.Pattern[str] = _NOT_IN_FILE_NAMES) -> str:
    """`text` with each run of what `unsafe` matches, and of spaces, as one space."""
    return " ".join(unsafe.sub(" ", text).split())


def _file_name(label: str, detail: str) -> str:
    detail = detail[:FILE_NAME_LENGTH].strip()
    return f"{label} - {detail}.pdf" if detail else f"{label}.pdf"


def room_workers() -> PdfWorkers:
    """The few worker processes every phone of a session shares."""
    return PdfWorkers(WORKERS)


class Downloads:
    """Makes the PDFs for one session's phones; lives on the server's event loop.

    `durable` waits until what was committed is on disk: a certificate's number is
    recorded for good before its PDF leaves the laptop. `start_workers` makes the pool
    of PDF workers, on the first download and again after a worker died.
    """

    def __init__(
        self, session: LiveSession, durable: Callable[[], Awaitable[None]],
        key_path: Path | None = None, clock: Callable[[], float] = time.monotonic,
        start_workers: Callable[[], PdfWorkers] = room_workers,
    ):
        self.session = session
        self.durable = durable
        self.key_path = key_path
        self.start_workers = start_workers
        self.clock = clock
        self._pool: PdfWorkers | None = None  # started on the first download
        self._key: asyncio.Future | None = None
        self._imported = False
        self._version = 0  # counts the session's changes
        self._room: _RoomContent | None = None
        self._handouts: dict[int, _Handout] = {}  # each phone's, by attendee
        self._certificates: dict[int, asyncio.Future] = {}  # in the making, by attendee
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        self._unsubscribe = self.session.events.subscribe(self._changed)

    async def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        pool, self._pool = self._pool, None
        if pool is not None:
            # Waits for a PDF being drawn (a fraction of a second), off the loop.
            await asyncio.to_thread(pool.shutdown, wait=True)

    def _changed(self, event: SessionEvent) -> None:
        self._version += 1  # any thread; a lost increment still changes the number

    # -- the handout -----------------------------------------------------------------

    async def handout(self, attendee: Attendee) -> bytes:
        """The session's handout as `attendee`'s phone gets it: their own page first,
        then the room's. The room's part is read once for every phone in a burst; each
        phone's PDF is drawn once, then the same bytes for as long as what it prints
        stays the same."""
        await self._import_documents()  # first: no await between the look and the draw
        from facilitator.documents.handout import personal_page

        content = replace(self._room_content(), personal=personal_page(self.session, attendee.id))
        entry = self._handouts.get(attendee.id)
        if entry is None or entry.content != content:
            entry = self._handouts[attendee.id] = _Handout(content, _shared(self._run(HandoutJob(content))))
        try:
            return await asyncio.shield(entry.pdf)
        except PdfFailed:
            if self._handouts.get(attendee.id) is entry:
                del self._handouts[attendee.id]  # the next ask tries again
            raise

    def _room_content(self) -> Any:
        """The room's handout content (documents.handout.HandoutContent), read again
        after a change and at most every RECHECK_SECONDS in a burst of downloads."""
        from facilitator.documents.handout import handout_content

        now = self.clock()
        room = self._room
        if room is None or room.version != self._version or now - room.checked >= RECHECK_SECONDS:
            # Read before the content: a change while it is read makes the next ask look.
            version = self._version
            # Read again even with no event: the organizer's name, say, changes without one.
            self._room = room = _RoomContent(handout_content(self.session), version, now)
        return room.content

    # -- certificates ----------------------------------------------------------------

    async def certificate(self, attendee: Attendee) -> tuple[bytes, str]:
        """The attendee's certificate and the name printed on it. The first download
        issues it; later ones reprint it under the same number (re-issued if the name
        changed). Raises InvalidInput when the name cannot be printed, PdfFailed when
        no PDF could be made."""
        making = self._certificates.get(attendee.id)
        if making is None:
            making = self._certificates[attendee.id] = _shared(self._certificate(attendee.id))
            making.add_done_callback(lambda _: self._certificates.pop(attendee.id, None))
        return await asyncio.shield(making)

    async def _certificate(self, attendee_id: int) -> tuple[bytes, str]:
        await self._import_documents()
        from facilitator.documents import certificates

        # The name as it is now, checked, issued and drawn as one: a rename meanwhile
        # is for the next download.
        person = next(
            (p for p in certificates.people_from_session(self.session)
             if p.attendee_id == attendee_id),
            None,
        )
        if person is None:
            raise NotFound(Message("there is no such attendee in this session"))
        problem = await self._run(NameProblemJob(person.name))
        if problem is not None:
            raise InvalidInput(Message(
                "your name cannot be printed on a certificate: {problem}. Change your"
                " name below, or ask the trainer", problem=problem,
            ))
        key = await self._signing_key()
        facts = certificates.facts_for_session(self.session)
        try:
            issued = operations.issue_session_certificates(
                self.session, certificates.Signer(facts, key), [person], self.session.clock.now(),
            )
        except (certificates.UnprintableNamesError, FileNotFoundError) as error:
            # The workshop's own text or image cannot print: nothing was issued.
            raise PdfFailed(str(error)) from error
        await self.durable()
        pdf = await self._run(CertificatesJob(issued, facts))
        operations.record_session_pdf(self.session, issued, pdf)
        return pdf, issued[0].name

    async def _signing_key(self):
        # One load for everyone waiting: two first loads at once could race to create it.
        if self._key is None:
            database = self.session.store.path
            self._key = _shared(asyncio.to_thread(_load_key, self.key_path, database))
        loading = self._key
        try:
            return await asyncio.shield(loading)
        except Exception as error:
            if self._key is loading:
                self._key = None
            raise PdfFailed(Message("the signing key cannot be used: {reason}", reason=str(error))) from error

    # -- the workers -----------------------------------------------------------------

    async def _import_documents(self) -> None:
        # ReportLab and the fonts take a good part of a second to import: not on the loop.
        if not self._imported:
            for name in ("facilitator.documents.handout", "facilitator.documents.certificates"):
                await asyncio.to_thread(importlib.import_module, name)
            self._imported = True

    async def _run(self, job: PdfJob) -> Any:
        if self._pool is None:
            self._pool = self.start_workers()
        pool = self._pool
        try:
            return await asyncio.wrap_future(pool.submit(job))
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the next download starts afresh.
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False)
            raise PdfFailed(Message("a PDF worker process stopped")) from None
        except RuntimeError as error:
            raise PdfFailed(str(error)) from None


def _shared(work: Awaitable[Any]) -> asyncio.Future:
    """A task several requests await, each through a shield: a phone that goes away
    does not cancel it for the others."""
    task = asyncio.ensure_future(work)
    # Retrieved here so that a failure nobody waits for any more is not logged twice.
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
    return task


def _load_key(key_path: Path | None, database: str | None):
    from facilitator.core.paths import key_path_for
    from facilitator.documents.signing import default_key_path, load_or_create_key

    if key_path is None:
        # As `facilitator certificates` does: the key beside the database it signs for.
        key_path = key_path_for(database) if database else default_key_path()
    return load_or_create_key(key_path)
