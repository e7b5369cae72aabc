"""The results desk's rules: which step the desk may take on a package, when a provider's result is late, what
the desk has to do with each package waiting for its result and in which order (the step itself is
``usecases.results.take_step``). The Results screen shows these; the command line and any other front end ask
the same questions here and get the same answers.
"""

from __future__ import annotations

import datetime as dt
import enum

from counter_app.core.domain.packages import TRANSITIONS, PackageStatus

S = PackageStatus


class DeskStep(enum.Enum):
    """A step taken at the results desk (F5–F8 on the Results screen)."""

    REGISTER = "register"  # the provider's result arrived
    ISSUE = "issue"  # handed to the applicant or a representative
    RETURNED = "returned"  # the provider returned the application
    INFORMED = "informed"  # the citizen was told of the return


STEP_TARGET = {
    DeskStep.REGISTER: S.RESULT_RECEIVED,
    DeskStep.ISSUE: S.ISSUED,
    DeskStep.RETURNED: S.RETURNED_BY_PROVIDER,
    DeskStep.INFORMED: S.CITIZEN_INFORMED,
}


def step_allowed(step: DeskStep, status: PackageStatus) -> bool:
    """Whether the package's status allows the step (a result is registered only for a delivered package: a
    package on a return manifest goes back to "result received" only by leaving the manifest, a Handoff step)."""
    if step is DeskStep.REGISTER and status is not S.DELIVERED:
        return False
    return STEP_TARGET[step] in TRANSITIONS[status]


def result_late(status: PackageStatus, result_due: dt.date, today: dt.date) -> bool:
    """Delivered, and the provider's result is past its due date."""
    return status is S.DELIVERED and today > result_due


class DeskTodo(enum.Enum):
    """What the desk has to do with a package waiting at it."""

    INFORM_CITIZEN = "inform"  # returned by the provider
    ISSUE = "issue"  # the result is here
    ISSUE_OR_RETURN = "issue_or_return"  # the result is on a return manifest
    LATE = "late"  # the provider's result is past due
    AWAIT = "await"  # nothing yet

    @property
    def alert(self) -> bool:
        """Whether the package must stand out on the desk."""
        return self in (DeskTodo.INFORM_CITIZEN, DeskTodo.LATE)


def desk_todo(status: PackageStatus, result_due: dt.date, today: dt.date) -> DeskTodo:
    if status is S.RETURNED_BY_PROVIDER:
        return DeskTodo.INFORM_CITIZEN
    if status is S.RESULT_RECEIVED:
        return DeskTodo.ISSUE
    if status is S.ON_RETURN_MANIFEST:
        return DeskTodo.ISSUE_OR_RETURN
    if result_late(status, result_due, today):
        return DeskTodo.LATE
    return DeskTodo.AWAIT


def desk_order(status: PackageStatus) -> int:
    """The desk's list: returned packages first (the citizen must be told), then results to issue, then the rest."""
    return {S.RETURNED_BY_PROVIDER: 0, S.RESULT_RECEIVED: 1, S.ON_RETURN_MANIFEST: 1}.get(status, 2)
