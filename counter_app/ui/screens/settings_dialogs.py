"""The dialogs of Settings (``kit.dialogs.FormDialog``): a service provider, a new user, a password reset, a
user's role and window. The fields and their checks are those of ``settings_fields`` (shared with the set-up
wizard)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from counter_app.core.domain import passwords
from counter_app.core.domain.account_rules import window_problem
from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.permissions import Account, Role
from counter_app.ui.kit.dialogs import FormDialog
from counter_app.ui.kit.widgets import role_name
from counter_app.ui.login import password_field
from counter_app.ui.screens.settings_fields import (
    LabelledForm,
    ProviderFields,
    UserFields,
    provider_problem,
)


class ProviderDialog(ProviderFields, FormDialog):
    def __init__(
        self, provider: ServiceProvider | None, submit, parent: QWidget | None = None, *, done=None
    ) -> None:
        super().__init__(submit, parent, done=done)
        self._provider = provider
        self.form = LabelledForm()
        self.add_provider_fields(self.form)
        self.form_area.addLayout(self.form.layout)
        if provider is not None:
            self.show_provider_fields(provider)
        self.setMinimumWidth(560)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Service provider"))
        self.retranslate_provider_fields()
        self.form.retranslate()

    def values(self) -> ServiceProvider:
        provider = self._provider
        return self.provider_from_fields(
            provider.id if provider else 0, provider.active if provider else True
        )

    def validate(self) -> str | None:
        return provider_problem(self.values())


class UserDialog(UserFields, FormDialog):
    def __init__(self, windows: Sequence[str], submit, parent: QWidget | None = None, *, done=None) -> None:
        super().__init__(submit, parent, done=done)
        self.form = LabelledForm()
        self.add_user_fields(self.form)
        self.set_windows(windows)
        self.form_area.addLayout(self.form.layout)
        self.setMinimumWidth(460)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New user"))
        self.retranslate_user_fields()
        self.form.retranslate()

    def values(self) -> tuple[str, str, Role, str | None, str]:
        return self.user_values()

    def validate(self) -> str | None:
        return self.user_fields_problem()


class PasswordDialog(FormDialog):
    def __init__(self, account: Account, submit, parent: QWidget | None = None, *, done=None) -> None:
        super().__init__(submit, parent, done=done)
        self._account = account
        self.password, self.password_again = password_field(), password_field()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = LabelledForm()
        self.form.add(N_("New &password:"), self.password)
        self.form.add(N_("&Repeat password:"), self.password_again)
        self.form_area.addWidget(self.intro)
        self.form_area.addLayout(self.form.layout)
        self.setMinimumWidth(420)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Reset password"))
        self.intro.setText(
            _("New password for {name} ({username}).").format(
                name=self._account.full_name, username=self._account.username
            )
        )
        self.form.retranslate()

    def values(self) -> str:
        return self.password.text()

    def validate(self) -> str | None:
        if not self.password.text():
            return _("Enter a password.")
        if self.password.text() != self.password_again.text():
            return _("The two passwords differ. Type the same password twice.")
        return passwords.password_problem(self.password.text(), self._account.username)


class EditUserDialog(FormDialog):
    """An administrator changes a user's role, window and full name (journaled by the core)."""

    def __init__(
        self, account: Account, windows: Sequence[str], submit, parent: QWidget | None = None, *, done=None
    ) -> None:
        super().__init__(submit, parent, done=done)
        self._account = account
        self.full_name = QLineEdit()
        self.full_name.setText(account.full_name)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem("", role)
        self.role.setCurrentIndex(list(Role).index(account.role))
        self.window = QComboBox()
        self.window.addItem("", None)
        for window in windows:
            self.window.addItem(window, window)
        if account.window is not None and account.window not in windows:
            self.window.addItem(account.window, account.window)
        self.window.setCurrentIndex(max(0, self.window.findData(account.window)))
        self.intro = QLabel()
        self.form = LabelledForm()
        self.form.add(N_("&Full name:"), self.full_name)
        self.form.add(N_("&Role:"), self.role)
        self.form.add(N_("&Window:"), self.window)
        self.form_area.addWidget(self.intro)
        self.form_area.addLayout(self.form.layout)
        self.setMinimumWidth(460)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change user"))
        self.intro.setText(self._account.username)
        for index, role in enumerate(Role):
            self.role.setItemText(index, role_name(role))
        self.window.setItemText(0, _("(no window)"))
        self.form.retranslate()

    def values(self) -> tuple[str, Role, str]:
        return self.full_name.text().strip(), self.role.currentData(), self.window.currentData() or ""

    def validate(self) -> str | None:
        full_name, role, window = self.values()
        if not full_name:
            return _("Enter the full name.")
        return window_problem(role, window)
