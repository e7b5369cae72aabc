"""The Results screen, offscreen with the keyboard, on a real SQLite file: packages accepted at the window and
taken to "delivered" by the handoff core, then the result registered and issued, a package returned by the
provider, refused steps, unclaimed results, and the history of every step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.core.domain import handoff_errors, i18n
from counter_app.core.domain import packages as packages_uc
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.packages import PackageStatus as S
from counter_app.core.domain.results_desk import DeskStep
from counter_app.core.usecases import custody, manifests, package_reads
from counter_app.core.usecases import results as results_uc
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.intake import accept
from counter_app.ui.screens.results_forms import (
    InformedDialog,
    IssueResultDialog,
    RegisterResultDialog,
    ReturnedDialog,
)
from counter_app.ui.screens.results_screen import ResultsScreen
from tests.support.databases import desk_account
from tests.support.intake_helpers import complete_draft

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = dt.date(2026, 11, 25)
NOON = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """The screen's clock; a test moves it."""
    return SettableClock.on(WEDNESDAY)


@pytest.fixture
def operator(demo_ctx):
    return Accounts(demo_ctx.db).find("operator")


@pytest.fixture
def manager(demo_ctx):
    return Accounts(demo_ctx.db).find("manager")


@pytest.fixture
def accept_on(demo_ctx, operator):
    def _accept(day: dt.date = MONDAY) -> str:
        draft = complete_draft(demo_ctx.catalog, "guardian-benefit")
        return accept(demo_ctx.db, operator, draft, day, catalog=demo_ctx.catalog)

    return _accept


@pytest.fixture
def deliver(demo_ctx, manager):
    """Take packages through a manifest, the courier's pickup and the provider's signature."""

    def _deliver(*numbers: str) -> str:
        db = demo_ctx.db
        provider = load_application(db, numbers[0], desk_account(db)).package.provider_id
        manifest = manifests.build_manifest(db, manager, provider, TUESDAY, list(numbers))
        custody.record_pickup(db, manager, manifest, "Курьер Д.", NOON, list(numbers))
        custody.record_delivery(db, manager, manifest, TUESDAY, "Иванова А.", today=TUESDAY)
        return manifest

    return _deliver


@pytest.fixture
def screen(qtbot, loop, demo_ctx, operator, clock):
    widget = ResultsScreen(demo_ctx, operator, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1300, 860)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: focus() is widget.scan, timeout=10_000)
    return widget


def focus():
    return QApplication.focusWidget()


def type_text(text: str) -> None:
    """One key event per character to the focused widget (QTest cannot type Kazakh letters)."""
    assert focus() is not None
    for char in text:
        key = ord(char.upper()) if char.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focus(), QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(lambda: focus() is field, timeout=10_000)
    type_text(text)


def scan(qtbot, screen: ResultsScreen, number: str, status: S) -> None:
    screen.focus_scan()
    type_text(number)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            screen.line is not None and screen.line.receipt_number == number and screen.line.status is status
        ),
        timeout=10_000,
    )


def enabled(screen: ResultsScreen) -> set[DeskStep]:
    return {action for action, button in screen.action_buttons.items() if button.isEnabled()}


def open_form(qtbot, screen: ResultsScreen, key: Qt.Key, kind: type):
    qtbot.keyClick(focus(), key)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, kind) and screen.dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: focus() is not None and screen.dialog.isAncestorOf(focus()), timeout=10_000)
    return screen.dialog


def confirm_and_wait_closed(qtbot, screen: ResultsScreen) -> None:
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: focus() is screen.scan, timeout=10_000)  # back in the scan field


def refused(qtbot, dialog) -> str:
    """Enter on the form; the refusal is shown in a message box over the form, which stays open."""
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message is not None and dialog.message.isVisible(), timeout=10_000)
    box = dialog.message
    text = box.text()  # the core's own words, in the UI language
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: focus() is not None and box.isAncestorOf(focus()), timeout=10_000)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: focus() is not None and dialog.isAncestorOf(focus()), timeout=10_000)
    return text


def history_column(screen: ResultsScreen, column: int) -> list[str]:
    model = screen.history_model
    return [model.text(row, column) for row in range(model.rowCount())]


def test_register_then_issue_to_a_representative_on_a_notarised_power_of_attorney(
    qtbot, screen, demo_ctx, accept_on, deliver, operator, manager
):
    number = accept_on()
    manifest = deliver(number)
    scan(qtbot, screen, number, S.DELIVERED)
    assert enabled(screen) == {DeskStep.REGISTER, DeskStep.RETURNED}
    assert "delivered to the provider" in screen.status_label.text()

    dialog = open_form(qtbot, screen, Qt.Key.Key_F5, RegisterResultDialog)
    assert focus() is dialog.kind and dialog.received_on.text() == "25.11.2026"
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is dialog.reference
    type_text("№ 412 от 25.11.2026")
    confirm_and_wait_closed(qtbot, screen)
    qtbot.waitUntil(lambda: screen.line.status is S.RESULT_RECEIVED, timeout=10_000)
    assert enabled(screen) == {DeskStep.ISSUE}
    assert (
        "№ 412 от 25.11.2026" in screen.package_label.text() and "25.12.2026" in screen.package_label.text()
    )

    dialog = open_form(qtbot, screen, Qt.Key.Key_F6, IssueResultDialog)
    assert not dialog.power_box.isEnabled()  # only a representative needs the power of attorney
    assert "Notarised power of attorney" in dialog.power_box.title()
    qtbot.keyClick(focus(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # "To a re&presentative"
    qtbot.waitUntil(dialog.representative.isChecked)
    assert dialog.power_box.isEnabled() and dialog.full_name.text() == ""
    type_into(qtbot, dialog.full_name, "Ахметов Бауыржан")
    type_into(qtbot, dialog.id_document, "ID 011223344")
    message = refused(qtbot, dialog)
    assert message == "A representative needs a notarised power of attorney: enter its number."
    assert (dialog.full_name.text(), dialog.id_document.text()) == ("Ахметов Бауыржан", "ID 011223344")
    assert package_reads.package_line(demo_ctx.db, number, WEDNESDAY).status is S.RESULT_RECEIVED

    type_into(qtbot, dialog.power_number, "2-1187")
    type_into(qtbot, dialog.power_date, "20.11.2026")
    type_into(qtbot, dialog.notary, "нотариус Сейтқали Г.")
    confirm_and_wait_closed(qtbot, screen)
    qtbot.waitUntil(lambda: screen.line.status is S.ISSUED, timeout=10_000)
    assert enabled(screen) == set()
    assert "The result for " + number + " is issued." == screen.message.text()

    assert history_column(screen, 1) == [
        "accepted: awaiting handoff",
        "on a manifest",
        "with the courier",
        "delivered to the provider",
        "result received",
        "result issued",
    ]
    clerk, boss = operator.full_name, manager.full_name  # people by their names, not their logins
    assert history_column(screen, 2) == [clerk, boss, boss, boss, clerk, clerk]
    particulars = history_column(screen, 3)
    assert particulars[1] == f"manifest: {manifest}"
    assert "courier: Курьер Д." in particulars[2]
    assert "signed for by: Иванова А." in particulars[3] and "delivered on: 24.11.2026" in particulars[3]
    assert particulars[4] == "result: decision; number and date: № 412 от 25.11.2026; received on: 25.11.2026"
    assert particulars[5] == (
        "issued to: a representative; name: Ахметов Бауыржан; identity document: ID 011223344; "
        "notarised power of attorney No.: 2-1187; dated: 20.11.2026; notary: нотариус Сейтқали Г.; "
        "issued on: 25.11.2026"
    )
    times = history_column(screen, 0)
    expected = office_time(package_reads.package_history(demo_ctx.db, number)[-1].at).strftime(
        "%d.%m.%Y %H:%M"
    )
    assert times[-1] == expected  # the office's time


def test_a_returned_package_stands_out_until_the_citizen_is_informed(
    qtbot, screen, demo_ctx, accept_on, deliver
):
    number = accept_on()
    deliver(number)
    scan(qtbot, screen, number, S.DELIVERED)
    dialog = open_form(qtbot, screen, Qt.Key.Key_F7, ReturnedDialog)
    assert focus() is dialog.reason
    type_text("Нет подписи супруга")
    confirm_and_wait_closed(qtbot, screen)
    qtbot.waitUntil(lambda: screen.line.status is S.RETURNED_BY_PROVIDER, timeout=10_000)
    assert (
        "inform the citizen" in screen.mark_label.text() and "Нет подписи супруга" in screen.mark_label.text()
    )
    assert screen.mark_label.isVisible()
    assert enabled(screen) == {DeskStep.INFORMED}

    qtbot.waitUntil(lambda: screen.waiting_model.rowCount() == 1, timeout=10_000)
    todo = screen.waiting_model.index(0, 4)
    assert screen.waiting_model.text(0, 0) == number
    assert todo.data().startswith("INFORM THE CITIZEN") and todo.data(Qt.ItemDataRole.FontRole).bold()
    assert "(1)" in screen.waiting_label.text()

    dialog = open_form(qtbot, screen, Qt.Key.Key_F8, InformedDialog)
    assert "Нет подписи супруга" in dialog.intro.text()
    type_text("по телефону")
    confirm_and_wait_closed(qtbot, screen)
    qtbot.waitUntil(
        lambda: screen.line.status is S.CITIZEN_INFORMED and screen.waiting_model.rowCount() == 0,
        timeout=10_000,
    )
    assert screen.mark_label.text() == "" and enabled(screen) == set()
    assert history_column(screen, 3)[-2:] == [
        "provider's reason: Нет подписи супруга; returned on: 25.11.2026",
        "how the citizen was informed: по телефону; informed on: 25.11.2026",
    ]


def test_an_illegal_step_is_not_offered_and_the_core_refusal_is_shown_in_the_ui_language(
    qtbot, screen, demo_ctx, operator, accept_on, deliver
):
    number = accept_on()
    scan(qtbot, screen, number, S.AWAITING_HANDOFF)
    assert enabled(screen) == set()  # nothing came back from the provider: no result step
    qtbot.keyClick(focus(), Qt.Key.Key_F5)
    qtbot.keyClick(focus(), Qt.Key.Key_F6)
    assert screen.dialog is None

    deliver(number)
    scan(qtbot, screen, number, S.DELIVERED)
    # Another window registers the result while this one still shows the package as delivered.
    results_uc.register_result(
        demo_ctx.db, operator, number, packages_uc.ResultKind.ORDER, "№ 5", WEDNESDAY, today=WEDNESDAY
    )
    dialog = open_form(qtbot, screen, Qt.Key.Key_F7, ReturnedDialog)
    type_text("Ошибка")
    i18n.set_language("ru")
    message = refused(qtbot, dialog)
    assert message == str(handoff_errors.IllegalTransition(number, S.RESULT_RECEIVED, S.RETURNED_BY_PROVIDER))
    assert message.startswith(f"Пакет {number} в состоянии «результат получен»")
    assert dialog.reason.text() == "Ошибка"  # nothing typed is lost
    qtbot.waitUntil(lambda: screen.line.status is S.RESULT_RECEIVED, timeout=10_000)  # shown as it stands now
    assert enabled(screen) == {DeskStep.ISSUE}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.dialog is None and focus() is screen.scan, timeout=10_000)
    assert package_reads.package_line(demo_ctx.db, number, WEDNESDAY).status is S.RESULT_RECEIVED


def test_the_desk_lists_late_results_and_results_unclaimed_for_a_month(
    qtbot, screen, demo_ctx, operator, accept_on, deliver, clock, check_models
):
    late, unclaimed, to_issue = accept_on(), accept_on(), accept_on()
    deliver(late, unclaimed, to_issue)
    received = dt.date(2026, 12, 1)
    results_uc.register_result(
        demo_ctx.db, operator, unclaimed, packages_uc.ResultKind.DECISION, "№ 1", received, today=received
    )
    results_uc.register_result(
        demo_ctx.db,
        operator,
        to_issue,
        packages_uc.ResultKind.DECISION,
        "№ 2",
        dt.date(2026, 12, 20),
        today=dt.date(2026, 12, 20),
    )
    clock.set_day(dt.date(2027, 1, 5))
    screen.reload()
    qtbot.waitUntil(lambda: screen.unclaimed_model.rowCount() == 1, timeout=10_000)
    cells = [screen.unclaimed_model.text(0, c) for c in range(5)]
    assert cells[0] == unclaimed and cells[3:] == ["01.12.2026", "01.01.2027"]
    desk = {
        screen.waiting_model.text(r, 0): screen.waiting_model.text(r, 4)
        for r in range(screen.waiting_model.rowCount())
    }
    assert desk.keys() == {late, unclaimed, to_issue}
    assert desk[late].startswith("LATE") and desk[to_issue].startswith("Issue the result")
    check_models(screen.waiting_model, screen.unclaimed_model, screen.history_model, screen.match_model)

    screen.unclaimed_table.setFocus()
    screen.unclaimed_table.setCurrentIndex(screen.unclaimed_model.index(0, 0))
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # opens the package
    qtbot.waitUntil(
        lambda: screen.line is not None and screen.line.receipt_number == unclaimed, timeout=10_000
    )
    assert "Kept until" in screen.package_label.text() and "01.01.2027" in screen.package_label.text()
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)
    assert focus() is screen.scan


def test_the_screen_follows_other_windows(qtbot, screen, demo_ctx, operator, accept_on, deliver):
    number = accept_on()
    deliver(number)
    scan(qtbot, screen, number, S.DELIVERED)
    screen.watcher.poll()
    qtbot.waitUntil(lambda: screen.watcher._stamp is not None, timeout=10_000)
    results_uc.record_return_by_provider(
        demo_ctx.db, operator, number, "Не тот район", WEDNESDAY, today=WEDNESDAY
    )
    screen.watcher.poll()
    qtbot.waitUntil(
        lambda: screen.line.status is S.RETURNED_BY_PROVIDER and screen.waiting_model.rowCount() == 1,
        timeout=10_000,
    )


def test_search_by_name_lists_the_packages_and_the_language_switch_retranslates(qtbot, screen, accept_on):
    first, second = accept_on(), accept_on()
    screen.focus_scan()
    type_text("сәрсенбаева")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.match_table.isVisible() and focus() is screen.match_table, timeout=10_000)
    assert {screen.match_model.text(r, 0) for r in range(2)} == {first, second}
    assert screen.match_model.text(0, 3).startswith("••••")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.line is not None, timeout=10_000)

    i18n.set_language("ru")
    assert screen.title.text() == "Результаты"
    assert "ожидает передачи" in screen.status_label.text()
    assert "ожидает передачи" in screen.history_model.text(0, 1)


def test_a_search_with_no_match_clears_the_previous_result(qtbot, screen, accept_on, deliver):
    first, second = accept_on(), accept_on()
    deliver(first, second)
    scan(qtbot, screen, first, S.DELIVERED)
    assert screen.history_model.rowCount() > 0 and screen.package_label.text()
    screen.focus_scan()
    type_text("Жоқадам")  # nobody of that name
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Nothing found" in screen.message.text(), timeout=10_000)
    assert screen.line is None
    assert screen.history_model.rowCount() == 0 and screen.package_label.text() == ""
    assert screen.package_box.title() == "Package" and not enabled(screen)
    assert first not in screen.package_box.title() and screen.match_table.isHidden()
    # several matches, then none: the list of matches goes too
    screen.focus_scan()
    type_text("Сәрсенбаева")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.match_model.rowCount() == 2, timeout=10_000)
    screen.focus_scan()
    type_text("Жоқадам")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Nothing found" in screen.message.text(), timeout=10_000)
    assert screen.match_table.isHidden() and screen.match_model.rowCount() == 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_history_keeps_its_particulars_readable_beside_long_statuses(
    qtbot, screen, accept_on, deliver, lang
):
    """At 1366x768 the history has ~600 px: the long Kazakh statuses must not squeeze the particulars into a
    sliver that wraps word by word (one event per screen); status and particulars share the width."""
    i18n.set_language(lang)
    number = accept_on()
    deliver(number)
    screen.resize(1050, 700)  # the screen's share of a 1366-pixel window beside the navigation
    scan(qtbot, screen, number, S.DELIVERED)
    table = screen.history_table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert table.columnWidth(3) >= table.viewport().width() // 5
    shown = sum(table.rowHeight(row) for row in range(screen.history_model.rowCount()))
    assert shown <= table.viewport().height()  # the whole history of a delivered package fits


def test_ctrl_tab_turns_the_lists_from_the_scan_field(qtbot, screen):
    lists = screen.lists
    assert lists.currentIndex() == 0 and lists.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClick(screen.scan, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert lists.currentIndex() == 1
    assert lists.currentWidget().isAncestorOf(focus())
    qtbot.keyClick(focus(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert lists.currentIndex() == 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_particulars_of_a_package_are_whole_at_a_counters_screen(
    qtbot, screen, demo_ctx, operator, accept_on, deliver, clock, lang
):
    """At 1366 x 768 the screen gets about 1040 x 690 beside the navigation: the details of a package with its
    result (a late one: the marks take lines too) were cut at the panel's bottom («Нәтиже келіп түскен күні:»)."""
    i18n.set_language(lang)
    number = accept_on()
    deliver(number)
    received = dt.date(2026, 12, 30)
    results_uc.register_result(
        demo_ctx.db, operator, number, packages_uc.ResultKind.DECISION, "№ 7", received, today=received
    )
    clock.set_day(received)
    screen.resize(1040, 690)
    scan(qtbot, screen, number, S.RESULT_RECEIVED)
    label = screen.package_label
    qtbot.waitUntil(lambda: label.width() > 0 and "<table" in label.text())
    assert i18n._("Result received on") in label.text() and i18n._("Kept until") in label.text()
    assert label.height() >= label.heightForWidth(label.width())  # every line of the table in sight
    box = screen.package_box
    assert label.mapTo(box, label.rect().bottomLeft()).y() <= box.contentsRect().bottom()  # inside the panel
