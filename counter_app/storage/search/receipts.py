"""IIN digits and receipt numbers: ranges of b-trees, read the newest first (the start of a number and any middle
of one bucket by bucket)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from counter_app.storage.search import tuning
from counter_app.storage.search.schema import (
    SUFFIX_BUCKET,
    SUFFIX_TABLE,
    number_sql,
    receipt_tail_sql,
    reversed_iin_sql,
)
from counter_app.storage.search.sql import _after, _ids, _like, _newest, _p, _range_newest

# The start of a receipt number: the department, a dash, then digits (and dashes) of the day and serial.
RECEIPT_START = re.compile(r"^[^\s-]+-\d[\d-]*$")
# A receipt number without its department: the whole day, then a dash and the serial's start (``20251123-00``),
# or a dash before the day (``-20251123``); the day's eight digits alone are an IIN's last digits.
RECEIPT_TAIL = re.compile(r"^(-\d{8}(-[\d-]*)?|\d{8}-[\d-]*)$")
# Any other middle of a receipt number: digits and at least one dash (digits alone are an IIN's last digits).
RECEIPT_MIDDLE = re.compile(r"^[0-9-]*-[0-9-]*$")


def iin_tail_ids(connection: Connection, digits: str, limit: int) -> list[int]:
    """Applications whose IIN ends with ``digits``, the newest first: a range of the reversed-IIN index."""
    dialect = connection.dialect.name
    low = digits[::-1]
    return _ids(
        connection,
        _range_newest(
            dialect,
            f"{reversed_iin_sql(dialect)} >= {_p(dialect, 'low')} "
            f"AND {reversed_iin_sql(dialect)} < {_p(dialect, 'high')}",
            limit,
        ),
        {"low": low, "high": _after(low)},
    )


def receipt_start_ids(connection: Connection, start: str, limit: int) -> list[int]:
    """Applications whose receipt number starts with ``start`` (as typed, or in capitals), the newest first: read
    from the receipt numbers' bucket index, the newest bucket first (the number's own index gives a range in the
    number's order, read whole and sorted to find the newest: 15-300 ms for a month or a year at a million)."""
    dialect = connection.dialect.name
    where = _Buckets("applications", f"id / {SUFFIX_BUCKET}", number_sql(dialect), "id")
    ids: list[int] = []
    for prefix in dict.fromkeys((start, start.upper())):
        ids += _newest_in_buckets(connection, where, prefix, _like(prefix)[1:], limit)
    return _newest(ids, limit)


def receipt_tail_ids(connection: Connection, tail: str, limit: int) -> list[int]:
    """Applications of any department whose receipt number continues with ``tail`` after the department and
    its dash (``20251123-00``), the newest first: a range of the index on that part of the number."""
    dialect = connection.dialect.name
    column_sql = receipt_tail_sql(dialect)
    return _ids(
        connection,
        _range_newest(
            dialect, f"{column_sql} >= {_p(dialect, 'low')} AND {column_sql} < {_p(dialect, 'high')}", limit
        ),
        {"low": tail, "high": _after(tail)},
    )


def receipt_middle_ids(connection: Connection, middle: str, limit: int) -> list[int]:
    """Applications whose receipt number holds ``middle`` (digits and a dash) anywhere, the newest first: the
    numbers having a suffix that starts with it, read from the suffix table's buckets, the newest first."""
    return _newest_in_buckets(connection, SUFFIXES, middle, _like(middle), limit)


@dataclass(frozen=True)
class _Buckets:
    """A b-tree on (bucket, key, application id), a bucket being ``SUFFIX_BUCKET`` consecutive ids: ``table``,
    and the SQL of the three in it."""

    table: str
    bucket: str
    key: str
    id: str
    distinct: str = ""  # "DISTINCT " when an id may stand in a bucket's range more than once (suffixes)


SUFFIXES = _Buckets(SUFFIX_TABLE, "bucket", "suffix", "application_id", "DISTINCT ")  # a middle's receipts


def pg_buckets_down_from(newest: str) -> str:
    """PostgreSQL: the condition on a bucket of being one of ``newest`` (SQL) and every older one, as one array
    (built in the same statement: one round trip)."""
    return f"= ANY (ARRAY(SELECT generate_series({newest}, 0, -1)))"


def probe_cte(dialect: str, where: _Buckets, buckets: str, probe: int, under: str = "") -> str:
    """The CTE ``probe`` (bucket, id): the rows of ``where`` whose key is in the range of the parameters ``low``
    to ``high``, in the buckets ``buckets`` (a condition on the bucket; ``under``: another, with its AND), the
    newest bucket first, at most ``probe`` + 1 of them."""
    return (
        f"probe AS MATERIALIZED (SELECT {where.bucket} AS bucket, {where.id} AS id FROM {where.table} "
        f"WHERE {where.bucket} {buckets} AND {where.key} >= {_p(dialect, 'low')} "
        f"AND {where.key} < {_p(dialect, 'high')} {under}ORDER BY {where.bucket} DESC LIMIT {probe + 1})"
    )


def receipt_middle_below(
    connection: Connection, middle: str, below: int, limit: int
) -> tuple[list[int], int | None]:
    """For an intersection with other lists: the newest ``limit`` ids below ``below`` whose receipt number has a
    suffix in the suffix table starting with ``middle``, and the bucket it turned dense in, if it did: the probe
    (``limit / 2`` rows: 1 ms at a million on PostgreSQL, 2.3 ms for 512) stopped inside the first bucket
    holding the middle; its ids there and below are not read (the caller tests rows for it instead), those above
    it are all given."""
    return _probed_buckets(connection, SUFFIXES, middle, _like(middle), limit, below, max(limit // 2, 1))


def _newest_in_buckets(
    connection: Connection, where: _Buckets, start: str, like: str, limit: int
) -> list[int]:
    return _probed_buckets(connection, where, start, like, limit, None, int(tuning.SUFFIX_PROBE))[0]


def _probed_buckets(
    connection: Connection,
    where: _Buckets,
    start: str,
    like: str,
    limit: int,
    below: int | None,
    probe: int,
) -> tuple[list[int], int | None]:
    """The newest ``limit`` application ids whose key in ``where`` starts with ``start`` (``like``: the same test
    on the receipt number).

    The range of ``start`` in each bucket, the newest bucket first, is read in one statement up to
    ``SUFFIX_PROBE`` rows, and the ids of the buckets read whole are sorted, until the page is full. When the
    probe stops inside the first bucket holding the range (more than ``SUFFIX_PROBE`` rows alone), the page is in
    it, at or above the oldest of the page among the rows read (``_dense_bucket_ids``; the older buckets next
    only for a page longer than the probe). With ``below`` (ids below it only), the dense bucket's ids are not
    read: the ids found above it and the bucket are returned."""
    dialect = connection.dialect.name
    found: list[int] = []
    # the newest bucket to read: at first the newest of all (or of the ids below ``below``)
    high: int | None = None
    cap = "" if below is None else f"LEAST({(int(below) - 1) // SUFFIX_BUCKET}, "
    under = "" if below is None else f"AND {where.id} < {int(below)} "
    while high is None or high >= 0:
        if dialect == "sqlite":  # each bucket's seek in the key's order (the newest id looked up at once)
            if high is None:
                top = connection.exec_driver_sql("SELECT max(id) FROM applications").scalar()
                if top is None:
                    return found, None
                high = top // SUFFIX_BUCKET if below is None else min(top, below - 1) // SUFFIX_BUCKET
            buckets = "IN (" + ", ".join(str(b) for b in range(high, -1, -1)) + ")"
        else:  # an array of the buckets (in the same statement: one round trip)
            newest = (
                f"{cap}(SELECT max(id) FROM applications) / {SUFFIX_BUCKET}{')' if cap else ''}"
                if high is None
                else str(int(high))
            )
            buckets = pg_buckets_down_from(newest)
        page = limit - len(found)
        # The probe's rows, how many and the bucket it stopped in, and the newest ids of the buckets it read
        # whole (all of them when it did not stop): one row per id, or one row of NULL when there is none. When
        # it stopped in the newest bucket it read, how many of the page are among the rows it read there and the
        # oldest of them.
        rows = connection.exec_driver_sql(
            f"WITH {probe_cte(dialect, where, buckets, probe, under)}, "
            "edge AS (SELECT count(*) AS n, min(bucket) AS last, max(bucket) AS top FROM probe), "
            f"dense AS (SELECT count(*) AS k, min(id) AS low FROM (SELECT {where.distinct}probe.id FROM probe CROSS JOIN "
            f"edge WHERE edge.n > {probe} AND edge.top = edge.last ORDER BY id DESC LIMIT {page}) AS d) "
            "SELECT edge.n, edge.last, edge.top, dense.k, dense.low, whole.id FROM edge CROSS JOIN dense "
            f"LEFT JOIN (SELECT {where.distinct}probe.id FROM probe CROSS JOIN edge "
            f"WHERE edge.n <= {probe} OR probe.bucket > edge.last ORDER BY id DESC LIMIT {page}) AS whole "
            "ON 1 = 1 ORDER BY whole.id DESC",
            {"low": start, "high": _after(start)},
        ).all()
        read, high, top, seen, oldest = rows[0][:5]
        found += [row[5] for row in rows if row[5] is not None]
        if len(found) >= limit or read <= probe:
            return found, None
        if (
            top != high
        ):  # stopped in a later bucket: read again from it (sparse: the probe as long as the page)
            probe = max(probe, limit) if below is not None else probe
            continue
        if below is not None:  # the bucket it stopped in holds more alone (so nothing was found above it)
            return found, high
        bound = oldest if seen >= page else high * SUFFIX_BUCKET
        found += _dense_bucket_ids(connection, where, start, like, high, bound, page)
        if len(found) >= limit or high == 0:
            return found, None
        high -= 1  # a page longer than the probe: the older buckets next
    return found, None


def _dense_bucket_ids(
    connection: Connection, where: _Buckets, start: str, like: str, bucket: int, bound: int, limit: int
) -> list[int]:
    """The newest ``limit`` ids of ``bucket`` whose key in ``where`` starts with ``start``, which are all ``bound``
    or above (the probe found ``limit`` of them from ``bound`` on, or it is the bucket's first id): read
    downwards by the primary key, testing ``like``, when at most ``DENSE_ROWS`` ids are left above it (dense
    matches: ``-00``), else the bucket's range from ``bound`` on, sorted (a month's numbers below ten thousand
    newer ones: a few thousand index entries instead of ten thousand rows)."""
    dialect = connection.dialect.name
    top = (bucket + 1) * SUFFIX_BUCKET
    if top - bound <= tuning.DENSE_ROWS:
        return _ids(
            connection,
            f"SELECT id FROM applications WHERE id >= {int(bound)} AND id < {top} "
            f"AND receipt_number LIKE {_p(dialect, 'like')} ESCAPE '\\' ORDER BY id DESC LIMIT {int(limit)}",
            {"like": like},
        )
    return _ids(
        connection,
        _range_newest(
            dialect,
            f"{where.bucket} = {int(bucket)} AND {where.key} >= {_p(dialect, 'low')} "
            f"AND {where.key} < {_p(dialect, 'high')} AND {where.id} >= {int(bound)}",
            limit,
            where.table,
            where.id,
            where.distinct,
        ),
        {"low": start, "high": _after(start)},
    )
