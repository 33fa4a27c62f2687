"""Opening the store file safely: an Egonet store, a new one, or a clear error.

A file that is not SQLite, an SQLite database of another program, a store written by a newer
Egonet, or a damaged store is refused with a :class:`StoreError`; it is never overwritten.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from egonet.errors import StoreError
from egonet.store.tables import APPLICATION_ID, META, STORE_VERSION, TABLES
from egonet.wire import private_file, private_folder

__all__ = ["Database", "open_database"]

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit at the driver level: Database.begin issues BEGIN itself, and a read is one
    # SELECT, which SQLite runs on one consistent snapshot (WAL: never waiting for a writer).
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")  # a commit is on disk before it returns
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA busy_timeout=10000")
    except BaseException:
        con.close()
        raise
    return con


class Database:
    """The store's SQLite connections: one per thread, opened when the thread first needs one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._generation = 0  # moves on at close: connections kept by threads are stale then

    def connection(self) -> sqlite3.Connection:
        kept = getattr(self._local, "kept", None)
        if kept is not None and kept[0] == self._generation:
            return kept[1]  # type: ignore[no-any-return]
        con = _connect(self.path)
        with self._lock:
            self._open.append(con)
            self._local.kept = (self._generation, con)
        return con

    @contextmanager
    def begin(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, committed (durably) at the end of the block, or rolled back.

        BEGIN IMMEDIATE takes the write lock at the start, so two writers queue instead of failing."""
        con = self.connection()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        try:
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close every connection (the database opens new ones if it is used again)."""
        with self._lock:
            self._generation += 1
            cons, self._open = self._open, []
        for con in cons:
            con.close()


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


def _check_database(path: Path) -> bool:
    """Refuse a foreign, newer or damaged database; tell whether it is a complete, current store
    (else its tables, or those added since it was made, are to be created)."""
    try:
        con = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store: {exc}", str(path)) from None
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id not in (0, APPLICATION_ID) or (tables and META not in tables):
            raise StoreError(
                "this is the database of another program, not an Egonet store; it was left untouched", str(path)
            )
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"the store is damaged ({check}); restore it from a backup or export", str(path))
        if tables:
            row = con.execute(f"SELECT value FROM {META} WHERE key='store_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > STORE_VERSION:
                raise StoreError(
                    f"the store was written by a newer Egonet (store version {version}): update Egonet", str(path)
                )
            if version < 1:
                raise StoreError("the store has no version: it is damaged or not an Egonet store", str(path))
        return app_id == APPLICATION_ID and version == STORE_VERSION and tables.issuperset(TABLES)
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


def _create(database: Database) -> None:
    """Make the file an Egonet store: its id, its tables (those it lacks) and its version."""
    with database.begin() as con:
        con.execute(f"PRAGMA application_id={APPLICATION_ID}")
        for table in TABLES.values():
            con.execute(f"CREATE TABLE IF NOT EXISTS {table}")
        con.executemany(
            f"INSERT OR IGNORE INTO {META} (key, value) VALUES (?, ?)",
            [("store_version", str(STORE_VERSION)), ("format", "egonet.store")],
        )


def open_database(path: Path) -> Database:
    """The store at ``path``, created (0600, in a new 0700 directory) if absent.

    An existing directory is left as it is: it may be one the user chose for the store file
    (``--store``); the data directory itself is tightened by the command line (``Env``).
    A store that is complete and current is only read on opening (no write, no lock taken)."""
    try:
        private_folder(path.parent, tighten=False)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory: {exc.strerror}", str(path.parent)) from None
    _inspect_file(path)
    _make_private(path)
    current = _check_database(path)
    database = Database(path)
    if not current:
        try:
            _create(database)
        except sqlite3.Error as exc:
            database.close()
            raise StoreError(f"cannot create the store: {str(exc).splitlines()[0]}", str(path)) from None
        except BaseException:
            database.close()
            raise
    return database
