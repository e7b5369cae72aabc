"""The documents' checklist: each document marked with one key (1, 2, 3, 0)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from counter_app.core.domain.catalog import DocumentDate
from counter_app.core.domain.checklist import deferred_items
from counter_app.core.domain.i18n import _, ngettext
from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.domain.intake_errors import ProblemReason
from counter_app.core.domain.intake_rules import assess, issue_date, mark_allowed
from counter_app.ui.intake.pages.base import (
    DATE_ASKED_NAMES,
    MARK_KEYS,
    MARK_NAMES,
    PROBLEM_NAMES,
    IntakePage,
    _lang,
)
from counter_app.ui.kit.formats import format_date, parse_date


class ChecklistTable(QTableWidget):
    """Keys 1/2/3/0 mark the current item and move down; F2 or D types its date."""

    def __init__(self, page: ChecklistPage) -> None:
        super().__init__(0, 6)
        self.page = page
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            mark = MARK_KEYS.get(Qt.Key(event.key()))
            if mark is not None and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self.page.set_mark(self.currentRow(), mark)
                return
            if event.key() in (Qt.Key.Key_D, Qt.Key.Key_F2):
                self.page.edit_date(self.currentRow())
                return
        super().keyPressEvent(event)


class ChecklistPage(IntakePage):
    MARK_COLUMN = 2
    DATE_COLUMN = 4
    STATUS_COLUMN = 5

    def __init__(self) -> None:
        super().__init__()
        self.table = ChecklistTable(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.error)
        self.items = []
        self.later = []  # documents brought later (the law's deferral): rows below the items, not marked
        self._filling = False
        self.table.itemChanged.connect(self._date_typed)

    def initializePage(self) -> None:
        self.setTitle(_("Documents"))
        self.setSubTitle(
            _(
                "1 original checked, 2 copy received, 3 from the information system, 0 missing; "
                "D types the date the row asks for (its issue date, or the date it is valid until)."
            )
        )
        self.table.setHorizontalHeaderLabels(
            ["№", _("Document"), _("Mark"), _("Date asked"), _("Date"), _("Status")]
        )
        self.refresh()
        self.table.setCurrentCell(0, 2)
        self.table.setFocus()

    def refresh(self) -> None:
        wizard = self.intake()
        draft = wizard.draft
        states = assess(draft, wizard.version(), wizard.today)
        self.items = [s.item for s in states]
        lang = _lang()
        self._filling = True
        current = max(self.table.currentRow(), 0)
        later = deferred_items(wizard.version(), draft.checklist_answers())
        self.later = [item for item in later if item.document.deferred is not None]
        self.table.setRowCount(len(states) + len(self.later))
        for row, state in enumerate(states):
            item = state.item
            asked = item.document.date_asked
            if asked is DocumentDate.ISSUE_DATE:
                typed = format_date(issue_date(item, state.mark, draft))
            elif asked is DocumentDate.VALID_UNTIL:
                typed = format_date(state.mark.expires_on)
            else:
                typed = "—"
            cells = [
                QTableWidgetItem(str(item.document.number)),  # the law's number, as on the receipt
                QTableWidgetItem(item.label(lang)),
                QTableWidgetItem(_(MARK_NAMES[state.mark.mark])),
                QTableWidgetItem(_(DATE_ASKED_NAMES[asked])),
                QTableWidgetItem(typed),
                QTableWidgetItem(_(PROBLEM_NAMES[state.problem]) if state.problem else _("in order")),
            ]
            tip = item.document.wording.get(lang)
            if item.document.condition:
                tip += "\n" + item.document.condition.text.get(lang)
            if item.document.alternatives:
                tip += (
                    "\n"
                    + _("Any one of:")
                    + "\n"
                    + "\n".join("• " + a.get(lang) for a in item.document.alternatives)
                )
            for column, cell in enumerate(cells):
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if column == self.DATE_COLUMN and asked is not DocumentDate.NONE:
                    flags |= Qt.ItemFlag.ItemIsEditable
                cell.setFlags(flags)
                cell.setToolTip(tip)
                if state.mark.mark is Mark.UNCHECKED and column == self.MARK_COLUMN:
                    cell.setForeground(QColor("#6b6b6b"))  # grey: not looked at yet (red means missing)
                if (
                    state.problem
                    and state.problem is not ProblemReason.UNCHECKED
                    and column == self.STATUS_COLUMN
                ):
                    cell.setForeground(QColor("#b00020"))
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self._later_rows(len(states), lang)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(min(current, len(states) - 1), self.MARK_COLUMN)
        self._filling = False
        in_order = sum(1 for s in states if s.problem is None)
        self.summary.setText(
            ngettext(
                "{done} of {total} document in order.", "{done} of {total} documents in order.", len(states)
            ).format(done=in_order, total=len(states))
        )

    def _later_rows(self, first: int, lang: str) -> None:
        """Documents the law lets the applicant bring later (guardianship p. 15-1: the training certificate of a
        relative or step-parent, within one calendar year): shown below the others with the law's words of when,
        as the acceptance receipt lists them; nothing to mark and never a reason to refuse."""
        for offset, item in enumerate(self.later):
            cells = [
                QTableWidgetItem(str(item.document.number)),
                QTableWidgetItem(item.label(lang)),
                QTableWidgetItem(_("to be brought later")),
                QTableWidgetItem("—"),
                QTableWidgetItem("—"),
                QTableWidgetItem(item.document.deferred.text.get(lang)),
            ]
            tip = item.document.wording.get(lang) + "\n" + item.document.deferred.condition.text.get(lang)
            for column, cell in enumerate(cells):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                cell.setToolTip(tip)
                cell.setForeground(QColor("#6b6b6b"))
                self.table.setItem(first + offset, column, cell)

    def brought_later(self, row: int) -> bool:
        return len(self.items) <= row < len(self.items) + len(self.later)

    def set_mark(self, row: int, mark: Mark) -> None:
        if self.brought_later(row):
            self.error.show_message(_("This document is brought later: there is nothing to mark now."))
            return
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        if not mark_allowed(item, mark):
            self.error.show_message(_("This document cannot be obtained from an information system."))
            return
        self.error.clear_message()
        draft = self.intake().draft
        current = draft.marks.get(item.key, ItemMark())
        draft.marks[item.key] = current.model_copy(update={"mark": mark})
        self.refresh()
        self.table.setCurrentCell(min(row + 1, len(self.items) - 1), 2)

    def edit_date(self, row: int) -> None:
        if self.brought_later(row):
            self.error.show_message(_("This document is brought later: there is nothing to mark now."))
            return
        if 0 <= row < len(self.items):
            if self.items[row].document.date_asked is DocumentDate.NONE:
                self.error.show_message(_("No date is asked for this document."))
                return
            self.table.setCurrentCell(row, self.DATE_COLUMN)
            self.table.editItem(self.table.item(row, self.DATE_COLUMN))

    def _date_typed(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != self.DATE_COLUMN:
            return
        row = cell.row()
        item = self.items[row]
        try:
            day = parse_date(cell.text())
        except ValueError:
            self.error.show_message(_("Type the date as dd.mm.yyyy."))
            day = None
        else:
            self.error.clear_message()
        draft = self.intake().draft
        current = draft.marks.get(item.key, ItemMark())
        if item.document.date_asked is DocumentDate.ISSUE_DATE:
            update = {"issued_on": day, "expires_on": None}
        else:  # the date the document is valid until, as the row asks
            update = {"expires_on": day, "issued_on": None}
        draft.marks[item.key] = current.model_copy(update=update)
        self.table.blockSignals(True)
        self.refresh()
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 2)

    def validatePage(self) -> bool:
        wizard = self.intake()
        states = assess(wizard.draft, wizard.version(), wizard.today)
        unchecked = [s for s in states if s.problem is ProblemReason.UNCHECKED]
        if unchecked:
            self.table.setCurrentCell(self.items.index(unchecked[0].item), self.MARK_COLUMN)
            return self.fail(
                self.table,
                _("Mark every document with 1, 2, 3 or 0: {count} not yet checked.").format(
                    count=len(unchecked)
                ),
            )
        undated = [s for s in states if s.problem is ProblemReason.UNDATED]
        if undated:
            self.table.setCurrentCell(self.items.index(undated[0].item), self.DATE_COLUMN)
            return self.fail(self.table, _("Type the issue date of this document (D)."))
        return self.passed()
