"""The main window: navigation to the screens the user's role may open, status bar, language, idle lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, current_language, set_language
from counter_app.core.domain.office import Office
from counter_app.core.domain.permissions import Account, Screen, can_open, require_screen
from counter_app.ui.about import show_about
from counter_app.ui.context import BLANK_OFFICE, AppContext
from counter_app.ui.focus import FocusKeeper, give_focus
from counter_app.ui.focus_ring import FocusRing
from counter_app.ui.kit import operations
from counter_app.ui.kit.formats import format_weekday_date
from counter_app.ui.kit.keyboard import enter_presses_buttons
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ElidingLabel, follow_language, role_name
from counter_app.ui.login import LockScreen
from counter_app.ui.screens.catalog_screen import CatalogScreen
from counter_app.ui.screens.placeholder import PlaceholderScreen

# Every screen keeps its number whatever the role, so Ctrl+4 is always the catalog.
SCREEN_ORDER = (
    Screen.INTAKE,
    Screen.HANDOFF,
    Screen.RESULTS,
    Screen.CATALOG,
    Screen.REPORTS,
    Screen.SETTINGS,
)
SCREEN_TITLES = {
    Screen.INTAKE: N_("Intake"),
    Screen.HANDOFF: N_("Handoff to providers"),
    Screen.RESULTS: N_("Results"),
    Screen.CATALOG: N_("Service catalog"),
    Screen.REPORTS: N_("Reports"),
    Screen.SETTINGS: N_("Settings"),
}
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Restarts ``timer`` on every keyboard or mouse event anywhere in the application."""

    def __init__(self, timer: QTimer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self._timer.isActive():
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    logged_out = Signal()
    closed_by_user = Signal()

    def __init__(self, ctx: AppContext, account: Account, clock: Clock = system_clock) -> None:
        super().__init__()
        self.ctx = ctx
        self.account = account
        self.clock = clock
        self.office: Office = BLANK_OFFICE  # until it is read, in the background
        self.screens: dict[Screen, QWidget] = {}
        self.allowed = [s for s in SCREEN_ORDER if can_open(account, s)]
        self.retranslate_count = 0
        self._closing_for_logout = False

        self.navigation = QListWidget()
        self.navigation.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for screen in self.allowed:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, screen)
            self.navigation.addItem(item)
        self.stack = QStackedWidget()
        self.navigation.currentRowChanged.connect(self._row_changed)
        work = QWidget()
        row = QHBoxLayout(work)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.lock_screen = LockScreen(ctx.accounts, account)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.log_out_requested.connect(self.log_out)
        self.pages = QStackedWidget()
        self.pages.addWidget(work)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self.pages)
        self.focus_keeper = FocusKeeper(self, self._focus_area)
        self.focus_ring = FocusRing(self)
        self.enter_keys = enter_presses_buttons(self)  # Enter presses a focused button, as Space does

        self._build_actions()
        self._build_status_bar()

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self._apply_office(self.office)
        self.idle_watcher = IdleWatcher(self.idle_timer, self)
        QApplication.instance().installEventFilter(self.idle_watcher)

        # The date changes at midnight while the window stays open.
        self.date_timer = QTimer(self)
        self.date_timer.setInterval(60_000)
        self.date_timer.timeout.connect(self._update_date)
        self.date_timer.start()
        office_settings = ctx.office_settings
        self.office_task = Op(self, office_settings.load).success(self._apply_office).run()

        follow_language(self, self.retranslate)
        self.retranslate()
        self.resize(self.screen().availableGeometry().size().boundedTo(QSize(1440, 900)))
        if self.allowed:
            self.open_screen(self.first_screen())

    def first_screen(self) -> Screen:
        """The screen shown after sign-in: the operator's desk is the intake; the others start at the catalog."""
        for screen in (Screen.INTAKE, Screen.CATALOG):
            if screen in self.allowed:
                return screen
        return self.allowed[0]

    # keyboard focus (see ui/focus.py)

    def _focus_area(self) -> QWidget | None:
        return self.lock_screen if self.locked else self.stack.currentWidget()

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.focus_keeper.hiding():
            return True  # a focused widget is being hidden: the keeper settles the focus afterwards
        return super().focusNextPrevChild(next)

    # building

    def _build_actions(self) -> None:
        self.session_menu = self.menuBar().addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.log_out_action = QAction(self)
        self.log_out_action.triggered.connect(self.log_out)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.session_menu.addActions([self.lock_action, self.log_out_action])
        self.session_menu.addSeparator()
        self.session_menu.addAction(self.quit_action)

        self.go_menu = self.menuBar().addMenu("")
        self.screen_actions: dict[Screen, QAction] = {}
        for number, screen in enumerate(SCREEN_ORDER, start=1):
            if screen not in self.allowed:
                continue
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, s=screen: self.go_to(s))
            self.go_menu.addAction(action)
            self.screen_actions[screen] = action

        self.language_menu = self.menuBar().addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, code=lang: set_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(lambda: show_about(self, self.ctx.db))
        self.help_menu.addAction(self.about_action)
        for action in self.findChildren(QAction):
            self.addAction(action)  # shortcuts work even when the menu bar is hidden

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(14)
        self.busy.setVisible(operations.activity.running > 0)
        operations.activity.busy_changed.connect(self.busy.setVisible)
        self.user_label = QLabel()
        self.office_label = ElidingLabel()  # a branch name can be long: it gives way first
        self.window_label = QLabel()
        self.date_label = QLabel()
        for label in (self.user_label, self.office_label, self.window_label, self.date_label):
            label.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.busy)
        bar.addWidget(self.user_label)
        bar.addWidget(self.office_label, 1)
        bar.addPermanentWidget(self.window_label)
        bar.addPermanentWidget(self.date_label)

    # language

    def retranslate(self) -> None:
        self.retranslate_count += 1
        self.setWindowTitle(_('Counter — State Corporation "Government for Citizens"'))
        self.session_menu.setTitle(_("&Session"))
        self.lock_action.setText(_("&Lock the screen"))
        self.log_out_action.setText(_("Log &out"))
        self.quit_action.setText(_("&Quit"))
        self.go_menu.setTitle(_("&Go"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About Counter"))
        self.language_actions[current_language()].setChecked(True)
        for index, screen in enumerate(self.allowed):
            item = self.navigation.item(index)
            number = SCREEN_ORDER.index(screen) + 1
            title = _(SCREEN_TITLES[screen])
            item.setText(title)
            item.setToolTip(f"{title} (Ctrl+{number})")
            self.screen_actions[screen].setText(_(SCREEN_TITLES[screen]))
        self.navigation.setMaximumWidth(self.navigation.sizeHintForColumn(0) + 40)
        self._update_status()
        for screen in self.screens.values():
            screen.retranslate()

    def _update_status(self) -> None:
        lang = current_language()
        self.user_label.setText(f"{self.account.full_name} — {role_name(self.account.role)}")
        office = self.office
        if office.branch_name.get(lang):
            self.office_label.setText(
                _("{branch}, department No. {number}").format(
                    branch=office.branch_name.get(lang), number=office.department_number
                )
            )
        else:
            self.office_label.setText(_("Office not set up yet"))
        self.window_label.setText(
            _("Window {number}").format(number=self.account.window) if self.account.window else ""
        )
        self.window_label.setVisible(bool(self.account.window))
        self._update_date()

    def _update_date(self) -> None:
        self.date_label.setText(format_weekday_date(self.clock().date(), current_language()))

    def _apply_office(self, office: Office) -> None:
        self.office = office
        self.idle_timer.setInterval(max(1, office.idle_lock_minutes) * 60_000)
        if not self.locked:
            self.idle_timer.start()
        self._update_status()

    # navigation

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.allowed):
            self.open_screen(self.allowed[row])

    def open_screen(self, screen: Screen) -> QWidget:
        """Show ``screen``, building it the first time (the role is checked again before building)."""
        widget = self.screens.get(screen)
        if widget is None:
            require_screen(self.account, screen)
            widget = self._build_screen(screen)
            self.screens[screen] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        row = self.allowed.index(screen)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        if not self.locked:
            give_focus(widget)
        return widget

    def go_to(self, screen: Screen) -> QWidget:
        """Ctrl+<number> or the Go menu: the screen at its start (a screen with tabs of its own may go back to
        its first one: ``opened_by_key``)."""
        widget = self.open_screen(screen)
        opened = getattr(widget, "opened_by_key", None)
        if opened is not None and not self.locked:
            opened()
        return widget

    def _build_screen(self, screen: Screen) -> QWidget:
        if screen == Screen.INTAKE:
            from counter_app.ui.intake.screen import IntakeScreen

            return IntakeScreen(self.ctx, self.account, self.clock)
        if screen == Screen.RESULTS:
            from counter_app.ui.screens.results_screen import ResultsScreen

            return ResultsScreen(self.ctx, self.account, self.clock)
        if screen == Screen.HANDOFF:
            from counter_app.ui.handoff import HandoffScreen

            return HandoffScreen(self.ctx, self.account, self.clock)
        if screen == Screen.REPORTS:
            from counter_app.ui.screens.reports_screen import ReportsScreen

            return ReportsScreen(self.ctx, self.account, lambda: self.clock().date())
        if screen == Screen.CATALOG:
            return CatalogScreen(self.ctx.catalog, self.clock)
        if screen == Screen.SETTINGS:
            from counter_app.ui.screens.settings_screen import SettingsScreen

            settings = SettingsScreen(self.ctx, self.account)
            settings.office_listeners.append(self._apply_office)
            return settings
        return PlaceholderScreen(SCREEN_TITLES[screen])

    # lock and session

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.idle_timer.stop()
        self.pages.setCurrentWidget(self.lock_screen)
        # Every other window of the session (a receipt preview with the full IIN, a dialog) is hidden too.
        self._hidden_while_locked = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self
            and widget.isVisible()
            and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self.menuBar().setEnabled(False)
        for action in (self.lock_action, *self.screen_actions.values()):
            action.setEnabled(False)
        self.lock_screen.reset()

    def unlock(self) -> None:
        self.pages.setCurrentIndex(0)
        for widget in getattr(self, "_hidden_while_locked", []):
            widget.show()
        self._hidden_while_locked = []
        self.menuBar().setEnabled(True)
        for action in (self.lock_action, *self.screen_actions.values()):
            action.setEnabled(True)
        self.idle_timer.start()
        self.focus_keeper.settle()

    def log_out(self) -> None:
        self._closing_for_logout = True
        self.close()
        self.logged_out.emit()

    def closeEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self.idle_watcher)
        self.idle_timer.stop()
        self.date_timer.stop()
        super().closeEvent(event)
        if not self._closing_for_logout:
            self.closed_by_user.emit()
