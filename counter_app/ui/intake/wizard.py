"""The intake wizard: one page per step (see ``pages``), branching by the service, the draft saved after every
page, the decision on a commit page, then the receipt printed (``printing.receipts``) and archived.

Database work here is short SQLite/PostgreSQL transactions run on the UI thread (a few milliseconds each).
When the database cannot be reached nothing typed is lost: the draft is also kept in a file on this computer
(``core.intake_recovery``), the operator is told, and the wizard stays where it is until the database is back.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QWidget, QWizard

from counter_app import paths
from counter_app.core.accounts import Account
from counter_app.core.catalog import Catalog, ServiceVersion
from counter_app.core.checklist import questions_for
from counter_app.core.i18n import _, current_language
from counter_app.core.intake import (
    CentreClosed,
    Decision,
    Drafts,
    IntakeDraft,
    IssuedDocument,
    ProblemReason,
    StoredApplication,
    accept,
    cancel_without_consent,
    check_centre_open,
    choose_provider,
    issued_documents,
    load_application,
    problems_of,
    refuse,
    service_version,
)
from counter_app.core.intake_recovery import LocalDraftCopy, committed_intake
from counter_app.core.office import Office
from counter_app.storage.db import Database, DatabaseUnavailable
from counter_app.ui.focus import first_field, give_focus, takes_keyboard
from counter_app.ui.intake.fields import format_date
from counter_app.ui.intake.pages import (
    ApplicantPage,
    ChecklistPage,
    ChildrenPage,
    ConsentPage,
    DecisionPage,
    DonePage,
    PageId,
    QuestionsPage,
    RegistrationPage,
    RepresentativePage,
    ServicePage,
)

DEFAULT_NORM_MINUTES = 15
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    number: str
    accepted: bool
    application: StoredApplication | None  # None: cancelled for want of consent (nothing was stored)
    cancelled: bool = False


def needs_children(version: ServiceVersion) -> bool:
    return version.jurisdiction.rule == "child" or any(d.per_child for d in version.documents)


# QWizard's own button texts, as Qt translates them (context "QWizard"); re-applied when the language changes.
_QT_BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "< &Back",
    QWizard.WizardButton.NextButton: "&Next >",
    QWizard.WizardButton.FinishButton: "&Finish",
    QWizard.WizardButton.CancelButton: "Cancel",
}


def _input_state(page: QWidget) -> list[object]:
    """What the operator has typed or chosen on a page, in widget order (line edits, combo boxes, checkboxes)."""
    state: list[object] = []
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox):
            state.append(("text", widget.text()))
        elif isinstance(widget, QComboBox):
            state.append(("index", widget.currentIndex()))
        elif isinstance(widget, QCheckBox):
            state.append(("checked", widget.isChecked()))
    return state


def _restore_input_state(page: QWidget, state: list[object]) -> None:
    current = _input_state(page)
    if [kind for kind, _value in current] != [kind for kind, _value in state]:
        return  # the page rebuilt different widgets: keep what initializePage loaded from the draft
    widgets = [
        w
        for w in page.findChildren(QWidget)
        if (isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox))
        or isinstance(w, (QComboBox, QCheckBox))
    ]
    for widget, (_kind, value) in zip(widgets, state, strict=True):
        if isinstance(widget, QLineEdit) and widget.text() != value:
            widget.setText(value)
        elif isinstance(widget, QComboBox) and widget.currentIndex() != value:
            widget.setCurrentIndex(value)
        elif isinstance(widget, QCheckBox) and widget.isChecked() != value:
            widget.setChecked(value)


class IntakeWizard(QWizard):
    """One intake from the choice of service to the printed receipt. ``finished_intake`` after F10/Esc."""

    finished_intake = Signal()

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        account: Account,
        office: Office,
        *,
        window: str | None = None,
        today: dt.date | None = None,
        draft: IntakeDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Widget)  # lives inside the Intake screen, not as a dialog
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        self.db = db
        self.catalog = catalog
        self.account = account
        self.office = office
        self.window_label = (window if window is not None else account.window) or ""
        self.today = today or dt.date.today()
        self.drafts = Drafts(db)
        self.local_draft = LocalDraftCopy(paths.user_data_dir(), account.username, self.window_label)
        self.draft = draft or IntakeDraft()
        self.message: QMessageBox | None = None  # the last database message shown to the operator
        self._committed: str | None = None  # the receipt number stored for this draft (decide() retried)
        self._in_doubt = False  # the connection broke during accept/refuse: it may have been committed
        self.outcome: Outcome | None = None
        self.preview = None
        self.last_pdf: bytes | None = None
        self.last_issued: IssuedDocument | None = None
        self._replaying = False
        for page_id, page in (
            (PageId.SERVICE, ServicePage()),
            (PageId.APPLICANT, ApplicantPage()),
            (PageId.REGISTRATION, RegistrationPage()),
            (PageId.REPRESENTATIVE, RepresentativePage()),
            (PageId.CHILDREN, ChildrenPage()),
            (PageId.QUESTIONS, QuestionsPage()),
            (PageId.CHECKLIST, ChecklistPage()),
            (PageId.CONSENT, ConsentPage()),
            (PageId.DECISION, DecisionPage()),
            (PageId.DONE, DonePage()),
        ):
            self.setPage(page_id, page)
        self.setStartId(PageId.SERVICE)

        self.timer_label = QLabel()
        self.timer_label.setStyleSheet("font-weight: bold;")
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.update_timer)
        self.print_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.activated.connect(self.print_receipt)
        self.finish_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F10), self)
        self.finish_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.finish_shortcut.activated.connect(self.reject)
        self.currentIdChanged.connect(self._page_changed)
        self.start(self.draft)

    # ------------------------------------------------------------------------------------------ flow

    def start(self, draft: IntakeDraft) -> None:
        """Start (or resume) an intake; a resumed draft is replayed page by page up to where it was left."""
        self.draft = draft  # a new draft has no start time: the timer waits for the next citizen
        self.outcome = None
        self.last_pdf = None
        self.last_issued = None
        self._committed = None
        self._in_doubt = False
        target = draft.page
        self._replaying = True
        try:
            self.restart()
            while self.currentId() != target and self.currentId() not in (PageId.DECISION, PageId.DONE, -1):
                before = self.currentId()
                self.next()
                if self.currentId() == before:  # a page refused its data: stop there
                    break
        finally:
            self._replaying = False
        if self.draft.started_at is not None:
            self.clock.start()
        else:
            self.clock.stop()
        self.update_timer()

    def begin_service(self) -> None:
        """The operator starts serving the citizen (first letter typed, or a service chosen): the timer runs."""
        if self.draft.started_at is None and self.currentId() != PageId.DONE:
            self.draft.started_at = dt.datetime.now(dt.UTC)
            self.clock.start()
            self.update_timer()

    def version(self) -> ServiceVersion:
        return service_version(self.catalog, self.draft.service_code, self.today)[1]

    def nextId(self) -> int:
        current = self.currentId()
        if current == PageId.DONE:
            return -1
        if current == PageId.SERVICE:
            return PageId.APPLICANT
        version = self.version()
        if current == PageId.APPLICANT:
            return PageId.REGISTRATION if version.jurisdiction.rule != "none" else PageId.REPRESENTATIVE
        if current == PageId.REGISTRATION:
            return PageId.REPRESENTATIVE
        if current == PageId.REPRESENTATIVE:
            if needs_children(version):
                return PageId.CHILDREN
            return PageId.QUESTIONS if questions_for(version, self.catalog) else PageId.CHECKLIST
        if current == PageId.CHILDREN:
            return PageId.QUESTIONS if questions_for(version, self.catalog) else PageId.CHECKLIST
        return current + 1

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentId() < PageId.DECISION:
            self.draft.page = self.nextId()
            if not self._replaying:
                self.save_draft()
        return True

    def save_draft(self) -> None:
        """Keep the draft on this computer and in the database; without the database the intake goes on."""
        try:
            self.local_draft.save(self.draft)
        except OSError:  # the copy is a second line of defence: the database still has the draft
            log.warning("could not keep the draft in %s", self.local_draft.path, exc_info=True)
        try:
            self.drafts.save(self.account, self.draft, self.window_label)
        except DatabaseUnavailable:
            if self.message is None or not self.message.isVisible():
                self.show_database_unavailable()

    def show_database_unavailable(self) -> QMessageBox:
        """Tell the operator (window-modal, not blocking) that the database is away and nothing typed is lost."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Counter"), _("The database cannot be reached."), parent=self)
        box.setInformativeText(
            _(
                "Nothing you typed is lost: it stays on the screen and is kept on this computer. Check the "
                "network connection to the database server (or ask the administrator), then press the button "
                "again."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        if self.message is not None:
            self.message.deleteLater()
        self.message = box
        box.open()
        return box

    def focus_start(self) -> QWidget | None:
        """Where the keyboard is on the current page: the field the page chose (or the operator was last in),
        else its first field, else the button that goes on (the decision page has no field), else Back."""
        page = self.currentPage()
        if page is None:
            return None
        chosen = page.focusWidget()
        if chosen is not None and page.isAncestorOf(chosen) and takes_keyboard(chosen):
            return chosen
        field = first_field(page)
        if field is not None:
            return field
        for button in (
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.BackButton,  # nothing to go on with (e.g. the centre is closed today)
        ):
            if takes_keyboard(self.button(button)):
                return self.button(button)
        return None

    def _page_changed(self, page_id: int) -> None:
        if page_id == PageId.DONE:
            self.clock.stop()
            self.update_timer()

    def reject(self) -> None:
        """Esc / F10: after the receipt, finish; before it, nothing is lost (the draft stays)."""
        if self.currentId() == PageId.DONE:
            self.finish()

    def done(self, result: int) -> None:  # the Finish button
        if self.currentId() == PageId.DONE:
            self.finish()

    def finish(self) -> None:
        self.finished_intake.emit()
        self.start(IntakeDraft())

    def discard(self) -> None:
        """Throw the unfinished intake away and start a new one (not while the database is away)."""
        try:
            self.drafts.discard(self.account, self.window_label)
        except DatabaseUnavailable:
            self.show_database_unavailable()
            return
        self.local_draft.remove()
        self.start(IntakeDraft())

    # -------------------------------------------------------------------------------------- decision

    def decide(self) -> Outcome:
        """Accept or refuse the draft. Raises DatabaseUnavailable when the database is away; called again, it
        never stores the intake twice (a commit whose answer was lost is found instead)."""
        version = self.version()
        problems = problems_of(self.draft, version, self.today)
        if not self.draft.consent and self._committed is None:
            # No consent: the counter neither accepts nor refuses (core.intake.cancel_without_consent).
            cancel_without_consent(
                self.db, self.account, self.draft, self.today, window=self.window_label, catalog=self.catalog
            )
            self.local_draft.remove()
            self.outcome = Outcome("", False, None, cancelled=True)
            return self.outcome
        check_centre_open(self.today, self.calendar_overrides())  # said before any number is used
        if problems:
            reasons = {p.reason for p in problems}
            if not reasons & {ProblemReason.MISSING, ProblemReason.EXPIRED}:
                raise ValueError(_("The consent or a document date is missing."))
        else:
            choose_provider(self.office, version, self.draft)  # a clear message before any number is used
        if self._committed is None and self._in_doubt:
            self._committed = committed_intake(self.db, self.account, self.window_label, self.draft, self.today)
            self._in_doubt = False
        if self._committed is None:
            store = refuse if problems else accept
            try:
                self._committed = store(
                    self.db, self.account, self.draft, self.today, window=self.window_label, catalog=self.catalog
                )
            except DatabaseUnavailable:
                self._in_doubt = True
                raise
        self.local_draft.remove()
        application = load_application(self.db, self._committed)
        self.outcome = Outcome(self._committed, application.decision is Decision.ACCEPTED, application)
        return self.outcome

    def calendar_overrides(self) -> list:
        from counter_app.core.office_settings import OfficeSettings

        return OfficeSettings(self.db).calendar_overrides()

    def centre_closed_message(self) -> str | None:
        """Why no receipt can be issued today (a Sunday, a public holiday, a day off), or None."""
        try:
            check_centre_open(self.today, self.calendar_overrides())
        except CentreClosed as closed:
            return str(closed)
        except DatabaseUnavailable:
            return None  # said again at the commit, once the database answers
        return None

    def outcome_text(self) -> str:
        outcome = self.outcome
        lang = current_language()
        if outcome.cancelled:
            return _(
                "No receipt was issued and no number used: the intake is cancelled and journaled. F9 prints the note "
                "for the citizen; the citizen may come again with the consent."
            )
        if outcome.accepted:
            package = outcome.application.package
            provider = self.office.provider(package.provider_id)
            return _(
                "Package for: {provider}\nCourier hands it over by {handoff}; result due {result}."
            ).format(
                provider=provider.name.get(lang),
                handoff=format_date(package.handoff_due),
                result=format_date(package.result_due),
            )
        missing = "\n".join(
            f"{m['number']}. {m['label'].get(lang, m['label']['ru'])}"
            + (" — " + _("expired") if m["reason"] == "expired" else "")
            for m in outcome.application.missing
        )
        return _("Refused to accept. Missing or expired:\n{missing}").format(missing=missing)

    # ----------------------------------------------------------------------------------------- timer

    def service_seconds(self, now: dt.datetime | None = None) -> int:
        started = self.draft.started_at
        if started is None:
            return 0
        end = now or dt.datetime.now(dt.UTC)
        return max(int((end - started).total_seconds()), 0)

    def waiting_minutes(self) -> int | None:
        if self.draft.queue_time is None or self.draft.started_at is None:
            return None
        started = self.draft.started_at.astimezone()
        taken = dt.datetime.combine(started.date(), self.draft.queue_time, tzinfo=started.tzinfo)
        return max(int((started - taken).total_seconds() // 60), 0)

    def norms(self) -> tuple[int, int]:
        try:
            version = self.version()
        except Exception:  # noqa: BLE001 - no service chosen yet
            return DEFAULT_NORM_MINUTES, DEFAULT_NORM_MINUTES
        return (
            version.max_service_minutes or DEFAULT_NORM_MINUTES,
            version.max_waiting_minutes or DEFAULT_NORM_MINUTES,
        )

    def update_timer(self) -> None:
        service_norm, waiting_norm = self.norms()
        if self.draft.started_at is None:
            self.timer_label.setText(
                _("Service time 00:00 of {norm} min: starts with the next citizen").format(norm=service_norm))
            self.timer_label.setStyleSheet("font-weight: bold; color: #555555;")
            return
        seconds = self.service_seconds()
        text = _("Service time {minutes:02d}:{seconds:02d} of {norm} min").format(
            minutes=seconds // 60, seconds=seconds % 60, norm=service_norm
        )
        over = seconds > service_norm * 60
        waiting = self.waiting_minutes()
        if waiting is not None:
            text += "   " + _("Waiting time {minutes} min of {norm} min (ticket {ticket})").format(
                minutes=waiting, norm=waiting_norm, ticket=self.draft.queue_ticket or "—"
            )
            over = over or waiting > waiting_norm
        self.timer_label.setText(text)
        self.timer_label.setStyleSheet("font-weight: bold; color: %s;" % ("#b00020" if over else "#1b5e20"))

    # ----------------------------------------------------------------------------------------- helpers

    def fill_districts(self, combo: QComboBox, selected: str) -> None:
        lang = current_language()
        combo.clear()
        seen = set()
        for provider in self.office.providers:
            if provider.active and provider.district.ru not in seen:
                seen.add(provider.district.ru)
                combo.addItem(provider.district.get(lang), provider.district.ru)
        index = combo.findData(selected)
        if index < 0:
            index = next((i for i in range(combo.count()) if combo.itemText(i) == selected), 0)
        combo.setCurrentIndex(index)

    # ---------------------------------------------------------------------------------------- printing

    def retranslate(self) -> None:
        """Show the page on screen in the new UI language, keeping everything typed on it."""
        for button, source in _QT_BUTTON_TEXTS.items():
            self.setButtonText(button, QCoreApplication.translate("QWizard", source))
        page = self.currentPage()
        if page is None:
            return
        typed = _input_state(page)
        focus = page.focusWidget()
        page.initializePage()
        _restore_input_state(page, typed)
        if focus is not None:
            focus.setFocus()

    def print_language(self) -> str:
        """The language the citizen chose for the printed forms on the last page (kk or ru)."""
        return self.page(PageId.DONE).print_language.currentData()

    def receipt_pdf(self, lang: str, copy_mark: bool = False) -> bytes:
        """The receipt of this intake's outcome, as the archive would keep it (not archived here)."""
        from counter_app.printing.receipts import employee_name, receipt_pdf

        if self.outcome is None or self.outcome.application is None:
            raise ValueError("no receipt yet")
        stored = self.outcome.application
        return receipt_pdf(
            self.catalog, self.office, stored, lang, copy_mark, employee=employee_name(self.db, stored.username)
        )

    def print_receipt(self) -> None:
        """F9 on the last page: render the receipt, archive it and open the print preview (non-blocking).

        The first print is the original; F9 again on the same application prints (and archives) a copy."""
        if self.currentId() != PageId.DONE or self.outcome is None:
            return
        from counter_app.printing.receipts import issue_receipt
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        if self.outcome.cancelled:
            self.print_consent_note()
            return
        number = self.outcome.number
        try:
            again = self.last_pdf is not None or bool(issued_documents(self.db, number))
            self.last_pdf, self.last_issued = issue_receipt(
                self.db, self.catalog, self.account, number, self.print_language(), copy=again, office=self.office
            )
        except DatabaseUnavailable:  # the receipt is printed only once it is archived: F9 again later
            self.show_database_unavailable()
            return
        title = _("Acceptance receipt {number}") if self.outcome.accepted else _("Refusal receipt {number}")
        self.preview = PdfPreviewDialog(
            self.last_pdf,
            window=self.window_label or "0",
            title=title.format(number=self.outcome.number),
            parent=self,
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()

    def print_consent_note(self) -> None:
        """F9 after a cancellation for want of consent: the note for the citizen (nothing is archived)."""
        from counter_app.printing.receipts import consent_note_pdf, employee_name
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf = consent_note_pdf(
            self.catalog, self.office, self.draft, self.today, self.print_language(),
            employee=employee_name(self.db, self.account.username),
        )
        self.preview = PdfPreviewDialog(
            self.last_pdf, window=self.window_label or "0", title=_("Note: no consent"), parent=self
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()

    def _preview_closed(self, _result: int) -> None:
        """Back at the wizard's last page, so F9 (again) and F10 work without the mouse."""
        self.preview = None
        self.window().activateWindow()
        give_focus(self)
