"""The wizard's page for the application form (issue #13, item 1): what the service's form asks for beyond the
applicant and the children (the benefit's App. 1: the identity document's series, the personal account and its
bank, the guardian's appointment decision), checked by :func:`core.application_form.form_problems`, and F8 to
print the pre-filled application for the citizen's signature in the citizen's language.

Only the fields the service's form asks for are shown; for a service with the general application the page
holds only the print language and F8. The focus starts in the page's first field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from counter_app.core.domain.application_form import form_problems, groups_for
from counter_app.core.domain.i18n import LANGUAGE_NAMES, _, current_language
from counter_app.core.domain.law import default_law
from counter_app.ui.intake.fields import DateEdit
from counter_app.ui.intake.pages.base import IntakePage


class ApplicationFormPage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.series = QLineEdit()
        self.account = QLineEdit()
        self.account.setPlaceholderText("KZ00 0000 0000 0000 0000")
        self.account.setMaxLength(34)
        self.bank = QComboBox()
        self.decision_body = QLineEdit()
        self.decision_number = QLineEdit()
        self.decision_date = DateEdit()
        self.language = QComboBox()  # the citizen chooses the language of the printed application
        self.language.addItem(LANGUAGE_NAMES["kk"], "kk")
        self.language.addItem(LANGUAGE_NAMES["ru"], "ru")
        self.fields: dict[str, QWidget] = {  # the order of the form; the optional series last
            "application.account": self.account,
            "application.bank": self.bank,
            "application.decision.body": self.decision_body,
            "application.decision.number": self.decision_number,
            "application.decision.date": self.decision_date,
            "applicant.id_document.series": self.series,
        }
        self.groups = {
            "application.account": "account",
            "application.bank": "bank",
            "application.decision.body": "decision",
            "application.decision.number": "decision",
            "application.decision.date": "decision",
            "applicant.id_document.series": "identity",
        }
        self.labels: dict[str, QLabel] = {}
        for key, widget in [*self.fields.items(), ("language", self.language)]:
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        self.body.addWidget(self.intro)
        self.body.addLayout(form)
        self.body.addWidget(self.error)
        self.body.addStretch(1)
        self.chain(*self.fields.values(), self.language)
        self.print_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F8), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.activated.connect(self.print_application)

    def _shown(self) -> list[str]:
        groups = groups_for(self.intake().version().legal_source.seed)
        return [key for key, group in self.groups.items() if group in groups]

    def initializePage(self) -> None:
        wizard = self.intake()
        draft = wizard.draft
        lang = current_language()
        self.setTitle(_("Application form"))
        self.setSubTitle(
            _("F8 prints the application filled in for the applicant's signature, in the language chosen.")
        )
        texts = {
            "applicant.id_document.series": _("Identity document &series (if any):"),
            "application.account": _("Personal &account (IBAN):"),
            "application.bank": _("&Bank:"),
            "application.decision.body": _("Appointing &body (guardianship decision):"),
            "application.decision.number": _("Decision n&umber:"),
            "application.decision.date": _("Decision &date:"),
            "language": _("&Language of the application (the citizen's choice):"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        shown = set(self._shown())
        for key, widget in self.fields.items():
            widget.setVisible(key in shown)
            self.labels[key].setVisible(key in shown)
        self.intro.setText(
            _(
                "The service's application form asks for the fields below; the applicant checks them and signs."
            )
            if shown
            else _("The general application is filled in from the applicant's data; print it for signature.")
        )
        self.bank.clear()
        self.bank.addItem("", "")
        for bank in default_law().banks:
            self.bank.addItem(bank.short.get(lang), bank.code)
        details = draft.application
        self.series.setText(draft.applicant.id_document.series)
        self.account.setText(details.account)
        self.bank.setCurrentIndex(max(self.bank.findData(details.bank), 0))
        self.decision_body.setText(details.decision.body)
        self.decision_number.setText(details.decision.number)
        self.decision_date.set_date(details.decision.date)
        chosen = details.printed_language or ("kk" if lang == "kk" else "ru")
        self.language.setCurrentIndex(max(self.language.findData(chosen), 0))
        first = next((self.fields[key] for key in self.fields if key in shown), self.language)
        first.setFocus()

    def store(self) -> bool:
        """Put what was typed into the draft; False (the field at fault focused) when a date cannot be read."""
        draft = self.intake().draft
        try:
            decision_date = self.decision_date.date()
        except ValueError:
            return self.fail(self.decision_date, _("Type the date as dd.mm.yyyy."))
        draft.applicant.id_document.series = self.series.text().strip()
        details = draft.application
        details.account = "".join(self.account.text().split()).upper()
        details.bank = self.bank.currentData() or ""
        details.decision.body = self.decision_body.text().strip()
        details.decision.number = self.decision_number.text().strip()
        details.decision.date = decision_date
        return True

    def validatePage(self) -> bool:
        if not self.store():
            return False
        wizard = self.intake()
        problems = form_problems(wizard.draft, wizard.version().legal_source.seed, wizard.today)
        for key, widget in self.fields.items():
            if key in problems and widget.isVisible():
                return self.fail(widget, problems[key])
        other = next((message for key, message in problems.items() if key not in self.fields), None)
        if other:  # the identity document's number, issuer or date: typed on the applicant's page
            first = next(w for w in self.fields.values() if w.isVisible()) if self.fields else self.language
            return self.fail(
                first, _("The identity document on the applicant's page: {problem}").format(problem=other)
            )
        return self.passed()

    def print_application(self) -> None:
        """F8: the pre-filled application in the citizen's language, for signature (previewed, not archived)."""
        if not self.store():
            return
        wizard = self.intake()
        lang = self.language.currentData()
        wizard.draft.application.printed_language = lang
        wizard.print_application(lang)
