"""The local store: durable saves, revisions, the outbox, and files that are not stores."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from egonet.errors import DocumentError, NotFoundError, StoreError
from egonet.session import InterviewSession
from egonet.store import Store
from egonet.wire import dumps, from_document, to_document


def test_save_load_and_list(store: Store, session: InterviewSession) -> None:
    session.add_alter("Marie", "emotional")
    rows = store.interviews("P-001")
    assert [(r.wave_label, r.revision, r.n_alters) for r in rows] == [("baseline", 2, 1)]
    assert [(p.code, p.service, p.n_interviews) for p in store.patients()] == [("P-001", "CGG Leuven", 1)]
    assert to_document(store.load(session.interview.id)) == to_document(session.interview)
    with pytest.raises(NotFoundError):
        store.load(from_document(to_document(session.interview)).id.__class__(int=1))


def test_a_stale_copy_cannot_overwrite_a_newer_one(store: Store, session: InterviewSession) -> None:
    stale = store.load(session.interview.id)
    session.add_alter("Marie", "emotional")
    with pytest.raises(StoreError, match="changed elsewhere"):
        store.save(stale)
    assert [a.label for a in store.load(session.interview.id).alters.values()] == ["Marie"]


def test_the_outbox_holds_the_latest_revision_until_synced(store: Store, session: InterviewSession) -> None:
    assert store.outbox() == [(session.interview.id, 1)]
    session.add_alter("Marie", "emotional")
    assert store.outbox() == [(session.interview.id, 2)]
    store.mark_synced(session.interview.id, 1)  # an older revision reached the server: keep it queued
    assert store.outbox() == [(session.interview.id, 2)]
    store.mark_synced(session.interview.id, 2)
    assert store.outbox() == []
    session.add_alter("Jan", "emotional")
    assert store.outbox() == [(session.interview.id, 3)]


def test_import_is_all_or_nothing_and_never_goes_back(tmp_path: Path, store: Store, session: InterviewSession) -> None:
    session.add_alter("Marie", "emotional")
    current = store.load(session.interview.id)
    other = Store(tmp_path / "other.sqlite3")
    result = other.import_interviews([current])
    assert (result.added, result.updated) == (1, 0)
    assert other.import_interviews([current]).unchanged == 1
    older = replace(copy.deepcopy(current), revision=1)
    assert other.import_interviews([older]).skipped_older == 1
    assert other.load(current.id).revision == 2
    # a second baseline for the same patient under another id: the whole batch is refused
    rival = replace(copy.deepcopy(current), id=current.id.__class__(int=7), revision=1)
    newer = replace(copy.deepcopy(current), revision=5)
    with pytest.raises(StoreError, match="already has another interview"):
        other.import_interviews([newer, rival])
    assert other.load(current.id).revision == 2
    other.close()


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "egonet.sqlite3"
    path.write_bytes(b"my thesis, chapter 3\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an Egonet store"):
        Store(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "egonet.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    con.execute("INSERT INTO accounts VALUES (1, 9.5)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="another program"):
        Store(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT balance FROM accounts").fetchall() == [(9.5,)]
    con.close()


def test_a_damaged_store_is_refused(tmp_path: Path, session: InterviewSession) -> None:
    for i in range(30):
        session.add_alter(f"person {i}", "emotional")
    path = session.store.path
    session.store.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page + 100, min(len(data), 3 * page), 7):  # scribble over b-tree pages
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged|not an Egonet store"):
        Store(path)


def test_a_store_from_a_newer_egonet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "egonet.sqlite3"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE egonet_meta SET value='99' WHERE key='store_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer Egonet"):
        Store(path)


def test_a_directory_at_the_store_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def test_a_corrupt_document_in_the_store_is_reported(store: Store, session: InterviewSession) -> None:
    con = sqlite3.connect(store.path)
    con.execute('UPDATE interviews SET document = \'{"schema_version": 2, "id": 5}\'')
    con.commit()
    con.close()
    with pytest.raises(Exception, match="interview") as caught:
        store.load(session.interview.id)
    assert caught.type.__name__ == "DocumentError"


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(alters=5),
        lambda d: d["patient"].update(code="no spaces allowed"),
        lambda d: d.update(ties=[{"a": "not-a-uuid", "b": "x"}]),
        lambda d: d.update(started_at="2026-02-30T10:00:00Z"),
        lambda d: d.update(revision="1"),
        lambda d: d.update(revision=True),
        lambda d: d["wave"].update(index=True),
        lambda d: d.update(clinician=5),
        lambda d: d["alters"][0].update(generators="named"),
        lambda d: d["alters"][0].update(answers={"relationship": {"nested": 1}}),
        lambda d: d["alters"][0].update(carried="no"),
        lambda d: d["ego"].update(answers={"x": [1]}),
    ],
)
def test_a_damaged_document_of_the_store_is_reported_though_the_store_trusts_its_own(
    store: Store, session: InterviewSession, damage: Callable[[dict[str, Any]], None]
) -> None:
    """The store skips the JSON Schema check on its own documents (it costs ~40 ms on a large
    network), but a damaged one still fails to load with a DocumentError, never a traceback."""
    session.add_alter("Ann")
    assert store.load(session.interview.id) == session.interview
    doc = json.loads(dumps(session.interview))
    damage(doc)
    con = sqlite3.connect(store.path)
    con.execute("UPDATE interviews SET document = ?", (json.dumps(doc),))
    con.commit()
    con.close()
    with pytest.raises(DocumentError):
        store.load(session.interview.id)
