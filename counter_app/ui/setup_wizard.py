"""The first start of a real installation: the administrator is walked through the office (with its windows),
the first service provider and the first user before the main window opens.

Shown after the first administrator signs in while the office is not set up yet (never with ``--demo``, whose
office is set up). Next is refused while a required field of the page is empty, with the reason in red and the
focus on the page; Finish saves everything in the background and stays on the page if the core refuses.
More providers and users are added later in Settings.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.office import Office, ServiceProvider
from counter_app.core.domain.permissions import Account, Role
from counter_app.ui.context import AppContext
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, follow_language
from counter_app.ui.screens.settings_fields import (
    LabelledForm,
    OfficeFields,
    ProviderFields,
    UserFields,
    provider_problem,
)


def _line() -> QLineEdit:
    field = QLineEdit()
    field.setMinimumWidth(360)
    return field


class _Page(QWizardPage):
    """A page with an introduction, labelled fields and a red line for what is missing."""

    def __init__(self, intro: str) -> None:
        super().__init__()
        self._intro_source = intro
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = LabelledForm()
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.intro.setText(_(self._intro_source))
        self.form.retranslate()

    def problem(self) -> str | None:
        raise NotImplementedError

    def validatePage(self) -> bool:
        problem = self.problem()
        if problem:
            self.error.show_message(problem)
            return False
        self.error.clear_message()
        return True


class OfficePage(OfficeFields, _Page):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The branch and department this installation serves, as printed on receipts, and the "
                "numbers of its service windows."
            )
        )
        self.add_office_fields(self.form, _line)

    def office(self, provider: ServiceProvider | None = None) -> Office:
        return self.office_from_fields((provider,) if provider is not None else ())

    def problem(self) -> str | None:
        fault = self.office_fault(self.office())
        if fault is None:
            return None
        field, message = fault
        field.setFocus()  # to the field at fault
        return message


class ProviderPage(ProviderFields, _Page):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The first service provider the department hands packages to (the others are added "
                "later in Settings → Service providers)."
            )
        )
        self.add_provider_fields(self.form, _line)

    def retranslate(self) -> None:
        super().retranslate()
        self.retranslate_provider_fields()

    def provider(self) -> ServiceProvider:
        return self.provider_from_fields()

    def problem(self) -> str | None:
        return provider_problem(self.provider())


class UserPage(UserFields, _Page):
    def __init__(self, office_page: OfficePage) -> None:
        super().__init__(
            N_("The first user who works at a window (more users are added later in Settings → Users).")
        )
        self._office_page = office_page
        self.add_user_fields(self.form, _line, roles=(Role.OPERATOR, Role.MANAGER, Role.ADMIN))
        self.window.clear()  # the office page's windows, once they are typed

    def initializePage(self) -> None:  # Qt: the windows typed on the office page
        chosen = self.window.currentData()
        windows = self._office_page.office().windows
        self.set_windows(windows, chosen if chosen is not None else (windows[0] if windows else None))

    def retranslate(self) -> None:
        super().retranslate()
        self.retranslate_user_fields()

    def values(self) -> tuple[str, str, Role, str | None, str]:
        return self.user_values()

    def problem(self) -> str | None:
        return self.user_fields_problem()

    def validatePage(self) -> bool:  # Qt: the wizard saves everything on Finish
        return super().validatePage() and self.wizard().save()


class SetupWizard(QWizard):
    """Office and windows → first provider → first user; Finish saves them as the signed-in administrator."""

    def __init__(self, ctx: AppContext, admin: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.admin = admin
        self.task = None
        self.user_created: Account | None = None
        self.saved = False
        self.office_page = OfficePage()
        self.provider_page = ProviderPage()
        self.user_page = UserPage(self.office_page)
        for page in (self.office_page, self.provider_page, self.user_page):
            self.addPage(page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Counter: setting up the office"))
        for page, title in (
            (self.office_page, _("Office and windows")),
            (self.provider_page, _("Service provider")),
            (self.user_page, _("First user")),
        ):
            page.setTitle(title)
            page.retranslate()

    def save(self) -> bool:
        """Finish: save in the background; the wizard closes once it is saved (False keeps it open meanwhile)."""
        if self.saved:
            return True
        if self.task is not None and not self.task.done():
            return False
        office = self.office_page.office(self.provider_page.provider())
        username, full_name, role, window, password = self.user_page.values()
        ctx, admin = self.ctx, self.admin

        def work() -> None:
            if self.user_created is None:
                self.user_created = ctx.accounts.create(
                    admin, username, full_name, role, password, window=window
                )
            ctx.office_settings.save(admin, office)

        self.task = (
            Op(self, work).busy(self.button(QWizard.WizardButton.FinishButton)).success(self._saved).run()
        )
        return False

    def _saved(self, _result: None) -> None:
        self.saved = True
        self.accept()
