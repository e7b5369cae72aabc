"""The manager in their own process: builds hand-off manifests for every provider, over and over, while the
windows accept; gives up every fourth manifest (its packages wait for the next one).

    python -m tests.concurrency.manager_worker DATABASE_URL YYYY-MM-DD

Prints "ready", then one line per manifest: "built <number> <packages>" or "cancelled <number>". A line on
stdin asks it to finish: one last round (so that every waiting package gets on a manifest) and exit.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading

from counter_app.core.domain.handoff_errors import NothingToHandOff
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.manifests import build_manifest, cancel_manifest, load_manifest
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database

CANCEL_EVERY = 4
ROUND_PAUSE_S = 0.3  # a manager builds a few manifests a second at most, not hundreds


def main(url: str, day: dt.date) -> None:
    db = Database(url)
    manager = Accounts(db).find("manager")
    providers = [p.id for p in OfficeSettings(db).load().providers]
    finish = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), finish.set()), daemon=True).start()
    print("ready", flush=True)
    built = 0
    while True:
        last_round = finish.is_set()
        for provider in providers:
            try:
                number = build_manifest(db, manager, provider, day)
            except NothingToHandOff:
                continue
            built += 1
            print("built", number, len(load_manifest(db, number).lines), flush=True)
            if built % CANCEL_EVERY == 0 and not last_round:
                cancel_manifest(db, manager, number)
                print("cancelled", number, flush=True)
        if last_round:
            break
        finish.wait(ROUND_PAUSE_S)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], dt.date.fromisoformat(sys.argv[2]))
