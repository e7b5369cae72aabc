"""The last page: the receipt number and what happens next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel

from counter_app.core.domain.i18n import LANGUAGE_NAMES, _, current_language
from counter_app.ui.intake.pages.base import IntakePage


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
