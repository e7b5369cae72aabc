"""Who did it, as the screens name them: the person's full name, not the login.

Journals and histories keep the username as it was at the time; a screen shows the full name of the account,
and the username itself only when the account is gone.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from counter_app.storage.db import Database
from counter_app.storage.models import UserRow


def full_names(db: Database, usernames: Iterable[str]) -> dict[str, str]:
    """The full name of each of these usernames (those of accounts that no longer exist are left out)."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    with db.read() as session:
        rows = session.execute(
            select(UserRow.username, UserRow.full_name).where(UserRow.username.in_(wanted))
        )
        return {username: full_name for username, full_name in rows if full_name}


def display_name(names: dict[str, str], username: str) -> str:
    return names.get(username) or username
