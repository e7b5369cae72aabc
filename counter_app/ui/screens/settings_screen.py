"""Settings for the administrator: the office, its service providers, the users and the calendar overrides.

Every read and save runs in the background (``background.Op``): the screen opens at once and fills in when
the office, the users and the calendar are read. A form keeps what was typed when a save fails; the one
message box says why, in the UI language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain import passwords
from counter_app.core.domain.account_rules import window_problem
from counter_app.core.domain.calendar import CalendarOverride, OverrideKind
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.core.domain.office import (
    Bilingual,
    Office,
    ServiceProvider,
    office_problems,
    provider_problems,
)
from counter_app.core.domain.permissions import Account, Role, Screen, require
from counter_app.ui.context import BLANK_OFFICE, AppContext
from counter_app.ui.kit.dialogs import FormDialog
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, role_name
from counter_app.ui.login import password_field
from counter_app.ui.screens import title_label
from counter_app.ui.screens.backups_tab import BackupsTab
from counter_app.ui.screens.journal_tab import JournalTab

PROVIDER_KIND_NAMES = {
    ProviderKind.LOCAL_EXECUTIVE_BODY: N_("Local executive body (akimat)"),
    ProviderKind.EDUCATION_DEPARTMENT: N_("Education department"),
    ProviderKind.OTHER: N_("Other"),
}
OVERRIDE_KIND_NAMES = {
    OverrideKind.DAY_OFF: N_("Day off"),
    OverrideKind.WORKING_DAY: N_("Working day"),
    OverrideKind.CENTRE_WORKING_DAY: N_("Working day of the centre only (duty day)"),
}


def _line() -> QLineEdit:
    return QLineEdit()


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setTabKeyNavigation(False)
    return table


def _fill_table(table: QTableWidget, rows: Iterable[Sequence[str]]) -> None:
    rows = list(rows)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeRowsToContents()


def office_problem(office: Office) -> str | None:
    """The first thing missing or wrong in the office's own fields (the domain's rule), or None."""
    return next(iter(office_problems(office).values()), None)


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


class _Form:
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


class ProviderDialog(FormDialog):
    def __init__(
        self, provider: ServiceProvider | None, submit, parent: QWidget | None = None, *, done=None
    ) -> None:
        super().__init__(submit, parent, done=done)
        self._provider = provider
        self.kind = QComboBox()
        for kind in ProviderKind:
            self.kind.addItem("", kind)
        self.district_kk, self.district_ru = _line(), _line()
        self.name_kk, self.name_ru = _line(), _line()
        self.address_kk, self.address_ru = _line(), _line()
        self.form = _Form()
        self.form.add(N_("&Kind:"), self.kind)
        self.form.add(N_("&District (Kazakh):"), self.district_kk)
        self.form.add(N_("District (&Russian):"), self.district_ru)
        self.form.add(N_("&Name (Kazakh):"), self.name_kk)
        self.form.add(N_("Na&me (Russian):"), self.name_ru)
        self.form.add(N_("&Address (Kazakh):"), self.address_kk)
        self.form.add(N_("Addr&ess (Russian):"), self.address_ru)
        self.form_area.addLayout(self.form.layout)
        if provider is not None:
            self.kind.setCurrentIndex(list(ProviderKind).index(provider.kind))
            self.district_kk.setText(provider.district.kk)
            self.district_ru.setText(provider.district.ru)
            self.name_kk.setText(provider.name.kk)
            self.name_ru.setText(provider.name.ru)
            self.address_kk.setText(provider.address.kk)
            self.address_ru.setText(provider.address.ru)
        self.setMinimumWidth(560)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Service provider"))
        for index, kind in enumerate(ProviderKind):
            self.kind.setItemText(index, _(PROVIDER_KIND_NAMES[kind]))
        self.form.retranslate()

    def values(self) -> ServiceProvider:
        return ServiceProvider(
            id=self._provider.id if self._provider else 0,
            kind=self.kind.currentData(),
            district=Bilingual(self.district_kk.text().strip(), self.district_ru.text().strip()),
            name=Bilingual(self.name_kk.text().strip(), self.name_ru.text().strip()),
            address=Bilingual(self.address_kk.text().strip(), self.address_ru.text().strip()),
            active=self._provider.active if self._provider else True,
        )

    def validate(self) -> str | None:
        return provider_problem(self.values())


class UserDialog(FormDialog):
    def __init__(self, windows: Sequence[str], submit, parent: QWidget | None = None, *, done=None) -> None:
        super().__init__(submit, parent, done=done)
        self.username, self.full_name = _line(), _line()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem("", role)
        self.window = QComboBox()
        self.window.addItem("", None)
        for window in windows:
            self.window.addItem(window, window)
        self.password, self.password_again = password_field(), password_field()
        self.form = _Form()
        self.form.add(N_("&Username:"), self.username)
        self.form.add(N_("&Full name:"), self.full_name)
        self.form.add(N_("&Role:"), self.role)
        self.form.add(N_("&Window:"), self.window)
        self.form.add(N_("&Password:"), self.password)
        self.form.add(N_("&Repeat password:"), self.password_again)
        self.form_area.addLayout(self.form.layout)
        self.setMinimumWidth(460)
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New user"))
        for index, role in enumerate(Role):
            self.role.setItemText(index, role_name(role))
        self.window.setItemText(0, _("(no window)"))
        self.form.retranslate()

    def values(self) -> tuple[str, str, Role, str | None, str]:
        return (
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.role.currentData(),
            self.window.currentData(),
            self.password.text(),
        )

    def validate(self) -> str | None:
        return user_problem(*self.values(), self.password_again.text())


class PasswordDialog(FormDialog):
    def __init__(self, account: Account, submit, parent: QWidget | None = None, *, done=None) -> None:
        super().__init__(submit, parent, done=done)
        self._account = account
        self.password, self.password_again = password_field(), password_field()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = _Form()
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
        self.full_name = _line()
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
        self.form = _Form()
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


class OfficeTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.branch_kk, self.branch_ru = _line(), _line()
        self.department = _line()
        self.address_kk, self.address_ru = _line(), _line()
        self.windows = _line()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.form = _Form()
        self.form.add(N_("&Branch name (Kazakh):"), self.branch_kk)
        self.form.add(N_("Branch name (&Russian):"), self.branch_ru)
        self.form.add(N_("&Department No.:"), self.department)
        self.form.add(N_("&Address (Kazakh):"), self.address_kk)
        self.form.add(N_("Addr&ess (Russian):"), self.address_ru)
        self.form.add(N_("&Windows (comma-separated):"), self.windows)
        self.form.add(N_("&Lock the screen after idle minutes:"), self.idle_minutes)
        self.error = ErrorLabel()
        self.saved = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.task = None

    def retranslate(self) -> None:
        self.form.retranslate()
        self.save_button.setText(_("&Save office settings"))
        if self.saved.text():
            self.saved.setText(_("Saved."))

    def show_office(self, office: Office) -> None:
        self.branch_kk.setText(office.branch_name.kk)
        self.branch_ru.setText(office.branch_name.ru)
        self.department.setText(office.department_number)
        self.address_kk.setText(office.address.kk)
        self.address_ru.setText(office.address.ru)
        self.windows.setText(", ".join(office.windows))
        self.idle_minutes.setValue(office.idle_lock_minutes)

    def office_from_form(self) -> Office:
        windows = tuple(w.strip() for w in self.windows.text().split(",") if w.strip())
        return Office(
            branch_name=Bilingual(self.branch_kk.text().strip(), self.branch_ru.text().strip()),
            department_number=self.department.text().strip(),
            address=Bilingual(self.address_kk.text().strip(), self.address_ru.text().strip()),
            windows=windows,
            providers=self._screen.office.providers,
            idle_lock_minutes=self.idle_minutes.value(),
        )

    def validate(self, office: Office) -> str | None:
        return office_problem(office)

    def save(self) -> None:
        office = self.office_from_form()
        problem = self.validate(office)
        self.saved.clear()
        if problem:
            self.error.show_message(problem)
            return
        self.error.clear_message()
        self.task = Op(self, self._screen.saving(office)).busy(self.save_button).success(self._saved).run()

    def _saved(self, office: Office) -> None:
        self._screen.show_office(office)
        self.saved.setText(_("Saved."))


class ProvidersTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.table = _table(6)
        for column in (0, 1, 5):  # id, kind and active are short; names and addresses get the room
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.add_button, self.edit_button, self.toggle_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.selected()))
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_args: self.open_dialog(self.selected()))
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.dialog: ProviderDialog | None = None
        self.task = None

    def retranslate(self) -> None:
        # The id is what `counter-app manifest --provider ID` asks for.
        self.table.setHorizontalHeaderLabels(
            [_("Id"), _("Kind"), _("District"), _("Name"), _("Address"), _("Active")]
        )
        self.table.horizontalHeaderItem(0).setToolTip(
            _("The provider's number for the command line: counter-app manifest --provider ID")
        )
        self.add_button.setText(_("&Add provider…"))
        self.edit_button.setText(_("&Edit…"))
        self.show_providers(self._screen.office.providers)

    def show_providers(self, providers: Sequence[ServiceProvider]) -> None:
        lang = current_language()
        _fill_table(
            self.table,
            (
                (
                    str(p.id),
                    _(PROVIDER_KIND_NAMES[p.kind]),
                    p.district.get(lang),
                    p.name.get(lang),
                    p.address.get(lang),
                    _("yes") if p.active else _("no"),
                )
                for p in providers
            ),
        )
        self._update_buttons()

    def selected(self) -> ServiceProvider | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._screen.office.providers[rows[0].row()]

    def _update_buttons(self) -> None:
        provider = self.selected()
        self.edit_button.setEnabled(provider is not None)
        self.toggle_button.setEnabled(provider is not None)
        self.toggle_button.setText(
            _("&Activate") if provider is not None and not provider.active else _("&Deactivate")
        )

    def open_dialog(self, provider: ServiceProvider | None) -> ProviderDialog:
        self.dialog = ProviderDialog(
            provider, lambda changed: self._saving(changed)(), self, done=self._screen.show_office
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def _saving(self, provider: ServiceProvider) -> Callable[[], Office]:
        """The office with ``provider`` added or changed, to be saved in the background."""
        providers = list(self._screen.office.providers)
        if provider.id == 0:
            providers.append(provider)
        else:
            providers = [provider if p.id == provider.id else p for p in providers]
        return self._screen.saving(dataclasses.replace(self._screen.office, providers=tuple(providers)))

    def toggle_active(self) -> None:
        provider = self.selected()
        if provider is None:
            return
        changed = dataclasses.replace(provider, active=not provider.active)
        self.task = (
            Op(self, self._saving(changed)).busy(self.toggle_button).success(self._screen.show_office).run()
        )


class UsersTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.users: list[Account] = []
        self.table = _table(6)
        self.create_button, self.unlock_button, self.password_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.edit_button, self.active_button = QPushButton(), QPushButton()
        self.create_button.clicked.connect(self.open_create)
        self.unlock_button.clicked.connect(self.unlock)
        self.password_button.clicked.connect(self.open_reset)
        self.edit_button.clicked.connect(self.open_edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        for button in (
            self.create_button,
            self.edit_button,
            self.unlock_button,
            self.active_button,
            self.password_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.dialog: FormDialog | None = None
        self.task = None

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Username"), _("Full name"), _("Role"), _("Window"), _("Locked"), _("Active")]
        )
        self.create_button.setText(_("&Create user…"))
        self.edit_button.setText(_("C&hange role or window…"))
        self.password_button.setText(_("&Reset password…"))
        self.show_users(self.users)

    def refresh(self):
        """Read the users again (in the background)."""
        return Op(self, self.listing()).success(self.show_users).run()

    def listing(self) -> Callable[[], list[Account]]:
        accounts, actor = self._screen.ctx.accounts, self._screen.account
        return lambda: accounts.list(actor)

    def show_users(self, users: list[Account]) -> None:
        self.users = users
        _fill_table(
            self.table,
            (
                (
                    u.username,
                    u.full_name,
                    role_name(u.role),
                    u.window or "",
                    _("yes") if u.locked else _("no"),
                    _("yes") if u.active else _("no"),
                )
                for u in users
            ),
        )
        self._update_buttons()

    def selected(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.unlock_button.setEnabled(user is not None)
        self.unlock_button.setText(_("&Unlock") if user is not None and user.locked else _("&Lock"))
        self.active_button.setEnabled(user is not None)
        self.active_button.setText(
            _("&Activate") if user is not None and not user.active else _("&Deactivate")
        )
        self.edit_button.setEnabled(user is not None)
        self.password_button.setEnabled(user is not None)

    def open_create(self) -> UserDialog:
        accounts, actor, listing = self._screen.ctx.accounts, self._screen.account, self.listing()

        def create(values: tuple[str, str, Role, str | None, str]) -> list[Account]:
            username, full_name, role, window, password = values
            accounts.create(actor, username, full_name, role, password, window)
            return listing()

        self.dialog = UserDialog(self._screen.office.windows, create, self, done=self.show_users)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def open_reset(self) -> PasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        accounts, actor, listing = self._screen.ctx.accounts, self._screen.account, self.listing()

        def reset(password: str) -> list[Account]:
            accounts.set_password(actor, user.id, password)
            return listing()

        self.dialog = PasswordDialog(user, reset, self, done=self.show_users)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def open_edit(self) -> EditUserDialog | None:
        user = self.selected()
        if user is None:
            return None
        accounts, actor, listing = self._screen.ctx.accounts, self._screen.account, self.listing()

        def edit(values: tuple[str, Role, str]) -> list[Account]:
            full_name, role, window = values
            accounts.update(actor, user.id, role=role, window=window, full_name=full_name)
            return listing()

        self.dialog = EditUserDialog(user, self._screen.office.windows, edit, self, done=self.show_users)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def _change(self, change: Callable[[], object], button: QPushButton) -> None:
        listing = self.listing()

        def work() -> list[Account]:
            change()
            return listing()

        self.task = Op(self, work).busy(button).success(self.show_users).run()

    def unlock(self) -> None:
        """Lock the selected account, or unlock it when it is locked (journaled)."""
        user = self.selected()
        if user is None:
            return
        accounts, actor = self._screen.ctx.accounts, self._screen.account
        self._change(lambda: accounts.set_locked(actor, user.id, not user.locked), self.unlock_button)

    def toggle_active(self) -> None:
        """Deactivate the selected account, or activate it again (journaled)."""
        user = self.selected()
        if user is None:
            return
        accounts, actor = self._screen.ctx.accounts, self._screen.account
        self._change(lambda: accounts.update(actor, user.id, active=not user.active), self.active_button)


class CalendarTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.overrides: list[CalendarOverride] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = _table(4)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.day.setDate(QDate.currentDate())
        self.kind = QComboBox()
        for kind in OverrideKind:
            self.kind.addItem("", kind)
        self.reference, self.name = _line(), _line()
        self.form = _Form()
        self.form.add(N_("&Date:"), self.day)
        self.form.add(N_("&Kind:"), self.kind)
        self.form.add(N_("&Legal reference:"), self.reference)
        self.form.add(N_("&Name:"), self.name)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        )
        self.remove_button.setEnabled(False)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.task = None

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "Days the government moved: extra days off and working days that differ from the built-in "
                "holiday calendar, each with its legal reference."
            )
        )
        self.table.setHorizontalHeaderLabels([_("Date"), _("Kind"), _("Legal reference"), _("Name")])
        for index, kind in enumerate(OverrideKind):
            self.kind.setItemText(index, _(OVERRIDE_KIND_NAMES[kind]))
        self.form.retranslate()
        self.add_button.setText(_("Add &day"))
        self.remove_button.setText(_("Re&move selected day"))
        self.show_overrides(self.overrides)

    def show_overrides(self, overrides: list[CalendarOverride]) -> None:
        self.overrides = sorted(overrides, key=lambda o: o.day)
        _fill_table(
            self.table,
            (
                (format_date(o.day), _(OVERRIDE_KIND_NAMES[o.kind]), o.reference, o.name)
                for o in self.overrides
            ),
        )

    def override_from_form(self) -> CalendarOverride:
        return CalendarOverride(
            day=self.day.date().toPython(),
            kind=self.kind.currentData(),
            reference=self.reference.text().strip(),
            name=self.name.text().strip(),
        )

    def add(self) -> None:
        override = self.override_from_form()
        if not override.reference:
            self.error.show_message(_("Enter the legal reference (the decree that moved the day)."))
            return
        if any(o.day == override.day for o in self.overrides):
            self.error.show_message(_("This date is already in the list. Remove it first to change it."))
            return
        self.error.clear_message()
        self.task = self._change(self._screen.ctx.office_settings.add_calendar_override, override)

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            day = self.overrides[rows[0].row()].day
            self.task = self._change(self._screen.ctx.office_settings.remove_calendar_override, day)

    def _change(self, action: Callable[[Account, object], None], argument: object):
        settings, actor = self._screen.ctx.office_settings, self._screen.account

        def change() -> list[CalendarOverride]:
            action(actor, argument)
            return settings.calendar_overrides()

        return (
            Op(self, change)
            .busy(self.add_button, self.remove_button)
            .success(lambda overrides: self._changed(overrides, argument))
            .run()
        )

    def _changed(self, overrides: list[CalendarOverride], argument: object) -> None:
        if isinstance(argument, CalendarOverride):
            self.reference.clear()
            self.name.clear()
        self.show_overrides(overrides)


class SettingsScreen(QWidget):
    def __init__(self, ctx: AppContext, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        require(account, Screen.SETTINGS)
        self.ctx = ctx
        self.account = account
        self.office = BLANK_OFFICE
        self.title = title_label()
        self.tabs = QTabWidget()
        self.office_tab = OfficeTab(self)
        self.providers_tab = ProvidersTab(self)
        self.users_tab = UsersTab(self)
        self.calendar_tab = CalendarTab(self)
        self.backups_tab = BackupsTab(ctx.db)
        self.journal_tab = JournalTab(self)
        for tab in (
            self.office_tab,
            self.providers_tab,
            self.users_tab,
            self.calendar_tab,
            self.backups_tab,
            self.journal_tab,
        ):
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.office_listeners: list[Callable[[Office], None]] = []
        self.retranslate()
        self.tabs.setEnabled(False)  # until the settings are read
        self.load_task = Op(self, self._read).success(self._loaded).run()

    def _read(self) -> tuple[Office, list[Account], list[CalendarOverride]]:
        ctx = self.ctx
        return (
            ctx.office_settings.load(),
            ctx.accounts.list(self.account),
            ctx.office_settings.calendar_overrides(),
        )

    def _loaded(self, read: tuple[Office, list[Account], list[CalendarOverride]]) -> None:
        office, users, overrides = read
        self.office = office
        self.office_tab.show_office(office)
        self.providers_tab.show_providers(office.providers)
        self.users_tab.show_users(users)
        self.calendar_tab.show_overrides(overrides)
        self.journal_tab.refresh()
        self.tabs.setEnabled(True)

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        for index, text in enumerate(
            (
                _("&Office"),
                _("Service &providers"),
                _("&Users"),
                _("&Calendar"),
                _("Bac&kups"),
                _("&Journal and data"),
            )
        ):
            self.tabs.setTabText(index, text)
        for tab in (
            self.office_tab,
            self.providers_tab,
            self.users_tab,
            self.calendar_tab,
            self.backups_tab,
            self.journal_tab,
        ):
            tab.retranslate()

    def saving(self, office: Office) -> Callable[[], Office]:
        """The work that saves ``office`` (run it in the background; show its result with ``show_office``)."""
        settings, actor = self.ctx.office_settings, self.account
        return lambda: settings.save(actor, office)

    def show_office(self, saved: Office) -> None:
        self.office = saved
        self.providers_tab.show_providers(saved.providers)
        for listener in self.office_listeners:
            listener(saved)
