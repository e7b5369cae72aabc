"""Every printed form with a chosen number of documents (or rows), for the layout tests and the PNG checks.

The documents are the service's own (the law's wording from the catalog, the spouse's parts and the documents
brought later included), repeated in the law's order when a form needs more of them than the service lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from functools import cache

from pypdf import PdfReader

from counter_app.core.domain.catalog import Catalog, ServiceVersion
from counter_app.core.domain.checklist import ChecklistItem
from counter_app.core.domain.i18n import gettext_in
from counter_app.core.domain.office import Bilingual
from counter_app.core.usecases.day_close import Cancelled, DayClose, LeftBehind, OpenManifest, StorageEnded
from counter_app.printing.manifest import manifest_specimen, manifest_texts, render_manifest
from counter_app.printing.model import ChildRecord, ConsentNote, ReceiptLine, service_name
from counter_app.printing.render import (
    render_acceptance_receipt,
    render_application,
    render_consent_note,
    render_refusal_receipt,
)
from counter_app.printing.specimen import (
    acceptance_specimen,
    application_specimen,
    refusal_specimen,
    sample_applicant,
    sample_child,
    sample_issuer,
)
from counter_app.printing.texts import PLACEHOLDER, load_texts

DAY = dt.date(2026, 11, 23)
COUNTS = (1, 6, 11)
COUNTER_SERVICES = (
    "guardian-benefit",
    "guardianship",
    "parent-meeting-permission",
    "school-transport",
    "camp-vouchers",
)


def service_lines(version: ServiceVersion) -> list[ReceiptLine]:
    """Every document the service can ask for, in the law's order: the spouse's parts after their item, a
    document brought later with the law's words of when."""
    child = sample_child()
    lines: list[ReceiptLine] = []
    for document in version.documents:
        item = ChecklistItem(document, 0 if document.per_child else None)
        line = ReceiptLine.from_item(item, child=child)
        if document.deferred is not None:
            later = Bilingual(kk=document.deferred.text.kk, ru=document.deferred.text.ru)
            lines.append(dataclasses.replace(line, later=later))
            continue
        lines.append(line)
        for part in document.parts:
            name = Bilingual(kk=f"{line.name.kk} {part.suffix.kk}", ru=f"{line.name.ru} {part.suffix.ru}")
            lines.append(dataclasses.replace(line, name=name))
    return lines


def lines_of(version: ServiceVersion, count: int) -> tuple[ReceiptLine, ...]:
    every = service_lines(version)
    return tuple(every[index % len(every)] for index in range(count))


@dataclasses.dataclass(frozen=True)
class Printed:
    """A printed form and what its layout must keep: the title, the signature block (a fixed text of it) with
    the text that must stand on the same page (the last words before it), the paragraphs never split."""

    pdf: bytes
    title: str
    signature: str
    before: str
    whole: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()  # each stays with what follows it (never the last text of a page)


def fixed(template: str) -> str:
    """The longest stretch of a form's line without a placeholder (what the page prints whatever the data)."""
    return max((words(part) for part in PLACEHOLDER.split(template)[::2]), key=len)


def _last_words(template: str, count: int = 3) -> str:
    """The last words after the line's last placeholder (or of the whole line)."""
    return tail(PLACEHOLDER.split(template)[-1], count)


def _signed_at(lines) -> int:
    return next(i for i, line in enumerate(lines) if "{signature}" in line.text)


def acceptance(catalog: Catalog, code: str, count: int, lang: str) -> Printed:
    service = catalog.service(code)
    version = service.version_on(DAY)
    data = dataclasses.replace(acceptance_specimen(service, version, DAY), documents=lines_of(version, count))
    text = load_texts().acceptance.text(lang)
    return Printed(
        render_acceptance_receipt(data, lang),
        text.title,
        fixed(text.applicant_signature),
        tail(text.issue_rules),
    )


def refusal(catalog: Catalog, code: str, count: int, lang: str) -> Printed:
    service = catalog.service(code)
    version = service.version_on(DAY)
    data = dataclasses.replace(refusal_specimen(service, version, DAY), missing=lines_of(version, count))
    text = load_texts().refusal.get(data.text_variant).text(lang)
    names = tuple(words(line.name.get(lang)) for line in data.missing)
    return Printed(
        render_refusal_receipt(data, lang),
        text.title,
        fixed([line.text for line in text.closing if "{signature}" in line.text][-1]),
        tail(names[-1]),
        tuple(name for name in names if len(name) <= 300),  # a few lines each: never split
    )


def application(catalog: Catalog, code: str, count: int, lang: str) -> Printed:
    """The application with ``count`` children (the benefit's App. 1 lists them; the general one too)."""
    service = catalog.service(code)
    version = service.version_on(DAY)
    child = sample_child()
    children = tuple(
        ChildRecord(child.surname, child.first_name, child.birth_date - dt.timedelta(days=400 * index))
        for index in range(count)
    )
    data = dataclasses.replace(application_specimen(service, version, DAY), children=children)
    text = load_texts().application.get(data.text_variant).text(lang)
    signed = _signed_at(text.lines)
    return Printed(
        render_application(data, lang),
        text.title,
        text.lines[signed].caption,
        _last_words(text.lines[signed - 1].text),
    )


def consent_note(catalog: Catalog, code: str, _count: int, lang: str) -> Printed:
    service = catalog.service(code)
    version = service.version_on(DAY)
    note = ConsentNote(DAY, sample_issuer(version), service_name(service), sample_applicant())
    text = load_texts().consent_note.text(lang)
    signed = _signed_at(text.lines)
    return Printed(
        render_consent_note(note, lang),
        text.title,
        fixed(text.lines[signed].text),
        _last_words(text.lines[signed - 1].text),
    )


def manifest(catalog: Catalog, kind: str, count: int, lang: str) -> Printed:
    services = tuple(service_name(catalog.service(code)) for code in COUNTER_SERVICES)
    data = manifest_specimen(services, count, kind)  # type: ignore[arg-type]
    text = manifest_texts().text(lang)
    return Printed(
        render_manifest(data, lang), text.title(kind), text.signers.courier, data.lines[-1].receipt_number
    )


def day_close(count: int) -> DayClose:
    """A closed day with ``count`` rows in every section of the sheet (the last cancelled intake's operator
    named apart)."""
    applicant = "Жұмабекова-Ғабдуллина Әйгерім Нұрғисақызы"
    return DayClose(
        department="4",
        day=DAY.isoformat(),
        accepted=count,
        refused=1,
        counter=count + 3,
        receipts=count + 1,
        gaps=[2, 3],
        strays=[],
        on_manifest=count,
        left_behind=[
            LeftBehind(f"4-20261123-{i:04d}", applicant, 1, DAY.isoformat(), "on_manifest", "4-20261123-M01")
            for i in range(count)
        ],
        open_manifests=[
            OpenManifest(
                f"4-20261123-M{i:02d}", "handoff", 1, DAY.isoformat(), "picked_up", "Ахметов Ерлан", 3
            )
            for i in range(count)
        ],
        storage_ended=[
            StorageEnded(f"4-20260901-{i:04d}", applicant, "2026-09-10", "2026-11-10") for i in range(count)
        ],
        cancelled=[
            Cancelled("2026-11-23T05:10:00+00:00", f"op-{i + 1:02d}", "2", "guardianship", applicant)
            for i in range(count)
        ],
        providers={
            "1": {"kk": "Алматы қаласының білім басқармасы", "ru": "Управление образования города Алматы"}
        },
        closed_at="2026-11-23T13:05:00+00:00",
        closed_by="manager",
        closed_by_name="Байжанова Гүлнар Асқарқызы",
    )


def day_close_sheet(count: int, lang: str) -> Printed:
    from counter_app.printing.day_close_pdf import day_close_pdf

    sheet = day_close(count)
    title = gettext_in(lang, "Day-close sheet of {day}").format(day=DAY.strftime("%d.%m.%Y"))
    signature = gettext_in(lang, "Head of the department (or a second employee)")
    headings = tuple(
        gettext_in(lang, heading)
        for heading in (
            "1. Receipt series of the day",
            "2. Packages to providers",
            "3. Manifests not signed for by the provider",
            "4. Results whose storage has ended",
            "5. Intakes cancelled",
        )
    )
    return Printed(
        day_close_pdf(sheet, lang), title, signature, sheet.cancelled[-1].username, headings=headings
    )


def every_form(catalog: Catalog, count: int, lang: str) -> dict[str, Printed]:
    """Name -> every printed form with ``count`` documents (rows), in ``lang``."""
    out: dict[str, Printed] = {}
    for code in COUNTER_SERVICES:
        out[f"acceptance-{code}"] = acceptance(catalog, code, count, lang)
        out[f"refusal-{code}"] = refusal(catalog, code, count, lang)
        out[f"application-{code}"] = application(catalog, code, count, lang)
    out["consent"] = consent_note(catalog, "guardianship", count, lang)
    out["manifest"] = manifest(catalog, "handoff", count, lang)
    out["return_manifest"] = manifest(catalog, "return", count, lang)
    out["day_close"] = day_close_sheet(count, lang)
    return out


# --- reading the layout back from the PDF --------------------------------------------------------------------

FRAME_TOP = 842 - 15 * 72 / 25.4  # points from the page's foot: A4 less the top margin (printing.layout)
FRAME_FOOT = 18 * 72 / 25.4  # the bottom margin; the footer line stands below it


@cache
def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's text lines as pypdf extracts them (one line of the layout each)."""
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (a line break of the layout becomes a space)."""
    return [words(" ".join(lines)) for lines in page_lines(pdf)]


def body_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines without its footer (its last line: reference, copy, page, release)."""
    return [lines[:-1] for lines in page_lines(pdf)]


def filled(pdf: bytes) -> list[float]:
    """How far down each page the body goes: the lowest line of text above the footer, as a share of the
    frame's height (1.0: down to the bottom margin)."""
    shares = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lowest = [FRAME_TOP]

        def visit(text, cm, tm, _font, _size, lowest=lowest):
            if text.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if y > FRAME_FOOT - 2:
                    lowest.append(y)

        page.extract_text(visitor_text=visit)
        shares.append((FRAME_TOP - min(lowest)) / (FRAME_TOP - FRAME_FOOT))
    return shares


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tail(text: str, count: int = 4) -> str:
    """The last words of a text (what ends on the last page a text is printed on)."""
    return " ".join(words(text).split()[-count:])
