"""Opening the store file safely: an Egonet store, a new one, or a clear error.

A file that is not SQLite, an SQLite database of another program, a store written by a newer
Egonet, or a damaged store is refused with a :class:`StoreError`; it is never overwritten.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from egonet.errors import StoreError
from egonet.store.tables import APPLICATION_ID, STORE_VERSION, meta, metadata
from egonet.wire import private_file, private_folder

__all__ = ["open_engine"]

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level; SQLAlchemy issues BEGIN itself (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before it returns
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin(connection: object) -> None:
    # BEGIN IMMEDIATE: take the write lock at the start, so two writers queue instead of failing.
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def _inspect_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database."""
    if path.is_dir():
        raise StoreError("the store path is a directory, not a file", str(path))
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read the store: {exc.strerror}", str(path)) from None
    if header != SQLITE_HEADER:
        raise StoreError("this file is not an Egonet store (not an SQLite database); it was left untouched", str(path))


def _check_database(path: Path) -> None:
    """Refuse a foreign, newer or damaged database; create the tables of a new one."""
    try:
        con = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", str(path)) from None
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id not in (0, APPLICATION_ID) or (tables and meta.name not in tables):
            raise StoreError(
                "this is the database of another program, not an Egonet store; it was left untouched", str(path)
            )
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"the store is damaged ({check}); restore it from a backup or export", str(path))
        if tables:
            row = con.execute(f"SELECT value FROM {meta.name} WHERE key='store_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > STORE_VERSION:
                raise StoreError(
                    f"the store was written by a newer Egonet (store version {version}): update Egonet", str(path)
                )
            if version < 1:
                raise StoreError("the store has no version: it is damaged or not an Egonet store", str(path))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the store is damaged or not an Egonet store ({exc})", str(path)) from None
    finally:
        con.close()


def _make_private(path: Path) -> None:
    """The store file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the
    store's mode when it creates them; left-over ones of an older Egonet are tightened too)."""
    what = "make the store readable by you only" if path.exists() else "create the store"
    try:
        private_file(path)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                private_file(side)
    except OSError as exc:
        raise StoreError(f"cannot {what}: {exc.strerror}", str(path)) from None


def open_engine(path: Path) -> Engine:
    """An engine on the store at ``path``, created (0600, in a new 0700 directory) if absent.

    An existing directory is left as it is: it may be one the user chose for the store file
    (``--store``); the data directory itself is tightened by the command line (``Env``)."""
    try:
        private_folder(path.parent, tighten=False)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory: {exc.strerror}", str(path.parent)) from None
    _inspect_file(path)
    _make_private(path)
    _check_database(path)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "begin", _begin)
    with engine.begin() as con:
        con.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        metadata.create_all(con)
        con.execute(
            meta.insert().prefix_with("OR IGNORE"),
            [{"key": "store_version", "value": str(STORE_VERSION)}, {"key": "format", "value": "egonet.store"}],
        )
    return engine
