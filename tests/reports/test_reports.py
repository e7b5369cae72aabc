"""Every figure of the report over the known applications of conftest.py, its drill-down, JSON, XLSX and PDF."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app.cli import main as cli_main
from counter_app.core.domain.permissions import AccessDenied
from counter_app.core.usecases import reports
from counter_app.core.usecases.reports import Figure, ReportFilter, applications_of, build_report
from counter_app.printing.report_pdf import report_pdf
from counter_app.printing.report_xlsx import report_xlsx

TODAY = dt.date(2026, 12, 31)
PERIOD = (dt.date(2026, 11, 16), dt.date(2026, 12, 31))

D = dt.date
NOV16, DEC1 = D(2026, 11, 16), D(2026, 12, 1)


@pytest.fixture(scope="module")
def report(office, catalog):
    return build_report(office.db, office.manager, ReportFilter(*PERIOD), TODAY, catalog)


def drill(office, catalog, figure, f=None):
    rows = applications_of(
        office.db, office.manager, f or ReportFilter(*PERIOD), figure, TODAY, catalog=catalog
    )
    names = {number: name for name, number in office.numbers.items()}
    return sorted(names[r.receipt_number] for r in rows)


def test_applications_by_service_and_day(report):
    assert [(r.day, r.service_code, r.accepted, r.refused, r.cancelled) for r in report.intakes] == [
        (NOV16, "guardian-benefit", 1, 0, 0),
        (NOV16, "school-transport", 1, 1, 0),
        (DEC1, "guardian-benefit", 2, 1, 1),
        (D(2026, 12, 29), "guardian-benefit", 1, 0, 0),
        (D(2026, 12, 30), "guardian-benefit", 1, 0, 0),
    ]
    assert report.totals() == {"accepted": 6, "refused": 2, "cancelled": 1}
    assert sum(report.intakes_by_hour.values()) == 8 and set(report.intakes_by_hour) == {10}


def test_refusals_by_the_laws_items_with_their_wording(report, catalog):
    rows = [(r.service_code, r.item_number, r.document_key, r.reason, r.count) for r in report.refusals]
    assert rows == [
        ("guardian-benefit", 2, "identity_document", "missing", 1),
        ("school-transport", 1, "application", "missing", 1),
        ("school-transport", 2, "identity_document", "missing", 1),
    ]
    version = catalog.service("guardian-benefit").version_on(D(2026, 12, 1))
    item = next(d for d in version.documents if d.number == 2)
    assert report.refusals[0].wording == {"kk": item.wording.kk, "ru": item.wording.ru}


def test_deadlines_and_the_share_on_time(report):
    assert report.handoff == {"on_time": 3, "late": 1, "overdue": 1, "not_yet": 1, "due": 5}
    assert report.handoff_share == pytest.approx(0.6)
    assert [(d.day, d.due, d.on_time) for d in report.handoff_by_day] == [
        (D(2026, 11, 17), 2, 2),
        (D(2026, 12, 2), 2, 1),
        (D(2026, 12, 30), 1, 0),
        (D(2026, 12, 31), 0, 0),
    ]
    (oldest,) = report.oldest_overdue
    assert (oldest.overdue, oldest.oldest_due) == (1, D(2026, 12, 30))
    assert report.result_deadlines == {
        "on_time": 2,
        "late": 1,
        "overdue": 1,
        "returned_by_provider": 1,
        "not_yet": 1,
        "due": 4,
    }
    assert report.result_share == pytest.approx(0.5)


def test_results(report):
    assert report.results == {
        "received": 3,
        "issued": 1,
        "returned_by_provider": 1,
        "waiting": 1,
        "unclaimed": 1,
        "storage_ending": 1,
    }


def test_waiting_and_service_time_against_the_norms(report):
    def figures(row):
        return (
            row.intakes,
            row.wait.measured,
            row.wait.median,
            row.wait.p90,
            row.wait.over_norm,
            row.service.median,
            row.service.p90,
            row.service.over_norm,
        )

    # waits (min): operator 5 20 2 10, operator2 25 3 16 1; service times 10 12 4 5 / 14 9 20 16
    assert figures(report.norms_total) == (8, 8, 300, 1500, 3, 600, 1200, 2)
    by_operator = {r.key: figures(r) for r in report.norms_by_operator}
    assert by_operator == {
        "operator": (4, 4, 300, 1200, 1, 300, 720, 0),
        "operator2": (4, 4, 180, 1500, 2, 840, 1200, 2),
    }
    assert report.norms_by_operator[1].name == "Омаров Данияр Серикович"
    by_service = {r.key: figures(r) for r in report.norms_by_service}
    assert by_service == {
        "guardian-benefit": (6, 6, 180, 1200, 1, 540, 960, 1),
        "school-transport": (2, 2, 960, 1500, 2, 840, 1200, 1),
    }


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure("intakes", "accepted"), ["a1", "a2", "a3", "a4", "a5", "a6"]),
        (Figure("intakes", "refused", day=DEC1, service_code="guardian-benefit"), ["r1"]),
        (
            Figure(
                "refusals",
                "",
                service_code="school-transport",
                item_number=2,
                document_key="identity_document",
                reason="missing",
            ),
            ["r2"],
        ),
        (Figure("handoff", "on_time"), ["a1", "a3", "a4"]),
        (Figure("handoff", "late"), ["a2"]),
        (Figure("handoff", "overdue"), ["a6"]),
        (Figure("handoff", "not_yet"), ["a5"]),
        (Figure("handoff", "due", day=D(2026, 12, 2)), ["a1", "a2"]),
        (Figure("oldest_overdue", "", provider_id=1), ["a6"]),
        (Figure("result_deadlines", "late"), ["a2"]),
        (Figure("result_deadlines", "returned_by_provider"), ["a4"]),
        (Figure("results", "unclaimed"), ["a3"]),
        (Figure("results", "storage_ending"), ["a2"]),
        (Figure("results", "issued"), ["a1"]),
        (Figure("norms", "wait_over"), ["a2", "a3", "r2"]),
        (Figure("norms", "service_over", operator="operator2"), ["a6", "r2"]),
        (Figure("hours", "10"), ["a1", "a2", "a3", "a4", "a5", "a6", "r1", "r2"]),  # the office's 10 o'clock
        (Figure("hours", "15"), []),
    ],
)
def test_every_figure_drills_down_to_its_applications(office, catalog, figure, expected):
    assert drill(office, catalog, figure) == expected


def test_a_drill_down_comes_in_pages(office, catalog):
    def page(offset):
        rows = applications_of(
            office.db, office.manager, ReportFilter(*PERIOD), Figure("intakes", ""), TODAY, 3, catalog, offset
        )
        return [r.receipt_number for r in rows]

    everything = page(0) + page(3) + page(6)
    assert len(everything) == 8 and len(set(everything)) == 8 and page(9) == []
    assert everything == sorted(everything, key=lambda n: (n.split("-")[1], n))


def test_the_filters_narrow_every_figure(office, catalog):
    f = ReportFilter(*PERIOD, service_code="school-transport", operator="operator2")
    narrow = build_report(office.db, office.manager, f, TODAY, catalog)
    assert narrow.totals() == {"accepted": 1, "refused": 1, "cancelled": 0}
    assert [r.count for r in narrow.refusals] == [1, 1]
    assert narrow.handoff["due"] == 1 and narrow.results["unclaimed"] == 1
    assert [r.key for r in narrow.norms_by_operator] == ["operator2"]
    assert drill(office, catalog, Figure("intakes", ""), f) == ["a3", "r2"]
    empty = build_report(
        office.db, office.manager, ReportFilter(D(2025, 1, 1), D(2025, 1, 31)), TODAY, catalog
    )
    assert empty.totals() == {"accepted": 0, "refused": 0, "cancelled": 0}
    assert empty.handoff_share is None and empty.norms_total.wait.median is None


def test_operators_cannot_see_reports_and_bad_periods_are_refused(office, catalog):
    with pytest.raises(AccessDenied):
        build_report(office.db, office.operator, ReportFilter(*PERIOD), TODAY, catalog)
    with pytest.raises(reports.ReportError):
        build_report(office.db, office.manager, ReportFilter(PERIOD[1], PERIOD[0]), TODAY, catalog)


def test_json_is_format_1_with_every_figure(report):
    data = reports.to_json(report)
    assert data["format"] == 1
    assert data["period"] == {"from": "2026-11-16", "to": "2026-12-31"}
    assert data["intakes"]["totals"] == {"accepted": 6, "refused": 2, "cancelled": 1}
    assert data["intakes"]["by_day_and_service"][2] == {
        "day": "2026-12-01",
        "service": "guardian-benefit",
        "accepted": 2,
        "refused": 1,
        "cancelled": 1,
    }
    assert [(r["service"], r["item"], r["count"]) for r in data["refusals"]] == [
        ("guardian-benefit", 2, 1),
        ("school-transport", 1, 1),
        ("school-transport", 2, 1),
    ]
    assert data["handoff"]["on_time_share"] == 0.6 and data["handoff"]["late"] == 1
    assert data["handoff"]["oldest_overdue"][0]["oldest_due"] == "2026-12-30"
    assert data["result_deadlines"]["on_time_share"] == 0.5
    assert data["results"]["unclaimed"] == 1
    assert data["norms"]["total"]["wait_seconds"] == {
        "measured": 8,
        "median": 300,
        "p90": 1500,
        "over_norm": 3,
    }
    assert data["norms"]["by_operator"][1]["service_seconds"]["median"] == 840
    json.dumps(data)  # serialisable as is


SHEETS = (
    "report",
    "intakes",
    "refusals",
    "handoff",
    "handoff_by_day",
    "oldest_overdue",
    "result_deadlines",
    "results",
    "norms_by_operator",
    "norms_by_service",
)


def _sheet_rows(book, key):
    sheet = book.worksheets[SHEETS.index(key)]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_a_sheet_per_table_numbers_as_numbers_dates_as_dates(report):
    book = load_workbook(io.BytesIO(report_xlsx(report, "ru")))
    assert len(book.worksheets) == len(SHEETS)
    assert [s.title for s in book.worksheets[:3]] == ["Отчёт", "Заявления", "Отказы"]
    intakes = _sheet_rows(book, "intakes")
    assert intakes[0] == ["День", "Услуга", "Принято", "Отказано", "Отменено"]
    assert intakes[3][0] == dt.datetime(2026, 12, 1) and intakes[3][2:] == [2, 1, 1]
    assert intakes[-1][2:] == [6, 2, 1]
    handoff = _sheet_rows(book, "handoff")
    assert [row[1] for row in handoff[1:]] == [5, 3, 1, 1, 1, pytest.approx(0.6)]
    operators = _sheet_rows(book, "norms_by_operator")
    assert operators[1][:7] == [
        "operator",
        "Жумабаева Айгерим Серикбаевна",
        4,
        4,
        5,  # minutes as a number, not a duration shown "5:00" (read as a clock time)
        20,
        1,
    ]
    assert operators[0][4:6] == ["Ожидание: медиана, мин", "Ожидание: 90-й процентиль, мин"]
    kk = load_workbook(io.BytesIO(report_xlsx(report, "kk")))
    assert _sheet_rows(kk, "intakes")[0][2] == "Қабылданғаны"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_report_prints_every_table_in_its_language(report, lang):
    pdf = report_pdf(report, lang)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    words = {
        "kk": (
            "Қызмет көрсету бөлімінің есебі",
            "Сағаттар бойынша өтініштер",
            "Операторлар бойынша күту және қызмет көрсету уақыты",
            "Жумабаева Айгерим",
        ),
        "ru": (
            "Отчёт отдела обслуживания",
            "Заявления по часам",
            "Время ожидания и обслуживания по операторам",
            "Жумабаева Айгерим",
        ),
    }
    for word in words[lang]:
        assert word in text
    assert "60.0 %" in text and "50.0 %" in text  # the shares on time
    norms = text[text.index(words[lang][2]) :]  # the tables of waiting and service times, to the end
    assert not re.search(r"\d:\d\d", norms)  # minutes, not minutes:seconds ("20:00" reads as 8 pm)
    assert "медиана, мин" in norms.replace("\n", " ")
    assert "1-20261229-0001" in text  # the oldest overdue package
    assert report_pdf(report, lang) == pdf  # the same report prints the same bytes


def test_the_command_line_writes_the_same_figures(office, tmp_path, monkeypatch, capsys):
    import io

    from counter_app.core.usecases.accounts import Accounts

    monkeypatch.setenv("COUNTER_DB_URL", str(office.db.engine.url.render_as_string(hide_password=False)))
    accounts = Accounts(office.db)
    manager = accounts.find("manager")
    if manager.must_change_password:  # the demo password is changed at the first sign-in
        accounts.change_own_password(manager.id, "manager", "Courier-Day-24")
    monkeypatch.setattr("sys.stdin", io.StringIO("Courier-Day-24\n" * 10))
    base = [
        "report",
        "--as",
        "manager",
        "--from",
        "2026-11-16",
        "--to",
        "2026-12-31",
        "--today",
        "2026-12-31",
    ]
    assert cli_main([*base, "--format", "json", "--out", str(tmp_path / "r.json")]) == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["handoff"]["due"] == 5 and data["intakes"]["totals"]["refused"] == 2
    assert (
        cli_main(
            [
                *base,
                "--service",
                "school-transport",
                "--operator",
                "operator2",
                "--format",
                "xlsx",
                "--lang",
                "kk",
                "--out",
                str(tmp_path / "r.xlsx"),
            ]
        )
        == 0
    )
    book = load_workbook(tmp_path / "r.xlsx")
    assert _sheet_rows(book, "intakes")[-1][2:] == [1, 1, 0]
    assert cli_main([*base, "--format", "pdf", "--lang", "ru", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "Отчёт отдела обслуживания" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert (
        cli_main(
            [
                "report",
                "--from",
                "2026-12-31",
                "--to",
                "2026-12-01",
                "--format",
                "json",
                "--out",
                str(tmp_path / "bad.json"),
            ]
        )
        == 2
    )
    assert not (tmp_path / "bad.json").exists()
    capsys.readouterr()
