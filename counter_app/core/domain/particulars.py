"""People's particulars as typed at the counter: IIN and name checks with messages, and ``check_draft``, which
checks a whole intake draft — the same rules for the wizard's pages and the core ``accept``/``refuse``.

Problems are returned keyed by field ("applicant.iin", "children.0.birth_date" …); the page maps a field to
its widget, the CLI and the core raise them as one message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from counter_app.core.domain import dates
from counter_app.core.domain import text as texts
from counter_app.core.domain.i18n import _
from counter_app.core.domain.iin import IIN, IINProblem, InvalidIIN, parse_iin
from counter_app.core.domain.phone import InvalidPhone, parse_mobile

if TYPE_CHECKING:
    from counter_app.core.domain.intake_draft import IntakeDraft, Person

# Letters of the Kazakh, Russian and Latin alphabets; words joined by a space, hyphen or apostrophe.
_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
NAME_PATTERN = re.compile(rf"^[{_LETTERS}]+(?:[ \-'’][{_LETTERS}]+)*$")
DOCUMENT_EARLIEST = dt.date(1950, 1, 1)


def iin_message(problem: IINProblem, text: str) -> str:
    """What is wrong with an IIN, in the UI language."""
    if problem is IINProblem.LENGTH:
        return _("The IIN must have exactly 12 digits (typed: {count}).").format(count=len(text.strip()))
    if problem is IINProblem.NOT_DIGITS:
        return _("The IIN may contain digits only.")
    if problem is IINProblem.CENTURY:
        return _("The 7th digit of the IIN (century and sex) must be 1 to 6, not {digit}.").format(
            digit=text.strip()[6]
        )
    if problem is IINProblem.BIRTH_DATE:
        return _("The first six digits of the IIN are not a valid birth date (YYMMDD).")
    if problem is IINProblem.FUTURE:
        digits = text.strip()
        century = {"1": 18, "2": 18, "3": 19, "4": 19, "5": 20, "6": 20}[digits[6]]
        return _("The birth date in the IIN ({date}) is in the future.").format(
            date=f"{digits[4:6]}.{digits[2:4]}.{century}{digits[:2]}"
        )
    return _("The check digit (the last digit) of the IIN is wrong: check the number on the document.")


def check_iin(text: str, today: dt.date) -> tuple[IIN | None, str | None]:
    try:
        return parse_iin(text, today), None
    except InvalidIIN as error:
        return None, iin_message(error.problem, text)


def name_message(text: str, required: bool = True) -> str | None:
    text = text.strip()
    if not text:
        return _("This field is required.") if required else None
    if len(text) > texts.NAME_PART:
        return texts.too_long(_("The name"), texts.NAME_PART, len(text))
    if not NAME_PATTERN.match(text):
        return _(
            "Use letters only (Kazakh, Russian or Latin), with a space, hyphen or apostrophe between parts."
        )
    return None


def _text(problems: dict[str, str], field: str, label: str, value: str, limit: int) -> None:
    if field in problems:
        return
    try:
        texts.limited(field, label, value, limit)
    except texts.InvalidText as error:
        problems[field] = error.message


def _date(
    problems: dict[str, str], field: str, day: dt.date | None, earliest: dt.date, latest: dt.date
) -> None:
    if day is None:
        return
    try:
        dates.in_range(field, day, earliest, latest)
    except dates.InvalidDate as error:
        problems[field] = error.message


def _person(
    problems: dict[str, str], prefix: str, person: Person, today: dt.date, iin_required: bool
) -> None:
    if person.iin.strip() or iin_required:
        _parsed, problem = check_iin(person.iin, today)
        if problem:
            problems[f"{prefix}.iin"] = problem
    for name, required in (("last_name", True), ("first_name", True), ("patronymic", False)):
        problem = name_message(getattr(person, name), required)
        if problem:
            problems[f"{prefix}.{name}"] = problem


def check_draft(draft: IntakeDraft, today: dt.date) -> dict[str, str]:
    """Every problem of the draft's particulars, keyed by field (empty when all is acceptable)."""
    problems: dict[str, str] = {}
    if not draft.service_code.strip():
        problems["service_code"] = _("Choose the service.")
    applicant = draft.applicant
    _person(problems, "applicant", applicant, today, iin_required=True)
    _text(problems, "applicant.phone", _("The phone number"), applicant.phone, texts.PHONE)
    if applicant.phone.strip() and "applicant.phone" not in problems:
        try:
            parse_mobile(applicant.phone)
        except InvalidPhone:
            problems["applicant.phone"] = _("Type a Kazakhstan mobile number: +7 7XX XXX XX XX.")
    _text(problems, "applicant.address", _("The address"), applicant.address, texts.ADDRESS)
    _text(problems, "applicant.district", _("The district"), applicant.district, texts.REFERENCE)
    _text(
        problems,
        "applicant.id_document.number",
        _("The document number"),
        applicant.id_document.number,
        texts.REFERENCE,
    )
    _text(
        problems,
        "applicant.id_document.issued_by",
        _("The issuing authority"),
        applicant.id_document.issued_by,
        texts.PERSON_NAME,
    )
    _date(
        problems, "applicant.id_document.issued_on", applicant.id_document.issued_on, DOCUMENT_EARLIEST, today
    )
    _text(problems, "queue_ticket", _("The queue ticket"), draft.queue_ticket, texts.WINDOW)
    representative = draft.representative
    if representative is not None:
        _person(problems, "representative", representative, today, iin_required=False)
        _text(
            problems,
            "representative.power_of_attorney_number",
            _("The power of attorney"),
            representative.power_of_attorney_number,
            texts.REFERENCE,
        )
        _text(problems, "representative.notary", _("The notary"), representative.notary, texts.PERSON_NAME)
        _date(
            problems,
            "representative.power_of_attorney_date",
            representative.power_of_attorney_date,
            dates.EARLIEST,
            today,
        )
    for index, child in enumerate(draft.children):
        prefix = f"children.{index}"
        _person(problems, prefix, child, today, iin_required=False)
        if child.birth_date is not None and f"{prefix}.iin" not in problems:
            try:
                dates.child_birth_date(f"{prefix}.birth_date", child.birth_date, today)
            except dates.InvalidDate as error:
                problems[f"{prefix}.birth_date"] = error.message
        if not child.iin.strip() and child.birth_date is None:
            problems[f"{prefix}.iin"] = _("Type the IIN or, if the child has none, the birth date.")
        _text(problems, f"{prefix}.district", _("The district"), child.district, texts.REFERENCE)
    for key, mark in draft.marks.items():
        _date(problems, f"marks.{key}.issued_on", mark.issued_on, DOCUMENT_EARLIEST, today)
        _date(problems, f"marks.{key}.expires_on", mark.expires_on, DOCUMENT_EARLIEST, dates.LATEST)
    return problems


def problems_text(problems: dict[str, str]) -> str:
    return " ".join(dict.fromkeys(problems.values()))
