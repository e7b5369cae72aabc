"""Shared helpers for the printed-form tests: the shipped catalog, the benefit service, PDF text extraction."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

DAY = dt.date(2026, 11, 23)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (line breaks of the layout become spaces)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [normalise(page.extract_text() or "") for page in reader.pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


@pytest.fixture(scope="session")
def benefit(catalog):
    service = catalog.service("guardian-benefit")
    return service, service.version_on(DAY)


@pytest.fixture(scope="session")
def order_414_service(catalog):
    """A counter service whose version comes from Order No. 414 (its refusal receipt has no Russian text)."""
    for service, version in catalog.in_force(DAY):
        if version.accepted_at_counter and version.legal_source.number == "414":
            return service, version
    pytest.skip("no Order 414 counter service in the catalog yet")
