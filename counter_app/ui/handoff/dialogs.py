"""Dialogs of the Handoff screen: the print language, the courier's pickup, the delivery to the provider.

Each is a ``kit.dialogs.SubmitDialog``: the screen gives it the use-case to run (in the background, through
``Op``). When the core refuses (a name left empty, a package not scanned, the database away), the reason is
shown in the one message box over the dialog and the dialog stays open with everything typed in it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.handoff_errors import (
    Discrepancies,
    DiscrepancyFound,
    HandoffError,
    TimeInFuture,
)
from counter_app.core.domain.i18n import _, ngettext
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.receipt_numbers import RECEIPT_NUMBER
from counter_app.ui.kit import operations
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.kit.dialogs import SubmitDialog
from counter_app.ui.kit.formats import TIME_FORMAT, date_pattern, parse_time, time_pattern
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.widgets import button_row


def _form(*fields: QWidget) -> QFormLayout:
    """A form whose labels (set in ``retranslate``) are the fields' buddies, for Alt+letter."""
    form = QFormLayout()
    for field in fields:
        label = QLabel()
        label.setBuddy(field)
        form.addRow(label, field)
    return form


class ScanField(QLineEdit):
    """Where a barcode scanner types a receipt number and Enter; Enter here never closes the dialog."""

    scanned = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.text().strip()
            self.clear()
            if text:
                self.scanned.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


_RECEIPT_TAIL = re.compile(r"(?P<scan>[^\s.:]+-\d{8}-\d{4,})\s*$")


def _scan_in(text: str, kept: str) -> str | None:
    """A receipt number a scanner typed into the time field: after the time kept, or instead of it."""
    for candidate in (text[len(kept) :] if text.startswith(kept) else "", text):
        if RECEIPT_NUMBER.match(candidate.strip()):
            return candidate.strip()
    tail = _RECEIPT_TAIL.search(text)
    return tail.group("scan") if tail else None


class TimeField(QLineEdit):
    """A date and time typed as dd.mm.yyyy hh:mm. Tab leaves it like any field (a QDateTimeEdit kept Tab for
    its sections); a barcode scan typed into it by mistake (a receipt number and Enter) is handed on as a scan
    and the time is put back as it was."""

    scanned = Signal(str)
    done = Signal()

    def __init__(self, value: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_time(value)
        self.setMaxLength(40)

    def set_time(self, value: dt.datetime) -> None:
        self._kept = value.strftime(TIME_FORMAT)
        self.setText(self._kept)

    def value(self) -> dt.datetime:
        """The time typed (the computer's time zone); ValueError when it is not dd.mm.yyyy hh:mm."""
        return parse_time(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            scan = _scan_in(self.text(), self._kept)
            if scan is not None:
                self.setText(self._kept)
                self.scanned.emit(scan)
            else:
                self.done.emit()
            return
        super().keyPressEvent(event)
        try:
            self.value()
        except ValueError:
            return
        self._kept = self.text()


class DeliveryDialog(SubmitDialog):
    """The provider's clerk signed the manifest: the date and the clerk's name from the signed copy."""

    def __init__(
        self,
        number: str,
        today: dt.date,
        submit: Callable[[dt.date, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(submit, parent)
        self.busy_widgets.append(self)
        self.number = number
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.date = DateField(today)
        self.date.set_latest(today)
        self.clerk = QLineEdit()
        self.form = _form(self.date, self.clerk)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.clerk.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Delivery of manifest {number}").format(number=self.number))
        self.intro.setText(
            _(
                "From the copy signed by the provider: the date of delivery and the name of the "
                "clerk who received the packages."
            )
        )
        self.form.labelForField(self.date).setText(_("&Delivered on:"))
        self.form.labelForField(self.clerk).setText(_("&Provider's clerk:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record delivery"))

    def accept(self) -> None:
        self.submit(self.date.value(), self.clerk.text())


class PickupDialog(SubmitDialog):
    """The courier takes the manifest: every package is scanned (or its number typed) against it first.

    Missing (on the manifest, not scanned) and extra (scanned, not on it) packages are listed as they are
    found; "Record pickup" is possible only when there are none. A package that cannot be found can be taken
    off the manifest here; a wrong scan is removed from the list with Delete.
    """

    def __init__(
        self,
        number: str,
        now: dt.datetime,
        check: Callable[[list[str]], Discrepancies],
        remove: Callable[[list[str]], Any],
        submit: Callable[[str, dt.datetime, list[str]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(submit, parent)
        self.busy_widgets.append(self)
        self.number = number
        self._check = check
        self._remove = remove
        self.found: Discrepancies | None = None
        self._checks = Newest()  # the scans are compared again at every scan: the newest comparison is shown

        self.courier = QLineEdit()
        self.time = TimeField(now)
        self.scan = ScanField()
        self.scan.scanned.connect(self.add_scan)
        self.time.scanned.connect(self._scanned_into_time)
        self.time.done.connect(lambda: self.scan.setFocus(Qt.FocusReason.TabFocusReason))
        self.form = _form(self.courier, self.time, self.scan)
        self.scanned_label = QLabel()
        self.scanned_list = QListWidget()
        self.missing_label = QLabel()
        self.missing_list = QListWidget()
        self.extra_label = QLabel()
        self.extra_list = QListWidget()
        for label in (self.missing_label, self.extra_label):
            label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.delete_scan = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.scanned_list)
        self.delete_scan.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_scan.activated.connect(self.remove_scan)
        self.remove_missing_button = QPushButton()
        self.remove_missing_button.setAutoDefault(False)
        self.remove_missing_button.clicked.connect(self.remove_missing)
        self.record_button = QPushButton()
        self.record_button.setDefault(True)
        self.record_button.setEnabled(False)
        self.record_button.clicked.connect(self.accept)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        lists = QGridLayout()
        lists.addWidget(self.scanned_label, 0, 0)
        lists.addWidget(self.missing_label, 0, 1)
        lists.addWidget(self.extra_label, 0, 2)
        lists.addWidget(self.scanned_list, 1, 0)
        lists.addWidget(self.missing_list, 1, 1)
        lists.addWidget(self.extra_list, 1, 2)
        buttons = button_row(self.remove_missing_button, right=(self.record_button, self.close_button))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        self.resize(820, 520)
        self.retranslate()
        self.courier.setFocus()
        self.recheck()

    # ------------------------------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.setWindowTitle(_("Courier pickup of manifest {number}").format(number=self.number))
        self.form.labelForField(self.courier).setText(_("&Courier:"))
        self.form.labelForField(self.time).setText(_("Picked up &at:"))
        self.time.setToolTip(date_pattern() + " " + time_pattern())
        self.form.labelForField(self.scan).setText(_("&Scan or type a receipt number, then Enter:"))
        self.record_button.setText(_("Record pickup"))
        self.close_button.setText(_("Close"))
        self._show()

    def _show(self) -> None:
        found = self.found
        self.scanned_label.setText(_("Scanned: {count}").format(count=self.scanned_list.count()))
        missing = found.missing if found else []
        extra = found.extra if found else []
        for widget, numbers in ((self.missing_list, missing), (self.extra_list, extra)):
            widget.clear()
            widget.addItems(numbers)
        self.missing_label.setText(_("Not scanned: {count}").format(count=len(missing)))
        self.extra_label.setText(_("Not on this manifest: {count}").format(count=len(extra)))
        self.remove_missing_button.setText(
            ngettext(
                "Remove the {count} package not scanned from the manifest",
                "Remove the {count} packages not scanned from the manifest",
                len(missing),
            ).format(count=len(missing))
        )
        if found is None:
            self.verdict.setText(_("Checking…"))
        elif not found:
            self.verdict.setText(
                _("Every package on the manifest was scanned, nothing else: the courier may take them.")
            )
        else:
            hints = []
            if missing:
                hints.append(_("Find and scan the packages not scanned, or take them off the manifest."))
            if extra:
                hints.append(
                    _("Put aside the packages not on this manifest and remove their scans (select, Delete).")
                )
            self.verdict.setText(" ".join(hints))
        self.record_button.setEnabled(found is not None and not found)
        # Taking packages off is offered once some of the manifest was found (not when nothing is scanned yet).
        self.remove_missing_button.setEnabled(bool(missing) and self._matched() > 0)

    def _matched(self) -> int:
        found = self.found
        if found is None:
            return 0
        return len(self.scans()) - len(found.extra)

    # ----------------------------------------------------------------------------------------- scans

    def scans(self) -> list[str]:
        return [self.scanned_list.item(i).text() for i in range(self.scanned_list.count())]

    def _scanned_into_time(self, number: str) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)
        self.add_scan(number)

    def add_scan(self, number: str) -> None:
        if number in self.scans():
            self.scanned_list.setCurrentRow(self.scans().index(number))
            return
        self.scanned_list.addItem(number)
        self.scanned_list.scrollToBottom()
        self.recheck()

    def remove_scan(self) -> None:
        # Tab into the list makes its first row current (outlined) without selecting it: Delete takes that row
        current = self.scanned_list.currentItem()
        for item in self.scanned_list.selectedItems() or ([current] if current is not None else []):
            self.scanned_list.takeItem(self.scanned_list.row(item))
        self.recheck()

    def recheck(self) -> Any:
        """Compare the scans with the manifest in the background (the newest comparison is shown)."""
        scans, check = self.scans(), self._check
        return (
            Op(self, lambda: check(scans))
            .newest(self._checks)
            .success(self._found)
            .failure(self.complain)
            .run()
        )

    def _found(self, found: Discrepancies) -> None:
        self.found = found
        self._show()

    def remove_missing(self) -> Any:
        """Take the packages not scanned off the manifest, then compare again (the task ends when it is shown)."""
        missing = list(self.found.missing) if self.found else []
        if not missing or self.submitting():
            return None
        self.task = operations.start(self._remove_missing(missing), self)
        return self.task

    async def _remove_missing(self, missing: list[str]) -> None:
        remove = self._remove
        await Op(self, lambda: remove(missing)).busy(self).failure(self.complain).run()
        await self.recheck()

    # ---------------------------------------------------------------------------------------- record

    def picked_up_at(self) -> dt.datetime:
        return self.time.value()  # the computer's time zone; stored in UTC

    def accept(self) -> None:
        if not self.record_button.isEnabled():
            return
        try:
            at = self.picked_up_at()
        except ValueError:
            self.time.setFocus(Qt.FocusReason.OtherFocusReason)
            self.complain(
                HandoffError(
                    _("Type the time as {pattern}, e.g. {example}.").format(
                        pattern=date_pattern() + " " + time_pattern(), example="24.11.2026 09:40"
                    )
                )
            )
            return
        self.submit(self.courier.text(), at, self.scans())

    def failed(self, error: Exception) -> None:
        if isinstance(error, TimeInFuture):  # back in the field the message is about, not the first one
            self.time.setFocus(Qt.FocusReason.OtherFocusReason)
        super().failed(error)
        if isinstance(error, DiscrepancyFound):  # the manifest changed meanwhile
            self.found = error.discrepancies
            self._show()


class PickupCorrectionDialog(SubmitDialog):
    """F6 on a manifest with the courier: the manager puts right a pickup recorded wrongly.

    "Correct" keeps the packages with the courier and fixes the courier's name or the time; "Undo the pickup"
    (the courier did not take them) opens the manifest again. Both need the reason, which the journal and every
    package's history keep.
    """

    def __init__(
        self,
        number: str,
        courier: str,
        picked_up_at: dt.datetime,
        correct: Callable[[str, dt.datetime, str], Any],
        undo: Callable[[str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(correct, parent)
        self.busy_widgets.append(self)
        self.number = number
        self._undo = undo
        self.undone = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.courier = QLineEdit(courier)
        self.time = TimeField(office_time(picked_up_at))
        self.reason = QLineEdit()
        self.form = _form(self.courier, self.time, self.reason)
        self.correct_button = QPushButton()
        self.correct_button.setDefault(True)
        self.correct_button.clicked.connect(self.accept)
        self.undo_button = QPushButton()
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.time.done.connect(lambda: self.reason.setFocus(Qt.FocusReason.TabFocusReason))
        buttons = button_row(self.undo_button, right=(self.correct_button, self.close_button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.retranslate()
        self.reason.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Correct the pickup of manifest {number}").format(number=self.number))
        self.intro.setText(
            _(
                "The packages are recorded as with the courier. Correct the courier's name or the time "
                "of the pickup, or undo the pickup if the courier did not take them (the manifest "
                "opens again). The reason is kept in the journal and in every package's history."
            )
        )
        self.form.labelForField(self.courier).setText(_("&Courier:"))
        self.form.labelForField(self.time).setText(_("Picked up &at:"))
        self.form.labelForField(self.reason).setText(_("&Reason for the correction:"))
        self.time.setToolTip(date_pattern() + " " + time_pattern())
        self.correct_button.setText(_("Correct the pickup"))
        self.undo_button.setText(_("&Undo the pickup: the courier did not take them"))
        self.close_button.setText(_("Close"))

    def accept(self) -> None:
        try:
            at = self.time.value()
        except ValueError:
            self.time.setFocus(Qt.FocusReason.OtherFocusReason)
            self.complain(
                HandoffError(
                    _("Type the time as {pattern}, e.g. {example}.").format(
                        pattern=date_pattern() + " " + time_pattern(), example="24.11.2026 09:40"
                    )
                )
            )
            return
        self.submit(self.courier.text(), at, self.reason.text())

    def undo(self) -> Any:
        """The courier did not take the packages: the manifest opens again (the reason is kept)."""
        undo, reason = self._undo, self.reason.text()
        task = self.run_work(lambda: undo(reason), self._submitted)
        self.undone = task is not None
        return task

    def failed(self, error: Exception) -> None:
        self.undone = False
        if isinstance(error, TimeInFuture):
            self.time.setFocus(Qt.FocusReason.OtherFocusReason)
        super().failed(error)
