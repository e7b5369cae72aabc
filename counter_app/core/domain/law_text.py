"""The building blocks of every file in ``forms/``: one strict record type and one bilingual text type.

Every type of the law as data (services, questions, printed texts, manifest texts, the bank list) is a
:func:`record`: a frozen standard-library dataclass on the :class:`Strict` base, whose constraints
(:class:`Rule`) and checks (:class:`Check`, :meth:`Strict.check`) are written beside its fields. They are
enforced by pydantic, which :mod:`core.law` imports only when it actually validates a file (unknown keys are
errors: ``__pydantic_config__``); the validated law, read back from its cache, needs neither pydantic nor a
validator, and its classes are made at import without generating any code.

Every text the citizen reads is a :class:`Bilingual` pair, Kazakh and Russian. :class:`LocalizedText` is the
bilingual *string* (with an optional English text for the UI and the fidelity flags); a printed form's language
blocks are ``Bilingual[FormText]`` (a mixin: each record declares ``kk`` and ``ru``).
A broken file is reported as :class:`LawProblem` items (file, field, problem) in one :class:`LawError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Self, TypeVar, dataclass_transform

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

T = TypeVar("T")
_R = TypeVar("_R", bound="Strict")
_V = TypeVar("_V", bound="Record")

LANGS = ("kk", "ru")


class Record:
    """A frozen value made without generating code: compared and hashed by its fields; pickled as its
    ``__dict__``, which unpickling restores without calling any code of the class (no slots, for that).

    The fields are those of the dataclass it is made into (:func:`record`, :func:`value_record`); positional
    arguments fill them in order, as a dataclass's would."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init__(self, *args: Any, **values: Any) -> None:
        names = list(self.__dataclass_fields__)
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}: {len(args)} values for {len(names)} fields")
        for name, value in zip(names, args, strict=False):
            if name in values:
                raise TypeError(f"{type(self).__name__}: {name!r} given twice")
            values[name] = value
        for name, spec in self.__dataclass_fields__.items():
            if name in values:
                value = values.pop(name)
            elif spec.default is not dataclasses.MISSING:
                value = spec.default
            elif spec.default_factory is not dataclasses.MISSING:
                value = spec.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(values)}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__)
        return f"{type(self).__name__}({fields})"


@dataclass_transform(frozen_default=True)
def value_record(cls: type[_V]) -> type[_V]:
    """Make ``cls`` (a :class:`Record`) a frozen dataclass, without generating code (a dataclass's
    ``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and ``__setattr__`` are compiled when its class is
    made: about a millisecond a class at every start)."""
    return dataclass(init=False, repr=False, eq=False)(cls)


class Strict(Record):
    """The base of every record of the law: unknown keys are errors when a file is validated (a misspelt key
    never passes silently); loaded values do not change. :meth:`check` holds a record's checks across its
    fields, run after its fields are validated."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    def check(self) -> None:
        """Raise ValueError when the record's fields, each valid, do not hold together."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[Any], handler: GetCoreSchemaHandler) -> Any:
        if cls.check is Strict.check:
            return handler(source)
        from pydantic import AfterValidator

        def checked(value: Self) -> Self:
            value.check()
            return value

        return AfterValidator(checked).__get_pydantic_core_schema__(source, handler)


@dataclass_transform(kw_only_default=True, frozen_default=True)
def record(cls: type[_R]) -> type[_R]:
    """Make ``cls`` (a :class:`Strict`) a frozen dataclass of keyword-only fields, without generating code."""
    return dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)


class Rule:
    """A constraint of a field, as pydantic's ``Field(...)`` takes it (``pattern``, ``min_length``, ``gt``, …):
    ``Annotated[str, Rule(min_length=1)]``; applied by pydantic when a file is validated."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic import Field

        return handler.generate_schema(Annotated[source, Field(**self.constraints)])


class Check:
    """A check of one field's validated value (returns it or raises ValueError): ``Annotated[X, Check(f)]``."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic import AfterValidator

        return AfterValidator(self.function).__get_pydantic_core_schema__(source, handler)


class Bilingual(Generic[T]):
    """The same thing in Kazakh and in Russian; ``text(lang)`` picks one (any other language: Russian).

    A mixin beside :class:`Strict`, whose subclass declares the two fields with their type
    (``class Variant(Strict, Bilingual[FormText]): kk: FormText; ru: FormText``)."""

    __slots__ = ()

    if TYPE_CHECKING:
        kk: T
        ru: T

    def text(self, lang: str) -> T:
        return self.kk if lang == "kk" else self.ru


NonEmptyText = Annotated[str, Rule(min_length=1)]


@record
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


@value_record
class LawProblem(Record):
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
