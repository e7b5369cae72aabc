"""``counter-app audit verify``: check the journal's hash chain and the archived documents (read-only).

No sign-in is needed: it changes nothing. Exit 0 when everything is intact; 1 naming the first broken entry,
the altered documents, applications and users otherwise; 2 when the database cannot be reached.
"""

from __future__ import annotations

import argparse
import sys


def _verify(args: argparse.Namespace) -> int:
    from counter_app.core.domain.i18n import _
    from counter_app.core.usecases.integrity import verify
    from counter_app.storage.db import DatabaseUnavailable, open_database

    try:
        db = open_database()
    except DatabaseUnavailable as error:
        print(_("Cannot reach the database: {error}").format(error=error), file=sys.stderr)
        return 2
    try:
        report = verify(db)
    finally:
        db.dispose()
    summary = _(
        "{entries} journal entries, {documents} archived documents, {applications} applications, "
        "{users} users checked."
    ).format(
        entries=report.entries,
        documents=report.documents,
        applications=report.applications,
        users=report.users,
    )
    if report.ok:
        print(_("The journal and the archive are intact.") + " " + summary)
        return 0
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(_("The journal or the archive was altered.") + " " + summary, file=sys.stderr)
    return 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="check the journal and the archive",
        description="Check the tamper-evident journal and the archived documents.",
    )
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser(
        "verify",
        help="check the journal's hash chain and every archived document",
        description=__doc__.split("\n\n", 1)[1],
    )
    verify.set_defaults(handler=_verify)
