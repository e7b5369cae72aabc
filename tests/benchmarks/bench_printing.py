"""Time the rendering of each printed form (median of N runs). Run on demand:

    /work/venv/bin/python -m tests.benchmarks.bench_printing [--runs N] [--service CODE]

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from counter_app.core.domain.catalog import load_catalog
from counter_app.printing import render_acceptance_receipt, render_application, render_refusal_receipt
from counter_app.printing.specimen import acceptance_specimen, application_specimen, refusal_specimen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--service", default="guardian-benefit")
    parser.add_argument("--date", default="2026-11-23")
    args = parser.parse_args()
    catalog = load_catalog()
    service = catalog.service(args.service)
    day = dt.date.fromisoformat(args.date)
    version = service.version_on(day)
    assert version is not None, f"{service.code} has no version in force on {day}"
    forms = {  # the data is built once; only the rendering to PDF bytes is timed
        "acceptance": (render_acceptance_receipt, acceptance_specimen(service, version, day)),
        "refusal": (render_refusal_receipt, refusal_specimen(service, version, day)),
        "application": (render_application, application_specimen(service, version, day)),
    }
    for render, data in forms.values():  # warm up: fonts, texts, Babel locales
        render(data, "kk")
    print(f"{service.code}, {args.runs} runs each")
    print(f"{'form':<12} {'lang':<4} {'median ms':>10} {'min ms':>8} {'KiB':>6}")
    for form, (render, data) in forms.items():
        for lang in ("kk", "ru"):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                pdf = render(data, lang)
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"{form:<12} {lang:<4} {statistics.median(times):>10.1f} {min(times):>8.1f} {len(pdf) / 1024:>6.1f}"
            )


if __name__ == "__main__":
    main()
