"""Condition rules: from the applicant's answers to the exact checklist of required documents.

The wizard, the receipts and the tests all use :func:`required_items`; nothing else decides what is required.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.core.domain.catalog import (
    Catalog,
    Document,
    DocumentPart,
    Question,
    QuestionScope,
    ServiceVersion,
)
from counter_app.core.domain.law_text import Record, value_record


@dataclass
class Answers:
    """Yes/no answers to the questions of a service: the applicant's, and one dict per child."""

    applicant: dict[str, bool] = field(default_factory=dict)
    children: list[dict[str, bool]] = field(default_factory=lambda: [{}])

    @property
    def number_of_children(self) -> int:
        return len(self.children)


@value_record
class ChecklistItem(Record):
    """One line of the checklist: a document, for one child when the document repeats per child."""

    document: Document
    child_index: int | None = None  # 0-based; None when the item is not per child
    part: DocumentPart | None = None  # a further document of the same item of the law (the spouse's)

    @property
    def key(self) -> str:
        key = self.document.key if self.child_index is None else f"{self.document.key}#{self.child_index + 1}"
        return key if self.part is None else f"{key}@{self.part.key}"

    def label(self, lang: str) -> str:
        text = (self.part.label if self.part else self.document.label).get(lang)
        return text if self.child_index is None else f"{text} ({self.child_index + 1})"


def questions_for(version: ServiceVersion, catalog: Catalog) -> list[Question]:
    """The questions the operator must answer for this version, applicant questions first, in catalog order."""
    keys = version.condition_keys()
    wanted = [q for q in catalog.questions.values() if q.key in keys]
    return sorted(wanted, key=lambda q: q.scope != QuestionScope.APPLICANT)


def required_items(version: ServiceVersion, answers: Answers) -> list[ChecklistItem]:
    """The documents required for these answers, in the order of the law's list.

    A per-child document appears once per child, each child's own answers deciding its condition
    (applicant answers apply to every child).
    """
    items: list[ChecklistItem] = []

    def add(document: Document, answers_: dict[str, bool], index: int | None) -> None:
        if document.condition is None or document.condition.holds(answers_):
            items.append(ChecklistItem(document, index))
            items.extend(
                ChecklistItem(document, index, part)
                for part in document.parts
                if part.condition.holds(answers_)
            )

    for document in version.documents:
        if document.per_child:
            for index, child in enumerate(answers.children):
                add(document, {**answers.applicant, **child}, index)
        else:
            add(document, answers.applicant, None)
    return items


def deferred_items(version: ServiceVersion, answers: Answers) -> list[ChecklistItem]:
    """Documents the applicant brings later instead (the law's own deferral, e.g. within one year): listed on
    the checklist and the acceptance receipt, never required at intake. Applicant-level documents only."""
    return [
        ChecklistItem(document)
        for document in version.documents
        if document.deferred is not None
        and not document.per_child
        and not (document.condition is None or document.condition.holds(answers.applicant))
        and document.deferred.condition.holds(answers.applicant)
    ]
