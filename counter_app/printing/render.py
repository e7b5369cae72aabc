"""Render the printed forms to PDF bytes, in the print language the citizen chose (``lang``: kk or ru)."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from counter_app.printing.keep import MAX_CARRY, KeepEnd, balanced_title
from counter_app.printing.layout import (
    FONT,
    FRAME_WIDTH,
    SIGNATURE_LINE,
    PageState,
    build_pdf,
    date_text,
    datetime_text,
    escape,
    fill,
    numeric_date,
    paragraph,
    plain,
)
from counter_app.printing.model import (
    AcceptanceReceipt,
    ApplicationForm,
    ConsentNote,
    ReceiptLine,
    RefusalReceipt,
)
from counter_app.printing.reportlab_import import Code128
from counter_app.printing.texts import LANGS, SIGNATURE, FormText, Line, load_texts


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"print language must be one of {LANGS}, got {lang!r}")


def _title_block(text: FormText, values: Mapping[str, str]) -> list[Flowable]:
    """The law's heading at the top right ("… қағидаларына 3-қосымша") and the "Нысан"/"Форма" label."""
    story: list[Flowable] = []
    if text.title_block:
        story.append(
            paragraph(fill(text.title_block, values).replace("<b>", "").replace("</b>", ""), "title_block")
        )
    if text.form_label:
        story.append(paragraph(escape(text.form_label), "form_label"))
    return story


def _title(text: FormText) -> Flowable:
    return paragraph(escape(balanced_title(text.title)).replace("\n", "<br/>"), "title")


def _signed(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    """The lines before the signature block, and the block: from the first line signed by hand to the end."""
    signed = [i for i, line in enumerate(lines) if "{" + SIGNATURE + "}" in line.text]
    first = signed[0] if signed else len(lines)
    return lines[:first], lines[first:]


def _marks(lang: str, *, translated: bool = False, project: bool = False) -> list[Flowable]:
    """The visible marks: a Russian text that is the project's translation of a Kazakh-only law text (the Kazakh
    text prevails), and a text of the project's own (not a form of the law)."""
    common = load_texts().common.text(lang)
    story: list[Flowable] = []
    if translated and common.translation_mark:
        story.append(paragraph(escape(common.translation_mark), "mark"))
    if project and common.project_mark:
        story.append(paragraph(escape(common.project_mark), "mark"))
    return story


def _line(line: Line, values: Mapping[str, str], style: str = "body") -> list[Flowable]:
    if line.optional and not any(values.get(name) for name in line.placeholders()):
        return []
    right = line.align == "right"
    signature = "{signature}"
    if line.caption and line.text.rstrip().endswith(signature):  # the caption names the signature line
        left = line.text.rstrip()[: -len(signature)]
        cells = [
            [
                paragraph(fill(left, values), style),
                [paragraph(SIGNATURE_LINE * 2, "caption"), paragraph(escape(line.caption), "caption")],
            ]
        ]
        table = Table(cells, colWidths=[FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45])
        table.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
        )
        return [Spacer(1, 3 * mm), table]
    story: list[Flowable] = [paragraph(fill(line.text, values), "right" if right else style)]
    if line.caption:
        story.append(paragraph(escape(line.caption), "caption_right" if right else "caption"))
    return story


def _numbered(lines: tuple[ReceiptLine, ...], lang: str) -> list[Flowable]:
    expired_mark = load_texts().common.text(lang).expired_mark
    story: list[Flowable] = []
    for index, line in enumerate(lines, start=1):
        end = "." if index == len(lines) else ";"
        mark = f" <b>{escape(expired_mark)}</b>" if line.expired else ""
        number = line.number or index  # the law's number of the item, as on the screen and the details pane
        story.append(paragraph(f"{number}) {escape(line.name.get(lang))}{mark}{end}", "item"))
    return story


def render_refusal_receipt(data: RefusalReceipt, lang: str, copy_mark: bool = False) -> bytes:
    """App. 3, both copies: each copy starts on a new page (copy 1 for the State Corporation, copy 2 for the
    applicant); a long list of missing documents flows onto further pages of the same copy."""
    _check(lang)
    texts = load_texts()
    variant = texts.refusal.get(data.text_variant)
    text = variant.text(lang)
    common = texts.common.text(lang)
    office = data.issuer.office
    values = {
        "service": data.service_name.get(lang),
        "department": office.department_number,
        "address": office.address.get(lang),
        "employee": data.issuer.employee,
        "executor": data.issuer.executor or data.issuer.employee,
        "phone": data.issuer.phone,
        "applicant": data.applicant.full_name,
        "date": date_text(data.issued_on, text.date_pattern, lang),
    }
    story: list[Flowable] = []
    for copy_index, copy_label in enumerate(common.copy_labels):
        if copy_index:
            story.append(PageBreak())
        body: list[Flowable] = [PageState(copy_label)]
        body.append(
            paragraph(f"{escape(office.branch_name.get(lang))}<br/>№ {escape(data.number)}", "copy_label")
        )
        body.append(paragraph(f"<b>{escape(copy_label)}</b>", "copy_label"))
        body += _title_block(text, values)
        body.append(_title(text))
        body += _marks(lang, translated=text.translated_by_project, project=variant.project_wording)
        for line in text.body:
            body.append(paragraph(fill(line.text, values), "lead"))
        body.append(paragraph(escape(text.list_heading), "heading"))
        body += _numbered(data.missing, lang)
        body.append(Spacer(1, 4 * mm))
        end: list[Flowable] = []
        for line in text.closing:
            end += _line(line, values)
        story.append(KeepEnd(body, end))  # the closing and signatures go with the last missing document
    return build_pdf(
        story,
        lang=lang,
        title=text.title.replace("\n", " "),
        author=office.branch_name.get(lang),
        reference=f"№ {data.number}",
        copy_mark=copy_mark,
    )


def _barcode(value: str) -> Flowable:
    return Code128(value, barHeight=11 * mm, barWidth=0.25 * mm, humanReadable=True, quiet=False)


def render_acceptance_receipt(data: AcceptanceReceipt, lang: str, copy_mark: bool = False) -> bytes:
    """The acceptance receipt (project's form after the 2013 standard, point 14.1): one copy, the applicant's."""
    _check(lang)
    texts = load_texts()
    text = texts.acceptance.text(lang)
    common = texts.common.text(lang)
    office = data.issuer.office
    values = {
        "number": data.number,
        "accepted_at": datetime_text(data.accepted_at, common.date_time, lang),
        "branch": office.branch_name.get(lang),
        "department": office.department_number,
        "address": office.address.get(lang),
        "service": data.service_name.get(lang),
        "count": str(len(data.documents)),
        "kept": str(data.kept_documents),
        "provider": data.provider_name.get(lang),
        "handoff_date": numeric_date(data.handoff_due, lang),
        "result_date": numeric_date(data.result_date, lang),
        "result_place": data.result_place.get(lang),
        "employee": data.issuer.employee,
        "applicant": data.applicant.full_name,
        "iin": data.applicant.iin,
        "contacts": data.applicant.contacts,
    }
    heading = Table(
        [
            [
                [
                    paragraph(escape(balanced_title(text.title)), "title"),
                    paragraph(f"<b>{escape(plain(text.number, values))}</b>", "title"),
                ],
                _barcode(data.number),
            ]
        ],
        colWidths=[FRAME_WIDTH - 64 * mm, 64 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]),
    )
    story: list[Flowable] = [
        heading,
        paragraph(fill(text.accepted_at, values), "body"),
        paragraph(fill(text.office, values), "body"),
        paragraph(fill(text.service, values), "body"),
        Spacer(1, 2 * mm),
        paragraph(escape(plain(text.documents_heading, values)), "heading"),
    ]
    rows: list[list[object]] = [
        [
            paragraph(f"<b>{escape(text.column_number)}</b>", "cell"),
            paragraph(f"<b>{escape(text.column_name)}</b>", "cell"),
            paragraph(f"<b>{escape(text.column_kind)}</b>", "cell"),
        ]
    ]
    expired_mark = common.expired_mark
    for index, line in enumerate(data.documents, start=1):
        if line.later is not None:
            kind = line.later.get(lang)
        else:
            kind = text.e_document if line.e_document else text.kinds[line.kind.value]
            if line.form_printed:
                kind = text.kinds["application_printed"]
        name = escape(line.name.get(lang)) + (f" <b>{escape(expired_mark)}</b>" if line.expired else "")
        number = line.number or index  # the law's number of the item, as on the screen and the details pane
        rows.append(
            [paragraph(str(number), "cell"), paragraph(name, "cell"), paragraph(escape(kind), "cell")]
        )
    story.append(
        Table(
            rows,
            colWidths=[10 * mm, FRAME_WIDTH - 10 * mm - 52 * mm, 52 * mm],
            repeatRows=1,
            # a long row of the law's wording splits across the page rather than leaving a blank (keep.Unbroken
            # cells move a row whole when that leaves little blank)
            splitByRow=0,
            splitInRow=MAX_CARRY / 2,
            style=TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                ]
            ),
        )
    )
    story += [
        Spacer(1, 2 * mm),
        paragraph(escape(text.originals_note), "small"),
        paragraph(fill(text.handoff, values), "body"),
        paragraph(fill(text.result, values), "body"),
        paragraph(escape(text.issue_rules), "small"),
        Spacer(1, 3 * mm),
    ]
    signatures = [
        paragraph(fill(text.employee, values), "body"),
        paragraph(fill(text.applicant, values), "body"),
        paragraph(fill(text.contacts, values), "body"),
        Spacer(1, 3 * mm),
        paragraph(fill(text.applicant_signature, values), "body"),
    ]
    return build_pdf(
        [KeepEnd(story, signatures)],
        lang=lang,
        title=text.title,
        author=office.branch_name.get(lang),
        reference=f"№ {data.number}",
        copy_mark=copy_mark,
    )


def render_application(data: ApplicationForm, lang: str, copy_mark: bool = False) -> bytes:
    """The application pre-filled for the applicant's signature (App. 1 of the benefit, or the general one)."""
    _check(lang)
    variant = load_texts().application.get(data.text_variant)
    text = variant.text(lang)
    applicant = data.applicant
    children = "; ".join(f"{c.full_name}, {numeric_date(c.birth_date, lang)}" for c in data.children)
    identity = data.identity_document
    values = {
        "service": data.service_name.get(lang),
        "authority": data.authority.get(lang),
        "children": children,
        "surname": applicant.surname,
        "first_name": applicant.first_name,
        "patronymic": applicant.patronymic or "",
        "applicant": applicant.full_name,
        "iin": applicant.iin,
        "address": applicant.address,
        "contacts": applicant.contacts,
        "decision": data.decision.authority_and_number if data.decision else "",
        "decision_date": date_text(data.decision.date, text.date_pattern, lang) if data.decision else "",
        "id_kind": identity.kind.get(lang) if identity else "",
        "id_series": identity.series if identity else "",
        "id_number": identity.number if identity else "",
        "id_issuer": identity.issued_by if identity else "",
        "account": data.account_number,
        "bank": data.bank_name,
        "date": date_text(data.signed_on, text.date_pattern, lang),
    }
    story: list[Flowable] = _title_block(text, values)
    lines = list(text.lines)
    if lines and lines[0].align == "right":  # the addressee stands above the title, as in the law's form
        story.append(Spacer(1, 4 * mm))
        story += _line(lines.pop(0), values)
    story.append(_title(text))
    story += _marks(lang, translated=text.translated_by_project, project=variant.project_wording)
    before, signatures = _signed(tuple(lines))
    for line in before:
        story += _line(line, values)
    end: list[Flowable] = []
    for line in signatures:
        end += _line(line, values)
    return build_pdf(
        [KeepEnd(story, end)],
        lang=lang,
        title=text.title.replace("\n", " "),
        author=applicant.full_name,
        reference="",
        copy_mark=copy_mark,
    )


def render_consent_note(data: ConsentNote, lang: str) -> bytes:
    """The note for a citizen who gave no consent (``forms/printed/consent_note.yaml``, the project's wording)."""
    _check(lang)
    text = load_texts().consent_note.text(lang)
    office = data.issuer.office
    values = {
        "branch": office.branch_name.get(lang),
        "department": office.department_number,
        "address": office.address.get(lang),
        "applicant": data.applicant.full_name,
        "iin": data.applicant.iin,
        "service": data.service_name.get(lang),
        "employee": data.issuer.employee,
        "date": date_text(data.day, text.date_pattern, lang),
    }
    story: list[Flowable] = [
        paragraph(escape(balanced_title(text.title)), "title"),
        *_marks(lang, project=True),
    ]
    before, signatures = _signed(text.lines)
    story += [paragraph(fill(line.text, values), "body") for line in before]
    end = [paragraph(fill(line.text, values), "body") for line in signatures]
    return build_pdf(
        [KeepEnd(story, end)],
        lang=lang,
        title=text.title,
        author=office.branch_name.get(lang),
        reference="",
        copy_mark=False,
    )


__all__ = ["render_acceptance_receipt", "render_application", "render_consent_note", "render_refusal_receipt"]
