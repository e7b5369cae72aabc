"""The building blocks of every file in ``forms/``: one strict base model and one bilingual text type.

Every model of the law as data (services, questions, printed texts, manifest texts, the bank list) derives from
:class:`Strict` (unknown keys are errors, values are frozen); every text the citizen reads is a
:class:`Bilingual` pair, Kazakh and Russian. :class:`LocalizedText` is the bilingual *string* (with an optional
English text for the UI and the fidelity flags); a printed form's language blocks are ``Bilingual[FormText]`` (a mixin: each model declares ``kk`` and ``ru``).
A broken file is reported as :class:`LawProblem` items (file, field, problem) in one :class:`LawError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

LANGS = ("kk", "ru")


class Strict(BaseModel):
    """Unknown keys are errors (a misspelt key never passes silently); loaded values do not change.

    The validators are built when a file is first validated, not when the classes are defined: a start that
    finds the validated law in its cache (``core.law``) never builds them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilingual(Generic[T]):
    """The same thing in Kazakh and in Russian; ``text(lang)`` picks one (any other language: Russian).

    A mixin beside :class:`Strict`, whose subclass declares the two fields with their type
    (``class Variant(Strict, Bilingual[FormText]): kk: FormText; ru: FormText``): a generic pydantic model would
    build its validator when it is parametrised, at import, which a start from the cached law never needs."""

    __slots__ = ()

    if TYPE_CHECKING:
        kk: T
        ru: T

    def text(self, lang: str) -> T:
        return self.kk if lang == "kk" else self.ru


NonEmptyText = Annotated[str, Field(min_length=1)]


class LocalizedText(Strict, Bilingual[str]):
    """A text in Kazakh and Russian (English optional, for the UI only).

    ``ru_translated_by_project`` marks a Russian text that is the project's translation, not the law's;
    ``reconstructed`` marks a text re-assembled from a jumbled seed passage (the version's notes say how).
    Every other Kazakh and Russian text is quoted verbatim from the seed (a test checks it).
    """

    kk: NonEmptyText
    ru: NonEmptyText
    en: str | None = None
    ru_translated_by_project: bool = False
    reconstructed: bool = False

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en or self.ru
        return self.text(lang)


@dataclass(frozen=True)
class LawProblem:
    """One problem of one file under ``forms/``: the file (relative to the folder), the field and what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class LawError(Exception):
    """Something under ``forms/`` is broken; ``problems`` names each file, field and problem."""

    def __init__(self, problems: list[LawProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
