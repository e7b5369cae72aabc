"""The courier handoff and the results desk, on SQLite and PostgreSQL: queue, manifests, custody, results."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from counter_app.core.domain import packages
from counter_app.core.domain.handoff_errors import (
    DateInFuture,
    DiscrepancyFound,
    IllegalTransition,
    ManifestNotInStep,
    MissingParticulars,
    NothingDueYet,
    NothingToHandOff,
    PackageUnavailable,
    TimeInFuture,
)
from counter_app.core.domain.i18n import set_language
from counter_app.core.domain.packages import (
    HandoffAction,
    ManifestKind,
    ManifestStatus,
    RecipientKind,
    ResultKind,
)
from counter_app.core.domain.packages import PackageStatus as S
from counter_app.core.domain.permissions import AccessDenied
from counter_app.core.usecases import changes, package_reads
from counter_app.core.usecases import custody as custody_uc
from counter_app.core.usecases import manifests as manifests_uc
from counter_app.core.usecases import results as results_uc
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.results import Recipient
from counter_app.storage.handoff_tables import ManifestPackageRow
from counter_app.storage.models import AuditEntryRow
from tests.support.databases import desk_account

FRIDAY = dt.date(2026, 11, 20)
SATURDAY = dt.date(2026, 11, 21)
MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = dt.date(2026, 11, 25)
NOON = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)


def provider_of(db, number: str) -> int:
    return load_application(db, number, desk_account(db)).package.provider_id


def statuses(db, numbers):
    return [package_reads.package_line(db, n, WEDNESDAY).status for n in numbers]


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        (FRIDAY, MONDAY),  # the weekend is not a provider working day
        (SATURDAY, MONDAY),  # the centre works on Saturday, the provider does not
        (MONDAY, TUESDAY),
        (dt.date(2026, 12, 15), dt.date(2026, 12, 17)),  # Independence Day, 16 December
        (dt.date(2026, 3, 20), dt.date(2026, 3, 26)),  # Nauryz, 21–25 March (weekend days moved)
        (dt.date(2026, 12, 31), dt.date(2027, 1, 5)),  # New Year, 2 January moved to Monday the 4th
    ],
)
def test_the_package_is_due_one_provider_working_day_after_acceptance(db, accept_on, accepted, due):
    number = accept_on(accepted)
    line = package_reads.package_line(db, number, accepted)
    assert (line.accepted_on, line.handoff_due, line.status) == (accepted, due, S.AWAITING_HANDOFF)


def test_queue_counts_due_today_and_overdue_per_provider(db, accept_on):
    friday = accept_on(FRIDAY)  # due Monday
    monday = accept_on(MONDAY)  # due Tuesday
    provider = provider_of(db, friday)
    (queue,) = [q for q in package_reads.handoff_queue(db, TUESDAY) if q.provider.id == provider]
    assert (queue.awaiting, queue.due_today, queue.overdue, queue.earliest_due) == (2, 1, 1, MONDAY)
    assert package_reads.handoff_queue(db, TUESDAY)[0].provider.id == provider  # overdue first
    lines = {line.receipt_number: line for line in package_reads.queued_packages(db, provider, TUESDAY)}
    assert lines[friday].overdue and not lines[monday].overdue
    assert lines[friday].documents_count > 0
    others = [q for q in package_reads.handoff_queue(db, TUESDAY) if q.provider.id != provider]
    assert others and all(q.total == 0 for q in others)  # every active provider is listed, even empty


def test_a_manifest_takes_every_due_package_and_only_once(db, accept_on, manager):
    overdue = accept_on(FRIDAY)
    due = accept_on(MONDAY)
    later = accept_on(TUESDAY)  # due Wednesday: not on Tuesday's manifest
    provider = provider_of(db, due)
    number = manifests_uc.build_manifest(db, manager, provider, TUESDAY)
    assert number == "1-20261124-M01"
    manifest = manifests_uc.load_manifest(db, number, TUESDAY)
    assert [line.receipt_number for line in manifest.lines] == [overdue, due]
    assert (manifest.kind, manifest.status, manifest.created_by) == (
        ManifestKind.HANDOFF,
        ManifestStatus.OPEN,
        "manager",
    )
    assert statuses(db, [overdue, due, later]) == [S.ON_MANIFEST, S.ON_MANIFEST, S.AWAITING_HANDOFF]
    with pytest.raises(NothingDueYet) as nothing_due:  # the one left is due on Wednesday: said so
        manifests_uc.build_manifest(db, manager, provider, TUESDAY)
    assert (nothing_due.value.next_due, nothing_due.value.receipt_numbers) == (WEDNESDAY, [later])
    assert "25.11.2026" in str(nothing_due.value) and "selection" in str(nothing_due.value)
    with pytest.raises(PackageUnavailable) as raised:
        manifests_uc.build_manifest(db, manager, provider, WEDNESDAY, [due, later])
    assert raised.value.receipt_numbers == [due]
    second = manifests_uc.build_manifest(db, manager, provider, TUESDAY, [later])
    assert second == "1-20261124-M02"
    with pytest.raises(NothingToHandOff) as nothing:  # nothing waits at all
        manifests_uc.build_manifest(db, manager, provider, TUESDAY)
    assert not isinstance(nothing.value, NothingDueYet)
    with db.read() as session:
        per_package = session.execute(
            select(ManifestPackageRow.package_id, func.count()).group_by(ManifestPackageRow.package_id)
        ).all()
    assert len(per_package) == 3 and all(count == 1 for _id, count in per_package)
    assert [m.number for m in manifests_uc.open_manifests(db)] == [number, second]


def test_pickup_lists_missing_and_extra_packages_before_the_courier_leaves(db, accept_on, manager):
    first, second = accept_on(MONDAY), accept_on(MONDAY)
    stray = accept_on(TUESDAY)
    number = manifests_uc.build_manifest(db, manager, provider_of(db, first), TUESDAY)
    found = custody_uc.check_pickup(db, number, [f"  {first} ", stray, first])
    assert (found.missing, found.extra) == ([second], [stray])
    with pytest.raises(DiscrepancyFound) as raised:
        custody_uc.record_pickup(db, manager, number, "Жанұзақов Д.", NOON, [first, stray])
    assert raised.value.discrepancies.missing == [second]
    assert statuses(db, [first, second]) == [S.ON_MANIFEST, S.ON_MANIFEST]  # nothing moved

    manifests_uc.remove_from_manifest(db, manager, number, [second])  # not found on the shelf: it waits
    with pytest.raises(MissingParticulars):
        custody_uc.record_pickup(db, manager, number, "  ", NOON, [first])
    custody_uc.record_pickup(db, manager, number, "Жанұзақов Д.", NOON, [first])
    manifest = manifests_uc.load_manifest(db, number)
    assert (manifest.status, manifest.courier_name, manifest.picked_up_at) == (
        ManifestStatus.WITH_COURIER,
        "Жанұзақов Д.",
        NOON,
    )
    assert statuses(db, [first, second, stray]) == [S.WITH_COURIER, S.AWAITING_HANDOFF, S.AWAITING_HANDOFF]
    with pytest.raises(ManifestNotInStep):
        manifests_uc.remove_from_manifest(db, manager, number, [first])


def test_a_pickup_time_in_the_future_is_refused(db, accept_on, manager):
    number = accept_on(MONDAY)
    manifest = manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY)
    now = dt.datetime(2026, 11, 24, 6, 0, 30, tzinfo=dt.UTC)
    for later in (
        dt.datetime(2026, 11, 24, 6, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC),
    ):
        with pytest.raises(TimeInFuture):
            custody_uc.record_pickup(db, manager, manifest, "Курьер", later, [number], now=now)
    assert statuses(db, [number]) == [S.ON_MANIFEST]  # nothing stored
    custody_uc.record_pickup(
        db, manager, manifest, "Курьер", dt.datetime(2026, 11, 24, 6, 1, tzinfo=dt.UTC), [number], now=now
    )  # the minute now: not the future
    assert statuses(db, [number]) == [S.WITH_COURIER]


def test_a_wrong_pickup_is_corrected_by_the_manager_with_the_journal_and_history(db, accept_on, manager):
    first, second = accept_on(MONDAY), accept_on(MONDAY)
    manifest = manifests_uc.build_manifest(db, manager, provider_of(db, first), TUESDAY)
    custody_uc.record_pickup(db, manager, manifest, "Курьер Ж.", NOON, [first, second], now=NOON)
    later = NOON + dt.timedelta(hours=2)
    with pytest.raises(MissingParticulars):  # a correction needs its reason
        custody_uc.correct_pickup(db, manager, manifest, "Жанұзақов Д.", NOON, "  ", now=later)
    with pytest.raises(TimeInFuture):
        custody_uc.correct_pickup(
            db, manager, manifest, "Жанұзақов Д.", later + dt.timedelta(hours=1), "қате", now=later
        )
    custody_uc.correct_pickup(
        db,
        manager,
        manifest,
        "Жанұзақов Д.",
        NOON + dt.timedelta(minutes=30),
        "the courier's name was misspelt",
        now=later,
    )
    stored = manifests_uc.load_manifest(db, manifest)
    assert (stored.status, stored.courier_name, stored.picked_up_at) == (
        ManifestStatus.WITH_COURIER,
        "Жанұзақов Д.",
        NOON + dt.timedelta(minutes=30),
    )
    corrected = package_reads.package_history(db, first)[-1]
    assert corrected.status_from == corrected.status_to == S.WITH_COURIER
    assert corrected.detail["correction"] == "the courier's name was misspelt"
    assert (corrected.detail["courier"], corrected.detail["was_courier"]) == ("Жанұзақов Д.", "Курьер Ж.")

    # The courier never took them: the pickup is undone, the manifest is open and can be picked up again.
    with pytest.raises(MissingParticulars):
        custody_uc.undo_pickup(db, manager, manifest, "", now=later)
    custody_uc.undo_pickup(db, manager, manifest, "recorded on the wrong manifest", now=later)
    stored = manifests_uc.load_manifest(db, manifest)
    assert (stored.status, stored.courier_name, stored.picked_up_at) == (ManifestStatus.OPEN, "", None)
    assert statuses(db, [first, second]) == [S.ON_MANIFEST, S.ON_MANIFEST]
    undone = package_reads.package_history(db, second)[-1]
    assert (undone.status_from, undone.status_to) == (S.WITH_COURIER, S.ON_MANIFEST)
    assert undone.detail["correction"] == "recorded on the wrong manifest"
    with pytest.raises(ManifestNotInStep):  # only a picked-up manifest can be corrected
        custody_uc.correct_pickup(db, manager, manifest, "Курьер", NOON, "again", now=later)
    with db.read() as session:
        actions = session.scalars(select(AuditEntryRow.action).where(AuditEntryRow.subject == manifest)).all()
    assert HandoffAction.PICKUP_CORRECTED in actions and HandoffAction.PICKUP_UNDONE in actions
    custody_uc.record_pickup(db, manager, manifest, "Жанұзақов Д.", later, [first, second], now=later)
    assert statuses(db, [first, second]) == [S.WITH_COURIER, S.WITH_COURIER]


def test_delivery_is_confirmed_with_the_clerk_and_ends_the_overdue(db, accept_on, manager):
    number = accept_on(FRIDAY)  # due Monday
    manifest = manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY)
    custody_uc.record_pickup(db, manager, manifest, "Курьер", NOON, [number])
    assert package_reads.package_line(db, number, TUESDAY).overdue  # with the courier, a day late
    with pytest.raises(DateInFuture):
        custody_uc.record_delivery(db, manager, manifest, WEDNESDAY, "Иванова А.", today=TUESDAY)
    with pytest.raises(MissingParticulars):
        custody_uc.record_delivery(db, manager, manifest, TUESDAY, "", today=TUESDAY)
    custody_uc.record_delivery(db, manager, manifest, TUESDAY, "Иванова А.", today=TUESDAY)
    line = package_reads.package_line(db, number, WEDNESDAY)
    assert (line.status, line.delivered_on, line.overdue) == (S.DELIVERED, TUESDAY, False)
    stored = manifests_uc.load_manifest(db, manifest)
    assert (stored.status, stored.clerk_name, stored.delivered_on) == (
        ManifestStatus.DELIVERED,
        "Иванова А.",
        TUESDAY,
    )
    assert manifests_uc.open_manifests(db) == []


def deliver(db, manager, numbers, day=TUESDAY):
    manifest = manifests_uc.build_manifest(db, manager, provider_of(db, numbers[0]), day, numbers)
    custody_uc.record_pickup(db, manager, manifest, "Курьер", NOON, numbers)
    custody_uc.record_delivery(db, manager, manifest, day, "Иванова А.", today=day)
    return manifest


def test_a_result_is_issued_on_an_id_or_a_notarised_power_of_attorney(db, accept_on, manager, operator):
    own, by_proxy = accept_on(MONDAY), accept_on(MONDAY)
    deliver(db, manager, [own, by_proxy])
    with pytest.raises(IllegalTransition):  # nothing came back yet
        results_uc.issue_result(
            db,
            operator,
            own,
            Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 045678912"),
            WEDNESDAY,
            today=WEDNESDAY,
        )
    for number in (own, by_proxy):
        results_uc.register_result(
            db,
            operator,
            number,
            ResultKind.DECISION,
            "№ 412 от 01.12.2026",
            dt.date(2026, 12, 1),
            today=dt.date(2026, 12, 1),
        )
    results_uc.issue_result(
        db,
        operator,
        own,
        Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 045678912"),
        dt.date(2026, 12, 2),
        today=dt.date(2026, 12, 2),
    )
    proxy = Recipient(RecipientKind.REPRESENTATIVE, "Ахметов Б.", "ID 011223344")
    with pytest.raises(MissingParticulars):
        results_uc.issue_result(
            db, operator, by_proxy, proxy, dt.date(2026, 12, 2), today=dt.date(2026, 12, 2)
        )
    proxy = Recipient(
        RecipientKind.REPRESENTATIVE,
        "Ахметов Б.",
        "ID 011223344",
        "2-1187",
        dt.date(2026, 11, 30),
        "нотариус Сейтқали Г.",
    )
    results_uc.issue_result(db, operator, by_proxy, proxy, dt.date(2026, 12, 2), today=dt.date(2026, 12, 2))
    assert statuses(db, [own, by_proxy]) == [S.ISSUED, S.ISSUED]
    issued = package_reads.package_history(db, by_proxy)[-1]
    assert (
        issued.detail["power_of_attorney"] == "2-1187" and issued.detail["notary"] == "нотариус Сейтқали Г."
    )


def test_unclaimed_results_go_back_on_a_return_manifest_after_one_month(db, accept_on, manager, operator):
    claimed, unclaimed, recent = accept_on(MONDAY), accept_on(MONDAY), accept_on(MONDAY)
    deliver(db, manager, [claimed, unclaimed, recent])
    received = dt.date(2026, 12, 1)
    for number, day in ((claimed, received), (unclaimed, received), (recent, dt.date(2026, 12, 10))):
        results_uc.register_result(db, operator, number, ResultKind.DECISION, "№ 1", day, today=day)
    results_uc.issue_result(
        db,
        operator,
        claimed,
        Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 1"),
        received,
        today=received,
    )
    assert package_reads.unclaimed_results(db, dt.date(2027, 1, 1)) == []  # kept until 01.01.2027 inclusive
    (line,) = package_reads.unclaimed_results(db, dt.date(2027, 1, 2))
    assert (line.receipt_number, line.keep_until) == (unclaimed, dt.date(2027, 1, 1))

    day = dt.date(2027, 1, 4)
    number = manifests_uc.build_return_manifest(db, manager, line.provider_id, day)
    assert number == "1-20270104-R01"
    assert [x.receipt_number for x in manifests_uc.load_manifest(db, number).lines] == [unclaimed]
    custody_uc.record_pickup(
        db,
        manager,
        number,
        "Курьер",
        dt.datetime(2027, 1, 4, 5, tzinfo=dt.UTC),
        [unclaimed],
        now=dt.datetime(2027, 1, 4, 6, tzinfo=dt.UTC),
    )
    custody_uc.record_delivery(db, manager, number, day, "Иванова А.", today=day)
    assert statuses(db, [claimed, unclaimed, recent]) == [S.ISSUED, S.RESULT_RETURNED, S.RESULT_RECEIVED]


def test_a_citizen_who_comes_late_gets_the_result_off_an_open_return_manifest(
    db, accept_on, manager, operator
):
    number = accept_on(MONDAY)
    deliver(db, manager, [number])
    results_uc.register_result(
        db, operator, number, ResultKind.CERTIFICATE, "№ 7", dt.date(2026, 12, 1), today=dt.date(2026, 12, 1)
    )
    manifest = manifests_uc.build_return_manifest(db, manager, provider_of(db, number), dt.date(2027, 1, 4))
    with pytest.raises(IllegalTransition):  # a second result cannot overwrite the first
        results_uc.register_result(
            db, operator, number, ResultKind.DECISION, "№ 8", dt.date(2027, 1, 4), today=dt.date(2027, 1, 4)
        )
    results_uc.issue_result(
        db,
        operator,
        number,
        Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 1"),
        dt.date(2027, 1, 4),
        today=dt.date(2027, 1, 4),
    )
    assert manifests_uc.load_manifest(db, manifest).lines == []
    assert statuses(db, [number]) == [S.ISSUED]


def test_a_package_returned_by_the_provider_shows_the_citizen_must_be_told(db, accept_on, manager, operator):
    number = accept_on(MONDAY)
    deliver(db, manager, [number])
    with pytest.raises(MissingParticulars):
        results_uc.record_return_by_provider(db, operator, number, " ", WEDNESDAY, today=WEDNESDAY)
    results_uc.record_return_by_provider(
        db, operator, number, "Нет подписи супруга", WEDNESDAY, today=WEDNESDAY
    )
    line = package_reads.package_line(db, number, WEDNESDAY)
    assert (line.status, line.return_reason) == (S.RETURNED_BY_PROVIDER, "Нет подписи супруга")
    assert [x.receipt_number for x in package_reads.results_waiting(db, WEDNESDAY)] == [number]
    results_uc.record_citizen_informed(db, operator, number, "по телефону", WEDNESDAY, today=WEDNESDAY)
    assert statuses(db, [number]) == [S.CITIZEN_INFORMED]
    assert package_reads.results_waiting(db, WEDNESDAY) == []


def test_the_history_shows_every_step_in_order(db, accept_on, manager, operator):
    number = accept_on(MONDAY)
    manifest = deliver(db, manager, [number])
    results_uc.register_result(db, operator, number, ResultKind.DECISION, "№ 9", WEDNESDAY, today=WEDNESDAY)
    results_uc.issue_result(
        db,
        operator,
        number,
        Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 1"),
        WEDNESDAY,
        today=WEDNESDAY,
    )
    history = package_reads.package_history(db, number)
    assert [(e.status_from, e.status_to) for e in history] == [
        (None, S.AWAITING_HANDOFF),
        (S.AWAITING_HANDOFF, S.ON_MANIFEST),
        (S.ON_MANIFEST, S.WITH_COURIER),
        (S.WITH_COURIER, S.DELIVERED),
        (S.DELIVERED, S.RESULT_RECEIVED),
        (S.RESULT_RECEIVED, S.ISSUED),
    ]
    assert [e.username for e in history] == [
        "operator",
        "manager",
        "manager",
        "manager",
        "operator",
        "operator",
    ]
    assert history[1].detail == {"manifest": manifest}
    assert history[2].detail["courier"] == "Курьер" and history[3].detail["clerk"] == "Иванова А."


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("deliver_open_manifest", S.ON_MANIFEST),
        ("result_before_delivery", S.AWAITING_HANDOFF),
        ("inform_without_return", S.DELIVERED),
        ("return_after_issue", S.ISSUED),
    ],
)
def test_illegal_jumps_are_refused_with_a_message(db, accept_on, manager, operator, step, status):
    number = accept_on(MONDAY)
    if step == "deliver_open_manifest":
        manifest = manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY)
        with pytest.raises(ManifestNotInStep):
            custody_uc.record_delivery(db, manager, manifest, TUESDAY, "Иванова А.", today=TUESDAY)
    elif step == "result_before_delivery":
        set_language("ru")
        try:
            with pytest.raises(IllegalTransition) as raised:
                results_uc.register_result(
                    db, operator, number, ResultKind.DECISION, "№ 1", TUESDAY, today=TUESDAY
                )
        finally:
            set_language("en")
        assert str(raised.value) == (
            f"Пакет {number} в состоянии «ожидает передачи»: он не может перейти в "
            "состояние «результат получен»."
        )
    elif step == "inform_without_return":
        deliver(db, manager, [number])
        with pytest.raises(IllegalTransition):
            results_uc.record_citizen_informed(db, operator, number, "SMS", WEDNESDAY, today=WEDNESDAY)
    else:
        deliver(db, manager, [number])
        results_uc.register_result(db, operator, number, ResultKind.DECISION, "№ 1", TUESDAY, today=TUESDAY)
        results_uc.issue_result(
            db, operator, number, Recipient(RecipientKind.APPLICANT, "А.", "ID 1"), TUESDAY, today=TUESDAY
        )
        with pytest.raises(IllegalTransition):
            results_uc.record_return_by_provider(db, operator, number, "ошибка", WEDNESDAY, today=WEDNESDAY)
    assert statuses(db, [number]) == [status]


def test_every_status_is_reachable_and_every_path_ends():
    reached, frontier = {S.AWAITING_HANDOFF}, [S.AWAITING_HANDOFF]
    while frontier:
        for following in packages.TRANSITIONS[frontier.pop()]:
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(S)
    assert {s for s, nxt in packages.TRANSITIONS.items() if not nxt} == {
        S.ISSUED,
        S.CITIZEN_INFORMED,
        S.RESULT_RETURNED,
    }


def test_only_managers_hand_over(db, accept_on, operator):
    number = accept_on(MONDAY)
    with pytest.raises(AccessDenied):
        manifests_uc.build_manifest(db, operator, provider_of(db, number), TUESDAY)


def test_cancelling_a_manifest_puts_its_packages_back_in_the_queue(db, accept_on, manager):
    number = accept_on(MONDAY)
    manifest = manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY)
    manifests_uc.cancel_manifest(db, manager, manifest)
    assert statuses(db, [number]) == [S.AWAITING_HANDOFF]
    assert manifests_uc.load_manifest(db, manifest).status is ManifestStatus.CANCELLED
    assert manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY) == "1-20261124-M02"


def test_the_change_stamp_moves_when_another_window_writes(db, accept_on, manager):
    before = changes.change_stamp(db)
    number = accept_on(MONDAY)
    after_intake = changes.change_stamp(db)
    manifests_uc.build_manifest(db, manager, provider_of(db, number), TUESDAY)
    assert before != after_intake != changes.change_stamp(db)


def test_packages_accepted_before_the_upgrade_get_their_first_history_entry(tmp_path):
    import shutil
    from pathlib import Path

    from counter_app.storage.db import open_database

    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "db" / "schema-0002.sqlite3", copy)
    db = open_database(f"sqlite:///{copy}")
    try:
        with db.read() as session:
            from counter_app.storage.intake_tables import ApplicationRow, PackageRow

            number = session.scalar(
                select(ApplicationRow.receipt_number).join(
                    PackageRow, PackageRow.application_id == ApplicationRow.id
                )
            )
        (event,) = package_reads.package_history(db, number)
        assert (event.status_from, event.status_to) == (None, S.AWAITING_HANDOFF)
    finally:
        db.dispose()
