"""The Reports screen offscreen: the known applications of tests/reports/conftest.py, charts, tables, drill-down,
export, in English, Kazakh and Russian."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QStyle

from counter_app.core.domain import i18n
from counter_app.ui.screens.reports_screen import ReportsScreen
from counter_app.ui.screens.reports_tables import ApplicationDialog
from tests.support.known_office import PERIOD, TODAY, build_office


@pytest.fixture
def office(ctx):
    return build_office(ctx.db, ctx.catalog)


@pytest.fixture
def screen(qtbot, ctx, office):
    widget = ReportsScreen(ctx, office.manager, lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.date_from.setDate(QDate(PERIOD[0].year, PERIOD[0].month, PERIOD[0].day))
    widget.show()
    qtbot.waitUntil(lambda: widget.report is not None, timeout=15_000)
    task = widget.build()
    qtbot.waitUntil(task.done, timeout=15_000)
    return widget


def cell(screen, key, row, column):
    table = next(t for t in screen.tables if t.key == key)
    view = screen.views[screen.tables.index(table)]
    return view.model().index(row, column)


def test_the_screen_shows_every_table_and_the_charts(screen):
    assert screen.report.filter.date_from == PERIOD[0]
    assert screen.tabs.count() == 1 + 9
    assert "6 accepted, 2 refused, 1 cancelled" in screen.status.text()
    assert "60.0 %" in screen.key_figures.text()
    assert screen.hours_chart.values[2] == 8  # 10:00
    assert screen.share_chart.values == [100.0, 50.0, 0.0]
    assert screen.refusals_chart.values == [1, 1, 1]
    index = cell(screen, "handoff", 2, 1)  # handed over late
    assert index.data() == "1"
    assert screen.views[2].model().figure(index).measure == "late"


@pytest.mark.parametrize(
    ("lang", "waiting", "service"),
    [
        ("en", "Waiting, median: <b>5 min</b>", "Service, median: <b>10 min</b>"),
        ("kk", "Күту, медиана: <b>5 мин</b>", "Қызмет көрсету, медиана: <b>10 мин</b>"),
        ("ru", "Ожидание, медиана: <b>5 мин</b>", "Обслуживание, медиана: <b>10 мин</b>"),
    ],
)
def test_waiting_and_service_times_are_whole_minutes_not_clock_times(screen, lang, waiting, service):
    i18n.set_language(lang)
    assert f"<nobr>{waiting}</nobr>" in screen.key_figures.text()  # «10» and «мин» on one line
    assert f"<nobr>{service}</nobr>" in screen.key_figures.text()
    table = next(t for t in screen.tables if t.key == "norms_by_operator")
    median = table.headers.index(i18n._("Waiting: median, min"))
    assert cell(screen, "norms_by_operator", 0, median).data() == "5"  # was "5:00": read as five o'clock


def test_a_figure_drills_down_to_its_applications_and_opens_one(qtbot, screen, office, check_models):
    task = screen.drill_down(screen.views[2].model().figure(cell(screen, "handoff", 1, 1)))  # on time
    qtbot.waitUntil(task.done, timeout=10_000)
    dialog = screen.drill
    assert dialog.isVisible()
    numbers = sorted(dialog.model.text(r, 0) for r in range(dialog.model.rowCount()))
    assert numbers == sorted(office.numbers[n] for n in ("a1", "a3", "a4"))
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    dialog._open(dialog.table.model().index(0, 0))
    opened: ApplicationDialog = dialog.opened
    qtbot.waitUntil(opened.op.done, timeout=10_000)
    assert dialog.model.text(0, 0) in opened.summary.text()
    assert opened.history_model.rowCount() >= 3  # accepted, on manifest, with the courier, delivered…
    check_models(dialog.model, opened.history_model, screen.views[2].model())
    dialog.close()


def test_exports_write_the_shown_report(qtbot, screen, tmp_path):
    task = screen.export_to(tmp_path / "r.xlsx", "xlsx")
    qtbot.waitUntil(task.done, timeout=15_000)
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.worksheets[1]["C1"].value == "Number accepted"
    task = screen.export_to(tmp_path / "r.pdf", "pdf", "kk")
    qtbot.waitUntil(task.done, timeout=15_000)
    assert "Қызмет көрсету бөлімінің есебі" in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()


@pytest.mark.parametrize(("lang", "title", "tab"), [("kk", "Есептер", "Шолу"), ("ru", "Отчёты", "Обзор")])
def test_the_screen_follows_the_language(screen, lang, title, tab):
    i18n.set_language(lang)
    assert screen.title.text() == title
    assert screen.tabs.tabText(0) == tab
    assert screen.tables[0].headers[2] == {"kk": "Қабылданғаны", "ru": "Принято"}[lang]
    assert "60.0 %" in screen.key_figures.text()


def test_a_period_ending_before_it_starts_is_refused_in_words(qtbot, screen):
    screen.date_to.setDate(QDate(2026, 11, 1))
    task = screen.build()
    qtbot.waitUntil(task.done, timeout=10_000)
    boxes = [w for w in screen.findChildren(object) if type(w).__name__ == "QMessageBox"]
    assert boxes and "before its start" in boxes[-1].text()
    assert screen.report.filter.date_to == dt.date(2026, 12, 31)  # the last good report stays


def test_the_board_shows_what_needs_action_and_follows_other_windows(qtbot, ctx, office, check_models):
    from counter_app.core.usecases.intake import accept
    from counter_app.ui.board import BoardPanel
    from tests.support.intake_helpers import complete_draft

    now = dt.datetime(2026, 12, 31, 6, 0, tzinfo=dt.UTC)
    panel = BoardPanel(ctx.db, lambda: TODAY, lambda: now)
    qtbot.addWidget(panel)
    panel.watcher.timer.setInterval(100)
    panel.show()
    qtbot.waitUntil(lambda: panel.loads == 1 and panel.watcher._stamp is not None, timeout=10_000)
    tiles = {key: number.text() for key, (number, _caption) in panel.view.tiles.items()}
    # a5 due today, a6 overdue; a2's result waits (storage ends 04.01); a3 unclaimed; no courier out
    assert tiles == {
        "due_today": "1",
        "overdue": "1",
        "couriers": "0",
        "results": "1",
        "storage": "1",
        "unclaimed": "1",
    }
    providers, windows_model = panel.view.providers_model, panel.view.windows_model
    assert providers.rowCount() == 1
    assert providers.text(0, 1) == "1" and providers.text(0, 2) == "1"
    windows = {windows_model.text(r, 0): windows_model.text(r, 1) for r in range(windows_model.rowCount())}
    assert set(windows.values()) == {"free"}
    check_models(providers, windows_model, panel.view.couriers_model)
    item = QPersistentModelIndex(providers.index(0, 0))  # a reset of the model would invalidate it

    # another window starts an intake, then accepts it: the board follows without being asked
    from counter_app.core.usecases.drafts import Drafts

    draft = complete_draft(ctx.catalog, "guardian-benefit")
    draft.started_at = now - dt.timedelta(minutes=7, seconds=5)
    Drafts(ctx.db).save(office.operator, draft)
    qtbot.waitUntil(lambda: panel.loads == 2, timeout=10_000)
    qtbot.waitUntil(
        lambda: any(windows_model.text(r, 3) == "7:05" for r in range(windows_model.rowCount())),
        timeout=5_000,
    )
    accept(ctx.db, office.operator, draft, TODAY, catalog=ctx.catalog)
    qtbot.waitUntil(lambda: panel.loads == 3, timeout=10_000)
    assert panel.view.tiles["due_today"][0].text() == "1"  # accepted today: due to the provider on 04.01
    assert item.isValid() and item.row() == 0  # the row was updated in place, not rebuilt
    full = panel.show_full_screen()
    assert full.tiles["overdue"][0].text() == "1"
    full.close()


def test_the_day_close_panel_checks_closes_and_prints_the_same_sheet(qtbot, ctx, office, monkeypatch):
    from counter_app.ui.day_close import DayClosePanel

    panel = DayClosePanel(ctx.db, office.manager, lambda: TODAY)
    qtbot.addWidget(panel)
    panel.day.setDate(QDate(2026, 12, 30))
    task = panel.check()
    qtbot.waitUntil(task.done, timeout=10_000)
    assert "Not closed yet" in panel.text.text() and office.numbers["a6"] in panel.text.text()
    assert panel.close_button.isEnabled()
    task = panel.close_now()
    qtbot.waitUntil(task.done, timeout=10_000)
    assert panel.close_data.closed and "Closed by" in panel.text.text()
    assert not panel.close_button.isEnabled()
    shown = []
    monkeypatch.setattr(panel, "_preview", lambda pdf: shown.append(pdf))  # no print dialog in a test
    for _ in range(2):
        task = panel.print_sheet()
        qtbot.waitUntil(task.done, timeout=10_000)
    assert len(shown) == 2 and shown[0] == shown[1]
    assert "30.12.2026" in PdfReader(__import__("io").BytesIO(shown[0])).pages[0].extract_text()


def test_ready_for_pickup_ticks_informed_and_exports(qtbot, ctx, office, tmp_path, qtmodeltester):
    from PySide6.QtCore import Qt

    from counter_app.core.usecases.pickup import ready_for_pickup
    from counter_app.ui.pickup import INFORMED_COLUMN, PickupPanel

    panel = PickupPanel(ctx.db, office.manager, ctx.catalog)
    qtbot.addWidget(panel)
    panel.show()
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(model, force_py=True)
    assert model.text(1, 2) == "+7 701 123 45 67"
    box = model.index(1, INFORMED_COLUMN)
    assert model.flags(box) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(box, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.setData(
        box, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )  # as a click on the box does
    qtbot.waitUntil(lambda: ready_for_pickup(ctx.db)[1].informed_by == "manager", timeout=10_000)
    qtbot.waitUntil(lambda: model.text(1, INFORMED_COLUMN) != "", timeout=10_000)
    assert (
        model.data(model.index(1, INFORMED_COLUMN), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    )
    task = panel.export_to(tmp_path / "list.csv", "csv")
    qtbot.waitUntil(task.done, timeout=10_000)
    assert "Citizen informed" in (tmp_path / "list.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def test_ctrl_tab_turns_the_inner_tabs_in_a_table_and_the_sections_elsewhere(qtbot, screen):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    ctrl = Qt.KeyboardModifier.ControlModifier
    tabs, sections = screen.tabs, screen.sections
    sections.setCurrentWidget(tabs.parentWidget())  # the report (the board is the first section)
    screen.activateWindow()
    screen.date_from.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.date_from)
    section = sections.currentIndex()
    qtbot.keyClick(screen.date_from, Qt.Key.Key_PageDown, ctrl)  # a filter: the sections turn
    assert sections.currentIndex() == (section + 1) % sections.count()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, ctrl)
    assert sections.currentIndex() == section
    view = screen.views[0]
    tabs.setCurrentWidget(view)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    index = tabs.currentIndex()
    qtbot.keyClick(view, Qt.Key.Key_Tab, ctrl)  # in a table of the report: the next table
    assert tabs.currentIndex() == (index + 1) % tabs.count() and sections.currentIndex() == section
    assert QApplication.focusWidget() is tabs.currentWidget()  # the next table has the keyboard


def test_the_day_close_sheet_numbers_its_sections_and_says_when_no_number_was_issued(qtbot, ctx, office):
    """As on the printed sheet: sections 1 to 5; a day without intakes is not 'numbers 1 to 0'."""
    from counter_app.core.usecases.day_close import findings
    from counter_app.ui.day_close import DayClosePanel

    quiet_day = dt.date(2026, 12, 5)
    assert findings(ctx.db, quiet_day).counter == 0
    panel = DayClosePanel(ctx.db, office.manager, lambda: TODAY)
    qtbot.addWidget(panel)
    for day, series in ((quiet_day, "No receipt number was issued this day."), (dt.date(2026, 12, 30), None)):
        panel.day.setDate(QDate(day.year, day.month, day.day))
        task = panel.check()
        qtbot.waitUntil(task.done, timeout=10_000)
        text = panel.text.text()
        headings = [
            "1. Receipt series",
            "2. Packages to providers",
            "3. Manifests",
            "4. Results",
            "5. Intakes",
        ]
        assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
        assert ("Numbers 1 to 0" in text) is False
        if series:
            assert series in text


def test_ready_for_pickup_space_ticks_the_line_and_the_keyboard_stays_on_it(qtbot, ctx, office):
    """Whole rows are selected, so Qt's Space on the box never reached it: Space ticks the current line, and
    the list read again after the tick keeps the keyboard on that line (not back at no line)."""
    from PySide6.QtCore import Qt

    from counter_app.core.usecases.pickup import ready_for_pickup
    from counter_app.ui.kit.table import select_row
    from counter_app.ui.pickup import PickupPanel

    panel = PickupPanel(ctx.db, office.manager, ctx.catalog)
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus, timeout=10_000)
    assert panel.table.currentIndex().row() == 0  # the keyboard is on the oldest line once the list is read
    select_row(panel.table, 1)
    second = panel.model.rows[1].receipt_number
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: (
            [line.informed_by for line in ready_for_pickup(ctx.db) if line.receipt_number == second]
            == ["manager"]
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: panel.model.rows[1].informed_at is not None, timeout=10_000)
    assert panel.table.currentIndex().row() == 1
    assert panel.model.rows[panel.table.currentIndex().row()].receipt_number == second
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)  # taken back
    qtbot.waitUntil(lambda: panel.model.rows[1].informed_at is None, timeout=10_000)
    assert panel.table.currentIndex().row() == 1


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_ready_for_pickup_headers_and_cells_are_whole_at_a_counters_screen(qtbot, ctx, office, lang):
    """At 1366 x 768 the screen gets about 1040 x 690 beside the navigation: the list's «Көрсетілетін
    қызметті алушы» header was cut (the applicant's column takes what the others leave)."""
    i18n.set_language(lang)
    widget = ReportsScreen(ctx, office.manager, lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1040, 690)
    widget.show()
    widget.sections.setCurrentWidget(widget.pickup)
    view, model = widget.pickup.table, widget.pickup.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(view.isVisible)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), text
        for row in range(model.rowCount()):
            index = model.index(row, column)
            assert header.sectionSize(column) >= view.sizeHintForIndex(index).width(), index.data()
    assert header.length() <= view.viewport().width()  # all of it in sight, no sideways scrolling


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_boards_headers_are_whole_at_a_counters_screen(qtbot, ctx, office, lang):
    """At 1040 x 690 the providers' list beside the windows left «өрсетілетін қызметті беруш» of its first
    header: the board's headers of several words go on two lines. Its cells are whole too: a provider's long name
    («Астана қаласы Алматы ауданы әкімінің аппар…» was cut at 1366 x 768) goes on two or three lines."""
    i18n.set_language(lang)
    widget = ReportsScreen(ctx, office.manager, lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1040, 690)
    widget.show()
    board = widget.board.view
    qtbot.waitUntil(lambda: widget.board.loads >= 1 and board.providers_model.rowCount() == 1, timeout=10_000)
    checked, wrapped = 0, []
    for view in (board.providers, board.couriers, board.windows):
        header = view.horizontalHeader()
        for column in range(view.model().columnCount()):
            text = view.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), text
            checked += 1
            for row in range(view.model().rowCount()):  # a text wider than its column wraps, and fits its row
                cell = str(view.model().index(row, column).data())
                margin = 2 * (
                    view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
                )
                width = header.sectionSize(column) - margin
                if view.fontMetrics().horizontalAdvance(cell) > width:
                    wrapped.append(cell)
                    lines = view.fontMetrics().boundingRect(
                        QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, cell
                    )
                    assert view.wordWrap() and lines.width() <= width, cell
                    assert lines.height() <= view.rowHeight(row), cell
    assert checked == 4 + 5 + 4
    assert board.providers_model.index(0, 0).data() in wrapped  # the provider's name needs two lines here
