"""The documents' checklist: each document marked with one key (1, 2, 3, 0)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from counter_app.core.domain.catalog import DocumentDate
from counter_app.core.domain.checklist import ChecklistItem, deferred_items
from counter_app.core.domain.i18n import N_, _, ngettext
from counter_app.core.domain.intake_draft import IntakeDraft, ItemMark, Mark
from counter_app.core.domain.intake_errors import ProblemReason
from counter_app.core.domain.intake_rules import ItemState, assess, issue_date, mark_allowed
from counter_app.ui.intake.pages.base import (
    DATE_ASKED_NAMES,
    MARK_KEYS,
    MARK_NAMES,
    PROBLEM_NAMES,
    IntakePage,
    _lang,
)
from counter_app.ui.kit.formats import format_date, parse_date
from counter_app.ui.kit.table import EnterEndsEditing, RowsModel, bold

GREY = QColor("#6b6b6b")  # not looked at yet, or brought later (red means missing)
RED = QColor("#b00020")


@dataclass(frozen=True)
class ChecklistRow:
    """One row of the grid: a required document with its state, or (``state`` None) one brought later."""

    item: ChecklistItem
    state: ItemState | None
    typed: str  # the date the row asks for, as typed or taken from the Applicant page; "—" when none is asked

    @property
    def later(self) -> bool:
        return self.state is None


class ChecklistModel(RowsModel[ChecklistRow]):
    """The documents, their marks, the dates asked and their status; only the date of a row asking one is typed."""

    HEADERS = ("№", N_("Document"), N_("Mark"), N_("Date asked"), N_("Date"), N_("Status"))
    MARK_COLUMN = 2
    DATE_COLUMN = 4
    STATUS_COLUMN = 5

    def __init__(self, date_typed: Callable[[int, str], None], parent=None) -> None:
        super().__init__(parent)
        self._date_typed = date_typed

    def cell(self, row: ChecklistRow, column: int) -> str:
        item = row.item
        if column == 0:
            return str(item.document.number)  # the law's number, as on the receipt
        if column == 1:
            return item.label(_lang())
        if row.state is None:  # brought later: the law's words of when
            deferred = item.document.deferred
            later = deferred.text.get(_lang()) if deferred is not None else ""
            return (_("to be brought later"), "—", "—", later)[column - 2]
        state = row.state
        if column == self.MARK_COLUMN:
            return _(MARK_NAMES[state.mark.mark])
        if column == 3:
            return _(DATE_ASKED_NAMES[item.document.date_asked])
        if column == self.DATE_COLUMN:
            return row.typed
        return _(PROBLEM_NAMES[state.problem]) if state.problem else _("in order")

    def tooltip(self, row: ChecklistRow, column: int) -> str:
        lang = _lang()
        document = row.item.document
        tip = document.wording.get(lang)
        if row.later and document.deferred is not None:
            return tip + "\n" + document.deferred.condition.text.get(lang)
        if document.condition:
            tip += "\n" + document.condition.text.get(lang)
        if document.alternatives:
            tip += (
                "\n" + _("Any one of:") + "\n" + "\n".join("• " + a.get(lang) for a in document.alternatives)
            )
        return tip

    def style(self, row: ChecklistRow, column: int, role: int) -> Any:
        state = row.state
        if role == Qt.ItemDataRole.ForegroundRole:
            if state is None or (column == self.MARK_COLUMN and state.mark.mark is Mark.UNCHECKED):
                return QBrush(GREY)
            if column == self.STATUS_COLUMN and state.problem not in (None, ProblemReason.UNCHECKED):
                return QBrush(RED)
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.STATUS_COLUMN
            and state is not None
            and state.problem not in (None, ProblemReason.UNCHECKED)
        ):
            return bold()
        return None

    def editable(self, row: ChecklistRow, column: int) -> bool:
        return (
            column == self.DATE_COLUMN
            and not row.later
            and row.item.document.date_asked is not DocumentDate.NONE
        )

    def edit(self, row: ChecklistRow, column: int, text: str) -> None:
        self._date_typed(next(i for i, shown in enumerate(self.rows) if shown is row), text)


class ChecklistTable(QTableView):
    """Keys 1/2/3/0 mark the current item and move down; F2 or D types its date."""

    def __init__(self, page: ChecklistPage) -> None:
        super().__init__()
        self.page = page
        self.setModel(page.model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setItemDelegate(EnterEndsEditing(self))
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setVisible(False)
        # rows as high as their wrapped text, measured again whenever the columns change width (the first fill
        # happens before the page has its width: measured then, every row stood two lines high)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def current_row(self) -> int:
        return self.currentIndex().row()

    def go_to(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.model().index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            mark = MARK_KEYS.get(Qt.Key(event.key()))
            if mark is not None and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self.page.set_mark(self.current_row(), mark)
                return
            if event.key() in (Qt.Key.Key_D, Qt.Key.Key_F2):
                self.page.edit_date(self.current_row())
                return
        super().keyPressEvent(event)


class ChecklistPage(IntakePage):
    MARK_COLUMN = ChecklistModel.MARK_COLUMN
    DATE_COLUMN = ChecklistModel.DATE_COLUMN
    STATUS_COLUMN = ChecklistModel.STATUS_COLUMN

    def __init__(self) -> None:
        super().__init__()
        self.model = ChecklistModel(self._date_typed, self)
        self.table = ChecklistTable(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.error)
        self.items: list[ChecklistItem] = []
        self.later: list[
            ChecklistItem
        ] = []  # brought later (the law's deferral): rows below the items, unmarked
        self._shown: IntakeDraft | None = None  # the draft the page was last shown for

    def initializePage(self) -> None:
        self.setTitle(_("Documents"))
        self.setSubTitle(
            _(
                "1 original checked, 2 copy received, 3 from the information system, 0 missing; "
                "D types the date the row asks for (its issue date, or the date it is valid until)."
            )
        )
        self.model.retranslate()  # the headers, in the language now chosen
        draft = self.intake().draft
        again, self._shown = self._shown is draft, draft
        self.refresh()
        if (
            not again
        ):  # a new citizen: the first row; shown again (a language switch): the row the operator is on
            self.table.go_to(0, self.MARK_COLUMN)
        self.table.setFocus()

    def refresh(self) -> None:
        wizard = self.intake()
        draft = wizard.draft
        states = assess(draft, wizard.version(), wizard.today)
        self.items = [s.item for s in states]
        current = max(self.table.current_row(), 0)
        later = deferred_items(wizard.version(), draft.checklist_answers())
        # Documents the law lets the applicant bring later (guardianship p. 15-1: the training certificate of a
        # relative or step-parent, within one calendar year): shown below the others with the law's words of
        # when, as the acceptance receipt lists them; nothing to mark and never a reason to refuse.
        self.later = [item for item in later if item.document.deferred is not None]
        rows = [ChecklistRow(state.item, state, self._typed(state)) for state in states]
        rows += [ChecklistRow(item, None, "—") for item in self.later]
        self.model.update_rows(rows)
        self.table.go_to(min(current, len(states) - 1), self.MARK_COLUMN)
        in_order = sum(1 for s in states if s.problem is None)
        self.summary.setText(
            ngettext(
                "{done} of {total} document in order.", "{done} of {total} documents in order.", len(states)
            ).format(done=in_order, total=len(states))
        )

    def _typed(self, state: ItemState) -> str:
        asked = state.item.document.date_asked
        if asked is DocumentDate.ISSUE_DATE:
            return format_date(issue_date(state.item, state.mark, self.intake().draft))
        if asked is DocumentDate.VALID_UNTIL:
            return format_date(state.mark.expires_on)
        return "—"

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
        self.table.go_to(min(row + 1, len(self.items) - 1), self.MARK_COLUMN)

    def edit_date(self, row: int) -> None:
        if self.brought_later(row):
            self.error.show_message(_("This document is brought later: there is nothing to mark now."))
            return
        if 0 <= row < len(self.items):
            if self.items[row].document.date_asked is DocumentDate.NONE:
                self.error.show_message(_("No date is asked for this document."))
                return
            self.table.go_to(row, self.DATE_COLUMN)
            self.table.edit(self.model.index(row, self.DATE_COLUMN))

    def _date_typed(self, row: int, text: str) -> None:
        """The date typed into a row's Date cell (the model's ``edit``): kept in the draft, the row re-assessed."""
        item = self.items[row]
        try:
            day = parse_date(text)
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
        self.refresh()
        self.table.go_to(row, self.MARK_COLUMN)

    def validatePage(self) -> bool:
        wizard = self.intake()
        states = assess(wizard.draft, wizard.version(), wizard.today)
        unchecked = [s for s in states if s.problem is ProblemReason.UNCHECKED]
        if unchecked:
            self.table.go_to(self.items.index(unchecked[0].item), self.MARK_COLUMN)
            return self.fail(
                self.table,
                _("Mark every document with 1, 2, 3 or 0: {count} not yet checked.").format(
                    count=len(unchecked)
                ),
            )
        undated = [s for s in states if s.problem is ProblemReason.UNDATED]
        if undated:
            self.table.go_to(self.items.index(undated[0].item), self.DATE_COLUMN)
            return self.fail(self.table, _("Type the issue date of this document (D)."))
        return self.passed()
