"""``INSERT ... ON CONFLICT`` on SQLite and PostgreSQL alike (for caches and generated keys)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["insert_if_absent", "upsert"]


def _insert(db: Session, table: Table, values: Mapping[str, object]) -> postgresql.Insert | sqlite.Insert:
    if db.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).values(**values)
    return sqlite.insert(table).values(**values)


def upsert(db: Session, table: Table, values: Mapping[str, object], keys: Sequence[str]) -> None:
    """Insert a row, or update the one with the same ``keys``."""
    update = {k: v for k, v in values.items() if k not in keys}
    db.execute(_insert(db, table, values).on_conflict_do_update(index_elements=list(keys), set_=update))


def insert_if_absent(db: Session, table: Table, values: Mapping[str, object], keys: Sequence[str]) -> None:
    """Insert a row unless one with the same ``keys`` exists (two processes racing both succeed)."""
    db.execute(_insert(db, table, values).on_conflict_do_nothing(index_elements=list(keys)))
