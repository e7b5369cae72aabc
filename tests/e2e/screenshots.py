"""Screenshots of the screens and dialogs at 1366x768 in Kazakh and Russian, from the real program on Xvfb,
driven by the keyboard as in the real-window tests. Run on demand (not a test):

    .venv/bin/python -m tests.e2e.screenshots [OUT_DIR]      # default: resources/screenshots

Each language runs on a fresh database: an operator's benefit intake page by page, the print preview, the
Applications tab, the Results and catalog screens, the lock screen; then a manager's Handoff screen the next day
with a manifest built and the courier pickup dialog.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from counter_app.core.domain.catalog import load_catalog
from tests.support.desk import (
    APPLICANT_IIN,
    MARK_KEYS,
    NEXT_PAGE,
    Intake,
    _handler,
    good_mark,
    log_in,
    page_of,
)
from tests.support.xsession import DESK_DAY, Counter, XServer, wait_for

SETTLE = 0.6  # seconds for a repaint after the focus arrived (a screenshot, not a test: no assertion on it)


QUIET: list[Counter] = []  # the program being photographed: wait until its background work is done


def snap(x: XServer, out: Path, name: str) -> None:
    import time

    for counter in QUIET:
        wait_for(lambda c=counter: (c.lines("busy") or ["0"])[-1] == "0", "the program to finish its work")
    time.sleep(SETTLE)
    x.screenshot(out / f"{name}.png")
    print(out / f"{name}.png")


def operator_desk(x: XServer, data: Path, out: Path, lang: str, catalog) -> None:
    counter = Counter(x, data, lang=lang)
    QUIET[:] = [counter]
    try:
        counter.wait_focus(r"^LoginDialog\.username$")
        snap(x, out, f"login-{lang}")
        log_in(counter, "operator")
        counter.wait_focus(r"ServicePage\.filter$")
        intake = Intake(counter, catalog, "guardian-benefit", DESK_DAY, ticket=("A017", "09:40"))
        counter.type(catalog.service("guardian-benefit").short_names.get(lang)[:6])
        snap(x, out, f"intake-service-{lang}")
        counter.key("ctrl+a")
        intake.service_page()
        page = "ServicePage"
        while True:
            wait_for(lambda left=page: page_of(counter.focus()) != left, "the next page")
            page = page_of(counter.wait_focus(NEXT_PAGE))
            if page == "DonePage":
                snap(x, out, f"intake-done-{lang}")
                break
            if page == "ChecklistPage":
                items = intake.items()
                counter.key(*[MARK_KEYS[good_mark(item)] for item in items[:-1]])
                snap(x, out, f"intake-checklist-{lang}")
                counter.key(MARK_KEYS[good_mark(items[-1])], "Return")
                continue
            if page.startswith("QPushButton"):
                snap(x, out, f"intake-decision-{lang}")
            getattr(intake, _handler(page))()
            if page == "ApplicantPage":
                pass
        counter.key("F9")
        counter.wait_focus(r"PdfPreviewDialog")
        snap(x, out, f"print-preview-{lang}")
        counter.key("Return")
        counter.wait_focus(r"DonePage")
        counter.key("F10")
        counter.wait_focus(r"ServicePage\.filter$")
        counter.key("ctrl+f")
        counter.wait_focus(r"ApplicationsTab\.search$")
        counter.type(APPLICANT_IIN[-4:])
        counter.key("Return")
        counter.wait_focus(r"ApplicationsTab\.table$")
        counter.key("Return")
        snap(x, out, f"intake-applications-{lang}")
        counter.key("ctrl+3")
        counter.wait_focus(r"ResultsScreen")
        counter.type(APPLICANT_IIN)
        counter.key("Return")
        import time

        time.sleep(2)  # the search runs in the background
        snap(x, out, f"results-{lang}")
        counter.key("ctrl+4")
        counter.wait_focus(r"CatalogScreen")
        snap(x, out, "main-window" if lang == "kk" else f"catalog-{lang}")
        counter.key("ctrl+l")
        counter.wait_focus(r"LockScreen\.password$")
        snap(x, out, f"lock-{lang}")
    finally:
        counter.stop()


def manager_desk(x: XServer, data: Path, out: Path, lang: str) -> None:
    counter = Counter(x, data, lang=lang, day=DESK_DAY + dt.timedelta(days=1))
    QUIET[:] = [counter]
    try:
        log_in(counter, "manager")
        counter.wait_focus(r"^MainWindow/CatalogScreen")
        loads = counter.busy_count()
        counter.key("ctrl+2")
        counter.wait_focus(r"QueueTab\.providers_view$")
        counter.wait_idle(loads)
        snap(x, out, f"handoff-queue-{lang}")
        counter.press_until("ctrl+b", r"ManifestsTab\.manifests_view$")
        import time

        time.sleep(2)  # the manifests tab reloads after the build
        snap(x, out, f"handoff-{lang}")
        counter.press_until("F6", r"PickupDialog\.courier$")
        counter.type("Нұрлан Жақсылықов")
        snap(x, out, f"handoff-pickup-{lang}")
        counter.key("Escape")
    finally:
        counter.stop()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    for lang in ("kk", "ru"):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            x = XServer(window_manager=False, log_dir=tmp_path)
            try:
                data = tmp_path / "data"
                data.mkdir()
                operator_desk(x, data, out, lang, catalog)
                manager_desk(x, data, out, lang)
            finally:
                x.stop()


if __name__ == "__main__":
    main()
