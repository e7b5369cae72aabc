"""Who may do what: the capabilities each role has, the screen each capability opens, the account as the
use-cases see it.

The use-cases ask for a capability (``can``/``require`` here, ``acting`` in the write transaction); the main
window shows the screens whose capability the account has (``can_open``), so the menu and the use-cases refuse
the same things.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counter_app.core.domain.i18n import _


class Role(str, enum.Enum):
    OPERATOR = "operator"
    MANAGER = "manager"
    ADMIN = "admin"


class Capability(str, enum.Enum):
    TAKE_APPLICATIONS = "take_applications"  # intake: accept, refuse, cancel; drafts; receipts
    HAND_OVER = "hand_over"  # manifests to providers, pickup, delivery, return manifests; the day's close
    DEAL_WITH_RESULTS = "deal_with_results"  # results received, issued, returned; citizens informed
    READ_CATALOG = "read_catalog"
    READ_REPORTS = "read_reports"  # reports and the board
    ADMINISTER = "administer"  # the office, windows, providers, users, the calendar, retention


CAPABILITIES_BY_ROLE: dict[Role, frozenset[Capability]] = {
    Role.OPERATOR: frozenset(
        {Capability.TAKE_APPLICATIONS, Capability.DEAL_WITH_RESULTS, Capability.READ_CATALOG}
    ),
    Role.MANAGER: frozenset(
        {Capability.HAND_OVER, Capability.DEAL_WITH_RESULTS, Capability.READ_CATALOG, Capability.READ_REPORTS}
    ),
    Role.ADMIN: frozenset({Capability.ADMINISTER, Capability.READ_CATALOG, Capability.READ_REPORTS}),
}


class Screen(str, enum.Enum):
    INTAKE = "intake"
    HANDOFF = "handoff"
    RESULTS = "results"
    CATALOG = "catalog"
    REPORTS = "reports"
    SETTINGS = "settings"


SCREEN_NEEDS: dict[Screen, Capability] = {
    Screen.INTAKE: Capability.TAKE_APPLICATIONS,
    Screen.HANDOFF: Capability.HAND_OVER,
    Screen.RESULTS: Capability.DEAL_WITH_RESULTS,
    Screen.CATALOG: Capability.READ_CATALOG,
    Screen.REPORTS: Capability.READ_REPORTS,
    Screen.SETTINGS: Capability.ADMINISTER,
}


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str
    role: Role
    window: str | None
    locked: bool
    active: bool = True
    must_change_password: bool = False


class AccessDenied(Exception):
    """The actor may not do this (role, deactivated or locked account); the message says why."""


def can(account: Account, capability: Capability) -> bool:
    return capability in CAPABILITIES_BY_ROLE[account.role]


def require(account: Account, *capabilities: Capability) -> None:
    """``AccessDenied`` unless the account has one of ``capabilities``."""
    if not any(can(account, capability) for capability in capabilities):
        raise AccessDenied(_("Your role does not allow this."))


def can_open(account: Account, screen: Screen) -> bool:
    return can(account, SCREEN_NEEDS[screen])


def require_screen(account: Account, screen: Screen) -> None:
    if not can_open(account, screen):
        raise AccessDenied(_("Your role does not give access to this screen."))
