"""Helpers for tests that run against a real database: a SQLite file, or a throw-away PostgreSQL schema.

Tests parametrise over ``BACKENDS``; the PostgreSQL case needs ``COUNTER_TEST_PG_URL`` (a database the test
user may create schemas in, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) and is skipped
without it. Each PostgreSQL test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from counter_app.storage.db import Database, open_database

PG_URL_VARIABLE = "COUNTER_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_base_url() -> str | None:
    return os.environ.get(PG_URL_VARIABLE) or None


@contextmanager
def temporary_postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped on exit."""
    schema = f"counter_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str]:
    """A URL of an empty database of ``backend`` ("sqlite": a file in ``directory``; "postgresql")."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'counter-test.sqlite3'}"
        return
    if backend != "postgresql":
        raise ValueError(backend)
    base_url = postgres_base_url()
    if base_url is None:
        raise LookupError(f"{PG_URL_VARIABLE} is not set")
    with temporary_postgres_schema(base_url) as url:
        yield url


def backend_params() -> list:
    """``pytest.param`` for each backend; the PostgreSQL one carries the ``postgres`` marker."""
    import pytest

    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]


@contextmanager
def scratch_database(backend: str, directory: Path) -> Iterator[Database]:
    """An empty, upgraded database of ``backend`` for one test; skips the test when PostgreSQL is not set up."""
    import pytest

    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip(f"{PG_URL_VARIABLE} is not set")
    with database_url(backend, directory) as url:
        db = open_database(url)
        try:
            yield db
        finally:
            db.dispose()


# ----------------------------------------------------------------------------------------------------------
# What must hold in any database of intakes, however many processes wrote it and wherever one was killed


def intake_problems(db: Database) -> list[str]:
    """Everything wrong with the stored intakes (empty when all is well):

    receipt numbers per department and day are exactly 1..N and the day's counter is N; every accepted
    application has exactly one package and a refusal none; every application has exactly one audit entry of
    its decision.
    """
    from collections import Counter, defaultdict

    from sqlalchemy import func, select

    from counter_app.core.domain.receipt_numbers import RECEIPT_NUMBER
    from counter_app.storage.intake_tables import ApplicationRow, PackageRow, ReceiptCounterRow
    from counter_app.storage.models import AuditEntryRow

    problems: list[str] = []
    with db.read() as session:
        applications = session.execute(
            select(
                ApplicationRow.id,
                ApplicationRow.receipt_number,
                ApplicationRow.decision,
                ApplicationRow.department,
                ApplicationRow.day,
            )
        ).all()
        packages = Counter(session.scalars(select(PackageRow.application_id)))
        audited = Counter(
            session.execute(
                select(AuditEntryRow.subject, AuditEntryRow.action).where(
                    AuditEntryRow.action.in_(("intake_accepted", "intake_refused"))
                )
            ).all()
        )
        counters = {
            (row.department, row.day): row.last_number for row in session.scalars(select(ReceiptCounterRow))
        }
        orphans = session.scalar(
            select(func.count())
            .select_from(PackageRow)
            .where(PackageRow.application_id.not_in(select(ApplicationRow.id)))
        )
    serials: dict[tuple[str, object], list[int]] = defaultdict(list)
    for app_id, number, decision, department, day in applications:
        match = RECEIPT_NUMBER.match(number)
        if match is None or match["department"] != department or match["day"] != f"{day:%Y%m%d}":
            problems.append(f"{number}: not a receipt number of department {department} on {day}")
            continue
        serials[(department, day)].append(int(match["serial"]))
        wanted_packages = 1 if decision == "accepted" else 0
        if packages[app_id] != wanted_packages:
            problems.append(f"{number} ({decision}): {packages[app_id]} packages")
        action = "intake_accepted" if decision == "accepted" else "intake_refused"
        if audited[(number, action)] != 1:
            problems.append(f"{number}: {audited[(number, action)]} audit entries {action}")
    for key, numbers in serials.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            problems.append(f"{key}: numbers not 1..{len(numbers)}: missing {missing[:10]}")
        if counters.get(key) != len(numbers):
            problems.append(f"{key}: counter at {counters.get(key)}, {len(numbers)} receipts")
    for key, last in counters.items():
        if key not in serials and last and "/" not in key[0]:  # "1/M": the same table counts manifests
            problems.append(f"{key}: counter at {last} with no receipt")
    if orphans:
        problems.append(f"{orphans} packages without an application")
    return problems


# ----------------------------------------------------------------------------------------------------------
# A PostgreSQL server of the test's own, which the test can stop and start (the database server "going away")


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server binaries (Debian's /usr/lib/postgresql/N/bin, or pg_ctl on PATH)."""
    import glob
    import shutil

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name or 0))
    for candidate in [*reversed(found), str(Path(shutil.which("pg_ctl") or "/nonexistent").parent)]:
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    return None


class PostgresServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1 in a temporary directory (run as ``postgres`` under root)."""

    def __init__(self, bin_dir: Path) -> None:
        import socket
        import tempfile

        self.bin_dir = bin_dir
        self.directory = Path(tempfile.mkdtemp(prefix="counter-pg-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            import shutil

            shutil.chown(self.directory, user="postgres")
        self._run(
            "initdb",
            "-D",
            str(self.directory / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def _run(self, program: str, *args: str) -> None:
        import subprocess

        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:  # initdb and the server refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server ("immediate" is a crash: no clean shutdown, recovery at the next start)."""
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        import contextlib
        import shutil
        import subprocess

        with contextlib.suppress(subprocess.CalledProcessError):  # it was not running
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def desk_account(db: Database):
    """An active operator or manager of ``db`` (tests reading applications back need a desk's account)."""
    from sqlalchemy import select

    from counter_app.core.domain.permissions import Account, Role
    from counter_app.storage.models import UserRow

    with db.read() as session:
        row = session.scalars(
            select(UserRow)
            .where(UserRow.role.in_(("operator", "manager")), UserRow.active.is_(True))
            .order_by(UserRow.role.desc(), UserRow.id)
        ).first()
    if row is None:
        raise LookupError("no operator or manager in this database")
    return Account(row.id, row.username, row.full_name, Role(row.role), row.window, row.locked)
