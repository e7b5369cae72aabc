"""The ``counter-app`` command: no arguments starts the window; subcommands administer the installation.

The parser is lazy, so that ``--help`` and starting the window import no subcommand (no ReportLab, SQLAlchemy,
Alembic or pydantic): only the module of the subcommand actually named on the command line is imported.
To add a subcommand: 1. write ``counter_app/cli/NAME.py`` with ``register(subparsers)`` adding parser "NAME";
2. add ``"NAME": "one-line help"`` to ``COMMANDS`` below; 3. keep heavy imports inside the module (or its
handlers) — never import it from here; tests/cli/test_lazy_cli.py checks both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence

from counter_app import __version__

# Subcommand -> its one-line help in ``counter-app --help``; the parser of ``NAME`` comes from
# ``counter_app.cli.NAME.register(subparsers)``, imported only when NAME is the command being run.
COMMANDS: dict[str, str] = {
    "db": "database administration",
    "user": "manage user accounts",
    "calendar": "working-day calendar",
    "catalog": "the service catalog in forms/",
    "print": "printed forms (receipts, applications)",
    "manifest": "print a provider's courier manifest for a day, or list the open manifests",
    "report": "the manager's report for a period as JSON, XLSX or PDF",
}


def iso_date(text: str) -> dt.date:
    """argparse type for dates written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def _parser(command: str | None) -> argparse.ArgumentParser:
    """The top-level parser; ``command``'s module registers its full parser, the others are one-line stubs."""
    parser = argparse.ArgumentParser(
        prog="counter-app",
        description="Counter: intake desk of the State Corporation \"Government for Citizens\". "
        "Without a command, starts the application window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $COUNTER_DB_URL, or SQLite in the per-user data directory)",
    )
    parser.add_argument("--demo", action="store_true", help="fill an empty database with a demo office and users")
    parser.add_argument("--lang", choices=("kk", "ru", "en"), help="user interface language at start")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the window up to the sign-in, report what was loaded and quit (checks an installation)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if name == command:
            importlib.import_module(f"counter_app.cli.{name}").register(subparsers)
        else:
            # A stub takes whatever follows (its own --help included) until the real parser is built.
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: only the subcommand named there (if any) has its module imported."""
    known, _rest = _parser(None).parse_known_args(argv)
    return _parser(known.command)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.db:
        os.environ["COUNTER_DB_URL"] = args.db
    if args.command is None:
        from counter_app.ui.app import run_gui

        return run_gui(demo=args.demo, lang=args.lang, self_test=args.self_test)
    return int(args.handler(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
