"""The daily (and monthly) roll-up of the manager's reports: counts kept in step with the rows by triggers.

Each table holds counts (``n``) per key; every report over a period sums them instead of reading the rows:

- ``rollup_intakes``: applications per (day, department, service, operator, decision);
- ``rollup_hours``: applications per (day, department, service, operator, UTC hour of the day);
- ``rollup_times``: a histogram of the waiting and the service time in whole minutes, rounded up, per (day,
  department, service, operator): the median and the 90th percentile at minute resolution, and "over the
  norm" exactly (the norms are whole minutes: seconds > 60·N exactly when the rounded-up minutes > N);
- ``rollup_refusals``: refused document items per (day, department, service, operator, catalog version, item);
- ``rollup_cancelled``: intakes thrown away per (day, service, operator);
- ``rollup_handoff``: packages per (handoff due day, department, service, operator, provider, delivered on time
  or late or not yet, still in the handoff queue or not);
- ``rollup_result_due``: packages per (result due day, …, result received on time or late or not yet, returned
  by the provider or not);
- ``rollup_results``: packages per (application's day, …, status, result received or not, and for a result
  waiting at the centre the day it came — else the key's own day).

The tables keyed by the application's day (intakes, hours, times, refusals, results) keep each count twice:
per day (``span`` 0) and per calendar month (``span`` 1, ``day`` the month's first): a report over two years sums
24 months and the days at its ends instead of 500 days (``core.usecases.reports.periods``).

**Why triggers, not a hook in the storage layer.** The rows are written by the intake and handoff use-cases
(Core inserts and ORM updates), the command line, migrations, the benchmarks' bulk fill and, on a centre's
server, anything an administrator runs by hand. A trigger runs inside the very statement that changes a row, so
the roll-up moves in the same transaction as every writer's change and rolls back with it, without a line in
the use-cases; a Python hook would have to be called by each writer (and be forgotten by the next). The cost is
the trigger text for two dialects, generated here from one list of key expressions per table (the same
expressions back-fill the tables in migration 0013 and rebuild them in :func:`rebuild`).

The local hour of an intake is not stored: the office's time zone (``core.domain.office_time``) is applied when
reading, to the UTC hour kept here, so a changed zone needs no rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import text
from sqlalchemy.engine import Connection

from counter_app.storage.rollup_tables import DAY, LATE, MONTH, NOT_YET, ON_TIME

# ----------------------------------------------------------------------------------------------------------
# Each roll-up as key expressions over its source row(s): ``{a}`` is the application, ``{r}`` the row itself,
# ``{day}`` the key's day (the day, or its month's first day)

RESULT_RECEIVED = "result_received"
RETURNED = ("returned_by_provider", "citizen_informed")
QUEUE = ("awaiting_handoff", "on_manifest", "with_courier")


def utc_hour_of_day(dialect: str, column: str) -> str:
    """SQL: the hour (0-23) of a stored UTC time."""
    if dialect == "sqlite":
        return f"CAST(strftime('%H', {column}) AS INTEGER)"
    return f"CAST(extract(hour FROM {column} AT TIME ZONE 'UTC') AS INTEGER)"


def _month(dialect: str, day: str) -> str:
    if dialect == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS DATE)"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@dataclass(frozen=True)
class Rollup:
    table: str
    source: str  # the table whose rows are counted
    keys: tuple[tuple[str, str], ...]  # (column, SQL over {r}, {a} and {day})
    condition: str = ""  # SQL over {r}: which rows count
    joins_application: bool = False  # {a} is the application the row belongs to (else {a} is {r})
    day: str = ""  # SQL of the day counted per day and per month ("": no ``span``)

    def columns(self) -> str:
        return ", ".join(name for name, _ in self.keys)


def _levels(rollup: Rollup, dialect: str) -> list[Rollup]:
    """A roll-up with a ``span`` as its month and its day variant; any other as it is.

    The month's key comes first: a transaction locks the counts it changes in the order of these statements, and
    a month's count is shared by all its days, so taking it first keeps a manager moving packages of several days
    and a window storing today's intake from each holding what the other waits for (a deadlock on PostgreSQL)."""
    if not rollup.day:
        return [rollup]
    out = []
    for span, day in ((MONTH, _month(dialect, rollup.day)), (DAY, rollup.day)):
        keys = tuple((name, expr.replace("{day}", day)) for name, expr in rollup.keys)
        out.append(replace(rollup, keys=(("span", str(span)), ("day", day), *keys)))
    return out


def _rollups(dialect: str) -> list[Rollup]:
    who = (
        ("department", "{a}.department"),
        ("service_code", "{a}.service_code"),
        ("username", "{a}.username"),
    )
    state = "CASE WHEN {{r}}.{on} IS NULL THEN {n} WHEN {{r}}.{on} <= {{r}}.{due} THEN {t} ELSE {late} END"
    delivered = state.format(on="delivered_on", due="handoff_due", n=NOT_YET, t=ON_TIME, late=LATE)
    received = state.format(on="result_received_on", due="result_due", n=NOT_YET, t=ON_TIME, late=LATE)
    application = {"source": "applications", "day": "{a}.day"}
    package = {"source": "packages", "joins_application": True}
    rollups = [
        Rollup("rollup_intakes", keys=(*who, ("decision", "{a}.decision")), **application),
        Rollup(
            "rollup_hours",
            keys=(*who, ("utc_hour", utc_hour_of_day(dialect, "{a}.created_at"))),
            **application,
        ),
        *(
            Rollup(
                "rollup_times",
                keys=(*who, ("measure", f"'{measure}'"), ("minutes", f"({{r}}.{measure}_seconds + 59) / 60")),
                condition=f"{{r}}.{measure}_seconds IS NOT NULL",
                **application,
            )
            for measure in ("wait", "service")
        ),
        Rollup(
            "rollup_refusals",
            "refusal_items",
            (
                ("department", "{a}.department"),
                ("service_code", "{r}.service_code"),
                ("username", "{r}.username"),
                ("version_from", "{r}.version_from"),
                ("item_number", "{r}.item_number"),
                ("document_key", "{r}.document_key"),
                ("reason", "{r}.reason"),
            ),
            joins_application=True,
            day="{r}.day",
        ),
        Rollup(
            "rollup_cancelled",
            "cancelled_intakes",
            (("day", "{r}.day"), ("service_code", "{r}.service_code"), ("username", "{r}.username")),
        ),
        Rollup(
            "rollup_results",
            keys=(
                *who,
                ("status", "{r}.status"),
                ("received", "CASE WHEN {r}.result_received_on IS NULL THEN 0 ELSE 1 END"),
                (
                    "waiting_since",
                    f"COALESCE(CASE WHEN {{r}}.status = '{RESULT_RECEIVED}' THEN {{r}}.result_received_on END, {{day}})",
                ),
            ),
            day="{a}.day",
            **package,
        ),
        Rollup(
            "rollup_handoff",
            keys=(
                *who,
                ("handoff_due", "{r}.handoff_due"),
                ("provider_id", "{r}.provider_id"),
                ("delivered", delivered),
                ("queued", f"CASE WHEN {{r}}.status IN {_in(QUEUE)} THEN 1 ELSE 0 END"),
            ),
            **package,
        ),
        Rollup(
            "rollup_result_due",
            keys=(
                *who,
                ("result_due", "{r}.result_due"),
                ("received", received),
                ("returned", f"CASE WHEN {{r}}.status IN {_in(RETURNED)} THEN 1 ELSE 0 END"),
            ),
            **package,
        ),
    ]
    return [level for rollup in rollups for level in _levels(rollup, dialect)]


TABLES = (
    "rollup_intakes",
    "rollup_hours",
    "rollup_times",
    "rollup_refusals",
    "rollup_cancelled",
    "rollup_results",
    "rollup_handoff",
    "rollup_result_due",
)
# The source columns whose change moves a row to another key (the triggers' UPDATE OF lists).
WATCHED = {
    "applications": (
        "day",
        "department",
        "service_code",
        "username",
        "decision",
        "created_at",
        "wait_seconds",
        "service_seconds",
    ),
    "refusal_items": (
        "application_id",
        "day",
        "service_code",
        "username",
        "version_from",
        "item_number",
        "document_key",
        "reason",
    ),
    "cancelled_intakes": ("day", "service_code", "username"),
    "packages": (
        "application_id",
        "provider_id",
        "handoff_due",
        "result_due",
        "status",
        "delivered_on",
        "result_received_on",
    ),
}
# Rows of these tables are keyed by their application's columns too: re-keyed when those change.
APPLICATION_KEYED = ("refusal_items", "packages")


def _select(rollup: Rollup, r: str, a: str | None, sign: str, where: list[str], grouped: bool) -> str:
    """SELECT the key expressions and ``sign`` × the count; ``a`` is None: join the applications as ``a``."""
    joined = a is None
    app = "a" if joined else a
    keys = ", ".join(
        f"{expr.format(r=r, a=app if rollup.joins_application else r)} AS {name}"
        for name, expr in rollup.keys
    )
    conditions = [*where]
    if rollup.condition:
        conditions.append(rollup.condition.format(r=r))
    sources = []
    if r not in ("NEW", "OLD"):
        sources.append(f"{rollup.source} {r}")
    if joined:
        sources.append("applications a")
        conditions.append(f"a.id = {r}.application_id")
    count = f"{sign} * count(*)" if grouped else sign
    sql = f"SELECT {keys}, {count} AS n"
    if sources:
        sql += " FROM " + ", ".join(sources)
    sql += " WHERE " + (" AND ".join(conditions) or "1 = 1")
    if grouped:
        sql += " GROUP BY " + ", ".join(str(i + 1) for i in range(len(rollup.keys)))  # constants too
    return sql


def _tally(rollup: Rollup, select_sql: str) -> str:
    return (
        f"INSERT INTO {rollup.table} ({rollup.columns()}, n) {select_sql} "
        f"ON CONFLICT ({rollup.columns()}) DO UPDATE SET n = {rollup.table}.n + excluded.n"
    )


def backfill_statements(dialect: str) -> list[str]:
    """Fill the (empty) roll-up tables from the rows."""
    out = []
    for rollup in _rollups(dialect):
        select_sql = _select(rollup, "r", None if rollup.joins_application else "r", "1", [], grouped=True)
        out.append(f"INSERT INTO {rollup.table} ({rollup.columns()}, n) {select_sql}")
    return out


def _part(rollup: Rollup, table: str, row: str, sign: str) -> str | None:
    """The counts of the trigger's ``row`` (NEW or OLD) of ``table`` for ``rollup`` with ``sign``; for an
    application also those of its packages and refused items, which take their keys from it."""
    if rollup.source == table:
        if rollup.joins_application:
            return _select(rollup, row, None, sign, [], grouped=True)
        return _select(rollup, row, row, sign, [], grouped=False)
    if table == "applications" and rollup.source in APPLICATION_KEYED:
        return _select(rollup, "x", row, sign, [f"x.application_id = {row}.id"], grouped=True)
    return None


def _row_statements(dialect: str, table: str, rows: list[tuple[str, str]]) -> list[str]:
    """Per roll-up, one statement adding the counts of the trigger's ``rows`` ((NEW or OLD, sign), …): an update's
    old and new keys summed in one statement, the unchanged ones left alone, the rows locked in key order (the
    month before its days, table by table), so that two transactions never take two counts in opposite orders."""
    out = []
    for rollup in _rollups(dialect):
        parts = [part for row, sign in rows if (part := _part(rollup, table, row, sign))]
        if not parts:
            continue
        columns = rollup.columns()
        union = " UNION ALL ".join(parts)
        out.append(
            _tally(
                rollup,
                f"SELECT {columns}, sum(n) FROM ({union}) u WHERE 1 = 1 GROUP BY {columns} "
                f"HAVING sum(n) <> 0 ORDER BY {columns}",
            )
        )
    return out


def _changed(table: str, dialect: str) -> str:
    watched = WATCHED[table]
    if dialect == "sqlite":
        return " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in watched)


def sqlite_trigger_statements() -> list[str]:
    out = []
    for table in WATCHED:
        inserted = "; ".join(_row_statements("sqlite", table, [("NEW", "1")]))
        deleted = "; ".join(_row_statements("sqlite", table, [("OLD", "-1")]))
        updated = "; ".join(_row_statements("sqlite", table, [("OLD", "-1"), ("NEW", "1")]))
        update_of = ", ".join(WATCHED[table])
        out += [
            f"CREATE TRIGGER {table}_rollup_insert AFTER INSERT ON {table} BEGIN {inserted}; END",
            f"CREATE TRIGGER {table}_rollup_delete AFTER DELETE ON {table} BEGIN {deleted}; END",
            (
                f"CREATE TRIGGER {table}_rollup_update AFTER UPDATE OF {update_of} ON {table} "
                f"WHEN {_changed(table, 'sqlite')} BEGIN {updated}; END"
            ),
        ]
    return out


def pg_trigger_statements() -> list[str]:
    out = []
    for table in WATCHED:
        function = f"{table}_rollup"
        inserted = "; ".join(_row_statements("postgresql", table, [("NEW", "1")]))
        deleted = "; ".join(_row_statements("postgresql", table, [("OLD", "-1")]))
        updated = "; ".join(_row_statements("postgresql", table, [("OLD", "-1"), ("NEW", "1")]))
        out += [
            (
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'INSERT' THEN {inserted}; "
                f"ELSIF TG_OP = 'DELETE' THEN {deleted}; "
                f"ELSIF {_changed(table, 'postgresql')} THEN {updated}; END IF; "
                "RETURN NULL; END $$"
            ),
            (
                f"CREATE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(WATCHED[table])} "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
            ),
        ]
    return out


def trigger_statements(dialect: str) -> list[str]:
    return sqlite_trigger_statements() if dialect == "sqlite" else pg_trigger_statements()


def drop_trigger_statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_rollup_{op}"
            for t in WATCHED
            for op in ("insert", "delete", "update")
        ]
    return [f"DROP TRIGGER IF EXISTS {t}_rollup ON {t}" for t in WATCHED] + [
        f"DROP FUNCTION IF EXISTS {t}_rollup()" for t in WATCHED
    ]


def _run(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(text(statement))  # text(): the driver's own escaping of strftime's "%"


def rebuild(connection: Connection) -> None:
    """Empty the roll-up and count it again from the rows (in the caller's transaction)."""
    _run(connection, [f"DELETE FROM {table}" for table in TABLES])
    _run(connection, backfill_statements(connection.dialect.name))


def install(connection: Connection) -> None:
    """(Re)create the triggers (in the caller's transaction)."""
    dialect = connection.dialect.name
    _run(connection, [*drop_trigger_statements(dialect), *trigger_statements(dialect)])


def uninstall(connection: Connection) -> None:
    _run(connection, drop_trigger_statements(connection.dialect.name))


def _without_zeros(rows: list, out: dict[str, set[tuple]], table: str) -> None:
    merged: dict[tuple, int] = {}
    for row in rows:
        merged[tuple(row[:-1])] = merged.get(tuple(row[:-1]), 0) + int(row[-1])
    out.setdefault(table, set()).update((*k, n) for k, n in merged.items() if n)


def recount(connection: Connection) -> dict[str, set[tuple]]:
    """The roll-up counted from the rows now (for tests): table -> {(keys…, n)}, no zero counts."""
    out: dict[str, set[tuple]] = {}
    for rollup in _rollups(connection.dialect.name):
        select_sql = _select(rollup, "r", None if rollup.joins_application else "r", "1", [], grouped=True)
        _without_zeros(connection.execute(text(select_sql)).all(), out, rollup.table)
    return out


def stored(connection: Connection) -> dict[str, set[tuple]]:
    """The roll-up as stored (for tests): table -> {(keys…, n)}, no zero counts."""
    out: dict[str, set[tuple]] = {}
    for rollup in _rollups(connection.dialect.name):
        columns = rollup.columns()
        rows = connection.execute(text(f"SELECT {columns}, n FROM {rollup.table}")).all()
        if rollup.table not in out:
            _without_zeros(rows, out, rollup.table)
    return out
