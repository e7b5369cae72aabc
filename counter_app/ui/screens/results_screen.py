"""The Results screen (operators and managers): the provider's result back at the centre and issued to the citizen.

Scan or type a receipt number (or an IIN or a name) and press Enter: the package, its status, due dates and
history appear, with the steps its status allows (``core.handoff.TRANSITIONS``): register the provider's result
(F5), issue it on an identity document or, to a representative, on a notarised power of attorney (F6), record
a package the provider sent back with a written reason (F7), and that its citizen was told (F8). Below: what the
desk has to do (returned packages whose citizen must be told first, then results to issue, then results awaited
from the provider, late ones marked) and the results unclaimed for more than a month, which the manager puts on
a return manifest on the Handoff screen.

Every step opens a small form (Enter confirms, Esc cancels); the database work runs in the background; when the
core refuses, its message is shown in a message box and the form stays open with what was typed. After each
step the focus is back in the scan field. The screen follows the other windows through a ``ChangeWatcher``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core import handoff
from counter_app.core.accounts import Account
from counter_app.core.clock import Clock, system_clock
from counter_app.core.handoff import (
    RESULT_KIND_NAMES,
    TRANSITIONS,
    PackageEvent,
    PackageLine,
    Recipient,
    RecipientKind,
    ResultKind,
    status_text,
)
from counter_app.core.i18n import N_, _, current_language
from counter_app.core.intake import ApplicationSummary, PackageStatus, search_applications, search_too_short
from counter_app.core.office import Office
from counter_app.core.people import full_names
from counter_app.core.text import InvalidText
from counter_app.ui.context import BLANK_OFFICE, AppContext
from counter_app.ui.intake.fields import DateEdit
from counter_app.ui.kit.dialogs import FormDialog, InputProblem
from counter_app.ui.kit.errors import show_error
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.widgets import ErrorLabel, follow_language
from counter_app.ui.package_status import history_rows, package_status_text
from counter_app.ui.refresh import ChangeWatcher
from counter_app.ui.screens import title_label

S = PackageStatus
ALERT = QColor("#b00020")
ALERT_BACKGROUND = QColor("#fdecea")


class Action(enum.Enum):
    REGISTER = "register"
    ISSUE = "issue"
    RETURNED = "returned"
    INFORMED = "informed"


ACTION_TARGET = {
    Action.REGISTER: S.RESULT_RECEIVED,
    Action.ISSUE: S.ISSUED,
    Action.RETURNED: S.RETURNED_BY_PROVIDER,
    Action.INFORMED: S.CITIZEN_INFORMED,
}
ACTION_KEYS = {Action.REGISTER: "F5", Action.ISSUE: "F6", Action.RETURNED: "F7", Action.INFORMED: "F8"}
ACTION_TEXTS = {
    Action.REGISTER: N_("Register &result (F5)"),
    Action.ISSUE: N_("&Issue result (F6)"),
    Action.RETURNED: N_("Returned by the &provider (F7)"),
    Action.INFORMED: N_("Citizen i&nformed (F8)"),
}


def offered(action: Action, status: PackageStatus) -> bool:
    """Whether the package's status allows the step (a result is registered only for a delivered package: a
    package on a return manifest goes back to "result received" only by leaving the manifest, a Handoff step)."""
    if action is Action.REGISTER and status is not S.DELIVERED:
        return False
    return ACTION_TARGET[action] in TRANSITIONS[status]


def result_late(line: PackageLine, today: dt.date) -> bool:
    """Delivered, and the provider's result is past its due date."""
    return line.status is S.DELIVERED and today > line.result_due


def _date(field: DateEdit, required_message: str | None = None) -> dt.date | None:
    try:
        day = field.date()
    except ValueError:
        raise InputProblem(_("Type the dates as dd.mm.yyyy.")) from None
    if day is None and required_message:
        raise InputProblem(required_message)
    return day


def _table(headers: int, stretch: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only list; the ``stretch`` columns share the width and wrap, the others fit their contents."""
    table = QTableWidget(0, headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch)
    return table


def _item(text: str, number: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number is not None:
        item.setData(Qt.ItemDataRole.UserRole, number)
    return item


# ------------------------------------------------------------------------------------------------ forms


class ActionDialog(FormDialog):
    """A step's form (the one dialog base, ``widgets.FormDialog``): OK (Enter) runs ``work(values)`` in the
    background; the form closes only when that succeeded.

    A field the form cannot read is said in red under the fields; a refusal of the core (or any other failure)
    in the one message box in the UI language. Either way the form stays open with everything typed.
    """

    title_text = ""

    def __init__(
        self,
        work: Callable[[Any], Any],
        parent: QWidget | None = None,
        *,
        done: Callable[[Any], Any] | None = None,
        refused: Callable[[Exception], Any] | None = None,
    ) -> None:
        super().__init__(work, parent, done=done, refused=refused)
        self._labels: list[tuple[QLabel, str]] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form_area.addWidget(self.intro)
        self.form_area.addLayout(self.form)
        self.setMinimumWidth(520)

    def add(self, source_text: str, field: QWidget, form: QFormLayout | None = None) -> QWidget:
        label = QLabel()
        label.setBuddy(field)
        self._labels.append((label, source_text))
        (form or self.form).addRow(label, field)
        return field

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.title_text))
        for label, source_text in self._labels:
            label.setText(_(source_text))


class RegisterResultDialog(ActionDialog):
    title_text = N_("Register the provider's result")

    def __init__(
        self, line: PackageLine, today: dt.date, submit, parent: QWidget | None = None, **callbacks: Any
    ) -> None:
        super().__init__(submit, parent, **callbacks)
        self.line = line
        self.kind = QComboBox()
        for kind in ResultKind:
            self.kind.addItem("", kind)
        self.reference = QLineEdit()
        self.received_on = DateEdit()
        self.received_on.set_date(today)
        self.add(N_("&Result:"), self.kind)
        self.add(N_("&Number and date of the result:"), self.reference)
        self.add(N_("Received at the centre &on:"), self.received_on)
        self.finish_layout()
        self.kind.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        for index in range(self.kind.count()):
            self.kind.setItemText(index, _(RESULT_KIND_NAMES[self.kind.itemData(index)]))
        self.reference.setPlaceholderText(_("e.g. No. 412 of 01.12.2026"))
        self.intro.setText(
            _("Package {number}, {applicant}.").format(
                number=self.line.receipt_number, applicant=self.line.applicant_name
            )
        )

    def values(self) -> tuple[ResultKind, str, dt.date]:
        received = _date(self.received_on, _("Enter the date the result was received."))
        return self.kind.currentData(), self.reference.text(), received


class IssueResultDialog(ActionDialog):
    title_text = N_("Issue the result")

    def __init__(
        self, line: PackageLine, today: dt.date, submit, parent: QWidget | None = None, **callbacks: Any
    ) -> None:
        super().__init__(submit, parent, **callbacks)
        self.line = line
        self.applicant = QRadioButton()
        self.representative = QRadioButton()
        self.recipient_group = QButtonGroup(self)
        self.recipient_group.addButton(self.applicant)
        self.recipient_group.addButton(self.representative)
        self.applicant.setChecked(True)
        recipient_row = QVBoxLayout()
        recipient_row.addWidget(self.applicant)
        recipient_row.addWidget(self.representative)
        self.form.addRow(recipient_row)
        self.full_name = QLineEdit(line.applicant_name)
        self.id_document = QLineEdit()
        self.add(N_("Recipient's full &name:"), self.full_name)
        self.add(N_("Identity &document presented:"), self.id_document)

        self.power_box = QGroupBox()
        self.power_note = QLabel()
        self.power_note.setWordWrap(True)
        self.power_number = QLineEdit()
        self.power_date = DateEdit()
        self.notary = QLineEdit()
        power_form = QFormLayout()
        power_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        power_form.addRow(self.power_note)
        self.add(N_("Power of attorney nu&mber:"), self.power_number, power_form)
        self.add(N_("Power of attorney da&te:"), self.power_date, power_form)
        self.add(N_("Notar&y:"), self.notary, power_form)
        self.power_box.setLayout(power_form)
        self.layout_.addWidget(self.power_box)
        self.issued_on = DateEdit()
        self.issued_on.set_date(today)
        issued_form = QFormLayout()
        self.add(N_("Issued &on:"), self.issued_on, issued_form)
        self.layout_.addLayout(issued_form)
        self.representative.toggled.connect(self._recipient_changed)
        self.finish_layout()
        self._recipient_changed(False)
        self.id_document.setFocus()

    def _recipient_changed(self, representative: bool) -> None:
        self.power_box.setEnabled(representative)
        if representative and self.full_name.text().strip() == self.line.applicant_name:
            self.full_name.clear()
        elif not representative and not self.full_name.text().strip():
            self.full_name.setText(self.line.applicant_name)

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _(
                "Package {number}, {applicant}. The result is issued on an identity document; to a representative "
                "only on a notarised power of attorney."
            ).format(number=self.line.receipt_number, applicant=self.line.applicant_name)
        )
        self.applicant.setText(_("To the &applicant ({name})").format(name=self.line.applicant_name))
        self.representative.setText(_("To a re&presentative on a notarised power of attorney"))
        self.id_document.setPlaceholderText(_("e.g. identity card No. 045678912"))
        self.power_box.setTitle(_("Notarised power of attorney (required for a representative)"))
        self.power_note.setText(
            _(
                "A representative receives the result only on a power of attorney certified by a notary: enter its "
                "number, its date and the notary."
            )
        )

    def values(self) -> tuple[Recipient, dt.date]:
        issued = _date(self.issued_on, _("Enter the date the result is issued."))
        if self.applicant.isChecked():
            return Recipient(RecipientKind.APPLICANT, self.full_name.text(), self.id_document.text()), issued
        recipient = Recipient(
            RecipientKind.REPRESENTATIVE,
            self.full_name.text(),
            self.id_document.text(),
            power_of_attorney_number=self.power_number.text(),
            power_of_attorney_date=_date(self.power_date),
            notary=self.notary.text(),
        )
        return recipient, issued


class ReturnedDialog(ActionDialog):
    title_text = N_("Package returned by the provider")

    def __init__(
        self, line: PackageLine, today: dt.date, submit, parent: QWidget | None = None, **callbacks: Any
    ) -> None:
        super().__init__(submit, parent, **callbacks)
        self.line = line
        self.reason = QLineEdit()
        self.returned_on = DateEdit()
        self.returned_on.set_date(today)
        self.add(N_("Provider's written &reason:"), self.reason)
        self.add(N_("Returned &on:"), self.returned_on)
        self.finish_layout()
        self.reason.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _("Package {number}, {applicant}. The citizen will have to be informed.").format(
                number=self.line.receipt_number, applicant=self.line.applicant_name
            )
        )

    def values(self) -> tuple[str, dt.date]:
        return self.reason.text(), _date(self.returned_on, _("Enter the date the package was returned."))


class InformedDialog(ActionDialog):
    title_text = N_("Citizen informed of the return")

    def __init__(
        self, line: PackageLine, today: dt.date, submit, parent: QWidget | None = None, **callbacks: Any
    ) -> None:
        super().__init__(submit, parent, **callbacks)
        self.line = line
        self.how = QLineEdit()
        self.informed_on = DateEdit()
        self.informed_on.set_date(today)
        self.add(N_("&How the citizen was informed:"), self.how)
        self.add(N_("Informed &on:"), self.informed_on)
        self.finish_layout()
        self.how.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setText(
            _("Package {number}, {applicant}. The provider's reason: {reason}").format(
                number=self.line.receipt_number,
                applicant=self.line.applicant_name,
                reason=self.line.return_reason,
            )
        )
        self.how.setPlaceholderText(_("by phone, by SMS, in person…"))

    def values(self) -> tuple[str, dt.date]:
        return self.how.text(), _date(self.informed_on, _("Enter the date the citizen was informed."))


DIALOGS: dict[Action, type[ActionDialog]] = {
    Action.REGISTER: RegisterResultDialog,
    Action.ISSUE: IssueResultDialog,
    Action.RETURNED: ReturnedDialog,
    Action.INFORMED: InformedDialog,
}


# ----------------------------------------------------------------------------------------------- screen


class ResultsScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.catalog = ctx.catalog
        self.account = account
        self.clock = clock
        self.office = BLANK_OFFICE  # read in the background, for the providers' names
        self.line: PackageLine | None = None
        self.history: list[PackageEvent] = []
        self.names: dict[str, str] = {}  # username -> full name, for the history
        self.matches: list[ApplicationSummary] = []
        self.waiting: list[PackageLine] = []
        self.unclaimed: list[PackageLine] = []
        self.dialog: ActionDialog | None = None
        self._message: tuple[str, dict[str, Any]] | None = None  # (English source, arguments)
        self.package_reads = Newest()  # the newest package asked for is shown
        self.list_reads = Newest()
        self._shown_once = False

        self.title = title_label()
        self.scan_label = QLabel()
        self.scan = QLineEdit()
        self.scan.setClearButtonEnabled(True)
        self.scan_label.setBuddy(self.scan)
        self.find_button = QPushButton()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.match_table = _table(5)
        self.match_table.hide()
        self.match_table.setMaximumHeight(160)
        self.match_table.activated.connect(self._open_row)

        self.package_box = QGroupBox()
        self.status_label = QLabel()
        status_font = self.status_label.font()
        status_font.setPointSizeF(status_font.pointSizeF() * 1.2)
        status_font.setBold(True)
        self.status_label.setFont(status_font)
        self.status_label.setWordWrap(True)
        self.mark_label = ErrorLabel()
        self.package_label = QLabel()
        self.package_label.setWordWrap(True)
        self.package_label.setTextFormat(Qt.TextFormat.RichText)
        self.package_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.package_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_label = QLabel()
        self.history_table = _table(4, stretch=(3,))
        self.history_label.setBuddy(self.history_table)
        self.action_buttons: dict[Action, QPushButton] = {}
        self.shortcuts: dict[Action, QShortcut] = {}
        actions_row = QHBoxLayout()
        for action in Action:
            button = QPushButton()
            button.setEnabled(False)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=action: self.open_action(a))
            self.action_buttons[action] = button
            actions_row.addWidget(button)
            shortcut = QShortcut(QKeySequence(ACTION_KEYS[action]), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda a=action: self.open_action(a))
            self.shortcuts[action] = shortcut
        actions_row.addStretch(1)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.status_label)
        details_layout.addWidget(self.mark_label)
        details_layout.addWidget(self.package_label, 1)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_table, 1)
        package_split = QSplitter(Qt.Orientation.Horizontal)
        package_split.addWidget(details)
        package_split.addWidget(history)
        package_split.setStretchFactor(0, 2)
        package_split.setStretchFactor(1, 3)
        package_layout = QVBoxLayout(self.package_box)
        package_layout.addWidget(package_split, 1)
        package_layout.addLayout(actions_row)

        self.waiting_label = QLabel()
        self.waiting_table = _table(5, stretch=(2, 4))
        self.waiting_label.setBuddy(self.waiting_table)
        self.waiting_table.activated.connect(self._open_row)
        self.unclaimed_label = QLabel()
        self.unclaimed_note = QLabel()
        self.unclaimed_note.setWordWrap(True)
        self.unclaimed_table = _table(5, stretch=(1, 2))
        self.unclaimed_label.setBuddy(self.unclaimed_table)
        self.unclaimed_table.activated.connect(self._open_row)
        waiting_box = QWidget()
        waiting_layout = QVBoxLayout(waiting_box)
        waiting_layout.setContentsMargins(0, 0, 0, 0)
        waiting_layout.addWidget(self.waiting_label)
        waiting_layout.addWidget(self.waiting_table, 1)
        unclaimed_box = QWidget()
        unclaimed_layout = QVBoxLayout(unclaimed_box)
        unclaimed_layout.setContentsMargins(0, 0, 0, 0)
        unclaimed_layout.addWidget(self.unclaimed_label)
        unclaimed_layout.addWidget(self.unclaimed_note)
        unclaimed_layout.addWidget(self.unclaimed_table, 1)
        # Two tabs, each the full width: side by side, the Kazakh statuses did not fit.
        self.lists = lists = QTabWidget()
        lists.addTab(waiting_box, "")
        lists.addTab(unclaimed_box, "")
        self.waiting_label.hide()  # the tabs carry these titles (and their Alt keys)
        self.unclaimed_label.hide()

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.package_box)
        split.addWidget(lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(scan_row)
        layout.addWidget(self.message)
        layout.addWidget(self.match_table)
        layout.addWidget(split, 1)

        self.scan.returnPressed.connect(self.find)
        self.find_button.clicked.connect(self.find)
        for key in ("Ctrl+F", "Esc"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.focus_scan)
        self.setFocusProxy(self.scan)

        self.watcher = ChangeWatcher(self.db, self)
        self.watcher.changed.connect(self.reload)
        self.watcher.unavailable.connect(self._unavailable)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.office_task = Op(self, ctx.office_settings.load).success(self._office_read).run()

    def _office_read(self, office: Office) -> None:
        self.office = office
        self._show_package()
        self._show_lists()

    def today(self) -> dt.date:
        """The day of the action taken now (the clock's)."""
        return self.clock().date()

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.title.setText(_("Results"))
        self.scan_label.setText(_("Scan the &receipt number, or type an IIN or a name:"))
        self.find_button.setText(_("Find"))
        for action, button in self.action_buttons.items():
            button.setText(_(ACTION_TEXTS[action]))
        self.history_label.setText(_("Status &history"))
        self.history_table.setHorizontalHeaderLabels([_("Time"), _("Status"), _("By"), _("Particulars")])
        self.match_table.setHorizontalHeaderLabels(
            [_("Receipt number"), _("Date"), _("Applicant"), _("IIN"), _("Package")]
        )
        self.waiting_table.setHorizontalHeaderLabels(
            [_("Receipt number"), _("Applicant"), _("Status"), _("Result due"), _("To do")]
        )
        self.unclaimed_table.setHorizontalHeaderLabels(
            [_("Receipt number"), _("Applicant"), _("Provider"), _("Result received"), _("Kept until")]
        )
        self.unclaimed_note.setText(
            _(
                "Results kept one month and not claimed: the manager lists them on a return manifest on the "
                "Handoff screen."
            )
        )
        self._show_message()
        self._show_matches()
        self._show_package()
        self._show_lists()

    def _say(self, source: str, **arguments: Any) -> None:
        """A line under the scan field, kept as its English source so a language switch re-translates it."""
        self._message = (source, arguments)
        self._show_message()

    def _show_message(self) -> None:
        if self._message is None:
            self.message.setText("")
            return
        source, arguments = self._message
        self.message.setText(_(source).format(**arguments))

    def service_name(self, code: str) -> str:
        try:
            return self.catalog.service(code).short_names.get(current_language())
        except KeyError:
            return code

    def provider_name(self, provider_id: int) -> str:
        try:
            return self.office.provider(provider_id).name.get(current_language())
        except KeyError:
            return str(provider_id)

    # ----------------------------------------------------------------------------------------- finding

    def focus_scan(self) -> None:
        self.window().activateWindow()
        self.scan.setFocus()
        self.scan.selectAll()

    def find(self) -> asyncio.Task | None:
        text = self.scan.text().strip()
        if not text:
            self._say(N_("Scan a receipt number, or type an IIN or a name."))
            return None
        if search_too_short(text):  # the index needs three characters; nothing is searched
            self._say(N_("Type at least three characters."))
            self.scan.selectAll()
            return None
        db = self.db
        return (
            Op(self, lambda: search_applications(db, text))
            .success(lambda found: self._found(text, found))
            .failure(self._refused)
            .run()
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, InvalidText):  # a control character or a scan longer than any name
            show_error(self, error)
            return
        self.matches = []
        self._show_matches()
        self._clear_package()
        self._message = None
        self.message.setText(error.message)

    def _found(self, text: str, found: list[ApplicationSummary]) -> None:
        packages = [s for s in found if s.package_status is not None]
        self.matches = packages if len(packages) > 1 else []
        self._show_matches()
        if len(packages) == 1:
            self.open_package(packages[0].receipt_number)
            self._message = None
            self._show_message()
            self.scan.selectAll()
            return
        self._clear_package()
        if packages:
            self._say(N_("Found: {count}. Choose one with the arrows and Enter."), count=len(packages))
            self.match_table.setFocus()
            self.match_table.setCurrentCell(0, 0)
        elif found:
            self._say(
                N_("Refused at the window: there is no package for {number}."), number=found[0].receipt_number
            )
            self.scan.selectAll()
        else:
            self._say(N_("Nothing found for “{text}”."), text=text)
            self.scan.selectAll()

    def _show_matches(self) -> None:
        self.match_table.setRowCount(len(self.matches))
        today = self.today()
        for row, summary in enumerate(self.matches):
            overdue = (
                summary.package_status is not None
                and summary.handoff_due is not None
                and handoff.is_overdue(summary.package_status, summary.handoff_due, today)
            )
            cells = [
                summary.receipt_number,
                format_date(summary.day),
                summary.applicant_name,
                summary.iin_masked,
                package_status_text(summary.package_status, overdue),
            ]
            for column, text in enumerate(cells):
                self.match_table.setItem(row, column, _item(text, summary.receipt_number))
        self.match_table.setVisible(bool(self.matches))

    def _open_row(self, index) -> None:
        number = index.data(Qt.ItemDataRole.UserRole)
        if number:
            self.open_package(number)

    def open_package(self, number: str) -> asyncio.Task:
        today = self.today()
        return (
            Op(self, lambda: self._read_package(number, today))
            .newest(self.package_reads)
            .success(self._package_read)
            .run()
        )

    # --------------------------------------------------------------------------------------- loading

    def _read_package(self, number: str, today: dt.date):
        """The package, its history and the full names of the people in it (in the background)."""
        line = handoff.package_line(self.db, number, today)
        history = handoff.package_history(self.db, number) if line is not None else []
        return line, history, full_names(self.db, {event.username for event in history})

    def _package_read(self, read: tuple[PackageLine | None, list[PackageEvent], dict[str, str]]) -> None:
        self.line, self.history, names = read
        self.names.update(names)
        self._show_package()

    def _read_lists(self, today: dt.date) -> tuple[list[PackageLine], list[PackageLine]]:
        return handoff.results_waiting(self.db, today), handoff.unclaimed_results(self.db, today)

    def _read_all(self, number: str | None, today: dt.date):
        """The shown package (when there is one) and the lists, in one background call."""
        return (self._read_package(number, today) if number else None), self._read_lists(today)

    def reload(self) -> asyncio.Task:
        """Read the shown package and the lists again (after a step, or when another window changed them)."""
        number, today = (self.line.receipt_number if self.line is not None else None), self.today()
        return (
            Op(self, lambda: self._read_all(number, today))
            .newest(self.list_reads)
            .success(self._all_read)
            .run()
        )

    def _all_read(self, read) -> None:
        package, (waiting, unclaimed) = read
        if (
            package is not None
            and self.line is not None
            and package[0] is not None
            and package[0].receipt_number == self.line.receipt_number
        ):
            self._package_read(package)
        self.waiting, self.unclaimed = waiting, unclaimed
        self._show_lists()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()
            self.scan.setFocus()

    def _unavailable(self, detail: str) -> None:
        self._say(
            N_("The database cannot be reached; the screen will update when it is back ({detail})."),
            detail=detail,
        )

    # -------------------------------------------------------------------------------------- showing

    def _clear_package(self) -> None:
        self.package_reads.drop()
        self.line, self.history = None, []
        self._show_package()

    def _show_package(self) -> None:
        line = self.line
        for action, button in self.action_buttons.items():
            button.setEnabled(line is not None and offered(action, line.status))
        if line is None:
            self.package_box.setTitle(_("Package"))
            self.status_label.setText(_("Scan a receipt to see its package."))
            self.status_label.setStyleSheet("")
            self.mark_label.clear_message()
            self.package_label.setText("")
            self.history_table.setRowCount(0)
            return
        today = self.today()
        self.package_box.setTitle(_("Package {number}").format(number=line.receipt_number))
        self.status_label.setText(_("Status: {status}").format(status=status_text(line.status)))
        marks = []
        if line.status is S.RETURNED_BY_PROVIDER:
            marks.append(
                _("Returned by the provider: inform the citizen. Reason: {reason}").format(
                    reason=line.return_reason
                )
            )
        if line.overdue:
            marks.append(
                _("OVERDUE: it had to reach the provider by {date}.").format(
                    date=format_date(line.handoff_due)
                )
            )
        if result_late(line, today):
            marks.append(
                _("The result is late: it was due from the provider by {date}.").format(
                    date=format_date(line.result_due)
                )
            )
        self.mark_label.show_message("\n".join(marks))
        self.status_label.setStyleSheet("color: #b00020;" if marks else "")
        rows = [
            (_("Applicant"), line.applicant_name),
            (_("Service"), self.service_name(line.service_code)),
            (_("Provider"), self.provider_name(line.provider_id)),
            (_("Accepted on"), format_date(line.accepted_on)),
            (_("To the provider by"), format_date(line.handoff_due)),
            (_("Result due"), format_date(line.result_due)),
        ]
        if line.manifest_number:
            rows.append((_("Manifest"), line.manifest_number))
        if line.delivered_on:
            rows.append((_("Delivered on"), format_date(line.delivered_on)))
        if line.result_kind is not None:
            rows.append((_("Result"), f"{_(RESULT_KIND_NAMES[line.result_kind])}, {line.result_reference}"))
            rows.append((_("Result received on"), format_date(line.result_received_on)))
            if line.status in (S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST):
                rows.append((_("Kept until"), format_date(line.keep_until)))
        if line.return_reason:
            rows.append((_("Provider's reason for the return"), line.return_reason))
        self.package_label.setText(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(f"<tr><td>{escape(k)}:&nbsp;</td><td><b>{escape(v)}</b></td></tr>" for k, v in rows)
            + "</table>"
        )
        history = history_rows(self.history, self.names)
        self.history_table.setRowCount(len(history))
        for row, cells in enumerate(history):
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, _item(text))
        self.history_table.resizeRowsToContents()
        if history:
            self.history_table.scrollToBottom()

    def _todo(self, line: PackageLine, today: dt.date) -> tuple[str, bool]:
        """What the desk has to do with a package, and whether it must stand out."""
        if line.status is S.RETURNED_BY_PROVIDER:
            return _("INFORM THE CITIZEN: returned by the provider ({reason})").format(
                reason=line.return_reason
            ), True
        if line.status is S.RESULT_RECEIVED:
            return _("Issue the result (received {date}, kept until {until})").format(
                date=format_date(line.result_received_on), until=format_date(line.keep_until)
            ), False
        if line.status is S.ON_RETURN_MANIFEST:
            return _("Issue the result, or it goes back to the provider (return manifest {number})").format(
                number=line.manifest_number or "—"
            ), False
        if result_late(line, today):
            return _("LATE: the provider's result was due {date}").format(
                date=format_date(line.result_due)
            ), True
        return _("Awaiting the provider's result"), False

    def _desk_order(self, line: PackageLine) -> int:
        return {S.RETURNED_BY_PROVIDER: 0, S.RESULT_RECEIVED: 1, S.ON_RETURN_MANIFEST: 1}.get(line.status, 2)

    def _show_lists(self) -> None:
        today = self.today()
        waiting = sorted(self.waiting, key=self._desk_order)
        self.waiting_label.setText(_("&To do at the desk ({count})").format(count=len(waiting)))
        self.lists.setTabText(0, self.waiting_label.text())
        self.waiting_table.setRowCount(len(waiting))
        bold = QFont(self.waiting_table.font())
        bold.setBold(True)
        for row, line in enumerate(waiting):
            todo, alert = self._todo(line, today)
            cells = [
                line.receipt_number,
                line.applicant_name,
                status_text(line.status),
                format_date(line.result_due),
                todo,
            ]
            for column, text in enumerate(cells):
                item = _item(text, line.receipt_number)
                if alert:
                    item.setForeground(QBrush(ALERT))
                    item.setFont(bold)
                    if line.status is S.RETURNED_BY_PROVIDER:
                        item.setBackground(QBrush(ALERT_BACKGROUND))
                self.waiting_table.setItem(row, column, item)
        self.waiting_table.resizeRowsToContents()
        self.unclaimed_label.setText(
            _("&Unclaimed for more than a month ({count})").format(count=len(self.unclaimed))
        )
        self.lists.setTabText(1, self.unclaimed_label.text())
        self.unclaimed_table.setRowCount(len(self.unclaimed))
        for row, line in enumerate(self.unclaimed):
            cells = [
                line.receipt_number,
                line.applicant_name,
                self.provider_name(line.provider_id),
                format_date(line.result_received_on),
                format_date(line.keep_until),
            ]
            for column, text in enumerate(cells):
                self.unclaimed_table.setItem(row, column, _item(text, line.receipt_number))
        self.unclaimed_table.resizeRowsToContents()

    # -------------------------------------------------------------------------------------- actions

    def open_action(self, action: Action) -> ActionDialog | None:
        """Open the step's form for the shown package (nothing when its status does not allow the step)."""
        line = self.line
        if line is None or self.dialog is not None or not self.action_buttons[action].isEnabled():
            return None
        number = line.receipt_number

        def work(values: Any):
            today = self.today()
            self._do(action, number, values, today)
            return self._read_all(number, today)  # the screen is up to date when the form closes

        def done(read) -> None:
            self._say(DONE_MESSAGES[action], number=number)
            self._all_read(read)

        # A refusal: the package may have moved in another window, show where it stands now.
        dialog = DIALOGS[action](
            line, self.today(), work, self, done=done, refused=lambda _error: self.reload()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _do(self, action: Action, number: str, values: Any, today: dt.date) -> None:
        """The step itself, in the background thread."""
        db, actor = self.db, self.account
        if action is Action.REGISTER:
            kind, reference, received_on = values
            handoff.register_result(db, actor, number, kind, reference, received_on, today=today)
        elif action is Action.ISSUE:
            recipient, issued_on = values
            handoff.issue_result(db, actor, number, recipient, issued_on, today=today)
        elif action is Action.RETURNED:
            reason, returned_on = values
            handoff.record_return_by_provider(db, actor, number, reason, returned_on, today=today)
        else:
            how, informed_on = values
            handoff.record_citizen_informed(db, actor, number, how, informed_on, today=today)

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.focus_scan()


DONE_MESSAGES = {
    Action.REGISTER: N_("The result for {number} is registered."),
    Action.ISSUE: N_("The result for {number} is issued."),
    Action.RETURNED: N_("Package {number} is recorded as returned by the provider: inform the citizen."),
    Action.INFORMED: N_("The citizen of package {number} is recorded as informed."),
}
