"""The report on paper (issue #13, item 6): a column of a table is never so narrow that a word of its header or
of a cell breaks across lines — every table: the ten- and eleven-column time tables are printed on A4 turned
landscape, the others on portrait pages — and no table's title stands alone at the foot of a page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from counter_app.core.usecases.report_tables import report_tables
from counter_app.core.usecases.reports import ReportFilter, build_report
from counter_app.printing.report_pdf import report_pdf
from tests.printing.layout_forms import body_lines

TODAY = dt.date(2026, 12, 31)
PERIOD = (dt.date(2026, 11, 16), dt.date(2026, 12, 31))


@pytest.fixture(scope="module")
def report(office, catalog):
    return build_report(office.db, office.manager, ReportFilter(*PERIOD), TODAY, catalog)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_word_of_any_table_breaks_across_lines(report, lang):
    pages = body_lines(report_pdf(report, lang))
    printed = {word for lines in pages for line in lines for word in line.split()}
    for table in report_tables(report, lang):
        for header in table.headers:
            for word in header.split():
                assert word in printed, f"{table.title}: {word!r} broken across lines"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_table_title_stands_alone_at_the_foot_of_a_page(report, lang):
    titles = {table.title for table in report_tables(report, lang)}
    for number, lines in enumerate(body_lines(report_pdf(report, lang)), start=1):
        assert not lines or lines[-1] not in titles, f"{lines[-1]!r} alone at the foot of page {number}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_wide_time_tables_are_on_landscape_pages_and_the_rest_on_portrait(report, lang):
    reader = PdfReader(io.BytesIO(report_pdf(report, lang)))
    wide = {t.title for t in report_tables(report, lang) if len(t.headers) > 6}
    narrow = {t.title for t in report_tables(report, lang) if len(t.headers) <= 6}
    assert len(wide) == 2 and narrow
    seen = set()
    for page in reader.pages:
        text = page.extract_text() or ""
        turned = float(page.mediabox.width) > float(page.mediabox.height)
        for title in wide | narrow:
            if title in text:
                seen.add(title)
                assert turned == (title in wide), (
                    f"{title!r} on a {'landscape' if turned else 'portrait'} page"
                )
    assert seen == wide | narrow
