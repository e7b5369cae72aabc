"""``counter-app calendar``: working-day arithmetic from the command line."""

from __future__ import annotations

import argparse

from counter_app.cli import iso_date
from counter_app.core.domain.calendar import CalendarOverride, provider_calendar, state_corporation_calendar


def _overrides(use_database: bool) -> list[CalendarOverride]:
    if not use_database:
        return []
    from counter_app.core.usecases.office_settings import OfficeSettings
    from counter_app.storage.db import open_database

    db = open_database()
    try:
        return OfficeSettings(db).calendar_overrides()
    finally:
        db.dispose()


def _due(args: argparse.Namespace) -> int:
    import sys

    from counter_app.core.domain import dates

    try:
        dates.in_range("date", args.date)
        dates.working_days("days", args.days)
    except dates.InvalidDate as error:
        print(error.message, file=sys.stderr)
        return 2
    overrides = _overrides(not args.no_db)
    make = state_corporation_calendar if args.calendar == "state-corporation" else provider_calendar
    print(make(overrides).add_working_days(args.date, args.days).isoformat())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    calendar = subparsers.add_parser("calendar", help="working-day calendar")
    commands = calendar.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)
    due = commands.add_parser(
        "due",
        help="print the date N working days after DATE (DATE itself not counted)",
        description="Print the date that is N working days after DATE, the day of acceptance not counted. "
        "With --days 1 on the providers' calendar this is the courier handoff due date.",
    )
    due.add_argument("date", type=iso_date, metavar="YYYY-MM-DD", help="day of acceptance")
    due.add_argument("--days", type=int, default=1, metavar="N", help="number of working days (default 1)")
    due.add_argument(
        "--calendar",
        choices=("provider", "state-corporation"),
        default="provider",
        help="providers work Monday-Friday (default); the State Corporation Monday-Saturday",
    )
    due.add_argument(
        "--no-db", action="store_true", help="ignore the administrator's overrides stored in the database"
    )
    due.set_defaults(handler=_due)
