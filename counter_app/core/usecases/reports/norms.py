"""The counter's own norms: waiting and service time per operator, per service and for all.

Read from the roll-up's histograms (``rollup_times``: applications per whole minute, rounded up), summed over the
period's months and days in one statement into at most (operators × services × minutes) buckets: the median and
the 90th percentile by nearest rank at minute resolution (given in seconds) and the number over the norm (exact:
a norm is whole minutes) are then read off those few buckets, per operator, per service and for all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.core.domain.catalog import Catalog
from counter_app.core.usecases.reports.figures import (
    DEFAULT_NORM_MINUTES,
    NO_TIMES,
    NormRow,
    ReportFilter,
    TimeFigures,
)
from counter_app.core.usecases.reports.measures import cohort, norm_minutes_of
from counter_app.storage.rollup_tables import RollupIntakeRow, RollupTimeRow

T = RollupTimeRow
Histogram = dict[int, int]  # minutes -> applications


def _figures(histogram: Histogram, over: int) -> TimeFigures:
    measured = sum(histogram.values())
    if not measured:
        return NO_TIMES
    median = p90 = None
    running = 0
    for minutes in sorted(histogram):  # nearest rank: the first value whose running count reaches the rank
        running += histogram[minutes]
        if median is None and running * 2 >= measured:
            median = minutes * 60
        if p90 is None and running * 10 >= measured * 9:
            p90 = minutes * 60
    return TimeFigures(measured, median, p90, over)


def norms_of(
    session: Session, f: ReportFilter, catalog: Catalog, today: dt.date, users: dict[str, str]
) -> tuple[NormRow, list[NormRow], list[NormRow]]:
    """The norms for all, per operator and per service."""
    intakes: dict[tuple[str, str], int] = {
        (u, s): int(n)
        for u, s, n in session.execute(
            select(RollupIntakeRow.username, RollupIntakeRow.service_code, func.sum(RollupIntakeRow.n))
            .where(*cohort(RollupIntakeRow, f))
            .group_by(RollupIntakeRow.username, RollupIntakeRow.service_code)
            .having(func.sum(RollupIntakeRow.n) != 0)
        )
    }
    buckets = session.execute(
        select(T.measure, T.username, T.service_code, T.minutes, func.sum(T.n))
        .where(*cohort(T, f))
        .group_by(T.measure, T.username, T.service_code, T.minutes)
        .having(func.sum(T.n) != 0)
    ).all()
    norms = dict(zip(("wait", "service"), norm_minutes_of(catalog, today), strict=True))
    histograms: dict[tuple[str, str, str], Histogram] = defaultdict(lambda: defaultdict(int))
    over: dict[tuple[str, str, str], int] = defaultdict(int)
    for measure, username, code, minutes, n in buckets:  # one per operator, service and minute
        for kind, key in (("o", username), ("s", code), ("t", "")):
            histograms[(measure, kind, key)][int(minutes)] += int(n)
            if minutes > norms[measure].get(code, DEFAULT_NORM_MINUTES):
                over[(measure, kind, key)] += int(n)
    cells = sorted(intakes)

    def row(kind: str, key: str, name: str) -> NormRow:
        count = sum(n for (u, s), n in intakes.items() if {"o": u, "s": s, "t": ""}[kind] == key)

        def figures(measure: str) -> TimeFigures:
            return _figures(histograms.get((measure, kind, key), {}), over.get((measure, kind, key), 0))

        return NormRow(key, name, count, figures("wait"), figures("service"))

    total = row("t", "", "") if cells else NormRow("", "", 0, NO_TIMES, NO_TIMES)
    return (
        total,
        [row("o", u, users.get(u, u)) for u in sorted({c[0] for c in cells})],
        [row("s", s, s) for s in sorted({c[1] for c in cells})],
    )
