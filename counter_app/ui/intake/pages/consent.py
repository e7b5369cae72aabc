"""The consent to the use of personal data."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel

from counter_app.core.domain.i18n import _
from counter_app.ui.intake.pages.base import IntakePage


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
