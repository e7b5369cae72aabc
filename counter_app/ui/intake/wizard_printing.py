"""What the intake wizard prints (a mixin of ``IntakeWizard``): F8 the application for the applicant's signature,
F9 the receipt (archived; again: a copy) or, after a cancellation for want of consent, the note for the citizen.
Each is rendered in the background (``Op``) and shown in the print preview."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from counter_app.core.domain.i18n import _
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.receipts import IssuedDocument, issued_documents
from counter_app.ui.focus import give_focus
from counter_app.ui.intake.pages import PageId
from counter_app.ui.kit.operations import Op


class WizardPrinting:
    def print_language(self) -> str:
        """The language the citizen chose for the printed forms on the last page (kk or ru)."""
        return self.page(PageId.DONE).print_language.currentData()

    def print_receipt(self) -> asyncio.Task | None:
        """F9 on the last page: render the receipt and archive it in the background, then open the print preview
        (non-blocking). The first print is the original; F9 again on the same application prints (and archives)
        a copy. Without the database nothing is printed: the receipt is printed only once it is archived."""
        if self.currentId() != PageId.DONE or self.outcome is None:
            return None
        if self.print_task is not None and not self.print_task.done():
            return None
        from counter_app.printing.receipts import issue_receipt

        if self.outcome.cancelled:
            return self.print_consent_note()
        db, catalog, account, office, clock = self.db, self.catalog, self.account, self.office, self.clock
        number, lang, printed = self.outcome.number, self.print_language(), self.last_pdf is not None

        def work() -> tuple[bytes, IssuedDocument]:
            again = printed or bool(issued_documents(db, number))
            return issue_receipt(db, catalog, account, number, lang, copy=again, office=office, clock=clock)

        self.print_task = Op(self, work).failure(self.show_failure).success(self._show_receipt).run()
        return self.print_task

    def _show_receipt(self, printed: tuple[bytes, IssuedDocument]) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf, self.last_issued = printed
        if self.outcome is None:
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

    def print_application(self, lang: str) -> asyncio.Task | None:
        """F8 before the decision: the application pre-filled for the applicant's signature, rendered in the
        background (not archived: the signed paper goes into the package; the draft remembers the language, and
        the receipt says so)."""
        if self.print_task is not None and not self.print_task.done():
            return None
        from counter_app.printing.applications import application_pdf
        from counter_app.printing.model import service_name

        db, office, today = self.db, self.office, self.today
        draft = self.draft.model_copy(deep=True)
        version = self.version()
        names = service_name(self.catalog.service(draft.service_code))
        self.save_draft()

        def work() -> bytes:
            return application_pdf(office or OfficeSettings(db).load(), names, version, draft, today, lang)

        self.print_task = Op(self, work).failure(self.show_failure).success(self._show_application).run()
        return self.print_task

    def _show_application(self, pdf: bytes) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.application_pdf = pdf
        self.preview = PdfPreviewDialog(
            pdf, window=self.window_label or "0", title=_("Application for signature"), parent=self
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()

    def print_consent_note(self) -> asyncio.Task:
        """F9 after a cancellation for want of consent: the note for the citizen (nothing is archived), rendered
        in the background."""
        from counter_app.printing.receipts import consent_note_pdf, employee_name

        db, catalog, office, draft, today = self.db, self.catalog, self.office, self.draft, self.today
        lang, username = self.print_language(), self.account.username

        def work() -> bytes:
            return consent_note_pdf(
                catalog,
                office or OfficeSettings(db).load(),
                draft,
                today,
                lang,
                employee=employee_name(db, username),
            )

        self.print_task = Op(self, work).failure(self.show_failure).success(self._show_consent_note).run()
        return self.print_task

    def _show_consent_note(self, pdf: bytes) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf = pdf
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
