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
    "audit": "check the journal and the archive",
}


def iso_date(text: str) -> dt.date:
    """argparse type for dates written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from counter_app.core.domain.i18n import _

        raise argparse.ArgumentTypeError(
            _("not a date in the form YYYY-MM-DD: {text}").format(text=repr(text))
        ) from None


def _parser(command: str | None) -> argparse.ArgumentParser:
    """The top-level parser; ``command``'s module registers its full parser, the others are one-line stubs."""
    parser = argparse.ArgumentParser(
        prog="counter-app",
        description='Counter: intake desk of the State Corporation "Government for Citizens". '
        "Without a command, starts the application window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $COUNTER_DB_URL, or SQLite in the per-user data directory)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="fill an empty database with a demo office and users"
    )
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


def _not_utf8(argv: Sequence[str]) -> bool:
    try:
        for argument in argv:
            argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _password_in_url(url: str) -> bool:
    try:
        from sqlalchemy.engine import make_url

        return bool(make_url(url).password)
    except Exception:  # noqa: BLE001 - a URL that cannot be read is refused later, with its own message
        return False


def _choose_language(arguments: Sequence[str]) -> None:
    """Messages in ``--lang``'s language, else the locale's (kk or ru), else English."""
    lang = None
    for index, argument in enumerate(arguments):
        if argument in COMMANDS:
            break  # a subcommand's own --lang is its print language
        if argument == "--lang" and index + 1 < len(arguments):
            lang = arguments[index + 1]
        elif argument.startswith("--lang="):
            lang = argument.split("=", 1)[1]
    if lang is None:
        locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
        lang = locale[:2].lower()
    if lang in ("kk", "ru"):
        from counter_app.core.domain.i18n import set_language

        set_language(lang)


def _say(message: str) -> None:
    # Not print(): importing the subcommand module ``counter_app.cli.print`` binds the name ``print`` in this
    # package's namespace to that module.
    sys.stderr.write(message + "\n")


def _demo_allowed() -> bool:
    """``--demo`` only into an empty database: otherwise say why, before any window opens."""
    from counter_app.core.usecases.demo import DemoRefused, is_empty
    from counter_app.storage.db import open_database

    probe = open_database()
    try:
        if is_empty(probe):
            return True
    finally:
        probe.dispose()
    _say(DemoRefused.message())
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """The command; it never prints a traceback: an unexpected error is logged and told in a sentence."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _not_utf8(arguments):
        from counter_app.core.domain.i18n import _

        _say(_("An argument is not valid UTF-8 text: type it again."))
        return 2
    _choose_language(arguments)
    try:
        parser = build_parser(arguments)
        args = parser.parse_args(arguments)
        if args.db:
            if _password_in_url(args.db):
                from counter_app.core.domain.i18n import _

                _say(
                    _(
                        "Warning: the database password in --db is visible to every user of this computer in "
                        "the process list. Put it in ~/.pgpass or PGPASSWORD instead."
                    )
                )
            os.environ["COUNTER_DB_URL"] = args.db
        if args.command is None:
            if args.demo and not _demo_allowed():
                return 2
            from counter_app.ui.app import run_gui

            return run_gui(demo=args.demo, lang=args.lang, self_test=args.self_test)
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the one place the command line turns any error into a sentence
        from counter_app.errors import user_message

        _say(user_message(error))
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
