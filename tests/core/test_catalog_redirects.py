"""Services the counter does not take: the catalog tells the operator where to send the citizen, and why.

Checked against the shipped forms/: patronage (portal only), foster family (provider's office and portal),
school meals (office, school, portal), the opinion of a child aged 10+ (office only), and the two Astana
regulations of 2016 that were repealed on 09.10.2020.
"""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.catalog import Catalog, Channel, Service, ServiceVersion, load_catalog

TODAY = dt.date(2026, 11, 23)
ASTANA_REPEALED = dt.date(2020, 10, 9)
ORDER_414_IN_FORCE = dt.date(2022, 10, 17)

# Words a redirect must contain (case-insensitive, any one of them) to name a channel, per language.
CHANNEL_WORDS: dict[Channel, dict[str, tuple[str, ...]]] = {
    Channel.PORTAL: {"kk": ("egov.kz",), "ru": ("egov.kz",)},
    Channel.PROVIDER_OFFICE: {
        "kk": ("білім бөлім", "білім басқарма"),
        "ru": ("отдел образования", "управление образования", "отдел (управление) образования"),
    },
    Channel.SCHOOL: {"kk": ("мектеп",), "ru": ("школ",)},
}
# ... and the words saying that the State Corporation counter does not take it.
COUNTER_WORDS = {"kk": "мемлекеттік корпорация (хқко) қабылдамайды", "ru": "цон (госкорпорация) не принимает"}

CURRENT = {
    "patronage": {Channel.PORTAL},
    "foster-family": {Channel.PROVIDER_OFFICE, Channel.PORTAL},
    "school-meals": {Channel.PROVIDER_OFFICE, Channel.SCHOOL, Channel.PORTAL},
    "child-opinion": {Channel.PROVIDER_OFFICE},
}
ASTANA = ("astana-patronage-payment", "astana-adoption-payment")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def assert_redirects_to_its_channels(service: Service, version: ServiceVersion) -> None:
    assert not version.accepted_at_counter
    assert Channel.STATE_CORPORATION not in version.channels
    assert version.redirect is not None, service.code
    for lang in ("kk", "ru"):
        text = version.redirect.get(lang).casefold()
        assert COUNTER_WORDS[lang] in text, (service.code, lang)
        for channel in version.channels:
            words = CHANNEL_WORDS[channel][lang]
            assert any(word in text for word in words), (service.code, lang, channel, text)
        if Channel.PORTAL not in version.channels:
            assert "egov.kz" not in text, (service.code, lang, "sends the citizen to a portal it is not on")
    assert version.redirect.en


@pytest.mark.parametrize("code", sorted(CURRENT))
def test_today_the_counter_does_not_take_it_and_says_where_to_go(catalog, code):
    service = catalog.service(code)
    version = service.version_on(TODAY)
    assert version is not None, f"{code} has no version in force on {TODAY}"
    assert set(version.channels) == CURRENT[code]
    assert_redirects_to_its_channels(service, version)


def test_no_redirect_service_is_offered_at_the_counter_today(catalog):
    taken_here = {service.code for service, version in catalog.in_force(TODAY) if version.accepted_at_counter}
    assert taken_here.isdisjoint({*CURRENT, *ASTANA})


@pytest.mark.parametrize("code", ASTANA)
def test_astana_regulations_end_with_their_repeal(catalog, code):
    service = catalog.service(code)
    assert service.repealed_on == ASTANA_REPEALED
    assert service.repeal_source and "107-2157" in service.repeal_source
    assert service.version_on(TODAY) is None
    assert service.version_on(ASTANA_REPEALED) is None
    assert service.version_on(ASTANA_REPEALED + dt.timedelta(days=1)) is None
    assert service not in [s for s, _ in catalog.in_force(TODAY)]
    assert service.version_on(ASTANA_REPEALED - dt.timedelta(days=1)) is not None


@pytest.mark.parametrize("code", ASTANA)
def test_astana_regulations_were_in_force_in_2019_outside_the_counter(catalog, code):
    service = catalog.service(code)
    version = service.version_on(dt.date(2019, 1, 1))
    assert version is not None
    assert version.legal_source.number == "107-1325"
    assert set(version.channels) == {Channel.PROVIDER_OFFICE, Channel.PORTAL}
    assert_redirects_to_its_channels(service, version)


def test_foster_family_follows_order_414_from_its_entry_into_force(catalog):
    foster = catalog.service("foster-family")
    before = foster.version_on(ORDER_414_IN_FORCE - dt.timedelta(days=1))
    after = foster.version_on(ORDER_414_IN_FORCE)
    assert before is not None and after is not None
    assert before.legal_source.number == "343"
    assert after.legal_source.number == "414"
    assert foster.version_on(TODAY) == after
    assert foster.version_on(dt.date(2022, 7, 1)) is None  # before Order 343: not in the seeds
    for version in (before, after):
        assert version.term.amount == 10
        assert_redirects_to_its_channels(foster, version)


def test_the_counter_list_stays_empty_for_redirect_services(catalog):
    for code in (*CURRENT, *ASTANA):
        for version in catalog.service(code).versions:
            assert version.documents == (), code
