"""Who may do what: the roles, the screens each role opens, the account as the use-cases see it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counter_app.core.domain.i18n import _


class Role(str, enum.Enum):
    OPERATOR = "operator"
    MANAGER = "manager"
    ADMIN = "admin"


class Screen(str, enum.Enum):
    INTAKE = "intake"
    HANDOFF = "handoff"
    RESULTS = "results"
    CATALOG = "catalog"
    REPORTS = "reports"
    SETTINGS = "settings"


SCREENS_BY_ROLE: dict[Role, tuple[Screen, ...]] = {
    Role.OPERATOR: (Screen.INTAKE, Screen.RESULTS, Screen.CATALOG),
    Role.MANAGER: (Screen.HANDOFF, Screen.RESULTS, Screen.CATALOG, Screen.REPORTS),
    Role.ADMIN: (Screen.SETTINGS, Screen.CATALOG, Screen.REPORTS),
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


def can_open(account: Account, screen: Screen) -> bool:
    return screen in SCREENS_BY_ROLE[account.role]


def require(account: Account, screen: Screen) -> None:
    if not can_open(account, screen):
        raise AccessDenied(_("Your role does not give access to this screen."))
