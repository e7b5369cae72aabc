"""Time and peak memory of printing a courier manifest of many packages (two copies, kk and ru), beside its
floor. Run on demand:

    /work/venv/bin/python -m tests.benchmarks.bench_manifest [--packages N] [--runs N] [--kind handoff|return]

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
The floor is the simplest program printing the same rows: one ReportLab table per copy with the same columns,
widths, font and grid, the text columns as Paragraph cells ("Paragraph floor"), or as plain strings ("plain
floor"), on plain A4 pages; no heading, barcode, totals, signatures or page numbers. Renders alternate between
Counter and the floors; time is the median of N renders each (wall, and on a second line this process's CPU
time, the steadier figure on a shared machine); peak memory is what Python allocated during one
more render (tracemalloc, measured apart because tracing slows the render down), and the process's peak
resident set at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import statistics
import sys
import time
import tracemalloc
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from counter_app.core.domain.catalog import load_catalog
from counter_app.core.domain.office import Bilingual
from counter_app.printing.layout import (
    FONT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
)
from counter_app.printing.layout import register_fonts as register_print_fonts
from counter_app.printing.manifest import manifest_specimen, render_manifest


def floor_pdf(data, lang: str, paragraphs: bool) -> bytes:
    """The same rows in one plain ReportLab table per copy (see the module's docstring)."""
    register_print_fonts()
    style = ParagraphStyle("floor", fontName=FONT, fontSize=7.5, leading=9.2)
    widths = [8 * mm, 28 * mm, 34 * mm, 0.0, 13 * mm, 18.5 * mm, 18.5 * mm]
    widths[3] = FRAME_WIDTH - sum(widths)

    def text(value: str):
        return Paragraph(escape(value), style) if paragraphs else value

    story = []
    for copy in range(2):
        rows = [["№", "Receipt", "Applicant", "Service", "Docs", "Accepted", "Due"]]
        rows += [
            [
                str(i),
                text(line.receipt_number),
                text(line.applicant),
                text(line.service.get(lang)),
                str(line.documents),
                f"{line.accepted_on:%d.%m.%Y}",
                f"{line.result_due:%d.%m.%Y}",
            ]
            for i, line in enumerate(data.lines, start=1)
        ]
        if copy:
            story.append(PageBreak())
        story.append(
            Table(
                rows,
                colWidths=widths,
                repeatRows=1,
                style=TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                        ("LEADING", (0, 0), (-1, -1), 9.2),
                    ]
                ),
            )
        )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=True,
    ).build(story)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kind", choices=("handoff", "return"), default="handoff")
    parser.add_argument("--date", default="2026-11-23")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.date)
    services = tuple(
        Bilingual(kk=service.short_names.kk, ru=service.short_names.ru)
        for service, version in load_catalog().in_force(day)
        if version.accepted_at_counter
    )
    data = manifest_specimen(services, args.packages, args.kind, day)  # built once; only the render is timed
    render_manifest(manifest_specimen(services, 3, args.kind, day), "kk")  # warm up: fonts, texts, Babel
    floor_pdf(manifest_specimen(services, 3, args.kind, day), "kk", paragraphs=True)
    print(f"{args.kind} manifest, {args.packages} packages, {args.runs} runs each, medians in ms")
    print(
        f"{'lang':<4} {'Counter':>8} {'Paragraph floor':>16} {'ratio':>6} {'plain floor':>12} {'ratio':>6} "
        f"{'peak MiB':>9} {'pages':>6} {'floor pages':>12} {'KiB':>7}"
    )
    for lang in ("kk", "ru"):
        times: dict[str, list[float]] = {"counter": [], "paragraph": [], "plain": []}
        cpu: dict[str, list[float]] = {"counter": [], "paragraph": [], "plain": []}
        for _ in range(args.runs):
            for name, render in (
                ("counter", lambda lang=lang: render_manifest(data, lang)),
                ("paragraph", lambda lang=lang: floor_pdf(data, lang, paragraphs=True)),
                ("plain", lambda lang=lang: floor_pdf(data, lang, paragraphs=False)),
            ):
                start, start_cpu = time.perf_counter(), time.process_time()
                pdf = render()
                times[name].append((time.perf_counter() - start) * 1000)
                cpu[name].append((time.process_time() - start_cpu) * 1000)
                if name == "counter":
                    counter_pdf = pdf
                elif name == "paragraph":
                    floor_pages = len(PdfReader(io.BytesIO(pdf)).pages)
        tracemalloc.start()
        render_manifest(data, lang)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pages = len(PdfReader(io.BytesIO(counter_pdf)).pages)
        counter, paragraph, plain = (statistics.median(times[n]) for n in ("counter", "paragraph", "plain"))
        print(
            f"{lang:<4} {counter:>8.1f} {paragraph:>16.1f} {counter / paragraph:>6.2f} {plain:>12.1f} "
            f"{counter / plain:>6.2f} {peak / 2**20:>9.1f} {pages:>6} {floor_pages:>12} {len(counter_pdf) / 1024:>7.1f}"
        )
        counter, paragraph, plain = (statistics.median(cpu[n]) for n in ("counter", "paragraph", "plain"))
        print(
            f"{'CPU':<4} {counter:>8.1f} {paragraph:>16.1f} {counter / paragraph:>6.2f} {plain:>12.1f} "
            f"{counter / plain:>6.2f}   (this process's CPU time, medians)"
        )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    print(f"process peak RSS: {max_rss / (2**20 if sys.platform == 'darwin' else 2**10):.1f} MiB")


if __name__ == "__main__":
    main()
