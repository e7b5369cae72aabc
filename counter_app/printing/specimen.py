"""Specimens: each form filled with sample data and a service's real document list (CLI, tests, benchmark)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from counter_app.core.domain.calendar import handoff_due_date, result_date
from counter_app.core.domain.catalog import DocumentKind, ProviderKind, Service, ServiceVersion, TermUnit
from counter_app.core.domain.checklist import Answers, required_items
from counter_app.core.domain.iin import Sex, make_iin
from counter_app.core.domain.office import Bilingual, Office, ServiceProvider
from counter_app.printing.model import (
    AcceptanceReceipt,
    Applicant,
    ApplicationForm,
    ChildRecord,
    GuardianDecision,
    IdentityDocument,
    Issuer,
    ReceiptLine,
    RefusalReceipt,
    application_variant_for,
    bilingual,
    refusal_variant_for,
    service_name,
)

FORMS = ("acceptance", "refusal", "application")


def _valid_iin(birth: dt.date, sex: Sex) -> str:
    for serial in range(1, 100):
        iin = make_iin(birth, sex, serial)
        if iin is not None:
            return iin
    raise AssertionError("no valid IIN")  # pragma: no cover


def sample_office(version: ServiceVersion | None = None) -> Office:
    provider_name = (
        bilingual(version.provider.name)
        if version
        else Bilingual(kk="Алматы қаласының білім басқармасы", ru="Управление образования города Алматы")
    )
    return Office(
        branch_name=Bilingual(
            kk='«"Азаматтарға арналған үкімет" мемлекеттік корпорациясы» КЕАҚ Алматы қаласы бойынша филиалы',
            ru='Филиал НАО «Государственная корпорация "Правительство для граждан"» по городу Алматы',
        ),
        department_number="4",
        address=Bilingual(
            kk="Алматы қ., Әуезов ауданы, Абай даңғылы, 52", ru="г. Алматы, Ауэзовский район, пр. Абая, 52"
        ),
        windows=("1", "2", "3"),
        providers=(
            ServiceProvider(
                id=1,
                kind=version.provider.kind if version else ProviderKind.OTHER,
                district=Bilingual(kk="Әуезов ауданы", ru="Ауэзовский район"),
                name=provider_name,
                address=Bilingual(kk="Алматы қ., Төле би көшесі, 100", ru="г. Алматы, ул. Толе би, 100"),
            ),
        ),
    )


def sample_applicant() -> Applicant:
    return Applicant(
        surname="Сәрсенбаева",
        first_name="Гүлнұр",
        patronymic="Қайратқызы",
        iin=_valid_iin(dt.date(1986, 4, 17), Sex.FEMALE),
        address="Алматы қ., Әуезов ауданы, 5-ші шағын аудан, 12-үй, 34-пәтер",
        phone="+7 701 234 56 78",
        email="gulnur.s@example.kz",
    )


def sample_child() -> ChildRecord:
    birth = dt.date(2016, 9, 3)
    return ChildRecord(
        surname="Жұмабаев",
        first_name="Нұрсұлтан",
        patronymic="Ерланұлы",
        birth_date=birth,
        iin=_valid_iin(birth, Sex.MALE),
    )


def sample_issuer(version: ServiceVersion | None = None) -> Issuer:
    return Issuer(
        office=sample_office(version),
        employee="Өмірзақова Әйгерім Болатқызы",
        executor="Өмірзақова Әйгерім Болатқызы",
        phone="+7 727 300 00 04",
    )


def _lines(version: ServiceVersion) -> list[ReceiptLine]:
    child = sample_child()
    return [ReceiptLine.from_item(item, child=child) for item in required_items(version, Answers())]


def refusal_specimen(service: Service, version: ServiceVersion, day: dt.date) -> RefusalReceipt:
    """The last two documents of the list are missing; one shown before them (not the application) has expired
    (cited as expired only where the service's rules make expiry a ground; elsewhere it is simply missing)."""
    lines = _lines(version)
    missing = lines[-2:] if len(lines) >= 2 else lines
    shown = [line for line in lines[:-2] if line.kind is not DocumentKind.APPLICATION]
    if shown:
        expired = dataclasses.replace(shown[-1], expired=version.refuses_expired)
        missing = [expired, *missing]
    return RefusalReceipt(
        number=f"04-{day:%Y%m%d}-0007",
        issued_on=day,
        issuer=sample_issuer(version),
        service_name=service_name(service),
        applicant=sample_applicant(),
        missing=tuple(missing),
        text_variant=refusal_variant_for(version),
    )


def acceptance_specimen(service: Service, version: ServiceVersion, day: dt.date) -> AcceptanceReceipt:
    lines = _lines(version)
    if len(lines) > 1 and lines[1].kind is DocumentKind.ORIGINAL:
        lines[1] = dataclasses.replace(lines[1], e_document=True)
    term = version.term
    days = term.amount if term.unit is TermUnit.WORKING_DAYS else 1
    office = sample_office(version)
    return AcceptanceReceipt(
        number=f"04-{day:%Y%m%d}-0007",
        accepted_at=dt.datetime.combine(day, dt.time(10, 42)),
        issuer=sample_issuer(version),
        service_name=service_name(service),
        applicant=sample_applicant(),
        documents=tuple(lines),
        provider_name=bilingual(version.provider.name),
        handoff_due=handoff_due_date(day),
        result_date=result_date(day, days),
        result_place=Bilingual(
            kk=f"№ {office.department_number} бөлім, {office.address.kk}",
            ru=f"отдел № {office.department_number}, {office.address.ru}",
        ),
    )


def application_specimen(service: Service, version: ServiceVersion, day: dt.date) -> ApplicationForm:
    return ApplicationForm(
        service_name=service_name(service),
        authority=bilingual(version.provider.name),
        applicant=sample_applicant(),
        signed_on=day,
        children=(sample_child(),),
        decision=GuardianDecision("Әуезов ауданы әкімдігінің № 1-245 қаулысы", dt.date(2025, 3, 5)),
        identity_document=IdentityDocument(
            kind=Bilingual(kk="жеке куәлік", ru="удостоверение личности"),
            number="045678912",
            issued_by="ҚР ІІМ",
        ),
        account_number="KZ12 722S 0000 1234 5678",
        bank_name="Kaspi Bank АҚ",
        text_variant=application_variant_for(version),
    )


def render_specimen(form: str, service: Service, version: ServiceVersion, day: dt.date, lang: str) -> bytes:
    from counter_app.printing.render import (
        render_acceptance_receipt,
        render_application,
        render_refusal_receipt,
    )

    if form == "acceptance":
        return render_acceptance_receipt(acceptance_specimen(service, version, day), lang)
    if form == "refusal":
        return render_refusal_receipt(refusal_specimen(service, version, day), lang)
    if form == "application":
        return render_application(application_specimen(service, version, day), lang)
    raise ValueError(f"unknown form {form!r}; one of {FORMS}")
