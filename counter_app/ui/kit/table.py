"""The one table model of every screen (:class:`RowsModel`) and the one way to show it (:func:`table_view`).

A ``RowsModel`` subclass per table: ``HEADERS`` (``N_()``-marked, translated whenever Qt asks), ``cell(row,
column)`` for the text and ``style(row, column, role)`` for colours, fonts and alignment. A reload replaces the
list with one model reset, and ``data()`` formats only the cells Qt asks for, so ten thousand rows fill the table
at once and cost what is on screen. ``checked(row, column)`` puts a check box in a cell, ``check()`` is told when
the user ticks it; ``editable()``/``edit()`` make a grid the user types into. ``number(row)`` names a row (a receipt or manifest number, an id) for
:data:`NUMBER_ROLE`, so a selection survives a reload. Each model is checked by pytest-qt's ``qtmodeltester``.

    class UsersModel(RowsModel[UserSummary]):
        HEADERS = (N_("Login"), N_("Full name"), N_("Role"))

        def cell(self, row: UserSummary, column: int) -> str:
            return (row.username, row.full_name, role_name(row.role))[column]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

from counter_app.core.domain.i18n import _

OVERDUE_COLOUR = QColor("#b00020")
DUE_TODAY_BACKGROUND = QColor("#fff1c2")
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # what names a row: a receipt or manifest number, an id
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the dataclass behind a row

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def two_lines(text: str) -> str:
    """A header of several words on two lines, broken at the space nearest its middle (Qt's headers do not
    wrap): a narrow column of short cells under a long Kazakh header («Азамат хабардар / етілді»)."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(len(text) - 2 * i))
    return f"{text[:middle]}\n{text[middle + 1 :]}"


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of ``rows``; subclasses name the columns and format the cells."""

    HEADERS: tuple[str, ...] = ()  # N_() marked; translated whenever Qt asks
    WRAP_HEADERS = False  # headers of several words on two lines (a table of many columns)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[T]) -> None:
        """New rows in place of as many old ones: the cells are asked again, the view is not rebuilt (a board
        refreshed every few seconds keeps its scroll position); a different count is a :meth:`set_rows`."""
        rows = list(rows)
        if len(rows) != len(self.rows):
            self.set_rows(rows)
            return
        self.rows = rows
        self.refresh()

    def refresh(self, first_column: int = 0, last_column: int | None = None) -> None:
        """Ask Qt to read these columns of every row again (e.g. a time that counts up)."""
        if self.rows:
            last = self.columnCount() - 1 if last_column is None else last_column
            self.dataChanged.emit(self.index(0, first_column), self.index(len(self.rows) - 1, last))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.HEADERS) - 1, 0))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ):
            text = self.header(section)  # the tooltip: Kazakh headers can be wider than their column
            return two_lines(text) if self.WRAP_HEADERS and role == Qt.ItemDataRole.DisplayRole else text
        return None

    def header(self, section: int) -> str:
        """A column's header as shown: ``HEADERS`` are ``N_()``-marked and translated now."""
        return _(self.HEADERS[section])

    def row(self, index: Index) -> T | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == NUMBER_ROLE:
            return self.number(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = self.checked(row, index.column())
            return (
                None if checked is None else (Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            )
        return self.style(row, index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row(index)
        if row is not None and self.checked(row, index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if row is not None and self.editable(row, index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A check box ticked or cleared by the user: :meth:`check` decides what it means."""
        row = self.row(index)
        if row is None:
            return False
        if role == Qt.ItemDataRole.EditRole and self.editable(row, index.column()):
            self.edit(row, index.column(), str(value))
            self.dataChanged.emit(index, index)
            return True
        if role != Qt.ItemDataRole.CheckStateRole or self.checked(row, index.column()) is None:
            return False
        self.check(row, index.column(), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def cell(self, row: T, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: T, column: int) -> str | None:
        return None

    def number(self, row: T) -> Any:
        return None

    def style(self, row: T, column: int, role: int) -> Any:
        return None

    def checked(self, row: T, column: int) -> bool | None:
        """A check box in this cell: whether it is ticked; None for a cell without one."""
        return None

    def check(self, row: T, column: int, checked: bool) -> None:
        """The user ticked (or cleared) the cell's check box; the model shows the change once it is made."""

    def editable(self, row: T, column: int) -> bool:
        """Whether the user types into this cell (a grid of a form, such as the children of an intake)."""
        return False

    def edit(self, row: T, column: int, text: str) -> None:
        """The user typed ``text`` into an editable cell: keep it in ``row``."""

    def insert_row(self, position: int, row: T) -> None:
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.insert(position, row)
        self.endInsertRows()

    def remove_row(self, position: int) -> None:
        if 0 <= position < len(self.rows):
            self.beginRemoveRows(QModelIndex(), position, position)
            del self.rows[position]
            self.endRemoveRows()

    # -- for the screens and their tests

    def text(self, row: int, column: int) -> str:
        """The text shown in a cell."""
        return self.cell(self.rows[row], column)

    def find(self, number: Any) -> int:
        """The position of the row that :meth:`number` names ``number``; -1 when it is not there."""
        for position, row in enumerate(self.rows):
            if self.number(row) == number:
                return position
        return -1


def overdue_style(role: int, overdue: bool, due_today: bool) -> Any:
    """Overdue rows red and bold, rows due today highlighted: the colours of every list of packages."""
    if role == Qt.ItemDataRole.ForegroundRole and overdue:
        return QBrush(OVERDUE_COLOUR)
    if role == Qt.ItemDataRole.FontRole and overdue:
        return bold()
    if role == Qt.ItemDataRole.BackgroundRole and due_today and not overdue:
        return QBrush(DUE_TODAY_BACKGROUND)
    return None


def table_view(
    model: RowsModel[Any],
    *,
    multi: bool = False,
    selectable: bool = True,
    stretch: Sequence[int] = (),
    fit: bool = False,
    wrap: bool = False,
) -> QTableView:
    """The table of a screen: whole rows selected (``multi``: several), read-only, Tab leaves it, no row
    numbers; ``stretch``: columns that share the spare width; ``fit``: columns as wide as their contents;
    ``wrap``: a cell wider than its column goes on more lines, its row as high as it needs (every row measured:
    for a few rows), a row of one line as high as in the other tables."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.NoSelection
        if not selectable
        else QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(False)
    rows = view.verticalHeader()
    rows.hide()
    if wrap:
        rows.setMinimumSectionSize(rows.defaultSectionSize())
    rows.setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents if wrap else QHeaderView.ResizeMode.Fixed
    )
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(30)  # a few rows decide the widths (fast with 10,000)
    if fit:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch)
    view.setWordWrap(wrap)
    return view


def widen_to_contents(view: QTableView) -> None:
    """Widen each shown column that its cells have outgrown (a status turned «курьерде — МЕРЗІМІ ӨТТІ» after
    the widths were set); never narrower, so the table does not jump at each refresh."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if not header.isSectionHidden(column):
            needed = view.sizeHintForColumn(column)
            if needed > header.sectionSize(column):
                header.resizeSection(column, needed)


def select_row(view: QTableView, row: int) -> None:
    """Make ``row`` the current, selected row (nothing when it is -1)."""
    if row < 0:
        return
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def current_number(view: QTableView) -> Any:
    """What names the current row (:data:`NUMBER_ROLE`), None when there is none."""
    index = view.currentIndex()
    return index.data(NUMBER_ROLE) if index.isValid() else None


class EnterEndsEditing(QStyledItemDelegate):
    """The delegate of a grid the user types into: Enter (Return, keypad Enter) in a cell stores it and closes
    the editor at once, and the keyboard is back on the grid before the next key.

    Qt's own delegate stores and closes later (a queued call), so a key typed right after Enter still reached
    the closing editor and was lost: a second Enter that should go on to the next page, a checklist mark typed
    after a date ("commitData called with an editor that does not belong to this view")."""

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(editor, QLineEdit)
            and editor.hasAcceptableInput()
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)
