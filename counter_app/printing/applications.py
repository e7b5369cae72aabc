"""The application pre-filled from an intake, for the applicant's signature (issue #13, item 1).

The wizard prints it (F8, in the citizen's language) before the checklist is closed and the receipt issued;
the same function prints it again from the stored application. The form is the service's: the benefit's App. 1
(the law's text) or the general application (the project's wording, marked as such).
"""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.application_form import variant_key
from counter_app.core.domain.banks import InvalidAccount, format_account, parse_account
from counter_app.core.domain.catalog import ServiceVersion
from counter_app.core.domain.intake_draft import IntakeDraft
from counter_app.core.domain.intake_errors import NoProvider
from counter_app.core.domain.intake_rules import choose_provider
from counter_app.core.domain.law import default_law
from counter_app.core.domain.office import Bilingual, Office
from counter_app.printing import model
from counter_app.printing.render import render_application


def _authority(office: Office, version: ServiceVersion, draft: IntakeDraft) -> Bilingual:
    """The provider the application is addressed to: the district's, else the provider named by the law."""
    try:
        return choose_provider(office, version, draft).name
    except NoProvider:
        return model.bilingual(version.provider.name)


def application_form(
    office: Office,
    service_names: Bilingual,
    version: ServiceVersion,
    draft: IntakeDraft,
    day: dt.date,
    lang: str,
) -> model.ApplicationForm:
    law = default_law()
    applicant = draft.applicant
    details = draft.application
    document = applicant.id_document
    decision = details.decision
    try:
        account = format_account(parse_account(details.account))
    except InvalidAccount:
        account = details.account.strip()
    bank = law.bank(details.bank)
    return model.ApplicationForm(
        service_name=service_names,
        authority=_authority(office, version, draft),
        applicant=model.Applicant(
            surname=applicant.last_name,
            first_name=applicant.first_name,
            patronymic=applicant.patronymic or None,
            iin=applicant.iin,
            address=applicant.address,
            phone=applicant.phone,
        ),
        signed_on=day,
        children=tuple(
            model.ChildRecord(
                surname=c.last_name,
                first_name=c.first_name,
                patronymic=c.patronymic or None,
                birth_date=c.birth_date,
                iin=c.iin or None,
            )
            for c in draft.children
            if c.birth_date is not None
        ),
        decision=(
            model.GuardianDecision(f"{decision.body.strip()} № {decision.number.strip()}", decision.date)
            if decision.date is not None and decision.body.strip()
            else None
        ),
        identity_document=(
            model.IdentityDocument(
                kind=Bilingual(
                    kk=law.printed.common.kk.id_kinds.get(document.kind, ""),
                    ru=law.printed.common.ru.id_kinds.get(document.kind, ""),
                ),
                number=document.number,
                issued_by=document.issued_by,
                series=document.series,
            )
            if document.number
            else None
        ),
        account_number=account,
        bank_name=bank.name.text(lang) if bank else "",
        text_variant=variant_key(law, version.legal_source.seed),
    )


def application_pdf(
    office: Office,
    service_names: Bilingual,
    version: ServiceVersion,
    draft: IntakeDraft,
    day: dt.date,
    lang: str,
) -> bytes:
    """The pre-filled application in the print language ``lang`` (kk/ru)."""
    return render_application(application_form(office, service_names, version, draft, day, lang), lang)
