"""``INSERT ... ON CONFLICT`` on SQLite and PostgreSQL alike (for caches and generated keys).

Each statement is built once per dialect, table and columns, its values bound at each call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from sqlalchemy import Connection, Executable, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["insert_if_absent", "insert_if_absent_many", "upsert"]


@lru_cache(maxsize=64)
def _statement(dialect: str, table: Table, columns: tuple[str, ...], keys: tuple[str, ...], update: bool) -> Executable:
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    insert = make(table).values({c: bindparam(c) for c in columns})
    if not update:
        return insert.on_conflict_do_nothing(index_elements=list(keys))
    changed = {c: insert.excluded[c] for c in columns if c not in keys}
    return insert.on_conflict_do_update(index_elements=list(keys), set_=changed)


def _run(db: Session, table: Table, values: Mapping[str, object], keys: Sequence[str], *, update: bool) -> None:
    statement = _statement(db.get_bind().dialect.name, table, tuple(values), tuple(keys), update)
    db.connection().execute(statement, dict(values))


def upsert(db: Session, table: Table, values: Mapping[str, object], keys: Sequence[str]) -> None:
    """Insert a row, or update the one with the same ``keys``."""
    _run(db, table, values, keys, update=True)


def insert_if_absent(db: Session, table: Table, values: Mapping[str, object], keys: Sequence[str]) -> None:
    """Insert a row unless one with the same ``keys`` exists (two processes racing both succeed)."""
    _run(db, table, values, keys, update=False)


def insert_if_absent_many(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, object]], keys: Sequence[str]
) -> None:
    """:func:`insert_if_absent` for rows of the same columns, in one executemany."""
    if rows:
        statement = _statement(connection.dialect.name, table, tuple(rows[0]), tuple(keys), False)
        connection.execute(statement, [dict(r) for r in rows])
