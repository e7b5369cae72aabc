"""The applicant: name, IIN, identity document, phone."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit

from counter_app.core.domain.application_form import form_problems
from counter_app.core.domain.i18n import _, pgettext
from counter_app.core.domain.phone import is_mobile
from counter_app.ui.intake.fields import DateEdit, check_iin, name_message
from counter_app.ui.intake.pages.base import ID_DOCUMENT_KINDS, IntakePage


class PersonFields:
    """IIN and the three names, with their checks."""

    def __init__(self, form: QFormLayout) -> None:
        self.iin = QLineEdit()
        self.iin.setMaxLength(12)
        self.last_name = QLineEdit()
        self.first_name = QLineEdit()
        self.patronymic = QLineEdit()
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(
            self.labels, (self.iin, self.last_name, self.first_name, self.patronymic), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)

    def retranslate(self) -> None:
        for label, text in zip(
            self.labels,
            (_("&IIN:"), _("&Surname:"), _("&First name:"), _("&Patronymic (if any):")),
            strict=True,
        ):
            label.setText(text)

    def load(self, person) -> None:
        self.iin.setText(person.iin)
        self.last_name.setText(person.last_name)
        self.first_name.setText(person.first_name)
        self.patronymic.setText(person.patronymic)

    def store(self, person) -> None:
        person.iin = self.iin.text().strip()
        person.last_name = self.last_name.text().strip()
        person.first_name = self.first_name.text().strip()
        person.patronymic = self.patronymic.text().strip()

    def check(self, page: IntakePage) -> bool:
        _iin, problem = check_iin(self.iin.text(), page.intake().today)
        if problem:
            return page.fail(self.iin, problem)
        for field, required in ((self.last_name, True), (self.first_name, True), (self.patronymic, False)):
            problem = name_message(field.text(), required)
            if problem:
                return page.fail(field, problem)
        return True


class ApplicantPage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout()
        self.person = PersonFields(form)
        self.document_kind = QComboBox()
        self.document_number = QLineEdit()
        self.document_issued_on = DateEdit()
        self.document_issued_by = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.district = QComboBox()
        self.labels = [QLabel() for _ in range(7)]
        for label, field in zip(
            self.labels,
            (
                self.document_kind,
                self.document_number,
                self.document_issued_on,
                self.document_issued_by,
                self.phone,
                self.address,
                self.district,
            ),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        person = self.person
        self.chain(
            person.iin,
            person.last_name,
            person.first_name,
            person.patronymic,
            self.document_kind,
            self.document_number,
            self.document_issued_on,
            self.document_issued_by,
            self.phone,
            self.address,
            self.district,
        )

    def initializePage(self) -> None:
        self.setTitle(_("Applicant"))
        self.setSubTitle(_("From the identity document. The patronymic is optional."))
        self.person.retranslate()
        for label, text in zip(
            self.labels,
            (
                _("ID &document:"),
                _("Document &number:"),
                _("Issued &on:"),
                _("Issued &by:"),
                _("P&hone:"),
                _("&Address:"),
                _("&District:"),
            ),
            strict=True,
        ):
            label.setText(text)
        wizard = self.intake()
        applicant = wizard.draft.applicant
        self.person.load(applicant)
        self.document_kind.clear()
        for key, text in ID_DOCUMENT_KINDS.items():
            self.document_kind.addItem(pgettext(*text), key)
        self.document_kind.setCurrentIndex(max(self.document_kind.findData(applicant.id_document.kind), 0))
        self.document_number.setText(applicant.id_document.number)
        self.document_issued_on.set_date(applicant.id_document.issued_on)
        self.document_issued_by.setText(applicant.id_document.issued_by)
        self.phone.setText(applicant.phone)
        self.address.setText(applicant.address)
        wizard.fill_districts(self.district, applicant.district)
        self.person.iin.setFocus()

    def validatePage(self) -> bool:
        if not self.person.check(self):
            return False
        if not self.document_number.text().strip():
            return self.fail(self.document_number, _("This field is required."))
        try:
            issued_on = self.document_issued_on.date()
        except ValueError:
            return self.fail(self.document_issued_on, _("Type the date as dd.mm.yyyy."))
        if issued_on and issued_on > self.intake().today:
            return self.fail(self.document_issued_on, _("The issue date is in the future."))
        phone = self.phone.text().strip()
        if not is_mobile(phone):
            return self.fail(self.phone, _("Type a Kazakhstan mobile number: +7 7XX XXX XX XX."))
        if not self.address.text().strip():
            return self.fail(self.address, _("This field is required."))
        applicant = self.intake().draft.applicant
        self.person.store(applicant)
        applicant.id_document.kind = self.document_kind.currentData()
        applicant.id_document.number = self.document_number.text().strip()
        applicant.id_document.issued_on = issued_on
        applicant.id_document.issued_by = self.document_issued_by.text().strip()
        applicant.phone = phone
        applicant.address = self.address.text().strip()
        applicant.district = self.district.currentData() or ""
        identity = {  # what the service's application form needs of the identity document (core rule)
            "applicant.id_document.number": self.document_number,
            "applicant.id_document.issued_by": self.document_issued_by,
            "applicant.id_document.issued_on": self.document_issued_on,
        }
        wizard = self.intake()
        problems = form_problems(wizard.draft, wizard.version().legal_source.seed, wizard.today)
        for key, widget in identity.items():
            if key in problems:
                return self.fail(widget, problems[key])
        return self.passed()
