"""The phone server: an ASGI app (Starlette) in front of one LiveSession.

Attendees join with the session code and then hold a token in a cookie; the trainer
remote holds the session's secret in its URL. Every answer is committed and fsynced
before the phone hears "saved". Every request is bounded, and every bad one gets a 4xx
with a JSON `{"error": ...}` that says what is wrong and changes nothing. Once the
session has ended, each attendee downloads the handout and their own certificate
(downloads.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import html
import json
import re
import secrets
import time
import functools
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from facilitator.core import operations
from facilitator.core.errors import DomainError, InvalidInput, NotAllowed, NotFound, StorageFault
from facilitator.core.glyphs import printable_points
from facilitator.core.screen import Blank
from facilitator.core.session import Answer, LiveSession
from facilitator.core.translation import Message, available_languages, negotiate, plural_message, translator
from facilitator.documents.jobs import PdfWorkers

from .bodies import BadBody, parse_object
from .broadcast import Broadcaster, Channel
from .commits import AnswerBatcher, DurableAcks
from .downloads import CERTIFICATE_FILE, HANDOUT_FILE, Downloads, PdfFailed, attachment, room_workers
from .faults import FAULT_MESSAGE, CatchFaults, FaultLog, log_path_for
from .hosts import OwnAddressesOnly, words_asked
from .limits import Limits, RateLimiter
from .views import attendee_view, commitment_view, items_page, phone_state, trainer_state

QUIZ_TIMER_SECONDS = 0.25
REMOTE_CLOCK_SECONDS = 1.0  # how often the remote is sent its clocks
CANNOT_SAVE = Message("the trainer's laptop cannot save answers right now: try again in a moment")
TOO_MANY_REQUESTS = Message("too many requests: wait a moment")
NOT_FOUND = Message("not found")
COOKIE_MAX_AGE = 12 * 3600
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
}
SECURITY_HEADERS = [
    # No inline script or style, nothing from elsewhere: attendee text can never run.
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
     b"frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    # The remote's URL holds the trainer's secret: never send it on in a Referer.
    (b"referrer-policy", b"no-referrer"),
]
# Pages and answers are never kept: a phone must see the session as it is now, and a
# new version's page at once. A response that says how long it may be kept is kept.
NEVER_STORED = (b"cache-control", b"no-store")
# The icon never changes within a version: a phone asks for it once a day, not on each load.
ICON_CACHE = {"cache-control": "public, max-age=86400"}
# A page's words are kept by the phone and checked with the server on each load: a 304
# when this version's are the ones it has.
WORDS_CACHE = "no-cache"
GZIP_LEVEL = 9  # once per file at start: the phones' Wi-Fi carries a third of the bytes


class ApiError(Exception):
    def __init__(self, status: int, message: str | Message, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


_DOMAIN_STATUS = {NotFound: 404, NotAllowed: 409, InvalidInput: 422}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status, headers, media_type="application/json")


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None, field: str | None = None,
) -> Response:
    """`{"error": ...}` in the phone's language (when core or the server wrote it as a
    Message; other text as it is), and `"field"`: the key of the request's input it is
    about, so the page can show the message beside that input."""
    said = words_asked(request.scope).say(message)
    body = {"error": said} if field is None else {"error": said, "field": field}
    return _json(body, status, headers)


@dataclass(frozen=True)
class Packed:
    """A file the server sends as it is or gzipped, as the phone accepts."""

    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> "Packed":
        return cls(body, gzip.compress(body, GZIP_LEVEL, mtime=0), '"' + hashlib.sha256(body).hexdigest()[:16] + '"')

    def response(self, request: Request, media_type: str, headers: dict[str, str] | None = None) -> Response:
        headers = {"vary": "accept-encoding", **(headers or {})}
        if "gzip" in _header(request, b"accept-encoding"):
            return Response(self.gzipped, media_type=media_type, headers={**headers, "content-encoding": "gzip"})
        return Response(self.body, media_type=media_type, headers=headers)


def _header(request: Request, name: bytes) -> str:
    """One request header, found without building Starlette's Headers (hot path)."""
    for key, value in request.scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


@dataclass
class _Guards:
    writes: RateLimiter
    requests: RateLimiter
    joins: RateLimiter
    wrong_codes: RateLimiter


def _static(name: str) -> bytes:
    return resources.files("facilitator.live").joinpath("static", name).read_bytes()


class PhoneServer:
    """Builds the ASGI app; holds what its routes share."""

    def __init__(
        self, session: LiveSession, limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic, key_path: Path | None = None,
        log_path: Path | None = None, hosts: Iterable[str] = (),
        start_pdf_workers: Callable[[], PdfWorkers] = room_workers,
    ):
        self.session = session
        self.faults = FaultLog(log_path or log_path_for(session.store.path), clock)
        self.hosts = tuple(hosts)  # the names it answers at, besides the loopback ones
        self.limits = limits or Limits()
        self.cookie = f"facilitator_{session.code}"
        self._cookie_pattern = re.compile(rf"(?:^|;)\s*{self.cookie}=\"?([A-Za-z0-9_-]+)")
        self.guards = _Guards(
            writes=RateLimiter(self.limits.attendee_writes, clock),
            requests=RateLimiter(self.limits.address_requests, clock),
            joins=RateLimiter(self.limits.address_joins, clock),
            wrong_codes=RateLimiter(self.limits.wrong_codes, clock),
        )
        self.durable = DurableAcks(session.store)
        self.answers = AnswerBatcher(session, self.durable)
        # Without a key path, the key beside the session's database: the one the
        # `certificates` command signs with, so a reprint there keeps the same numbers.
        self.downloads = Downloads(
            session, self.durable.wait, key_path, clock=clock, start_workers=start_pdf_workers,
        )
        self.broadcaster: Broadcaster | None = None
        self._streams: dict[str, int] = {}
        # The pages' files, read once: served from memory, gzipped once.
        self.assets = {
            name: Packed.of(_static(name))
            for name in ("phone.css", "remote.css", "common.js", "phone.js", "remote.js", "favicon.ico")
        }
        self.app = self._build()

    # -- plumbing --------------------------------------------------------------------

    def _build(self) -> ASGIApp:
        api = self._api
        # The router tries routes in order: the ones every phone hits come first.
        routes = [
            Route("/api/{code}/answer", api(self.answer), methods=["POST"]),
            Route("/api/{code}/events", api(self.events), methods=["GET"]),
            Route("/api/{code}/me", api(self.me), methods=["GET"]),
            Route("/api/{code}/state", api(self.state), methods=["GET"]),
            Route("/api/{code}/items", api(self.items), methods=["GET"]),
            Route("/api/{code}/post", api(self.post), methods=["POST"]),
            Route("/api/{code}/upvote", api(self.upvote), methods=["POST"]),
            Route("/api/{code}/join", api(self.join), methods=["POST"]),
            Route("/api/{code}/name", api(self.rename), methods=["POST"]),
            Route("/api/{code}/commitment", api(self.commitment), methods=["POST"]),
            Route("/api/{code}/handout.pdf", api(self.handout), methods=["GET"]),
            Route("/api/{code}/certificate.pdf", api(self.certificate), methods=["GET"]),
            Route("/api/ping", self.ping, methods=["GET"]),
            Route("/api/words", self.words, methods=["GET"]),
            Route("/api/remote/{secret}/events", self.remote_events, methods=["GET"]),
            Route("/api/remote/{secret}/state", api(self.remote_state), methods=["GET"]),
            Route("/api/remote/{secret}/{action}", api(self.remote_action), methods=["POST"]),
            Route("/static/{name}", self.asset, methods=["GET"]),
            Route("/favicon.ico", self.icon, methods=["GET"]),
            Route("/remote/{secret}", self.remote_page, methods=["GET"]),
            Route("/", self.landing, methods=["GET"]),
            Route("/{code}", self.phone_page, methods=["GET"]),
        ]
        app = Starlette(
            routes=routes,
            # Starlette answers an exception itself before passing it on: in our words.
            exception_handlers={HTTPException: self._http_error, Exception: _fault},
            lifespan=self._lifespan,
        )
        # Outermost first: the security headers go on every response, a fault's and a
        # refused host's too; a fault anywhere inside becomes the JSON 500.
        return _SecurityHeaders(CatchFaults(
            OwnAddressesOnly(app, self.hosts), self.faults, self.session.trainer_secret
        ))

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette):
        # The fonts' coverage, which every text a phone sends is checked against, read
        # now rather than by the first phone to join.
        await asyncio.to_thread(printable_points)
        self.broadcaster = Broadcaster(self.session, asyncio.get_running_loop())
        self.broadcaster.start()
        self.downloads.start()
        timers = [
            asyncio.create_task(self._every(
                QUIZ_TIMER_SECONDS, self.session.close_expired_quizzes, "closing an expired quiz")),
            asyncio.create_task(self._every(
                REMOTE_CLOCK_SECONDS, self.broadcaster.tick, "sending the remote its clocks")),
        ]
        try:
            yield
        finally:
            for timer in timers:
                timer.cancel()
            self.broadcaster.stop()
            await self.downloads.close()
            self.faults.close()

    async def _every(self, seconds: float, work: Callable[[], object], doing: str) -> None:
        """Do `work` every `seconds` while the server runs."""
        while True:
            await asyncio.sleep(seconds)
            try:
                work()
            except DomainError:
                pass  # the session ended meanwhile
            except StorageFault:
                pass  # the store's health says so, once; the next tick tries again
            except Exception as error:
                self.faults.record(error, doing)

    async def _http_error(self, request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            return _error(request, 405, Message("{method} is not allowed here", method=request.method))
        # Starlette's own words for any other status, as they come.
        return _error(request, error.status_code, NOT_FOUND if error.status_code == 404 else error.detail)

    def _api(self, handler: Callable[[Request], Awaitable[Any]]) -> Callable[[Request], Awaitable[Response]]:
        """Wraps a route: bounds, the session check, and errors as clear JSON 4xx."""

        async def endpoint(request: Request) -> Response:
            address = request.client.host if request.client else "?"
            if not self.guards.requests.allow(address):
                return _error(request, 429, TOO_MANY_REQUESTS, {"retry-after": "5"})
            try:
                result = await handler(request)
            except ApiError as error:
                return _error(request, error.status, error.message, field=error.field)
            except DomainError as error:
                status = next(s for cls, s in _DOMAIN_STATUS.items() if isinstance(error, cls))
                return _error(request, status, error.args[0], field=getattr(error, "field", None))
            except StorageFault:
                # Nothing of it was saved. The trainer's screen and terminal say why,
                # once; the phone says try again, and stays as it was.
                return _error(request, 503, CANNOT_SAVE, {"retry-after": "5"})
            return result if isinstance(result, Response) else _json(result)

        return endpoint

    def _check_code(self, request: Request) -> None:
        address = request.client.host if request.client else "?"
        if self.guards.wrong_codes.blocked(address):
            raise ApiError(429, Message("too many wrong codes from this device: wait a minute"))
        code = request.path_params["code"]
        if not secrets.compare_digest(code.upper().encode(), self.session.code.encode()):
            self.guards.wrong_codes.allow(address)
            raise ApiError(404, Message("no session with this code: check the code on the screen"))

    def _check_secret(self, request: Request) -> None:
        given = request.path_params["secret"].encode()
        if not secrets.compare_digest(given, self.session.trainer_secret.encode()):
            raise ApiError(404, NOT_FOUND)

    def _token(self, request: Request) -> str:
        token = self._cookie(request)
        if not token:
            raise ApiError(401, Message("join the session first"))
        try:
            self.session.attendee(token)
        except NotFound:
            raise ApiError(401, Message("join the session first")) from None
        return token

    def _cookie(self, request: Request) -> str | None:
        """This session's attendee cookie: one regex, not a parse of every cookie."""
        match = self._cookie_pattern.search(_header(request, b"cookie"))
        return match.group(1) if match else None

    def _write_allowed(self, token: str) -> None:
        if not self.guards.writes.allow(token):
            raise ApiError(429, Message("too many answers at once: wait a moment"))

    async def _attendee_write(self, request: Request) -> tuple[str, dict[str, Any]]:
        """What every attendee write checks first, in this order: the code, the join
        cookie, the phone's write rate, then the body. Returns the token and the body."""
        self._check_code(request)
        token = self._token(request)
        self._write_allowed(token)
        return token, await self._body(request)

    async def _body(self, request: Request) -> dict[str, Any]:
        kind = _header(request, b"content-type").split(";")[0].strip().lower()
        if kind != "application/json":
            raise ApiError(415, Message("send JSON (Content-Type: application/json)"))
        cap = self.limits.body_bytes
        declared = _header(request, b"content-length")
        if declared.isdigit() and int(declared) > cap:
            raise _too_large(cap)
        body = b""
        while True:
            message = await request.receive()
            if message["type"] != "http.request":
                raise ApiError(400, Message("the request ended before its body"))
            body += message.get("body", b"")
            if len(body) > cap:
                raise _too_large(cap)
            if not message.get("more_body", False):
                break
        try:
            return parse_object(body)
        except BadBody as error:
            raise ApiError(400, error.args[0]) from None

    # -- pages -----------------------------------------------------------------------

    def _page(self, request: Request, name: str) -> Response:
        words = words_asked(request.scope)
        return _page_in(name, words.code).response(request, STATIC_TYPES[".html"], {
            "vary": "accept-encoding, accept-language", "content-language": words.tag,
        })

    async def landing(self, request: Request) -> Response:
        return self._page(request, "phone.html")

    async def phone_page(self, request: Request) -> Response:
        # The page itself checks the code with the API, to show a friendly message.
        return self._page(request, "phone.html")

    async def remote_page(self, request: Request) -> Response:
        try:
            self._check_secret(request)
        except ApiError:
            return _error(request, 404, NOT_FOUND)
        return self._page(request, "remote.html")

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if name not in self.assets or name.endswith(".html"):
            return _error(request, 404, NOT_FOUND)
        return self.assets[name].response(request, STATIC_TYPES[suffix])

    async def icon(self, request: Request) -> Response:
        # Where browsers look for it by themselves, and where the pages link to it.
        return self.assets["favicon.ico"].response(request, STATIC_TYPES[".ico"], ICON_CACHE)

    async def ping(self, request: Request) -> Response:
        return _json({"ok": True})

    async def words(self, request: Request) -> Response:
        """The pages' catalogue: ?lang=TAG (the phone's choice), else the language its
        browser asks for first that Facilitator speaks, else English."""
        asked = request.query_params.get("lang") or _header(request, b"accept-language")
        packed = _page_words(negotiate(asked[:100]))
        if packed.etag in _header(request, b"if-none-match"):
            return Response(status_code=304, headers={"etag": packed.etag, "cache-control": WORDS_CACHE})
        return packed.response(request, "application/json", {"etag": packed.etag, "cache-control": WORDS_CACHE})

    # -- attendees -------------------------------------------------------------------

    async def state(self, request: Request) -> Response:
        self._check_code(request)
        if self.broadcaster is None:  # the app runs without its lifespan: no pushes
            return _json(phone_state(self.session))
        # The pushed bytes themselves, numbered: deltas that follow apply to them.
        message = self.broadcaster.current(self.broadcaster.phones)
        return Response(message, media_type="application/json")

    async def items(self, request: Request) -> dict[str, Any]:
        """A page of a board's items beyond those pushed: ?poll=N[&after=ITEM]."""
        self._check_code(request)
        query = request.query_params
        after = query.get("after")
        return items_page(
            self.session, _query_id(query.get("poll"), "poll"),
            None if after is None else _query_id(after, "after"),
        )

    async def me(self, request: Request) -> dict[str, Any]:
        self._check_code(request)
        try:
            token = self._token(request)
        except ApiError:
            token = None
        return attendee_view(self.session, token)

    async def events(self, request: Request) -> Response:
        self._check_code(request)
        token = self._token(request)
        # A phone whose page is open is present: each frame (a keep-alive at least every
        # 15 s) counts as seeing it (core.attendance says what present means).
        return self._stream(self.broadcaster.phones, token, self.limits.streams_per_attendee,
                            seen=partial(self._seen, token))

    def _seen(self, token: str) -> None:
        with contextlib.suppress(NotFound):
            self.session.mark_seen(token)

    async def join(self, request: Request) -> Response:
        self._check_code(request)
        data = await self._body(request)
        address = request.client.host if request.client else "?"
        existing = self._cookie(request)
        if existing:
            with contextlib.suppress(NotFound):
                # A second tap on "Join", or a reload mid-join: the same attendee.
                attendee = self.session.attendee(existing)
                return _json({"name": attendee.name})
        if not self.guards.joins.allow(address):
            raise ApiError(429, Message("too many people joined from this device: wait a moment"))
        attendee = self.session.join(data.get("name"), data.get("join_key"))
        await self.durable.wait()
        response = _json({"name": attendee.name}, 201)
        response.set_cookie(
            self.cookie, attendee.token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict"
        )
        return response

    async def rename(self, request: Request) -> dict[str, Any]:
        token, data = await self._attendee_write(request)
        attendee = self.session.attendee(token)
        operations.rename_attendee(self.session, attendee.id, data.get("name"))
        await self.durable.wait()
        return {"name": self.session.attendee(token).name}

    async def commitment(self, request: Request) -> dict[str, Any]:
        token, data = await self._attendee_write(request)
        made = operations.make_commitment(
            self.session, token, due=data.get("due"), action=data.get("action"),
            idea=data.get("idea"),
        )
        await self.durable.wait()
        return commitment_view(made)

    async def answer(self, request: Request) -> dict[str, Any]:
        token, data = await self._attendee_write(request)
        response = await self.answers.submit(Answer(token, _id(data, "poll"), data.get("answer")))
        return {"poll": response.poll_id, "answer": response.answer}

    async def post(self, request: Request) -> dict[str, Any]:
        token, data = await self._attendee_write(request)
        request_id = data.get("request_id")
        if request_id is not None and not isinstance(request_id, str):
            raise ApiError(400, Message("`request_id` must be text"), field="request_id")
        item = self.session.post(token, _id(data, "poll"), data.get("text"), request_id)
        await self.durable.wait()
        return {"id": item.id, "text": item.text}

    async def upvote(self, request: Request) -> dict[str, Any]:
        token, data = await self._attendee_write(request)
        on = data.get("on", True)
        if not isinstance(on, bool):
            raise ApiError(400, Message("`on` must be true or false"))
        item = self.session.upvote(token, _id(data, "item"), on=on)
        await self.durable.wait()
        return {"id": item.id, "upvotes": item.upvotes, "on": on}

    # -- downloads, once the session has ended ----------------------------------------

    def _download_allowed(self, request: Request) -> str:
        self._check_code(request)
        token = self._token(request)
        if not self.session.ended:
            raise ApiError(409, Message("the handout and certificates are ready once the session has ended"))
        # Each download costs a worker a moment: a phone gets a few a second, not a flood.
        if not self.guards.writes.allow(token):
            raise ApiError(429, Message("too many downloads at once: wait a moment"))
        return token

    async def handout(self, request: Request) -> Response:
        token = self._download_allowed(request)
        pdf = await self._pdf(self.downloads.handout(self.session.attendee(token)))
        return _pdf_response(pdf, attachment(HANDOUT_FILE, self.session.workshop.title, words_asked(request.scope)))

    async def certificate(self, request: Request) -> Response:
        token = self._download_allowed(request)
        pdf, name = await self._pdf(self.downloads.certificate(self.session.attendee(token)))
        return _pdf_response(pdf, attachment(CERTIFICATE_FILE, name, words_asked(request.scope)))

    async def _pdf(self, making: Awaitable[Any]) -> Any:
        try:
            return await making
        except PdfFailed as error:
            # Once in the log, however many phones ask: not a line per request.
            self.faults.record(error, "making a PDF for a phone")
            raise ApiError(
                503, Message("the PDF could not be made just now: try again in a moment")
            ) from None

    @property
    def open_streams(self) -> int:
        """How many event streams (phones' and remotes') are open now."""
        return sum(self._streams.values())

    def _stream(self, channel: Channel, key: str, per_key: int,
                seen: Callable[[], None] | None = None) -> Response:
        if self._streams.get(key, 0) >= per_key:
            raise ApiError(429, Message("this phone already follows the session in other tabs"))
        if self.open_streams >= self.limits.streams:
            raise ApiError(429, Message("the room is full: too many phones are connected"))
        self._streams[key] = self._streams.get(key, 0) + 1

        async def frames():
            try:
                async for frame in self.broadcaster.follow(channel):
                    yield frame
                    if seen is not None:
                        seen()
            finally:
                self._streams[key] -= 1
                if not self._streams[key]:
                    del self._streams[key]

        return StreamingResponse(
            frames(), media_type="text/event-stream; charset=utf-8",
            headers={"x-accel-buffering": "no"},
        )

    # -- trainer remote --------------------------------------------------------------

    async def remote_state(self, request: Request) -> dict[str, Any]:
        self._check_secret(request)
        return trainer_state(self.session)

    async def remote_events(self, request: Request) -> Response:
        try:
            self._check_secret(request)
        except ApiError:
            return _error(request, 404, NOT_FOUND)
        return self._stream(self.broadcaster.trainers, "trainer", self.limits.streams_per_attendee)

    async def remote_action(self, request: Request) -> dict[str, Any]:
        self._check_secret(request)
        name = request.path_params["action"]
        action = REMOTE_ACTIONS.get(name)
        if action is None:
            raise ApiError(404, Message("no remote action {name}", name=repr(name)))
        action.perform(self.session, await self._body(request))
        await self.durable.wait()
        return {"ok": True}


# An element of a page's HTML whose words the catalogue says (`data-t`, its text plain).
_MARKED = re.compile(r"<([a-z0-9]+)\b([^>]*\bdata-t)>([^<]*)</\1>")


@functools.cache
def _page_in(name: str, code: str) -> Packed:
    """A page in a language from its first byte: <html lang dir>, and each marked
    element's words, its <title> and what shows without JavaScript among them. The English
    stays in `data-t`, for the script to say the words again in the language chosen on
    the phone."""
    words = translator(code)

    def said(element: re.Match[str]) -> str:
        english = html.unescape(element[3])
        return (f'<{element[1]}{element[2]}="{html.escape(english)}">'
                f"{html.escape(words.gettext(english), quote=False)}</{element[1]}>")

    page = _static(name).decode("utf-8").replace(
        '<html lang="en">', f'<html lang="{words.tag}" dir="{words.direction}">', 1)
    return Packed.of(_MARKED.sub(said, page).encode("utf-8"))


@functools.cache
def _page_words(code: str) -> Packed:
    catalogue = translator(code).page_catalogue(available_languages())
    return Packed.of(json.dumps(catalogue, ensure_ascii=False, separators=(",", ":")).encode())


async def _fault(request: Request, error: Exception) -> Response:
    return _error(request, 500, FAULT_MESSAGE)


def _pdf_response(pdf: bytes, disposition: str) -> Response:
    return Response(pdf, media_type="application/pdf", headers={"content-disposition": disposition})


def _id(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, Message("`{key}` must be a number", key=key), field=key)
    return value


def _too_large(cap: int) -> ApiError:
    return ApiError(413, plural_message(
        "the request is larger than {count} byte", "the request is larger than {count} bytes", cap))


def _query_id(value: str | None, key: str) -> int:
    # Digits only, and few: int() would take "+1", " 1", "١" and a 4,300-digit number.
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ApiError(400, Message("`{key}` must be a number", key=key))
    return int(value)


@dataclass(frozen=True)
class RemoteAction:
    """A button of the trainer remote: the name its URL ends with, the operation it
    performs, and the body's number that the operation takes, if any."""

    name: str
    operation: Callable[..., None]
    argument: str | None = None  # "slide", "item"

    def perform(self, session: LiveSession, body: dict[str, Any]) -> None:
        if self.argument is None:
            self.operation(session)
        else:
            self.operation(session, _id(body, self.argument))


REMOTE_ACTIONS = {action.name: action for action in (
    RemoteAction("next", operations.next_slide),
    RemoteAction("previous", operations.previous_slide),
    RemoteAction("goto", operations.go_to_slide, "slide"),
    RemoteAction("open", operations.open_poll),
    RemoteAction("close", operations.close_poll),
    RemoteAction("reveal", operations.reveal_results),
    RemoteAction("conceal", operations.hide_results),
    RemoteAction("hide", operations.hide_post, "item"),
    RemoteAction("unhide", operations.show_post, "item"),
    RemoteAction("answered", operations.mark_answered, "item"),
    RemoteAction("end", operations.end_session),
    # One action per state rather than toggles: a retried tap cannot undo the first.
    RemoteAction("black", partial(operations.set_blank, blank=Blank.BLACK)),
    RemoteAction("white", partial(operations.set_blank, blank=Blank.WHITE)),
    RemoteAction("unblank", partial(operations.set_blank, blank=Blank.NONE)),
    RemoteAction("show-join-bar", partial(operations.show_join_bar, shown=True)),
    RemoteAction("hide-join-bar", partial(operations.show_join_bar, shown=False)),
)}


class _SecurityHeaders:
    """Adds the security headers to every response (pure ASGI: no per-request cost)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                if not any(name == NEVER_STORED[0] for name, _ in headers):
                    headers.append(NEVER_STORED)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
