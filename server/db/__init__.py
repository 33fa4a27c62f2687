"""The server's database: tables (:mod:`server.db.tables`), engine, migrations."""

from __future__ import annotations

from server.db import tables
from server.db.engine import make_engine, migrate
from server.db.tables import *  # noqa: F403  (every table, as tables.__all__ lists them)

__all__ = [*tables.__all__, "make_engine", "migrate"]  # noqa: PLE0604  (tables.__all__ lists strings)
