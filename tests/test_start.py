"""Starting the interview loads only what its first screen needs (issue 16: cold start).

Each check runs in a fresh interpreter, doing what ``egonet interview`` does before its first
screen: import the app, open a store, load the built-in protocol, build the app.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from egonet.store import Store

START = """
import sys, pathlib
from egonet.protocol import default_protocol
from egonet.store import Store
from egonet.tui import EgonetApp
store = Store(pathlib.Path(sys.argv[1]) / "s.sqlite3")
app = EgonetApp(store, default_protocol(), clinician="c", service="s")
store.patients()
print("\\n".join(sorted(sys.modules)))
"""


def loaded_at_start(folder: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-c", START, str(folder)], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in result.stdout.split()}


def test_the_interview_starts_without_sqlalchemy_or_jsonschema(tmp_path: Path) -> None:
    """The store speaks to SQLite itself (SQLAlchemy took ~75 ms to import); the JSON Schema
    validator (~30 ms) loads only when a document from outside is checked."""
    loaded = loaded_at_start(tmp_path)
    assert "textual" in loaded
    assert not loaded & {"sqlalchemy", "jsonschema", "numpy", "networkx", "numba", "httpx"}


def test_reopening_a_current_store_starts_the_same_way(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite3").close()
    assert not loaded_at_start(tmp_path) & {"sqlalchemy", "jsonschema"}


def test_a_store_missing_a_table_added_later_gets_it_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE places")  # a store of an Egonet from before the table was added
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.patients() == []
    con = sqlite3.connect(path)
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"places", "synced", "interviews", "patients", "outbox", "protocols", "egonet_meta"} <= tables


def test_opening_a_current_store_writes_nothing(tmp_path: Path) -> None:
    """Opening only reads a store that is complete and current: it takes no write lock, so it
    opens at once even while another Egonet is in the middle of a save."""
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA busy_timeout=0")
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        with Store(path) as store:
            assert store.patients() == []
    finally:
        writer.execute("ROLLBACK")
        writer.close()
