"""The intake wizard: one page per step (see ``pages``), branching by the service, the draft saved after every
page, the decision on a commit page, then the receipt printed (``printing.receipts``) and archived.

No database or PDF work runs on the UI thread (``kit.operations.Op``): the draft is saved in the background after
every page (one save at a time, the newest draft last), the commit page starts the accept/refuse and stays
until it is stored, then goes on by itself; F9 renders and archives the receipt in the background. When the
database cannot be reached nothing typed is lost: the draft is also kept in a file on this computer
(``core.intake_recovery``) at once, the operator is told, and the wizard stays where it is until the database
is back. The date of the intake is the clock's when it is accepted or refused, not when the wizard was built.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QWidget, QWizard

from counter_app import paths
from counter_app.core.domain.calendar import CalendarOverride
from counter_app.core.domain.catalog import Catalog, ServiceVersion
from counter_app.core.domain.checklist import questions_for
from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import _, current_language
from counter_app.core.domain.intake_draft import IntakeDraft, new_intake_key
from counter_app.core.domain.intake_errors import CentreClosed, check_centre_open
from counter_app.core.domain.intake_rules import service_version
from counter_app.core.domain.office import Office
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake_commit import CommitProgress, Outcome, commit_intake
from counter_app.core.usecases.intake_recovery import LocalDraftCopy
from counter_app.core.usecases.receipts import IssuedDocument
from counter_app.storage.db import Database
from counter_app.ui.focus import first_field, takes_keyboard
from counter_app.ui.intake.input_state import input_state, restore_input_state
from counter_app.ui.intake.pages import (
    ApplicantPage,
    ApplicationFormPage,
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
from counter_app.ui.intake.wizard_printing import WizardPrinting
from counter_app.ui.kit.errors import show_error
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.operations import Op

DEFAULT_NORM_MINUTES = 15
DISTRICT_PAGES = (PageId.APPLICANT, PageId.CHILDREN)  # the pages that list the office's districts
log = logging.getLogger(__name__)


def needs_children(version: ServiceVersion) -> bool:
    return version.jurisdiction.rule == "child" or any(d.per_child for d in version.documents)


# QWizard's own button texts, as Qt translates them (context "QWizard"); re-applied when the language changes.
_QT_BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "< &Back",
    QWizard.WizardButton.NextButton: "&Next >",
    QWizard.WizardButton.FinishButton: "&Finish",
    QWizard.WizardButton.CancelButton: "Cancel",
}


class IntakeWizard(WizardPrinting, QWizard):
    """One intake from the choice of service to the printed receipt. ``finished_intake`` after F10/Esc."""

    finished_intake = Signal()

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        account: Account,
        office: Office | None,
        *,
        window: str | None = None,
        clock: Clock = system_clock,
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
        self.clock = clock
        self.drafts = Drafts(db)
        self.local_draft = LocalDraftCopy(paths.user_data_dir(), account.username, self.window_label)
        self.draft = draft or IntakeDraft()
        self.message: QMessageBox | None = None  # the last failure shown to the operator
        self.calendar_overrides: list[CalendarOverride] | None = (
            None  # read with the office, in the background
        )
        self._committed: str | None = None  # the receipt number stored for this draft (commit() retried)
        self._in_doubt = False  # the connection broke during accept/refuse: it may have been committed
        self.commit_task: asyncio.Task | None = None
        self.print_task: asyncio.Task | None = None
        self.save_task: asyncio.Task | None = None
        self._save_again = False  # the draft changed while a save was running: save the newest once more
        self.outcome: Outcome | None = None
        self.preview = None
        self.last_pdf: bytes | None = None  # the last receipt (or note) printed
        self.application_pdf: bytes | None = None  # the application last printed for signature (F8)
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
            (PageId.APPLICATION_FORM, ApplicationFormPage()),
        ):
            self.setPage(page_id, page)
        self.setStartId(PageId.SERVICE)

        self.timer_label = QLabel()
        self.timer_label.setStyleSheet("font-weight: bold;")
        self.ticker = QTimer(self)  # the service time on screen
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.update_timer)
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
        if not self.draft.intake_key:
            self.draft.intake_key = new_intake_key()  # the same intake sent twice is stored once
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
            self.ticker.start()
        else:
            self.ticker.stop()
        self.update_timer()

    def begin_service(self) -> None:
        """The operator starts serving the citizen (first letter typed, or a service chosen): the timer runs."""
        if self.draft.started_at is None and self.currentId() != PageId.DONE:
            self.draft.started_at = self.clock().astimezone(dt.UTC)
            self.ticker.start()
            self.update_timer()

    @property
    def today(self) -> dt.date:
        """The day of the action being taken now (the clock's), not the day the wizard was built."""
        return self.clock().date()

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
            return PageId.QUESTIONS if questions_for(version, self.catalog) else PageId.APPLICATION_FORM
        if current in (PageId.CHILDREN,):
            return PageId.QUESTIONS if questions_for(version, self.catalog) else PageId.APPLICATION_FORM
        if current == PageId.QUESTIONS:
            return PageId.APPLICATION_FORM
        if current == PageId.APPLICATION_FORM:
            return PageId.CHECKLIST
        return current + 1

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentId() not in (PageId.DECISION, PageId.DONE):
            self.draft.page = self.nextId()
            if not self._replaying:
                self.save_draft()
        return True

    def save_draft(self) -> asyncio.Task | None:
        """Keep the draft on this computer at once, and in the database in the background; without the database
        the intake goes on. One save runs at a time; a draft changed meanwhile is saved again when it ends."""
        try:
            self.local_draft.save(self.draft)
        except OSError:  # the copy is a second line of defence: the database still has the draft
            log.warning("could not keep the draft in %s", self.local_draft.path, exc_info=True)
        if self.save_task is not None and not self.save_task.done():
            self._save_again = True
            return self.save_task
        self._save_again = False
        drafts, account, window, clock = self.drafts, self.account, self.window_label, self.clock
        draft = self.draft.model_copy(deep=True)  # what the background thread saves must not change meanwhile
        self.save_task = (
            Op(self, lambda: drafts.save(account, draft, window, clock=clock))
            .failure(self.show_failure)
            .after(self._saved)
            .run()
        )
        return self.save_task

    def _saved(self) -> None:
        if self._save_again:
            self.save_task = None
            self.save_draft()

    def show_failure(self, error: Exception) -> QMessageBox:
        """Tell the operator (window-modal, not blocking) why the database work failed; nothing typed is lost."""
        self.message = show_error(self, error)
        return self.message

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
            self.ticker.stop()
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

    def discard(self) -> asyncio.Task:
        """Throw the unfinished intake away and start a new one (not while the database is away)."""
        drafts, account, window = self.drafts, self.account, self.window_label
        return (
            Op(self, lambda: drafts.discard(account, window))
            .failure(self.show_failure)
            .success(self._discarded)
            .run()
        )

    def _discarded(self, _result: None) -> None:
        self.local_draft.remove()
        self.start(IntakeDraft())

    # -------------------------------------------------------------------------------------- decision

    def committing(self) -> bool:
        return self.commit_task is not None and not self.commit_task.done()

    def commit(self) -> asyncio.Task | None:
        """Accept or refuse the draft in the background, dated by the clock now; once stored, go on to the last
        page. When the database is away the operator is told and the page stays; pressed again, it never
        stores the intake twice (a commit whose answer was lost is found instead)."""
        if self.committing():
            return None
        db, account, window, catalog, office = (
            self.db,
            self.account,
            self.window_label,
            self.catalog,
            self.office,
        )
        draft, clock, today = self.draft.model_copy(deep=True), self.clock, self.today
        progress = CommitProgress(self._committed, self._in_doubt)  # written by the background thread

        def work() -> Outcome:
            return commit_intake(db, account, window, catalog, office, draft, today, clock, progress)

        def ended() -> None:
            self._committed, self._in_doubt = progress.committed, progress.in_doubt
            if self.office is None and progress.office is not None:
                self.office = progress.office

        page = self.page(PageId.DECISION)
        self.commit_task = (
            Op(self, work)
            .busy(self.button(QWizard.WizardButton.CommitButton))
            .after(ended)
            .success(self._committed_outcome)
            .failure(page.commit_failed)
            .run()
        )
        return self.commit_task

    def _committed_outcome(self, outcome: Outcome) -> None:
        self.local_draft.remove()
        self.outcome = outcome
        if self.currentId() == PageId.DECISION:
            self.next()  # the decision page lets the wizard go on now that the outcome is there

    def centre_closed_message(self) -> str | None:
        """Why no receipt can be issued today (a Sunday, a public holiday, a day off), or None. From the calendar
        read with the office (in the background); the commit checks it again against the database."""
        try:  # until the administrator's days are read: Sundays and public holidays (the commit checks all)
            check_centre_open(self.today, self.calendar_overrides or [])
        except CentreClosed as closed:
            return str(closed)
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
        end = now or self.clock()
        return max(int((end - started).total_seconds()), 0)

    def waiting_minutes(self) -> int | None:
        if self.draft.queue_time is None or self.draft.started_at is None:
            return None
        started = office_time(self.draft.started_at)
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
                _("Service time 00:00 of {norm} min: starts with the next citizen").format(norm=service_norm)
            )
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

    def set_office(self, office: Office, calendar_overrides: list[CalendarOverride] | None = None) -> None:
        """The office (and the calendar), once read in the background; a page already showing its districts (or
        the decision) shows them again."""
        self.office = office
        if calendar_overrides is not None:
            self.calendar_overrides = calendar_overrides
        if self.currentId() in (*DISTRICT_PAGES, PageId.DECISION):
            self.retranslate()  # initializes the page again, keeping everything typed on it

    def fill_districts(self, combo: QComboBox, selected: str) -> None:
        lang = current_language()
        combo.clear()
        seen = set()
        if (
            self.office is None
        ):  # not read yet: keep the district the draft has (the list comes with the office)
            if selected:
                combo.addItem(selected, selected)
            return
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
        typed = input_state(page)
        focus = page.focusWidget()
        page.initializePage()
        restore_input_state(page, typed)
        if focus is not None:
            focus.setFocus()
