"""``counter-app catalog``: validate, list and show the service catalog in forms/.

The JSON printed by ``list --json`` and ``show --json`` is stable; its fields are documented in README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from counter_app.cli import iso_date
from counter_app.core.domain.catalog import (
    Catalog,
    CatalogError,
    Condition,
    LocalizedText,
    Service,
    ServiceVersion,
    load_catalog,
)
from counter_app.core.domain.i18n import _, ngettext
from counter_app.core.domain.office_time import office_today

JSON_FORMAT_VERSION = 1


def _texts(text: LocalizedText | None) -> dict[str, str] | None:
    if text is None:
        return None
    result = {"kk": text.kk, "ru": text.ru}
    if text.en:
        result["en"] = text.en
    return result


def _condition(condition: Condition | None) -> dict | None:
    if condition is None:
        return None
    return {
        "all_of": list(condition.all_of),
        "any_of": list(condition.any_of),
        "none_of": list(condition.none_of),
        "text": _texts(condition.text),
    }


def service_summary(service: Service, version: ServiceVersion) -> dict:
    return {
        "code": service.code,
        "names": _texts(service.names),
        "accepted_at_counter": version.accepted_at_counter,
        "effective_from": version.effective_from.isoformat(),
        "term": {
            "amount": version.term.amount,
            "unit": version.term.unit.value,
            "acceptance_day_counted": version.term.acceptance_day_counted,
        },
    }


def service_detail(service: Service, version: ServiceVersion) -> dict:
    detail = service_summary(service, version)
    detail["term"]["text"] = _texts(version.term.text)
    detail.update(
        {
            "format": JSON_FORMAT_VERSION,
            "channels": [c.value for c in version.channels],
            "redirect": _texts(version.redirect),
            "provider": {"kind": version.provider.kind.value, "name": _texts(version.provider.name)},
            "fee": _texts(version.fee),
            "result": _texts(version.result),
            "max_waiting_minutes": version.max_waiting_minutes,
            "max_service_minutes": version.max_service_minutes,
            "legal_source": {
                "act": _texts(version.legal_source.act),
                "number": version.legal_source.number,
                "date": version.legal_source.date.isoformat(),
                "appendix": version.legal_source.appendix,
                "seed": version.legal_source.seed,
                "lines": version.legal_source.lines,
            },
            "documents": [
                {
                    "number": d.number,
                    "key": d.key,
                    "wording": _texts(d.wording),
                    "ru_translated_by_project": d.wording.ru_translated_by_project,
                    "label": _texts(d.label),
                    "kind": d.kind.value,
                    "information_system": d.information_system,
                    "per_child": d.per_child,
                    "condition": _condition(d.condition),
                    "alternatives": [_texts(a) for a in d.alternatives],
                    "validity_days": d.validity.days if d.validity else None,
                }
                for d in version.documents
            ],
            "intake_refusal_grounds": [_texts(g) for g in version.intake_refusal_grounds],
            "service_refusal_grounds": [_texts(g) for g in version.service_refusal_grounds],
        }
    )
    return detail


def _broken(exc: CatalogError) -> NoReturn:
    """Say what is wrong with the catalog, problem by problem, and stop with exit code 1."""
    print(
        ngettext(
            "The catalog is broken ({count} problem):",
            "The catalog is broken ({count} problems):",
            len(exc.problems),
        ).format(count=len(exc.problems)),
        file=sys.stderr,
    )
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    raise SystemExit(1) from None


def _load(path: Path | None) -> Catalog:
    try:
        return load_catalog(path)
    except CatalogError as exc:
        _broken(exc)


def _validate(args: argparse.Namespace) -> int:
    """Every file under the folder: services, questions, printed texts, manifest texts, banks (core.law)."""
    from counter_app.core.domain.law import load_law
    from counter_app.core.domain.printed_forms import PRINTED_FILES

    try:
        law = load_law(args.path)
    except CatalogError as exc:
        _broken(exc)
    catalog = law.catalog
    versions = sum(len(s.versions) for s in catalog.services)
    print(
        f"OK: {len(catalog.services)} services, {versions} versions, {len(catalog.questions)} questions, "
        f"{len(PRINTED_FILES)} printed forms, {len(law.banks)} banks"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    catalog = _load(None)
    rows = catalog.in_force(args.date)
    if args.json:
        json.dump([service_summary(s, v) for s, v in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for service, version in rows:
        mark = "counter" if version.accepted_at_counter else "elsewhere"
        term = f"{version.term.amount} {version.term.unit.value.replace('_', ' ')}"
        print(f"{service.code:32} {mark:9} {term:18} {service.short_names.get(args.lang)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    catalog = _load(None)
    try:
        service = catalog.service(args.code)
    except KeyError:
        print(_("no service with code {code}").format(code=repr(args.code)), file=sys.stderr)
        return 1
    version = service.version_on(args.date)
    if version is None:
        print(
            _("{code}: no version in force on {date}").format(code=args.code, date=args.date.isoformat()),
            file=sys.stderr,
        )
        return 1
    detail = service_detail(service, version)
    if args.json:
        json.dump(detail, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    lang = args.lang
    print(service.name(lang))
    print(
        f"  in force from {version.effective_from.isoformat()}; "
        f"{'taken at the counter' if version.accepted_at_counter else 'NOT taken at the counter'}"
    )
    if version.redirect:
        print(f"  {version.redirect.get(lang)}")
    print(f"  term: {version.term.text.get(lang)}")
    for document in version.documents:
        condition = f"  [{document.condition.text.get(lang)}]" if document.condition else ""
        per_child = "  (per child)" if document.per_child else ""
        print(f"  {document.number}) {document.wording.get(lang)}{condition}{per_child}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    catalog = subparsers.add_parser("catalog", help="the service catalog in forms/")
    commands = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate", help="check every file under forms/; exit 1 naming each file, field and problem"
    )
    validate.add_argument("path", nargs="?", type=Path, help="catalog folder (default: the shipped forms/)")
    validate.set_defaults(handler=_validate)

    today = office_today()
    listing = commands.add_parser("list", help="services with a version in force on a date")
    listing.add_argument("--date", type=iso_date, default=today, metavar="YYYY-MM-DD", help="default: today")
    listing.add_argument("--lang", choices=("kk", "ru", "en"), default="ru", help="language of the names")
    listing.add_argument("--json", action="store_true", help="stable JSON (see README)")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="one service: terms, documents, conditions, refusal grounds")
    show.add_argument("code", help="service code, as printed by `catalog list`")
    show.add_argument("--date", type=iso_date, default=today, metavar="YYYY-MM-DD", help="default: today")
    show.add_argument("--lang", choices=("kk", "ru", "en"), default="ru", help="language of the texts")
    show.add_argument("--json", action="store_true", help="stable JSON (see README)")
    show.set_defaults(handler=_show)
