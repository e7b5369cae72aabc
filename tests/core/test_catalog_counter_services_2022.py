"""Three counter services of Order No. 414 (2022): parent-meeting permission, school transport, camp vouchers.

The checklists below are read from the seed (002_…, standards = list appendices 13, 15 and 18):
- meeting permission (l. 3712-3731): 4 items, none conditional;
- school transport (l. 4029-4056): the child's birth certificate only if the ZAGS system has no record or the
  child was born abroad, one per child; the school certificate one per child;
- camp vouchers (l. 4808-4901): the birth certificate only if the ZAGS system has no record, one per child; the
  marriage or divorce certificate only if the system has no record; the 071/у medical certificate and the status
  document one per child.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import Channel, load_catalog
from counter_app.core.domain.checklist import Answers, questions_for, required_items

TODAY = dt.date(2026, 11, 23)
CODES = ("parent-meeting-permission", "school-transport", "camp-vouchers")
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_97ea3aa64303c238.txt"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def version(catalog, code: str):
    found = catalog.service(code).version_on(TODAY)
    assert found is not None, code
    return found


def keys(code: str, catalog, answers: Answers) -> list[str]:
    return [item.key for item in required_items(version(catalog, code), answers)]


@pytest.mark.parametrize("code", CODES)
def test_the_counter_takes_the_service_on_the_day(catalog, code):
    current = version(catalog, code)
    assert current.accepted_at_counter
    assert Channel.STATE_CORPORATION in current.channels
    assert current.effective_from == dt.date(2022, 10, 17)
    assert current.legal_source.number == "414"
    assert (current.term.amount, current.term.unit.value) == (5, "working_days")
    assert (current.max_waiting_minutes, current.max_service_minutes) == (15, 15)
    assert code in {service.code for service, v in catalog.in_force(TODAY) if v.accepted_at_counter}


def test_channels_follow_the_standards(catalog):
    assert set(version(catalog, "parent-meeting-permission").channels) == {
        Channel.STATE_CORPORATION,
        Channel.PROVIDER_OFFICE,
    }
    for code in ("school-transport", "camp-vouchers"):
        assert set(version(catalog, code).channels) == set(Channel)


def test_jurisdiction_follows_the_place_of_registration_and_only_warns(catalog):
    rules = {
        code: (version(catalog, code).jurisdiction.rule, version(catalog, code).jurisdiction.mismatch)
        for code in CODES
    }
    assert rules == {
        "parent-meeting-permission": ("applicant", "warn"),
        "school-transport": ("applicant_or_child", "warn"),
        "camp-vouchers": ("applicant", "warn"),
    }


def test_meeting_permission_always_needs_the_same_four_documents(catalog):
    current = version(catalog, "parent-meeting-permission")
    assert questions_for(current, catalog) == []
    expected = [
        "application",
        "identity_document",
        "court_decision_deprivation",
        "police_character_reference",
    ]
    assert keys("parent-meeting-permission", catalog, Answers()) == expected
    assert keys("parent-meeting-permission", catalog, Answers(children=[{}, {}])) == expected


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([{}], ["application", "identity_document", "school_certificate#1"]),
        (
            [{"child_birth_record_missing": True}],
            ["application", "identity_document", "child_birth_certificate#1", "school_certificate#1"],
        ),
        (
            [{"child_born_abroad": True}],
            ["application", "identity_document", "child_birth_certificate#1", "school_certificate#1"],
        ),
        (
            [{}, {"child_born_abroad": True}, {}],
            [
                "application",
                "identity_document",
                "child_birth_certificate#2",
                "school_certificate#1",
                "school_certificate#2",
                "school_certificate#3",
            ],
        ),
    ],
)
def test_school_transport_checklist(catalog, children, expected):
    assert keys("school-transport", catalog, Answers(children=children)) == expected


def test_school_transport_asks_only_about_the_childrens_birth_records(catalog):
    current = version(catalog, "school-transport")
    assert {q.key for q in questions_for(current, catalog)} == {
        "child_birth_record_missing",
        "child_born_abroad",
    }


@pytest.mark.parametrize(
    ("applicant", "children", "expected"),
    [
        ({}, [{}], ["application", "identity_document", "camp_medical_certificate#1", "status_document#1"]),
        (
            {"marriage_record_missing": True},
            [{}],
            [
                "application",
                "identity_document",
                "marriage_or_divorce_certificate",
                "camp_medical_certificate#1",
                "status_document#1",
            ],
        ),
        (
            {"divorce_record_missing": True},
            [{"child_birth_record_missing": True}],
            [
                "application",
                "identity_document",
                "child_birth_certificate#1",
                "marriage_or_divorce_certificate",
                "camp_medical_certificate#1",
                "status_document#1",
            ],
        ),
        # the counter list (unlike the portal list) does not name birth abroad: only a missing record counts
        (
            {},
            [{"child_born_abroad": True}],
            ["application", "identity_document", "camp_medical_certificate#1", "status_document#1"],
        ),
        (
            {},
            [{"child_birth_record_missing": True}, {}],
            [
                "application",
                "identity_document",
                "child_birth_certificate#1",
                "camp_medical_certificate#1",
                "camp_medical_certificate#2",
                "status_document#1",
                "status_document#2",
            ],
        ),
    ],
)
def test_camp_vouchers_checklist(catalog, applicant, children, expected):
    assert keys("camp-vouchers", catalog, Answers(applicant=applicant, children=children)) == expected


def test_camp_vouchers_questions_and_alternatives(catalog):
    current = version(catalog, "camp-vouchers")
    assert {q.key for q in questions_for(current, catalog)} == {
        "child_birth_record_missing",
        "marriage_record_missing",
        "divorce_record_missing",
    }
    by_key = {d.key: d for d in current.documents}
    assert len(by_key["status_document"].alternatives) == 4  # one document per pupil category
    assert len(by_key["marriage_or_divorce_certificate"].alternatives) == 2


# --- the law texts of these three services against the seed ------------------------------------------------

_QUOTES = str.maketrans(dict.fromkeys("«»“”„", '"'))
# table row labels the PDF extraction printed inside list items (row 7, 8 and 9 of the standards)
_ROW_LABELS = (
    (
        "Мемлекеттік қызмет көрсету үшін көрсетілетін қызметті алушыдан талап етілетін құжаттар мен мәліметтердің "
        "тізбесі"
    ),
    "9 Қазақстан Республикасының заңнамасында белгіленген мемлекеттік қызмет көрсетуден бас тарту үшін негіздер",
    "Қазақстан Республикасының заңнамасында белгіленген мемлекеттік қызмет көрсетуден бас тарту үшін негіздер",
)
# displaced fragments put back (school-transport refusal ground 2; see the service's notes)
_REPAIRS = (
    ('Республикасының және "Заңымен Білім беру', 'Республикасының Заңымен және "Білім беру'),
    ("қаулысым белгіленген талаптарға сәйкес ен келмеуі", "қаулысымен белгіленген талаптарға сәйкес келмеуі"),
)


def _normalise(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().rstrip(";,.").strip()


def _law_texts(current):
    yield "term", current.term.text
    yield "result", current.result
    yield "fee", current.fee
    for document in current.documents:
        yield document.key, document.wording
        for alternative in document.alternatives:
            yield f"{document.key} (alternative)", alternative
    for ground in (*current.intake_refusal_grounds, *current.service_refusal_grounds):
        yield "refusal ground", ground


@pytest.mark.skipif(not SEED.is_file(), reason="the seeds (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("code", CODES)
def test_law_texts_come_from_the_seed(catalog, code):
    """Verbatim texts appear in the seed; reconstructed ones only re-join seed text (labels out, fragments back)."""
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    joined = seed
    for label in _ROW_LABELS:
        joined = joined.replace(f" {label} ", " ")
    for before, after in _REPAIRS:
        joined = joined.replace(before, after)
    joined = re.sub(r"\s", "", joined)
    wrong = []
    for field, text in _law_texts(version(catalog, code)):
        assert text.ru_translated_by_project, f"{field}: the seed has no Russian text"
        quoted = _normalise(text.kk)
        if text.reconstructed:
            if re.sub(r"\s", "", quoted) not in joined:
                wrong.append(f"{field} (reconstructed): {quoted[:70]}")
        elif re.sub(r"\s", "", quoted) not in re.sub(r"\s", "", seed):  # seed line breaks split words
            wrong.append(f"{field}: {quoted[:70]}")
    assert not wrong, "\n".join(wrong)
