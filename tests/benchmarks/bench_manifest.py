"""Time and peak memory of printing a courier manifest of many packages (two copies, kk and ru). Run on demand:

    /work/venv/bin/python tests/benchmarks/bench_manifest.py [--packages N] [--runs N] [--kind handoff|return]

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
Time is the median of N renders; peak memory is what Python allocated during one more render (tracemalloc,
measured apart because tracing slows the render down), and the process's peak resident set at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import time
import tracemalloc

from pypdf import PdfReader

from counter_app.core.catalog import load_catalog
from counter_app.core.office import Bilingual
from counter_app.printing.manifest import manifest_specimen, render_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kind", choices=("handoff", "return"), default="handoff")
    parser.add_argument("--date", default="2026-11-23")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.date)
    services = tuple(
        Bilingual(kk=service.short_names.kk, ru=service.short_names.ru)
        for service, version in load_catalog().in_force(day)
        if version.accepted_at_counter
    )
    data = manifest_specimen(services, args.packages, args.kind, day)  # built once; only the render is timed
    render_manifest(manifest_specimen(services, 3, args.kind, day), "kk")  # warm up: fonts, texts, Babel
    print(f"{args.kind} manifest, {args.packages} packages, {args.runs} runs each")
    print(f"{'lang':<4} {'median ms':>10} {'min ms':>8} {'peak MiB':>9} {'pages':>6} {'KiB':>7}")
    for lang in ("kk", "ru"):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf = render_manifest(data, lang)
            times.append((time.perf_counter() - start) * 1000)
        tracemalloc.start()
        render_manifest(data, lang)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
        print(
            f"{lang:<4} {statistics.median(times):>10.1f} {min(times):>8.1f} {peak / 2**20:>9.1f} {pages:>6} "
            f"{len(pdf) / 1024:>7.1f}"
        )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    print(f"process peak RSS: {max_rss / (2**20 if sys.platform == 'darwin' else 2**10):.1f} MiB")


if __name__ == "__main__":
    main()
