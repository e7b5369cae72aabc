"""Drafts survive a killed process; receipt numbers stay unique and gap-free with several processes writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from counter_app.core.domain.intake_draft import IntakeDraft
from counter_app.core.usecases.drafts import Drafts
from tests.support.intake_helpers import TODAY, complete_draft

_SAVE_AND_HANG = textwrap.dedent(
    """
    import sys, time
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.drafts import Drafts
    from counter_app.core.domain.intake_draft import IntakeDraft
    from counter_app.storage.db import Database
    db = Database(sys.argv[1])
    operator = Accounts(db).find("operator")
    Drafts(db).save(operator, IntakeDraft.from_json(sys.stdin.read()))
    print("saved", flush=True)
    time.sleep(600)
    """
)

_RESUME = textwrap.dedent(
    """
    import sys
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.drafts import Drafts
    from counter_app.storage.db import Database
    db = Database(sys.argv[1])
    print(Drafts(db).load(Accounts(db).find("operator")).to_json())
    """
)


def _run(script: str, url: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, url],
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        **kwargs,
    )


def test_a_draft_survives_sigkill_and_is_resumed_with_everything_typed(db, catalog):
    draft = complete_draft(catalog, "guardian-benefit", children=2)
    draft.answers = {"one_window_guardianship": True}
    draft.children[1].answers = {"child_born_abroad": True}
    draft.page = 6
    saver = _run(_SAVE_AND_HANG, db.url)
    saver.stdin.write(draft.to_json())
    saver.stdin.close()
    assert saver.stdout.readline().strip() == "saved"
    os.kill(saver.pid, signal.SIGKILL)
    assert saver.wait() == -signal.SIGKILL
    saver.stdout.close()

    resumer = _run(_RESUME, db.url)
    out, _err = resumer.communicate("")
    assert resumer.returncode == 0
    assert IntakeDraft.from_json(out) == draft


def test_accept_discards_the_operators_draft(db, operator, catalog):
    from counter_app.core.usecases.intake import accept

    draft = complete_draft(catalog, "guardian-benefit")
    drafts = Drafts(db)
    drafts.save(operator, draft)
    drafts.save(operator, draft.model_copy(update={"page": 3}))  # saved again: still one draft
    assert drafts.load(operator).page == 3
    accept(db, operator, draft, TODAY, catalog=catalog)
    assert drafts.load(operator) is None


def test_cancelling_an_intake_discards_the_draft_and_is_journaled(db, operator, catalog):
    from counter_app.core.usecases.audit import AuditLog

    drafts = Drafts(db)
    drafts.save(operator, complete_draft(catalog, "guardian-benefit"))
    drafts.discard(operator)
    assert drafts.load(operator) is None
    cancelled = [e for e in AuditLog(db).recent() if e.action == "intake_cancelled"]
    assert len(cancelled) == 1 and cancelled[0].username == operator.username
    assert cancelled[0].detail.startswith("guardian-benefit;")
    drafts.discard(operator)  # nothing left to cancel: nothing journaled
    assert len([e for e in AuditLog(db).recent() if e.action == "intake_cancelled"]) == 1


_ACCEPT_MANY = textwrap.dedent(
    """
    import sys
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.domain.intake_draft import IntakeDraft
    from counter_app.core.usecases.intake import accept
    from counter_app.storage.db import Database
    import datetime as dt
    db = Database(sys.argv[1])
    operator = Accounts(db).find("operator")
    draft = IntakeDraft.from_json(sys.stdin.readline())
    for _ in range(8):
        print(accept(db, operator, draft, dt.date(2026, 11, 23), window="w"), flush=True)
    """
)


def test_numbers_from_four_processes_at_once_are_unique_and_gap_free(db, catalog):
    draft = complete_draft(catalog, "guardian-benefit")
    workers = [_run(_ACCEPT_MANY, db.url) for _ in range(4)]
    for worker in workers:
        worker.stdin.write(draft.to_json() + "\n")
        worker.stdin.close()
    numbers = []
    for worker in workers:
        numbers += worker.stdout.read().split()
        worker.stdout.close()
        assert worker.wait() == 0
    assert sorted(numbers) == [f"1-20261123-{n:04d}" for n in range(1, 33)]
