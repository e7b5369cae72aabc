"""Every table of every screen is a ``kit.table.RowsModel``: each model is checked by pytest-qt's ``qtmodeltester``
(rows, columns, headers, parents, roles) with rows in it, and a reload keeps the selection by ``number``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPersistentModelIndex, Qt

from counter_app.core.domain.i18n import N_
from counter_app.core.domain.office_time import office_zone
from counter_app.ui.kit.formats import (
    format_date,
    format_day_month,
    format_iso_date,
    format_time,
    parse_date,
    parse_time,
)
from counter_app.ui.kit.table import NUMBER_ROLE, ROW_ROLE, RowsModel, select_row, table_view


class Pairs(RowsModel[tuple[str, int]]):
    HEADERS = (N_("Name"), N_("Count"))

    def cell(self, row: tuple[str, int], column: int) -> str:
        return row[0] if column == 0 else str(row[1])

    def number(self, row: tuple[str, int]) -> str:
        return row[0]


def test_a_rows_model_passes_the_model_tester_and_names_its_rows(qtmodeltester, qtbot):
    model = Pairs()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([("a", 1), ("b", 2), ("c", 3)])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.text(1, 1) == "2"
    assert model.data(model.index(2, 0), NUMBER_ROLE) == "c"
    assert model.data(model.index(2, 1), ROW_ROLE) == ("c", 3)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Count"
    assert model.headerData(5, Qt.Orientation.Horizontal) is None
    assert model.find("b") == 1 and model.find("z") == -1


def test_the_table_view_selects_whole_rows_and_keeps_tab_for_the_form(qtbot):
    model = Pairs()
    model.set_rows([("a", 1), ("b", 2)])
    view = table_view(model)
    qtbot.addWidget(view)
    assert not view.tabKeyNavigation()
    select_row(view, 1)
    assert view.currentIndex().row() == 1
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    select_row(view, -1)  # nothing to select: the selection stays
    assert view.currentIndex().row() == 1


def test_one_set_of_date_formats():
    day = dt.date(2026, 3, 9)
    assert format_date(day) == "09.03.2026" and format_date(None) == ""
    assert format_iso_date("2026-03-09") == "09.03.2026" and format_iso_date("") == ""
    assert format_day_month(day) == "09.03"
    moment = dt.datetime(2026, 3, 9, 14, 5, tzinfo=office_zone())  # the office's clock
    assert format_time(moment) == "09.03.2026 14:05"
    assert parse_time(" 09.03.2026   14:05 ") == moment
    assert parse_date("09.03.2026") == day and parse_date("__.__.____") is None


def test_rows_updated_in_place_keep_the_view_and_a_shorter_list_resets(qtmodeltester, qtbot):
    model = Pairs()
    model.set_rows([("a", 1), ("b", 2)])
    qtmodeltester.check(model, force_py=True)
    kept = QPersistentModelIndex(model.index(1, 0))
    model.update_rows([("a", 5), ("b", 6)])
    assert kept.isValid() and model.text(1, 1) == "6"
    model.refresh(1, 1)
    model.update_rows([("c", 1)])
    assert not kept.isValid() and model.rowCount() == 1


def test_a_grid_the_user_types_into_is_a_rows_model_too(check_models):
    from counter_app.ui.intake.pages.children import ChildrenModel

    model = ChildrenModel()
    check_models(model)
    model.insert_row(0, ["", "", "", "", ""])
    model.insert_row(1, ["061211600012", "Сәрсенбаев", "Нұрлан", "", ""])
    cell = model.index(0, 1)
    assert model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(cell, "Ахметова", Qt.ItemDataRole.EditRole)
    assert model.text(0, 1) == "Ахметова" and model.data(cell, Qt.ItemDataRole.EditRole) == "Ахметова"
    model.remove_row(0)
    assert model.rowCount() == 1 and model.text(0, 2) == "Нұрлан"
    assert not Pairs().flags(Pairs().index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_the_print_language_question_is_wide_enough_for_its_kazakh_title(qtbot):
    """The manifest's question in Kazakh had its title cut by the window manager ("1-2026…ығару")."""
    from PySide6.QtGui import QFont, QFontMetrics

    from counter_app.ui.kit.widgets import PrintLanguageDialog

    title = "1-20261124-M01 тізілімін басып шығару"
    dialog = PrintLanguageDialog(title, "Тізілім &тілі:", "kk")
    qtbot.addWidget(dialog)
    dialog.show()
    bold = QFont(dialog.font())
    bold.setBold(True)
    assert dialog.width() >= QFontMetrics(bold).horizontalAdvance(title) + 100  # the icon and three buttons
    assert dialog.chosen() == "kk"
