"""Bad input given to the core's use-cases (what the CLI and every screen call): each is refused with a clear
message in the user's language, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from counter_app.core.domain.calendar import CalendarOverride, OverrideKind
from counter_app.core.domain.dates import working_days
from counter_app.core.domain.intake_draft import Child, IntakeDraft, Representative
from counter_app.core.domain.office import Bilingual
from counter_app.core.domain.packages import RecipientKind, ResultKind
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases import (
    applications,
    custody,
    drafts,
    intake,
    manifests,
    receipts,
    results,
    retention,
)
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.results import Recipient
from counter_app.errors import explained
from tests.support.bad_input_world import World, assert_clear, snapshot
from tests.support.intake_helpers import complete_draft

LONG = "Ж" * 10_000
NUL = "Ахмет\x00ов"
BELL = "Ахмет\x07ов"

CASES: dict[str, Callable[[World], object]] = {}


def case(name: str):
    def register(function: Callable[[World], object]) -> Callable[[World], object]:
        CASES[name] = function
        return function

    return register


# ---------------------------------------------------------------------------------------------- accounts


def _create(
    username="newuser",
    full_name="Жаңа Қызметкер",
    password="Fresh-Pass-77",
    window="1",
    role=Role.OPERATOR,
    actor="admin",
):
    def run(w: World):
        who = getattr(w, actor) if isinstance(actor, str) else actor
        return Accounts(w.db).create(who, username, full_name, role, password, window)

    return run


for name, kwargs in {
    "user: name with a space": {"username": "two words"},
    "user: name of 60 letters": {"username": "a" * 60},
    "user: reserved name": {"username": "cli"},
    "user: NUL in the name": {"username": "ab\x00c"},
    "user: Cyrillic name": {"username": "дана"},
    "user: name taken (other case)": {"username": "OPERATOR"},
    "user: empty full name": {"full_name": "  "},
    "user: 10,000-letter full name": {"full_name": LONG},
    "user: NUL in the full name": {"full_name": NUL},
    "user: password of a space": {"password": " "},
    "user: password 1": {"password": "1"},
    "user: password containing the name": {"password": "newuser-2026"},
    "user: password of one letter repeated": {"password": "aaaaaaaaaaaa"},
    "user: password of 200 characters": {"password": "Ab1-" * 50},
    "user: NUL in the password": {"password": "Fresh\x00Pass77"},
    "user: 10,000-letter window": {"window": LONG},
    "user: NUL in the window": {"window": "1\x00"},
    "user: created by an operator": {"actor": "operator"},
    "user: created by the old command-line actor (id 0)": {"actor": "ghost"},
    "user: created by a deactivated user": {"actor": "deactivated"},
    "user: created by a demoted administrator": {"actor": "demoted"},
    "user: a second 'first administrator'": {"actor": None, "role": Role.ADMIN},
}.items():
    case(name)(_create(**kwargs))


@case("user: the last administrator deactivates himself")
def _(w):
    return Accounts(w.db).update(w.admin, w.admin.id, active=False)


@case("user: the last administrator demotes himself")
def _(w):
    return Accounts(w.db).update(w.admin, w.admin.id, role=Role.MANAGER)


@case("user: full name changed to 10,000 letters")
def _(w):
    return Accounts(w.db).update(w.admin, w.operator.id, full_name=LONG)


@case("user: reset to a weak password")
def _(w):
    return Accounts(w.db).set_password(w.admin, w.operator.id, "12345")


@case("user: administrator locks his own account")
def _(w):
    return Accounts(w.db).set_locked(w.admin, w.admin.id, True)


@case("user: operator lists the users")
def _(w):
    return Accounts(w.db).list(w.operator)


@case("user: operator unlocks an account")
def _(w):
    return Accounts(w.db).set_locked(w.operator, w.manager.id, False)


@case("user: own password changed with a wrong current one")
def _(w):
    return Accounts(w.db).change_own_password(w.operator.id, "not-my-password", "Brand-New-Pass-1")


@case("user: own password changed to the same")
def _(w):
    return Accounts(w.db).change_own_password(w.operator.id, "Tulip-Desk-31", "Tulip-Desk-31")


@case("user: own password changed to a weak one")
def _(w):
    return Accounts(w.db).change_own_password(w.operator.id, "Tulip-Desk-31", "short")


# ---------------------------------------------------------------------------------------------- intake


def _accept(change: Callable[[IntakeDraft], None], store=intake.accept, actor="operator"):
    def run(w: World):
        draft = complete_draft(w.catalog, "guardian-benefit")
        change(draft)
        return store(w.db, getattr(w, actor), draft, w.today, catalog=w.catalog)

    return run


def _set(path: str, value):
    def change(draft: IntakeDraft) -> None:
        target = draft
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else getattr(target, part)
        setattr(target, last, value)

    return change


def _representative(**values):
    def change(draft: IntakeDraft) -> None:
        base = {
            "iin": "",
            "last_name": "Сенімді",
            "first_name": "Өкіл",
            "power_of_attorney_number": "12-345",
            "power_of_attorney_date": dt.date(2026, 1, 10),
            "notary": "Нотариус Н.",
        }
        base.update(values)
        draft.representative = Representative(**base)

    return change


for name, change in {
    "accept: 10,000-letter surname": _set("applicant.last_name", LONG),
    "accept: NUL in the first name": _set("applicant.first_name", NUL),
    "accept: bell character in the surname": _set("applicant.last_name", BELL),
    "accept: digits in the surname": _set("applicant.last_name", "Ахметов2"),
    "accept: 10,000-letter patronymic": _set("applicant.patronymic", LONG),
    "accept: empty surname": _set("applicant.last_name", " "),
    "accept: IIN with letters": _set("applicant.iin", "06121160001A"),
    "accept: IIN of 13 digits": _set("applicant.iin", "0612116000123"),
    "accept: IIN with a wrong check digit": _set("applicant.iin", "061211600013"),
    "accept: IIN with NUL": _set("applicant.iin", "0612116000\x0012"),
    "accept: child's IIN with a wrong check digit": _set("children.0.iin", "061211600013"),
    "accept: child's IIN with letters": _set("children.0.iin", "O61211600012"),
    "accept: child's IIN of 13 digits": _set("children.0.iin", "0612116000122"),
    "accept: child's 10,000-letter name": _set("children.0.first_name", LONG),
    "accept: 10,000-letter phone": _set("applicant.phone", "7" * 10_000),
    "accept: NUL in the phone": _set("applicant.phone", "+7 701\x00"),
    "accept: 10,000-letter address": _set("applicant.address", LONG),
    "accept: NUL in the address": _set("applicant.address", NUL),
    "accept: 10,000-letter district": _set("applicant.district", LONG),
    "accept: 10,000-letter document number": _set("applicant.id_document.number", "N" * 10_000),
    "accept: 10,000-letter issuing authority": _set("applicant.id_document.issued_by", LONG),
    "accept: ID issued in 2099": _set("applicant.id_document.issued_on", dt.date(2099, 1, 1)),
    "accept: ID issued in year 1": _set("applicant.id_document.issued_on", dt.date(1, 1, 1)),
    "accept: 10,000-letter queue ticket": _set("queue_ticket", "A" * 10_000),
    "accept: unknown service": _set("service_code", "no-such-service"),
    "accept: no service": _set("service_code", ""),
    "accept: representative's POA dated 2099": _representative(power_of_attorney_date=dt.date(2099, 5, 5)),
    "accept: representative's 10,000-letter notary": _representative(notary=LONG),
    "accept: representative's NUL in the POA number": _representative(power_of_attorney_number="12\x00"),
    "accept: representative's IIN wrong": _representative(iin="061211600013"),
    "refuse: 10,000-letter surname": _set("applicant.last_name", LONG),
}.items():
    case(name)(_accept(change, store=intake.refuse if name.startswith("refuse") else intake.accept))


def _child(**values):
    def change(draft: IntakeDraft) -> None:
        child = draft.children[0]
        draft.children[0] = Child(**{**child.model_dump(), **values})

    return change


for name, values in {
    "accept: child born in 2099": {"iin": "", "birth_date": dt.date(2099, 1, 1)},
    "accept: child born in year 1": {"iin": "", "birth_date": dt.date(1, 1, 1)},
    "accept: child born 40 years ago": {"iin": "", "birth_date": dt.date(1986, 1, 1)},
    "accept: child with neither IIN nor birth date": {"iin": "", "birth_date": None},
}.items():
    case(name)(_accept(_child(**values)))


@case("accept: a mark's document issued in 2099")
def _(w):
    def change(draft):
        key = next(iter(draft.marks))
        draft.marks[key].issued_on = dt.date(2099, 1, 1)

    return _accept(change)(w)


for name, actor in {
    "accept: by a manager": "manager",
    "accept: by an administrator": "admin",
    "accept: by a deactivated operator": "deactivated",
    "accept: by a demoted administrator now operator… whose role changed": "ghost",
}.items():
    case(name)(_accept(lambda draft: None, actor=actor))


@case("accept: the clock set back before the last receipt")
def _(w):
    draft = complete_draft(w.catalog, "guardian-benefit")
    day = w.today - dt.timedelta(days=3)  # the Friday before: the computer's date went back
    earlier = dt.datetime.combine(day, dt.time(10), dt.UTC)
    return intake.accept(w.db, w.operator, draft, day, catalog=w.catalog, clock=lambda: earlier)


@case("archive: a receipt archived by an administrator")
def _(w):
    return receipts.archive_receipt(w.db, w.admin, w.awaiting, "acceptance", "kk", b"%PDF", False)


@case("archive: a receipt in a third language")
def _(w):
    return receipts.archive_receipt(w.db, w.operator, w.awaiting, "acceptance", "en", b"%PDF", False)


@case("load: the full IIN read by a deactivated account")
def _(w):
    return applications.load_application(w.db, w.awaiting, w.deactivated)


@case("draft: saved by a manager")
def _(w):
    return drafts.Drafts(w.db).save(w.manager, IntakeDraft(service_code="guardian-benefit"), window="1")


for name, text in {
    "search: NUL": "\x00",
    "search: NUL inside a name": "Ахм\x00",
    "search: bell": "\x07",
    "search: 10,000 letters": LONG,
    "search: line separator": "Ахметов\u2028",
}.items():
    case(name)(lambda w, text=text: applications.search_applications(w.db, text))


# ---------------------------------------------------------------------------------------------- handoff


@case("handoff: manifest built by an operator")
def _(w):
    return manifests.build_manifest(w.db, w.operator, w.provider, w.today)


@case("handoff: manifest built by a deactivated account")
def _(w):
    return manifests.build_manifest(w.db, w.deactivated, w.provider, w.today)


@case("handoff: manifest for provider 9999")
def _(w):
    return manifests.build_manifest(w.db, w.manager, 9999, w.today)


@case("handoff: manifest dated 0001-01-01")
def _(w):
    return manifests.build_return_manifest(w.db, w.manager, w.provider, dt.date(1, 1, 1))


@case("handoff: manifest dated 9999-12-31")
def _(w):
    return manifests.build_manifest(w.db, w.manager, w.provider, dt.date(9999, 12, 31))


@case("handoff: unknown receipt put on a manifest")
def _(w):
    return manifests.build_manifest(w.db, w.manager, w.provider, w.today, ["1-20260101-9999"])


@case("handoff: unknown package taken off a manifest")
def _(w):
    return manifests.remove_from_manifest(w.db, w.manager, w.open_manifest, ["nope"])


@case("handoff: unknown manifest cancelled")
def _(w):
    return manifests.cancel_manifest(w.db, w.manager, "1-20260101-M99")


def _pickup(courier="Курьер", at=None, scanned=None):
    def run(w: World):
        moment = at if at is not None else dt.datetime.now(dt.UTC)
        listed = [line.receipt_number for line in manifests.load_manifest(w.db, w.open_manifest).lines]
        return custody.record_pickup(
            w.db, w.manager, w.open_manifest, courier, moment, listed if scanned is None else scanned
        )

    return run


for name, run in {
    "pickup: 10,000-letter courier": _pickup(courier=LONG),
    "pickup: NUL in the courier's name": _pickup(courier=NUL),
    "pickup: no courier": _pickup(courier="  "),
    "pickup: time in 2062 (a year typo)": _pickup(at=dt.datetime(2062, 11, 23, 9, tzinfo=dt.UTC)),
    "pickup: time tomorrow": _pickup(at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)),
    "pickup: time in year 2000, before the manifest": _pickup(at=dt.datetime(2000, 1, 3, tzinfo=dt.UTC)),
    "pickup: nothing scanned": _pickup(scanned=[]),
    "pickup: an extra package scanned": _pickup(scanned=["1-20260101-0001"]),
}.items():
    case(name)(run)


def _delivery(clerk="Қызметкер", day=None):
    def run(w: World):
        return custody.record_delivery(w.db, w.manager, w.with_courier, day or w.today, clerk, today=w.today)

    return run


for name, run in {
    "delivery: 10,000-letter clerk": _delivery(clerk=LONG),
    "delivery: NUL in the clerk's name": _delivery(clerk=NUL),
    "delivery: dated tomorrow": lambda w: _delivery(day=w.today + dt.timedelta(days=1))(w),
    "delivery: dated 2099": _delivery(day=dt.date(2099, 1, 1)),
    "delivery: dated before the pickup": lambda w: _delivery(day=w.today - dt.timedelta(days=5))(w),
}.items():
    case(name)(run)


def _result(reference="№ 15 от 20.11.2026", received=None, actor="manager", number=None):
    def run(w: World):
        return results.register_result(
            w.db,
            getattr(w, actor),
            number or w.delivered,
            ResultKind.DECISION,
            reference,
            received or w.today,
            today=w.today,
        )

    return run


for name, run in {
    "result: 10,000-letter reference": _result(reference=LONG),
    "result: NUL in the reference": _result(reference="№ 15\x00"),
    "result: no reference": _result(reference=""),
    "result: received before the delivery": lambda w: _result(received=w.today - dt.timedelta(days=2))(w),
    "result: received in 2099": _result(received=dt.date(2099, 1, 1)),
    "result: received in year 1": _result(received=dt.date(1, 1, 1)),
    "result: for a package not delivered": _result(number="awaiting"),
    "result: for an unknown receipt": _result(number="1-20260101-9999"),
    "result: registered by an administrator": _result(actor="admin"),
}.items():
    if name == "result: for a package not delivered":
        case(name)(lambda w: _result(number=w.awaiting)(w))
    else:
        case(name)(run)


def _issue(**values):
    def run(w: World):
        base = {"kind": RecipientKind.APPLICANT, "full_name": "Ахметов Ерлан", "id_document": "ID 012345678"}
        base.update(values)
        return results.issue_result(w.db, w.manager, w.delivered, Recipient(**base), w.today, today=w.today)

    return run


for name, run in {
    "issue: 10,000-letter recipient": _issue(full_name=LONG),
    "issue: NUL in the ID document": _issue(id_document="ID\x00"),
    "issue: representative without a power of attorney": _issue(kind=RecipientKind.REPRESENTATIVE),
    "issue: power of attorney dated 2099": _issue(
        kind=RecipientKind.REPRESENTATIVE,
        power_of_attorney_number="1",
        power_of_attorney_date=dt.date(2099, 1, 1),
        notary="Н.",
    ),
}.items():
    case(name)(run)


@case("return: 10,000-letter reason")
def _(w):
    return results.record_return_by_provider(w.db, w.manager, w.delivered, LONG, w.today, today=w.today)


@case("return: NUL in the reason")
def _(w):
    return results.record_return_by_provider(
        w.db, w.manager, w.delivered, "себебі\x00", w.today, today=w.today
    )


@case("informed: how, with a bell character")
def _(w):
    return results.record_citizen_informed(w.db, w.manager, w.delivered, "SMS\x07", w.today, today=w.today)


# ---------------------------------------------------------------------------------------------- settings


def _office(**changes):
    def run(w: World):
        settings = OfficeSettings(w.db)
        import dataclasses

        return settings.save(w.admin, dataclasses.replace(settings.load(), **changes))

    return run


for name, changes in {
    "office: idle lock 0 minutes": {"idle_lock_minutes": 0},
    "office: a window twice": {"windows": ("1", "1")},
    "office: 10,000-letter branch name": {"branch_name": Bilingual(LONG, "Филиал")},
    "office: NUL in the address": {"address": Bilingual("Астана\x00", "Астана")},
    "office: 10,000-letter window": {"windows": ("1", LONG)},
}.items():
    case(name)(_office(**changes))


@case("office: saved by an operator")
def _(w):
    settings = OfficeSettings(w.db)
    return settings.save(w.operator, settings.load())


@case("calendar: 10,000-letter legal reference")
def _(w):
    return OfficeSettings(w.db).add_calendar_override(
        w.admin, CalendarOverride(dt.date(2026, 12, 14), OverrideKind.DAY_OFF, LONG, "Перенос")
    )


@case("calendar: override in year 1")
def _(w):
    return OfficeSettings(w.db).add_calendar_override(
        w.admin, CalendarOverride(dt.date(1, 1, 1), OverrideKind.DAY_OFF, "Қаулы № 1", "Перенос")
    )


@case("calendar: override by an operator")
def _(w):
    return OfficeSettings(w.db).add_calendar_override(
        w.operator, CalendarOverride(dt.date(2026, 12, 14), OverrideKind.DAY_OFF, "Қаулы № 1", "Перенос")
    )


for name, value in {
    "retention: 0 days": 0,
    "retention: 100,000 days": 100_000,
    "retention: -5 days": -5,
}.items():
    case(name)(lambda w, value=value: retention.save(w.db, w.admin, retention.Retention(drafts_days=value)))


@case("retention: changed by an operator")
def _(w):
    return retention.save(w.db, w.operator, retention.Retention())


@case("calendar: -3 working days")
def _(w):
    return working_days("days", -3)


@pytest.mark.parametrize("name", sorted(CASES))
def test_core_refuses_with_a_clear_message_and_stores_nothing(world, in_language, name):
    before = snapshot(world.db)
    try:
        CASES[name](world)
    except Exception as error:  # noqa: BLE001 - what was raised is what is being judged
        assert explained(error), f"{type(error).__module__}.{type(error).__name__}: {error}"
        assert_clear(str(error), in_language)
    else:
        pytest.fail(f"accepted: {name}")
    assert snapshot(world.db) == before
