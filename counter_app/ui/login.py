"""Signing in: the first administrator on a fresh installation, the login dialog, the idle-lock screen.

The login dialog is the first window and is shown before the database is open (``ui.app``): this module imports
no use-case or storage module at load time (they bring SQLAlchemy, the models and argon2), only when a
password is checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, set_language
from counter_app.ui.kit.dialogs import FormDialog
from counter_app.ui.kit.errors import show_error
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, button_row, follow_language

if TYPE_CHECKING:
    from counter_app.core.domain.account_rules import LoginFailed
    from counter_app.core.domain.permissions import Account
    from counter_app.core.usecases.accounts import Accounts


def _passwords():
    from counter_app.core.domain import passwords

    return passwords


def _create_administrator(accounts: Accounts, values: tuple[str, str, str]) -> Account:
    from counter_app.core.domain.permissions import Role

    return accounts.create(None, values[0], values[1], Role.ADMIN, values[2], None)


def _login_failed() -> type[LoginFailed]:
    from counter_app.core.domain.account_rules import LoginFailed

    return LoginFailed


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class LanguageBox(QComboBox):
    """Қазақша / Русский / English, switching the UI language at once (shown before anyone signs in)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for lang in LANGUAGES:
            self.addItem(LANGUAGE_NAMES[lang], lang)
        self.setCurrentIndex(LANGUAGES.index(current_language()))
        self.currentIndexChanged.connect(lambda index: set_language(self.itemData(index)))
        follow_language(self, self._follow)

    def _follow(self) -> None:
        index = LANGUAGES.index(current_language())
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)


class FirstRunDialog(FormDialog):
    """No user exists yet: create the first administrator (username, full name, password twice)."""

    def __init__(self, accounts: Accounts, parent: QWidget | None = None) -> None:
        super().__init__(
            lambda values: _create_administrator(accounts, values),
            parent,
            done=self._created,
        )
        self._accounts = accounts
        self.account: Account | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = LanguageBox()
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = password_field()
        self.password_again = password_field()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.language_label = QLabel()
        self.username_label = QLabel()
        self.full_name_label = QLabel()
        self.password_label = QLabel()
        self.password_again_label = QLabel()
        for label, field in (
            (self.language_label, self.language),
            (self.username_label, self.username),
            (self.full_name_label, self.full_name),
            (self.password_label, self.password),
            (self.password_again_label, self.password_again),
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form_area.addWidget(self.intro)
        self.form_area.addLayout(self.form)
        self.setMinimumWidth(420)
        self.username.setFocus()
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("First start: create the administrator"))
        self.intro.setText(
            _(
                "There are no users yet. Create the administrator account: the administrator sets up the "
                "office and creates the other users."
            )
        )
        self.language_label.setText(_("&Language:"))
        self.username_label.setText(_("&Username:"))
        self.full_name_label.setText(_("&Full name:"))
        self.password_label.setText(_("&Password:"))
        self.password_again_label.setText(_("&Repeat password:"))

    def values(self) -> tuple[str, str, str]:
        return self.username.text().strip(), self.full_name.text().strip(), self.password.text()

    def validate(self) -> str | None:
        username, full_name, password = self.values()
        if not username:
            return _("Enter a username.")
        if not full_name:
            return _("Enter the full name.")
        if not password:
            return _("Enter a password.")
        if password != self.password_again.text():
            return _("The two passwords differ. Type the same password twice.")
        return _passwords().password_problem(password, username)

    def _created(self, account: Account) -> None:
        self.account = account


class LoginDialog(QDialog):
    """Username and password; a wrong password and a locked account each get their own message.

    Shown at start before the database is open (``accounts`` None): what is typed is kept, and a sign-in asked
    for meanwhile is made as soon as :meth:`set_accounts` gives the accounts."""

    def __init__(self, accounts: Accounts | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.waiting = False  # Sign in was pressed before the database was open
        self.account: Account | None = None
        self.task = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.language = LanguageBox()
        self.username = QLineEdit()
        self.password = password_field()
        self.language_label = QLabel()
        self.username_label = QLabel()
        self.password_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in (
            (self.language_label, self.language),
            (self.username_label, self.username),
            (self.password_label, self.password),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self.username.setFocus()
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Counter: sign in"))
        self.title.setText(_("Sign in to Counter"))
        self.language_label.setText(_("&Language:"))
        self.username_label.setText(_("&Username:"))
        self.password_label.setText(_("&Password:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign &in"))

    def accept(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.error.show_message(_("Enter your username and password."))
            return
        if self.task is not None and not self.task.done():
            return
        if self._accounts is None:
            self.waiting = True
            self.error.show_message(_("Opening the database… You are signed in as soon as it is open."))
            return
        username, password, accounts = self.username.text().strip(), self.password.text(), self._accounts
        self.task = (
            Op(self, lambda: accounts.authenticate(username, password))
            .busy(self.buttons)
            .success(self._signed_in)
            .failure(self._refused)
            .run()
        )

    def set_accounts(self, accounts: Accounts) -> None:
        """The database is open: sign in now if that was asked for while it opened."""
        self._accounts = accounts
        if self.waiting:
            self.waiting = False
            self.error.clear_message()
            self.accept()

    def _signed_in(self, account: Account) -> None:
        self.error.clear_message()
        self.account = account
        super().accept()

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, _login_failed()):
            show_error(self, error)
            return
        self.error.show_message(login_failure_text(error))
        self.password.clear()
        self.password.setFocus()


def login_failure_text(failure: LoginFailed) -> str:
    if failure.reason == "locked":
        return _("This account is locked or deactivated. Ask the administrator.")
    if failure.reason == "wait":
        return _("Too many wrong passwords. Try again in {seconds} s.").format(seconds=failure.retry_after)
    return _("Wrong username or password.")


class ChangePasswordDialog(FormDialog):
    """The user must choose a new password (after an administrator's reset, and the demo users at once)."""

    def __init__(self, accounts: Accounts, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            lambda values: accounts.change_own_password(account.id, values[0], values[1]),
            parent,
            done=self._changed,
        )
        self._accounts = accounts
        self.account = account
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.old_password = password_field()
        self.password = password_field()
        self.password_again = password_field()
        self.form = QFormLayout()
        self.old_label, self.new_label, self.again_label = QLabel(), QLabel(), QLabel()
        for label, field in (
            (self.old_label, self.old_password),
            (self.new_label, self.password),
            (self.again_label, self.password_again),
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form_area.addWidget(self.intro)
        self.form_area.addLayout(self.form)
        self.setMinimumWidth(420)
        self.old_password.setFocus()
        self.finish_layout()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change your password"))
        self.intro.setText(
            _(
                "{name}, choose a new password before you start: at least {count} characters, not your username."
            ).format(name=self.account.full_name, count=_passwords().MIN_LENGTH)
        )
        self.old_label.setText(_("&Current password:"))
        self.new_label.setText(_("&New password:"))
        self.again_label.setText(_("&Repeat new password:"))

    def values(self) -> tuple[str, str]:
        return self.old_password.text(), self.password.text()

    def validate(self) -> str | None:
        if self.password.text() != self.password_again.text():
            return _("The two passwords differ. Type the same password twice.")
        return _passwords().password_problem(self.password.text(), self.account.username)

    def _changed(self, account: Account) -> None:
        self.account = account


class LockScreen(QWidget):
    """Covers the work area after idle minutes or Ctrl+L; only the same user's password opens it again."""

    unlocked = Signal()
    log_out_requested = Signal()

    def __init__(self, accounts: Accounts, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._account = account
        self.task = None
        self.setAutoFillBackground(True)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = password_field()
        self.password.returnPressed.connect(self.try_unlock)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        self.error = ErrorLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.log_out_button = QPushButton()
        self.log_out_button.clicked.connect(self.log_out_requested)
        row = QHBoxLayout()
        row.addWidget(self.password_label)
        row.addWidget(self.password, 1)
        buttons = button_row(right=(self.unlock_button, self.log_out_button))
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.hint)
        box.addLayout(row)
        box.addWidget(self.error)
        box.addLayout(buttons)
        panel = QWidget()
        panel.setLayout(box)
        panel.setMinimumWidth(360)
        panel.setMaximumWidth(640)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel, 4)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("The screen is locked"))
        self.hint.setText(
            _("{name} is signed in. Enter the password to continue.").format(name=self._account.full_name)
        )
        self.password_label.setText(_("&Password:"))
        self.unlock_button.setText(_("&Unlock"))
        self.log_out_button.setText(_("Log &out"))

    def reset(self) -> None:
        self.password.clear()
        self.error.clear_message()
        self.password.setFocus()

    def try_unlock(self) -> None:
        if self.task is not None and not self.task.done():
            return
        accounts, account_id, password = self._accounts, self._account.id, self.password.text()
        self.task = (
            Op(self, lambda: accounts.verify_password(account_id, password))
            .busy(self.unlock_button)
            .success(self._checked)
            .failure(self._refused)
            .run()
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, _login_failed()):
            show_error(self, error)
            return
        self.error.show_message(login_failure_text(error))  # wrong passwords: wait before the next try
        self.password.clear()
        self.password.setFocus()

    def _checked(self, ok: bool) -> None:
        if not ok:
            self.error.show_message(_("Wrong password. The screen stays locked."))
            self.password.clear()
            self.password.setFocus()
            return
        self.reset()
        self.unlocked.emit()
