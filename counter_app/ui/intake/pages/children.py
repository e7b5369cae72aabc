"""The children the application is for."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
)

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.intake_draft import Child, IntakeDraft
from counter_app.ui.intake.fields import check_iin, name_message
from counter_app.ui.intake.pages.base import IntakePage
from counter_app.ui.kit.formats import format_date, parse_date
from counter_app.ui.kit.table import EnterEndsEditing, RowsModel


class ChildrenModel(RowsModel[list[str]]):
    """The children as typed: IIN, surname, first name, patronymic, birth date (when there is no IIN)."""

    HEADERS = (N_("IIN"), N_("Surname"), N_("First name"), N_("Patronymic"), N_("Birth date (if no IIN)"))

    def cell(self, row: list[str], column: int) -> str:
        return row[column]

    def editable(self, row: list[str], column: int) -> bool:
        return True

    def edit(self, row: list[str], column: int, text: str) -> None:
        row[column] = text

    def retranslate(self) -> None:
        """Only the headers: the cells are what the operator typed, and a change of data would also put the
        model's text back into a cell editor that is open."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)


class ChildrenPage(IntakePage):
    """A table of children: type into the cells (Tab moves on), Insert adds a child, Delete removes one."""

    COLUMNS = ChildrenModel.HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.model = ChildrenModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(EnterEndsEditing(self.table))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(True)
        self.table.installEventFilter(self)
        self.district = QComboBox()
        self.district_label = QLabel()
        self.district_label.setBuddy(self.district)
        form = QFormLayout()
        form.addRow(self.district_label, self.district)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self._shown: IntakeDraft | None = None  # the draft whose children the grid was filled from

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Insert:
                self.add_row()
                return True
            if event.key() == Qt.Key.Key_Delete and self.model.rowCount() > 1:
                self.model.remove_row(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def add_row(self, child: Child | None = None) -> None:
        row = self.model.rowCount()
        child = child or Child()
        self.model.insert_row(
            row,
            [
                child.iin,
                child.last_name,
                child.first_name,
                child.patronymic,
                format_date(child.birth_date) if child.birth_date and not child.iin else "",
            ],
        )
        self.table.setCurrentIndex(self.model.index(row, 0))

    def initializePage(self) -> None:
        self.setTitle(_("Children"))
        self.setSubTitle(
            _(
                "Type into the cells, Tab to the next cell; Insert adds a child, Delete removes the current one."
            )
        )
        self.model.retranslate()
        self.district_label.setText(_("Child's &district (residence):"))
        wizard = self.intake()
        if self._shown is wizard.draft and self.model.rowCount():
            # Shown again for the same citizen (a language switch, the office read in the background, back and
            # forth): the grid stays as typed, with its open cell editor, its current cell and the focus.
            wizard.fill_districts(self.district, self.district.currentData() or "")
            if not self.isAncestorOf(QApplication.focusWidget()):  # come back to, not re-shown while typing
                self.table.setFocus()
            return
        self._shown = wizard.draft
        self.model.set_rows([])
        for child in wizard.draft.children or [Child()]:
            self.add_row(child)
        first = wizard.draft.children[0].district if wizard.draft.children else ""
        wizard.fill_districts(self.district, first or wizard.draft.applicant.district)
        self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _cell(self, row: int, column: int) -> str:
        return self.model.text(row, column).strip()

    def _fail_cell(self, row: int, column: int, message: str) -> bool:
        self.table.setCurrentIndex(self.model.index(row, column))
        return self.fail(self.table, _("Child {number}: {problem}").format(number=row + 1, problem=message))

    def validatePage(self) -> bool:
        if self.table.state() == QAbstractItemView.State.EditingState:
            # What is being typed into a cell counts: moving the current cell commits the open editor.
            current = self.table.currentIndex()
            row, column = current.row(), current.column()
            self.table.setCurrentIndex(self.model.index(row, (column + 1) % self.model.columnCount()))
            self.table.setCurrentIndex(self.model.index(row, column))
        wizard = self.intake()
        old = {c.iin or f"#{i}": c for i, c in enumerate(wizard.draft.children)}
        children: list[Child] = []
        for row in range(self.model.rowCount()):
            values = [self._cell(row, c) for c in range(len(self.COLUMNS))]
            if not any(values):
                continue
            iin_text, last, first, patronymic, birth_text = values
            birth = None
            if iin_text:
                parsed, problem = check_iin(iin_text, wizard.today)
                if problem:
                    return self._fail_cell(row, 0, problem)
                birth = parsed.birth_date
            else:
                try:
                    birth = parse_date(birth_text)
                except ValueError:
                    return self._fail_cell(row, 4, _("Type the date as dd.mm.yyyy."))
                if birth is None:
                    return self._fail_cell(
                        row, 0, _("Type the IIN or, if the child has none, the birth date.")
                    )
            for column, value, required in ((1, last, True), (2, first, True), (3, patronymic, False)):
                problem = name_message(value, required)
                if problem:
                    return self._fail_cell(row, column, problem)
            previous = old.get(iin_text or f"#{row}")
            children.append(
                Child(
                    iin=iin_text,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    birth_date=birth,
                    district=self.district.currentData() or "",
                    answers=dict(previous.answers) if previous else {},
                )
            )
        if not children:
            return self._fail_cell(0, 0, _("Enter at least one child."))
        wizard.draft.children = children
        return self.passed()
