"""Table models of the Handoff screen: providers with their counts, packages, manifests.

``kit.table.RowsModel`` subclasses over lists of the core's dataclasses: a reload replaces the list with one
model reset, and ``data()`` formats only the cells Qt asks for, so ten thousand packages fill the table at once. Overdue rows are red and bold *and* say "overdue" in their status text; rows due today are highlighted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.i18n import N_, _, current_language, pgettext
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.packages import RESULT_KIND_NAMES, ManifestKind, ManifestStatus, status_text
from counter_app.core.usecases.manifests import ManifestSummary
from counter_app.core.usecases.package_reads import PackageLine, ProviderQueue
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.table import DUE_TODAY_BACKGROUND, RowsModel, overdue_style


def provider_name(provider: ServiceProvider | None, fallback: str = "") -> str:
    return provider.name.get(current_language()) if provider is not None else fallback


def manifest_status_text(status: ManifestStatus) -> str:
    return {
        ManifestStatus.OPEN: pgettext("manifest status", "open"),
        ManifestStatus.WITH_COURIER: pgettext("manifest status", "with the courier"),
        ManifestStatus.DELIVERED: pgettext("manifest status", "delivered"),
        ManifestStatus.CANCELLED: pgettext("manifest status", "cancelled"),
    }[status]


def manifest_kind_text(kind: ManifestKind) -> str:
    return _("handoff") if kind is ManifestKind.HANDOFF else _("return of unclaimed results")


class ProvidersModel(RowsModel[ProviderQueue]):
    """The providers and what waits for each (name, then the counts on a second line): a provider with overdue
    packages in red and bold, one with packages due today highlighted."""

    # Just "Provider": each cell says what its counts are ("awaiting 2 · on manifests 0 · …"); the longer header
    # that listed them was cut at a counter's 1366 x 768 in Kazakh.
    HEADERS = (N_("Provider"),)

    @staticmethod
    def counts_text(row: ProviderQueue) -> str:
        text = _("awaiting {awaiting} · on manifests {listed} · with the courier {carried}").format(
            awaiting=row.awaiting, listed=row.on_open_manifest, carried=row.with_courier
        )
        if row.due_today:
            text += " · " + _("due today {count}").format(count=row.due_today)
        if row.overdue:
            text += " · " + _("OVERDUE {count}").format(count=row.overdue)
        return text

    def cell(self, row: ProviderQueue, column: int) -> str:
        return f"{provider_name(row.provider)}\n{self.counts_text(row)}"

    def number(self, row: ProviderQueue) -> int:
        return row.provider.id

    def style(self, row: ProviderQueue, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.due_today:  # also when some are overdue
            return QBrush(DUE_TODAY_BACKGROUND)
        return overdue_style(role, bool(row.overdue), False)


class PackagesModel(RowsModel[PackageLine]):
    """A provider's packages (or a manifest's): overdue rows red, bold and saying so; due today highlighted."""

    # Due and status right after the number: they are what the manager reads first, also in a narrow window.
    HEADERS = (
        N_("Receipt number"),
        N_("Due"),
        N_("Status"),
        N_("Applicant"),
        N_("Service"),
        N_("Documents"),
        N_("Accepted"),
        N_("Manifest"),
    )
    SERVICE, DOCUMENTS = 4, 5

    def __init__(self, service_name: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.service_name = service_name
        self.today = office_today()

    def set_lines(self, lines: Sequence[PackageLine], today: dt.date) -> None:
        self.today = today
        self.set_rows(lines)

    def extend_lines(self, lines: Sequence[PackageLine]) -> None:
        """The whole list after its first rows: appended (selection kept) when it starts with the rows shown."""
        shown = len(self.rows)
        if (
            shown
            and len(lines) >= shown
            and all(a.receipt_number == b.receipt_number for a, b in zip(self.rows, lines, strict=False))
        ):
            self.rows[:shown] = lines[:shown]
            self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, len(self.HEADERS) - 1))
            if len(lines) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(lines) - 1)
                self.rows.extend(lines[shown:])
                self.endInsertRows()
        else:
            self.set_rows(lines)

    def due_text(self, line: PackageLine) -> str:
        if line.handoff_due == self.today:
            return _("{date}, today").format(date=format_date(line.handoff_due))
        return format_date(line.handoff_due)

    def status_cell(self, line: PackageLine) -> str:
        if line.overdue:
            return _("{status} — OVERDUE").format(status=status_text(line.status))
        return status_text(line.status)

    def cell(self, row: PackageLine, column: int) -> str:
        match column:
            case 0:
                return row.receipt_number
            case 1:
                return self.due_text(row)
            case 2:
                return self.status_cell(row)
            case 3:
                return row.applicant_name
            case 4:
                return self.service_name(row.service_code)
            case 5:
                return str(row.documents_count)
            case 6:
                return format_date(row.accepted_on)
            case _:
                return row.manifest_number or ""

    def tooltip(self, row: PackageLine, column: int) -> str | None:
        return self.service_name(row.service_code) if column == self.SERVICE else None

    def number(self, row: PackageLine) -> str:
        return row.receipt_number

    def style(self, row: PackageLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DOCUMENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return overdue_style(role, row.overdue, row.handoff_due == self.today)


class UnclaimedModel(RowsModel[PackageLine]):
    """Results kept a month and not claimed, to go back to their provider."""

    HEADERS = (
        N_("Receipt number"),
        N_("Applicant"),
        N_("Service"),
        N_("Provider"),
        N_("Result"),
        N_("Received"),
        N_("Kept until"),
    )

    def __init__(self, service_name: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.service_name = service_name
        self.providers: dict[int, ServiceProvider] = {}

    def cell(self, row: PackageLine, column: int) -> str:
        match column:
            case 0:
                return row.receipt_number
            case 1:
                return row.applicant_name
            case 2:
                return self.service_name(row.service_code)
            case 3:
                return provider_name(self.providers.get(row.provider_id), str(row.provider_id))
            case 4:
                kind = _(RESULT_KIND_NAMES[row.result_kind]) if row.result_kind else ""
                return f"{kind} {row.result_reference}".strip()
            case 5:
                return format_date(row.result_received_on)
            case _:
                return format_date(row.keep_until)

    def number(self, row: PackageLine) -> str:
        return row.receipt_number


class ManifestsModel(RowsModel[ManifestSummary]):
    """Open manifests and those with the courier."""

    HEADERS = (N_("Manifest"), N_("Kind"), N_("Provider"), N_("For"), N_("Status"), N_("Packages"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.providers: dict[int, ServiceProvider] = {}

    def cell(self, row: ManifestSummary, column: int) -> str:
        match column:
            case 0:
                return row.number
            case 1:
                return manifest_kind_text(row.kind)
            case 2:
                return provider_name(self.providers.get(row.provider_id), str(row.provider_id))
            case 3:
                return format_date(row.day)
            case 4:
                return manifest_status_text(row.status)
            case _:
                return str(row.packages)

    def number(self, row: ManifestSummary) -> str:
        return row.number


def catalog_titles(catalog: Catalog) -> Callable[[str], str]:
    """The short title of a service in the UI language (the code when the catalog no longer has it)."""
    cache: dict[tuple[str, str], str] = {}

    def title(code: str) -> str:
        key = (code, current_language())
        if key not in cache:
            try:
                cache[key] = catalog.service(code).short_names.get(key[1])
            except KeyError:
                cache[key] = code
        return cache[key]

    return title
