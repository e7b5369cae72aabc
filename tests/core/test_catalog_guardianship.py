"""Establishing guardianship: Order No. 343 (seed 000, l. 179-229) and Order No. 414 (seed 002, l. 2535-2818).

Both standards give the same 11-item State Corporation list. Each checklist below is that list read with the
answers given: spouse items only if married (items 3, 5); the marriage certificate only without a ZAGS record or
when married abroad (item 5, portal item 4); the birth certificate (6) and the parental-care documents (7) once
per child and not for a child living in an orphans' organisation (note l. 227 / 2788); kinship documents (9) for
relatives and step-parents; the training certificate (10) not for close relatives (and, by the note on Code
art. 122(1), not for relatives and step-parents either); the housing documents (11) only without ownership.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import Catalog, GroundKind, ServiceVersion, TermUnit, load_catalog
from counter_app.core.domain.checklist import Answers, deferred_items, required_items

ORDER_343_IN_FORCE = dt.date(2022, 8, 14)
ORDER_414_IN_FORCE = dt.date(2022, 10, 17)
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

BASE = [
    "application",
    "identity_document",
    "health_certificates",
    "lack_of_parental_care#1",
    "income_information",
    "training_certificate",
    "housing_use_right",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def checklist(version: ServiceVersion, applicant: dict | None = None, *children: dict) -> list[str]:
    answers = Answers(applicant=applicant or {}, children=list(children) or [{}])
    return [item.key for item in required_items(version, answers)]


def both_versions():
    service = load_catalog().service("guardianship")
    return [pytest.param(v, id=f"order-{v.legal_source.number}") for v in service.versions]


def test_version_in_force_by_date(catalog):
    service = catalog.service("guardianship")
    assert [v.legal_source.number for v in service.versions] == ["343", "414"]
    assert service.version_on(ORDER_343_IN_FORCE - dt.timedelta(days=1)) is None
    assert service.version_on(ORDER_343_IN_FORCE).legal_source.number == "343"
    assert service.version_on(ORDER_414_IN_FORCE - dt.timedelta(days=1)).legal_source.number == "343"
    assert service.version_on(ORDER_414_IN_FORCE).legal_source.number == "414"
    assert service.version_on(dt.date(2026, 11, 23)).legal_source.number == "414"


@pytest.mark.parametrize("version", both_versions())
def test_unmarried_applicant_not_related_to_one_child(version):
    assert checklist(version, {}, {}) == BASE


@pytest.mark.parametrize("version", both_versions())
def test_married_applicant_adds_the_spouse_consent_and_the_spouse_parts_of_items_4_and_8(version):
    keys = checklist(version, {"married": True}, {})
    assert keys == [
        *BASE[:2],
        "spouse_consent",
        "health_certificates",
        "health_certificates@spouse",
        "lack_of_parental_care#1",
        "income_information",
        "income_information@spouse",
        *BASE[5:],
    ]
    items = {i.key: i for i in required_items(version, Answers(applicant={"married": True}))}
    spouse = items["health_certificates@spouse"]
    assert spouse.document.number == 4 and spouse.label("ru").endswith("(супруга (супруги))")
    assert items["income_information@spouse"].document.number == 8


@pytest.mark.parametrize("version", both_versions())
@pytest.mark.parametrize("answer", ["marriage_record_missing", "married_abroad"])
def test_marriage_certificate_only_without_zags_record_or_married_abroad(version, answer):
    keys = checklist(version, {"married": True, answer: True}, {})
    assert keys == [
        *BASE[:2],
        "spouse_consent",
        "health_certificates",
        "health_certificates@spouse",
        "marriage_certificate",
        "lack_of_parental_care#1",
        "income_information",
        "income_information@spouse",
        *BASE[5:],
    ]
    # Not married: no marriage certificate whatever the other answers say.
    assert "marriage_certificate" not in checklist(version, {answer: True}, {})


@pytest.mark.parametrize("version", both_versions())
def test_two_children_give_two_birth_certificates_and_two_parental_care_items(version):
    keys = checklist(version, {}, {"child_birth_record_missing": True}, {"child_born_abroad": True})
    assert keys == [
        "application",
        "identity_document",
        "health_certificates",
        "child_birth_certificate#1",
        "child_birth_certificate#2",
        "lack_of_parental_care#1",
        "lack_of_parental_care#2",
        "income_information",
        "training_certificate",
        "housing_use_right",
    ]


@pytest.mark.parametrize("version", both_versions())
def test_child_in_an_orphans_organisation_drops_items_6_and_7_for_that_child(version):
    in_organisation = {"child_in_orphans_organisation": True, "child_born_abroad": True}
    keys = checklist(version, {}, in_organisation, {"child_born_abroad": True})
    assert "child_birth_certificate#1" not in keys and "lack_of_parental_care#1" not in keys
    assert "child_birth_certificate#2" in keys and "lack_of_parental_care#2" in keys
    assert checklist(version, {}, {"child_in_orphans_organisation": True}) == [
        "application",
        "identity_document",
        "health_certificates",
        "income_information",
        "training_certificate",
        "housing_use_right",
    ]


@pytest.mark.parametrize("version", both_versions())
@pytest.mark.parametrize("relation", ["close_relative", "relative_or_step_parent"])
def test_relatives_prove_kinship_and_need_no_training_certificate(version, relation):
    keys = checklist(version, {relation: True}, {})
    assert keys == [
        "application",
        "identity_document",
        "health_certificates",
        "lack_of_parental_care#1",
        "income_information",
        "kinship_documents",
        "housing_use_right",
    ]
    later = [item.document.key for item in deferred_items(version, Answers(applicant={relation: True}))]
    # Relatives and step-parents bring the training certificate within a year (p. 15-1); close relatives never.
    assert later == (["training_certificate"] if relation == "relative_or_step_parent" else [])


@pytest.mark.parametrize("version", both_versions())
def test_no_deferred_document_when_it_is_required_now(version):
    assert deferred_items(version, Answers(applicant={})) == []


@pytest.mark.parametrize("version", both_versions())
def test_housing_documents_only_without_ownership(version):
    assert "housing_use_right" not in checklist(version, {"owns_housing": True}, {})


@pytest.mark.parametrize("version", both_versions())
def test_married_grandmother_owning_her_flat_with_two_grandchildren(version):
    applicant = {"married": True, "close_relative": True, "owns_housing": True}
    keys = checklist(version, applicant, {}, {"child_in_orphans_organisation": True})
    assert keys == [
        "application",
        "identity_document",
        "spouse_consent",
        "health_certificates",
        "health_certificates@spouse",
        "lack_of_parental_care#1",
        "income_information",
        "income_information@spouse",
        "kinship_documents",
    ]


@pytest.mark.parametrize("version", both_versions())
def test_term_counter_and_jurisdiction(version):
    assert (version.term.amount, version.term.unit) == (19, TermUnit.WORKING_DAYS)
    assert not version.term.acceptance_day_counted
    assert (version.max_waiting_minutes, version.max_service_minutes) == (15, 15)
    assert version.accepted_at_counter
    assert (version.jurisdiction.rule, version.jurisdiction.mismatch) == ("applicant_or_child", "block")
    # The only validity is the project's decision for the applicant's identity document (forms/README.md).
    assert all(d.validity is None for d in version.documents if not d.applicant_id_document)
    assert [d.key for d in version.documents if d.validity is not None] == ["identity_document"]
    assert len(next(d for d in version.documents if d.key == "lack_of_parental_care").alternatives) == 14


def test_order_414_adds_five_refusal_grounds_and_keeps_consent_last(catalog):
    old, new = catalog.service("guardianship").versions
    assert (len(old.service_refusal_grounds), len(new.service_refusal_grounds)) == (15, 20)
    for version in (old, new):
        assert "Дербес деректер және оларды қорғау туралы" in version.service_refusal_grounds[-1].kk
    assert "толық болмауына байланысты" in new.intake_refusal_grounds[0].kk
    # Order 414 gives only the incomplete package (issue #13): expiry is no ground of its own any more.
    assert [g.covers for g in new.intake_refusal_grounds] == [(GroundKind.INCOMPLETE_PACKAGE,)]
    assert not new.refuses_expired and old.refuses_expired


# Reconstructed texts are exempt from the fidelity test; they still keep the words of a seed. Seed 002 twice puts
# a table row header into the middle of a text (item 8, ground 11): checked here with the headers cut out and all
# whitespace removed. Intake grounds marked reconstructed are carried from seed 001 p. 5 (see the notes) and are
# checked against it.
_QUOTES = str.maketrans(dict.fromkeys("«»“”„″", '"'))
_ROW_HEADERS = (
    (
        "8 Мемлекеттік қызмет көрсету үшін көрсетілетін қызметті алушыдан талап етілетін құжаттар мен "
        "мәліметтердің тізбесі"
    ),
    "Қазақстан Республикасының заңнамасында белгіленген мемлекеттік қызмет көрсетуден бас тарту үшін негіздер",
)


def squeeze(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text).translate(_QUOTES)
    return re.sub(r"\s+", "", text).rstrip(";,.")


@cache
def squeezed_seed(name: str) -> str:
    text = squeeze((SEEDS / name).read_text(encoding="utf-8"))
    for header in _ROW_HEADERS:
        text = text.replace(squeeze(header), "")
    return text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("version", both_versions())
def test_reconstructed_law_texts_keep_the_words_of_the_seed(version):
    texts = [("result", version.result), ("term", version.term.text)]
    texts += [(f"documents.{d.key}", d.wording) for d in version.documents]
    texts += [(f"service_refusal_grounds.{i}", g) for i, g in enumerate(version.service_refusal_grounds)]
    carried = [(f"intake_refusal_grounds.{i}", g) for i, g in enumerate(version.intake_refusal_grounds)]
    checked, missing = 0, []
    for field, text in texts + carried:
        if not text.reconstructed:
            continue
        seed = "001_f3b7d391424af69e.txt" if field.startswith("intake") else version.legal_source.seed
        languages = ["kk"] if text.ru_translated_by_project else ["kk", "ru"]
        for lang in languages:
            checked += 1
            if squeeze(text.get(lang)) not in squeezed_seed(seed):
                missing.append(f"{field}.{lang}")
    assert checked > 0
    assert not missing, missing
