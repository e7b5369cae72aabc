"""Why a handoff or results step cannot be done (messages in the UI language of the moment they are raised)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.core.domain.i18n import _
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.packages import ManifestStatus, PackageStatus, status_text


class HandoffError(ValueError):
    """A handoff step that cannot be done; the message says why, for the manager."""


class IllegalTransition(HandoffError):
    def __init__(self, receipt_number: str, current: PackageStatus, wanted: PackageStatus) -> None:
        self.receipt_number, self.current, self.wanted = receipt_number, current, wanted
        super().__init__(
            _("Package {number} is “{current}”: it cannot become “{wanted}”.").format(
                number=receipt_number, current=status_text(current), wanted=status_text(wanted)
            )
        )


class NothingToHandOff(HandoffError):
    def __init__(self) -> None:
        super().__init__(_("There are no packages to put on a manifest for this provider and day."))


class NothingDueYet(NothingToHandOff):
    """Nothing is due by the manifest's day, but packages wait: ``next_due`` is when the next ones are due and
    ``receipt_numbers`` are those packages (a manifest can still be built from them as a selection)."""

    def __init__(self, day: dt.date, next_due: dt.date, receipt_numbers: Sequence[str]) -> None:
        HandoffError.__init__(
            self,
            _(
                "No package of this provider is due by {day}. The next {count} are due on {date}; to send them now, "
                "build the manifest from a selection."
            ).format(
                day=day.strftime("%d.%m.%Y"), count=len(receipt_numbers), date=next_due.strftime("%d.%m.%Y")
            ),
        )
        self.day, self.next_due, self.receipt_numbers = day, next_due, list(receipt_numbers)


class PackageUnavailable(HandoffError):
    """Packages that cannot go on the manifest: unknown, another provider's, or already on a manifest."""

    def __init__(self, receipt_numbers: Sequence[str]) -> None:
        self.receipt_numbers = list(receipt_numbers)
        super().__init__(
            _(
                "These packages cannot go on this manifest (unknown, another provider's, or already on a "
                "manifest): {numbers}"
            ).format(numbers=", ".join(self.receipt_numbers))
        )


class UnknownManifest(HandoffError):
    def __init__(self, number: str) -> None:
        super().__init__(_("There is no manifest {number}.").format(number=number))


class UnknownPackage(HandoffError):
    def __init__(self, receipt_number: str) -> None:
        super().__init__(
            _("There is no accepted package with receipt number {number}.").format(number=receipt_number)
        )


class ManifestNotInStep(HandoffError):
    def __init__(self, number: str, status: ManifestStatus) -> None:
        names = {
            ManifestStatus.OPEN: _("open"),
            ManifestStatus.WITH_COURIER: _("with the courier"),
            ManifestStatus.DELIVERED: _("delivered"),
            ManifestStatus.CANCELLED: _("cancelled"),
        }
        super().__init__(
            _("Manifest {number} is {status}: this step cannot be done now.").format(
                number=number, status=names[status]
            )
        )


class MissingParticulars(HandoffError):
    """A name, reason or document the law or the signed copy requires was left empty."""


@dataclass(frozen=True)
class Discrepancies:
    missing: list[str]  # on the manifest, not scanned
    extra: list[str]  # scanned, not on the manifest

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


class DiscrepancyFound(HandoffError):
    def __init__(self, discrepancies: Discrepancies) -> None:
        self.discrepancies = discrepancies
        parts = []
        if discrepancies.missing:
            parts.append(_("not scanned: {numbers}").format(numbers=", ".join(discrepancies.missing)))
        if discrepancies.extra:
            parts.append(_("not on the manifest: {numbers}").format(numbers=", ".join(discrepancies.extra)))
        super().__init__(
            _("The packages do not match the manifest ({details}).").format(details="; ".join(parts))
        )


class DateInFuture(HandoffError):
    def __init__(self, day: dt.date) -> None:
        super().__init__(_("The date {date} is in the future.").format(date=day.strftime("%d.%m.%Y")))


class TimeInFuture(HandoffError):
    def __init__(self, at: dt.datetime) -> None:
        local = office_time(at)
        super().__init__(_("The time {time} is in the future.").format(time=local.strftime("%d.%m.%Y %H:%M")))
