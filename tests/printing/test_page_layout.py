"""Print layout (issue #13, item 6), read back from the PDFs with pypdf: every printed form, in Kazakh and
Russian, with one, six and eleven documents (rows).

- The signature block stands on the same page as the text before it (the last document of a refusal, the last
  row of a manifest or of the day-close sheet, the last note of the acceptance receipt).
- A page breaks early only to keep the signature block with what precedes it (the page then is at least two
  thirds full); elsewhere a long row of the law's wording splits rather than leaving a blank (at least 80 %).
- No title leaves one word alone on its last line.
- A short paragraph (a missing document of a refusal) is never split across pages.
"""

from __future__ import annotations

from functools import cache

import pytest

from counter_app.core.domain.catalog import load_catalog

from .layout_forms import (
    COUNTS,
    Printed,
    body_lines,
    every_form,
    filled,
    manifest,
    page_lines,
    page_texts,
    words,
)

LANGS = ("kk", "ru")
CASES = [pytest.param(lang, count, id=f"{lang}-{count}") for lang in LANGS for count in COUNTS]


@cache
def forms(lang: str, count: int) -> dict[str, Printed]:
    return every_form(load_catalog(), count, lang)


def starts_a_copy(form: Printed, page: str) -> bool:
    """A form in two copies (refusal receipt, manifest) starts each on a new page, with its title."""
    return words(form.title) in page


@pytest.mark.parametrize(("lang", "count"), CASES)
def test_the_signature_block_stands_on_the_page_of_what_precedes_it(lang, count):
    for name, form in forms(lang, count).items():
        pages = page_texts(form.pdf)
        signed = [index for index, text in enumerate(pages) if form.signature in text]
        assert signed, f"{name}: no signature block ({form.signature!r})"
        for index in signed:
            assert form.before in pages[index], (
                f"{name}, page {index + 1}: the signature block without {form.before!r} before it"
            )


@pytest.mark.parametrize(("lang", "count"), CASES)
def test_a_page_ends_early_only_to_keep_the_signature_block_with_its_text(lang, count):
    for name, form in forms(lang, count).items():
        pages, shares = page_texts(form.pdf), filled(form.pdf)
        for index in range(len(pages) - 1):
            following = pages[index + 1]
            if starts_a_copy(form, following):
                continue
            least = 2 / 3 if form.signature in following else 0.8
            assert shares[index] >= least, (
                f"{name}, page {index + 1}: filled to {shares[index]:.0%} only before page {index + 2}"
            )


def title_lines(lines: list[str], title: str) -> list[str]:
    """The printed lines of one line of a title (found by its words, as pypdf extracts them)."""
    expected = title.split()
    for start in range(len(lines)):
        taken, found = 0, []
        for line in lines[start:]:
            got = line.split()
            if expected[taken : taken + len(got)] != got:
                break
            found.append(line)
            taken += len(got)
            if taken == len(expected):
                return found
    raise AssertionError(f"title {title!r} not found in {lines[:12]}")


@pytest.mark.parametrize(("lang", "count"), CASES[:1] + CASES[3:4])  # a title does not depend on the count
def test_no_title_leaves_one_word_alone_on_its_last_line(lang, count):
    for name, form in forms(lang, count).items():
        first_page = page_lines(form.pdf)[0]
        for title in form.title.split("\n"):
            printed = title_lines(first_page, title)
            if len(title.split()) > 1:
                assert len(printed[-1].split()) > 1, f"{name}: {printed[-1]!r} alone on the title's last line"


@pytest.mark.parametrize(("lang", "count"), CASES)
def test_a_short_paragraph_is_never_split_across_pages(lang, count):
    for name, form in forms(lang, count).items():
        pages = page_texts(form.pdf)
        for paragraph in form.whole:
            assert any(paragraph in page for page in pages), f"{name}: {paragraph[:60]!r}… split across pages"


@pytest.mark.parametrize(("lang", "count"), CASES)
def test_a_heading_is_never_the_last_text_of_a_page(lang, count):
    for name, form in forms(lang, count).items():
        for number, lines in enumerate(body_lines(form.pdf), start=1):
            for heading in form.headings:
                assert not (lines and lines[-1] == heading), (
                    f"{name}: {heading!r} alone at the foot of page {number}"
                )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["handoff", "return"])
def test_a_manifest_carries_only_its_last_row_over_with_the_signatures(lang, kind):
    """Seven packages: the totals and the signatures do not fit under the seventh row; only that row goes over
    with them (not the last few points of the table, which would take two rows)."""
    form = manifest(load_catalog(), kind, 7, lang)
    pages, shares = page_texts(form.pdf), filled(form.pdf)
    signed = [index for index, text in enumerate(pages) if form.signature in text]
    for index in signed:
        assert form.before in pages[index]
        if not starts_a_copy(form, pages[index]):  # the copy began on the page before
            assert "-0006" in pages[index - 1] and "-0006" not in pages[index]
            assert shares[index - 1] >= 2 / 3
