"""Where the applicant lives (registration)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel

from counter_app.core.domain.i18n import _
from counter_app.ui.intake.pages.base import IntakePage, _lang


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
