"""The Intake screen of the main window, in two tabs: "New intake" (the service timer above the wizard, and the
offer to resume an unfinished intake left by a restart, from the database or from the copy kept on this
computer: Enter resumes, Ctrl+Delete discards) and "Applications"
(search, details and receipt reprints; see ``applications``). Ctrl+F opens the search.

The screen opens at once: the office and the unfinished intake are read in the background while the operator
can already choose the service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from counter_app.core.domain.calendar import CalendarOverride
from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import _, current_language
from counter_app.core.domain.intake_draft import IntakeDraft
from counter_app.core.domain.office import Office
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake_recovery import committed_intake
from counter_app.ui.context import AppContext
from counter_app.ui.focus import give_focus
from counter_app.ui.intake.applications import ApplicationsTab
from counter_app.ui.intake.wizard import IntakeWizard
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import follow_language
from counter_app.ui.screens import title_label


class IntakeScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        clock: Clock = system_clock,
        window: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account = account
        self.title = title_label()
        self.wizard = IntakeWizard(ctx.db, ctx.catalog, account, None, window=window, clock=clock)
        self.applications = ApplicationsTab(
            ctx.db, ctx.catalog, account, None, window=self.wizard.window_label, clock=clock
        )
        self.banner = QWidget()
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.resume_button = QPushButton()
        self.resume_button.setDefault(True)
        self.discard_button = QPushButton()
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.banner.setStyleSheet("background: #fff4d6;")
        self.saved_draft: IntakeDraft | None = None
        self.banner.setVisible(False)
        self.resume_button.clicked.connect(self.resume)
        self.discard_button.clicked.connect(self.discard)
        self.intake_tab = QWidget()
        self.discard_shortcut = QShortcut(QKeySequence("Ctrl+Delete"), self.intake_tab)
        self.discard_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.discard_shortcut.activated.connect(self.discard)
        intake_layout = QVBoxLayout(self.intake_tab)
        intake_layout.setContentsMargins(0, 0, 0, 0)
        intake_layout.addWidget(self.banner)
        intake_layout.addWidget(self.wizard.timer_label)
        intake_layout.addWidget(self.wizard, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.intake_tab, "")
        self.tabs.addTab(self.applications, "")
        self.search_shortcut = QShortcut(QKeySequence("Ctrl+F"), self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_shortcut.activated.connect(self.open_search)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.tabs.currentChanged.connect(lambda _index: give_focus(self))
        self.load_task = Op(self, self._read).success(self._loaded).run()

    def focus_start(self) -> QWidget | None:
        """Resume when a draft is offered, else the wizard's current field, or the Applications search."""
        if self.banner.isVisible() and self.resume_button.isEnabled():
            return self.resume_button
        if self.tabs.currentWidget() is self.applications:
            return self.applications.search
        return self.wizard.focus_start()

    def _read(self) -> tuple[Office, list[CalendarOverride], IntakeDraft | None]:
        """In the background: the office, and the unfinished intake to offer. The copy kept on this computer wins
        (it is written first, also while the database is away), unless its intake was stored after all (the
        program stopped before it could remove the copy)."""
        wizard = self.wizard
        office = self.ctx.office_settings.load()
        overrides = self.ctx.office_settings.calendar_overrides()
        saved = Drafts(self.ctx.db).load(wizard.account, wizard.window_label)
        local = wizard.local_draft.load()
        if local is None:
            return office, overrides, saved
        if committed_intake(wizard.db, wizard.account, wizard.window_label, local, wizard.today) is not None:
            wizard.local_draft.remove()
            return office, overrides, saved
        return office, overrides, local

    def _loaded(self, read: tuple[Office, list[CalendarOverride], IntakeDraft | None]) -> None:
        office, overrides, saved = read
        self.wizard.set_office(office, overrides)
        self.applications.office = office
        wizard = self.wizard
        started = (
            wizard.currentId() != wizard.startId()
            or wizard.draft.service_code
            or any(field.text() for field in wizard.currentPage().findChildren(QLineEdit))
        )
        if saved is None or started:
            return  # nothing to offer, or the operator already started a new intake meanwhile
        self.saved_draft = saved
        self.banner.setVisible(True)
        self.retranslate()
        if self.isVisible():
            give_focus(self)  # on Resume

    def retranslate(self) -> None:
        self.title.setText(_("Intake"))
        self.wizard.retranslate()
        self.wizard.update_timer()
        self.resume_button.setText(_("&Resume"))
        self.discard_button.setText(_("&Discard (Ctrl+Del)"))
        self.tabs.setTabText(0, _("New intake"))
        self.tabs.setTabText(1, _("Applications (Ctrl+F)"))
        if self.saved_draft is not None:
            draft = self.saved_draft
            self.banner_text.setText(
                _("An unfinished intake was saved: {service}, {applicant}. Resume it?").format(
                    service=self._service_name(draft.service_code),
                    applicant=draft.applicant.full_name() or "—",
                )
            )

    def _service_name(self, code: str) -> str:
        """The service by its short name in the UI language, never its code."""
        if not code:
            return "—"
        try:
            return self.wizard.catalog.service(code).short_names.get(current_language())
        except KeyError:
            return code

    def resume(self) -> None:
        if self.saved_draft is not None:
            self.wizard.start(self.saved_draft)
        self.saved_draft = None
        self.banner.hide()
        give_focus(self)

    def discard(self) -> None:
        self.saved_draft = None
        self.banner.hide()
        self.wizard.discard()
        give_focus(self)

    def opened_by_key(self) -> None:
        """Ctrl+1 (or Go → Intake): the new intake, also from the Applications tab (the search there is kept
        for Ctrl+F); the focus in the service field, or on Resume, as when the screen is opened."""
        if self.tabs.currentWidget() is not self.intake_tab:
            self.tabs.setCurrentWidget(self.intake_tab)  # currentChanged gives the focus
        else:
            give_focus(self)

    def open_search(self) -> None:
        """Ctrl+F: the Applications tab with the focus in its search field."""
        self.tabs.setCurrentWidget(self.applications)
        self.applications.focus_search()
