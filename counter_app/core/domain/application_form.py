"""The application the applicant signs at the counter, pre-filled by the wizard (issue #13, item 1).

Seed 001 p. 3: the benefit is applied for on the App. 1 form of its rules. The form asks for the guardian's
identity document (kind, series, number, issuer), the body's decision appointing the guardian (its body, number
and date), the personal account number and the bank. Which of these an intake must collect is read from the
service's application form itself (``forms/printed/application.yaml``: the placeholders of its lines), so a
service whose form does not ask for an account is never asked for one. The other services print the general
application (the project's wording, marked as such), pre-filled the same way.

:func:`form_problems` is the one validator: the wizard's page and :func:`core.usecases.intake.accept` call it, so they
refuse the same things with the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from counter_app.core.domain.banks import InvalidAccount, parse_account
from counter_app.core.domain.i18n import _
from counter_app.core.domain.law import Law, default_law
from counter_app.core.domain.printed_forms import PLACEHOLDER, Variant

if TYPE_CHECKING:
    from counter_app.core.domain.intake_draft import IntakeDraft

# What an application form can ask for: the group of the wizard's fields behind each placeholder.
_GROUPS = {
    "account": "account",
    "bank": "bank",
    "decision": "decision",
    "decision_date": "decision",
    "id_series": "identity",
    "id_number": "identity",
    "id_issuer": "identity",
}


class GuardianDecision(BaseModel):
    """The decision of the guardianship body appointing the applicant guardian or trustee."""

    body: str = ""  # the body that took it (e.g. "Алматы қаласы Әуезов ауданының әкімдігі")
    number: str = ""
    date: dt.date | None = None


class ApplicationDetails(BaseModel):
    """What the application form needs beyond the applicant's and the children's data (kept in the draft)."""

    account: str = ""  # the personal account, an IBAN (compact)
    bank: str = ""  # a bank code of forms/banks.yaml
    decision: GuardianDecision = Field(default_factory=GuardianDecision)
    printed_language: str = ""  # the language the application was printed in for signature ("" = not printed)


def variant_key(law: Law, legal_seed: str) -> str:
    """The application form of a version, by its legal source (the benefit's App. 1, else the general one)."""
    return law.printed.application.variant_for_seed(legal_seed)


def form_groups(variant: Variant) -> set[str]:
    """The groups of fields the form asks for: ``account``, ``bank``, ``decision``, ``identity``."""
    names = {
        name
        for text in (variant.kk, variant.ru)
        for line in text.lines
        for name in PLACEHOLDER.findall(line.text)
    }
    return {_GROUPS[name] for name in names if name in _GROUPS}


# The groups of each form variant, found once per variant (the law read is not changed afterwards): keyed by the
# variant's identity, kept beside it so that the identity stays its own.
_variant_groups: dict[int, tuple[Variant, frozenset[str]]] = {}


def groups_for(legal_seed: str, law: Law | None = None) -> set[str]:
    law = law or default_law()
    variant = law.printed.application.get(variant_key(law, legal_seed))
    known = _variant_groups.get(id(variant))
    if known is None or known[0] is not variant:
        known = _variant_groups[id(variant)] = (variant, frozenset(form_groups(variant)))
    return set(known[1])


def form_problems(
    draft: IntakeDraft, legal_seed: str, today: dt.date, law: Law | None = None
) -> dict[str, str]:
    """Every field the service's application form needs that is missing or invalid, with its message (in the
    UI language), keyed ``application.account``, ``application.bank``, ``application.decision.body|number|date``,
    ``applicant.id_document.number|issued_by|issued_on``; empty when the form can be filled."""
    law = law or default_law()
    groups = groups_for(legal_seed, law)
    details: ApplicationDetails = draft.application
    problems: dict[str, str] = {}
    required = _("This field is required.")
    if "account" in groups:
        try:
            parse_account(details.account)
        except InvalidAccount as error:
            problems["application.account"] = (
                _("The account's check digits are wrong: check the number with the bank's document.")
                if error.reason == "check_digits"
                else _(
                    "Type the personal account as an IBAN: KZ, 2 check digits and 16 characters (20 in all)."
                )
            )
    if "bank" in groups and law.bank(details.bank) is None:
        problems["application.bank"] = _("Choose the bank from the list.")
    if "decision" in groups:
        decision = details.decision
        if not decision.body.strip():
            problems["application.decision.body"] = required
        if not decision.number.strip():
            problems["application.decision.number"] = required
        if decision.date is None:
            problems["application.decision.date"] = required
        elif decision.date > today:
            problems["application.decision.date"] = _("The date is in the future.")
    if "identity" in groups:
        document = draft.applicant.id_document
        if not document.number.strip():
            problems["applicant.id_document.number"] = required
        if not document.issued_by.strip():
            problems["applicant.id_document.issued_by"] = required
        if document.issued_on is None:
            problems["applicant.id_document.issued_on"] = required
        elif document.issued_on > today:
            problems["applicant.id_document.issued_on"] = _("The issue date is in the future.")
    return problems
