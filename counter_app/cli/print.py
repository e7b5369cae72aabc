"""``counter-app print``: printed forms from the command line (specimens filled with sample data)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from counter_app.cli import iso_date
from counter_app.core.domain.i18n import _
from counter_app.printing.specimen import FORMS


def _specimen(args: argparse.Namespace) -> int:
    from counter_app.core.domain.catalog import load_catalog
    from counter_app.printing.specimen import render_specimen

    catalog = load_catalog()
    try:
        service = catalog.service(args.service)
    except KeyError:
        codes = ", ".join(s.code for s in catalog.services)
        print(
            _("unknown service {code}; known: {codes}").format(code=repr(args.service), codes=codes),
            file=sys.stderr,
        )
        return 2
    day = args.date or dt.date.today()
    version = service.version_on(day)
    if version is None:
        print(
            _("service {code} has no version in force on {date}").format(
                code=repr(service.code), date=day.isoformat()
            ),
            file=sys.stderr,
        )
        return 2
    pdf = render_specimen(args.form, service, version, day, args.lang)
    try:
        args.out.write_bytes(pdf)
    except OSError as error:
        print(
            _("The PDF cannot be written to {path}: {reason}").format(path=args.out, reason=error.strerror),
            file=sys.stderr,
        )
        return 1
    print(f"{args.out} ({len(pdf)} bytes)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    printing = subparsers.add_parser("print", help="printed forms (receipts, applications)")
    commands = printing.add_subparsers(dest="print_command", metavar="COMMAND", required=True)
    specimen = commands.add_parser(
        "specimen",
        help="write a form filled with sample data and the service's real document list",
        description="Write a specimen of a printed form: a sample office and applicant, the document list of "
        "the service version in force on DATE (default: today).",
    )
    specimen.add_argument("form", choices=FORMS, help="which form")
    specimen.add_argument(
        "--service", required=True, metavar="CODE", help="service code (counter-app catalog list)"
    )
    specimen.add_argument("--lang", choices=("kk", "ru"), required=True, help="print language")
    specimen.add_argument(
        "--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF"
    )
    specimen.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="date of the specimen (default today)"
    )
    specimen.set_defaults(handler=_specimen)
