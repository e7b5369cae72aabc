"""Signing in, the first administrator, and the lock screen, driven through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from counter_app.core.domain.permissions import Role
from counter_app.ui.app import Controller
from counter_app.ui.login import ChangePasswordDialog, FirstRunDialog, LoginDialog
from counter_app.ui.main_window import MainWindow

from .conftest import demo_account, wait_done


def sign_in(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    wait_done(qtbot, dialog.task)


def test_sign_in_opens_the_main_window(qtbot, qapp, loop, demo_ctx):
    controller = Controller(demo_ctx, qapp)
    wait_done(qtbot, controller.start())
    dialog = controller.dialog
    assert isinstance(dialog, LoginDialog)  # the controller deletes it once signed in
    sign_in(qtbot, dialog, "operator", "operator")
    change = controller.dialog  # the demo password must be changed first
    assert isinstance(change, ChangePasswordDialog) and controller.window is None
    change.old_password.setText("operator")
    change.password.setText("short")
    change.password_again.setText("short")
    change.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "at least 8" in change.error.text()
    change.password.setText("Window-Two-Desk")
    change.password_again.setText("Window-Two-Desk")
    change.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_done(qtbot, change.task)
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.account.username == "operator"
    assert "Operator" in window.user_label.text()
    window.closed_by_user.disconnect()  # closing it at teardown must not quit the shared QApplication


def test_wrong_password_says_so_and_stays(qtbot, loop, demo_ctx):
    dialog = LoginDialog(demo_ctx.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    sign_in(qtbot, dialog, "operator", "not the password")
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Wrong username or password."
    assert dialog.account is None
    assert dialog.isVisible()
    assert dialog.username.text() == "operator"


def test_wrong_passwords_make_the_next_try_wait_and_say_so(qtbot, loop, demo_ctx):
    dialog = LoginDialog(demo_ctx.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    for _attempt in range(3):
        sign_in(qtbot, dialog, "nobody-here", "wrong")
    assert dialog.error.text() == "Wrong username or password."
    sign_in(qtbot, dialog, "nobody-here", "wrong")
    assert dialog.error.text().startswith("Too many wrong passwords. Try again in")


def test_locked_account_tells_to_ask_the_administrator(qtbot, loop, demo_ctx):
    admin = demo_account(demo_ctx, Role.ADMIN)
    demo_ctx.accounts.set_locked(admin, demo_ctx.accounts.find("operator").id, True)
    dialog = LoginDialog(demo_ctx.accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    sign_in(qtbot, dialog, "operator", "operator")
    assert dialog.account is None
    assert "administrator" in dialog.error.text()
    assert "locked" in dialog.error.text()


def test_first_run_creates_the_administrator_then_asks_to_sign_in(qtbot, qapp, loop, ctx):
    controller = Controller(ctx, qapp)
    wait_done(qtbot, controller.start())
    dialog = controller.dialog
    assert isinstance(dialog, FirstRunDialog)  # the controller deletes it once the administrator exists
    dialog.username.setText("aigerim")
    dialog.full_name.setText("Айгерім Сәрсенова")
    dialog.password.setText("1")
    dialog.password_again.setText("1")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "at least 8" in dialog.error.text()
    dialog.password.setText("s3cret-pass")
    dialog.password_again.setText("s3cret-pass-typo")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "differ" in dialog.error.text()
    assert dialog.full_name.text() == "Айгерім Сәрсенова"  # nothing typed is lost
    assert not ctx.accounts.has_any_user()

    dialog.password_again.setText("s3cret-pass")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_done(qtbot, dialog.task)
    account = ctx.accounts.authenticate("aigerim", "s3cret-pass")
    assert account.role == Role.ADMIN
    assert account.full_name == "Айгерім Сәрсенова"
    login = controller.dialog
    assert isinstance(login, LoginDialog)
    qtbot.addWidget(login)
    assert login.username.text() == "aigerim"


def test_ctrl_l_locks_and_only_the_right_password_unlocks(qtbot, loop, demo_ctx):
    window = MainWindow(demo_ctx, demo_account(demo_ctx, Role.OPERATOR))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not window.screen_actions[window.allowed[0]].isEnabled()

    lock = window.lock_screen
    lock.password.setText("manager")  # another user's password
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, lock.task)
    assert window.locked
    assert lock.error.text() == "Wrong password. The screen stays locked."

    qtbot.keyClicks(lock.password, "operator")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    wait_done(qtbot, lock.task)
    assert not window.locked
    assert window.idle_timer.isActive()


def test_idle_time_locks_the_screen(qtbot, loop, demo_ctx):
    window = MainWindow(demo_ctx, demo_account(demo_ctx, Role.OPERATOR))
    qtbot.addWidget(window)
    window.show()
    assert window.idle_timer.interval() == demo_ctx.office_settings.load().idle_lock_minutes * 60_000
    assert window.idle_timer.isActive()
    window.idle_timer.timeout.emit()  # the administrator's idle minutes have passed
    assert window.locked


def test_the_lock_hides_every_window_of_the_session(qtbot, loop, demo_ctx, tmp_path):
    import datetime as dt

    from PySide6.QtCore import QSettings

    from counter_app.printing.specimen import render_specimen
    from counter_app.ui.pdf_preview import PdfPreviewDialog

    window = MainWindow(demo_ctx, demo_account(demo_ctx, Role.OPERATOR))
    qtbot.addWidget(window)
    window.show()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    service = demo_ctx.catalog.service("guardian-benefit")
    day = dt.date(2026, 11, 23)
    pdf = render_specimen("acceptance", service, service.version_on(day), day, "kk")
    preview = PdfPreviewDialog(pdf, window="1", settings=settings)  # a receipt with a full IIN
    qtbot.addWidget(preview)
    preview.show()
    assert preview.isVisible()
    window.lock()
    assert window.locked and not preview.isVisible()
    window.unlock()
    assert preview.isVisible()


def test_the_sign_in_shown_before_the_database_is_open_signs_in_once_it_is(qtbot, qapp, loop, demo_ctx):
    controller = Controller(None, qapp)  # the window's start: the dialog first, the database beside it
    dialog = controller.show_login()  # the controller deletes it once signed in
    assert dialog.isVisible()
    dialog.username.setText("operator")
    dialog.password.setText("operator")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.waiting and dialog.task is None
    assert dialog.error.text() == "Opening the database… You are signed in as soon as it is open."
    controller.attach(demo_ctx, has_users=True)
    assert controller.dialog is dialog and not dialog.waiting
    wait_done(qtbot, dialog.task)
    change = controller.dialog  # signed in: the demo password must be changed first
    assert isinstance(change, ChangePasswordDialog)
    assert change.account.username == "operator"
    # closing it at teardown (a Cancel) must not open a new sign-in dialog that outlives the test: left on
    # screen, it took the focus from the windows of the tests after it (tests/intake after tests/ui)
    change.rejected.disconnect()
    qtbot.addWidget(change)


def test_a_wrong_password_typed_while_the_database_opens_is_refused_once_it_is(qtbot, qapp, loop, demo_ctx):
    controller = Controller(None, qapp)
    dialog = controller.show_login()
    qtbot.addWidget(dialog)
    sign_in_attempt = ("operator", "not the password")
    dialog.username.setText(sign_in_attempt[0])
    dialog.password.setText(sign_in_attempt[1])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    controller.attach(demo_ctx, has_users=True)
    wait_done(qtbot, dialog.task)
    assert dialog.account is None and dialog.isVisible()
    assert dialog.error.text() == "Wrong username or password."


def test_an_empty_database_turns_the_first_dialog_into_the_first_administrators(qtbot, qapp, loop, ctx):
    controller = Controller(None, qapp)
    login = controller.show_login()
    qtbot.addWidget(login)
    controller.attach(ctx, has_users=False)
    first = controller.dialog
    assert isinstance(first, FirstRunDialog) and first.isVisible()
    qtbot.addWidget(first)
