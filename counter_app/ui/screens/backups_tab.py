"""Settings → Backups: where this desk's daily SQLite backups go, how many are kept, a backup now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import _
from counter_app.core.domain.office_time import office_now
from counter_app.storage.backup import backup, daily_backup_name, daily_backups
from counter_app.storage.db import Database
from counter_app.ui.backups import MAX_KEEP, backup_folder, backup_keep, default_folder, save_backup_settings
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel


class BackupsTab(QWidget):
    def __init__(self, db: Database, clock=office_now) -> None:
        super().__init__()
        self._db = db
        self._clock = clock
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.folder = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_KEEP)
        self.folder_label, self.keep_label = QLabel(), QLabel()
        self.folder_label.setBuddy(self.folder)
        self.keep_label.setBuddy(self.keep)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.folder_label, folder_row)
        form.addRow(self.keep_label, self.keep)
        self.error = ErrorLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.backup_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.folder.setText(str(backup_folder()))
        self.keep.setValue(backup_keep())
        for widget in (self.folder, self.browse_button, self.keep, self.save_button, self.backup_button):
            widget.setEnabled(db.is_sqlite)
        self.task: object = None

    def retranslate(self) -> None:
        if self._db.is_sqlite:
            self.explanation.setText(
                _(
                    "Counter copies this desk's database once a day, at the first start of the day, into the folder "
                    'below and keeps the newest copies. Restore one with "counter-app db restore FILE".'
                )
            )
        else:
            self.explanation.setText(
                _(
                    "This window works on the centre's shared PostgreSQL database: it is backed up on the server "
                    "(pg_dump), not from a window."
                )
            )
        self.folder_label.setText(_("Backup &folder:"))
        self.keep_label.setText(_("Copies &to keep:"))
        self.browse_button.setText(_("&Browse…"))
        self.save_button.setText(_("&Save backup settings"))
        self.backup_button.setText(_("Back up &now"))
        newest = daily_backups(backup_folder())
        if newest and not self.status.text():
            self.status.setText(_("Newest backup: {name}").format(name=newest[-1].name))

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen_folder(self) -> Path | None:
        text = self.folder.text().strip()
        if not text:
            return default_folder()
        path = Path(text)
        return path if path.is_absolute() else None

    def save(self) -> bool:
        folder = self.chosen_folder()
        if folder is None:
            self.error.show_message(
                _("Enter the whole path of the backup folder, or leave it empty for the default.")
            )
            return False
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.error.show_message(
                _("The folder cannot be created: {error}").format(error=exc.strerror or exc)
            )
            return False
        self.error.clear_message()
        save_backup_settings(None if folder == default_folder() else folder, self.keep.value())
        self.status.setText(_("Saved."))
        return True

    def backup_now(self) -> None:
        if not self.save():
            return
        out = backup_folder() / daily_backup_name(self._clock())
        db = self._db
        self.task = Op(self, lambda: backup(db, out)).busy(self.backup_button).success(self._done).run()

    def _done(self, path: Path) -> None:
        self.status.setText(
            _("Backup written: {path} ({size} bytes).").format(path=path, size=path.stat().st_size)
        )
