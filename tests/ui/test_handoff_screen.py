"""The manager's Handoff screen, offscreen against a real SQLite file with packages accepted through intake:
the queue per provider with due-today and overdue marked, building manifests, the courier pickup checked
against the scans, the delivery, printing, and following changes made by other windows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.office_time import office_zone
from counter_app.core.domain.packages import ManifestStatus
from counter_app.core.domain.packages import PackageStatus as S
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases import custody, package_reads
from counter_app.core.usecases import manifests as manifests_uc
from counter_app.core.usecases.intake import accept
from counter_app.ui.handoff import HandoffScreen
from counter_app.ui.kit.table import DUE_TODAY_BACKGROUND, NUMBER_ROLE, OVERDUE_COLOUR
from tests.support.intake_helpers import complete_draft

from .conftest import demo_account, wait_done

FRIDAY = dt.date(2026, 11, 20)  # due Monday
MONDAY = dt.date(2026, 11, 23)  # due Tuesday
TUESDAY = dt.date(2026, 11, 24)  # due Wednesday
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def manager(demo_ctx):
    return demo_account(demo_ctx, Role.MANAGER)


@pytest.fixture
def accept_on(demo_ctx):
    operator = demo_account(demo_ctx, Role.OPERATOR)

    def _accept(day: dt.date) -> str:
        draft = complete_draft(demo_ctx.catalog, "guardian-benefit")
        return accept(demo_ctx.db, operator, draft, day, catalog=demo_ctx.catalog)

    return _accept


@pytest.fixture
def packages(accept_on):
    """One package overdue on Tuesday, two due that day, one due on Wednesday (all for the same provider)."""
    return {
        "overdue": [accept_on(FRIDAY)],
        "today": [accept_on(MONDAY), accept_on(MONDAY)],
        "later": [accept_on(TUESDAY)],
    }


@pytest.fixture
def screen(qtbot, loop, demo_ctx, manager, packages):
    widget = HandoffScreen(demo_ctx, manager, clock=SettableClock.on(TUESDAY), poll_ms=100)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded_once, timeout=10_000)
    return widget


def cells(model, row: int) -> list[str]:
    return [model.data(model.index(row, column), DISPLAY) for column in range(model.columnCount())]


def row_of(model, number: str) -> int:
    return next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), NUMBER_ROLE) == number)


def counts(screen) -> tuple[int, ...]:
    """The first provider's awaiting, on manifests, with the courier, due today, overdue."""
    q = screen.queue_tab.providers_model.rows[0]
    return q.awaiting, q.on_open_manifest, q.with_courier, q.due_today, q.overdue


def status(db, number: str) -> S:
    return package_reads.package_line(db, number, TUESDAY).status


def message_text(screen_or_dialog) -> str:
    box = screen_or_dialog.message
    return f"{box.text()} {box.informativeText()}"


def test_the_queue_counts_per_provider_and_marks_due_today_and_overdue(screen, packages, qtmodeltester):
    providers = screen.queue_tab.providers_model
    top = providers.rows[0]  # the provider with overdue packages comes first
    assert cells(providers, 0) == [
        (
            f"{top.provider.name.ru}\nawaiting 4 · on manifests 0 · with the courier 0 · "
            "due today 2 · OVERDUE 1"
        )
    ]
    assert providers.data(providers.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert providers.data(providers.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert all(
        cells(providers, r)[0].endswith("awaiting 0 · on manifests 0 · with the courier 0")
        for r in range(1, providers.rowCount())
    )

    model = screen.queue_tab.packages_model
    assert model.rowCount() == 4
    overdue = row_of(model, packages["overdue"][0])
    assert "OVERDUE" in cells(model, overdue)[2]  # said in words, not only in colour
    assert model.data(model.index(overdue, 2), Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    today = row_of(model, packages["today"][0])
    assert cells(model, today)[1] == "24.11.2026, today"
    assert "OVERDUE" not in cells(model, today)[2]
    assert model.data(model.index(today, 0), Qt.ItemDataRole.BackgroundRole).color() == DUE_TODAY_BACKGROUND
    later = cells(model, row_of(model, packages["later"][0]))
    assert later[1:3] == ["25.11.2026", "awaiting handoff"] and later[7] == ""
    assert later[4] == screen.ctx.catalog.service("guardian-benefit").short_names.get("en")
    assert "4 not yet delivered — 1 overdue, 2 due today" in screen.queue_tab.packages_caption.text()
    for checked in (providers, model, screen.manifests_tab.manifests_model):
        qtmodeltester.check(checked, force_py=True)


def test_building_a_manifest_moves_the_due_packages_and_the_selection_builds_another(
    qtbot, screen, demo_ctx, packages
):
    db = demo_ctx.db
    wait_done(qtbot, screen.queue_tab.build_manifest())
    first = "1-20261124-M01"
    assert screen.tabs.currentWidget() is screen.manifests_tab
    assert first in screen.notice.text()
    assert cells(screen.manifests_tab.manifests_model, 0)[:6] == [
        first,
        "handoff",
        screen.queue_tab.providers_model.rows[0].provider.name.ru,
        "24.11.2026",
        "open",
        "3",
    ]
    due = packages["overdue"] + packages["today"]
    assert [line.receipt_number for line in screen.manifests_tab.manifest_lines_model.rows] == due
    assert [status(db, n) for n in due] == [S.ON_MANIFEST] * 3
    assert counts(screen) == (1, 3, 0, 2, 1)
    queue = screen.queue_tab.packages_model
    assert cells(queue, row_of(queue, due[0]))[7] == first
    assert "OVERDUE" in cells(queue, row_of(queue, due[0]))[2]  # on a manifest and still overdue

    # The next package, selected by hand, on a manifest of its own.
    screen.tabs.setCurrentWidget(screen.queue_tab)
    later = packages["later"][0]
    screen.queue_tab.packages_view.selectRow(row_of(queue, later))
    wait_done(qtbot, screen.queue_tab.build_manifest(selection=True))
    assert status(db, later) == S.ON_MANIFEST
    assert [m.number for m in manifests_uc.open_manifests(db)] == [first, "1-20261124-M02"]
    assert screen.manifests_tab.manifest_number == "1-20261124-M02"

    # Nothing left: the core's refusal is shown in a message box.
    screen.queue_tab.packages_view.selectRow(row_of(queue, later))
    wait_done(qtbot, screen.queue_tab.build_manifest(selection=True))
    assert "cannot go on this manifest" in message_text(screen) and later in message_text(screen)
    screen.message.close()


def test_pickup_lists_missing_and_extra_refuses_then_records_after_removal(qtbot, screen, demo_ctx, packages):
    db = demo_ctx.db
    wait_done(qtbot, screen.queue_tab.build_manifest())
    number = screen.manifests_tab.manifest_number
    first, second = packages["today"]
    stray = packages["later"][0]
    dialog = screen.manifests_tab.pickup()
    qtbot.waitUntil(lambda: dialog.found is not None)
    assert not dialog.record_button.isEnabled()
    assert not dialog.remove_missing_button.isEnabled()  # nothing scanned yet: nothing is taken off

    dialog.courier.setText("Жанұзақов Д.")
    for scanned in (packages["overdue"][0], first, stray):  # a scanner types the number and Enter
        qtbot.keyClicks(dialog.scan, scanned)
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter in the scan field never closes the dialog
    qtbot.waitUntil(lambda: dialog.found is not None and dialog.found.extra == [stray])
    assert dialog.found.missing == [second]
    listed = [[w.item(i).text() for i in range(w.count())] for w in (dialog.missing_list, dialog.extra_list)]
    assert listed == [[second], [stray]]
    assert "Not scanned: 1" in dialog.missing_label.text()
    assert "Not on this manifest: 1" in dialog.extra_label.text()
    assert not dialog.record_button.isEnabled()
    dialog.accept()  # Enter on the dialog: refused while the packages do not match
    assert dialog.task is None and dialog.isVisible()

    dialog.scanned_list.setCurrentRow(2)  # the stray scan is removed (Delete)
    dialog.remove_scan()
    qtbot.waitUntil(lambda: dialog.found is not None and not dialog.found.extra)
    assert dialog.found.missing == [second]
    assert dialog.remove_missing_button.isEnabled()
    wait_done(qtbot, dialog.remove_missing())
    qtbot.waitUntil(lambda: dialog.found is not None and not dialog.found)
    assert status(db, second) == S.AWAITING_HANDOFF
    assert dialog.record_button.isEnabled()

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dialog.task)
    qtbot.waitUntil(
        lambda: (
            screen.dialog is None
            and screen.manifests_tab.current_manifest().status is ManifestStatus.WITH_COURIER
        )
    )
    manifest = manifests_uc.load_manifest(db, number)
    assert (manifest.status, manifest.courier_name) == (ManifestStatus.WITH_COURIER, "Жанұзақов Д.")
    assert [status(db, n) for n in (packages["overdue"][0], first, second)] == [
        S.WITH_COURIER,
        S.WITH_COURIER,
        S.AWAITING_HANDOFF,
    ]
    assert "picked up" in screen.notice.text()


def test_a_refused_pickup_keeps_what_was_typed(qtbot, screen, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    dialog = screen.manifests_tab.pickup()
    for scanned in packages["overdue"] + packages["today"]:
        dialog.add_scan(scanned)
    qtbot.waitUntil(lambda: dialog.found is not None and not dialog.found)
    dialog.time.setFocus()
    dialog.accept()  # no courier's name: the core refuses
    wait_done(qtbot, dialog.task)
    assert dialog.isVisible() and dialog.message is not None
    assert "courier's name" in dialog.message.text()
    assert dialog.scans() == packages["overdue"] + packages["today"]
    dialog.message.close()
    dialog.reject()


def test_delivery_is_recorded_with_the_clerk_and_the_date(qtbot, screen, demo_ctx, manager, packages):
    db = demo_ctx.db
    wait_done(qtbot, screen.queue_tab.build_manifest())
    number = screen.manifests_tab.manifest_number
    on_it = packages["overdue"] + packages["today"]
    custody.record_pickup(db, manager, number, "Курьер", dt.datetime(2026, 11, 24, 5, tzinfo=dt.UTC), on_it)
    wait_done(qtbot, screen.reload())
    assert cells(screen.manifests_tab.manifests_model, 0)[4] == "with the courier"
    assert screen.manifests_tab.delivery_button.isEnabled()
    assert screen.manifests_tab.pickup_button.text().startswith(
        "Correct the pickup"
    )  # F6 now corrects a wrong pickup
    dialog = screen.manifests_tab.delivery()
    assert dialog.date.date().toPython() == TUESDAY
    dialog.accept()  # the clerk's name is missing
    wait_done(qtbot, dialog.task)
    assert dialog.isVisible() and "clerk" in dialog.message.text()
    dialog.message.close()
    dialog.clerk.setText("Иванова А.")
    dialog.accept()
    wait_done(qtbot, dialog.task)
    qtbot.waitUntil(lambda: screen.dialog is None and screen.manifests_tab.manifests_model.rowCount() == 0)
    manifest = manifests_uc.load_manifest(db, number)
    assert (manifest.status, manifest.clerk_name, manifest.delivered_on) == (
        ManifestStatus.DELIVERED,
        "Иванова А.",
        TUESDAY,
    )
    assert [status(db, n) for n in on_it] == [S.DELIVERED] * 3
    qtbot.waitUntil(lambda: counts(screen) == (1, 0, 0, 0, 0))  # the overdue one was delivered


def test_cancel_asks_first_and_puts_the_packages_back(qtbot, screen, demo_ctx, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    task = screen.manifests_tab.cancel_manifest()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, QMessageBox))
    screen.dialog.button(QMessageBox.StandardButton.Yes).click()
    wait_done(qtbot, task)
    assert screen.manifests_tab.manifests_model.rowCount() == 0
    assert counts(screen)[:2] == (4, 0)
    assert status(demo_ctx.db, packages["overdue"][0]) == S.AWAITING_HANDOFF


def test_print_previews_the_manifest_in_the_chosen_language(qtbot, screen, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    task = screen.manifests_tab.print_manifest()
    qtbot.waitUntil(lambda: screen.dialog is not None)
    language = screen.dialog.language
    language.setCurrentIndex(language.findData("ru"))
    screen.dialog.accept()
    wait_done(qtbot, task)
    assert screen.manifests_tab.preview is not None and screen.manifests_tab.preview.isVisible()
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(screen.manifests_tab.last_pdf)).pages
    )
    assert "1-20261124-M01" in text and "Экземпляр 1" in text  # Russian, as chosen
    assert all(number in text for number in packages["overdue"] + packages["today"])
    assert packages["later"][0] not in text
    screen.manifests_tab.preview.close()


def test_a_sign_in_elsewhere_does_not_reload_the_screen_a_package_does(qtbot, screen, demo_ctx, accept_on):
    """The screen follows its topics (packages, manifests), not every journal entry."""
    from counter_app.ui.kit.operations import start

    watcher = screen.watcher
    qtbot.waitUntil(lambda: watcher._stamp is not None)
    demo_account(demo_ctx, Role.OPERATOR)  # another window signs in: journaled
    with qtbot.assertNotEmitted(watcher.changed):
        wait_done(qtbot, start(watcher._check()))
    accept_on(MONDAY)
    with qtbot.waitSignal(watcher.changed, timeout=10_000):
        wait_done(qtbot, start(watcher._check()))


def test_the_screen_follows_other_windows_and_the_language(qtbot, screen, accept_on, packages):
    qtbot.waitUntil(lambda: screen.watcher._stamp is not None)  # the screen knows where the data stood
    chosen = packages["later"][0]
    screen.queue_tab.packages_view.selectRow(row_of(screen.queue_tab.packages_model, chosen))
    accept_on(MONDAY)  # another window accepts a package due today
    qtbot.waitUntil(lambda: counts(screen)[0] == 5, timeout=10_000)
    assert screen.queue_tab.packages_model.rowCount() == 5
    assert screen.selected_numbers(screen.queue_tab.packages_view) == [
        chosen
    ]  # the manager's selection survives
    i18n.set_language("kk")
    assert cells(screen.queue_tab.providers_model, 0)[0].startswith(
        screen.queue_tab.providers_model.rows[0].provider.name.kk
    )
    assert screen.queue_tab.packages_model.headerData(0, Qt.Orientation.Horizontal) == i18n._(
        "Receipt number"
    )


def test_a_long_queue_shows_its_first_rows_then_all(qtbot, loop, demo_ctx, manager, packages, monkeypatch):
    from counter_app.ui.handoff import screen as screen_module

    monkeypatch.setattr(screen_module, "FIRST_ROWS", 2)
    widget = HandoffScreen(demo_ctx, manager, clock=SettableClock.on(TUESDAY))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.packages_complete, timeout=10_000)
    model = widget.queue_tab.packages_model
    assert [model.rows[r].receipt_number for r in range(model.rowCount())] == (
        packages["overdue"] + packages["today"] + packages["later"]
    )  # the earliest due first


def test_the_manager_opens_it_from_the_main_window(qtbot, loop, demo_ctx, manager):
    from counter_app.core.domain.permissions import Screen
    from counter_app.ui.main_window import MainWindow

    window = MainWindow(demo_ctx, manager, clock=SettableClock.on(TUESDAY))
    qtbot.addWidget(window)
    window.show()
    opened = window.open_screen(Screen.HANDOFF)
    assert isinstance(opened, HandoffScreen)
    qtbot.waitUntil(lambda: opened.loaded_once, timeout=10_000)
    assert opened.queue_tab.providers_model.rowCount() == 4


def test_the_pickup_time_field_passes_tab_and_hands_a_scan_on(qtbot, screen, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    dialog = screen.manifests_tab.pickup()
    qtbot.waitUntil(lambda: dialog.found is not None)
    typed_time = dialog.time.text()
    assert typed_time.startswith("24.11.2026 ")  # the screen's day, the time of the clock
    dialog.time.setFocus()
    assert (
        dialog.time.focusNextPrevChild(True) is True
    )  # Tab leaves the field (no date/time sections to walk)
    first = packages["today"][0]
    dialog.time.setFocus()
    dialog.time.end(False)
    qtbot.keyClicks(dialog.time, first)  # the scanner fires while the time field has the focus
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert dialog.time.text() == typed_time  # the time is as it was
    assert dialog.scans() == [first]  # and the scan went to the list
    assert dialog.isVisible()
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, packages["today"][1])  # replacing the whole text
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    assert dialog.scans() == packages["today"] and dialog.time.text() == typed_time
    dialog.reject()


def test_a_pickup_time_in_the_future_is_refused_with_everything_kept(qtbot, screen, demo_ctx, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    dialog = screen.manifests_tab.pickup()
    for scanned in packages["overdue"] + packages["today"]:
        dialog.add_scan(scanned)
    qtbot.waitUntil(lambda: dialog.found is not None and not dialog.found)
    dialog.courier.setText("Жанұзақов Д.")
    future = dt.datetime.now(office_zone()) + dt.timedelta(hours=3)  # typed on the office's clock
    dialog.time.setText(future.strftime("%d.%m.%Y %H:%M"))
    dialog.accept()
    wait_done(qtbot, dialog.task)
    assert dialog.isVisible() and "in the future" in dialog.message.text()
    dialog.message.close()
    dialog.time.setText("31.02.2026 10:00")  # not a time at all: said before anything is sent
    dialog.task = None
    dialog.accept()
    assert dialog.task is None and "Type the time as dd.mm.yyyy hh:mm" in dialog.message.text()
    assert dialog.scans() == packages["overdue"] + packages["today"]
    assert status(demo_ctx.db, packages["today"][0]) == S.ON_MANIFEST
    dialog.message.close()
    dialog.reject()


def test_a_wrong_pickup_is_corrected_or_undone_from_f6(qtbot, screen, demo_ctx, manager, packages):
    db = demo_ctx.db
    wait_done(qtbot, screen.queue_tab.build_manifest())
    number = screen.manifests_tab.manifest_number
    on_it = packages["overdue"] + packages["today"]
    custody.record_pickup(
        db, manager, number, "Курьер Ж.", dt.datetime(2026, 11, 24, 5, tzinfo=dt.UTC), on_it
    )
    wait_done(qtbot, screen.reload())
    # the manifest's details (its courier) are read in the background too
    qtbot.waitUntil(
        lambda: (
            screen.snapshot is not None
            and screen.snapshot.manifest is not None
            and screen.snapshot.manifest.courier_name == "Курьер Ж."
        )
    )
    assert (
        screen.manifests_tab.pickup_button.isEnabled()
    )  # F6 is offered on a manifest with the courier: to correct it
    dialog = screen.manifests_tab.pickup()
    assert dialog.courier.text() == "Курьер Ж."
    dialog.courier.setText("Жанұзақов Д.")
    dialog.accept()  # no reason given: the core refuses, nothing changes
    wait_done(qtbot, dialog.task)
    assert dialog.isVisible() and "reason" in dialog.message.text()
    dialog.message.close()
    dialog.reason.setText("misspelt name")
    dialog.accept()
    wait_done(qtbot, dialog.task)
    qtbot.waitUntil(lambda: screen.dialog is None)
    assert manifests_uc.load_manifest(db, number).courier_name == "Жанұзақов Д."
    assert "corrected" in screen.notice.text()

    wait_done(qtbot, screen.reload())
    dialog = screen.manifests_tab.pickup()
    dialog.reason.setText("the courier did not come")
    wait_done(qtbot, dialog.undo())
    qtbot.waitUntil(lambda: screen.dialog is None)
    manifest = manifests_uc.load_manifest(db, number)
    assert (manifest.status, manifest.courier_name) == (ManifestStatus.OPEN, "")
    assert [status(db, n) for n in on_it] == [S.ON_MANIFEST] * 3
    assert "undone" in screen.notice.text()
    assert package_reads.package_history(db, on_it[0])[-1].detail["correction"] == "the courier did not come"


def test_f6_on_a_manifest_with_the_courier_waits_for_its_details(qtbot, screen, demo_ctx, manager, packages):
    """Choosing another manifest reads its details in the background: until they are shown, F6 (correct the
    pickup) is not offered, so the correction never opens with the courier left empty."""
    db = demo_ctx.db
    tab = screen.manifests_tab
    wait_done(qtbot, screen.queue_tab.build_manifest())
    carried = tab.manifest_number
    custody.record_pickup(
        db,
        manager,
        carried,
        "Курьер Ж.",
        dt.datetime(2026, 11, 24, 5, tzinfo=dt.UTC),
        packages["overdue"] + packages["today"],
    )
    provider_id = screen.queue_tab.providers_model.rows[0].provider.id
    still_open = manifests_uc.build_manifest(db, manager, provider_id, TUESDAY, packages["later"])
    tab.manifest_number = still_open
    wait_done(qtbot, screen.reload())
    assert tab.manifest.number == still_open

    screen.tabs.setCurrentWidget(tab)
    screen.select_row(tab.manifests_view, tab.manifests_model.find(carried))  # its details are being read
    assert tab.manifest_number == carried and tab.manifest.number == still_open
    assert not tab.pickup_button.isEnabled()
    assert tab.pickup() is None and screen.dialog is None

    wait_done(qtbot, screen.refresh_task)
    assert tab.manifest.number == carried and tab.pickup_button.isEnabled()
    dialog = tab.pickup()
    assert dialog.courier.text() == "Курьер Ж."
    dialog.reject()


def test_ctrl_b_on_a_day_with_nothing_due_says_when_and_offers_the_selection(
    qtbot, screen, demo_ctx, packages
):
    wait_done(qtbot, screen.queue_tab.build_manifest())  # the three due by Tuesday
    screen.tabs.setCurrentWidget(screen.queue_tab)
    wait_done(qtbot, screen.queue_tab.build_manifest())  # only Wednesday's package is left
    box = screen.message
    assert box is not None and "25.11.2026" in box.text() and "selection" in box.text()
    (select,) = [b for b in box.buttons() if "Select them" in b.text()]
    select.click()
    qtbot.waitUntil(lambda: screen.selected_numbers(screen.queue_tab.packages_view) == packages["later"])
    assert "Ctrl+Shift+B" in screen.notice.text()
    wait_done(qtbot, screen.queue_tab.build_manifest(selection=True))
    assert status(demo_ctx.db, packages["later"][0]) == S.ON_MANIFEST


def test_the_status_line_is_said_again_in_the_new_language(qtbot, screen, packages):
    wait_done(qtbot, screen.queue_tab.build_manifest())
    number = screen.manifests_tab.manifest_number
    assert screen.notice.text().startswith(f"Manifest {number} was built.")
    i18n.set_language("ru")
    assert screen.notice.text().startswith(f"Реестр {number}")  # not left in English, not cleared
    i18n.set_language("kk")
    assert number in screen.notice.text() and "Manifest" not in screen.notice.text()
    i18n.set_language("en")


def test_an_empty_queue_shows_its_column_headers_whole(qtbot, loop, demo_ctx, manager):
    """A provider with nothing waiting: the packages table's columns are as wide as their headers (at a
    counter's 1366 x 768 they were cut to 100 pixels each, «слугополучател», «кументы приня»)."""
    widget = HandoffScreen(demo_ctx, manager, clock=SettableClock.on(TUESDAY), poll_ms=100)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded_once, timeout=10_000)
    view = widget.queue_tab.packages_view
    header = view.horizontalHeader()
    assert view.model().rowCount() == 0
    for column in range(view.model().columnCount() - 1):  # the last one stretches
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), column


def test_delete_takes_off_the_scan_the_keyboard_is_on_in_the_pickup_list(qtbot, screen, packages):
    """Tab from the scan field into the list outlines its first row without selecting it: Delete removes it."""
    wait_done(qtbot, screen.queue_tab.build_manifest())
    dialog = screen.manifests_tab.pickup()
    qtbot.waitUntil(lambda: dialog.found is not None)
    for scanned in (
        "1-20261124-9999",
        packages["today"][0],
    ):  # a package of another manifest, then a good one
        dialog.scan.setFocus()
        qtbot.keyClicks(dialog.scan, scanned)
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    dialog.activateWindow()
    dialog.scanned_list.setFocus(Qt.FocusReason.TabFocusReason)
    dialog.scanned_list.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)
    assert dialog.scanned_list.selectedItems() == []
    qtbot.waitUntil(lambda: dialog.scanned_list.hasFocus())
    qtbot.keyClick(dialog.scanned_list, Qt.Key.Key_Delete)
    assert dialog.scans() == [packages["today"][0]]
    dialog.reject()


def test_ctrl_tab_turns_the_tabs_from_any_field_and_the_keyboard_follows(qtbot, screen):
    from PySide6.QtWidgets import QApplication

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    screen.activateWindow()
    screen.queue_tab.packages_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.queue_tab.packages_view)
    assert screen.tabs.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClick(screen.queue_tab.packages_view, Qt.Key.Key_Tab, ctrl)
    assert screen.tabs.currentWidget() is screen.manifests_tab
    assert screen.manifests_tab.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, ctrl)
    assert screen.tabs.currentWidget() is screen.unclaimed_tab
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, ctrl | shift)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, ctrl)
    assert screen.tabs.currentWidget() is screen.queue_tab
    assert screen.queue_tab.isAncestorOf(QApplication.focusWidget())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_header_of_the_screen_is_whole_at_a_counters_screen(
    qtbot, loop, demo_ctx, manager, packages, lang
):
    """At 1366 x 768 the screen gets about 1040 x 690 beside the navigation: no column header of any tab is cut
    (the provider list's «Көрсетілетін қызметті беруші: күтуде, тізілімд…», the unclaimed results' «…летін
    қызметті…» were)."""
    from PySide6.QtWidgets import QTableView

    i18n.set_language(lang)
    widget = HandoffScreen(demo_ctx, manager, clock=SettableClock.on(TUESDAY), poll_ms=100)
    qtbot.addWidget(widget)
    widget.resize(1040, 690)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded_once, timeout=10_000)
    checked = 0
    for tab in widget.tab_pages():
        widget.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(tab.isVisible)
        for view in tab.findChildren(QTableView):
            header = view.horizontalHeader()
            for column in range(view.model().columnCount()):
                if header.isSectionHidden(column):
                    continue
                text = view.model().headerData(column, Qt.Orientation.Horizontal)
                assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), text
                checked += 1
    assert checked == 1 + 8 + 6 + 7 + 7  # providers, packages, manifests, a manifest's lines, unclaimed


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_manifests_status_is_whole_after_the_courier_took_it(
    qtbot, loop, demo_ctx, manager, packages, lang
):
    """The manifests' widths were set while the manifest was open («ашық»); after the pickup its status
    «курьерде» was shown as «курьер…» at 1366 x 768: a changed cell widens its column again."""
    i18n.set_language(lang)
    widget = HandoffScreen(demo_ctx, manager, clock=SettableClock.on(TUESDAY), poll_ms=100)
    qtbot.addWidget(widget)
    widget.resize(1040, 690)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded_once, timeout=10_000)
    wait_done(qtbot, widget.queue_tab.build_manifest())
    tab = widget.manifests_tab
    widget.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.manifests_view.isVisible)
    number = tab.manifest_number
    on_it = packages["overdue"] + packages["today"]
    custody.record_pickup(
        demo_ctx.db, manager, number, "Курьер", dt.datetime(2026, 11, 24, 5, tzinfo=dt.UTC), on_it
    )
    wait_done(qtbot, widget.reload())
    model = tab.manifests_model
    status = model.index(row_of(model, number), 4)
    qtbot.waitUntil(lambda: status.data() == {"kk": "курьерде", "ru": "у курьера"}[lang])
    qtbot.waitUntil(lambda: tab.manifest_lines_model.rowCount() == len(on_it))
    for view in (tab.manifests_view, tab.manifest_lines_view):
        header, model = view.horizontalHeader(), view.model()
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            for row in range(model.rowCount()):
                index = model.index(row, column)
                assert header.sectionSize(column) >= view.sizeHintForIndex(index).width(), index.data()


def test_a_pickup_time_in_the_future_brings_the_keyboard_back_to_the_time(qtbot, screen, packages):
    """The refusal is about the time: after its message the keyboard is in the time field, not in the courier's
    name (where Qt put it when the busy record button gave it up)."""
    from PySide6.QtWidgets import QApplication

    wait_done(qtbot, screen.queue_tab.build_manifest())
    dialog = screen.manifests_tab.pickup()
    for scanned in packages["overdue"] + packages["today"]:
        dialog.add_scan(scanned)
    qtbot.waitUntil(lambda: dialog.found is not None and not dialog.found)
    dialog.courier.setText("Жанұзақов Д.")
    future = dt.datetime.now(office_zone()) + dt.timedelta(hours=3)  # typed on the office's clock
    dialog.time.setText(future.strftime("%d.%m.%Y %H:%M"))
    dialog.activateWindow()
    dialog.record_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.record_button)
    dialog.record_button.click()  # as Enter on it does
    wait_done(qtbot, dialog.task)
    assert dialog.isVisible() and "in the future" in dialog.message.text()
    dialog.message.accept()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.time)
    dialog.reject()
