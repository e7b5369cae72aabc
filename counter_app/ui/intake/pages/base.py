"""What every page of the intake wizard shares: the page ids, the names of marks and problems, the base class.

The pages of the intake wizard, one class per step and one file per page (this package). Each page reads the draft in ``initializePage`` and
writes it back in ``validatePage``; the wizard saves the draft after every page.

Keyboard first: every field is reached with Tab, Enter goes to the next page (the wizard's default button),
check boxes toggle with Space, checklist marks are single keys (1, 2, 3, 0).
"""

from __future__ import annotations

import enum
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from counter_app.core.domain.catalog import DocumentDate
from counter_app.core.domain.i18n import N_, NP_, current_language
from counter_app.core.domain.intake_draft import Mark
from counter_app.core.domain.intake_errors import ProblemReason
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
    APPLICATION_FORM = 10  # between the questions and the checklist (application.py)


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
    "id_card": NP_("identity document", "Identity card"),
    "passport": NP_("identity document", "Passport"),
    "e_document": NP_("identity document", "E-document (digital documents service)"),
    "residence_permit": NP_("identity document", "Residence permit"),
    "other": NP_("identity document", "Other"),
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
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            signal = widget.model().dataChanged
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
