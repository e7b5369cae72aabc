"""``audit verify`` finds an entry changed, deleted or inserted by direct SQL, an application changed after it
was stored, an administrator inserted behind Counter's back, and an archived receipt that no longer matches."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.cli import main
from counter_app.core.usecases.integrity import verify


def run_sql(db, statement: str, **params) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(statement), params)


def audit_verify(capsys) -> tuple[int, str, str]:
    code = main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def entry_ids(db) -> list[int]:
    with db.engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT id FROM audit_entries ORDER BY id"))]


def test_an_intact_journal_verifies(db, accepted, capsys):
    report = verify(db)
    assert report.ok, report.problems
    assert report.entries > 5 and report.documents == 1 and report.applications == 1 and report.users == 3
    code, out, err = audit_verify(capsys)
    assert code == 0 and "intact" in out and not err


def test_a_changed_entry_is_named(db, accepted, capsys):
    middle = entry_ids(db)[3]
    run_sql(db, "UPDATE audit_entries SET detail = 'nothing happened' WHERE id = :id", id=middle)
    code, _out, err = audit_verify(capsys)
    assert code == 1
    assert f"Journal entry {middle} " in err and "Traceback" not in err


def test_a_deleted_entry_is_found(db, accepted, capsys):
    middle = entry_ids(db)[4]
    run_sql(db, "DELETE FROM audit_entries WHERE id = :id", id=middle)
    code, _out, err = audit_verify(capsys)
    assert code == 1 and f"Journal entry {entry_ids(db)[4]} " in err


def test_deleting_the_newest_entries_is_found(db, accepted, capsys):
    newest = entry_ids(db)[-1]
    run_sql(db, "DELETE FROM audit_entries WHERE id = :id", id=newest)
    code, _out, err = audit_verify(capsys)
    assert code == 1 and "newest journal entries are missing" in err


def test_an_inserted_entry_is_found(db, accepted, capsys):
    run_sql(
        db,
        "INSERT INTO audit_entries (id, at, user_id, username, action, subject, detail, entry_hash) "
        "VALUES (:id, CURRENT_TIMESTAMP, NULL, 'admin', 'login', '', '', :h)",
        id=entry_ids(db)[-1] + 1,
        h="0" * 64,
    )
    code, _out, err = audit_verify(capsys)
    assert code == 1 and "Journal entry" in err


def test_an_application_changed_afterwards_is_found(db, accepted, capsys):
    run_sql(
        db, "UPDATE applications SET applicant_iin = '061211600012' WHERE receipt_number = :n", n=accepted
    )
    code, _out, err = audit_verify(capsys)
    assert code == 1 and f"Application {accepted} was changed" in err


def test_an_administrator_inserted_by_sql_is_found(db, accepted, capsys):
    run_sql(
        db,
        'INSERT INTO users (username, full_name, role, "window", password_hash, failed_logins, locked, '
        "active, must_change_password) VALUES ('intruder', 'X', 'admin', NULL, 'x', 0, false, true, false)",
    )
    run_sql(db, "UPDATE users SET role = 'admin' WHERE username = 'operator'")
    code, _out, err = audit_verify(capsys)
    assert code == 1
    assert "User intruder has no journal entry" in err
    assert "User operator has the role admin" in err


@pytest.mark.parametrize("how", ["pdf", "pdf-and-hash"])
def test_an_archived_receipt_that_no_longer_matches_is_found(db, accepted, capsys, how):
    if how == "pdf":
        run_sql(db, "UPDATE issued_documents SET pdf = :pdf", pdf=b"%PDF-1.4 forged")
    else:  # the forger recomputes the column's hash too: the journal still holds the original's
        import hashlib

        forged = b"%PDF-1.4 forged"
        run_sql(
            db,
            "UPDATE issued_documents SET pdf = :pdf, sha256 = :h",
            pdf=forged,
            h=hashlib.sha256(forged).hexdigest(),
        )
    code, _out, err = audit_verify(capsys)
    assert code == 1 and f"The archived receipt {accepted}" in err
