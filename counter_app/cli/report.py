"""``counter-app report``: the manager's report for a period as JSON, XLSX or PDF, without the window.

The same figures as the Reports screen (``core.reports``); the JSON is format 1, documented in the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counter_app.cli import iso_date
from counter_app.core.domain.office_time import office_today


def _run(args: argparse.Namespace) -> int:
    from counter_app.cli._auth import SignInFailed, sign_in
    from counter_app.core.domain.permissions import Role
    from counter_app.core.usecases import reports
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.storage.db import DatabaseUnavailable, open_database

    f = reports.ReportFilter(
        args.date_from, args.date_to, args.service, args.operator, args.department, args.storage_days
    )
    try:
        f.check()
    except reports.ReportError as error:
        print(str(error), file=sys.stderr)
        return 2
    try:
        db = open_database()
    except DatabaseUnavailable as error:
        from counter_app.core.domain.i18n import _

        print(_("Cannot reach the database: {error}").format(error=error), file=sys.stderr)
        return 1
    try:
        actor = sign_in(Accounts(db), args.user, (Role.MANAGER, Role.ADMIN))
        report = reports.build_report(db, actor, f, args.today or office_today())
    except SignInFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if args.format == "json":
        data = (json.dumps(reports.to_json(report), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format == "xlsx":
        from counter_app.printing.report_xlsx import report_xlsx

        data = report_xlsx(report, args.lang)
    else:
        from counter_app.printing.report_pdf import report_pdf

        if args.lang not in ("kk", "ru"):
            print("a PDF report is printed in kk or ru", file=sys.stderr)
            return 2
        data = report_pdf(report, args.lang)
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
    else:
        args.out.write_bytes(data)
        print(f"{args.out} ({len(data)} bytes)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser(
        "report",
        help="the manager's report for a period as JSON, XLSX or PDF",
        description=__doc__.split("\n\n", 1)[1],
    )
    report.add_argument(
        "--as",
        dest="user",
        metavar="USER",
        help="the manager or administrator asking (the password is asked, or read from stdin)",
    )
    report.add_argument(
        "--from",
        dest="date_from",
        type=iso_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="first day of the period",
    )
    report.add_argument(
        "--to",
        dest="date_to",
        type=iso_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="last day of the period",
    )
    report.add_argument("--service", metavar="CODE", help="one service only (its code, see catalog list)")
    report.add_argument("--operator", metavar="NAME", help="one operator only (username)")
    report.add_argument("--department", metavar="NUMBER", help="one department only")
    report.add_argument(
        "--storage-days",
        type=int,
        default=7,
        metavar="N",
        help="count the results whose storage ends within N days (default 7)",
    )
    report.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="judge overdue and storage as on this day (default: today)",
    )
    report.add_argument("--format", choices=("json", "xlsx", "pdf"), default="json")
    report.add_argument(
        "--lang",
        choices=("kk", "ru", "en"),
        default="ru",
        help="language of the XLSX headers and the PDF (kk or ru); default ru",
    )
    report.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="where to write ('-': stdout)"
    )
    report.set_defaults(handler=_run)
