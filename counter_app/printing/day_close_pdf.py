"""The day-close sheet on A4 (ReportLab), kk or ru: what the close found, and two signatures.

Printed from the stored close (``core.day_close.DayClose``) in ReportLab's invariant mode, so a closed day's
sheet is the same, byte for byte, every time it is printed.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from counter_app.core.domain.i18n import N_, gettext_in
from counter_app.core.domain.office_time import office_time
from counter_app.core.usecases.day_close import DayClose
from counter_app.printing.keep import KeepEnd, balanced_title, keep_start
from counter_app.printing.layout import FRAME_WIDTH, SIGNATURE_LINE, build_pdf, paragraph


def _grid(headers: list[str], rows: list[list[str]], widths: list[float], empty: str) -> Table:
    total = sum(widths)
    data = [[paragraph(f"<b>{escape(h)}</b>", "cell") for h in headers]]
    data += [[paragraph(escape(c), "cell") for c in row] for row in rows]
    if not rows:
        data.append([paragraph(escape(empty), "cell")] + [""] * (len(headers) - 1))
    table = Table(data, colWidths=[FRAME_WIDTH * w / total for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 1), (-1, 1)) if not rows else ("VALIGN", (0, 0), (0, 0), "TOP"),
            ]
        )
    )
    return table


def _section(heading: str, intro: list[Flowable], table: Table) -> list[Flowable]:
    """A numbered section: its heading (and what introduces the table) never alone at the foot of a page."""
    return keep_start([paragraph(escape(heading), "heading"), *intro], table)


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


def day_close_pdf(close: DayClose, lang: str) -> bytes:
    t = lambda m: gettext_in(lang, m)
    nothing = t(N_("none"))
    provider = lambda pid: close.providers.get(str(pid), {}).get(lang, str(pid))
    title = t(N_("Day-close sheet of {day}")).format(day=_date(close.day))
    story: list[Flowable] = [
        paragraph(escape(balanced_title(title)), "title"),
        paragraph(escape(t(N_("Department No. {department}")).format(department=close.department)), "body"),
        paragraph(
            escape(
                t(N_("Accepted: {accepted}; refused: {refused}.")).format(
                    accepted=close.accepted, refused=close.refused
                )
            ),
            "body",
        ),
        Spacer(0, 4),
        paragraph(escape(t(N_("1. Receipt series of the day"))), "heading"),
    ]
    if close.series_complete and close.counter == 0:
        series = t(N_("No receipt number was issued this day."))
    elif close.series_complete:
        series = t(N_("Numbers 1 to {counter}: complete, without gaps.")).format(counter=close.counter)
    else:
        series = t(
            N_(
                "Numbers issued: {counter}; applications with them: {receipts}. Numbers without an "
                "application: {gaps}. Numbers above the counter: {strays}."
            )
        ).format(
            counter=close.counter,
            receipts=close.receipts,
            gaps=", ".join(str(n) for n in close.gaps) or nothing,
            strays=", ".join(str(n) for n in close.strays) or nothing,
        )
    story.append(paragraph(escape(series), "body"))
    story += _section(
        t(N_("2. Packages to providers")),
        [
            paragraph(
                escape(
                    t(N_("Of the day's accepted packages on a handoff manifest: {count}.")).format(
                        count=close.on_manifest
                    )
                ),
                "body",
            ),
            paragraph(escape(t(N_("Due to a provider by this day and not taken by the courier:"))), "body"),
        ],
        _grid(
            [t(N_("Receipt number")), t(N_("Applicant")), t(N_("Provider")), t(N_("Due")), t(N_("Why"))],
            [
                [
                    x.receipt_number,
                    x.applicant,
                    provider(x.provider_id),
                    _date(x.handoff_due),
                    t(N_("on manifest {number}, not picked up")).format(number=x.manifest)
                    if x.manifest
                    else t(N_("not on a manifest")),
                ]
                for x in close.left_behind
            ],
            [95, 135, 92, 66, 94],  # points: a receipt number, the longest name, a manifest number unbroken
            nothing,
        ),
    )
    story += _section(
        t(N_("3. Manifests not signed for by the provider")),
        [],
        _grid(
            [t(N_("Manifest")), t(N_("Provider")), t(N_("Day")), t(N_("Courier")), t(N_("Packages"))],
            [
                [
                    m.number,
                    provider(m.provider_id),
                    _date(m.day),
                    m.courier or t(N_("not picked up")),
                    str(m.packages),
                ]
                for m in close.open_manifests
            ],
            [3, 3.2, 1.9, 2.4, 1.8],
            nothing,
        ),
    )
    story += _section(
        t(N_("4. Results whose storage has ended")),
        [],
        _grid(
            [t(N_("Receipt number")), t(N_("Applicant")), t(N_("Received")), t(N_("Kept until"))],
            [
                [r.receipt_number, r.applicant, _date(r.received_on), _date(r.kept_until)]
                for r in close.storage_ended
            ],
            [3, 4.6, 1.6, 1.6],
            nothing,
        ),
    )
    story += _section(
        t(N_("5. Intakes cancelled")),
        [],
        _grid(
            [t(N_("Time")), t(N_("Operator")), t(N_("Window")), t(N_("Service")), t(N_("Applicant"))],
            [
                [
                    office_time(dt.datetime.fromisoformat(c.at)).strftime("%H:%M"),
                    c.username,
                    c.window,
                    c.service_code,
                    c.applicant,
                ]
                for c in close.cancelled
            ],
            [1.3, 2, 1.3, 3, 4],
            nothing,
        ),
    )
    story.append(Spacer(0, 10))
    end: list[Flowable] = []
    if close.closed:
        closed_at = office_time(dt.datetime.fromisoformat(close.closed_at)).strftime("%d.%m.%Y %H:%M")
        end.append(
            paragraph(
                escape(
                    t(N_("Closed by {name} ({username}) at {time}.")).format(
                        name=close.closed_by_name, username=close.closed_by, time=closed_at
                    )
                ),
                "body",
            )
        )
    else:
        end.append(paragraph(escape(t(N_("Not closed yet: a preview."))), "heading"))
    signatures = Table(
        [
            [paragraph(escape(t(N_("Manager who closed the day"))), "small"), SIGNATURE_LINE, "_" * 30],
            [
                paragraph(escape(t(N_("Head of the department (or a second employee)"))), "small"),
                SIGNATURE_LINE,
                "_" * 30,
            ],
        ],
        colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.33],
        rowHeights=[12 * mm, 12 * mm],
    )
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    end.append(signatures)
    return build_pdf(
        [KeepEnd(story, end)],  # the signatures go with the last rows of the sheet
        lang=lang,
        title=title,
        author="Counter",
        reference=f"{close.department} {_date(close.day)}",
        copy_mark=False,
    )
