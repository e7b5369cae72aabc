"""The texts of the printed forms, read from ``forms/printed/*.yaml`` and validated (the law as data)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from counter_app.core.yaml_files import load_yaml
from counter_app.paths import forms_dir

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
SIGNATURE = "signature"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Line(_Strict):
    text: str
    caption: str = ""
    align: Literal["left", "right"] = "left"
    optional: bool = False  # dropped when every placeholder of the line is empty

    def placeholders(self) -> list[str]:
        return PLACEHOLDER.findall(self.text)


class FormText(_Strict):
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


class Repair(_Strict):
    seed: str  # the seed's text as extracted
    reading: str  # the text put back in order


class Variant(_Strict):
    source: str
    seed: str | None = None
    applies_to_seeds: tuple[str, ...] = ()
    default: bool = False
    project_wording: bool = False
    repairs: tuple[Repair, ...] = ()
    kk: FormText
    ru: FormText

    def text(self, lang: str) -> FormText:
        return self.kk if lang == "kk" else self.ru


class VariantFile(_Strict):
    appendix: str | None = None
    variants: dict[str, Variant]

    @model_validator(mode="after")
    def _one_default(self) -> VariantFile:
        defaults = [k for k, v in self.variants.items() if v.default]
        if len(defaults) != 1:
            raise ValueError(f"exactly one variant must be the default, got {defaults}")
        return self

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


class AcceptanceText(_Strict):
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


class AcceptanceFile(_Strict):
    project_wording: Literal[True]
    kk: AcceptanceText
    ru: AcceptanceText

    def text(self, lang: str) -> AcceptanceText:
        return self.kk if lang == "kk" else self.ru


class CommonText(_Strict):
    copy_mark: str
    page: str
    copy_labels: tuple[str, str]
    expired_mark: str
    numeric_date: str
    date_time: str


class CommonFile(_Strict):
    kk: CommonText
    ru: CommonText

    def text(self, lang: str) -> CommonText:
        return self.kk if lang == "kk" else self.ru


class PrintedTexts(_Strict):
    common: CommonFile
    refusal: VariantFile
    acceptance: AcceptanceFile
    application: VariantFile


def _read(path: Path) -> object:
    return load_yaml(path.read_text(encoding="utf-8"))


def load_texts_from(folder: Path) -> PrintedTexts:
    """Read and validate every file of ``folder`` (raises pydantic's ValidationError naming the field)."""
    return PrintedTexts(
        common=CommonFile.model_validate(_read(folder / "common.yaml")),
        refusal=VariantFile.model_validate(_read(folder / "refusal_receipt.yaml")),
        acceptance=AcceptanceFile.model_validate(_read(folder / "acceptance_receipt.yaml")),
        application=VariantFile.model_validate(_read(folder / "application.yaml")),
    )


@cache
def _load(folder: str) -> PrintedTexts:
    return load_texts_from(Path(folder))


def load_texts() -> PrintedTexts:
    """The shipped texts (``forms/printed/``), read once."""
    return _load(str(forms_dir() / "printed"))


LANGS = ("kk", "ru")
