"""The `facilitator` command."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .core.errors import FormatError
from .core.paths import SHIPPED_DECK, default_db_path
from .core.workshop import Workshop, load_workshop
from .live.network import DEFAULT_PORT
from .process import tune_garbage_collector


def _load(deck: Path) -> Workshop | None:
    """The workshop, or None after printing every problem in it."""
    try:
        return load_workshop(deck)
    except FormatError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    workshop = _load(args.deck)
    if workshop is None:
        return 1
    for line in workshop.summary().lines():
        print(line)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .core.qr import qr_text
    from .core.session import LiveSession
    from .core.store import Store
    from .live.server import LiveServer

    workshop = _load(args.deck)
    if workshop is None:
        return 1
    store = Store.open(args.db)
    session = LiveSession.start(store, workshop)
    try:
        server = LiveServer(session, host=args.host, port=args.port)
    except OSError as error:
        print(f"cannot listen: {error.strerror or error}", file=sys.stderr)
        store.close()
        return 1
    tune_garbage_collector()
    with server:
        print(f"{workshop.title}: session {session.id}, code {session.code}")
        print(f"join: {server.join_url}")
        print(f"remote: {server.remote_url}")
        print(qr_text(server.join_url), flush=True)
        print("Serving until Ctrl-C.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\nStopping.", flush=True)
    store.close()
    return 0


class CommandError(Exception):
    """A command cannot go on: its message says why, and the command exits with 1."""


def _session(args: argparse.Namespace):
    """The session `--session` names (default: the most recent), with its store."""
    from .core.errors import DomainError
    from .core.session import LiveSession
    from .core.store import Store

    if not args.db.exists():
        raise CommandError(f"no database at {args.db}: run a session first, or give --db")
    store = Store.open(args.db)
    listing = store.recent_sessions(limit=1)
    session_id = args.session or (listing[0].id if listing else None)
    record = store.session(session_id) if session_id else None
    if record is None:
        store.close()
        raise CommandError(f"no session {session_id} in {args.db}" if session_id else f"no sessions in {args.db} yet")
    workshop = _load(Path(record.deck_path))
    if workshop is None:
        store.close()
        raise CommandError(f"the session's deck {record.deck_path} cannot be loaded")
    try:
        return store, LiveSession.resume(store, workshop, record.id)
    except DomainError as error:
        store.close()
        raise CommandError(str(error)) from None


def _handout(args: argparse.Namespace) -> int:
    from .documents.handout import write_handout

    store, session = _session(args)
    try:
        write_handout(session, args.out)
    finally:
        store.close()
    print(f"handout: {args.out}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .documents.exports import export_all

    store, session = _session(args)
    try:
        written = export_all(session, args.out)
    finally:
        store.close()
    for kind, path in written.items():
        print(f"{kind}: {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from .app import main as run_app  # Qt is loaded only for the window

    return run_app(args.db, host=args.host, port=args.port)


def _present(args: argparse.Namespace) -> int:
    from .app import main as run_app

    return run_app(args.db, host=args.host, port=args.port, deck=args.deck)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=None, metavar="PATH",
        help=f"the session database (default: {default_db_path()})",
    )
    network = argparse.ArgumentParser(add_help=False)
    network.add_argument("--host", help="the address to listen on and show (default: this "
                                        "laptop's address on the room's network)")
    network.add_argument("--port", type=int, default=DEFAULT_PORT,
                         help=f"the port, or the first to try (default: {DEFAULT_PORT})")
    parser = argparse.ArgumentParser(
        prog="facilitator", parents=[common, network],
        description="Run a lunch-and-learn workshop from one laptop, offline. "
                    "Without a command: the start screen.",
    )
    parser.set_defaults(handler=_run, deck=SHIPPED_DECK)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check = commands.add_parser(
        "check", parents=[common], help="validate a deck and the exercises it uses",
        description="Validate a deck and every exercise it uses, then print a summary.",
    )
    check.add_argument("deck", nargs="?", type=Path, default=SHIPPED_DECK,
                       help="the deck's Markdown file (default: the shipped workshop)")
    check.set_defaults(handler=_check)
    serve = commands.add_parser(
        "serve", parents=[common, network], help="run a session for phones, without the window",
        description="Run a session headless: phones join by the printed URL or QR code, "
                    "and the trainer drives it from the remote URL. Ctrl-C stops.",
    )
    serve.add_argument("deck", nargs="?", type=Path, default=SHIPPED_DECK,
                       help="the deck's Markdown file (default: the shipped workshop)")
    present = commands.add_parser(
        "present", parents=[common, network], help="start a new session of a deck in the window",
    )
    present.add_argument("deck", nargs="?", type=Path, default=SHIPPED_DECK,
                         help="the deck's Markdown file (default: the shipped workshop)")
    present.set_defaults(handler=_present)

    chosen = argparse.ArgumentParser(add_help=False)
    chosen.add_argument("--session", type=int, metavar="ID",
                        help="the session (default: the most recent one)")
    handout = commands.add_parser(
        "handout", parents=[common, chosen], help="the action-ideas handout of a session, as a PDF",
    )
    handout.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    handout.set_defaults(handler=_handout)
    export = commands.add_parser(
        "export", parents=[common, chosen],
        help="attendance, responses and ideas as CSV (Excel opens them), the session as JSON",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FOLDER")
    export.set_defaults(handler=_export)
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"facilitator: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
