"""The guardian benefit (seed 001: Rules = App. 4 to Order No. 158 of 24.04.2020, standard row 8).

Each checklist below is the State Corporation list of row 8 (RU l. 117-124, KZ l. 370-377) read with the
answers given: item 3 only without a ZAGS record or for a child born abroad; items 3, 4 and 7 once per child;
item 6 not required under the "one window" principle (l. 132, 385).
"""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.catalog import Catalog, ServiceVersion, TermUnit, load_catalog
from counter_app.core.domain.checklist import Answers, questions_for, required_items

ORDER_158_IN_FORCE = dt.date(2020, 5, 5)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def version(catalog) -> ServiceVersion:
    found = catalog.service("guardian-benefit").version_on(dt.date(2026, 11, 23))
    assert found is not None
    return found


def checklist(version: ServiceVersion, applicant: dict | None = None, *children: dict) -> list[str]:
    answers = Answers(applicant=applicant or {}, children=list(children) or [{}])
    return [item.key for item in required_items(version, answers)]


def test_one_version_in_force_from_order_158(catalog):
    service = catalog.service("guardian-benefit")
    assert len(service.versions) == 1
    assert service.version_on(ORDER_158_IN_FORCE - dt.timedelta(days=1)) is None
    assert service.version_on(ORDER_158_IN_FORCE) is service.versions[0]
    assert service.version_on(dt.date(2026, 11, 23)) is service.versions[0]
    source = service.versions[0].legal_source
    assert (source.number, source.date, source.seed) == (
        "158",
        dt.date(2020, 4, 24),
        "001_f3b7d391424af69e.txt",
    )


def test_one_child_with_a_zags_record(version):
    # Row 8: items 1, 2, 4, 5, 6, 7; the birth certificate (item 3) comes from ИС ЗАГС.
    assert checklist(version, {}, {}) == [
        "application",
        "identity_document",
        "lack_of_parental_care#1",
        "bank_account_contract",
        "guardian_appointment_order",
        "child_income#1",
    ]


@pytest.mark.parametrize("child", [{"child_birth_record_missing": True}, {"child_born_abroad": True}])
def test_birth_certificate_without_a_zags_record_or_born_abroad(version, child):
    # Item 3: "при отсутствии сведений в ... ИС ЗАГС либо родившегося за пределами Республики Казахстан".
    assert "child_birth_certificate#1" in checklist(version, {}, child)


def test_two_children_repeat_the_child_items_with_each_childs_answers(version):
    keys = checklist(version, {}, {}, {"child_born_abroad": True})
    assert keys == [
        "application",
        "identity_document",
        "child_birth_certificate#2",
        "lack_of_parental_care#1",
        "lack_of_parental_care#2",
        "bank_account_contract",
        "guardian_appointment_order",
        "child_income#1",
        "child_income#2",
    ]


def test_one_window_with_guardianship_drops_the_appointment_order(version):
    # Closing note of row 8: sub-item 6) is not required under the "one window" principle.
    keys = checklist(version, {"one_window_guardianship": True}, {})
    assert "guardian_appointment_order" not in keys
    assert keys == [
        "application",
        "identity_document",
        "lack_of_parental_care#1",
        "bank_account_contract",
        "child_income#1",
    ]


def test_marriage_adds_nothing(version):
    # The benefit list has no spouse items.
    assert checklist(version, {"married": True}, {}) == checklist(version, {}, {})


def test_the_operator_is_asked_only_the_questions_the_list_needs(catalog, version):
    keys = [q.key for q in questions_for(version, catalog)]
    assert sorted(keys) == ["child_birth_record_missing", "child_born_abroad", "one_window_guardianship"]
    assert keys[0] == "one_window_guardianship"  # applicant questions first


def test_lack_of_parental_care_is_any_one_of_thirteen_documents(version):
    item = next(d for d in version.documents if d.key == "lack_of_parental_care")
    assert len(item.alternatives) == 13
    assert item.alternatives[0].ru == "свидетельство о смерти"
    assert item.alternatives[-1].kk == "анасының нұсқауы бойынша жазылған әкесі туралы мәлімет"


def test_term_receipt_counter_and_grounds(version):
    assert (version.term.amount, version.term.unit, version.term.acceptance_day_counted) == (
        1,
        TermUnit.WORKING_DAYS,
        False,
    )
    assert (version.max_waiting_minutes, version.max_service_minutes) == (15, 15)
    assert version.accepted_at_counter
    assert (version.jurisdiction.rule, version.jurisdiction.mismatch) == ("child", "warn")
    assert [g.en for g in version.intake_refusal_grounds] == [
        "incomplete package of documents",
        "documents whose validity has expired",
    ]
    assert len(version.service_refusal_grounds) == 6
    assert version.fee.ru == "Бесплатно"
    # No validity period is stated in the seed for any document.
    # The only validity is the project's decision for the applicant's identity document (forms/README.md).
    assert all(d.validity is None for d in version.documents if not d.applicant_id_document)
    assert [d.key for d in version.documents if d.validity is not None] == ["identity_document"]
