"""The Intake screen of the main window: the service timer above the wizard, and the offer to resume an
unfinished intake left by a restart (Enter resumes, Ctrl+Delete discards)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.accounts import Account
from counter_app.core.i18n import _
from counter_app.core.intake import Drafts, IntakeDraft
from counter_app.ui.context import AppContext
from counter_app.ui.intake.wizard import IntakeWizard
from counter_app.ui.screens import title_label
from counter_app.ui.widgets import follow_language


class IntakeScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        today: Callable[[], dt.date] = dt.date.today,
        window: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account = account
        self.title = title_label()
        saved = Drafts(ctx.db).load(account, window)
        self.wizard = IntakeWizard(
            ctx.db, ctx.catalog, account, ctx.office_settings.load(), window=window, today=today()
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
        self.saved_draft: IntakeDraft | None = saved
        self.banner.setVisible(saved is not None)
        self.resume_button.clicked.connect(self.resume)
        self.discard_button.clicked.connect(self.discard)
        self.discard_shortcut = QShortcut(QKeySequence("Ctrl+Delete"), self)
        self.discard_shortcut.activated.connect(self.discard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.wizard.timer_label)
        layout.addWidget(self.wizard, 1)
        follow_language(self, self.retranslate)
        self.retranslate()
        if saved is not None:
            self.resume_button.setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("Intake"))
        self.wizard.update_timer()
        self.resume_button.setText(_("&Resume"))
        self.discard_button.setText(_("&Discard (Ctrl+Del)"))
        if self.saved_draft is not None:
            draft = self.saved_draft
            self.banner_text.setText(
                _("An unfinished intake was saved: {service}, {applicant}. Resume it?").format(
                    service=draft.service_code or "—", applicant=draft.applicant.full_name() or "—"
                )
            )

    def resume(self) -> None:
        if self.saved_draft is not None:
            self.wizard.start(self.saved_draft)
        self.saved_draft = None
        self.banner.hide()

    def discard(self) -> None:
        self.saved_draft = None
        self.banner.hide()
        self.wizard.discard()
