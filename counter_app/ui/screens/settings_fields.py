"""The office's, a provider's and a user's fields, shared by Settings and the first-start set-up wizard: the same
labels, the same checks, the same values read back (the set-up wizard had its own copy of each).

Each group is a mixin of the dialog or page that shows it: ``add_…_fields(form)`` adds its labelled rows to a
:class:`LabelledForm` and keeps the fields as the host's attributes (``branch_kk``, ``district_ru``,
``username``…); the ``…_problem`` functions say what is missing, in the UI language, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from counter_app.core.domain import passwords
from counter_app.core.domain.account_rules import window_problem
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import N_, NP_, _, pgettext
from counter_app.core.domain.office import (
    Bilingual,
    Office,
    ServiceProvider,
    office_problems,
    provider_problems,
)
from counter_app.core.domain.permissions import Role
from counter_app.ui.kit.widgets import role_name
from counter_app.ui.login import password_field

PROVIDER_KIND_NAMES = {
    ProviderKind.LOCAL_EXECUTIVE_BODY: NP_("provider kind", "Local executive body (akimat)"),
    ProviderKind.EDUCATION_DEPARTMENT: NP_("provider kind", "Education department"),
    ProviderKind.OTHER: NP_("provider kind", "Other"),
}


def provider_problem(provider: ServiceProvider) -> str | None:
    return next(iter(provider_problems(provider).values()), None)


def user_problem(
    username: str, full_name: str, role: Role, window: str | None, password: str, password_again: str
) -> str | None:
    if not username:
        return _("Enter a username.")
    if not full_name:
        return _("Enter the full name.")
    if problem := window_problem(role, window):
        return problem
    if not password:
        return _("Enter a password.")
    if password != password_again:
        return _("The two passwords differ. Type the same password twice.")
    return passwords.password_problem(password, username)


class LabelledForm:
    """Labelled rows whose labels are re-translated from their English source texts."""

    def __init__(self) -> None:
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._labels: list[tuple[QLabel, str]] = []

    def add(self, source_text: str, field: QWidget) -> QWidget:
        label = QLabel()  # no word wrap: WrapLongRows puts the field under a label that is too long
        label.setBuddy(field)
        self._labels.append((label, source_text))
        self.layout.addRow(label, field)
        return field

    def retranslate(self) -> None:
        for label, source_text in self._labels:
            label.setText(_(source_text))


def _bilingual(kk: QLineEdit, ru: QLineEdit) -> Bilingual:
    return Bilingual(kk.text().strip(), ru.text().strip())


class OfficeFields:
    """Mixin: the branch's name and address in both languages, the department number and the windows."""

    def add_office_fields(self, form: LabelledForm, line=QLineEdit) -> None:
        self.branch_kk, self.branch_ru = line(), line()
        self.department = line()
        self.address_kk, self.address_ru = line(), line()
        self.windows = line()
        form.add(N_("&Branch name (Kazakh):"), self.branch_kk)
        form.add(N_("Branch name (&Russian):"), self.branch_ru)
        form.add(N_("&Department No.:"), self.department)
        form.add(N_("&Address (Kazakh):"), self.address_kk)
        form.add(N_("Addr&ess (Russian):"), self.address_ru)
        form.add(N_("&Windows (comma-separated):"), self.windows)

    def show_office_fields(self, office: Office) -> None:
        self.branch_kk.setText(office.branch_name.kk)
        self.branch_ru.setText(office.branch_name.ru)
        self.department.setText(office.department_number)
        self.address_kk.setText(office.address.kk)
        self.address_ru.setText(office.address.ru)
        self.windows.setText(", ".join(office.windows))

    def office_fault(self, office: Office) -> tuple[QWidget, str] | None:
        """The field of the first thing missing or wrong in the office (the domain's rule, by field) and what to say
        about it; None when the office can be saved."""
        for field, message in office_problems(office).items():
            pairs = {
                "branch_name": (self.branch_kk, self.branch_ru),
                "address": (self.address_kk, self.address_ru),
            }
            if field in pairs:
                kk, ru = pairs[field]
                return (ru if kk.text().strip() else kk), message
            return {"department_number": self.department, "windows": self.windows}[field], message
        return None

    def office_from_fields(self, providers: Sequence[ServiceProvider] = (), **more: Any) -> Office:
        return Office(
            branch_name=_bilingual(self.branch_kk, self.branch_ru),
            department_number=self.department.text().strip(),
            address=_bilingual(self.address_kk, self.address_ru),
            windows=tuple(w.strip() for w in self.windows.text().split(",") if w.strip()),
            providers=tuple(providers),
            **more,
        )


class ProviderFields:
    """Mixin: a service provider's kind, district, name and address (the last three in both languages)."""

    def add_provider_fields(self, form: LabelledForm, line=QLineEdit) -> None:
        self.kind = QComboBox()
        for kind in ProviderKind:
            self.kind.addItem("", kind)
        self.district_kk, self.district_ru = line(), line()
        self.name_kk, self.name_ru = line(), line()
        self.address_kk, self.address_ru = line(), line()
        form.add(N_("&Kind:"), self.kind)
        form.add(N_("&District (Kazakh):"), self.district_kk)
        form.add(N_("District (&Russian):"), self.district_ru)
        form.add(N_("&Name (Kazakh):"), self.name_kk)
        form.add(N_("Na&me (Russian):"), self.name_ru)
        form.add(N_("&Address (Kazakh):"), self.address_kk)
        form.add(N_("Addr&ess (Russian):"), self.address_ru)

    def retranslate_provider_fields(self) -> None:
        for index, kind in enumerate(ProviderKind):
            self.kind.setItemText(index, pgettext(*PROVIDER_KIND_NAMES[kind]))

    def show_provider_fields(self, provider: ServiceProvider) -> None:
        self.kind.setCurrentIndex(list(ProviderKind).index(provider.kind))
        self.district_kk.setText(provider.district.kk)
        self.district_ru.setText(provider.district.ru)
        self.name_kk.setText(provider.name.kk)
        self.name_ru.setText(provider.name.ru)
        self.address_kk.setText(provider.address.kk)
        self.address_ru.setText(provider.address.ru)

    def provider_from_fields(self, id: int = 0, active: bool = True) -> ServiceProvider:
        return ServiceProvider(
            id=id,
            kind=self.kind.currentData(),
            district=_bilingual(self.district_kk, self.district_ru),
            name=_bilingual(self.name_kk, self.name_ru),
            address=_bilingual(self.address_kk, self.address_ru),
            active=active,
        )


class UserFields:
    """Mixin: a new user's username, full name, role, window and the password typed twice."""

    def add_user_fields(
        self, form: LabelledForm, line=QLineEdit, roles: Sequence[Role] = tuple(Role)
    ) -> None:
        self.username, self.full_name = line(), line()
        self.role = QComboBox()
        for role in roles:
            self.role.addItem("", role)
        self.window = QComboBox()
        self.window.addItem("", None)
        self.password, self.password_again = password_field(), password_field()
        form.add(N_("&Username:"), self.username)
        form.add(N_("&Full name:"), self.full_name)
        form.add(N_("&Role:"), self.role)
        form.add(N_("&Window:"), self.window)
        form.add(N_("&Password:"), self.password)
        form.add(N_("&Repeat password:"), self.password_again)

    def set_windows(self, windows: Sequence[str], chosen: str | None = None) -> None:
        """The office's windows to choose from ("(no window)" first), ``chosen`` selected when still there."""
        self.window.clear()
        self.window.addItem(_("(no window)"), None)
        for window in windows:
            self.window.addItem(window, window)
        self.window.setCurrentIndex(max(0, self.window.findData(chosen)))

    def retranslate_user_fields(self) -> None:
        for index in range(self.role.count()):
            self.role.setItemText(index, role_name(self.role.itemData(index)))
        if self.window.count():
            self.window.setItemText(0, _("(no window)"))

    def user_values(self) -> tuple[str, str, Role, str | None, str]:
        return (
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.role.currentData(),
            self.window.currentData(),
            self.password.text(),
        )

    def user_fields_problem(self) -> str | None:
        return user_problem(*self.user_values(), self.password_again.text())
