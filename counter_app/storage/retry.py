"""A write transaction PostgreSQL gave up for another one's sake, run again: the one retry of the storage layer.

PostgreSQL ends a transaction with SQLSTATE ``40P01`` when it waited in a cycle of row locks (two managers moving
packages of several days, each holding what the other waits for: one of the two is chosen and rolled back) and
with ``40001`` when it could not be serialised with a concurrent one. Nothing of it was written; the same
transaction run again, after the other one ended, succeeds. :func:`retrying` wraps a use-case whose writing is
one transaction (everything it read is read again, nothing is done twice) and runs it again a bounded number of
times; after the last attempt the person is told to try again (:class:`DatabaseBusy`), in their language. Any
other error passes through at once. SQLite never raises these (its writers queue for the file's lock).

Package rows are also locked in one order everywhere (by id: ``core.usecases.package_moves.locked_packages``),
the order their updates are written in, so that cycles are rare to begin with.
"""

from __future__ import annotations

import functools
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

DEADLOCK = "40P01"
SERIALIZATION_FAILURE = "40001"
RETRIED = frozenset({DEADLOCK, SERIALIZATION_FAILURE})
ATTEMPTS = 5
_PAUSE_S = (
    0.05  # up to this many seconds times the attempt's number, at random: the other transaction ends first
)
_inside = threading.local()


class DatabaseBusy(Exception):
    """Other windows changed the same rows at the same moment, again and again: nothing was saved."""


def _(message: str) -> str:
    from counter_app.core.domain.i18n import _ as translate

    return translate(message)


def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE of a database error (psycopg's ``sqlstate``, psycopg2's ``pgcode``), or None."""
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def retried(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``work()``, run again when PostgreSQL gave its transaction up for a deadlock or a serialisation failure.

    ``work`` must write in one transaction (a use-case's ``with db.write()``). Inside another retried call it runs
    once: the outer one runs the whole again."""
    if getattr(_inside, "depth", 0):
        return work()
    _inside.depth = 1
    try:
        for attempt in range(1, attempts + 1):
            try:
                return work()
            except DBAPIError as error:
                state = sqlstate(error)
                if state not in RETRIED:
                    raise
                if attempt == attempts:
                    log.warning("transaction given up by the database %d times (%s)", attempts, state)
                    raise DatabaseBusy(
                        _(
                            "Other windows were changing the same records at the same moment; nothing was "
                            "saved. Try again."
                        )
                    ) from error
                log.info("transaction given up by the database (%s), attempt %d: run again", state, attempt)
                time.sleep(random.uniform(0, _PAUSE_S * attempt))
        raise AssertionError("unreachable")
    finally:
        _inside.depth = 0


def retrying(function: Callable[P, T]) -> Callable[P, T]:
    """Decorate a use-case that writes in one transaction: see :func:`retried`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return retried(lambda: function(*args, **kwargs))

    return wrapper
