"""The first start of a real installation: the administrator is walked through office, windows, first provider
and first user, and cannot finish with a required field empty (real widgets, real SQLite file)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWizard

from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.permissions import Role
from counter_app.ui.app import Controller
from counter_app.ui.login import ChangePasswordDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.setup_wizard import SetupWizard

from .conftest import wait_done

PASSWORD = "Setup-wizard-2026!"


def signed_in_admin(qtbot, qapp, ctx) -> tuple[Controller, SetupWizard]:
    ctx.accounts.create(None, "aigerim", "Айгерім Сәрсенова", Role.ADMIN, PASSWORD)
    controller = Controller(ctx, qapp)
    login = controller.show_login("aigerim")
    login.password.setText(PASSWORD)
    login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_done(qtbot, login.task)
    qtbot.waitUntil(lambda: controller.setup is not None)
    wizard = controller.setup
    assert controller.window is None  # the main window waits for the set-up
    return controller, wizard


def test_the_administrator_is_walked_through_the_office_and_cannot_skip_a_required_field(qtbot, qapp, ctx):
    controller, wizard = signed_in_admin(qtbot, qapp, ctx)
    office = wizard.office_page
    assert wizard.currentPage() is office
    wizard.next()
    assert wizard.currentPage() is office
    assert office.error.text() == "Enter the branch name in Kazakh and in Russian."
    office.branch_kk.setText("Астана қаласы бойынша филиал")
    office.branch_ru.setText("Филиал по городу Астана")
    office.department.setText("3")
    office.address_kk.setText("Сарыарқа ауданы, Бейбітшілік к-сі, 10")
    office.address_ru.setText("район Сарыарка, ул. Бейбитшилик, 10")
    wizard.next()
    assert office.error.text() == "Enter at least one window number, for example: 1, 2, 3."
    office.windows.setText("1, x")
    wizard.next()
    assert wizard.currentPage() is office
    assert office.error.text().startswith("This is not a window number: x.")
    assert office.focusWidget() is office.windows  # the keyboard on the field at fault
    office.windows.setText("1, 2, 3")
    wizard.next()

    provider = wizard.provider_page
    assert wizard.currentPage() is provider
    provider.district_kk.setText("Сарыарқа ауданы")
    provider.district_ru.setText("район Сарыарка")
    wizard.next()
    assert wizard.currentPage() is provider
    assert provider.error.text() == "Enter the provider's name in Kazakh and in Russian."
    provider.kind.setCurrentIndex(provider.kind.findData(ProviderKind.LOCAL_EXECUTIVE_BODY))
    provider.name_kk.setText("Сарыарқа ауданының әкімдігі")
    provider.name_ru.setText("Акимат района Сарыарка")
    provider.address_kk.setText("Кенесары к-сі, 1")
    provider.address_ru.setText("ул. Кенесары, 1")
    wizard.next()

    user = wizard.user_page
    assert wizard.currentPage() is user
    assert [user.window.itemText(i) for i in range(user.window.count())][1:] == ["1", "2", "3"]
    user.username.setText("dana")
    user.full_name.setText("Дана Ержанқызы")
    user.window.setCurrentIndex(user.window.findData("2"))
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    assert user.error.text() == "Enter a password."
    assert not ctx.office_settings.is_configured()  # nothing is saved before Finish succeeds
    user.password.setText(PASSWORD)
    user.password_again.setText(PASSWORD)
    finish.click()
    wait_done(qtbot, wizard.task)
    qtbot.waitUntil(lambda: controller.window is not None)

    saved = ctx.office_settings.load()
    assert saved.branch_name.ru == "Филиал по городу Астана"
    assert saved.windows == ("1", "2", "3")
    (first,) = saved.providers
    assert first.name.kk == "Сарыарқа ауданының әкімдігі"
    operator = ctx.accounts.authenticate("dana", PASSWORD)
    assert (operator.role, operator.window) == (Role.OPERATOR, "2")
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.closed_by_user.disconnect()


def test_a_set_up_office_goes_straight_to_the_main_window(qtbot, qapp, demo_ctx):
    controller = Controller(demo_ctx, qapp)
    login = controller.show_login("admin")
    login.password.setText("admin")
    login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_done(qtbot, login.task)
    change = controller.dialog  # the demo password is changed first
    assert isinstance(change, ChangePasswordDialog)
    change.old_password.setText("admin")
    change.password.setText(PASSWORD)
    change.password_again.setText(PASSWORD)
    change.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_done(qtbot, change.task)
    qtbot.waitUntil(lambda: controller.window is not None)
    assert controller.setup is None
    qtbot.addWidget(controller.window)
    controller.window.closed_by_user.disconnect()
