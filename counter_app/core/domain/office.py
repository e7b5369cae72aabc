"""The office this installation serves: the State Corporation branch, its windows and its service providers.

Plain data passed between storage, printing and the UI; the administrator edits it on the Settings screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.core.domain.catalog import ProviderKind


@dataclass(frozen=True)
class Bilingual:
    kk: str
    ru: str

    def get(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru


@dataclass(frozen=True)
class ServiceProvider:
    """A body this office hands packages to (local executive body or education department of a district)."""

    id: int
    kind: ProviderKind
    district: Bilingual
    name: Bilingual
    address: Bilingual
    active: bool = True


@dataclass(frozen=True)
class Office:
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
