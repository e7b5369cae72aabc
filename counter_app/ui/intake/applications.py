"""The Applications tab of the Intake screen: find an application by IIN, receipt number or name, see its
details (checklist, missing items, package dates, issued documents) and reprint its receipt as a copy (F9).
The list and the details show where the package stands (``core.domain.packages`` and ``core.usecases.package_reads``: status, overdue, status history).

Keyboard first: Enter in the search field searches and moves to the results; arrows move; Enter on a row
opens its details; F9 reprints; Esc goes back to the search field. Database work and rendering run in the
background (``kit.operations.Op``); the newest search and the newest details asked for win. Dates are the
clock's when they are shown (overdue today) and when a copy is printed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import LANGUAGE_NAMES, N_, _, current_language
from counter_app.core.domain.intake_draft import ApplicationStatus, IssuedKind
from counter_app.core.domain.office import Office
from counter_app.core.domain.packages import is_overdue
from counter_app.core.domain.permissions import Account
from counter_app.core.domain.text import InvalidText
from counter_app.core.usecases.applications import (
    ApplicationSummary,
    StoredApplication,
    load_application,
    search_applications,
    search_too_short,
)
from counter_app.core.usecases.package_reads import PackageEvent, package_history
from counter_app.core.usecases.people import display_name, full_names
from counter_app.core.usecases.receipts import IssuedDocument, issued_documents
from counter_app.storage.db import Database
from counter_app.ui.kit.errors import show_error
from counter_app.ui.kit.formats import format_date, format_time
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.table import NUMBER_ROLE, RowsModel
from counter_app.ui.kit.widgets import MessageLabel, PrintLanguageDialog, follow_language
from counter_app.ui.package_status import history_rows, package_status_text


class ApplicationsModel(RowsModel[ApplicationSummary]):
    """The applications found: number, date, service, applicant, masked IIN, decision and where the package is."""

    HEADERS = (
        N_("Receipt number"),
        N_("Date"),
        N_("Service"),
        N_("Applicant"),
        N_("IIN"),
        N_("Decision"),
        N_("Package"),
    )

    def __init__(self, service_name: Callable[[str], str], today: Callable[[], dt.date], parent=None) -> None:
        super().__init__(parent)
        self.service_name = service_name
        self.today = today

    def cell(self, row: ApplicationSummary, column: int) -> str:
        match column:
            case 0:
                return row.receipt_number
            case 1:
                return format_date(row.day)
            case 2:
                return self.service_name(row.service_code)
            case 3:
                return row.applicant_name
            case 4:
                return row.iin_masked
            case 5:
                return status_text(row.status)
            case _:
                overdue = (
                    row.package_status is not None
                    and row.handoff_due is not None
                    and is_overdue(row.package_status, row.handoff_due, self.today())
                )
                return package_status_text(row.package_status, overdue)

    def number(self, row: ApplicationSummary) -> str:
        return row.receipt_number


def heading(text: str) -> str:
    return f"<h4>{escape(text)}</h4>"


def status_text(status: ApplicationStatus) -> str:
    if status is ApplicationStatus.REFUSED:
        return _("Refused to accept")
    return _("Accepted")


def mark_text(mark: str) -> str:
    return {
        "original": _("original"),
        "copy": _("copy"),
        "information_system": _("from an information system"),
        "missing": _("missing"),
        "deferred": _("to be brought later"),
    }.get(mark, mark)


class ApplicationsTab(QWidget):
    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        account: Account,
        office: Office | None,
        *,
        window: str = "",
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.db = db
        self.catalog = catalog
        self.account = account
        self.office = office
        self.window_label = window
        self.summaries: list[ApplicationSummary] = []
        self.opened: StoredApplication | None = None
        self.opened_documents: list[IssuedDocument] = []
        self.opened_history: list[PackageEvent] = []
        self.names: dict[str, str] = {}  # username -> full name
        self.preview = None
        self.language_dialog: PrintLanguageDialog | None = None
        self.last_pdf: bytes | None = None
        self.searches = Newest()
        self.detail_reads = Newest()

        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.search_button = QPushButton()
        self.message = MessageLabel()
        self.model = ApplicationsModel(self.service_name, lambda: self.clock().date(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.selectionModel().currentChanged.connect(lambda *_args: self._update_reprint())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        # Columns as wide as their contents (receipt number, date, IIN, decision readable), measured on every
        # fill; a long Kazakh header shows its beginning with "…" and the whole text as a tooltip.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.activated.connect(self._open_index)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.reprint_button = QPushButton()
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint)

        row = QHBoxLayout()
        row.addWidget(self.search_label)
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details, 1)
        details_layout.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.search.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.reprint_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        self.reprint_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reprint_shortcut.activated.connect(self.reprint)
        self.back_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.back_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back_shortcut.activated.connect(self.focus_search)
        self.setFocusProxy(self.search)
        follow_language(self, self.retranslate)
        self.retranslate()

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search (IIN, receipt number or name):"))
        self.search_button.setText(_("Find"))
        self.reprint_button.setText(_("&Reprint receipt (F9)"))
        self.model.retranslate()
        self._fill(self.summaries)
        self._show_details()

    def service_name(self, code: str) -> str:
        try:
            return self.catalog.service(code).short_names.get(current_language())
        except KeyError:
            return code

    # ----------------------------------------------------------------------------------------- search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> asyncio.Task:
        db, text = self.db, self.search.text()
        if search_too_short(text):  # the index needs three characters; nothing is searched
            return (
                Op(self, lambda: None).newest(self.searches).success(lambda _nothing: self._too_short()).run()
            )
        return (
            Op(self, lambda: search_applications(db, text))
            .newest(self.searches)
            .success(lambda found: self._found(text, found))
            .failure(self._refused)
            .run()
        )

    def _refused(self, error: Exception) -> None:
        if isinstance(error, InvalidText):  # a control character or a search longer than any name
            self._fill([])
            self.message.setText(error.message)
            return
        show_error(self, error)

    def _too_short(self) -> None:
        self._fill([])
        self.message.say(_("Type at least three characters."))

    def _found(self, text: str, found: list[ApplicationSummary]) -> None:
        self._fill(found)
        if self.opened is not None and all(s.receipt_number != self.opened.receipt_number for s in found):
            self._close_details()  # the previous result does not stay under a search that did not find it
        if not text.strip():
            self.message.say(_("Type an IIN, a receipt number or a name."))
        elif not found:
            self.message.say(_("Nothing found."))
        else:
            self.message.say(_("Found: {count}. Enter opens the details.").format(count=len(found)))
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _fill(self, summaries: list[ApplicationSummary]) -> None:
        self.summaries = list(summaries)
        self.model.set_rows(self.summaries)
        self.table.resizeColumnsToContents()
        self._update_reprint()

    def _close_details(self) -> None:
        self.detail_reads.drop()  # details still being read are not shown
        self.opened, self.opened_documents, self.opened_history = None, [], []
        self._update_reprint()
        self._show_details()

    def _update_reprint(self) -> None:
        """F9 reprints the opened application, else the current row: the button is enabled when there is one (it
        looked disabled over a found row that F9 reprinted)."""
        self.reprint_button.setEnabled(self.opened is not None or self.current_number() is not None)

    def current_number(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(NUMBER_ROLE) if index.isValid() else None

    # ---------------------------------------------------------------------------------------- details

    def _open_index(self, index) -> None:
        number = index.data(NUMBER_ROLE)
        if number:
            self.open_details(number)

    def open_details(self, number: str) -> asyncio.Task:
        return (
            Op(self, lambda: self._read_details(number))
            .newest(self.detail_reads)
            .success(self._details_read)
            .run()
        )

    def _details_read(
        self, read: tuple[StoredApplication | None, list[IssuedDocument], list[PackageEvent]]
    ) -> None:
        stored, documents, history = read
        self.opened, self.opened_documents, self.opened_history = stored, documents, history
        self._update_reprint()
        self._show_details()

    def _read_details(
        self, number: str
    ) -> tuple[StoredApplication | None, list[IssuedDocument], list[PackageEvent]]:
        stored = load_application(self.db, number, self.account)
        history = (
            package_history(self.db, number) if stored is not None and stored.package is not None else []
        )
        documents = issued_documents(self.db, number)
        who = {e.username for e in history} | {d.username for d in documents}
        if stored is not None:
            who.add(stored.username)
        self.names.update(full_names(self.db, who - self.names.keys()))
        return stored, documents, history

    def _show_details(self) -> None:
        stored = self.opened
        if stored is None:
            self.details.setPlainText("")
            return
        lang = current_language()
        html = [
            f"<h3>{escape(stored.receipt_number)} — {escape(status_text(stored.status))}</h3>",
            "<p>"
            + escape(
                _("{service}; {applicant}, IIN {iin}; {date}, window {window}, {operator}").format(
                    service=self.service_name(stored.service_code),
                    applicant=stored.applicant_name,
                    iin=next(
                        (s.iin_masked for s in self.summaries if s.receipt_number == stored.receipt_number),
                        "••••••••" + stored.applicant_iin[-4:],
                    ),
                    date=format_date(stored.day),
                    window=stored.window or "—",
                    operator=display_name(self.names, stored.username),
                )
            )
            + "</p>",
            heading(_("Checklist")),
            "<table cellspacing='0' cellpadding='2'>",
        ]
        for item in stored.checklist:  # numbered as in the law's list (a per-child item keeps its number)
            label = item["label"].get(lang) or item["label"].get("ru", "")
            html.append(
                f"<tr><td align='right'>{escape(str(item['number']))}.</td><td>{escape(label)}: "
                f"{escape(mark_text(str(item['mark'])))}</td></tr>"
            )
        html.append("</table>")
        if stored.missing:
            html.append(heading(_("Missing or expired")))
            html.append("<table cellspacing='0' cellpadding='2'>")
            for item in stored.missing:
                label = item["label"].get(lang) or item["label"].get("ru", "")
                suffix = " — " + _("expired") if item.get("reason") == "expired" else ""
                html.append(
                    f"<tr><td align='right'>{escape(str(item['number']))}.</td>"
                    f"<td>{escape(label + suffix)}</td></tr>"
                )
            html.append("</table>")
        package = stored.package
        if package is not None:
            try:
                provider = self.office.provider(package.provider_id).name.get(lang)  # type: ignore[union-attr]
            except (KeyError, AttributeError):  # a provider gone, or the office not read yet
                provider = str(package.provider_id)
            html.append(heading(_("Package")) + "<p>")
            html.append(
                escape(
                    _("For: {provider}. Courier hands it over by {handoff}; result due {result}.").format(
                        provider=provider,
                        handoff=format_date(package.handoff_due),
                        result=format_date(package.result_due),
                    )
                )
            )
            html.append("</p><p>")
            overdue = is_overdue(package.status, package.handoff_due, self.clock().date())
            html.append(
                escape(
                    _("Package status: {status}").format(status=package_status_text(package.status, overdue))
                )
            )
            html.append("</p>" + heading(_("Status history")))
            html.append("<table cellspacing='0' cellpadding='3' border='1'><tr>")
            for column in (_("Time"), _("Status"), _("By"), _("Particulars")):
                html.append(f"<th align='left'>{escape(column)}</th>")
            html.append("</tr>")
            for cells in history_rows(self.opened_history, self.names):
                html.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
            html.append("</table>")
        html.append(heading(_("Issued documents")))
        if not self.opened_documents:
            html.append("<p>" + escape(_("No receipt printed yet.")) + "</p>")
        else:
            html.append("<ol>")
            for doc in self.opened_documents:
                kind = _("Acceptance receipt") if doc.kind is IssuedKind.ACCEPTANCE else _("Refusal receipt")
                which = _("copy") if doc.is_copy else _("original")
                html.append(
                    "<li>"
                    + escape(
                        _("{kind} ({which}), {language}, {at}, {user}, SHA-256 {sha}…").format(
                            kind=kind,
                            which=which,
                            language=LANGUAGE_NAMES.get(doc.language, doc.language),
                            at=format_time(doc.issued_at),
                            user=display_name(self.names, doc.username),
                            sha=doc.sha256[:12],
                        )
                    )
                    + "</li>"
                )
            html.append("</ol>")
        self.details.setHtml("".join(html))

    # ---------------------------------------------------------------------------------------- reprint

    def reprint(self) -> asyncio.Task | None:
        """F9: the receipt of the opened application (else the current row) again, with the copy mark: the
        language is asked (the first print's proposed), then the copy is rendered and archived in the background."""
        number = self.opened.receipt_number if self.opened is not None else self.current_number()
        if number is None or self.language_dialog is not None:
            return None
        db = self.db
        return (
            Op(self, lambda: issued_documents(db, number))
            .success(lambda documents: self._ask_language(number, documents))
            .run()
        )

    def _ask_language(self, number: str, documents: list[IssuedDocument]) -> None:
        default = documents[0].language if documents else ("kk" if current_language() == "kk" else "ru")
        dialog = PrintLanguageDialog(_("Reprint receipt"), _("&Language of the receipt:"), default, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.language_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.print_copy(number, dialog.chosen())
            else:
                self._back_to_results()

        dialog.finished.connect(finished)
        self.language_dialog = dialog
        dialog.open()

    def print_copy(self, number: str, lang: str) -> asyncio.Task:
        from counter_app.printing.receipts import issue_receipt

        db, catalog, account, office, clock = self.db, self.catalog, self.account, self.office, self.clock
        return (
            Op(
                self,
                lambda: issue_receipt(
                    db, catalog, account, number, lang, copy=True, office=office, clock=clock
                ),
            )
            .success(lambda printed: self._show_copy(number, *printed))
            .run()
        )

    def _show_copy(self, number: str, pdf: bytes, issued: IssuedDocument) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf = pdf
        title = (
            _("Copy of acceptance receipt {number}")
            if issued.kind is IssuedKind.ACCEPTANCE
            else _("Copy of refusal receipt {number}")
        )
        self.preview = PdfPreviewDialog(
            pdf, window=self.window_label or "0", title=title.format(number=number), parent=self
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()
        if self.opened is not None and self.opened.receipt_number == number:
            self.opened_documents = [*self.opened_documents, issued]
            self._show_details()

    def _preview_closed(self, _result: int) -> None:
        self.preview = None
        self._back_to_results()

    def _back_to_results(self) -> None:
        """After a dialog: the focus back on the results, so arrows, Enter and F9 go on working."""
        self.window().activateWindow()
        self.table.setFocus()
