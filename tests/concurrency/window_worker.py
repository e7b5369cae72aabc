"""One counter window in its own process: accepts (and now and then refuses) intakes as fast as it can.

    python -m tests.concurrency.window_worker DATABASE_URL WINDOW COUNT

Prints "ready", waits for a line on stdin (so that every window starts at once), then one line per intake:
"<decision> <receipt number> <queue ticket>". Every seventh intake lacks the bank account contract and is
refused. Any error ends the process with a traceback and a non-zero exit code.
"""

from __future__ import annotations

import sys

from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.domain.intake_rules import default_catalog
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.intake import accept, refuse
from counter_app.storage.db import Database
from tests.support.intake_helpers import TODAY, complete_draft

REFUSE_EVERY = 7


def ticket(window: str, index: int) -> str:
    return f"W{window}-{index:04d}"


def main(url: str, window: str, count: int) -> None:
    db = Database(url)
    catalog = default_catalog()
    operator = Accounts(db).find("operator")
    template = complete_draft(catalog, "guardian-benefit")
    print("ready", flush=True)
    sys.stdin.readline()
    for index in range(count):
        draft = template.model_copy(deep=True)
        draft.queue_ticket = ticket(window, index)
        if index % REFUSE_EVERY == REFUSE_EVERY - 1:
            draft.marks["bank_account_contract"] = ItemMark(mark=Mark.MISSING)
            number = refuse(db, operator, draft, TODAY, window=window, catalog=catalog)
            print("refused", number, draft.queue_ticket, flush=True)
        else:
            number = accept(db, operator, draft, TODAY, window=window, catalog=catalog)
            print("accepted", number, draft.queue_ticket, flush=True)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
