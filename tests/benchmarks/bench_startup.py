"""Start-up as whole processes, each beside the simplest program doing the same job, in the same run. On demand:

    /work/venv/bin/python -m tests.benchmarks.bench_startup [--runs 11] [--platform offscreen|xcb]

Not collected by pytest (tests/benchmarks is ignored). Every figure is a fresh process, timed from just before
it is spawned until it has exited (``os.wait4``, which also gives its peak resident set and its CPU time, user +
system: on a shared machine the CPU time is the steadier figure); runs of the pairs are interleaved so that a
busy machine slows both sides alike; medians are printed with their ratio, and the load average:

- start to the login window: ``counter-app`` on an SQLite database at the newest schema with users (the login
  dialog's first show, after its events are processed, ends the process) / a bare PySide6 dialog shown the same way;
- ``counter-app --help`` / ``python -c pass``;
- ``counter-app print specimen acceptance --service guardian-benefit --lang kk`` / a bare ReportLab receipt:
  the same DejaVu Sans registered, a few Kazakh lines drawn, the PDF written; and beside it the same receipt
  laid out with ReportLab's platypus (wrapped Paragraphs in a page template), as the printed forms are.

The machine may be shared with other work: only the ratios, measured in the same run, mean much.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNTER = (
    "import sys\nfrom counter_app.cli import main\nsys.exit(main())\n"  # what the counter-app script runs
)

# The login dialog's first show ends the process once the event loop has had its turn (painted on xcb).
COUNTER_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from counter_app.ui import login
_shown = login.LoginDialog.showEvent
def showEvent(self, event):
    _shown(self, event)
    QTimer.singleShot(0, lambda: os._exit(0))
login.LoginDialog.showEvent = showEvent
from counter_app.cli import main
main([])
os._exit(3)
"""

BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
class Dialog(QDialog):
    def showEvent(self, event):
        super().showEvent(event)
        QTimer.singleShot(0, lambda: os._exit(0))
app = QApplication(sys.argv)
dialog = Dialog()
layout = QVBoxLayout(dialog)
layout.addWidget(QLineEdit())
layout.addWidget(QLineEdit())
dialog.show()
app.exec()
os._exit(3)
"""

BARE_RECEIPT = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(TTFont("DejaVuSans", sys.argv[1]))
pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", sys.argv[2]))
page = canvas.Canvas(sys.argv[3], pagesize=A4)
page.setFont("DejaVuSans-Bold", 12)
page.drawString(60, 780, "Құжаттарды қабылдағаны туралы қолхат № 4-20261123-0001")
page.setFont("DejaVuSans", 10)
for line in range(12):
    page.drawString(60, 750 - 16 * line, f"{line + 1}. Жеке басын куәландыратын құжат (түпнұсқа) — Ғ Қ Ң Ө Ұ Ү Һ І ₸")
page.showPage()
page.save()
"""

# The same receipt laid out as the printed forms are: ReportLab's platypus (a page template, wrapped Paragraphs).
BARE_PLATYPUS_RECEIPT = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
pdfmetrics.registerFont(TTFont("DejaVuSans", sys.argv[1]))
pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", sys.argv[2]))
title = ParagraphStyle("title", fontName="DejaVuSans-Bold", fontSize=12, leading=15)
body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
story = [Paragraph("Құжаттарды қабылдағаны туралы қолхат № 4-20261123-0001", title)]
for line in range(12):
    story.append(Paragraph(f"{line + 1}. Жеке басын куәландыратын құжат (түпнұсқа) — Ғ Қ Ң Ө Ұ Ү Һ І ₸", body))
SimpleDocTemplate(sys.argv[3], pagesize=A4).build(story)
"""

SETUP = """
from counter_app.storage.db import open_database
from counter_app.core.usecases.demo import seed_demo
db = open_database()
seed_demo(db)
db.dispose()
"""


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds from spawn to exit, the peak resident set in MiB and the CPU seconds (user + system) of one
    process (which must succeed)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{error}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss: KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--platform", choices=("offscreen", "xcb"), default="offscreen")
    args = parser.parse_args()
    python = sys.executable
    fonts = ROOT / "resources" / "fonts"
    # An installed program has its bytecode compiled (pip and PyInstaller do it); a checkout started with
    # PYTHONDONTWRITEBYTECODE set (as some shells and CI images do) would compile every module of Counter again
    # at each start and time the compiler, so the tree is compiled once here.
    compileall.compile_dir(ROOT / "counter_app", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
            "COUNTER_DATA_DIR": tmp,
            "XDG_CONFIG_HOME": tmp,
            "QT_QPA_PLATFORM": args.platform,
        }
        env.pop("COUNTER_DB_URL", None)
        subprocess.run([python, "-c", SETUP], env=env, check=True)
        out = str(Path(tmp) / "out.pdf")
        pairs = {
            "start to the login window": (
                [python, "-c", COUNTER_WINDOW],
                [python, "-c", BARE_WINDOW],
                "bare PySide6 dialog",
            ),
            "counter-app --help": (
                [python, "-c", COUNTER, "--help"],
                [python, "-c", "pass"],
                "python -c pass",
            ),
            "print specimen acceptance": (
                [
                    python,
                    "-c",
                    COUNTER,
                    "print",
                    "specimen",
                    "acceptance",
                    "--service",
                    "guardian-benefit",
                    "--lang",
                    "kk",
                    "--out",
                    out,
                ],
                [
                    python,
                    "-c",
                    BARE_RECEIPT,
                    str(fonts / "DejaVuSans.ttf"),
                    str(fonts / "DejaVuSans-Bold.ttf"),
                    out,
                ],
                "bare ReportLab receipt",
            ),
        }
        pairs["print specimen (platypus)"] = (
            pairs["print specimen acceptance"][0],
            [python, "-c", BARE_PLATYPUS_RECEIPT, *pairs["print specimen acceptance"][1][3:]],
            "bare ReportLab receipt, platypus",
        )
        results: dict[str, dict[str, list[tuple[float, float, float]]]] = {
            name: {"counter": [], "floor": []} for name in pairs
        }
        for counter, floor, _label in pairs.values():  # warm the file cache once, not timed
            run_once(counter, env)
            run_once(floor, env)
        for _ in range(args.runs):
            for name, (counter, floor, _label) in pairs.items():
                results[name]["counter"].append(run_once(counter, env))
                results[name]["floor"].append(run_once(floor, env))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"median of {args.runs} runs each, QT_QPA_PLATFORM={args.platform}, {os.cpu_count()} CPUs, "
        f"load average {load}"
    )
    print(
        f"{'what':<28} {'wall':>7} {'floor':>7} {'ratio':>6} {'CPU':>7} {'floor':>7} {'ratio':>6} "
        f"{'MiB':>5} {'floor':>5} {'ratio':>6}  floor"
    )
    for name, (_counter, _floor, label) in pairs.items():
        c_time, c_mem, c_cpu = (statistics.median(r[i] for r in results[name]["counter"]) for i in range(3))
        f_time, f_mem, f_cpu = (statistics.median(r[i] for r in results[name]["floor"]) for i in range(3))
        print(
            f"{name:<28} {c_time * 1000:>5.0f}ms {f_time * 1000:>5.0f}ms {c_time / f_time:>5.1f}× "
            f"{c_cpu * 1000:>5.0f}ms {f_cpu * 1000:>5.0f}ms {c_cpu / f_cpu:>5.1f}× "
            f"{c_mem:>5.0f} {f_mem:>5.0f} {c_mem / f_mem:>5.1f}×  {label}"
        )


if __name__ == "__main__":
    main()
