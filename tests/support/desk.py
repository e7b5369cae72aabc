"""What an operator and a manager type at the real window, page by page, with the keyboard only.

The driver learns which wizard page is shown from where the focus is (the program's focus trace), and what the
checklist holds from the catalog through the core, as the operator knows it from the law's list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from counter_app.core.domain.application_form import groups_for
from counter_app.core.domain.catalog import Catalog, DocumentKind
from counter_app.core.domain.checklist import questions_for, required_items
from counter_app.core.domain.iin import Sex, make_iin
from counter_app.core.domain.intake_draft import Child, IntakeDraft, Mark
from counter_app.core.domain.intake_rules import mark_allowed
from tests.support.xsession import Counter, wait_for

APPLICANT_IIN = make_iin(dt.date(1985, 3, 14), Sex.FEMALE, 1234)
CHILD_IIN = make_iin(dt.date(2015, 6, 2), Sex.MALE, 4321)
SURNAME = "Сәрсенбаева"
FIRST_NAME = "Әйгерім"
CHILD_SURNAME = "Сәрсенбаев"
CHILD_NAME = "Нұрлан"
ACCOUNT = "KZ86125KZT5004100100"  # an IBAN with valid check digits
DECISION = ("Алматы ауданы әкімдігі", "12-345", "05.03.2025")  # the body, number and date of the appointment
MARK_KEYS = {Mark.ORIGINAL: "1", Mark.COPY: "2", Mark.INFORMATION_SYSTEM: "3", Mark.MISSING: "0"}
PAGE = r"IntakeWizard/{}\."
NEXT_PAGE = r"IntakeWizard/(\w+Page\.|QPushButton)"


NEW_PASSWORD = "Window-Desk-2026"


def log_in(counter: Counter, username: str) -> None:
    """The sign-in dialog has the focus in the user name; the demo passwords are the user names and are
    changed at the first sign-in (the dialog that asks for it has the focus in the current password)."""
    counter.wait_focus(r"^LoginDialog\.username$")
    counter.type(username)
    counter.key("Tab")
    counter.type(username)
    counter.key("Return")
    counter.wait_focus(r"^ChangePasswordDialog\.old_password$")
    counter.type(username)
    counter.key("Tab")
    counter.type(NEW_PASSWORD)
    counter.key("Tab")
    counter.type(NEW_PASSWORD)
    counter.key("Return")


def good_mark(item) -> Mark:
    if item.document.kind is DocumentKind.INFORMATION_SYSTEM and mark_allowed(item, Mark.INFORMATION_SYSTEM):
        return Mark.INFORMATION_SYSTEM
    return Mark.COPY if item.document.kind in (DocumentKind.COPY, DocumentKind.NOTARISED) else Mark.ORIGINAL


def page_of(where: str) -> str:
    """``MainWindow/IntakeScreen/IntakeWizard/ApplicantPage.person.iin`` -> ``ApplicantPage``."""
    tail = where.split("IntakeWizard/", 1)[-1]
    # a cell editor has no name of its own: ``ChecklistPage/QLineEdit`` is still on the ChecklistPage
    return re.split(r"[./]", tail, maxsplit=1)[0]


@dataclass
class Intake:
    """One citizen's intake, typed from the first page to the printed receipt."""

    counter: Counter
    catalog: Catalog
    code: str
    today: dt.date
    missing: str | None = None  # the key of a document the citizen did not bring ("last": the last one)
    ticket: tuple[str, str] | None = None  # queue ticket and the time it was taken
    iin: str = APPLICANT_IIN
    pages: list[str] = field(default_factory=list)
    children: int = 0
    dates: dict[str, str] = field(default_factory=dict)  # a document's key: the date typed on its row

    def run(self) -> None:
        """From the service field (where the focus must be) to the receipt number, on the last page."""
        c = self.counter
        c.wait_focus(PAGE.format("ServicePage") + "filter$")
        self.service_page()
        page = "ServicePage"
        while True:
            try:
                wait_for(lambda left=page: page_of(c.focus()) != left, f"the wizard to leave {page}")
            except AssertionError as error:  # with the screen, the focus trail and the program's log
                raise c.failure(str(error)) from None
            page = page_of(c.wait_focus(NEXT_PAGE))
            self.pages.append(page)
            if page == "DonePage":
                return
            getattr(self, _handler(page))()

    # -------------------------------------------------------------------------------------------- pages

    def service_page(self) -> None:
        c = self.counter
        service = self.catalog.service(self.code)
        words = service.short_names.ru
        c.type(words)
        shown = [s.code for s, _v in self.catalog.in_force(self.today) if s.matches(words)]
        downs = shown.index(self.code)
        if downs:
            c.key(*["Down"] * downs)
        if self.ticket:
            c.key("Tab", "Tab")
            c.type(self.ticket[0])
            c.key("Tab")
            c.type(self.ticket[1])
        c.key("Return")

    def applicant(self) -> None:
        c = self.counter
        c.type(self.iin)
        c.key("Tab")
        c.type(SURNAME)
        c.key("Tab")
        c.type(FIRST_NAME)
        c.key("Tab", "Tab", "Tab")  # no patronymic; the identity card is the document
        c.type("045678912")
        c.key("Tab")
        c.type("15.01.2020")
        c.key("Tab")
        c.type("ҚР ІІМ")
        c.key("Tab")
        c.type("+77011234567")
        c.key("Tab")
        c.type("Астана, Кенесары 12-5")
        c.key("Return")  # the district: the first one

    def tick_and_go_on(self) -> None:
        self.counter.key("space", "Return")

    def go_on(self) -> None:
        self.counter.key("Return")

    def children_page(self) -> None:
        c = self.counter
        c.type(CHILD_IIN)
        c.key("Tab")
        c.type(CHILD_SURNAME)
        c.key("Tab")
        c.type(CHILD_NAME)
        c.key("Return", "Return")  # closes the cell editor, then goes on
        self.children = 1

    @property
    def missing_key(self) -> str | None:
        if self.missing == "last":
            return self.items()[-1].key
        return self.missing

    def application_form(self) -> None:
        """The application the service's form asks for (the benefit's App. 1: account, bank, the appointment
        decision), then F8: the pre-filled application for signature, printed from the preview (Enter)."""
        c = self.counter
        version = self.catalog.service(self.code).version_on(self.today)
        if groups_for(version.legal_source.seed):
            c.type(ACCOUNT)
            c.key("Tab")
            c.type("Kaspi")  # the bank list: its first letters
            c.key("Tab")
            c.type(DECISION[0])
            c.key("Tab")
            c.type(DECISION[1])
            c.key("Tab")
            c.type(DECISION[2])
        c.key("F8")
        c.wait_focus(r"PdfPreviewDialog")
        c.key("Return")  # printed; the applicant signs it
        c.wait_focus(PAGE.format("ApplicationFormPage"))
        c.key("Return")

    def checklist(self) -> None:
        missing = self.missing_key
        for item in self.items():
            if item.key in self.dates:  # D opens the row's date; Enter keeps it, the focus stays on the row
                self.counter.key("d")
                self.counter.type(self.dates[item.key])
                self.counter.key("Return")
            self.counter.key(MARK_KEYS[Mark.MISSING if item.key == missing else good_mark(item)])
        self.counter.key("Return")

    def decision(self) -> None:
        self.counter.key("Return")  # accept or refuse: the commit button has the focus

    # ------------------------------------------------------------------------------------------- helpers

    def items(self):
        draft = IntakeDraft(children=[Child() for _ in range(self.children)])
        version = self.catalog.service(self.code).version_on(self.today)
        return required_items(version, draft.checklist_answers())

    def has_questions(self) -> bool:
        version = self.catalog.service(self.code).version_on(self.today)
        return bool(questions_for(version, self.catalog))

    def print_receipt(self) -> None:
        """F9 on the last page: the preview; Enter prints (into a PDF file here) and closes it."""
        c = self.counter
        c.key("F9")
        c.wait_focus(r"PdfPreviewDialog")
        c.key("Return")
        c.wait_focus(PAGE.format("DonePage"))

    def next_citizen(self) -> None:
        self.counter.key("F10")
        self.counter.wait_focus(PAGE.format("ServicePage") + "filter$")


HANDLERS = {
    "ApplicantPage": "applicant",
    "RegistrationPage": "tick_and_go_on",
    "RepresentativePage": "go_on",
    "ChildrenPage": "children_page",
    "QuestionsPage": "go_on",
    "ApplicationFormPage": "application_form",
    "ChecklistPage": "checklist",
    "ConsentPage": "tick_and_go_on",
}


def _handler(page: str) -> str:
    if page.startswith("QPushButton"):
        return "decision"
    return HANDLERS[page]
