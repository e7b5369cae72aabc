"""The main window: what each role sees, keyboard navigation, switching the language at runtime."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.permissions import AccessDenied, Role, Screen
from counter_app.ui.app import catalog_error_box, follow_qt_language
from counter_app.ui.language import saved_language
from counter_app.ui.main_window import MainWindow
from counter_app.ui.screens.catalog_screen import CatalogScreen
from counter_app.ui.screens.reports_screen import ReportsScreen

from .conftest import demo_account

MONDAY = dt.date(2026, 11, 23)


def open_window(qtbot, ctx, role: Role) -> MainWindow:
    window = MainWindow(ctx, demo_account(ctx, role), clock=SettableClock.on(MONDAY))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.waitUntil(window.office_task.done)  # the office is read in the background
    return window


def nav_texts(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_operator_does_not_see_settings(qtbot, demo_ctx):
    window = open_window(qtbot, demo_ctx, Role.OPERATOR)
    assert nav_texts(window) == ["Intake", "Results", "Service catalog"]
    assert Screen.SETTINGS not in window.screen_actions
    with pytest.raises(AccessDenied):
        window.open_screen(Screen.SETTINGS)
    assert Screen.SETTINGS not in window.screens
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert Screen.SETTINGS not in window.screens


def test_administrator_sees_settings_and_navigates_by_keyboard(qtbot, demo_ctx):
    window = open_window(qtbot, demo_ctx, Role.ADMIN)
    assert nav_texts(window) == ["Service catalog", "Reports", "Settings"]
    assert isinstance(window.stack.currentWidget(), CatalogScreen)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.screens[Screen.SETTINGS]
    assert window.navigation.currentItem().text() == "Settings"
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    reports = window.stack.currentWidget()
    assert isinstance(reports, ReportsScreen)
    assert reports.title.text() == "Reports"


def test_status_bar_names_user_office_window_and_date(qtbot, demo_ctx):
    window = open_window(qtbot, demo_ctx, Role.OPERATOR)
    office = demo_ctx.office_settings.load()
    account = window.account
    assert window.user_label.text() == f"{account.full_name} — Operator"
    assert office.branch_name.ru in window.office_label.full_text()
    assert office.department_number in window.office_label.full_text()
    assert window.window_label.text() == f"Window {account.window}"
    assert window.date_label.text() == "Monday, 23.11.2026"


def test_switching_language_retranslates_at_runtime(qtbot, qapp, demo_ctx):
    qt_translations = follow_qt_language(qapp)
    assert qt_translations.translator is None  # English: Qt's own texts need no translation
    window = open_window(qtbot, demo_ctx, Role.OPERATOR)
    catalog = window.open_screen(Screen.CATALOG)
    before = window.retranslate_count
    first_service = catalog.services.item(0).text()

    window.language_actions["kk"].trigger()

    assert i18n.current_language() == "kk"
    assert window.retranslate_count == before + 1
    assert window.language_actions["kk"].isChecked()
    assert window.date_label.text() == "дүйсенбі, 23.11.2026"
    assert qt_translations.translator is not None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Бас тарту"
    assert catalog.services.item(0).text() != first_service  # service names come from the catalog in kk
    assert saved_language() == "kk"

    window.language_actions["ru"].trigger()
    assert window.date_label.text() == "понедельник, 23.11.2026"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"

    window.language_actions["en"].trigger()
    assert qt_translations.translator is None
    assert window.date_label.text() == "Monday, 23.11.2026"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_broken_catalog_message_lists_file_field_and_problem(qtbot, tmp_path):
    from counter_app.core.domain.catalog import CatalogError, load_catalog

    (tmp_path / "services").mkdir()
    (tmp_path / "questions.yaml").write_text("questions: []\n", encoding="utf-8")
    (tmp_path / "services" / "broken.yaml").write_text("code: broken\nnames: {kk: x}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(tmp_path)
    i18n.set_language("ru")
    box = catalog_error_box(raised.value)
    qtbot.addWidget(box)
    assert box.text() == i18n._("The service catalog is broken.")  # in the UI language (Russian here)
    problems = box.informativeText().splitlines()
    assert any("broken.yaml" in line and "names.ru" in line and "Field required" in line for line in problems)


def test_ctrl_1_brings_the_operator_back_to_the_new_intake_from_the_applications_tab(qtbot, demo_ctx):
    """Ctrl+F shows the Applications tab; Ctrl+1 did nothing there (the screen was already open): it now shows
    the new intake with the keyboard in the service field, and Ctrl+F finds the search as it was left."""
    from PySide6.QtWidgets import QApplication

    window = open_window(qtbot, demo_ctx, Role.OPERATOR)
    intake = window.open_screen(Screen.INTAKE)
    qtbot.waitUntil(intake.load_task.done, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is intake.applications.search, timeout=10_000)
    intake.applications.search.setText("Сәрсенбаева")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert intake.tabs.currentWidget() is intake.intake_tab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is intake.wizard.currentPage().filter, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is intake.applications.search, timeout=10_000)
    assert intake.applications.search.text() == "Сәрсенбаева"
