"""The `facilitator` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.errors import FormatError
from .core.paths import SHIPPED_DECK, default_db_path
from .core.workshop import load_workshop


def _check(args: argparse.Namespace) -> int:
    try:
        workshop = load_workshop(args.deck)
    except FormatError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    for line in workshop.summary().lines():
        print(line)
    return 0


def _run(args: argparse.Namespace) -> int:
    # The presenter window is not built yet: running a workshop means checking it.
    return _check(args)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=None, metavar="PATH",
        help=f"the session database (default: {default_db_path()})",
    )
    parser = argparse.ArgumentParser(
        prog="facilitator", parents=[common],
        description="Run a lunch-and-learn workshop from one laptop, offline.",
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
