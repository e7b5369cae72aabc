"""The lists of Settings: the service providers, the users and the calendar overrides, each a ``RowsModel``
table with the buttons that change it (the changes run in the background through ``Op``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.calendar import CalendarOverride, OverrideKind
from counter_app.core.domain.i18n import N_, _, current_language, pgettext
from counter_app.core.domain.office import Office, ServiceProvider
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.permissions import Account, Role
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.kit.dialogs import FormDialog
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.table import RowsModel, select_row, table_view
from counter_app.ui.kit.widgets import ErrorLabel, button_row, role_name
from counter_app.ui.screens.settings_dialogs import EditUserDialog, PasswordDialog, ProviderDialog, UserDialog
from counter_app.ui.screens.settings_fields import PROVIDER_KIND_NAMES, LabelledForm

if TYPE_CHECKING:
    from counter_app.ui.screens.settings_screen import SettingsScreen

OVERRIDE_KIND_NAMES = {
    OverrideKind.DAY_OFF: N_("Day off"),
    OverrideKind.WORKING_DAY: N_("Working day"),
    OverrideKind.CENTRE_WORKING_DAY: N_("Working day of the centre only (duty day)"),
}


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


class ProvidersModel(RowsModel[ServiceProvider]):
    HEADERS = (N_("Id"), N_("Kind"), N_("District"), N_("Name"), N_("Address"), N_("Active"))

    def cell(self, row: ServiceProvider, column: int) -> str:
        lang = current_language()
        return (
            str(row.id),
            pgettext(*PROVIDER_KIND_NAMES[row.kind]),
            row.district.get(lang),
            row.name.get(lang),
            row.address.get(lang),
            _yes(row.active),
        )[column]

    def number(self, row: ServiceProvider) -> int:
        return row.id

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            # The id is what `counter-app manifest --provider ID` asks for.
            return _("The provider's number for the command line: counter-app manifest --provider ID")
        return super().headerData(section, orientation, role)


class UsersModel(RowsModel[Account]):
    HEADERS = (N_("Username"), N_("Full name"), N_("Role"), N_("Window"), N_("Locked"), N_("Active"))

    def cell(self, row: Account, column: int) -> str:
        return (
            row.username,
            row.full_name,
            role_name(row.role),
            row.window or "",
            _yes(row.locked),
            _yes(row.active),
        )[column]

    def number(self, row: Account) -> int:
        return row.id


class OverridesModel(RowsModel[CalendarOverride]):
    HEADERS = (N_("Date"), N_("Kind"), N_("Legal reference"), N_("Name"))

    def cell(self, row: CalendarOverride, column: int) -> str:
        return (format_date(row.day), _(OVERRIDE_KIND_NAMES[row.kind]), row.reference, row.name)[column]


class _SelectOnFocus(QObject):
    """A list that gets the keyboard with no row selected selects the row it is on (the first one at first):
    the row the keyboard is on is the one Edit, Deactivate or Remove act on, and their buttons say so."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(watched, QTableView)
            and watched.model().rowCount()
            and not watched.selectionModel().selectedRows()
        ):
            select_row(watched, max(watched.currentIndex().row(), 0))
        return False


def _view(model: RowsModel[Any]):
    """A settings list: whole rows, one at a time, the columns sharing the width, long texts wrapped."""
    view = table_view(model, stretch=range(model.columnCount()))
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.installEventFilter(_SelectOnFocus(view))
    return view


class ProvidersTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.model = ProvidersModel(self)
        self.table = _view(self.model)
        for column in (0, 1, 5):  # id, kind and active are short; names and addresses get the room
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.add_button, self.edit_button, self.toggle_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.selected()))
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda *_args: self.open_dialog(self.selected()))
        self.error = ErrorLabel()
        buttons = button_row(self.add_button, self.edit_button, self.toggle_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.dialog: ProviderDialog | None = None
        self.task = None

    def retranslate(self) -> None:
        self.model.retranslate()
        self.add_button.setText(_("&Add provider…"))
        self.edit_button.setText(_("&Edit…"))
        self.show_providers(self._screen.office.providers)

    def show_providers(self, providers: Sequence[ServiceProvider]) -> None:
        self.model.set_rows(providers)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def selected(self) -> ServiceProvider | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

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
        self.model = UsersModel(self)
        self.table = _view(self.model)
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
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        buttons = button_row(
            self.create_button,
            self.edit_button,
            self.unlock_button,
            self.active_button,
            self.password_button,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.dialog: FormDialog | None = None
        self.task = None

    def retranslate(self) -> None:
        self.model.retranslate()
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
        self.model.set_rows(users)
        self.table.resizeRowsToContents()
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
        self.model = OverridesModel(self)
        self.table = _view(self.model)
        self.day = DateField(office_today())
        self.kind = QComboBox()
        for kind in OverrideKind:
            self.kind.addItem("", kind)
        self.reference, self.name = QLineEdit(), QLineEdit()
        self.form = LabelledForm()
        self.form.add(N_("&Date:"), self.day)
        self.form.add(N_("&Kind:"), self.kind)
        self.form.add(N_("&Legal reference:"), self.reference)
        self.form.add(N_("&Name:"), self.name)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        )
        self.remove_button.setEnabled(False)
        self.error = ErrorLabel()
        buttons = button_row(self.add_button, self.remove_button)
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
        self.model.retranslate()
        for index, kind in enumerate(OverrideKind):
            self.kind.setItemText(index, _(OVERRIDE_KIND_NAMES[kind]))
        self.form.retranslate()
        self.add_button.setText(_("Add &day"))
        self.remove_button.setText(_("Re&move selected day"))
        self.show_overrides(self.overrides)

    def show_overrides(self, overrides: list[CalendarOverride]) -> None:
        self.overrides = sorted(overrides, key=lambda o: o.day)
        self.model.set_rows(self.overrides)
        self.table.resizeRowsToContents()

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
