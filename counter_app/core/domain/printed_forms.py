"""The texts of the printed forms (``forms/printed/*.yaml``) as validated data; rendering is in ``printing``.

Each file has its record here, on the one strict base and the one bilingual type of :mod:`core.law_text`;
:mod:`core.law` loads them with the rest of ``forms/``, at start and by ``counter-app catalog validate``.
"""

from __future__ import annotations

import re
from typing import Literal

from counter_app.core.domain.law_text import Bilingual, Strict, record

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
SIGNATURE = "signature"


@record
class Line(Strict):
    text: str
    caption: str = ""
    align: Literal["left", "right"] = "left"
    optional: bool = False  # dropped when every placeholder of the line is empty

    def placeholders(self) -> list[str]:
        return PLACEHOLDER.findall(self.text)


@record
class FormText(Strict):
    """One language of a form: title block, title, lines before the numbered list, its heading, closing lines."""

    translated_by_project: bool = False
    title_block: str = ""
    form_label: str = ""
    title: str
    body: tuple[Line, ...] = ()
    list_heading: str = ""
    closing: tuple[Line, ...] = ()
    lines: tuple[Line, ...] = ()  # the application's lines (no list)
    date_pattern: str


@record
class Repair(Strict):
    seed: str  # the seed's text as extracted
    reading: str  # the text put back in order


@record
class Variant(Strict, Bilingual[FormText]):
    kk: FormText
    ru: FormText
    source: str
    seed: str | None = None
    applies_to_seeds: tuple[str, ...] = ()
    default: bool = False
    project_wording: bool = False
    repairs: tuple[Repair, ...] = ()


@record
class VariantFile(Strict):
    appendix: str | None = None
    variants: dict[str, Variant]

    def check(self) -> None:
        defaults = [k for k, v in self.variants.items() if v.default]
        if len(defaults) != 1:
            raise ValueError(f"exactly one variant must be the default, got {defaults}")

    @property
    def default_key(self) -> str:
        return next(k for k, v in self.variants.items() if v.default)

    def variant_for_seed(self, seed: str) -> str:
        for key, variant in self.variants.items():
            if seed in variant.applies_to_seeds:
                return key
        return self.default_key

    def get(self, key: str | None) -> Variant:
        return self.variants[key or self.default_key]


@record
class AcceptanceText(Strict):
    title: str
    number: str
    accepted_at: str
    office: str
    service: str
    documents_heading: str
    column_number: str
    column_name: str
    column_kind: str
    originals_note: str
    handoff: str
    result: str
    issue_rules: str
    employee: str
    applicant: str
    contacts: str
    applicant_signature: str
    kinds: dict[str, str]
    e_document: str


@record
class AcceptanceFile(Strict, Bilingual[AcceptanceText]):
    kk: AcceptanceText
    ru: AcceptanceText
    project_wording: Literal[True]


@record
class CommonText(Strict):
    copy_mark: str
    page: str
    copy_labels: tuple[str, str]
    expired_mark: str
    translation_mark: str  # under the title of a Russian text that is the project's translation
    project_mark: str  # on a form in the project's own wording
    id_kinds: dict[str, str]  # the identity document's kind on the application (keys: the wizard's choices)
    numeric_date: str
    date_time: str


@record
class CommonFile(Strict, Bilingual[CommonText]):
    kk: CommonText
    ru: CommonText


@record
class ConsentNoteText(Strict):
    title: str
    lines: tuple[Line, ...]
    date_pattern: str


@record
class ConsentNoteFile(Strict, Bilingual[ConsentNoteText]):
    kk: ConsentNoteText
    ru: ConsentNoteText
    project_wording: Literal[True]


@record
class ManifestColumns(Strict):
    index: str
    receipt: str
    applicant: str
    service: str
    documents: str
    accepted_on: str
    result_due: str
    result: str
    result_received_on: str


@record
class SignatureColumns(Strict):
    role: str
    name: str
    signature: str
    time: str


@record
class Signers(Strict):
    handed_over: str
    courier: str
    clerk: str


@record
class ManifestText(Strict):
    handoff_title: str
    return_title: str
    number: str
    sender: str
    recipient: str
    copy_labels: tuple[str, str]
    columns: ManifestColumns
    handoff_totals: str
    return_totals: str
    result_kinds: dict[str, str]
    signature_columns: SignatureColumns
    signers: Signers
    page: str

    def title(self, kind: Literal["handoff", "return"]) -> str:
        return self.handoff_title if kind == "handoff" else self.return_title


@record
class ManifestFile(Strict, Bilingual[ManifestText]):
    kk: ManifestText
    ru: ManifestText
    project_wording: Literal[True]


@record
class PrintedTexts(Strict):
    """Every file of ``forms/printed/``."""

    common: CommonFile
    refusal: VariantFile
    acceptance: AcceptanceFile
    application: VariantFile
    manifest: ManifestFile
    consent_note: ConsentNoteFile


# File name under forms/printed/ -> (field of PrintedTexts, model)
PRINTED_FILES: dict[str, tuple[str, type[Strict]]] = {
    "common.yaml": ("common", CommonFile),
    "refusal_receipt.yaml": ("refusal", VariantFile),
    "acceptance_receipt.yaml": ("acceptance", AcceptanceFile),
    "application.yaml": ("application", VariantFile),
    "manifest.yaml": ("manifest", ManifestFile),
    "consent_note.yaml": ("consent_note", ConsentNoteFile),
}
