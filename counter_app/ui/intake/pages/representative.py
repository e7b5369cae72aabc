"""The representative, when someone applies for the applicant."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import Representative
from counter_app.ui.intake.fields import DateEdit
from counter_app.ui.intake.pages.applicant import PersonFields
from counter_app.ui.intake.pages.base import IntakePage


class RepresentativePage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.present = QCheckBox()
        form = QFormLayout()
        self.person = PersonFields(form)
        self.poa_number = QLineEdit()
        self.poa_date = DateEdit()
        self.notary = QLineEdit()
        self.labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.labels, (self.poa_number, self.poa_date, self.notary), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.fields = QWidget()
        self.fields.setLayout(form)
        self.body.addWidget(self.present)
        self.body.addWidget(self.fields)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.present.toggled.connect(self.fields.setEnabled)
        person = self.person
        self.chain(
            self.present,
            person.iin,
            person.last_name,
            person.first_name,
            person.patronymic,
            self.poa_number,
            self.poa_date,
            self.notary,
        )

    def initializePage(self) -> None:
        self.setTitle(_("Representative"))
        self.setSubTitle(_("Only when someone applies on the applicant's behalf. Space ticks the box."))
        self.present.setText(_("Applies through a representative with a notarised power of attorney"))
        self.person.retranslate()
        for label, text in zip(
            self.labels,
            (_("Power of attorney &No.:"), _("Power of attorney &date:"), _("&Notary:")),
            strict=True,
        ):
            label.setText(text)
        representative = self.intake().draft.representative
        self.present.setChecked(representative is not None)
        self.fields.setEnabled(representative is not None)
        representative = representative or Representative()
        self.person.load(representative)
        self.poa_number.setText(representative.power_of_attorney_number)
        self.poa_date.set_date(representative.power_of_attorney_date)
        self.notary.setText(representative.notary)
        self.present.setFocus()

    def validatePage(self) -> bool:
        draft = self.intake().draft
        if not self.present.isChecked():
            draft.representative = None
            return self.passed()
        if not self.person.check(self):
            return False
        if not self.poa_number.text().strip():
            return self.fail(self.poa_number, _("This field is required."))
        try:
            poa_date = self.poa_date.date()
        except ValueError:
            return self.fail(self.poa_date, _("Type the date as dd.mm.yyyy."))
        if poa_date is None:
            return self.fail(self.poa_date, _("This field is required."))
        if poa_date > self.intake().today:
            return self.fail(self.poa_date, _("The date is in the future."))
        representative = Representative()
        self.person.store(representative)
        representative.power_of_attorney_number = self.poa_number.text().strip()
        representative.power_of_attorney_date = poa_date
        representative.notary = self.notary.text().strip()
        draft.representative = representative
        return self.passed()
