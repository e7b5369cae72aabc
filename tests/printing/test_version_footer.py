"""Every printed form names the Counter release that printed it, on every page's footer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from counter_app import __version__
from counter_app.printing.specimen import FORMS, render_specimen

from .conftest import DAY


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("form", FORMS)
def test_the_footer_of_every_page_names_the_version(catalog, form, lang):
    service = catalog.service("guardian-benefit")
    pdf = render_specimen(form, service, service.version_on(DAY), DAY, lang)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert pages
    for page in pages:
        assert f"Counter {__version__}" in (page.extract_text() or "")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_manifest_names_the_version_on_every_page(catalog, lang):
    from counter_app.core.domain.office import Bilingual
    from counter_app.printing.manifest import manifest_specimen, render_manifest

    services = tuple(
        Bilingual(kk=s.short_names.kk, ru=s.short_names.ru)
        for s, version in catalog.in_force(DAY)
        if version.accepted_at_counter
    )
    pages = PdfReader(
        io.BytesIO(render_manifest(manifest_specimen(services, 60, "handoff", DAY), lang))
    ).pages
    assert len(pages) >= 4  # two copies of a table longer than a page
    for page in pages:
        assert f"Counter {__version__}" in (page.extract_text() or "")
