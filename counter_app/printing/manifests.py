"""The printed manifest of a stored handoff or return manifest (:mod:`counter_app.core.usecases.manifests`).

:func:`manifest_pdf` reads the manifest, the office and the catalog's service names and renders both copies
with :func:`counter_app.printing.manifest.render_manifest`. No Qt here: the UI runs it off its thread.
Reading the same stored manifest again gives the same bytes (on the same machine: the pickup time is printed
in the machine's time zone, as on the receipts).
"""

from __future__ import annotations

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.intake_rules import default_catalog
from counter_app.core.domain.office import Bilingual, Office
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.packages import ManifestKind
from counter_app.core.usecases.manifests import Manifest, load_manifest
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.package_reads import PackageLine
from counter_app.printing.manifest import ManifestPrint, ManifestPrintLine, render_manifest
from counter_app.storage.db import Database


def _service_name(catalog: Catalog, code: str) -> Bilingual:
    """The catalog's short name of the service (the table has room for it); the code if the catalog lost it."""
    try:
        names = catalog.service(code).short_names
    except KeyError:
        return Bilingual(kk=code, ru=code)
    return Bilingual(kk=names.kk, ru=names.ru)


def _line(catalog: Catalog, line: PackageLine) -> ManifestPrintLine:
    return ManifestPrintLine(
        receipt_number=line.receipt_number,
        applicant=line.applicant_name,
        service=_service_name(catalog, line.service_code),
        documents=line.documents_count,
        accepted_on=line.accepted_on,
        result_due=line.result_due,
        result_kind=line.result_kind.value if line.result_kind else "",
        result_reference=line.result_reference,
        result_received_on=line.result_received_on,
    )


def manifest_print(manifest: Manifest, office: Office, catalog: Catalog) -> ManifestPrint:
    """The printed form's data of a loaded manifest."""
    return ManifestPrint(
        number=manifest.number,
        kind="handoff" if manifest.kind is ManifestKind.HANDOFF else "return",
        day=manifest.day,
        office=office,
        provider=manifest.provider,
        lines=tuple(_line(catalog, line) for line in manifest.lines),
        handed_over_by=manifest.created_by_name,
        courier=manifest.courier_name,
        picked_up_at=office_time(manifest.picked_up_at) if manifest.picked_up_at else None,
        clerk=manifest.clerk_name,
        delivered_on=manifest.delivered_on,
    )


def manifest_pdf(db: Database, number: str, lang: str, catalog: Catalog | None = None) -> bytes:
    """Both copies of manifest ``number`` in the print language ``lang`` (kk/ru); LookupError if unknown."""
    manifest = load_manifest(db, number)
    if manifest is None:
        raise LookupError(f"no manifest {number!r}")
    office = OfficeSettings(db).load()
    return render_manifest(manifest_print(manifest, office, catalog or default_catalog()), lang)


__all__ = ["manifest_pdf", "manifest_print"]
