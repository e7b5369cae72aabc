"""Start the window: fonts, Qt translations, the sign-in window; then, beside it, the catalog and the database.

The login dialog is shown first, before the catalog is read and the database opened, migrated and checked
(in the background): a sign-in typed meanwhile is made as soon as the database is open, an empty database
turns the dialog into the first administrator's, and a broken catalog or a database that cannot be used is said
over it (and Counter quits) exactly as before. So this module and what it imports at load time bring no
SQLAlchemy, Alembic, pydantic, YAML, ReportLab or screen module: they are imported beside the sign-in window
(tests/ui/test_start_imports.py checks it).

The Qt loop runs asyncio through qasync (see ``kit.operations``); ``QT_API`` is set before qasync is imported.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.core.domain.i18n import LANGUAGES, _, current_language, on_language_changed, set_language
from counter_app.paths import fonts_dir
from counter_app.ui.focus import install_trace
from counter_app.ui.kit import errors, operations
from counter_app.ui.kit.operations import Op
from counter_app.ui.language import QtTranslations, save_language, saved_language
from counter_app.ui.login import ChangePasswordDialog, FirstRunDialog, LoginDialog

if TYPE_CHECKING:
    from counter_app.core.domain.catalog import CatalogError
    from counter_app.storage.db import Database, DatabaseTooNew, SchemaUpgradeNeeded
    from counter_app.ui.context import AppContext
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.schema_watch import SchemaWatcher
    from counter_app.ui.setup_wizard import SetupWizard

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_FAMILY = "DejaVu Sans"
DEFAULT_LANGUAGE = "kk"
MAX_LISTED_PROBLEMS = 15
DAILY_BACKUP_CHECK_MS = 60 * 60 * 1000  # hourly: is today's backup there yet?


def register_fonts(app: QApplication) -> list[str]:
    """Register the bundled DejaVu Sans (every Kazakh letter and ₸) and make it the application font."""
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / name))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if FONT_FAMILY in families:
        font = QFont(app.font())
        font.setFamilies([FONT_FAMILY])
        app.setFont(font)
    return families


def follow_qt_language(app: QApplication) -> QtTranslations:
    """Load Qt's own translations for the current language and swap them (and remember it) on every change."""
    qt_translations = QtTranslations(app)
    qt_translations.apply(current_language())

    def changed(lang: str) -> None:
        qt_translations.apply(lang)
        save_language(lang)

    on_language_changed(changed)
    return qt_translations


def catalog_error_box(error: CatalogError) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, _("Counter"), _("The service catalog is broken."))
    lines = [
        _("{file}: field {field}: {problem}").format(file=p.file, field=p.field, problem=p.message)
        for p in error.problems
    ]
    shown = lines[:MAX_LISTED_PROBLEMS]
    if len(lines) > len(shown):
        shown.append(_("… and {count} more (see the details).").format(count=len(lines) - len(shown)))
    box.setInformativeText(
        _("Counter cannot start until the catalog files in forms/ are fixed. Problems found:")
        + "\n\n"
        + "\n".join(shown)
    )
    box.setDetailedText("\n".join(lines))
    return box


def too_new_box(error: DatabaseTooNew) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, _("Counter"), str(error))
    box.setInformativeText(
        _("Counter cannot work with this database. Ask the administrator for the installer.")
    )
    box.open()
    return box


def schema_wait_box(error: SchemaUpgradeNeeded) -> QMessageBox:
    """A shared database behind this version: wait for the administrator's upgrade, then Retry."""
    box = QMessageBox(QMessageBox.Icon.Information, _("Counter"), str(error))
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    box.open()
    return box


class Controller(QObject):
    """Walks through first run → sign-in → main window, and back to sign-in after logging out."""

    dialog_shown = Signal(object)  # the first-run or sign-in dialog now on screen

    def __init__(self, ctx: AppContext | None, app: QApplication) -> None:
        """``ctx`` None: the database is still being opened (``attach`` gives it when it is)."""
        super().__init__()
        self.ctx = ctx
        self.app = app
        self.dialog: FirstRunDialog | LoginDialog | ChangePasswordDialog | None = None
        self.window: MainWindow | None = None
        self.setup: SetupWizard | None = None

    def start(self) -> asyncio.Task:
        """Sign-in, or the first administrator on an empty database (asked in the background)."""
        accounts = self.ctx.accounts
        return Op(None, accounts.has_any_user).success(self._begin).failure(self._cannot_begin).run()

    def _begin(self, has_users: bool) -> None:
        if has_users:
            self.show_login()
        else:
            self.show_first_run()

    def attach(self, ctx: AppContext, has_users: bool) -> None:
        """The database is open: the login dialog shown meanwhile may sign in (at once if that was asked), or
        becomes the first administrator's when there are no users yet."""
        self.ctx = ctx
        dialog = self.dialog
        if not has_users:
            self.show_first_run()
        elif isinstance(dialog, LoginDialog) and dialog.account is None:
            if not dialog.isVisible():
                dialog.show()
                dialog.raise_()
                dialog.activateWindow()
            dialog.set_accounts(ctx.accounts)
        elif dialog is None:
            self.show_login()

    def hide_dialog(self) -> None:
        """A start-up problem is said instead of the sign-in (shown again when the database is ready)."""
        if self.dialog is not None:
            self.dialog.hide()

    def _cannot_begin(self, error: Exception) -> None:
        box = errors.show_error(None, error)
        box.finished.connect(lambda _result: self.app.exit(1))

    def show_first_run(self) -> FirstRunDialog:
        assert self.ctx is not None
        dialog = FirstRunDialog(self.ctx.accounts)
        dialog.accepted.connect(lambda: self.show_login(dialog.account.username if dialog.account else ""))
        dialog.rejected.connect(self.app.quit)
        self._show_dialog(dialog)
        return dialog

    def show_login(self, username: str = "") -> LoginDialog:
        dialog = LoginDialog(self.ctx.accounts if self.ctx is not None else None)
        if username:
            dialog.username.setText(username)
            dialog.password.setFocus()
        dialog.accepted.connect(lambda: self._signed_in(dialog))
        dialog.rejected.connect(self.app.quit)
        self._show_dialog(dialog)
        return dialog

    def _signed_in(self, dialog: LoginDialog | ChangePasswordDialog) -> None:
        assert dialog.account is not None
        if dialog.account.must_change_password:
            self.show_change_password(dialog.account)
        else:
            self.after_sign_in(dialog)

    def show_change_password(self, account) -> ChangePasswordDialog:
        """A reset or demo password is changed before the main window opens (Cancel goes back to sign-in)."""
        dialog = ChangePasswordDialog(self.ctx.accounts, account)
        dialog.accepted.connect(lambda: self._signed_in(dialog))
        dialog.rejected.connect(lambda: self.show_login(account.username))
        self._show_dialog(dialog)
        return dialog

    def after_sign_in(self, dialog: LoginDialog | ChangePasswordDialog) -> None:
        """An administrator of an installation whose office is not set up yet is walked through it first."""
        from counter_app.core.domain.permissions import Role

        account = dialog.account
        if account is None or account.role is not Role.ADMIN:
            self.show_main(dialog)
            return
        configured = self.ctx.office_settings.is_configured
        Op(None, configured).success(
            lambda done: self.show_main(dialog) if done else self.show_setup(dialog)
        ).run()

    def show_setup(self, dialog: LoginDialog) -> SetupWizard:
        from counter_app.ui.setup_wizard import SetupWizard

        assert dialog.account is not None
        wizard = SetupWizard(self.ctx, dialog.account)
        wizard.finished.connect(lambda _result: self.show_main(dialog))
        self.setup = wizard
        wizard.show()
        wizard.raise_()
        wizard.activateWindow()
        return wizard

    def _show_dialog(self, dialog: FirstRunDialog | LoginDialog | ChangePasswordDialog) -> None:
        previous = self.dialog
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.dialog_shown.emit(dialog)
        if previous is not None:
            previous.deleteLater()

    def show_main(self, dialog: LoginDialog | ChangePasswordDialog) -> MainWindow:
        from counter_app.ui.main_window import MainWindow

        assert dialog.account is not None
        window = MainWindow(self.ctx, dialog.account)
        window.logged_out.connect(self._logged_out)
        window.closed_by_user.connect(self.app.quit)
        self.window = window
        window.showMaximized()
        window.activateWindow()
        if self.setup is not None:
            self.setup.deleteLater()
            self.setup = None
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        return window

    def _logged_out(self) -> None:
        window, self.window = self.window, None
        self.show_login()
        if window is not None:
            window.deleteLater()


def _clean_up(db) -> None:
    """The retention policy's clean-up at start; a failure is logged, never fatal."""
    from counter_app import paths
    from counter_app.core.usecases import retention
    from counter_app.errors import log_exception

    try:
        retention.clean_up(db, paths.user_data_dir())
    except Exception as error:  # noqa: BLE001 - cleaning up must not stop the counter from opening
        log_exception(error)


def self_test_report(controller: Controller, db_revision: str | None, fonts: list[str], services: int) -> int:
    """``--self-test``: the first window is up; say what was loaded, close it and quit (0 if it was shown)."""
    from counter_app import __version__

    dialog = controller.dialog
    shown = dialog is not None and dialog.isVisible()
    print(
        f"Counter {__version__}: {type(dialog).__name__ if shown else 'no window'} shown; "
        f"fonts {', '.join(sorted(set(fonts))) or 'none'}; {services} services; schema {db_revision}"
    )
    if dialog is not None:
        dialog.close()
    controller.app.exit(0 if shown else 1)
    return 0 if shown else 1


def run_gui(demo: bool, lang: str | None, self_test: bool = False) -> int:
    """The application window; returns the process exit code."""
    from counter_app.ui.display import display_problem

    problem = display_problem()
    if problem is not None and QApplication.instance() is None:
        print(problem, file=sys.stderr)
        return 2
    os.environ["QT_API"] = "pyside6"  # qasync must not pick another Qt binding (PySide6 is already imported)
    import qasync

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Counter")
    app.setQuitOnLastWindowClosed(False)  # the controller quits; a dialog closing between steps must not
    fonts = register_fonts(app)
    trace = install_trace()  # noqa: F841 - COUNTER_FOCUS_TRACE: where the focus goes, for the real-window tests
    language = lang or saved_language() or DEFAULT_LANGUAGE
    set_language(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    follow_qt_language(app)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from counter_app.ui import fault_handler

    fault_handler.install(loop)
    opened: list[Database] = []
    revision: list[str | None] = []
    services: list[int] = []
    controller = Controller(None, app)
    try:
        # The sign-in first: the catalog and the database are read beside it (from the loop's first turn).
        controller.show_login()

        def prepare() -> tuple[AppContext, bool]:
            """The catalog read, the database opened and migrated (and the demo office seeded), in the
            background; whether it has users yet."""
            from counter_app.core.domain.catalog import load_catalog
            from counter_app.storage.db import open_database
            from counter_app.ui.backups import backup_before_upgrade
            from counter_app.ui.context import AppContext

            catalog = load_catalog()
            services.append(len(catalog.services))
            db = open_database(before_upgrade=backup_before_upgrade)
            opened.append(db)
            _clean_up(db)
            if demo:
                from counter_app.core.usecases.demo import seed_demo

                seed_demo(db)
            revision.append(db.stored_revision())
            ctx = AppContext(db, catalog)
            return ctx, ctx.accounts.has_any_user()

        watchers: list[SchemaWatcher] = []

        def ready(prepared: tuple[AppContext, bool]) -> None:
            ctx, has_users = prepared
            if not ctx.db.is_sqlite:  # a shared database: the administrator may upgrade it under this window
                from counter_app.ui.schema_watch import SchemaWatcher

                watchers.append(SchemaWatcher(ctx.db, revision[-1], lambda: app.exit(1)))
            controller.attach(ctx, has_users)
            if self_test:
                QTimer.singleShot(
                    0,
                    lambda: self_test_report(
                        controller, revision[-1], fonts, services[-1] if services else 0
                    ),
                )
            else:
                daily_backup()  # beside the sign-in, not before it: a big database takes a while to copy

        def failed(error: Exception) -> None:
            from counter_app.core.domain.catalog import CatalogError
            from counter_app.storage.db import DatabaseTooNew, SchemaUpgradeNeeded

            if self_test:
                print(f"Counter: the window cannot start: {error}", file=sys.stderr)
                app.exit(1)
                return
            controller.hide_dialog()
            if isinstance(error, SchemaUpgradeNeeded):
                box = schema_wait_box(error)
                box.finished.connect(
                    lambda result: start() if result == QMessageBox.StandardButton.Retry else app.exit(1)
                )
                return
            if isinstance(error, CatalogError):
                box = catalog_error_box(error)
                box.open()
            elif isinstance(error, DatabaseTooNew):
                box = too_new_box(error)
            else:
                box = errors.show_error(None, error)
            box.finished.connect(lambda _result: app.exit(1))

        def start() -> None:
            Op(None, prepare).success(ready).failure(failed).run()

        def daily_backup() -> None:  # a window left open for days still makes each day's copy
            if opened:
                from counter_app.ui.backups import take_daily_backup

                db = opened[-1]
                Op(None, lambda: take_daily_backup(db)).run()

        start()
        backup_timer = QTimer(app)
        backup_timer.setInterval(DAILY_BACKUP_CHECK_MS)
        backup_timer.timeout.connect(daily_backup)
        backup_timer.start()
        return int(loop.run_forever() or 0)
    finally:
        operations.shutdown()
        for db in opened:
            db.dispose()
        loop.close()
        asyncio.set_event_loop(None)
