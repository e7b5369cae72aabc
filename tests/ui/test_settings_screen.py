"""The administrator's settings, saved through the real widgets into a real SQLite file and read back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from counter_app.core.domain.account_rules import LoginFailed
from counter_app.core.domain.calendar import OverrideKind
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.permissions import Role
from counter_app.ui.screens.settings_screen import SettingsScreen

from .conftest import demo_account, wait_done


def settings_screen(qtbot, ctx) -> SettingsScreen:
    widget = SettingsScreen(ctx, demo_account(ctx, Role.ADMIN))
    qtbot.addWidget(widget)
    widget.show()
    wait_done(qtbot, widget.load_task)
    return widget


def click_ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_office_round_trip(qtbot, loop, demo_ctx):
    widget = settings_screen(qtbot, demo_ctx)
    tab = widget.office_tab
    tab.branch_kk.setText("Алматы қаласы бойынша филиал")
    tab.branch_ru.setText("Филиал по городу Алматы")
    tab.department.setText("7")
    tab.address_kk.setText("Абай даңғылы, 10")
    tab.address_ru.setText("проспект Абая, 10")
    tab.windows.setText("1, 2, 2")
    tab.idle_minutes.setValue(12)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == "Each window number may appear only once."
    assert tab.branch_kk.text() == "Алматы қаласы бойынша филиал"  # nothing typed is lost

    tab.windows.setText("1, 2, 3A")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, tab.task)
    assert tab.error.isHidden()
    assert tab.saved.text() == "Saved."

    office = demo_ctx.office_settings.load()
    assert office.branch_name.kk == "Алматы қаласы бойынша филиал"
    assert office.department_number == "7"
    assert office.address.ru == "проспект Абая, 10"
    assert office.windows == ("1", "2", "3A")
    assert office.idle_lock_minutes == 12
    assert office.providers  # the demo providers are kept

    again = settings_screen(qtbot, demo_ctx)
    assert again.office_tab.branch_ru.text() == "Филиал по городу Алматы"
    assert again.office_tab.windows.text() == "1, 2, 3A"
    assert again.office_tab.idle_minutes.value() == 12


def test_add_edit_and_deactivate_a_provider(qtbot, loop, demo_ctx):
    widget = settings_screen(qtbot, demo_ctx)
    tab = widget.providers_tab
    count = len(demo_ctx.office_settings.load().providers)
    dialog = tab.open_dialog(None)
    dialog.kind.setCurrentIndex(list(ProviderKind).index(ProviderKind.EDUCATION_DEPARTMENT))
    dialog.district_kk.setText("Есіл ауданы")
    dialog.district_ru.setText("район Есиль")
    dialog.name_kk.setText("Есіл ауданының білім бөлімі")
    click_ok(dialog)
    assert "name" in dialog.error.text()
    assert dialog.isVisible()
    dialog.name_ru.setText("Отдел образования района Есиль")
    dialog.address_kk.setText("Мәңгілік Ел даңғылы, 8")
    dialog.address_ru.setText("проспект Мангилик Ел, 8")
    click_ok(dialog)
    wait_done(qtbot, dialog.task)

    providers = demo_ctx.office_settings.load().providers
    assert len(providers) == count + 1
    added = next(p for p in providers if p.name.ru == "Отдел образования района Есиль")
    assert added.kind == ProviderKind.EDUCATION_DEPARTMENT and added.active
    assert tab.model.rowCount() == count + 1

    row = [p.id for p in widget.office.providers].index(added.id)
    tab.table.selectRow(row)
    assert tab.toggle_button.text() == "&Deactivate"
    tab.toggle_button.click()
    wait_done(qtbot, tab.task)
    assert not demo_ctx.office_settings.load().provider(added.id).active
    assert tab.model.text(row, 5) == "no"
    # The first column is the id that `counter-app manifest --provider ID` asks for.
    assert [tab.model.text(r, 0) for r in range(tab.model.rowCount())] == [
        str(p.id) for p in widget.office.providers
    ]
    assert "--provider" in tab.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_create_user_unlock_and_reset_password(qtbot, loop, demo_ctx):
    widget = settings_screen(qtbot, demo_ctx)
    tab = widget.users_tab
    dialog = tab.open_create()
    dialog.username.setText("dana")
    dialog.full_name.setText("Дана Ержанқызы")
    dialog.role.setCurrentIndex(list(Role).index(Role.OPERATOR))
    dialog.password.setText("first-pass")
    dialog.password_again.setText("first-pass")
    click_ok(dialog)
    assert "window" in dialog.error.text()
    dialog.window.setCurrentIndex(2)
    window = dialog.window.currentText()
    click_ok(dialog)
    wait_done(qtbot, dialog.task)
    dana = demo_ctx.accounts.authenticate("dana", "first-pass")
    assert dana.role == Role.OPERATOR and dana.window == window and dana.must_change_password

    wait_done(qtbot, tab.refresh())
    row = [u.username for u in tab.users].index("dana")
    tab.table.selectRow(row)
    assert tab.model.text(row, 4) == "no"
    assert tab.unlock_button.text() == "&Lock"
    tab.unlock_button.click()  # the administrator locks the account
    wait_done(qtbot, tab.task)
    assert tab.model.text(row, 4) == "yes"
    with pytest.raises(LoginFailed):
        demo_ctx.accounts.authenticate("dana", "first-pass")
    tab.table.selectRow(row)
    assert tab.unlock_button.text() == "&Unlock"
    tab.unlock_button.click()
    wait_done(qtbot, tab.task)
    assert tab.model.text(row, 4) == "no"

    tab.table.selectRow(row)
    edit = tab.open_edit()
    edit.role.setCurrentIndex(list(Role).index(Role.MANAGER))
    click_ok(edit)
    wait_done(qtbot, edit.task)
    assert demo_ctx.accounts.find("dana").role is Role.MANAGER
    tab.table.selectRow(row)
    tab.active_button.click()  # deactivate
    wait_done(qtbot, tab.task)
    assert tab.model.text(row, 5) == "no"
    with pytest.raises(LoginFailed):
        demo_ctx.accounts.authenticate("dana", "first-pass")
    tab.table.selectRow(row)
    tab.active_button.click()
    wait_done(qtbot, tab.task)

    tab.table.selectRow(row)
    reset = tab.open_reset()
    reset.password.setText("1")
    reset.password_again.setText("1")
    click_ok(reset)
    assert "at least 8" in reset.error.text()
    reset.password.setText("second-pass")
    reset.password_again.setText("second-pass")
    click_ok(reset)
    wait_done(qtbot, reset.task)
    assert demo_ctx.accounts.authenticate("dana", "second-pass").username == "dana"


def test_calendar_override_round_trip(qtbot, loop, demo_ctx):
    widget = settings_screen(qtbot, demo_ctx)
    tab = widget.calendar_tab
    tab.day.setDate(QDate(2026, 12, 14))
    tab.kind.setCurrentIndex(list(OverrideKind).index(OverrideKind.DAY_OFF))
    tab.name.setText("Перенос выходного дня")
    tab.add_button.click()
    assert "legal reference" in tab.error.text()
    tab.reference.setText("Government Decree No. 123 of 01.12.2025")
    tab.add_button.click()
    wait_done(qtbot, tab.task)
    overrides = demo_ctx.office_settings.calendar_overrides()
    assert [(o.day, o.kind, o.reference) for o in overrides] == [
        (dt.date(2026, 12, 14), OverrideKind.DAY_OFF, "Government Decree No. 123 of 01.12.2025")
    ]
    assert tab.model.text(0, 0) == "14.12.2026"
    tab.table.selectRow(0)
    tab.remove_button.click()
    wait_done(qtbot, tab.task)
    assert demo_ctx.office_settings.calendar_overrides() == []
    assert tab.model.rowCount() == 0


def test_the_journal_tab_verifies_and_saves_the_retention_periods(qtbot, loop, demo_ctx):
    from sqlalchemy import text

    from counter_app.core.usecases import retention

    widget = settings_screen(qtbot, demo_ctx)
    tab = widget.journal_tab
    wait_done(qtbot, tab.run_verify())
    assert tab.result.text().startswith("The journal and the archive are intact.")
    with demo_ctx.db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET detail = 'x' WHERE id = 2"))
    wait_done(qtbot, tab.run_verify())
    assert "altered" in tab.result.text() and "Journal entry 2 " in tab.result.text()
    tab.periods["drafts_days"].setValue(45)
    wait_done(qtbot, tab.save())
    assert retention.load(demo_ctx.db).drafts_days == 45


def test_the_settings_lists_are_rows_models(qtbot, loop, demo_ctx, check_models):
    widget = settings_screen(qtbot, demo_ctx)
    calendar = widget.calendar_tab
    calendar.day.setDate(QDate(2026, 12, 14))
    calendar.reference.setText("Government Decree No. 1 of 01.12.2025")
    calendar.add_button.click()
    wait_done(qtbot, calendar.task)
    tabs = (widget.providers_tab, widget.users_tab, widget.calendar_tab)
    assert all(tab.model.rowCount() > 0 for tab in tabs)
    check_models(*(tab.model for tab in tabs))
    assert widget.users_tab.model.text(0, 0) == widget.users_tab.users[0].username


def test_the_keyboard_starts_in_the_current_tab_and_ctrl_tab_turns_the_tabs(qtbot, loop, demo_ctx):
    from PySide6.QtWidgets import QApplication

    widget = settings_screen(qtbot, demo_ctx)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.office_tab.branch_kk, timeout=10_000)
    assert widget.tabs.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus  # Tab never lands on the tab bar
    ctrl = Qt.KeyboardModifier.ControlModifier
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(widget.office_tab.department, Qt.Key.Key_Tab, ctrl)  # from any field of the screen
    assert widget.tabs.currentWidget() is widget.providers_tab
    assert QApplication.focusWidget() is widget.providers_tab.table
    # the row the keyboard is on is selected, so Edit… works at once (it stayed disabled until an arrow key)
    assert widget.providers_tab.selected() is widget.office.providers[0]
    assert widget.providers_tab.edit_button.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, ctrl)
    assert widget.tabs.currentWidget() is widget.users_tab
    assert widget.users_tab.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, ctrl | shift)
    assert widget.tabs.currentWidget() is widget.providers_tab
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, ctrl)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, ctrl)  # round to the last tab
    assert widget.tabs.currentWidget() is widget.journal_tab
    assert widget.journal_tab.isAncestorOf(QApplication.focusWidget())
    widget.tabs.setFocus()  # a tab widget hands its focus to its tab bar: it goes on into the tab
    qtbot.waitUntil(lambda: widget.journal_tab.isAncestorOf(QApplication.focusWidget()), timeout=5_000)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("kk", "Бұл терезе нөмірі емес: x. Терезе нөмірі — сандар"),
        ("ru", "Это не номер окна: x. Номер окна — цифры"),
    ],
)
def test_windows_that_are_not_window_numbers_are_refused_at_the_field(qtbot, loop, demo_ctx, lang, said):
    """ "Windows: 1, x" was saved (the windows 1 and x); now it is refused, in the UI language, the keyboard on the
    windows field with what was typed, and nothing is stored."""
    from counter_app.core.domain import i18n

    before = demo_ctx.office_settings.load().windows
    widget = settings_screen(qtbot, demo_ctx)
    widget.activateWindow()
    i18n.set_language(lang)
    tab = widget.office_tab
    tab.windows.setText("1, x")
    tab.save_button.setFocus()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.error.text().startswith(said)
    assert tab.task is None  # nothing was sent to be saved
    qtbot.waitUntil(tab.windows.hasFocus)
    assert tab.windows.text() == "1, x"
    assert demo_ctx.office_settings.load().windows == before
