"""The pages of the intake wizard, one class per step. Each page reads the draft in ``initializePage`` and
writes it back in ``validatePage``; the wizard saves the draft after every page.

Keyboard first: every field is reached with Tab, Enter goes to the next page (the wizard's default button),
check boxes toggle with Space, checklist marks are single keys (1, 2, 3, 0).
"""

from __future__ import annotations

import enum
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.core.application_form import form_problems
from counter_app.core.catalog import DocumentDate, QuestionScope, Service
from counter_app.core.checklist import deferred_items, questions_for
from counter_app.core.i18n import LANGUAGE_NAMES, N_, _, current_language
from counter_app.core.intake import (
    Child,
    ItemMark,
    Mark,
    ProblemReason,
    Representative,
    assess,
    issue_date,
    mark_allowed,
    problems_of,
)
from counter_app.core.phone import is_mobile
from counter_app.ui.intake.fields import DateEdit, check_iin, name_message
from counter_app.ui.kit.errors import error_texts
from counter_app.ui.kit.formats import format_date, parse_date, time_pattern
from counter_app.ui.kit.widgets import ErrorLabel

if TYPE_CHECKING:
    from counter_app.ui.intake.wizard import IntakeWizard


class PageId(enum.IntEnum):
    SERVICE = 0
    APPLICANT = 1
    REGISTRATION = 2
    REPRESENTATIVE = 3
    CHILDREN = 4
    QUESTIONS = 5
    CHECKLIST = 6
    CONSENT = 7
    DECISION = 8
    DONE = 9
    APPLICATION_FORM = 10  # between the questions and the checklist (application_page.py)


MARK_KEYS = {
    Qt.Key.Key_1: Mark.ORIGINAL,
    Qt.Key.Key_2: Mark.COPY,
    Qt.Key.Key_3: Mark.INFORMATION_SYSTEM,
    Qt.Key.Key_0: Mark.MISSING,
}
MARK_NAMES = {
    Mark.ORIGINAL: N_("1 Original checked"),
    Mark.COPY: N_("2 Copy received"),
    Mark.INFORMATION_SYSTEM: N_("3 From information system"),
    Mark.MISSING: N_("0 Missing"),
    Mark.UNCHECKED: N_("not yet checked"),
}
PROBLEM_NAMES = {
    ProblemReason.MISSING: N_("missing"),
    ProblemReason.EXPIRED: N_("expired"),
    ProblemReason.UNDATED: N_("date needed"),
    ProblemReason.NO_CONSENT: N_("no consent"),
    ProblemReason.UNCHECKED: N_("not yet checked"),
}
DATE_ASKED_NAMES = {
    DocumentDate.ISSUE_DATE: N_("issue date"),
    DocumentDate.VALID_UNTIL: N_("valid until"),
    DocumentDate.NONE: N_("no date"),
}
ID_DOCUMENT_KINDS = {
    "id_card": N_("Identity card"),
    "passport": N_("Passport"),
    "e_document": N_("E-document (digital documents service)"),
    "residence_permit": N_("Residence permit"),
    "other": N_("Other"),
}


def _lang() -> str:
    return current_language()


class IntakePage(QWizardPage):
    """A page with an error line; ``fail`` shows a message and keeps the focus in the faulty field."""

    def __init__(self) -> None:
        super().__init__()
        self.error = ErrorLabel()
        self.body = QVBoxLayout(self)

    def intake(self) -> IntakeWizard:
        return self.wizard()  # type: ignore[return-value]

    def fail(self, widget: QWidget, message: str) -> bool:
        self.error.show_message(message)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self._clear_when_edited(widget)
        return False

    def _clear_when_edited(self, widget: QWidget) -> None:
        """The message goes as soon as the operator changes the field at fault (Enter checks it again)."""
        if isinstance(widget, QLineEdit):
            signal = widget.textEdited
        elif isinstance(widget, QCheckBox):
            signal = widget.toggled
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QTableWidget):
            signal = widget.itemChanged
        else:
            return

        def edited(*_args) -> None:
            signal.disconnect(edited)
            self.error.clear_message()

        signal.connect(edited)

    def passed(self) -> bool:
        self.error.clear_message()
        return True

    def chain(self, *widgets: QWidget) -> None:
        """Tab goes through ``widgets`` in this order."""
        for first, second in itertools.pairwise(widgets):
            self.setTabOrder(first, second)


# ------------------------------------------------------------------------------------------------ service


class _ArrowsToList(QObject):
    """Up/Down typed in the filter field move the selection in the list below it."""

    def __init__(self, target: QListWidget) -> None:
        super().__init__(target)
        self._target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in arrows:
            self._target.keyPressEvent(event)
            return True
        return False


class ServicePage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.services = QListWidget()
        self.services.setAlternatingRowColors(True)
        self.redirect = QLabel()
        self.redirect.setWordWrap(True)
        self.redirect.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.ticket = QLineEdit()
        self.ticket.setMaxLength(10)
        self.ticket_time = QLineEdit()
        self.ticket_time.setMaxLength(5)
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.form = QFormLayout()
        self.form.addRow(self.filter_label, self.filter)
        self.body.addLayout(self.form)
        self.body.addWidget(self.services, 1)
        self.body.addWidget(self.redirect)
        queue = QFormLayout()
        self.ticket_label = QLabel()
        self.ticket_time_label = QLabel()
        self.ticket_label.setBuddy(self.ticket)
        self.ticket_time_label.setBuddy(self.ticket_time)
        queue.addRow(self.ticket_label, self.ticket)
        queue.addRow(self.ticket_time_label, self.ticket_time)
        self.body.addLayout(queue)
        self.body.addWidget(self.error)
        self.filter.installEventFilter(_ArrowsToList(self.services))
        self.filter.textChanged.connect(self._refilter)
        self.filter.textEdited.connect(self._begin)
        self.services.currentItemChanged.connect(self._selected)
        self.chain(self.filter, self.services, self.ticket, self.ticket_time)

    def initializePage(self) -> None:
        self.setTitle(_("Service"))
        self.setSubTitle(_("Type a few letters of the service name (Kazakh or Russian); Up/Down to choose."))
        self.filter_label.setText(_("&Service:"))
        self.ticket_label.setText(_("Queue &ticket:"))
        self.ticket_time_label.setText(_("Ticket taken &at:"))
        self.ticket_time.setPlaceholderText(time_pattern())
        draft = self.intake().draft
        self.ticket.setText(draft.queue_ticket)
        self.ticket_time.setText(draft.queue_time.strftime("%H:%M") if draft.queue_time else "")
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._refilter()
        if draft.service_code:
            for row in range(self.services.count()):
                if self.services.item(row).data(Qt.ItemDataRole.UserRole) == draft.service_code:
                    self.services.setCurrentRow(row)
        closed = self.intake().centre_closed_message()  # said at once: the commit will issue no receipt
        if closed:
            self.error.show_message(closed)
        self.filter.setFocus()

    def _refilter(self) -> None:
        wizard = self.intake()
        if wizard is None:
            return
        words = self.filter.text()
        current = self.selected_service()
        self.services.clear()
        lang = _lang()
        in_force = wizard.catalog.in_force(wizard.today)
        # The services the counter takes come first; the others are there to tell the citizen where to go.
        for service, version in sorted(in_force, key=lambda pair: not pair[1].accepted_at_counter):
            if words.strip() and not service.matches(words):
                continue
            text = service.short_names.get(lang) + " — " + service.name(lang)
            if not version.accepted_at_counter:
                text = _("{name} (not taken at the counter)").format(name=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, service.code)
            item.setData(Qt.ItemDataRole.UserRole + 1, version.accepted_at_counter)
            item.setToolTip(service.name(lang))
            self.services.addItem(item)
        rows = [self.services.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.services.count())]
        if current is not None and current.code in rows:
            self.services.setCurrentRow(rows.index(current.code))
        elif words.strip() and rows:
            # The first match the counter takes; a service it does not take only when nothing else matches.
            taken = [r for r in range(len(rows)) if self.services.item(r).data(Qt.ItemDataRole.UserRole + 1)]
            self.services.setCurrentRow(taken[0] if taken else 0)
        else:
            self.services.setCurrentRow(-1)  # a new intake starts with nothing chosen
        self._selected()

    def _begin(self, *_args) -> None:
        """The operator started on the next citizen: the service timer runs from now."""
        self.intake().begin_service()

    def selected_service(self) -> Service | None:
        item = self.services.currentItem()
        if item is None:
            return None
        return self.intake().catalog.service(item.data(Qt.ItemDataRole.UserRole))

    def _selected(self, *_args) -> None:
        service = self.selected_service()
        version = service.version_on(self.intake().today) if service else None
        if version is not None and not version.accepted_at_counter:
            self.redirect.setText(
                _("The counter does not take this service. Tell the citizen:")
                + "\n"
                + version.redirect.get(_lang())
            )
        else:
            self.redirect.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        service = self.selected_service()
        if service is None:
            return False
        version = service.version_on(self.intake().today)
        return version is not None and version.accepted_at_counter

    def validatePage(self) -> bool:
        import datetime as dt

        service = self.selected_service()
        if service is None or not self.isComplete():
            return self.fail(self.filter, _("Choose a service the counter takes."))
        time_text = self.ticket_time.text().strip()
        queue_time = None
        if time_text:
            try:
                queue_time = dt.datetime.strptime(time_text, "%H:%M").time()
            except ValueError:
                return self.fail(self.ticket_time, _("Type the time as hh:mm, e.g. 09:40."))
        draft = self.intake().draft
        if draft.service_code != service.code:
            draft.marks.clear()
            draft.answers.clear()
        draft.service_code = service.code
        self.intake().begin_service()
        draft.queue_ticket = self.ticket.text().strip()
        draft.queue_time = queue_time
        return self.passed()


# ---------------------------------------------------------------------------------------------- applicant


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
            self.document_kind.addItem(_(text), key)
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


# ------------------------------------------------------------------------------------------- registration


class RegistrationPage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.confirmed = QCheckBox()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.body.addWidget(self.rule)
        self.body.addWidget(self.confirmed)
        self.body.addWidget(self.warning)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.confirmed.toggled.connect(self._toggled)

    def initializePage(self) -> None:
        wizard = self.intake()
        version = wizard.version()
        self.setTitle(_("Place of registration"))
        self.setSubTitle(_("Space ticks the box; Enter goes on."))
        text = version.jurisdiction.text.get(_lang()) if version.jurisdiction.text else ""
        self.rule.setText(text)
        self.confirmed.setText(
            _("The registration (residence) checked in the document is in this office's area")
        )
        self.confirmed.setChecked(wizard.draft.registration_confirmed)
        self._toggled(self.confirmed.isChecked())
        self.confirmed.setFocus()

    def blocks(self) -> bool:
        return self.intake().version().jurisdiction.mismatch == "block"

    def _toggled(self, checked: bool) -> None:
        if checked or self.intake() is None:
            self.warning.setText("")
        elif self.blocks():
            self.warning.setText(
                _("The counter cannot take this application outside the place of registration.")
            )
        else:
            self.warning.setText(
                _("Warn the citizen: the application is taken, but the law names the place of registration.")
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.confirmed.isChecked() or not self.blocks()

    def validatePage(self) -> bool:
        if not self.isComplete():
            return self.fail(self.confirmed, self.warning.text())
        self.intake().draft.registration_confirmed = self.confirmed.isChecked()
        return self.passed()


# ----------------------------------------------------------------------------------------- representative


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


# ------------------------------------------------------------------------------------------------ children


class ChildrenPage(IntakePage):
    """A table of children: type into the cells (Tab moves on), Insert adds a child, Delete removes one."""

    COLUMNS = (N_("IIN"), N_("Surname"), N_("First name"), N_("Patronymic"), N_("Birth date (if no IIN)"))

    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(0, len(self.COLUMNS))
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Insert:
                self.add_row()
                return True
            if event.key() == Qt.Key.Key_Delete and self.table.rowCount() > 1:
                self.table.removeRow(self.table.currentRow())
                return True
        return super().eventFilter(watched, event)

    def add_row(self, child: Child | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        child = child or Child()
        for column, value in enumerate(
            (
                child.iin,
                child.last_name,
                child.first_name,
                child.patronymic,
                format_date(child.birth_date) if child.birth_date and not child.iin else "",
            )
        ):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setCurrentCell(row, 0)

    def initializePage(self) -> None:
        self.setTitle(_("Children"))
        self.setSubTitle(
            _(
                "Type into the cells, Tab to the next cell; Insert adds a child, Delete removes the current one."
            )
        )
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.district_label.setText(_("Child's &district (residence):"))
        wizard = self.intake()
        self.table.setRowCount(0)
        for child in wizard.draft.children or [Child()]:
            self.add_row(child)
        first = wizard.draft.children[0].district if wizard.draft.children else ""
        wizard.fill_districts(self.district, first or wizard.draft.applicant.district)
        self.table.setCurrentCell(0, 0)
        self.table.setFocus()

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _fail_cell(self, row: int, column: int, message: str) -> bool:
        self.table.setCurrentCell(row, column)
        return self.fail(self.table, _("Child {number}: {problem}").format(number=row + 1, problem=message))

    def validatePage(self) -> bool:
        if self.table.state() == QAbstractItemView.State.EditingState:
            # What is being typed into a cell counts: moving the current cell commits the open editor.
            row, column = self.table.currentRow(), self.table.currentColumn()
            self.table.setCurrentCell(row, (column + 1) % self.table.columnCount())
            self.table.setCurrentCell(row, column)
        wizard = self.intake()
        old = {c.iin or f"#{i}": c for i, c in enumerate(wizard.draft.children)}
        children: list[Child] = []
        for row in range(self.table.rowCount()):
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


# ----------------------------------------------------------------------------------------------- questions


class QuestionsPage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.area = QVBoxLayout()
        self.body.addLayout(self.area)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.boxes: list[tuple[QCheckBox, str, int | None]] = []  # box, question key, child index

    def initializePage(self) -> None:
        self.setTitle(_("Questions"))
        self.setSubTitle(_("Tick what applies (Space); the checklist follows from the answers."))
        while self.area.count():
            widget = self.area.takeAt(0).widget()
            if widget:
                widget.hide()  # gone at once: the keyboard must not stay on (or go back to) an old question
                widget.deleteLater()
        self.boxes.clear()
        wizard = self.intake()
        draft = wizard.draft
        lang = _lang()
        questions = questions_for(wizard.version(), wizard.catalog)
        for question in questions:
            if question.scope is QuestionScope.APPLICANT:
                box = QCheckBox(question.text.get(lang))
                box.setChecked(draft.answers.get(question.key, False))
                self.boxes.append((box, question.key, None))
                self.area.addWidget(box)
        for index, child in enumerate(draft.children):
            child_questions = [q for q in questions if q.scope is QuestionScope.CHILD]
            if not child_questions:
                break
            heading = QLabel(_("Child {number}: {name}").format(number=index + 1, name=child.full_name()))
            heading.setStyleSheet("font-weight: bold;")
            self.area.addWidget(heading)
            for question in child_questions:
                box = QCheckBox(question.text.get(lang))
                box.setChecked(child.answers.get(question.key, False))
                self.boxes.append((box, question.key, index))
                self.area.addWidget(box)
        if self.boxes:
            self.boxes[0][0].setFocus()

    def validatePage(self) -> bool:
        draft = self.intake().draft
        for box, key, child in self.boxes:
            answers = draft.answers if child is None else draft.children[child].answers
            answers[key] = box.isChecked()
        return self.passed()


# ----------------------------------------------------------------------------------------------- checklist


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
            _("{done} of {total} documents in order.").format(done=in_order, total=len(states))
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


# ------------------------------------------------------------------------------------------------- consent


class ConsentPage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.consent = QCheckBox()
        self.body.addWidget(self.text)
        self.body.addWidget(self.consent)
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        self.setTitle(_("Consent"))
        self.setSubTitle(_("Space ticks the box; Enter goes on."))
        self.text.setText(
            _(
                "The applicant consents to the use of personal data of restricted access held in information "
                "systems, as the application form states. Without it the provider refuses the service."
            )
        )
        self.consent.setText(_("The applicant has given consent (signed the application)"))
        self.consent.setChecked(self.intake().draft.consent)
        self.consent.setFocus()

    def validatePage(self) -> bool:
        self.intake().draft.consent = self.consent.isChecked()
        return self.passed()


# ------------------------------------------------------------------------------------------------ decision


class DecisionPage(IntakePage):
    """The summary; the commit button accepts or refuses and issues the receipt number (no way back after)."""

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        font = self.decision.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.decision.setFont(font)
        self.closed: str | None = None  # why the centre does not work today (no receipt), or None
        self.body.addWidget(self.summary)
        self.body.addWidget(self.decision)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.setCommitPage(True)

    def problems(self):
        wizard = self.intake()
        return problems_of(wizard.draft, wizard.version(), wizard.today)

    def will_accept(self) -> bool:
        return not self.problems()

    def can_refuse(self) -> bool:
        reasons = {p.reason for p in self.problems()}
        return bool(reasons & {ProblemReason.MISSING, ProblemReason.EXPIRED}) and not reasons & {
            ProblemReason.UNDATED,
            ProblemReason.UNCHECKED,
        }

    def initializePage(self) -> None:
        import html

        wizard = self.intake()
        draft = wizard.draft
        lang = _lang()
        service = wizard.catalog.service(draft.service_code)
        self.setTitle(_("Summary and decision"))
        if draft.consent:
            self.setSubTitle(
                _("Check with the applicant. Enter issues the receipt number; there is no way back after it.")
            )
        else:  # the intake cannot go on (forms/printed/consent_note.yaml): no receipt, a note instead
            self.setSubTitle(
                _(
                    "Check with the applicant. Enter cancels the intake: no receipt number is issued; "
                    "F9 then prints the note for the citizen."
                )
            )
        lines = [
            f"<b>{html.escape(service.name(lang))}</b>",
            html.escape(
                _("Applicant: {name}, IIN {iin}").format(
                    name=draft.applicant.full_name(), iin=draft.applicant.iin
                )
            ),
        ]
        if draft.representative:
            lines.append(
                html.escape(_("Representative: {name}").format(name=draft.representative.full_name()))
            )
        for child in draft.children:
            lines.append(html.escape(_("Child: {name}").format(name=child.full_name())))
        for state in assess(draft, wizard.version(), wizard.today):
            status = _(PROBLEM_NAMES[state.problem]) if state.problem else _(MARK_NAMES[state.mark.mark])[2:]
            lines.append(html.escape(f"{state.item.document.number}. {state.item.label(lang)}: {status}"))
        for item in deferred_items(wizard.version(), draft.checklist_answers()):
            if item.document.deferred is not None:
                when = item.document.deferred.text.get(lang)
                lines.append(html.escape(f"{item.document.number}. {item.label(lang)}: {when}"))
        lines.append(
            html.escape(_("Consent: {answer}").format(answer=_("yes") if draft.consent else _("no")))
        )
        self.summary.setText("<br>".join(lines))
        problems = self.problems()
        self.closed = wizard.centre_closed_message()
        if not draft.consent:
            self.decision.setText(
                _(
                    "The applicant has not given consent to the use of restricted data: the application cannot be "
                    "taken, and the law gives no ground to refuse it. Enter cancels the intake (journaled, no "
                    "receipt number); then F9 prints a note for the citizen."
                )
            )
            wizard.setButtonText(QWizard.WizardButton.CommitButton, _("&Cancel the intake"))
        elif self.closed:
            self.decision.setText(self.closed)
            wizard.setButtonText(QWizard.WizardButton.CommitButton, _("&Accept"))
        elif not problems:
            self.decision.setText(_("The package is complete: Enter accepts it and issues the receipt."))
            wizard.setButtonText(QWizard.WizardButton.CommitButton, _("&Accept"))
        elif self.can_refuse():
            missing = ", ".join(p.item.label(lang) for p in problems if p.item is not None)
            self.decision.setText(
                _(
                    "The package is incomplete ({missing}): Enter refuses to accept it and issues the refusal "
                    "receipt. Go Back to correct the checklist."
                ).format(missing=missing)
            )
            wizard.setButtonText(QWizard.WizardButton.CommitButton, _("&Refuse"))
        else:
            self.decision.setText(_("A document date is needed: go Back to the checklist (D)."))
            wizard.setButtonText(QWizard.WizardButton.CommitButton, _("&Accept"))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.intake() is None or not self.intake().draft.service_code:
            return False
        if not self.intake().draft.consent:
            return True  # the commit cancels the intake
        if self.closed:
            return False  # the centre does not work today: no receipt
        return self.will_accept() or self.can_refuse()

    def validatePage(self) -> bool:
        """The commit button: start storing the decision in the background and stay; the wizard goes on by
        itself once the outcome is there (QWizard's validatePage cannot wait)."""
        wizard = self.intake()
        if wizard.outcome is not None:
            return self.passed()
        if not wizard.committing():
            self.error.clear_message()
            wizard.commit()
        return False

    def commit_failed(self, error: Exception) -> None:
        """Not stored: the reason on the page and in the message box; pressed again, it is tried again."""
        self.error.show_message(error_texts(error)[1])
        self.intake().show_failure(error)


# ---------------------------------------------------------------------------------------------------- done


class DonePage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.number = QLabel()
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        # The citizen chooses the language of the printed forms, whatever the UI language is.
        self.print_language = QComboBox()
        self.print_language.addItem(LANGUAGE_NAMES["kk"], "kk")
        self.print_language.addItem(LANGUAGE_NAMES["ru"], "ru")
        self.print_language_label = QLabel()
        self.print_language_label.setBuddy(self.print_language)
        language_row = QHBoxLayout()
        language_row.addWidget(self.print_language_label)
        language_row.addWidget(self.print_language, 1)
        self.body.addWidget(self.number)
        self.body.addWidget(self.details)
        self.body.addLayout(language_row)
        self.body.addWidget(self.keys)
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.intake()
        outcome = wizard.outcome
        if outcome.cancelled:
            self.setTitle(_("Cancelled: no consent"))
            self.setSubTitle(_("Print the note for the applicant."))
        else:
            self.setTitle(_("Accepted") if outcome.accepted else _("Refused"))
            self.setSubTitle(_("Print the receipt for the applicant."))
        self.number.setText(outcome.number)
        self.details.setText(wizard.outcome_text())
        self.print_language_label.setText(_("&Language of the receipt (the citizen's choice):"))
        chosen = wizard.draft.application.printed_language  # the language the application was printed in
        self.print_language.setCurrentIndex(0 if (chosen or current_language()) == "kk" else 1)
        if outcome.cancelled:
            self.keys.setText(
                _("F9: print the note (preview).  F10 or Esc: finish and start the next intake.")
            )
        else:
            self.keys.setText(
                _("F9: print the receipt (preview).  F10 or Esc: finish and start the next intake.")
            )
