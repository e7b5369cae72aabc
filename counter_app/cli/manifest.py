"""``counter-app manifest``: the day's courier manifest of a provider as PDF, and the list of open manifests.

For managers who print from a script: the manager signs in (``--as NAME``, the password asked or read as the
first line of standard input). With ``--date`` and ``--provider`` it puts every package due that day
(overdue ones included) that is not on a manifest yet on a new manifest and writes it; when there is none, it
writes again the day's newest manifest of that provider, identical to the first print. ``--number`` writes a
given manifest again. ``--list`` lists the manifests not yet signed for by the provider.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counter_app.cli import iso_date
from counter_app.core.domain.i18n import _


def _write(args: argparse.Namespace, db, number: str) -> int:
    from counter_app.core.domain.i18n import _
    from counter_app.printing.manifests import manifest_pdf

    pdf = manifest_pdf(db, number, args.lang)
    try:
        args.out.write_bytes(pdf)
    except OSError as error:
        print(
            _(
                "Manifest {number} is stored, but its PDF could not be written to {path} ({reason}). Write it "
                "again with --number {number}."
            ).format(number=number, path=args.out, reason=error.strerror),
            file=sys.stderr,
        )
        return 1
    print(f"{number} -> {args.out} ({len(pdf)} bytes)")
    return 0


def _print(args: argparse.Namespace, db) -> int:
    from counter_app.cli._auth import SignInFailed, sign_in
    from counter_app.core.domain import handoff_errors
    from counter_app.core.domain import packages as packages_uc
    from counter_app.core.domain.permissions import Role
    from counter_app.core.usecases import manifests as manifests_uc
    from counter_app.core.usecases.accounts import Accounts

    try:
        actor = sign_in(Accounts(db), args.user, (Role.MANAGER,))
    except SignInFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    if args.number:
        if manifests_uc.load_manifest(db, args.number) is None:
            print(_("there is no manifest {number}").format(number=args.number), file=sys.stderr)
            return 1
        return _write(args, db, args.number)
    if args.date is None or args.provider is None:
        print(_("--date and --provider are needed (or --number, or --list)"), file=sys.stderr)
        return 2
    kind = packages_uc.ManifestKind.RETURN if args.returns else packages_uc.ManifestKind.HANDOFF
    build = manifests_uc.build_return_manifest if args.returns else manifests_uc.build_manifest
    try:
        number = build(db, actor, args.provider, args.date)
    except handoff_errors.NothingToHandOff:
        earlier = [
            m
            for m in manifests_uc.manifests_on(db, args.date)
            if m.provider_id == args.provider
            and m.kind is kind
            and m.status is not packages_uc.ManifestStatus.CANCELLED
        ]
        if not earlier:
            print(
                _("nothing to hand over to provider {provider} on {date}").format(
                    provider=args.provider, date=args.date.isoformat()
                ),
                file=sys.stderr,
            )
            return 1
        number = earlier[-1].number
    except handoff_errors.HandoffError as error:
        print(str(error), file=sys.stderr)
        return 1
    return _write(args, db, number)


def _list(args: argparse.Namespace, db) -> int:
    from counter_app.core.usecases import manifests as manifests_uc
    from counter_app.core.usecases.office_settings import OfficeSettings

    names = {p.id: p.name.ru for p in OfficeSettings(db).load().providers}
    rows = [
        {
            "number": m.number,
            "kind": m.kind.value,
            "provider_id": m.provider_id,
            "provider": names.get(m.provider_id, ""),
            "date": m.day.isoformat(),
            "status": m.status.value,
            "packages": m.packages,
        }
        for m in manifests_uc.open_manifests(db)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['number']}\t{row['date']}\t{row['kind']}\t{row['status']}\t{row['packages']}\t"
            f"{row['provider_id']}\t{row['provider']}"
        )
    return 0


def _run(args: argparse.Namespace) -> int:
    from counter_app.core.domain import dates
    from counter_app.core.domain.i18n import _
    from counter_app.storage.db import DatabaseUnavailable, open_database

    if not args.list and args.out is None:
        print(_("--out FILE.pdf is needed to print a manifest"), file=sys.stderr)
        return 2
    if args.out is not None and not args.out.parent.is_dir():  # checked before a manifest is committed
        print(
            _("The folder {folder} does not exist: the PDF cannot be written there.").format(
                folder=args.out.parent
            ),
            file=sys.stderr,
        )
        return 2
    if args.out is not None and args.out.is_dir():
        print(_("{path} is a folder: give a file name for the PDF.").format(path=args.out), file=sys.stderr)
        return 2
    if args.date is not None:
        try:
            dates.in_range("date", args.date)
        except dates.InvalidDate as error:
            print(error.message, file=sys.stderr)
            return 2
    try:
        db = open_database()
    except DatabaseUnavailable as error:
        print(_("Cannot reach the database: {error}").format(error=error), file=sys.stderr)
        return 1
    try:
        return _list(args, db) if args.list else _print(args, db)
    finally:
        db.dispose()


def register(subparsers: argparse._SubParsersAction) -> None:
    manifest = subparsers.add_parser(
        "manifest",
        help="print a provider's courier manifest for a day, or list the open manifests",
        description=__doc__.split("\n\n", 1)[1],
    )
    manifest.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="the day of the handoff")
    manifest.add_argument("--provider", type=int, metavar="ID", help="provider id (see --list or Settings)")
    manifest.add_argument("--out", type=Path, metavar="FILE.pdf", help="where to write the PDF")
    manifest.add_argument("--lang", choices=("kk", "ru"), default="kk", help="print language (default kk)")
    manifest.add_argument(
        "--as",
        dest="user",
        metavar="MANAGER",
        help="the manager printing (the password is asked, or read from stdin's first line); "
        "the manager's name is printed on the 'handed over by' line",
    )
    manifest.add_argument("--number", metavar="NUMBER", help="write this manifest again instead")
    manifest.add_argument(
        "--return",
        dest="returns",
        action="store_true",
        help="a return manifest of unclaimed results instead of a handoff manifest",
    )
    manifest.add_argument("--list", action="store_true", help="list the manifests not yet delivered")
    manifest.add_argument(
        "--json", action="store_true", help="with --list: JSON instead of tab-separated lines"
    )
    manifest.set_defaults(handler=_run)
