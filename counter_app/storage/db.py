"""The database connection: SQLite by default (one desk), PostgreSQL for a department sharing one server.

SQLite is opened in WAL mode with a busy timeout, and write transactions begin with ``BEGIN IMMEDIATE`` so
that two writers queue for the lock instead of failing with "database is locked" when a read transaction
tries to become a write transaction. The pysqlite driver's own transaction handling is switched off
(``isolation_level = None``) and the BEGIN is emitted here, as the SQLAlchemy SQLite dialect documentation
describes under "Serializable isolation / Savepoints / Transactional DDL".
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, overload

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from counter_app import __version__, paths

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
PG_CONNECT_ARGS = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
}
_WRITE_OPTION = "counter_write"
_UPGRADE_LOCK = 0x436F756E  # pg_advisory_xact_lock key held while the schema is upgraded ("Coun")
_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?=\s*[\"'](\w+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?=\s*(?:None|[\"'](\w+)[\"'])\s*$", re.MULTILINE)


# What a use-case runs its statements on inside a transaction: the ORM session of ``Database.read``/``write``, or
# the bare connection of ``Database.write_core`` (Core statements only, for an intake's commit). Both execute a
# statement with its parameters in the caller's transaction.
InTransaction = Session | Connection


def dialect_of(on: InTransaction) -> str:
    """``sqlite`` or ``postgresql``: the dialect of the connection ``on`` runs on."""
    return on.dialect.name if isinstance(on, Connection) else on.get_bind().dialect.name


class DatabaseUnavailable(Exception):
    """The database server or file cannot be reached (wraps SQLAlchemy's OperationalError)."""


# ----------------------------------------------------------------------------------------------------------
# No database work on the UI thread: screens run it through ``ui.kit.operations.Op``. With this variable set (the
# test suite sets it, and the programs it starts inherit it) a connection asked for on the main thread by code of
# ``counter_app/ui`` raises, so a screen that reads or writes on the UI thread fails its tests.
UI_THREAD_CHECK_VARIABLE = "COUNTER_CHECK_UI_THREAD"
_UI_PACKAGE = str(Path(__file__).resolve().parents[1] / "ui") + os.sep


class DatabaseOnUIThread(RuntimeError):
    """Database work was started on the UI thread by a screen (see ``UI_THREAD_CHECK_VARIABLE``)."""


def check_not_ui_thread() -> None:
    """Raise DatabaseOnUIThread when the check is on and a screen asks for the database on the main thread."""
    if (
        not os.environ.get(UI_THREAD_CHECK_VARIABLE)
        or threading.current_thread() is not threading.main_thread()
    ):
        return
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.startswith(_UI_PACKAGE):
            where = f"{frame.f_code.co_filename}:{frame.f_lineno} ({frame.f_code.co_name})"
            log.error("database work on the UI thread from %s", where)
            raise DatabaseOnUIThread(
                f"database work on the UI thread from {where}: run it with kit.operations.Op"
            )
        frame = frame.f_back


class DatabaseTooNew(Exception):
    """The schema is at a revision this Counter does not ship: a newer Counter upgraded it."""

    def __init__(self, revision: str, version: str | None) -> None:
        super().__init__(revision, version)
        self.revision = revision
        self.version = version

    def __str__(self) -> str:
        from counter_app.core.domain.i18n import _

        if self.version:
            return _(
                "This database was upgraded by a newer Counter: install version {version} or newer "
                "(this is version {ours})."
            ).format(version=self.version, ours=__version__)
        return _(
            "This database was upgraded by a newer Counter (schema {revision}): install the newest version "
            "(this is version {ours})."
        ).format(revision=self.revision, ours=__version__)


class SchemaUpgradeNeeded(Exception):
    """A shared (PostgreSQL) database is at an older schema; only the administrator upgrades it, once."""

    def __init__(self, revision: str, head: str) -> None:
        super().__init__(revision, head)
        self.revision = revision
        self.head = head

    def __str__(self) -> str:
        from counter_app.core.domain.i18n import _

        return _(
            "The shared database is being upgraded for Counter {ours} (schema {revision}, this version needs "
            '{head}). The administrator does it once for every window with "counter-app db upgrade". Wait '
            "until it is done, then try again."
        ).format(ours=__version__, revision=self.revision, head=self.head)


class DatabaseUnusable(DatabaseUnavailable):
    """The URL is wrong, its driver is missing, or the file is not a Counter database (or is damaged)."""


def _(message: str) -> str:
    """gettext, imported late (the storage layer starts before the language is chosen)."""
    from counter_app.core.domain.i18n import _ as translate

    return translate(message)


def private_sqlite_files(database: Path) -> None:
    """The SQLite file (created empty if missing) and its -wal/-shm companions made 0600: only this user's.

    SQLite creates the -wal and -shm files with the database file's permissions, so they follow.
    """
    if not database.parent.is_dir():
        return  # connecting fails and says so
    fd = os.open(database, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for path in (
        database,
        database.with_name(database.name + "-wal"),
        database.with_name(database.name + "-shm"),
    ):
        if os.name == "posix" and path.exists() and (path.stat().st_mode & 0o777) != 0o600:
            path.chmod(0o600)


@overload
def as_utc(moment: dt.datetime) -> dt.datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC datetime: everything is stored in UTC, and SQLite gives it back naive."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def default_database_url() -> str:
    """``$COUNTER_DB_URL`` when set, else the SQLite file in the per-user data directory."""
    url = os.environ.get("COUNTER_DB_URL")
    if url:
        return url
    return f"sqlite:///{paths.user_data_dir() / 'counter.sqlite3'}"


def shipped_revisions() -> set[str]:
    """Every revision this Counter ships a migration for."""
    found: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        revision = _REVISION.search(path.read_text(encoding="utf-8"))
        if revision is not None:
            found.add(revision.group(1))
    return found


def shipped_head_revision() -> str | None:
    """The newest shipped migration's revision, read from the files without importing Alembic (~0.15 s).

    None when the chain is not one plain line of ``revision = "…"`` / ``down_revision = "…"`` files; callers then
    let Alembic decide. A test checks that this agrees with Alembic's own ``get_current_head()``.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(_WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


class Database:
    """One database, reached through short transactions: ``with db.read() as s`` / ``with db.write() as s``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_database_url()
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise DatabaseUnusable(
                _(
                    "The database URL cannot be read. Write it as sqlite:///FILE or "
                    "postgresql+psycopg://USER@HOST/DATABASE."
                )
            ) from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        try:
            if self.is_sqlite:
                if (
                    parsed.database
                    and parsed.database != ":memory:"
                    and not parsed.database.startswith("file:")
                ):
                    private_sqlite_files(Path(parsed.database))
                self._engine = create_engine(
                    self.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
                )
                _configure_sqlite(self._engine)
            elif parsed.get_backend_name() == "postgresql":
                # A server that went away must not hang a window: give up connecting after a few seconds, and
                # let TCP keepalives notice a dead peer in ~10 s (libpq's defaults wait minutes).
                self._engine = create_engine(
                    self.url, pool_pre_ping=True, connect_args=PG_CONNECT_ARGS, hide_parameters=True
                )
            else:
                raise NoSuchModuleError(parsed.get_backend_name())
        except (NoSuchModuleError, ImportError):
            raise DatabaseUnusable(
                _(
                    "Counter works with SQLite (sqlite:///FILE) or PostgreSQL (postgresql+psycopg://…); this URL "
                    "names another database or a driver that is not installed (for PostgreSQL: pip install "
                    "'counter-app[pg]')."
                )
            ) from None
        except OSError as error:
            raise DatabaseUnusable(
                _("The database file cannot be created: {reason}").replace("{reason}", error.strerror or "")
            ) from None
        self._write_engine = self._engine.execution_options(**{_WRITE_OPTION: True})
        # PostgreSQL: statements each on their own, no BEGIN and ROLLBACK around them (``read(transaction=False)``)
        self._statement_engine = (
            self._engine if self.is_sqlite else self._engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    @property
    def engine(self) -> Engine:
        return self._engine

    def display_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def _connection(self, engine: Engine) -> Iterator[Connection]:
        check_not_ui_thread()
        try:
            connection = engine.connect()
        except OperationalError as exc:
            raise DatabaseUnavailable(str(exc.orig)) from exc
        except DatabaseError:
            raise DatabaseUnusable(
                _(
                    "The database file is not a Counter database, or it is damaged. Restore it from a backup, or "
                    "start with another file (--db)."
                )
            ) from None
        try:
            yield connection
        except OperationalError as exc:
            if exc.connection_invalidated:
                raise DatabaseUnavailable(str(exc.orig)) from exc
            raise
        finally:
            connection.close()

    @contextmanager
    def read(self, *, transaction: bool = True) -> Iterator[Session]:
        """A read transaction; anything written in it is rolled back (SQLite: one snapshot for all its statements;
        PostgreSQL, read committed: each statement sees what is committed when it starts).

        ``transaction=False`` for reads that write nothing and need no snapshot (a search: its ids, then its page's
        rows): on PostgreSQL no transaction is opened, two round trips fewer (BEGIN and ROLLBACK: 0.6–1 ms of a
        search), and a write there would be committed at once. SQLite: a transaction as above (in the process: it
        costs nothing)."""
        with (
            self._connection(self._engine if transaction else self._statement_engine) as connection,
            Session(bind=connection, expire_on_commit=False) as session,
        ):
            begun = connection.begin()
            try:
                yield session
            finally:
                begun.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): committed on exit, rolled back on error."""
        with (
            self._connection(self._write_engine) as connection,
            Session(bind=connection, expire_on_commit=False) as session,
            connection.begin(),
        ):
            yield session
            session.flush()

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        """One write transaction like ``write``, on the bare connection: for a use-case made of SQLAlchemy Core
        statements only (an intake's commit), which then pays for no ORM session (its creation, the autoflush
        before each statement, the flush at the end). Committed on exit, rolled back on error."""
        with self._connection(self._write_engine) as connection, connection.begin():
            yield connection

    def _alembic_config(self, connection: Connection | None = None) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to ``revision`` (default: the newest) with the migrations shipped in the package.

        A database already at the newest revision is left alone without starting Alembic at all.
        """
        if revision == "head" and self._at_shipped_head():
            return
        self.refuse_if_too_new()
        from alembic import command

        with self._connection(self._write_engine) as connection, connection.begin():
            if not self.is_sqlite:  # one upgrade at a time, however many windows start at once
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_UPGRADE_LOCK})")
            command.upgrade(self._alembic_config(connection), revision)
            if not self.is_sqlite:
                self._grant_again(connection)
            if revision == "head":
                self._record_release(connection)

    def _grant_again(self, connection: Connection) -> None:
        """Give the windows' roles (those ``db grant`` made: they may insert applications) the tables this
        upgrade added, as ``db grant`` would: a window must not fail with "permission denied" on a table the
        upgrade created (or a trigger on applications writes) because nobody ran ``db grant`` again."""
        from counter_app.storage.roles import grant_statements

        rows = connection.exec_driver_sql(
            "SELECT DISTINCT r.rolname, current_schema() FROM pg_class c "
            "CROSS JOIN LATERAL aclexplode(c.relacl) AS a JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE c.oid = 'applications'::regclass AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner"
        ).all()
        for role, schema in rows:
            for statement in grant_statements(role, schema):
                connection.exec_driver_sql(statement)

    def _record_release(self, connection: Connection) -> None:
        from sqlalchemy import delete, insert

        from counter_app.storage.models import CounterReleaseRow

        head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        connection.execute(delete(CounterReleaseRow))
        connection.execute(
            insert(CounterReleaseRow).values(
                id=1, version=__version__, revision=head, upgraded_at=dt.datetime.now(dt.UTC)
            )
        )

    def stored_revision(self) -> str | None:
        """The revision in ``alembic_version`` (None for an empty database), without starting Alembic."""
        try:
            with self._connection(self._engine) as connection, connection.begin():
                return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError:  # no alembic_version table yet: an empty database
            return None

    def upgraded_by(self) -> str | None:
        """The Counter version that last upgraded the schema (None before revision 0007)."""
        try:
            with self._connection(self._engine) as connection, connection.begin():
                return connection.exec_driver_sql("SELECT version FROM counter_release").scalar()
        except DBAPIError:
            return None

    def refuse_if_too_new(self) -> None:
        """Raise ``DatabaseTooNew`` when the schema is at a revision this Counter does not know."""
        stored = self.stored_revision()
        if stored is not None and stored not in shipped_revisions():
            raise DatabaseTooNew(stored, self.upgraded_by())

    def _at_shipped_head(self) -> bool:
        head = shipped_head_revision()
        if head is None:
            return False
        try:
            with self._connection(self._engine) as connection, connection.begin():
                stored = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        except DBAPIError:  # no alembic_version table yet: an empty database
            return False
        return stored == [head]

    def current_revision(self) -> str | None:
        """The schema revision the database is at (None for an empty database)."""
        from alembic.migration import MigrationContext

        with self._connection(self._engine) as connection, connection.begin():
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def dispose(self) -> None:
        self._engine.dispose()


def open_database(
    url: str | None = None, *, before_upgrade: Callable[[Database], None] | None = None
) -> Database:
    """Open the database and make sure its schema is the one this Counter ships.

    An empty database is created. A database upgraded by a newer Counter is refused (``DatabaseTooNew``). An
    older SQLite database (one desk) is upgraded here, after ``before_upgrade(db)`` (the GUI takes a backup); an
    older shared PostgreSQL database is not: ``SchemaUpgradeNeeded`` tells the window to wait for the
    administrator's ``counter-app db upgrade``.
    """
    db = Database(url)
    try:
        if not db._at_shipped_head():
            db.refuse_if_too_new()
            stored = db.stored_revision()
            head = shipped_head_revision() or db.head_revision()
            if stored is not None and head is not None and stored != head:
                if not db.is_sqlite:
                    raise SchemaUpgradeNeeded(stored, head)
                if before_upgrade is not None:
                    before_upgrade(db)
            db.upgrade()
    except BaseException:
        db.dispose()
        raise
    return db
