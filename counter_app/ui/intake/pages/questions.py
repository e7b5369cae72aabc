"""The service's questions that decide which documents are needed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout

from counter_app.core.domain.catalog import QuestionScope
from counter_app.core.domain.checklist import questions_for
from counter_app.core.domain.i18n import _
from counter_app.ui.intake.pages.base import IntakePage, _lang


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
