"""Settings → Journal and data: verify the journal and the archive (as ``counter-app audit verify``), and the
retention periods of personal data left outside the applications (``core.retention``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from counter_app.core.domain.i18n import _
from counter_app.core.usecases import retention
from counter_app.core.usecases.integrity import verify
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, button_row

if TYPE_CHECKING:
    from counter_app.ui.screens.settings_screen import SettingsScreen


class JournalTab(QWidget):
    def __init__(self, screen: SettingsScreen) -> None:
        super().__init__()
        self._screen = screen
        self.task = None
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.run_verify)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(self.result.textInteractionFlags())
        self.periods = {
            name: QSpinBox() for name in ("drafts_days", "local_copies_days", "previews_days", "logs_days")
        }
        for box in self.periods.values():
            box.setRange(retention.MIN_DAYS, retention.MAX_DAYS)
        self.labels = {name: QLabel() for name in self.periods}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for name, box in self.periods.items():
            self.labels[name].setBuddy(box)
            form.addRow(self.labels[name], box)
        self.retention_title = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.error = ErrorLabel()
        row = button_row(self.verify_button)
        buttons = button_row(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addSpacing(12)
        layout.addWidget(self.retention_title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.verify_button.setText(_("&Verify the journal and the archive"))
        self.retention_title.setText(_("How long personal data outside the applications is kept (days):"))
        for name, text in (
            ("drafts_days", _("Unfinished intakes:")),
            ("local_copies_days", _("Local draft copies on the computers:")),
            ("previews_days", _("Print previews left by a crash:")),
            ("logs_days", _("Error logs:")),
        ):
            self.labels[name].setText(text)
        self.save_button.setText(_("Save the &periods"))

    def refresh(self):
        """Read the retention periods (in the background)."""
        db = self._screen.ctx.db
        return Op(self, lambda: retention.load(db)).success(self._show_periods).run()

    def _show_periods(self, current: retention.Retention) -> None:
        for name, box in self.periods.items():
            box.setValue(getattr(current, name))

    def run_verify(self):
        db = self._screen.ctx.db
        self.result.setText(_("Checking…"))
        self.task = Op(self, lambda: verify(db)).busy(self.verify_button).success(self._verified).run()
        return self.task

    def _verified(self, report) -> None:
        summary = _(
            "{entries} journal entries, {documents} archived documents, {applications} applications, "
            "{users} users checked."
        ).format(
            entries=report.entries,
            documents=report.documents,
            applications=report.applications,
            users=report.users,
        )
        if report.ok:
            self.result.setText(_("The journal and the archive are intact.") + " " + summary)
        else:
            self.result.setText(
                _("The journal or the archive was altered.")
                + " "
                + summary
                + "\n\n"
                + "\n".join(report.problems)
            )

    def save(self):
        values = retention.Retention(**{name: box.value() for name, box in self.periods.items()})
        db, actor = self._screen.ctx.db, self._screen.account
        self.task = (
            Op(self, lambda: retention.save(db, actor, values))
            .busy(self.save_button)
            .success(lambda _saved: self.error.clear_message())
            .run()
        )
        return self.task
