"""Settings for the administrator: the office, its service providers, the users and the calendar overrides
(the lists in ``settings_lists``, their dialogs in ``settings_dialogs``, the fields shared with the set-up
wizard in ``settings_fields``).

Every read and save runs in the background (``kit.operations.Op``): the screen opens at once and fills in when
the office, the users and the calendar are read. A form keeps what was typed when a save fails; the one
message box says why, in the UI language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.calendar import CalendarOverride
from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.office import Office
from counter_app.core.domain.permissions import Account, Screen, require_screen
from counter_app.ui.context import BLANK_OFFICE, AppContext
from counter_app.ui.focus import first_field, give_focus
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.tabs import keyboard_tabs
from counter_app.ui.kit.widgets import ErrorLabel
from counter_app.ui.screens import title_label
from counter_app.ui.screens.backups_tab import BackupsTab
from counter_app.ui.screens.journal_tab import JournalTab
from counter_app.ui.screens.settings_fields import LabelledForm, OfficeFields
from counter_app.ui.screens.settings_lists import CalendarTab, ProvidersTab, UsersTab


class OfficeTab(OfficeFields, QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.form = LabelledForm()
        self.add_office_fields(self.form)
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
        self.show_office_fields(office)
        self.idle_minutes.setValue(office.idle_lock_minutes)

    def office_from_form(self) -> Office:
        return self.office_from_fields(
            self._screen.office.providers, idle_lock_minutes=self.idle_minutes.value()
        )

    def save(self) -> None:
        office = self.office_from_form()
        fault = self.office_fault(office)
        self.saved.clear()
        if fault is not None:  # said under the fields; the keyboard goes to the field at fault
            field, message = fault
            self.error.show_message(message)
            field.setFocus()
            return
        self.error.clear_message()
        self.task = Op(self, self._screen.saving(office)).busy(self.save_button).success(self._saved).run()

    def _saved(self, office: Office) -> None:
        self._screen.show_office(office)
        self.saved.setText(_("Saved."))


class SettingsScreen(QWidget):
    def __init__(self, ctx: AppContext, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        require_screen(account, Screen.SETTINGS)
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
        keyboard_tabs(self, self.tabs)
        self.tabs.setEnabled(False)  # until the settings are read
        self.load_task = Op(self, self._read).success(self._loaded).run()

    def focus_start(self) -> QWidget | None:
        """The current tab's first field (none while the settings are read: the tabs are disabled)."""
        if not self.tabs.isEnabled():
            return None
        return first_field(self.tabs.currentWidget())

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
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or focused is self or not self.isAncestorOf(focused)):
            give_focus(self)  # the keyboard waited on the screen while the tabs were disabled

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
