"""The pages of the intake wizard, one file per page; ``base`` holds what they share (``PageId``, ``IntakePage``)."""

from counter_app.ui.intake.pages.applicant import ApplicantPage, PersonFields
from counter_app.ui.intake.pages.application import ApplicationFormPage
from counter_app.ui.intake.pages.base import IntakePage, PageId
from counter_app.ui.intake.pages.checklist import ChecklistPage, ChecklistTable
from counter_app.ui.intake.pages.children import ChildrenPage
from counter_app.ui.intake.pages.consent import ConsentPage
from counter_app.ui.intake.pages.decision import DecisionPage
from counter_app.ui.intake.pages.done import DonePage
from counter_app.ui.intake.pages.questions import QuestionsPage
from counter_app.ui.intake.pages.registration import RegistrationPage
from counter_app.ui.intake.pages.representative import RepresentativePage
from counter_app.ui.intake.pages.service import ServicePage

__all__ = [
    "ApplicantPage",
    "ApplicationFormPage",
    "ChecklistPage",
    "ChecklistTable",
    "ChildrenPage",
    "ConsentPage",
    "DecisionPage",
    "DonePage",
    "IntakePage",
    "PageId",
    "PersonFields",
    "QuestionsPage",
    "RegistrationPage",
    "RepresentativePage",
    "ServicePage",
]
