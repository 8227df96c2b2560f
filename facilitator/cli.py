"""The `facilitator` command."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import threading
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .core.errors import FormatError, Problem, StorageFault, StoreUnusable
from .core.health import HealthChanged
from .core.paths import SHIPPED_DECK, default_db_path, key_path_for
from .core.translation import Message, N_, Translator, system_language, translator
from .core.workshop import Workshop, load_workshop
from .live.network import DEFAULT_PORT
from .process import say, stopping_on_signals, tune_garbage_collector, wrap


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
    print(ngettext("{count} problem found", "{count} problems found", len(problems)), file=sys.stderr)


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
    say(_("Stopped."))
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
    from .live.server import LiveServer

    try:
        server = LiveServer(session, host=args.host, port=args.port)
    except OSError as error:
        print(_("cannot listen: {cause}", cause=error.strerror or str(error)), file=sys.stderr)
        return False
    tune_garbage_collector()
    with server:
        # The session's number and code as digits in every language: people type them.
        title, number, code = session.workshop.title, str(session.id), session.code
        if args.resume is None:
            header = _("{title}: session {number}, code {code}", title=title, number=number, code=code)
        else:
            header = ngettext("{title}: session {number}, code {code}, resumed with {count} attendee",
                              "{title}: session {number}, code {code}, resumed with {count} attendees",
                              session.state().attendees, title=title, number=number, code=code)
        for line in (header, _("join: {address}", address=server.join_url),
                     _("remote: {address}", address=server.remote_url),
                     qr_text(server.join_url), _("Serving until Ctrl-C.")):
            say(line)
        while not stop.wait(STOP_CHECK_SECONDS):
            pass
        # Streams close, requests under way finish, the PDF workers end; then the store
        # is fsynced and closed.
        say("\n" + _("Stopping."))
    return True


def print_health(change: HealthChanged) -> None:
    """One line when saving starts failing (or fails for another reason), one when it
    works again: not one per request."""
    if change.cause is not None:
        say(_("Cannot save answers: {cause}. Phones are asked to try again in a moment; what they"
              " were told was saved is safe.", cause=change.cause), to=sys.stderr)
    else:
        say(_("Saving works again."))


def _owner(args: argparse.Namespace) -> str:
    """What this process is, for the message of another one refused the database."""
    return f"facilitator {args.command}"


class CommandError(Exception):
    """A command cannot go on: its message says why (a Message, or a refusal already said
    in the system's language), and the command exits with 1."""


def system_words() -> Translator:
    """The words of the system's language (LC_ALL, LC_MESSAGES, LANG), for what the
    commands print."""
    return translator(system_language())


def _(message: str, **values: Any) -> str:
    """A message of the commands in the system's language (gettext's keyword, which
    `pybabel extract` reads)."""
    return system_words().text(message, **values)


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    return system_words().plural_text(singular, plural, count, **values)


def _said(error: Exception) -> str:
    """An error's message in the system's language."""
    return system_words().refusal(error)


def _key_path(args: argparse.Namespace) -> Path:
    """The organisation's signing key lives beside the database it signs for."""
    return key_path_for(args.db)


def _open_store(args: argparse.Namespace):
    from .core.store import Store

    if not args.db.exists():
        raise CommandError(Message("no database at {path}: run a session first, or give --db", path=str(args.db)))
    return Store.open(args.db, owner=_owner(args))


def _session(args: argparse.Namespace, store):
    """The session `--session` names (default: the most recent one)."""
    if args.session is None:
        listing = store.recent_sessions(limit=1)
        if not listing:
            raise CommandError(Message("no sessions in {path} yet", path=str(args.db)))
        return _numbered_session(args, store, listing[0].id)
    return _numbered_session(args, store, args.session)


def _session_to_resume(args: argparse.Namespace):
    """The session `--resume` names (default: the most recent one not ended), to carry on
    with its own deck, code and secret."""
    if args.deck is not None:
        raise CommandError(Message("--resume carries on a session with its own deck: give no deck"))
    store = _open_store(args)
    try:
        latest = args.resume is _LATEST_UNENDED
        session_id = store.latest_unended_session() if latest else args.resume
        if session_id is None:
            raise CommandError(Message("nothing to resume in {path}: it holds no session that has not"
                                       " ended. `facilitator serve` starts a new one", path=str(args.db)))
        session = _numbered_session(args, store, session_id)
        if session.ended:
            raise CommandError(Message("session {number} has ended: it cannot be resumed. Its documents:"
                                       " `facilitator handout --session {number}`; `facilitator serve`"
                                       " starts a new session", number=str(session_id)))
    except BaseException:
        store.close()
        raise
    return session


def _numbered_session(args: argparse.Namespace, store, session_id: int):
    from .core.errors import DomainError
    from .core.session import LiveSession

    record = store.session(session_id)
    if record is None:
        raise CommandError(Message("no session {number} in {path}", number=str(session_id), path=str(args.db)))
    workshop = _load(Path(record.deck_path))
    if workshop is None:
        raise CommandError(Message("the deck of session {number}, {path}, cannot be loaded",
                                   number=str(session_id), path=record.deck_path))
    try:
        return LiveSession.resume(store, workshop, record.id)
    except DomainError as error:
        raise CommandError(_said(error)) from None


def _remember_organizer(args: argparse.Namespace, store) -> None:
    from .core.errors import InvalidInput
    from .core.organizer import remember_organizer

    try:
        remember_organizer(store, facilitator=args.facilitator, organisation=args.organisation,
                           logo=args.logo, signature=args.signature)
    except InvalidInput as error:
        raise CommandError(_said(error)) from None


def _handout(args: argparse.Namespace) -> int:
    from .documents.handout import write_handout

    with closing(_open_store(args)) as store:
        session = _session(args, store)
        _remember_organizer(args, store)
        write_handout(session, args.out, page_size=args.page_size, language=args.language)
    print(_("handout: {path}", path=str(args.out)))
    return 0


def _roster_refused(error: FormatError, path: Path, consequence: Message) -> CommandError:
    """Every bad line of a roster on stderr, and the error that ends the command."""
    for problem in error.problems:
        print(problem.said(system_words()), file=sys.stderr)
    return CommandError(Message("the roster {path} was not used; {consequence}", path=str(path),
                                consequence=consequence))


def _export(args: argparse.Namespace) -> int:
    from .core.roster import load_roster
    from .documents.exports import export_all

    try:
        rosters = [load_roster(args.roster)] if args.roster is not None else []
    except FormatError as error:
        raise _roster_refused(error, args.roster, Message("nothing was exported")) from None
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
        raise CommandError(_said(error)) from None


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
                raise CommandError(Message("the deck {path} cannot be loaded", path=str(args.deck)))
            facts = WorkshopFacts.from_deck(
                workshop.deck, date=args.date, organizer=organizer_for(workshop.deck, store),
                page_address=page_address(store), language=args.language,
            )
        names = NameCheck(facts, session)
        if args.minimum_presence is not None:
            try:
                names.set_minimum(args.minimum_presence)
            except InvalidInput as error:
                raise CommandError(_said(error)) from None
        for index, entry in enumerate(names.entries):
            if entry.short:
                names.decide(index, print_anyway=args.include_short_presence)
                verdict = (N_("printed anyway: {name}, {presence}, below the minimum of {percent} %")
                           if args.include_short_presence else
                           N_("left out: {name}, {presence}, below the minimum of {percent} %"))
                print(_(verdict, name=entry.name, presence=entry.presence.describe(), percent=names.minimum),
                      file=sys.stderr)
        if args.roster is not None:
            try:
                names.add_roster(args.roster)
            except FormatError as error:
                raise _roster_refused(error, args.roster, Message("nothing was written")) from None
        if not names.entries:
            raise CommandError(Message("nobody to issue a certificate for: no one joined that session"))
        if not names.people:
            raise CommandError(Message("nobody to issue a certificate for: everyone was present for less"
                                       " than the minimum (--include-short-presence issues theirs)"))
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
            raise CommandError(_said(error)) from None
    numbers = [c.number for c in result.certificates]
    if len(numbers) == 1:
        print(_("certificates: {path} (one page, {number})", path=str(args.out), number=numbers[0]))
    else:
        print(ngettext("certificates: {path} ({count} page, {first} to {last})",
                       "certificates: {path} ({count} pages, {first} to {last})",
                       len(numbers), path=str(args.out), first=numbers[0], last=numbers[-1]))
    print(_("signed with the key {fingerprint}", fingerprint=result.certificates[0].key_fingerprint))
    if not facts.page_address:
        print(_("their QR codes hold the signed facts alone: `facilitator verify-page` writes a page to"
                " publish, and --verification-page URL makes the QR codes open it"))
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
            raise CommandError(_said(error)) from None
    paths = write_badges(certificates, facts, key, args.out, [p.email for p in people])
    print(ngettext("Open Badges 3.0 credentials: {count} file in {path}",
                   "Open Badges 3.0 credentials: {count} files in {path}", len(paths), path=str(args.out)))
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
        raise CommandError(_said(error)) from None
    print(_("verification page: {path} (key {fingerprint})", path=str(path), fingerprint=fingerprint(keys[0])))
    print(_("publish it, e.g. as {address}, then print with --verification-page {address}",
            address=f"https://YOUR-HOST/{FILE_NAME}"))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .core.store import Store
    from .core.wording import date_words, duration_words
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
        print(_("NOT VALID: {reason}", reason=_said(error)))
        return 1
    # Read only: a certificate can be checked while a session runs on this database.
    store = (Store.open(args.db, owner=_owner(args), read_only=True)
             if args.key is None and args.db.exists() else None)
    words = system_words()
    try:
        for certificate in verified:
            print(_("valid: {number}, {name}", number=certificate.number, name=certificate.name))
            print("  " + _("{title}, {date}, {duration}", title=certificate.title,
                           date=date_words(certificate.date, words),
                           duration=duration_words(float(certificate.hours) * 60, words)))
            by = ", ".join(x for x in (certificate.facilitator, certificate.organisation) if x)
            if by:
                print(f"  {by}")
            note = verify_against_store(store, certificate) if store is not None else None
            if note:
                print("  " + _("note: {note}", note=words.say(note)))
    finally:
        if store is not None:
            store.close()
    return 0


def _verify_badge(path: str, public_key, key_path: Path) -> int:
    from .core.wording import date_words
    from .documents.badges import verify_badge_file
    from .documents.signing import VerificationError, existing_key

    try:
        if public_key is None:
            public_key = existing_key(key_path)
        badge = verify_badge_file(path, public_key)
    except VerificationError as error:
        print(_("NOT VALID: {reason}", reason=_said(error)))
        return 1
    name = f"{badge.name} <{badge.email}>" if badge.email else badge.name
    print(_("valid Open Badges credential: {number}, {name}", number=badge.number, name=name))
    # The duration as the badge file states it, in the words it was issued with.
    print("  " + _("{title}, {date}, {duration}", title=badge.title,
                   date=date_words(badge.date, system_words()), duration=badge.duration))
    print("  " + _("issued by {organisation}", organisation=badge.organisation))
    return 0


def _key(args: argparse.Namespace) -> int:
    from .documents.signing import fingerprint, load_or_create_key, public_key_text

    key = load_or_create_key(_key_path(args))
    print(_("fingerprint: {fingerprint}", fingerprint=fingerprint(key)))
    print(public_key_text(key))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from .doctor import run

    return run(args.db, words=system_words())


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
        raise argparse.ArgumentTypeError(_said(error)) from None


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date like 2026-03-12: {text}", text=repr(text))) from None


def _session_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a session number: {text}", text=repr(text))) from None


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {text}", text=repr(text))) from None


def _shared_options(*, defaults: bool) -> list[argparse.ArgumentParser]:
    """--db, and --host and --port, taken before a command's name and after it. A
    command's copy has no defaults (`defaults=False`): its own would overwrite what was
    given before the name. Each call makes new options, since parsers share them."""
    def default(value):
        return value if defaults else argparse.SUPPRESS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=default(None), metavar="PATH",
                        help=_("the session database (default: {path})", path=str(default_db_path())))
    network = argparse.ArgumentParser(add_help=False)
    network.add_argument("--host", default=default(None),
                         help=_("the address to listen on and show (default: this laptop's address on the"
                                " room's network)"))
    network.add_argument("--port", type=_whole_number, default=default(DEFAULT_PORT),
                         help=_("the port, or the first to try (default: {port})", port=str(DEFAULT_PORT)))
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
    chosen.add_argument("--session", type=_session_number, metavar="ID",
                        help=_("the session's number (default: the most recent session)"))
    organizer = argparse.ArgumentParser(add_help=False)
    organizer.add_argument("--facilitator", metavar="NAME",
                           help=_("your name as the facilitator, when the deck names none (remembered for"
                                  " next time)"))
    organizer.add_argument("--organisation", metavar="NAME",
                           help=_("your organisation's name, when the deck names none (remembered for next"
                                  " time)"))
    organizer.add_argument("--logo", metavar="FILE",
                           help=_("your organisation's logo (PNG or JPEG), when the deck names none (kept"
                                  " for next time; \"\" removes it)"))
    organizer.add_argument("--signature", metavar="FILE",
                           help=_("the facilitator's signature (PNG or JPEG), when the deck names none"
                                  " (kept for next time; \"\" removes it)"))
    issued = argparse.ArgumentParser(add_help=False)
    issued.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help=_("issue for the people of this roster; without --session, no session is"
                               " needed"))
    issued.add_argument("--deck", type=Path, default=SHIPPED_DECK,
                        help=_("with a roster and no session: the workshop it is for (default: the"
                               " shipped workshop)"))
    issued.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help=_("with a roster and no session: the day of the workshop (default: the"
                               " deck's date, else today)"))
    issued.add_argument("--verification-page", metavar="URL",
                        help=_("the address where the page `facilitator verify-page` wrote is published:"
                               " QR codes open it (remembered; \"\" for none)"))
    issued.add_argument("--minimum-presence", type=_whole_number, metavar="PER_CENT",
                        help=_("set the share of the session (0 to 100) an attendee must have been"
                               " present for, remembered on this laptop (default: as set before, else 0)"))
    issued.add_argument("--include-short-presence", action="store_true",
                        help=_("issue for attendees present for less than the minimum too (by default"
                               " they are listed and left out)"))
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--language", metavar="TAG",
                          help=_("the language of the documents' own words, as a BCP 47 tag such as de"
                                 " or pt-BR (default: the deck's language)"))
    return _CommandOptions(common, network, chosen, organizer, issued, language)


def _deck_argument(command: argparse.ArgumentParser, default: Path | None) -> None:
    command.add_argument("deck", nargs="?", type=Path, default=default,
                         help=_("the deck: Markdown (.md), PDF (.pdf) or PowerPoint (.pptx) (default: the"
                                " shipped workshop)"))


def _page_size_argument(command: argparse.ArgumentParser) -> None:
    # The values are the paper's names as printers and the jobs know them; the help says
    # what each is in the reader's words.
    command.add_argument("--page-size", choices=("A4", "Letter"), default="A4",
                         help=_("the paper: A4 (210 × 297 mm) or Letter (8.5 × 11 inches, as in North"
                                " America) (default: A4)"))


def _add_session_commands(commands, options: _CommandOptions) -> None:
    """check, serve and present: a deck checked, or run for a room."""
    check = commands.add_parser(
        "check", parents=[options.common], help=_("validate a deck and the exercises it uses"),
        description=_("Validate a deck and every exercise it uses, then print a summary."),
    )
    _deck_argument(check, SHIPPED_DECK)
    check.set_defaults(handler=_check)
    serve = commands.add_parser(
        "serve", parents=[options.common, options.network],
        help=_("run a session for phones, without the window"),
        description=_("Run a session headless: phones join by the printed URL or QR code, and the"
                      " trainer drives it from the remote URL. Ctrl-C (or SIGTERM, SIGHUP) stops;"
                      " --resume carries on where it stopped."),
    )
    _deck_argument(serve, None)  # None: with --resume, the session's own deck
    serve.add_argument("--resume", nargs="?", type=_session_number, const=_LATEST_UNENDED,
                       metavar="SESSION",
                       help=_("carry on a session after a crash or a stop, with its own deck, code and"
                              " joined phones (default: the most recent one not ended)"))
    serve.set_defaults(handler=_serve)
    present = commands.add_parser(
        "present", parents=[options.common, options.network],
        help=_("start a new session of a deck in the window"),
        description=_("Start a new session of a deck: the presenter window on this screen, the"
                      " slides on the projector."),
    )
    _deck_argument(present, SHIPPED_DECK)
    present.add_argument("--language", type=_window_language, metavar="CODE",
                         help=_("the language the windows speak this time, as a catalogue's code (de,"
                                " pt_BR, ar; en_XA: the pseudo-locale); default: the one chosen on the"
                                " start screen, else the system's"))
    present.set_defaults(handler=_present)


def _add_document_commands(commands, options: _CommandOptions) -> None:
    """handout, export and certificates: what a session leaves on paper and in files."""
    handout = commands.add_parser(
        "handout", parents=[options.common, options.chosen, options.organizer, options.language],
        help=_("the action-ideas handout of a session, as a PDF"),
        description=_("Write a session's action-ideas handout: the room's ideas ranked by upvotes,"
                      " the curated ideas, the poll results and the resources."),
    )
    handout.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                         help=_("the PDF file to write"))
    _page_size_argument(handout)
    handout.set_defaults(handler=_handout)
    export = commands.add_parser(
        "export", parents=[options.common, options.chosen, options.language],
        help=_("attendance, responses, ideas and commitments as CSV (Excel opens them), the"
               " session as JSON"),
        description=_("Write a session's attendance, responses, ideas and commitments as CSV files"
                      " (Excel opens them) and the whole session as JSON, for the training record."),
    )
    export.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                        help=_("the folder to write the files in (made if missing)"))
    export.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help=_("a roster with an `email` column: the commitments file gives each"
                               " attendee on it their email, for following up"))
    export.set_defaults(handler=_export)
    certificates = commands.add_parser(
        "certificates", parents=[options.common, options.chosen, options.organizer, options.issued,
                                 options.language],
        help=_("certificates of attendance for a session's attendees or a roster, as one PDF"),
        description=_("Print one certificate per attendee of a session (default: the most recent),"
                      " or per row of a roster CSV (a `name` column; comma or semicolon), or both."
                      " Every name is checked first: a name that cannot print stops the run before"
                      " anything is written. Reprinting gives the same certificates."),
    )
    certificates.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                              help=_("the PDF file to write"))
    _page_size_argument(certificates)
    certificates.set_defaults(handler=_certificates)
    badges = commands.add_parser(
        "badges", parents=[options.common, options.chosen, options.organizer, options.issued,
                           options.language],
        help=_("each certificate also as an Open Badges 3.0 credential, one JSON file per person"),
        description=_("Write one signed Open Badges 3.0 credential per person (the same people,"
                      " numbers and key as `facilitator certificates`), for a learning record or a"
                      " badge backpack. `facilitator verify FILE.json` checks one."),
    )
    badges.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                        help=_("the folder to write the files in (made if missing)"))
    badges.set_defaults(handler=_badges)


def _add_laptop_commands(commands, options: _CommandOptions) -> None:
    """verify, key and doctor: about this laptop and the certificates it signs."""
    verify = commands.add_parser(
        "verify", parents=[options.common], help=_("check a certificate's QR code or PDF, offline"),
        description=_("Check a certificate: the text its QR code holds (FCV1...., or the"
                      " verification page's address ending in #FCV1....), a certificates PDF, or an"
                      " Open Badges file. A changed name, date or number fails."),
    )
    verify.add_argument("certificate", metavar="PAYLOAD|ADDRESS#PAYLOAD|FILE.pdf|FILE.json",
                        help=_("what to check: the text of a certificate's QR code, the address it"
                               " opens, a certificates PDF or an Open Badges file"))
    verify.add_argument("--key", metavar="PUBLIC_KEY",
                        help=_("the issuing organisation's public key, as `facilitator key` prints it,"
                               " or a file holding it (default: this laptop's key)"))
    verify.set_defaults(handler=_verify)
    page = commands.add_parser(
        "verify-page", parents=[options.common],
        help=_("write the static page that checks certificates in a browser, to publish"),
        description=_("Write verify.html: one self-contained page (no requests of any kind) holding"
                      " the organisation's public key, which checks a certificate's signature in the"
                      " reader's browser. Publish it on any https host or intranet and give its"
                      " address to `certificates --verification-page`."),
    )
    page.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                      help=_("the folder to write the files in (made if missing)"))
    page.add_argument("--also-key", action="append", metavar="PUBLIC_KEY",
                      help=_("an older public key whose certificates are still out there (as"
                             " `facilitator key` printed it, or a file); may repeat"))
    page.add_argument("--organisation", metavar="NAME",
                      help=_("the organisation's name the page shows (remembered)"))
    page.add_argument("--verification-page", metavar="URL",
                      help=_("where it will be published (remembered for the QR codes)"))
    page.set_defaults(handler=_verify_page, facilitator=None, logo=None, signature=None)
    key = commands.add_parser(
        "key", parents=[options.common],
        help=_("print the public key that checks this laptop's certificates"),
        description=_("Print the fingerprint and the public key that check the certificates this"
                      " laptop signs, for `facilitator verify --key` elsewhere."),
    )
    key.set_defaults(handler=_key)
    doctor = commands.add_parser(
        "doctor", parents=[options.common], help=_("check this laptop is ready for a session"),
        description=_("Say, in plain words, whether this laptop is ready for a session: the version,"
                      " whether a window can open, the address phones will use, where the database"
                      " and signing key are, the shipped fonts, and LibreOffice. Exit status 1 when"
                      " something would stop a session."),
    )
    doctor.set_defaults(handler=_doctor)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's layout with our words: "usage:" from our catalogue; each help shown as
    the sentence it is (argparse would %-format it, and a translator's "%" is a per cent
    sign); lines as wide as the terminal shows them, Chinese and Japanese (two columns a
    character, no spaces) broken between characters."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, _("usage:") + " " if prefix is None else prefix)

    def _expand_help(self, action):
        return self._get_help_string(action)

    def _split_lines(self, text, width):
        return wrap(text, width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


# argparse's errors that a person can meet here, as Python 3.11 words them, and ours:
# argparse writes them in English before `error` sees them, so they are recognised by
# their wording. Any other (our own types' messages) is already said.
_ARGPARSE_ERRORS = {
    re.compile(r"argument (?P<argument>\S+?): (?P<problem>.+)", re.S): N_("argument {argument}: {problem}"),
    re.compile(r"the following arguments are required: (?P<arguments>.+)"):
        N_("the following arguments are required: {arguments}"),
    re.compile(r"unrecognized arguments: (?P<arguments>.+)"): N_("unrecognized arguments: {arguments}"),
    re.compile(r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"):
        N_("invalid choice: {value} (choose from {choices})"),
    re.compile(r"expected one argument"): N_("expected one argument"),
    re.compile(r"ignored explicit argument (?P<value>.+)"): N_("ignored explicit argument {value}"),
    re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"):
        N_("ambiguous option: {option} could match {matches}"),
}


def _argparse_said(message: str) -> str:
    """One of argparse's errors in the system's language (and the problem an `argument X:`
    names); any other message as it is."""
    for english, ours in _ARGPARSE_ERRORS.items():
        if found := english.fullmatch(message):
            values = found.groupdict()
            if "problem" in values:
                values["problem"] = _argparse_said(values["problem"])
            return _(ours, **values)
    return message


class _Parser(argparse.ArgumentParser):
    """A parser that says argparse's own words in the system's language. Python ships no
    catalogue for them (`gettext.find("argparse")` finds none, and argparse asks the
    process's default domain), so the few a person meets are in ours: the section titles,
    the help option, "usage:" and the errors. Parent parsers stay argparse's own: a
    parent's options join the child's section of the same title, and the child's
    sections are renamed only after."""

    def __init__(self, **settings):
        super().__init__(formatter_class=_HelpFormatter, **settings)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if self.add_help:  # the option argparse made first, before the parents' options
            self._option_string_actions["-h"].help = _("show this help message and exit")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _("{program}: error: {problem}", program=self.prog, problem=_argparse_said(message)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="facilitator", parents=_shared_options(defaults=True),
        description=_("Run a lunch-and-learn workshop from one laptop, offline. Without a command:"
                      " the start screen."),
    )
    parser.set_defaults(handler=_run, deck=SHIPPED_DECK)
    options = _command_options()
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND", dest="command")
    _add_session_commands(commands, options)
    _add_document_commands(commands, options)
    _add_laptop_commands(commands, options)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
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
            " saved; what was saved before is safe.", path=str(args.db), cause=error.cause,
        ), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
