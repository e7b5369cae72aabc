"""One loader for the law as data: everything under ``forms/`` is read and validated here, together.

``forms/questions.yaml`` (the yes/no questions), ``forms/services/*.yaml`` (one file per service),
``forms/printed/*.yaml`` (the texts of every printed form, the manifests' included) and ``forms/banks.yaml``
(the banks an applicant's account can be in). Every file is checked against its strict model
(:mod:`core.catalog`, :mod:`core.printed_forms`), then across files (question keys, refusal receipt texts);
any other file under the folder is a problem too (only ``*.md`` notes may sit beside the data). Every problem
names the file (relative to the folder), the field and what is wrong; all of them are reported at once.

The application refuses to start with a broken ``forms/``, and ``counter-app catalog validate [PATH]`` runs
the same check, so a broken printed-form text is found before a receipt number is issued, not at F9.

The law's types are plain frozen records (:mod:`core.law_text`); pydantic is imported, and its validators built,
only here, when a file is actually validated. The law validated from a folder is kept in the data directory's
``cache/`` (a pickle of those records, 0600 in the 0700 data directory), under a hash of every file's path and
bytes in the folder and of the code that reads and holds it (the record modules' sizes and times, the cache's
format, Counter's version): the next start whose folder and code are the same reads it back instead of parsing
and validating the YAML again, and imports no pydantic at all. Any change — a file edited, added or removed,
another Counter — is another hash, so the folder is read and checked afresh; a cache that cannot be read or
written only costs that check. Only a folder that passed the check is ever cached.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from counter_app.core.domain.banks import BANKS_FILE, Bank, BanksFile
from counter_app.core.domain.catalog import Catalog, Service, _QuestionsFile
from counter_app.core.domain.law_text import LawError, LawProblem, Strict, record
from counter_app.core.domain.printed_forms import PRINTED_FILES, PrintedTexts
from counter_app.paths import forms_dir

log = logging.getLogger(__name__)


_R = TypeVar("_R", bound=Strict)

# The format of the cache: another one (e.g. records instead of pydantic models) is another hash.
_CACHE_FORMAT = "records-1"


@record
class Law(Strict):
    """Everything in ``forms/``, validated."""

    catalog: Catalog
    printed: PrintedTexts
    banks: tuple[Bank, ...]
    root: Path

    def bank(self, code: str) -> Bank | None:
        return next((b for b in self.banks if b.code == code), None)


def _field_path(loc: Iterable[object]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


# pydantic words a few errors of a dataclass otherwise than those of a model: the law's files say it as before.
_MESSAGES = {
    "unexpected_keyword_argument": "Extra inputs are not permitted",
    "dataclass_type": "Input should be a valid dictionary or instance of {class_name}",
}


def _message(error: Any) -> str:  # a pydantic_core.ErrorDetails
    template = _MESSAGES.get(error["type"])
    return template.format(**error.get("ctx", {})) if template else str(error["msg"])


_validators: dict[type[Strict], Any] = {}  # pydantic's TypeAdapter of each record, built when a file is read


def _validator(kind: type[Strict]) -> Any:
    if kind not in _validators:
        from pydantic import TypeAdapter

        _validators[kind] = TypeAdapter(kind)
    return _validators[kind]


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[LawProblem] = []
        self.seen: set[Path] = set()

    def name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def problem(self, path: Path | str, field: str, message: str) -> None:
        name = path if isinstance(path, str) else self.name(path)
        self.problems.append(LawProblem(name, field, message))

    def read(self, path: Path) -> object | None:
        import yaml  # not needed when the validated law comes from the cache

        from counter_app.core.domain.yaml_files import load_yaml

        self.seen.add(path)
        if not path.is_file():
            self.problem(path, "(file)", "file is missing")
            return None
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            self.problem(path, "(file)", " ".join(str(exc).split()))
            return None
        if data is None:
            self.problem(path, "(file)", "file is empty")
        return data

    def model(self, kind: type[_R], path: Path) -> _R | None:
        from pydantic import ValidationError

        data = self.read(path)
        if data is None:
            return None
        try:
            value: _R = _validator(kind).validate_python(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.problem(path, _field_path(error["loc"]), _message(error))
            return None
        return value


def _services(reader: _Reader, questions: set[str]) -> list[Service]:
    root = reader.root
    services: list[Service] = []
    paths = sorted((root / "services").glob("*.yaml"))
    if not paths:
        reader.problem("services/", "(folder)", "no service files found")
    for path in paths:
        service = reader.model(Service, path)
        if service is None:
            continue
        if path.stem != service.code:
            reader.problem(path, "code", f"must equal the file name ({path.stem})")
        for index, version in enumerate(service.versions):
            for key in sorted(version.condition_keys() - questions):
                reader.problem(path, f"versions.{index}.documents", f"unknown question key {key!r}")
        services.append(service)
    codes = [s.code for s in services]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        reader.problem(f"services/{code}.yaml", "code", "duplicate service code")
    return services


def _cross_checks(reader: _Reader, services: list[Service], printed: dict[str, Any]) -> None:
    refusal = printed.get("refusal")
    if refusal is None:
        return
    for service in services:
        for index, version in enumerate(service.versions):
            form = version.refusal_receipt_form
            if form is not None and form not in refusal.variants:
                reader.problem(
                    f"services/{service.code}.yaml",
                    f"versions.{index}.refusal_receipt_form",
                    f"no variant {form!r} in printed/refusal_receipt.yaml",
                )


def _strays(reader: _Reader) -> None:
    """Every other file under the folder: only notes (``*.md``) may sit beside the law's data."""
    for path in sorted(reader.root.rglob("*")):
        if path.is_dir() or path in reader.seen or path.suffix == ".md" or path.name.startswith("."):
            continue
        if path.parent.name == "services" and path.suffix == ".yaml":
            continue  # already read
        reader.problem(path, "(file)", "not a file of the law as data (a misplaced or misspelt file?)")


def load_law(root: Path | None = None) -> Law:
    """Load and validate everything under ``root`` (default: the shipped ``forms/``); raise LawError."""
    root = root or forms_dir()
    reader = _Reader(root)
    if not root.is_dir():
        raise LawError([LawProblem(str(root), "(folder)", "folder is missing")])
    parsed_questions = reader.model(_QuestionsFile, root / "questions.yaml")
    questions = {q.key: q for q in parsed_questions.questions} if parsed_questions is not None else {}
    services = _services(reader, set(questions))
    printed: dict[str, Any] = {}
    for name, (field, model) in PRINTED_FILES.items():
        value = reader.model(model, root / "printed" / name)
        if value is not None:
            printed[field] = value
    banks_file = reader.model(BanksFile, root / BANKS_FILE)
    _cross_checks(reader, services, printed)
    for path in (root / "services").glob("*.yaml"):
        reader.seen.add(path)
    _strays(reader)
    if reader.problems or banks_file is None:
        raise LawError(reader.problems)
    return Law(
        catalog=Catalog(services=tuple(services), questions=questions),
        printed=PrintedTexts(**printed),
        banks=banks_file.banks,
        root=root,
    )


# The modules whose classes are pickled in the cache: a change to any of them is another cache.
_RECORD_MODULES = ("law", "law_text", "catalog", "printed_forms", "banks", "office")


def _cache_key(root: Path) -> str:
    """A hash of every file under ``root`` (path and bytes) and of the code that reads and holds them."""
    from counter_app import __version__

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{_CACHE_FORMAT} {__version__} {sys.version} {root.resolve()}".encode())
    for name in _RECORD_MODULES:
        module = sys.modules.get(f"{__package__}.{name}")
        source = getattr(module, "__file__", None)
        if source and os.path.exists(source):  # a frozen build has no sources: its version says it all
            stat = os.stat(source)
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()


def _cache_file(root: Path) -> Path | None:
    from counter_app.paths import private_dir, user_data_dir

    try:
        return private_dir(user_data_dir() / "cache") / f"law-{_cache_key(root)}.pickle"
    except OSError:  # no data directory (DataDirectoryError) or an unreadable file: no cache
        return None


def cached_law(root: Path) -> Law:
    """``load_law(root)``, read from the cache when the folder and the code are the ones it was made from."""
    if "counter_app.core.domain.office" not in sys.modules:  # pickled Bilingual texts come from there
        import counter_app.core.domain.office  # noqa: F401
    cached = _cache_file(root)
    if cached is not None and cached.is_file():
        try:
            law = pickle.loads(cached.read_bytes())  # noqa: S301 - our own file in the 0700 data directory
        except Exception as error:  # noqa: BLE001 - a damaged or outdated cache is only read again
            log.warning("the cached law %s cannot be read (%s): the folder is read again", cached, error)
        else:
            if isinstance(law, Law):
                return law
    law = load_law(root)  # raises LawError: a broken folder is never cached
    if cached is not None:
        from counter_app.paths import write_private

        try:
            for old in cached.parent.glob("law-*.pickle"):
                old.unlink(missing_ok=True)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
            write_private(partial, pickle.dumps(law, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, cached)
        except OSError as error:
            log.warning("the validated law cannot be cached in %s: %s", cached.parent, error)
    return law


@cache
def _default(root: str) -> Law:
    return cached_law(Path(root))


def default_law() -> Law:
    """The shipped ``forms/`` (or ``COUNTER_FORMS_DIR``), read once per process."""
    return _default(str(forms_dir()))
