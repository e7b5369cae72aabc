"""The ``counter-app`` command: no arguments starts the window; subcommands administer the installation.

Each subcommand lives in its own module of this package and registers itself through ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence

from counter_app import __version__

# Modules under counter_app.cli that provide ``register(subparsers)``; each adds its own subcommands.
SUBCOMMAND_MODULES = ("db", "user", "calendar", "catalog", "print", "manifest")


def iso_date(text: str) -> dt.date:
    """argparse type for dates written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(f"counter_app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"counter_app.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db:
        os.environ["COUNTER_DB_URL"] = args.db
    if args.command is None:
        from counter_app.ui.app import run_gui

        return run_gui(demo=args.demo, lang=args.lang)
    return int(args.handler(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
