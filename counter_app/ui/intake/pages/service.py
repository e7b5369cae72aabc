"""The first page: the service, found by typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem

from counter_app.core.domain.catalog import Service
from counter_app.core.domain.i18n import _
from counter_app.ui.intake.pages.base import IntakePage, _lang
from counter_app.ui.kit.formats import time_pattern
from counter_app.ui.kit.widgets import ArrowsToList


class ServicePage(IntakePage):
    def __init__(self) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.services = QListWidget()
        self.services.setAlternatingRowColors(True)
        self.redirect = QLabel()
        self.redirect.setWordWrap(True)
        self.redirect.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.ticket = QLineEdit()
        self.ticket.setMaxLength(10)
        self.ticket_time = QLineEdit()
        self.ticket_time.setMaxLength(5)
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.form = QFormLayout()
        self.form.addRow(self.filter_label, self.filter)
        self.body.addLayout(self.form)
        self.body.addWidget(self.services, 1)
        self.body.addWidget(self.redirect)
        queue = QFormLayout()
        self.ticket_label = QLabel()
        self.ticket_time_label = QLabel()
        self.ticket_label.setBuddy(self.ticket)
        self.ticket_time_label.setBuddy(self.ticket_time)
        queue.addRow(self.ticket_label, self.ticket)
        queue.addRow(self.ticket_time_label, self.ticket_time)
        self.body.addLayout(queue)
        self.body.addWidget(self.error)
        self.filter.installEventFilter(ArrowsToList(self.services))
        self.filter.textChanged.connect(self._refilter)
        self.filter.textEdited.connect(self._begin)
        self.services.currentItemChanged.connect(self._selected)
        self.chain(self.filter, self.services, self.ticket, self.ticket_time)

    def initializePage(self) -> None:
        self.setTitle(_("Service"))
        self.setSubTitle(_("Type a few letters of the service name (Kazakh or Russian); Up/Down to choose."))
        self.filter_label.setText(_("&Service:"))
        self.ticket_label.setText(_("Queue &ticket:"))
        self.ticket_time_label.setText(_("Ticket taken &at:"))
        self.ticket_time.setPlaceholderText(time_pattern())
        draft = self.intake().draft
        self.ticket.setText(draft.queue_ticket)
        self.ticket_time.setText(draft.queue_time.strftime("%H:%M") if draft.queue_time else "")
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._refilter()
        if draft.service_code:
            for row in range(self.services.count()):
                if self.services.item(row).data(Qt.ItemDataRole.UserRole) == draft.service_code:
                    self.services.setCurrentRow(row)
        closed = self.intake().centre_closed_message()  # said at once: the commit will issue no receipt
        if closed:
            self.error.show_message(closed)
        self.filter.setFocus()

    def _refilter(self) -> None:
        wizard = self.intake()
        if wizard is None:
            return
        words = self.filter.text()
        current = self.selected_service()
        self.services.clear()
        lang = _lang()
        in_force = wizard.catalog.in_force(wizard.today)
        # The services the counter takes come first; the others are there to tell the citizen where to go.
        for service, version in sorted(in_force, key=lambda pair: not pair[1].accepted_at_counter):
            if words.strip() and not service.matches(words):
                continue
            text = service.short_names.get(lang) + " — " + service.name(lang)
            if not version.accepted_at_counter:
                text = _("{name} (not taken at the counter)").format(name=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, service.code)
            item.setData(Qt.ItemDataRole.UserRole + 1, version.accepted_at_counter)
            item.setToolTip(service.name(lang))
            self.services.addItem(item)
        rows = [self.services.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.services.count())]
        if current is not None and current.code in rows:
            self.services.setCurrentRow(rows.index(current.code))
        elif words.strip() and rows:
            # The first match the counter takes; a service it does not take only when nothing else matches.
            taken = [r for r in range(len(rows)) if self.services.item(r).data(Qt.ItemDataRole.UserRole + 1)]
            self.services.setCurrentRow(taken[0] if taken else 0)
        else:
            self.services.setCurrentRow(-1)  # a new intake starts with nothing chosen
        self._selected()

    def _begin(self, *_args) -> None:
        """The operator started on the next citizen: the service timer runs from now."""
        self.intake().begin_service()

    def selected_service(self) -> Service | None:
        item = self.services.currentItem()
        if item is None:
            return None
        return self.intake().catalog.service(item.data(Qt.ItemDataRole.UserRole))

    def _selected(self, *_args) -> None:
        service = self.selected_service()
        version = service.version_on(self.intake().today) if service else None
        if version is not None and not version.accepted_at_counter:
            self.redirect.setText(
                _("The counter does not take this service. Tell the citizen:")
                + "\n"
                + version.redirect.get(_lang())
            )
        else:
            self.redirect.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        service = self.selected_service()
        if service is None:
            return False
        version = service.version_on(self.intake().today)
        return version is not None and version.accepted_at_counter

    def validatePage(self) -> bool:
        import datetime as dt

        service = self.selected_service()
        if service is None or not self.isComplete():
            return self.fail(self.filter, _("Choose a service the counter takes."))
        time_text = self.ticket_time.text().strip()
        queue_time = None
        if time_text:
            try:
                queue_time = dt.datetime.strptime(time_text, "%H:%M").time()
            except ValueError:
                return self.fail(self.ticket_time, _("Type the time as hh:mm, e.g. 09:40."))
        draft = self.intake().draft
        if draft.service_code != service.code:
            draft.marks.clear()
            draft.answers.clear()
        draft.service_code = service.code
        self.intake().begin_service()
        draft.queue_ticket = self.ticket.text().strip()
        draft.queue_time = queue_time
        return self.passed()
