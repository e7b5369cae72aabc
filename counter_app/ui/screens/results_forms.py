"""The forms of the Results screen's steps (``kit.dialogs.FormDialog``): register the provider's result (F5),
issue it (F6), record a return by the provider (F7) and that the citizen was told (F8). OK (Enter) runs the step
in the background; the form closes only when the core accepted it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.packages import RESULT_KIND_NAMES, RecipientKind, ResultKind
from counter_app.core.domain.results_desk import DeskStep
from counter_app.core.usecases.package_reads import PackageLine
from counter_app.core.usecases.results import Recipient
from counter_app.ui.intake.fields import DateEdit
from counter_app.ui.kit.dialogs import FormDialog, InputProblem


def _date(field: DateEdit, required_message: str | None = None) -> dt.date | None:
    try:
        day = field.date()
    except ValueError:
        raise InputProblem(_("Type the dates as dd.mm.yyyy.")) from None
    if day is None and required_message:
        raise InputProblem(required_message)
    return day


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


DIALOGS: dict[DeskStep, type[ActionDialog]] = {
    DeskStep.REGISTER: RegisterResultDialog,
    DeskStep.ISSUE: IssueResultDialog,
    DeskStep.RETURNED: ReturnedDialog,
    DeskStep.INFORMED: InformedDialog,
}

DONE_MESSAGES = {
    DeskStep.REGISTER: N_("The result for {number} is registered."),
    DeskStep.ISSUE: N_("The result for {number} is issued."),
    DeskStep.RETURNED: N_("Package {number} is recorded as returned by the provider: inform the citizen."),
    DeskStep.INFORMED: N_("The citizen of package {number} is recorded as informed."),
}
