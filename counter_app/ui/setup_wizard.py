"""The first start of a real installation: the administrator is walked through the office (with its windows),
the first service provider and the first user before the main window opens.

Shown after the first administrator signs in while the office is not set up yet (never with ``--demo``, whose
office is set up). Next is refused while a required field of the page is empty, with the reason in red and the
focus on the page; Finish saves everything in the background and stays on the page if the core refuses.
More providers and users are added later in Settings.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.office import Bilingual, Office, ServiceProvider
from counter_app.core.domain.permissions import Account, Role
from counter_app.ui.context import AppContext
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, follow_language, role_name
from counter_app.ui.login import password_field
from counter_app.ui.screens.settings_screen import (
    PROVIDER_KIND_NAMES,
    _Form,
    office_problem,
    provider_problem,
    user_problem,
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
        self.form = _Form()
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


class OfficePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The branch and department this installation serves, as printed on receipts, and the "
                "numbers of its service windows."
            )
        )
        self.branch_kk, self.branch_ru = _line(), _line()
        self.department = _line()
        self.address_kk, self.address_ru = _line(), _line()
        self.windows = _line()
        self.form.add(N_("&Branch name (Kazakh):"), self.branch_kk)
        self.form.add(N_("Branch name (&Russian):"), self.branch_ru)
        self.form.add(N_("&Department No.:"), self.department)
        self.form.add(N_("&Address (Kazakh):"), self.address_kk)
        self.form.add(N_("Addr&ess (Russian):"), self.address_ru)
        self.form.add(N_("&Windows (comma-separated):"), self.windows)

    def office(self, provider: ServiceProvider | None = None) -> Office:
        return Office(
            branch_name=Bilingual(self.branch_kk.text().strip(), self.branch_ru.text().strip()),
            department_number=self.department.text().strip(),
            address=Bilingual(self.address_kk.text().strip(), self.address_ru.text().strip()),
            windows=tuple(w.strip() for w in self.windows.text().split(",") if w.strip()),
            providers=(provider,) if provider is not None else (),
        )

    def problem(self) -> str | None:
        return office_problem(self.office())


class ProviderPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "The first service provider the department hands packages to (the others are added "
                "later in Settings → Service providers)."
            )
        )
        self.kind = QComboBox()
        for kind in ProviderKind:
            self.kind.addItem("", kind)
        self.district_kk, self.district_ru = _line(), _line()
        self.name_kk, self.name_ru = _line(), _line()
        self.address_kk, self.address_ru = _line(), _line()
        self.form.add(N_("&Kind:"), self.kind)
        self.form.add(N_("&District (Kazakh):"), self.district_kk)
        self.form.add(N_("District (&Russian):"), self.district_ru)
        self.form.add(N_("&Name (Kazakh):"), self.name_kk)
        self.form.add(N_("Na&me (Russian):"), self.name_ru)
        self.form.add(N_("&Address (Kazakh):"), self.address_kk)
        self.form.add(N_("Addr&ess (Russian):"), self.address_ru)

    def retranslate(self) -> None:
        super().retranslate()
        for index, kind in enumerate(ProviderKind):
            self.kind.setItemText(index, _(PROVIDER_KIND_NAMES[kind]))

    def provider(self) -> ServiceProvider:
        return ServiceProvider(
            id=0,
            kind=self.kind.currentData(),
            district=Bilingual(self.district_kk.text().strip(), self.district_ru.text().strip()),
            name=Bilingual(self.name_kk.text().strip(), self.name_ru.text().strip()),
            address=Bilingual(self.address_kk.text().strip(), self.address_ru.text().strip()),
        )

    def problem(self) -> str | None:
        return provider_problem(self.provider())


class UserPage(_Page):
    def __init__(self, office_page: OfficePage) -> None:
        super().__init__(
            N_("The first user who works at a window (more users are added later in Settings → Users).")
        )
        self._office_page = office_page
        self.username, self.full_name = _line(), _line()
        self.role = QComboBox()
        for role in (Role.OPERATOR, Role.MANAGER, Role.ADMIN):
            self.role.addItem("", role)
        self.window = QComboBox()
        self.password, self.password_again = password_field(), password_field()
        self.form.add(N_("&Username:"), self.username)
        self.form.add(N_("&Full name:"), self.full_name)
        self.form.add(N_("&Role:"), self.role)
        self.form.add(N_("&Window:"), self.window)
        self.form.add(N_("&Password:"), self.password)
        self.form.add(N_("&Repeat password:"), self.password_again)

    def initializePage(self) -> None:  # Qt: the windows typed on the office page
        chosen = self.window.currentData()
        self.window.clear()
        self.window.addItem(_("(no window)"), None)
        for label in self._office_page.office().windows:
            self.window.addItem(label, label)
        index = self.window.findData(chosen)
        self.window.setCurrentIndex(
            index if index >= 0 and chosen is not None else min(1, self.window.count() - 1)
        )

    def retranslate(self) -> None:
        super().retranslate()
        for index in range(self.role.count()):
            self.role.setItemText(index, role_name(self.role.itemData(index)))
        if self.window.count():
            self.window.setItemText(0, _("(no window)"))

    def values(self) -> tuple[str, str, Role, str | None, str]:
        return (
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.role.currentData(),
            self.window.currentData(),
            self.password.text(),
        )

    def problem(self) -> str | None:
        return user_problem(*self.values(), self.password_again.text())

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
