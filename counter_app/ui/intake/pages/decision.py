"""The decision: accept or refuse, and the receipt's print language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from counter_app.core.domain.checklist import deferred_items
from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_errors import ProblemReason
from counter_app.core.domain.intake_rules import assess, problems_of
from counter_app.ui.intake.pages.base import MARK_NAMES, PROBLEM_NAMES, IntakePage, _lang
from counter_app.ui.kit.errors import error_texts


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
