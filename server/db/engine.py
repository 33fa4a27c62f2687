"""The engine on the server's database, and bringing its schema up to date (Alembic).

SQLite (the default) runs in WAL mode with foreign keys on and a busy timeout, and every
transaction takes the write lock at once (``BEGIN IMMEDIATE``), so that two uploads of the same
interview are serialised; PostgreSQL uses row locks (``SELECT ... FOR UPDATE``).  Long reads use
``engine.execution_options(egonet_deferred=True)``: a plain ``BEGIN``, reading a snapshot while
uploads go on (WAL), for transactions that write, if at all, only as their first statement.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url

from egonet.wire import private_file, private_folder

__all__ = ["make_engine", "migrate"]

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    deferred = connection.get_execution_options().get("egonet_deferred", False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def _private_sqlite(path: Path) -> None:
    """The database file 0600 in a 0700 folder, before SQLite opens it: SQLite gives the -wal
    and -shm files it creates the database's mode; left-over ones are tightened too.  The
    folder is the server's data folder (``EGONET_SERVER_HOME`` by default): an existing one
    of ours is tightened to 0700 (see ``egonet.wire.private``)."""
    private_folder(path.parent)
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            private_file(side)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file is created 0600 (in a 0700 directory) if needed."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            _private_sqlite(Path(path))
        # as many connections as the threads that may read at once (anyio's 40): none made per request
        engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=40, max_overflow=8)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the latest by default) through the Alembic migrations.

    On SQLite the migrations run with foreign keys off (a table whose key changes is rebuilt, and
    dropping the old one must not cascade), and the keys are checked before the commit."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside any transaction, where SQLite allows it
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration broke a foreign key")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
