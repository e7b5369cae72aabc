"""The day's close on the manager's screen: check a day, close it (once, journaled), print its sheet (kk/ru).

A closed day shows what was stored at the close, and prints the same sheet again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import _, current_language
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases import day_close
from counter_app.core.usecases.day_close import DayClose
from counter_app.storage.db import Database
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.kit.formats import format_date, format_iso_date, format_time
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import follow_language

PRINTER_WINDOW = "manager"


def findings_html(close: DayClose) -> str:
    """The findings as the panel shows them (the sheet says the same on paper)."""
    lang = current_language() if current_language() in ("kk", "ru") else "ru"
    provider = lambda pid: close.providers.get(str(pid), {}).get(lang, str(pid))
    red = "<span style='color:#b00020'><b>{}</b></span>"
    parts = []
    if close.closed:
        closed_at = format_time(dt.datetime.fromisoformat(close.closed_at))
        parts.append(
            "<b>"
            + _("Closed by {name} ({username}) at {time}.").format(
                name=close.closed_by_name, username=close.closed_by, time=closed_at
            )
            + "</b>"
        )
    else:
        parts.append("<b>" + _("Not closed yet: a preview.") + "</b>")
    parts.append(
        _("Accepted: {accepted}; refused: {refused}.").format(accepted=close.accepted, refused=close.refused)
    )
    # the sheet's sections numbered as on the printed sheet (day_close_pdf)
    parts.append("<b>" + _("1. Receipt series of the day") + "</b>")
    if close.series_complete and close.counter == 0:
        parts.append(_("No receipt number was issued this day."))
    elif close.series_complete:
        parts.append(_("Numbers 1 to {counter}: complete, without gaps.").format(counter=close.counter))
    else:
        parts.append(
            red.format(
                _(
                    "Numbers issued: {counter}; applications with them: {receipts}. Numbers without an application: "
                    "{gaps}. Numbers above the counter: {strays}."
                ).format(
                    counter=close.counter,
                    receipts=close.receipts,
                    gaps=", ".join(map(str, close.gaps)) or _("none"),
                    strays=", ".join(map(str, close.strays)) or _("none"),
                )
            )
        )
    parts.append("<b>" + _("2. Packages to providers") + "</b>")
    parts.append(
        _("Of the day's accepted packages on a handoff manifest: {count}.").format(count=close.on_manifest)
    )
    rows = [
        f"{x.receipt_number} — {x.applicant} — {provider(x.provider_id)} — {format_iso_date(x.handoff_due)} — "
        + (
            _("on manifest {number}, not picked up").format(number=x.manifest)
            if x.manifest
            else _("not on a manifest")
        )
        for x in close.left_behind
    ]
    parts.append(
        _("Due to a provider by this day and not taken by the courier:")
        + " "
        + (red.format(len(rows)) + "<br>" + "<br>".join(rows) if rows else _("none"))
    )
    not_picked_up = _("not picked up")  # outside the f-string, or Babel never extracts it
    manifests = [
        f"{m.number} — {provider(m.provider_id)} — {format_iso_date(m.day)} — {m.courier or not_picked_up}"
        for m in close.open_manifests
    ]
    parts.append(
        _("3. Manifests not signed for by the provider")
        + ": "
        + ("<br>" + "<br>".join(manifests) if manifests else _("none"))
    )
    ended = [
        f"{r.receipt_number} — {r.applicant} — {format_iso_date(r.kept_until)}" for r in close.storage_ended
    ]
    parts.append(
        _("4. Results whose storage has ended") + ": " + ("<br>" + "<br>".join(ended) if ended else _("none"))
    )
    cancelled = [
        f"{office_time(dt.datetime.fromisoformat(c.at)):%H:%M} — {c.username} — {c.service_code} — "
        f"{c.applicant}"
        for c in close.cancelled
    ]
    parts.append(
        _("5. Intakes cancelled") + ": " + ("<br>" + "<br>".join(cancelled) if cancelled else _("none"))
    )
    return "<p>" + "</p><p>".join(parts) + "</p>"


class DayClosePanel(QWidget):
    def __init__(
        self, db: Database, account: Account, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.account = account
        self.today = today
        self.close_data: DayClose | None = None
        self.preview: Any = None
        day = today()
        self.day_label = QLabel()
        self.day = DateField(day)
        self.day_label.setBuddy(self.day)
        self.check_button = QPushButton()
        self.close_button = QPushButton()
        self.lang = QComboBox()
        self.lang.addItem("Қазақша", "kk")
        self.lang.addItem("Русский", "ru")
        self.print_button = QPushButton()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        row = QHBoxLayout()
        for widget in (self.day_label, self.day, self.check_button, self.close_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.lang)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        self.check_button.clicked.connect(self.check)
        self.close_button.clicked.connect(self.ask_close)
        self.print_button.clicked.connect(self.print_sheet)
        self.day.dateChanged.connect(lambda _d: self.check())
        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.check)
        self._shown_once = False
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.day_label.setText(_("&Day:"))
        self.check_button.setText(_("Check (F5)"))
        self.close_button.setText(_("Close the day…"))
        self.print_button.setText(_("Print the sheet…"))
        if self.close_data is not None:
            self.text.setText(findings_html(self.close_data))

    def chosen_day(self) -> dt.date:
        return self.day.value()

    def check(self) -> Any:
        """The stored close of the day if it is closed, else what a close would find now."""
        db, day = self.db, self.chosen_day()
        return (
            Op(self, lambda: day_close.closed_day(db, day) or day_close.findings(db, day))
            .busy(self.check_button)
            .success(self._shown)
            .run()
        )

    def _shown(self, close: DayClose) -> None:
        self.close_data = close
        self.close_button.setEnabled(not close.closed)
        self.text.setText(findings_html(close))

    def ask_close(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Close the day"),
            _(
                "Close {day}? The findings are kept as they are now and journaled; the day is closed once."
            ).format(day=format_date(self.chosen_day())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.close_now)
        box.open()
        return box

    def close_now(self) -> Any:
        db, account, day, today = self.db, self.account, self.chosen_day(), self.today()
        return (
            Op(self, lambda: day_close.close_day(db, account, day, today))
            .busy(self.close_button)
            .success(self._shown)
            .run()
        )

    def print_sheet(self) -> Any:
        close = self.close_data
        if close is None:
            return None
        lang = self.lang.currentData()

        def render() -> bytes:
            from counter_app.printing.day_close_pdf import day_close_pdf

            return day_close_pdf(close, lang)

        return Op(self, render).busy(self.print_button).success(self._preview).run()

    def _preview(self, pdf: bytes) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf = pdf
        self.preview = PdfPreviewDialog(
            pdf,
            window=PRINTER_WINDOW,
            title=_("Day-close sheet of {day}").format(day=format_date(self.chosen_day())),
            parent=self,
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.check()
