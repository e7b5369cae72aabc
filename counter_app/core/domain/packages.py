"""A package's statuses and the steps allowed between them, the manifests' and results' kinds, and the
rules of time on them (overdue, kept one month)."""

from __future__ import annotations

import datetime as dt
import enum

from dateutil.relativedelta import relativedelta

from counter_app.core.domain.i18n import N_, _


class PackageStatus(str, enum.Enum):
    """Where an accepted package stands; the use-cases move it along, only as TRANSITIONS allows."""

    AWAITING_HANDOFF = "awaiting_handoff"  # accepted, waiting for a manifest
    ON_MANIFEST = "on_manifest"  # on a handoff manifest not yet picked up
    WITH_COURIER = "with_courier"
    DELIVERED = "delivered"  # the provider's clerk signed for it
    RESULT_RECEIVED = "result_received"  # the provider's result is at the centre, waiting for the citizen
    ISSUED = "issued"  # the result was issued to the citizen or a representative
    RETURNED_BY_PROVIDER = "returned_by_provider"  # sent back with a written reason: the citizen must be told
    CITIZEN_INFORMED = "citizen_informed"  # the citizen was told of the return
    ON_RETURN_MANIFEST = "on_return_manifest"  # an unclaimed result listed for return to the provider
    RETURNING_WITH_COURIER = "returning_with_courier"
    RESULT_RETURNED = "result_returned"  # the unclaimed result was handed back to the provider


S = PackageStatus


TRANSITIONS: dict[PackageStatus, frozenset[PackageStatus]] = {
    S.AWAITING_HANDOFF: frozenset({S.ON_MANIFEST}),
    S.ON_MANIFEST: frozenset({S.AWAITING_HANDOFF, S.WITH_COURIER}),
    S.WITH_COURIER: frozenset({S.DELIVERED, S.ON_MANIFEST}),  # back: a pickup recorded by mistake, undone
    S.DELIVERED: frozenset({S.RESULT_RECEIVED, S.RETURNED_BY_PROVIDER}),
    S.RESULT_RECEIVED: frozenset({S.ISSUED, S.ON_RETURN_MANIFEST}),
    S.ON_RETURN_MANIFEST: frozenset({S.RESULT_RECEIVED, S.RETURNING_WITH_COURIER, S.ISSUED}),
    S.RETURNING_WITH_COURIER: frozenset({S.RESULT_RETURNED, S.ON_RETURN_MANIFEST}),
    S.RETURNED_BY_PROVIDER: frozenset({S.CITIZEN_INFORMED}),
    S.ISSUED: frozenset(),
    S.CITIZEN_INFORMED: frozenset(),
    S.RESULT_RETURNED: frozenset(),
}

STATUS_NAMES: dict[PackageStatus, str] = {
    S.AWAITING_HANDOFF: N_("awaiting handoff"),
    S.ON_MANIFEST: N_("on a manifest"),
    S.WITH_COURIER: N_("with the courier"),
    S.DELIVERED: N_("delivered to the provider"),
    S.RESULT_RECEIVED: N_("result received"),
    S.ISSUED: N_("result issued"),
    S.RETURNED_BY_PROVIDER: N_("returned by the provider: inform the citizen"),
    S.CITIZEN_INFORMED: N_("returned by the provider, citizen informed"),
    S.ON_RETURN_MANIFEST: N_("unclaimed, on a return manifest"),
    S.RETURNING_WITH_COURIER: N_("unclaimed, with the courier to the provider"),
    S.RESULT_RETURNED: N_("unclaimed result returned to the provider"),
}

# Not yet at the provider: these are what the handoff screen shows, and what can be overdue.
QUEUE_STATUSES = (S.AWAITING_HANDOFF, S.ON_MANIFEST, S.WITH_COURIER)
RESULT_KEEPING = relativedelta(months=1)  # unclaimed results are kept one month (seed 001 p. 11)


def status_text(status: PackageStatus) -> str:
    """The status in the UI language."""
    return _(STATUS_NAMES[status])


def is_overdue(status: PackageStatus, handoff_due: dt.date, today: dt.date) -> bool:
    """Not delivered to the provider by its due date."""
    return status in QUEUE_STATUSES and today > handoff_due


def keep_until(result_received_on: dt.date) -> dt.date:
    """The last day an unclaimed result is kept at the centre."""
    return result_received_on + RESULT_KEEPING


class HandoffAction:
    """Audit actions written here."""

    MANIFEST_BUILT = "manifest_built"
    MANIFEST_CHANGED = "manifest_changed"
    MANIFEST_CANCELLED = "manifest_cancelled"
    PICKED_UP = "manifest_picked_up"
    PICKUP_CORRECTED = "manifest_pickup_corrected"  # the courier's name or time was recorded wrongly
    PICKUP_UNDONE = "manifest_pickup_undone"  # the pickup was recorded by mistake: the manifest is open again
    DELIVERED = "manifest_delivered"
    RESULT_RECEIVED = "result_received"
    RESULT_ISSUED = "result_issued"
    RETURNED_BY_PROVIDER = "returned_by_provider"
    CITIZEN_INFORMED = "citizen_informed"


class ManifestKind(str, enum.Enum):
    HANDOFF = "handoff"  # packages to the provider
    RETURN = "return"  # unclaimed results back to the provider


class ManifestStatus(str, enum.Enum):
    OPEN = "open"  # being put together; packages can be added and removed
    WITH_COURIER = "with_courier"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


MANIFEST_PREFIX = {ManifestKind.HANDOFF: "M", ManifestKind.RETURN: "R"}
# Per kind: the package status a package must have to go on the manifest, and the steps it takes with it.
STATUS_ELIGIBLE = {ManifestKind.HANDOFF: S.AWAITING_HANDOFF, ManifestKind.RETURN: S.RESULT_RECEIVED}
STATUS_LISTED = {ManifestKind.HANDOFF: S.ON_MANIFEST, ManifestKind.RETURN: S.ON_RETURN_MANIFEST}
STATUS_PICKED_UP = {ManifestKind.HANDOFF: S.WITH_COURIER, ManifestKind.RETURN: S.RETURNING_WITH_COURIER}
STATUS_DELIVERED = {ManifestKind.HANDOFF: S.DELIVERED, ManifestKind.RETURN: S.RESULT_RETURNED}


class ResultKind(str, enum.Enum):
    """What the provider sends back (seed 001: decision; guardianship: order or certificate; or a refusal)."""

    DECISION = "decision"
    ORDER = "order"
    CERTIFICATE = "certificate"
    REASONED_REFUSAL = "reasoned_refusal"
    OTHER = "other"


RESULT_KIND_NAMES = {
    ResultKind.DECISION: N_("decision"),
    ResultKind.ORDER: N_("order"),
    ResultKind.CERTIFICATE: N_("certificate"),
    ResultKind.REASONED_REFUSAL: N_("reasoned refusal"),
    ResultKind.OTHER: N_("other document"),
}


class RecipientKind(str, enum.Enum):
    APPLICANT = "applicant"
    REPRESENTATIVE = "representative"  # on a notarised power of attorney
