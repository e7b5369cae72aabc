"""The manifest PDF for the Handoff screen.

``counter_app.printing.manifests.manifest_pdf(db, number, lang)`` is the printing layer's entry point; until
it is there, the same thing is assembled here from ``core.handoff.load_manifest`` and
``printing.manifest.render_manifest`` (the office, the provider, the catalog's service titles).
"""

from __future__ import annotations

from counter_app.core.catalog import Catalog
from counter_app.core.handoff import ManifestKind, UnknownManifest, load_manifest
from counter_app.core.office import Bilingual
from counter_app.core.office_settings import OfficeSettings
from counter_app.printing.manifest import ManifestPrint, ManifestPrintLine, render_manifest
from counter_app.storage.db import Database


def manifest_pdf(db: Database, catalog: Catalog, number: str, lang: str) -> bytes:
    """Both copies of manifest ``number`` in ``lang`` (kk or ru)."""
    try:
        from counter_app.printing.manifests import manifest_pdf as shared  # type: ignore[import-not-found]
    except ImportError:
        shared = None
    if shared is not None:
        return shared(db, number, lang)
    manifest = load_manifest(db, number)
    if manifest is None:
        raise UnknownManifest(number)

    def service(code: str) -> Bilingual:
        try:
            names = catalog.service(code).names
        except KeyError:
            return Bilingual(code, code)
        return Bilingual(names.kk, names.ru)

    returning = manifest.kind is ManifestKind.RETURN
    lines = tuple(
        ManifestPrintLine(
            receipt_number=line.receipt_number,
            applicant=line.applicant_name,
            service=service(line.service_code),
            documents=line.documents_count,
            accepted_on=line.accepted_on,
            result_due=line.result_due,
            result_kind=line.result_kind.value if returning and line.result_kind else "",
            result_reference=line.result_reference if returning else "",
            result_received_on=line.result_received_on if returning else None,
        )
        for line in manifest.lines
    )
    data = ManifestPrint(
        number=manifest.number,
        kind=manifest.kind.value,
        day=manifest.day,
        office=OfficeSettings(db).load(),
        provider=manifest.provider,
        lines=lines,
        handed_over_by=manifest.created_by_name,
        courier=manifest.courier_name,
        picked_up_at=manifest.picked_up_at,
        clerk=manifest.clerk_name,
        delivered_on=manifest.delivered_on,
    )
    return render_manifest(data, lang)
