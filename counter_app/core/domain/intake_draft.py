"""The draft of an intake: everything the operator types and marks (saved as JSON after every page), and the
names of what is stored and journaled."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from counter_app.core.domain.application_form import ApplicationDetails
from counter_app.core.domain.checklist import Answers

if TYPE_CHECKING:
    pass


class IntakeAction:
    """Audit actions written by the intake desk."""

    ACCEPTED = "intake_accepted"
    REFUSED = "intake_refused"
    CANCELLED = "intake_cancelled"  # the operator threw an unfinished intake away
    CANCELLED_NO_CONSENT = "intake_cancelled_no_consent"  # the applicant gave no consent: no receipt, a note
    PRINTED = "print"  # a receipt printed for the first time (the original)
    REPRINTED = "reprint"  # a copy printed again, with the copy mark


class Decision(str, enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"


class ApplicationStatus(str, enum.Enum):
    ACCEPTED_AWAITING_HANDOFF = "accepted_awaiting_handoff"
    REFUSED = "refused"


class IssuedKind(str, enum.Enum):
    """Which receipt an issued document is."""

    ACCEPTANCE = "acceptance"
    REFUSAL = "refusal"


PRINT_LANGUAGES = ("kk", "ru")


# ----------------------------------------------------------------------------------------------------------
# The draft: everything typed so far (saved as JSON after every page of the wizard)


class Mark(str, enum.Enum):
    """What the operator recorded for one checklist item."""

    ORIGINAL = "original"  # original presented and checked
    COPY = "copy"  # copy received (original shown and returned)
    INFORMATION_SYSTEM = "information_system"  # obtained from a state information system
    MISSING = "missing"  # the operator checked: the citizen does not have it
    UNCHECKED = (
        "unchecked"  # not yet checked (every row starts so; neither accept nor refuse until it is marked)
    )


class ItemMark(BaseModel):
    mark: Mark = Mark.UNCHECKED
    issued_on: dt.date | None = None  # for items with a validity period
    expires_on: dt.date | None = None  # stated on the document itself (wins over issued_on + validity)


class IdDocument(BaseModel):
    kind: str = "id_card"  # id_card | passport | e_document | birth_certificate | other
    series: str = ""  # asked by the benefit's application (App. 1); most documents have none
    number: str = ""
    issued_on: dt.date | None = None
    issued_by: str = ""


class Person(BaseModel):
    iin: str = ""
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""  # optional

    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part.strip())


class Applicant(Person):
    id_document: IdDocument = Field(default_factory=IdDocument)
    phone: str = ""
    address: str = ""
    district: str = ""  # a district of the office's providers (its Russian or Kazakh name)


class Representative(Person):
    id_document: IdDocument = Field(default_factory=IdDocument)
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    notary: str = ""


class Child(Person):
    birth_date: dt.date | None = None
    district: str = ""
    answers: dict[str, bool] = Field(default_factory=dict)  # child-scope questions


class IntakeDraft(BaseModel):
    service_code: str = ""
    applicant: Applicant = Field(default_factory=Applicant)
    registration_confirmed: bool = False
    representative: Representative | None = None
    children: list[Child] = Field(default_factory=list)
    answers: dict[str, bool] = Field(default_factory=dict)  # applicant-scope questions
    marks: dict[str, ItemMark] = Field(default_factory=dict)  # by ChecklistItem.key
    consent: bool = False
    application: ApplicationDetails = Field(default_factory=ApplicationDetails)  # what the form asks beyond
    queue_ticket: str = ""
    queue_time: dt.time | None = None  # when the ticket was taken
    started_at: dt.datetime | None = None  # when the operator started serving
    page: int = 0  # the wizard page to resume on
    intake_key: str = ""  # set when the intake starts: accept/refuse store a draft with this key once only

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> IntakeDraft:
        return cls.model_validate_json(text)

    def checklist_answers(self) -> Answers:
        return Answers(
            applicant=dict(self.answers), children=[dict(c.answers) for c in self.children] or [{}]
        )


def new_intake_key() -> str:
    return str(uuid.uuid4())
