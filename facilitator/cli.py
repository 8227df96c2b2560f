"""The `facilitator` command."""

from __future__ import annotations

import argparse
import datetime
import sys
import threading
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .core.errors import FormatError, Problem, StorageFault, StoreUnusable
from .core.health import HealthChanged
from .core.paths import SHIPPED_DECK, default_db_path, key_path_for
from .core.translation import Message, Translator, system_language, translator
from .core.workshop import Workshop, load_workshop
from .live.network import DEFAULT_PORT
from .process import say, stopping_on_signals, tune_garbage_collector


def _load(deck: Path) -> Workshop | None:
    """The workshop, or None after printing every problem in it."""
    try:
        return load_workshop(deck)
    except FormatError as error:
        _print_problems(error.problems)
        return None


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.said(system_words()), file=sys.stderr)
    count = len(problems)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)


# The pages of an imported deck that cannot be drawn: only a PDF renderer finds them, and
# the one the windows draw with (QtPdf) is outside core; `check_deck` takes it as a finder.
PageProblems = Callable[[Workshop], list[Problem]]


def _no_page_problems(workshop: Workshop) -> list[Problem]:
    return []


def check_deck(deck: Path, find_page_problems: PageProblems = _no_page_problems) -> int:
    """Print every problem of a deck and its exercises (1), or its summary (0)."""
    workshop = _load(deck)
    if workshop is None:
        return 1
    if problems := find_page_problems(workshop):
        _print_problems(problems)
        return 1
    for line in workshop.summary().lines(system_words()):
        print(line)
    return 0


def _check(args: argparse.Namespace) -> int:
    # Qt's PDF renderer is loaded only by the command that draws pages.
    from .ui.pdf_pages import page_problems

    return check_deck(args.deck, page_problems)


# The main thread waits for a stop signal this long at a time: Windows runs a Python signal
# handler (Ctrl-C) only once the main thread wakes, not while it blocks.
STOP_CHECK_SECONDS = 0.5
# `--resume` with no number: the most recent session not ended.
_LATEST_UNENDED = object()


def _serve(args: argparse.Namespace) -> int:
    stop = threading.Event()
    # From the start: a SIGTERM while the deck loads still ends in order.
    with stopping_on_signals(stop.set):
        session = _new_session(args) if args.resume is None else _session_to_resume(args)
        if session is None:
            return 1
        with closing(session.store):
            session.store.health.events.subscribe(print_health)
            if not _serve_until(stop, session, args):
                return 1
    say("Stopped.")
    return 0


def _new_session(args: argparse.Namespace):
    """A new session of the deck, or None after printing what is wrong with it."""
    from .core.session import LiveSession
    from .core.store import Store

    workshop = _load(args.deck or SHIPPED_DECK)
    return workshop and LiveSession.start(Store.open(args.db, owner=_owner(args)), workshop)


def _serve_until(stop: threading.Event, session, args: argparse.Namespace) -> bool:
    """Serve `session` until `stop` is set; False when the server cannot listen."""
    from .core.qr import qr_text
    from .core.wording import plural
    from .live.server import LiveServer

    try:
        server = LiveServer(session, host=args.host, port=args.port)
    except OSError as error:
        print(f"cannot listen: {error.strerror or error}", file=sys.stderr)
        return False
    tune_garbage_collector()
    with server:
        header = f"{session.workshop.title}: session {session.id}, code {session.code}"
        if args.resume is not None:
            header += f", resumed with {plural(session.state().attendees, 'attendee')}"
        for line in (header, f"join: {server.join_url}", f"remote: {server.remote_url}",
                     qr_text(server.join_url), "Serving until Ctrl-C."):
            say(line)
        while not stop.wait(STOP_CHECK_SECONDS):
            pass
        # Streams close, requests under way finish, the PDF workers end; then the store
        # is fsynced and closed.
        say("\nStopping.")
    return True


def print_health(change: HealthChanged) -> None:
    """One line when saving starts failing (or fails for another reason), one when it
    works again: not one per request."""
    if change.cause is not None:
        say(f"Cannot save answers: {change.cause}. Phones are asked to try again in a "
             "moment; what they were told was saved is safe.", to=sys.stderr)
    else:
        say("Saving works again.")


def _owner(args: argparse.Namespace) -> str:
    """What this process is, for the message of another one refused the database."""
    return f"facilitator {args.command}"


class CommandError(Exception):
    """A command cannot go on: its message says why, and the command exits with 1."""


def system_words() -> Translator:
    """The words of the system's language (LC_ALL, LC_MESSAGES, LANG), for what the
    commands print."""
    return translator(system_language())


def _said(error: Exception) -> str:
    """An error's message in the system's language when core wrote it as a Message."""
    message = error.args[0] if error.args else ""
    return system_words().say(message) if isinstance(message, Message) else str(error)


def _key_path(args: argparse.Namespace) -> Path:
    """The organisation's signing key lives beside the database it signs for."""
    return key_path_for(args.db)


def _open_store(args: argparse.Namespace):
    from .core.store import Store

    if not args.db.exists():
        raise CommandError(f"no database at {args.db}: run a session first, or give --db")
    return Store.open(args.db, owner=_owner(args))


def _session(args: argparse.Namespace, store):
    """The session `--session` names (default: the most recent one)."""
    if args.session is None:
        listing = store.recent_sessions(limit=1)
        if not listing:
            raise CommandError(f"no sessions in {args.db} yet")
        return _numbered_session(args, store, listing[0].id)
    return _numbered_session(args, store, args.session)


def _session_to_resume(args: argparse.Namespace):
    """The session `--resume` names (default: the most recent one not ended), to carry on
    with its own deck, code and secret."""
    if args.deck is not None:
        raise CommandError("--resume carries on a session with its own deck: give no deck")
    store = _open_store(args)
    try:
        latest = args.resume is _LATEST_UNENDED
        session_id = store.latest_unended_session() if latest else args.resume
        if session_id is None:
            raise CommandError(f"nothing to resume in {args.db}: it holds no session that has "
                               "not ended. `facilitator serve` starts a new one")
        session = _numbered_session(args, store, session_id)
        if session.ended:
            raise CommandError(f"session {session_id} has ended: it cannot be resumed. Its "
                               f"documents: `facilitator handout --session {session_id}`; "
                               "`facilitator serve` starts a new session")
    except BaseException:
        store.close()
        raise
    return session


def _numbered_session(args: argparse.Namespace, store, session_id: int):
    from .core.errors import DomainError
    from .core.session import LiveSession

    record = store.session(session_id)
    if record is None:
        raise CommandError(f"no session {session_id} in {args.db}")
    workshop = _load(Path(record.deck_path))
    if workshop is None:
        raise CommandError(f"the deck of session {session_id}, {record.deck_path}, cannot be loaded")
    try:
        return LiveSession.resume(store, workshop, record.id)
    except DomainError as error:
        raise CommandError(str(error)) from None


def _remember_organizer(args: argparse.Namespace, store) -> None:
    from .core.errors import InvalidInput
    from .core.organizer import remember_organizer

    try:
        remember_organizer(store, facilitator=args.facilitator, organisation=args.organisation,
                           logo=args.logo, signature=args.signature)
    except InvalidInput as error:
        raise CommandError(str(error)) from None


def _handout(args: argparse.Namespace) -> int:
    from .documents.handout import write_handout

    with closing(_open_store(args)) as store:
        session = _session(args, store)
        _remember_organizer(args, store)
        write_handout(session, args.out, page_size=args.page_size, language=args.language)
    print(f"handout: {args.out}")
    return 0


def _roster_refused(error: FormatError, path: Path, consequence: str) -> CommandError:
    """Every bad line of a roster on stderr, and the error that ends the command."""
    for problem in error.problems:
        print(problem.said(system_words()), file=sys.stderr)
    return CommandError(f"the roster {path} was not used; {consequence}")


def _export(args: argparse.Namespace) -> int:
    from .core.roster import load_roster
    from .documents.exports import export_all

    try:
        rosters = [load_roster(args.roster)] if args.roster is not None else []
    except FormatError as error:
        raise _roster_refused(error, args.roster, "nothing was exported") from None
    with closing(_open_store(args)) as store:
        written = export_all(_session(args, store), args.out, rosters, args.language)
    for kind, path in written.items():
        print(f"{kind}: {path}")
    return 0


def _remember_page_address(args: argparse.Namespace, store) -> None:
    from .core.errors import InvalidInput
    from .core.verification import remember_page_address

    if args.verification_page is None:
        return
    try:
        remember_page_address(store, args.verification_page)
    except InvalidInput as error:
        raise CommandError(str(error)) from None


@contextmanager
def _chosen_people(args: argparse.Namespace):
    """The store, the workshop's facts and the people `certificates` and `badges` issue
    for: a session's attendees (--session, default the latest), a roster's people, or
    both. The organizer's names and the page address given are remembered first."""
    from .core.organizer import organizer_for
    from .core.store import Store
    from .core.errors import InvalidInput
    from .core.verification import page_address
    from .documents.certificates import WorkshopFacts, facts_for_session
    from .documents.namecheck import NameCheck

    with_session = args.roster is None or args.session is not None
    with closing(_open_store(args) if with_session else Store.open(args.db, owner=_owner(args))) as store:
        session = _session(args, store) if with_session else None
        _remember_organizer(args, store)
        _remember_page_address(args, store)
        if session is not None:
            facts = facts_for_session(session, language=args.language)
        else:
            workshop = _load(args.deck)
            if workshop is None:
                raise CommandError(f"the deck {args.deck} cannot be loaded")
            facts = WorkshopFacts.from_deck(
                workshop.deck, date=args.date, organizer=organizer_for(workshop.deck, store),
                page_address=page_address(store), language=args.language,
            )
        names = NameCheck(facts, session)
        if args.minimum_presence is not None:
            try:
                names.set_minimum(args.minimum_presence)
            except InvalidInput as error:
                raise CommandError(str(error)) from None
        for index, entry in enumerate(names.entries):
            if entry.short:
                names.decide(index, print_anyway=args.include_short_presence)
                verdict = "printed anyway" if args.include_short_presence else "left out"
                print(f"{verdict}: {entry.name}, {entry.presence.describe()}, below the "
                      f"minimum of {names.minimum} %", file=sys.stderr)
        if args.roster is not None:
            try:
                names.add_roster(args.roster)
            except FormatError as error:
                raise _roster_refused(error, args.roster, "nothing was written") from None
        if not names.entries:
            raise CommandError("nobody to issue a certificate for: no one joined that session")
        if not names.people:
            raise CommandError("nobody to issue a certificate for: everyone was present for "
                               "less than the minimum (--include-short-presence issues theirs)")
        yield store, facts, names.people


def _certificates(args: argparse.Namespace) -> int:
    from .documents.certificates import UnprintableNamesError, print_certificates

    with _chosen_people(args) as (store, facts, people):
        try:
            result = print_certificates(
                store, facts, people, args.out,
                args.page_size, key_path=_key_path(args),
            )
        except UnprintableNamesError as error:
            raise CommandError(str(error)) from None
    numbers = [c.number for c in result.certificates]
    count = len(numbers)
    print(f"certificates: {args.out} ({count} page{'s' if count != 1 else ''}, "
          f"{numbers[0]}{f' to {numbers[-1]}' if count > 1 else ''})")
    print(f"signed with the key {result.certificates[0].key_fingerprint}")
    if not facts.page_address:
        print("their QR codes hold the signed facts alone: `facilitator verify-page` writes a "
              "page to publish, and --verification-page URL makes the QR codes open it")
    return 0


def _badges(args: argparse.Namespace) -> int:
    import time

    from .core import operations
    from .documents.badges import write_badges
    from .documents.certificates import Signer, UnprintableNamesError
    from .documents.signing import load_or_create_key

    key = load_or_create_key(_key_path(args))
    with _chosen_people(args) as (store, facts, people):
        try:
            certificates = operations.issue_certificates(store, Signer(facts, key), people, time.time())
        except UnprintableNamesError as error:
            raise CommandError(str(error)) from None
    paths = write_badges(certificates, facts, key, args.out, [p.email for p in people])
    print(f"Open Badges 3.0 credentials: {len(paths)} file{'s' if len(paths) != 1 else ''} in {args.out}")
    return 0


def _verify_page(args: argparse.Namespace) -> int:
    from .core.organizer import ORGANISATION
    from .core.store import Store
    from .documents.signing import VerificationError, fingerprint, load_or_create_key
    from .documents.verify_page import FILE_NAME, write_verify_page

    keys = [load_or_create_key(_key_path(args))]
    for extra in args.also_key or []:
        keys.append(Path(extra) if Path(extra).is_file() else extra)
    with closing(Store.open(args.db, owner=_owner(args))) as store:
        _remember_organizer(args, store)
        _remember_page_address(args, store)
        organisation = store.setting(ORGANISATION) or ""
    try:
        path = write_verify_page(args.out, keys, organisation)
    except VerificationError as error:
        raise CommandError(str(error)) from None
    print(f"verification page: {path} (key {fingerprint(keys[0])})")
    print(f"publish it, e.g. as https://YOUR-HOST/{FILE_NAME}, then print with "
          f"--verification-page https://YOUR-HOST/{FILE_NAME}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .core.store import Store
    from .core.wording import duration_words, format_date
    from .documents.certificates import verify_against_store
    from .documents.badges import is_badge_file
    from .documents.signing import VerificationError, verify

    public_key = args.key
    if public_key is not None and Path(public_key).is_file():
        public_key = Path(public_key)
    if is_badge_file(args.certificate):
        return _verify_badge(args.certificate, public_key, _key_path(args))
    try:
        verified = verify(args.certificate, public_key, key_path=_key_path(args))
    except VerificationError as error:
        print(f"NOT VALID: {error}")
        return 1
    # Read only: a certificate can be checked while a session runs on this database.
    store = (Store.open(args.db, owner=_owner(args), read_only=True)
             if args.key is None and args.db.exists() else None)
    try:
        for certificate in verified:
            print(f"valid: {certificate.number}, {certificate.name}")
            print(f"  {certificate.title}, {format_date(certificate.date)}, "
                  f"{duration_words(float(certificate.hours) * 60)}")
            by = ", ".join(x for x in (certificate.facilitator, certificate.organisation) if x)
            if by:
                print(f"  {by}")
            note = verify_against_store(store, certificate) if store is not None else None
            if note:
                print(f"  note: {note}")
    finally:
        if store is not None:
            store.close()
    return 0


def _verify_badge(path: str, public_key, key_path: Path) -> int:
    from .core.wording import format_date
    from .documents.badges import verify_badge_file
    from .documents.signing import VerificationError, load_or_create_key

    try:
        if public_key is None:
            if not key_path.exists():
                raise VerificationError(f"no certificate key at {key_path}: pass the "
                                        "organisation's public key")
            public_key = load_or_create_key(key_path)
        badge = verify_badge_file(path, public_key)
    except VerificationError as error:
        print(f"NOT VALID: {error}")
        return 1
    print(f"valid Open Badges credential: {badge.number}, {badge.name}"
          + (f" <{badge.email}>" if badge.email else ""))
    print(f"  {badge.title}, {format_date(badge.date)}, {badge.duration}")
    print(f"  issued by {badge.organisation}")
    return 0


def _key(args: argparse.Namespace) -> int:
    from .documents.signing import fingerprint, load_or_create_key, public_key_text

    key = load_or_create_key(_key_path(args))
    print(f"fingerprint: {fingerprint(key)}")
    print(public_key_text(key))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from .doctor import run

    return run(args.db)


def _run(args: argparse.Namespace) -> int:
    from .app import main as run_app  # Qt is loaded only for the window

    return run_app(args.db, host=args.host, port=args.port)


def _present(args: argparse.Namespace) -> int:
    from .app import main as run_app

    return run_app(args.db, host=args.host, port=args.port, deck=args.deck, language=args.language)


def _window_language(code: str) -> str:
    from .core.errors import InvalidInput
    from .core.window_language import chosen_language

    try:
        return chosen_language(code)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-03-12: {text!r}") from None


def _session_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a session number: {text!r}") from None


def _shared_options(*, defaults: bool) -> list[argparse.ArgumentParser]:
    """--db, and --host and --port, taken before a command's name and after it. A
    command's copy has no defaults (`defaults=False`): its own would overwrite what was
    given before the name. Each call makes new options, since parsers share them."""
    def default(value):
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=default(None), metavar="PATH",
                        help=f"the session database (default: {default_db_path()})")
    network = argparse.ArgumentParser(add_help=False)
    network.add_argument("--host", default=default(None),
                         help="the address to listen on and show (default: this laptop's "
                              "address on the room's network)")
    network.add_argument("--port", type=int, default=default(DEFAULT_PORT),
                         help=f"the port, or the first to try (default: {DEFAULT_PORT})")
    return [common, network]


@dataclass(frozen=True)
class _CommandOptions:
    """Options that several commands take, as argparse parent parsers."""

    common: argparse.ArgumentParser  # every command: --db
    network: argparse.ArgumentParser  # the commands that serve phones: --host, --port
    chosen: argparse.ArgumentParser  # the commands about one session: --session
    organizer: argparse.ArgumentParser  # the commands that print: --facilitator, --organisation, --logo, --signature
    issued: argparse.ArgumentParser  # the commands that issue certificates: --roster, --deck, ...
    language: argparse.ArgumentParser  # the commands that write documents: --language


def _command_options() -> _CommandOptions:
    common, network = _shared_options(defaults=False)
    chosen = argparse.ArgumentParser(add_help=False)
    chosen.add_argument("--session", type=int, metavar="ID",
                        help="the session's number (default: the most recent session)")
    organizer = argparse.ArgumentParser(add_help=False)
    organizer.add_argument("--facilitator", metavar="NAME",
                           help="your name as the facilitator, when the deck names none "
                                "(remembered for next time)")
    organizer.add_argument("--organisation", metavar="NAME",
                           help="your organisation's name, when the deck names none "
                                "(remembered for next time)")
    organizer.add_argument("--logo", metavar="FILE",
                           help="your organisation's logo (PNG or JPEG), when the deck names "
                                "none (kept for next time; \"\" removes it)")
    organizer.add_argument("--signature", metavar="FILE",
                           help="the facilitator's signature (PNG or JPEG), when the deck "
                                "names none (kept for next time; \"\" removes it)")
    issued = argparse.ArgumentParser(add_help=False)
    issued.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help="issue for the people of this roster; without --session, "
                             "no session is needed")
    issued.add_argument("--deck", type=Path, default=SHIPPED_DECK,
                        help="with a roster and no session: the workshop it is for "
                             "(default: the shipped workshop)")
    issued.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="with a roster and no session: the day of the workshop "
                             "(default: the deck's date, else today)")
    issued.add_argument("--verification-page", metavar="URL",
                        help="the address where the page `facilitator verify-page` wrote is "
                             "published: QR codes open it (remembered; \"\" for none)")
    issued.add_argument("--minimum-presence", type=int, metavar="PER_CENT",
                        help="set the share of the session (0 to 100) an attendee must have "
                             "been present for, remembered on this laptop (default: as set "
                             "before, else 0)")
    issued.add_argument("--include-short-presence", action="store_true",
                        help="issue for attendees present for less than the minimum too "
                             "(by default they are listed and left out)")
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--language", metavar="TAG",
                          help="the language of the documents' own words, as a BCP 47 tag "
                               "such as de or pt-BR (default: the deck's language)")
    return _CommandOptions(common, network, chosen, organizer, issued, language)


def _deck_argument(command: argparse.ArgumentParser, default: Path | None) -> None:
    command.add_argument("deck", nargs="?", type=Path, default=default,
                         help="the deck: Markdown (.md), PDF (.pdf) or PowerPoint (.pptx) (default: the shipped workshop)")


def _add_session_commands(commands, options: _CommandOptions) -> None:
    """check, serve and present: a deck checked, or run for a room."""
    check = commands.add_parser(
        "check", parents=[options.common], help="validate a deck and the exercises it uses",
        description="Validate a deck and every exercise it uses, then print a summary.",
    )
    _deck_argument(check, SHIPPED_DECK)
    check.set_defaults(handler=_check)
    serve = commands.add_parser(
        "serve", parents=[options.common, options.network], help="run a session for phones, without the window",
        description="Run a session headless: phones join by the printed URL or QR code, "
                    "and the trainer drives it from the remote URL. Ctrl-C (or SIGTERM, "
                    "SIGHUP) stops; --resume carries on where it stopped.",
    )
    _deck_argument(serve, None)  # None: with --resume, the session's own deck
    serve.add_argument("--resume", nargs="?", type=_session_number, const=_LATEST_UNENDED,
                       metavar="SESSION", help="carry on a session after a crash or a stop, with its own deck, "
                            "code and joined phones (default: the most recent one not ended)")
    serve.set_defaults(handler=_serve)
    present = commands.add_parser(
        "present", parents=[options.common, options.network], help="start a new session of a deck in the window",
    )
    _deck_argument(present, SHIPPED_DECK)
    present.add_argument("--language", type=_window_language, metavar="CODE",
                         help="the language the windows speak this time, as a catalogue's code "
                              "(de, pt_BR, ar; en_XA: the pseudo-locale); default: the one chosen "
                              "on the start screen, else the system's")
    present.set_defaults(handler=_present)


def _add_document_commands(commands, options: _CommandOptions) -> None:
    """handout, export and certificates: what a session leaves on paper and in files."""
    handout = commands.add_parser(
        "handout", parents=[options.common, options.chosen, options.organizer, options.language],
        help="the action-ideas handout of a session, as a PDF",
        description="Write a session's action-ideas handout: the room's ideas ranked by "
                    "upvotes, the curated ideas, the poll results and the resources.",
    )
    handout.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    handout.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    handout.set_defaults(handler=_handout)
    export = commands.add_parser(
        "export", parents=[options.common, options.chosen, options.language],
        help="attendance, responses, ideas and commitments as CSV (Excel opens them), the "
             "session as JSON",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    export.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help="a roster with an `email` column: the commitments file gives "
                             "each attendee on it their email, for following up")
    export.set_defaults(handler=_export)
    certificates = commands.add_parser(
        "certificates", parents=[options.common, options.chosen, options.organizer, options.issued,
                                 options.language],
        help="certificates of attendance for a session's attendees or a roster, as one PDF",
        description="Print one certificate per attendee of a session (default: the most "
                    "recent), or per row of a roster CSV (a `name` column; comma or "
                    "semicolon), or both. Every name is checked first: a name that cannot "
                    "print stops the run before anything is written. Reprinting gives the "
                    "same certificates.",
    )
    certificates.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    certificates.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    certificates.set_defaults(handler=_certificates)
    badges = commands.add_parser(
        "badges", parents=[options.common, options.chosen, options.organizer, options.issued,
                           options.language],
        help="each certificate also as an Open Badges 3.0 credential, one JSON file per person",
        description="Write one signed Open Badges 3.0 credential per person (the same people, "
                    "numbers and key as `facilitator certificates`), for a learning record "
                    "or a badge backpack. `facilitator verify FILE.json` checks one.",
    )
    badges.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    badges.set_defaults(handler=_badges)


def _add_laptop_commands(commands, options: _CommandOptions) -> None:
    """verify, key and doctor: about this laptop and the certificates it signs."""
    verify = commands.add_parser(
        "verify", parents=[options.common], help="check a certificate's QR code or PDF, offline",
        description="Check a certificate: the text its QR code holds (FCV1...., or the "
                    "verification page's address ending in #FCV1....), a certificates PDF, or "
                    "an Open Badges file. A changed name, date or number fails.",
    )
    verify.add_argument("certificate", metavar="PAYLOAD|ADDRESS#PAYLOAD|FILE.pdf|FILE.json")
    verify.add_argument("--key", metavar="PUBLIC_KEY",
                        help="the issuing organisation's public key, as `facilitator key` "
                             "prints it, or a file holding it (default: this laptop's key)")
    verify.set_defaults(handler=_verify)
    page = commands.add_parser(
        "verify-page", parents=[options.common],
        help="write the static page that checks certificates in a browser, to publish",
        description="Write verify.html: one self-contained page (no requests of any kind) "
                    "holding the organisation's public key, which checks a certificate's "
                    "signature in the reader's browser. Publish it on any https host or "
                    "intranet and give its address to `certificates --verification-page`.",
    )
    page.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    page.add_argument("--also-key", action="append", metavar="PUBLIC_KEY",
                      help="an older public key whose certificates are still out there "
                           "(as `facilitator key` printed it, or a file); may repeat")
    page.add_argument("--organisation", metavar="NAME",
                      help="the organisation's name the page shows (remembered)")
    page.add_argument("--verification-page", metavar="URL",
                      help="where it will be published (remembered for the QR codes)")
    page.set_defaults(handler=_verify_page, facilitator=None, logo=None, signature=None)
    key = commands.add_parser(
        "key", parents=[options.common],
        help="print the public key that checks this laptop's certificates",
    )
    key.set_defaults(handler=_key)
    doctor = commands.add_parser(
        "doctor", parents=[options.common], help="check this laptop is ready for a session",
        description="Say, in plain words, whether this laptop is ready for a session: the "
                    "version, whether a window can open, the address phones will use, "
                    "where the database and signing key are, the shipped fonts, and "
                    "LibreOffice. Exit status 1 when something would stop a session.",
    )
    doctor.set_defaults(handler=_doctor)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator", parents=_shared_options(defaults=True),
        description="Run a lunch-and-learn workshop from one laptop, offline. "
                    "Without a command: the start screen.",
    )
    parser.set_defaults(handler=_run, deck=SHIPPED_DECK)
    options = _command_options()
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    _add_session_commands(commands, options)
    _add_document_commands(commands, options)
    _add_laptop_commands(commands, options)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    _ = system_words().text
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"facilitator: {_said(error)}", file=sys.stderr)
        return 1
    except StoreUnusable as error:
        print(f"facilitator: {_said(error)}\n" + _("(--db PATH chooses another database file)"),
              file=sys.stderr)
        return 1
    except StorageFault as error:
        print("facilitator: " + _(
            "cannot save to the database {path}: {cause}. What this command was saving is not"
            " saved; what was saved before is safe.", path=args.db, cause=error.cause,
        ), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
