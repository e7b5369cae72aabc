"""The office this installation serves: the State Corporation branch, its windows and its service providers.

Plain data passed between storage, printing and the UI; the administrator edits it on the Settings screen.
"""

from __future__ import annotations

import re
from dataclasses import field

from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import _, ngettext
from counter_app.core.domain.law_text import Record, value_record


@value_record
class Bilingual(Record):
    kk: str
    ru: str

    def get(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru


@value_record
class ServiceProvider(Record):
    """A body this office hands packages to (local executive body or education department of a district)."""

    id: int
    kind: ProviderKind
    district: Bilingual
    name: Bilingual
    address: Bilingual
    active: bool = True


@value_record
class Office(Record):
    """The State Corporation branch and department this installation belongs to."""

    branch_name: Bilingual
    department_number: str
    address: Bilingual
    windows: tuple[str, ...] = ()
    providers: tuple[ServiceProvider, ...] = field(default_factory=tuple)
    idle_lock_minutes: int = 5

    def provider(self, provider_id: int) -> ServiceProvider:
        for provider in self.providers:
            if provider.id == provider_id:
                return provider
        raise KeyError(provider_id)


# A service window's number as the centre paints it over the window: digits, a letter after them if the hall needs
# one ("12", "3A", "3Б"); a word or a stray letter ("1, x") is a typing slip, never a window.
WINDOW_NUMBER = re.compile(r"[0-9]{1,4}[^\W\d_]?")


def not_window_numbers(labels: tuple[str, ...] | list[str]) -> list[str]:
    """The labels (stripped) that are not a window number, in the order typed."""
    return [label.strip() for label in labels if label.strip() and not WINDOW_NUMBER.fullmatch(label.strip())]


def office_problems(office: Office) -> dict[str, str]:
    """What is missing or wrong in the office's own fields, keyed by field (empty when it can be saved).

    Settings, the setup wizard and ``OfficeSettings.save`` apply this one rule (an empty department number would
    otherwise fail later, when a receipt is numbered)."""
    problems: dict[str, str] = {}
    if not office.branch_name.kk.strip() or not office.branch_name.ru.strip():
        problems["branch_name"] = _("Enter the branch name in Kazakh and in Russian.")
    if not office.department_number.strip():
        problems["department_number"] = _("Enter the department number.")
    if not office.address.kk.strip() or not office.address.ru.strip():
        problems["address"] = _("Enter the address in Kazakh and in Russian.")
    windows = [label.strip() for label in office.windows if label.strip()]
    wrong = not_window_numbers(windows)
    if not windows:
        problems["windows"] = _("Enter at least one window number, for example: 1, 2, 3.")
    elif wrong:
        problems["windows"] = " ".join(
            (
                ngettext(
                    "This is not a window number: {labels}.",
                    "These are not window numbers: {labels}.",
                    len(wrong),
                ).format(labels=", ".join(wrong)),
                _(
                    "A window number is digits, with a letter after them if needed; separate the windows with "
                    "commas, for example: 1, 2, 3A."
                ),
            )
        )
    elif len(set(windows)) != len(windows):
        problems["windows"] = _("Each window number may appear only once.")
    return problems


def provider_problems(provider: ServiceProvider) -> dict[str, str]:
    """What is missing in a provider's fields, keyed by field (empty when it can be saved)."""
    texts = (
        ("district", provider.district, _("Enter the district in Kazakh and in Russian.")),
        ("name", provider.name, _("Enter the provider's name in Kazakh and in Russian.")),
        ("address", provider.address, _("Enter the provider's address in Kazakh and in Russian.")),
    )
    return {name: message for name, text, message in texts if not text.kk.strip() or not text.ru.strip()}
