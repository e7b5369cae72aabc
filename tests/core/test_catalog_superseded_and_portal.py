"""Services the counter took in 2013 and no longer takes, and services it never takes.

The certificate on guardianship and the certificates for minors' property were taken at the Population Service
Centres under the 2013 standards (seed 004) and became portal-only under Order No. 414 of 03.10.2022 (seed 002);
the adoption-agency accreditation and the adoption register are not counter services at all. The catalog must
answer the version in force on a date, and the 2013 checklists must follow the seed's list of documents.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import Catalog, LocalizedText, ServiceVersion, load_catalog
from counter_app.core.domain.checklist import Answers, required_items

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_2013 = SEEDS / "004_46b3f015d8a13d9a.txt"

DAY_2014 = dt.date(2014, 1, 15)
TODAY = dt.date(2026, 11, 23)
ORDER_414_IN_FORCE = dt.date(2022, 10, 17)
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not beside this checkout"
)

CERTIFICATES = ["guardianship-certificate", "minor-property-certificate"]
NEVER_AT_COUNTER = ["adoption-agency-accreditation", "adoption-register"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _normalise(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    text = re.sub(r"[«»“”„]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def _quoted(text: str) -> str:
    return _normalise(text).rstrip(";,.").strip()


def _keys(version: ServiceVersion, answers: Answers) -> list[str]:
    return [item.key for item in required_items(version, answers)]


# --- which version is in force -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", CERTIFICATES)
def test_2013_counter_standard_in_force_in_2014(catalog: Catalog, code: str) -> None:
    version = catalog.service(code).version_on(DAY_2014)
    assert version is not None
    assert version.legal_source.number == "1119"
    assert version.legal_source.seed == SEED_2013.name
    assert version.accepted_at_counter is True
    assert version.term.amount == 5 and version.term.unit.value == "working_days"
    assert version.documents


@pytest.mark.parametrize("code", CERTIFICATES)
def test_order_414_supersedes_the_2013_standard(catalog: Catalog, code: str) -> None:
    service = catalog.service(code)
    before = service.version_on(ORDER_414_IN_FORCE - dt.timedelta(days=1))
    after = service.version_on(ORDER_414_IN_FORCE)
    today = service.version_on(TODAY)
    assert before is not None and before.legal_source.number == "1119" and before.accepted_at_counter
    assert after is today
    assert today is not None and today.legal_source.number == "414"
    assert today.accepted_at_counter is False


@pytest.mark.parametrize("code", NEVER_AT_COUNTER)
def test_adoption_services_have_no_version_before_order_414(catalog: Catalog, code: str) -> None:
    service = catalog.service(code)
    assert service.version_on(DAY_2014) is None
    version = service.version_on(TODAY)
    assert version is not None and version.legal_source.number == "414"
    assert version.accepted_at_counter is False


def test_in_force_lists(catalog: Catalog) -> None:
    in_2014 = {service.code for service, _ in catalog.in_force(DAY_2014)}
    today = {service.code: version for service, version in catalog.in_force(TODAY)}
    assert set(CERTIFICATES) <= in_2014
    assert not set(NEVER_AT_COUNTER) & in_2014
    for code in CERTIFICATES + NEVER_AT_COUNTER:
        assert today[code].accepted_at_counter is False


@pytest.mark.parametrize(
    ("code", "channels", "term"),
    [
        ("guardianship-certificate", ["portal"], (30, "minutes")),
        ("minor-property-certificate", ["portal"], (3, "working_days")),
        ("adoption-register", ["portal"], (10, "working_days")),
        ("adoption-agency-accreditation", ["provider_office", "portal"], (30, "calendar_days")),
    ],
)
def test_today_the_counter_redirects(catalog: Catalog, code: str, channels: list[str], term) -> None:
    version = catalog.service(code).version_on(TODAY)
    assert version is not None
    assert [c.value for c in version.channels] == channels
    assert "state_corporation" not in [c.value for c in version.channels]
    assert (version.term.amount, version.term.unit.value) == term
    assert version.documents == ()  # nothing to check at the counter
    assert _keys(version, Answers()) == []
    redirect = version.redirect
    assert redirect is not None and redirect.en
    for text in (redirect.kk, redirect.ru, redirect.en):
        assert "egov.kz" in text  # where to go
    if "provider_office" in channels:  # ... or the provider's office
        assert "комитетінің" in redirect.kk and "Комитета" in redirect.ru and "Committee" in redirect.en
    else:  # and why: the order that made it portal-only
        assert all("414" in text for text in (redirect.kk, redirect.ru, redirect.en))
    assert version.service_refusal_grounds


# --- the 2013 checklists -----------------------------------------------------------------------------------


def test_2013_guardianship_certificate_checklist(catalog: Catalog) -> None:
    version = catalog.service("guardianship-certificate").version_on(DAY_2014)
    assert version is not None
    base = ["guardianship_decision_copy", "applicant_identity", "residence_certificate_data"]
    assert _keys(version, Answers()) == base
    born_early = Answers(children=[{"child_born_before_2007_08_13": True}])
    assert _keys(version, born_early) == [
        "guardianship_decision_copy",
        "applicant_identity",
        "child_birth_certificate#1",
        "residence_certificate_data",
    ]
    two_wards = Answers(children=[{}, {"child_born_before_2007_08_13": True}])
    assert _keys(version, two_wards) == [
        "guardianship_decision_copy",
        "applicant_identity",
        "child_birth_certificate#2",
        "residence_certificate_data",
    ]
    kinds = {d.key: d.kind.value for d in version.documents}
    assert kinds["guardianship_decision_copy"] == "copy"
    assert kinds["applicant_identity"] == kinds["residence_certificate_data"] == "information_system"
    assert [g.kk for g in version.intake_refusal_grounds] == [
        (
            "Орталық мемлекеттік қызметті алушы осы стандарттың 11-тармағында көрсетілген құжаттар пакетін "
            "толық ұсынбаған жағдайда құжаттарды қабылдаудан бас тартады"
        )
    ]


def test_2013_minor_property_certificate_checklist(catalog: Catalog) -> None:
    version = catalog.service("minor-property-certificate").version_on(DAY_2014)
    assert version is not None
    always = [
        "application",
        "death_certificate",
        "bank_deposit_document",
        "inheritance_certificate",
        "representatives_identity",
    ]
    assert _keys(version, Answers()) == always
    for_police = Answers(applicant={"certificate_for_administrative_police": True})
    assert _keys(version, for_police) == [
        "application",
        "death_certificate",
        "bank_deposit_document",
        "vehicle_registration_certificate",
        "inheritance_certificate",
        "representatives_identity",
    ]
    everything = Answers(
        applicant={
            "certificate_for_administrative_police": True,
            "married_before_2008": True,
            "divorced_before_2008": True,
        },
        children=[
            {"child_born_before_2007_08_13": True, "child_born_out_of_wedlock_before_2008": True},
            {},
        ],
    )
    assert _keys(version, everything) == [
        "application",
        "death_certificate",
        "bank_deposit_document",
        "vehicle_registration_certificate",
        "inheritance_certificate",
        "representatives_identity",
        "child_birth_certificate#1",
        "marriage_certificate",
        "divorce_certificate",
        "form_4_certificate#1",
    ]
    vehicle = next(d for d in version.documents if d.key == "vehicle_registration_certificate")
    # the registration certificate, or the police's substantiating certificate if it is lost
    assert len(vehicle.alternatives) == 2


def _point_11_counter_lists() -> list[list[str]]:
    """The counter lists of point 11.1 of both 2013 standards, item by item, as the seed prints them."""
    lines = [line.strip() for line in SEED_2013.read_text(encoding="utf-8").splitlines()]
    heading = (
        "11. Мемлекеттік қызметті алу үшін мемлекеттік қызметті алушы мынадай құжаттарды тапсыруы қажет:"
    )
    lists = []
    for start in [i for i, line in enumerate(lines) if line == heading]:
        assert lines[start + 1] == "1) Орталыққа жүгінген кезде:"
        items = []
        for line in lines[start + 2 :]:
            if line.startswith("Мемлекеттік электрондық ақпарат ресурстары"):
                break
            if line != "мынадай:":
                items.append(line)
        lists.append(items)
    return lists


def _without_data_word(text: str) -> str:
    """'... деректері' closes the seed's 'мынадай: ...' list; the catalog re-attaches it to each item."""
    text = _quoted(text)
    return text.removesuffix(" деректері")


@needs_seeds
@pytest.mark.parametrize(
    ("code", "index", "count"), [("guardianship-certificate", 0, 4), ("minor-property-certificate", 1, 10)]
)
def test_2013_documents_follow_point_11_of_the_seed(
    catalog: Catalog, code: str, index: int, count: int
) -> None:
    version = catalog.service(code).version_on(DAY_2014)
    assert version is not None
    seed_items = _point_11_counter_lists()[index]
    assert len(seed_items) == len(version.documents) == count
    for document, seed_item in zip(version.documents, seed_items, strict=True):
        assert _without_data_word(document.wording.kk) == _without_data_word(seed_item)
        assert document.wording.ru_translated_by_project  # seed 004 is Kazakh only


# --- verbatim texts ------------------------------------------------------------------------------------------


def _checked_texts(version: ServiceVersion) -> list[LocalizedText]:
    texts = [d.wording for d in version.documents]
    texts += [alt for d in version.documents for alt in d.alternatives]
    texts += [
        version.term.text,
        version.result,
        *version.intake_refusal_grounds,
        *version.service_refusal_grounds,
    ]
    return texts


@needs_seeds
@pytest.mark.parametrize("code", CERTIFICATES + NEVER_AT_COUNTER)
def test_texts_are_quoted_from_the_seed(catalog: Catalog, code: str) -> None:
    for version in catalog.service(code).versions:
        # compared without whitespace: the seed's narrow columns leave stray spaces ("( немесе)", '" Дербес')
        seed = re.sub(r"\s", "", _normalise((SEEDS / version.legal_source.seed).read_text(encoding="utf-8")))
        for text in _checked_texts(version):
            if text.reconstructed:  # the notes say how it was re-assembled
                assert "reconstructed" in " ".join(version.notes).lower()
                continue
            assert re.sub(r"\s", "", _quoted(text.kk)) in seed, text.kk
            if not text.ru_translated_by_project:
                assert re.sub(r"\s", "", _quoted(text.ru)) in seed, text.ru
