"""The fast upload path (issue 19): the document checked once, by the schema compiled into plain
Python (``egonet.wire.conforms``), never looser than python-jsonschema; alters and ties as one
multi-row INSERT each; the upload and its audit row in one transaction; durable when answered.
Each test but the first failed on the code before it (13 statements and 3 commits per upload,
the audit row in a second transaction)."""

from __future__ import annotations

import copy
import json
import random
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from egonet.model import Alter
from egonet.wire import conforms, dumps, loads, parse_strict
from egonet.wire.document import document_problems
from tests.server.helpers import Client, interview, put


def _mutations(doc: dict[str, object], rng: random.Random) -> dict[str, object]:
    """``doc`` with one value somewhere replaced by an odd one (types, strings, numbers, lists)."""
    out = copy.deepcopy(doc)
    odd = [None, True, 1, 1.0, -1, 2**40, 1.5, "", "x", "a\n", "१२३४-०१-०१", [], {}, ["x", "x"], "0" * 300]
    node: object = out
    parent: list[object] | dict[str, object] | None = None
    key: object = None
    for _ in range(rng.randint(1, 6)):
        if isinstance(node, dict) and node:
            parent, key = node, rng.choice(sorted(node))
        elif isinstance(node, list) and node:
            parent, key = node, rng.randrange(len(node))
        else:
            break
        node = parent[key]  # type: ignore[index]
    if parent is not None:
        if isinstance(node, str) and rng.random() < 0.5:
            parent[key] = node + rng.choice(["\n", "١", " ", "Z", "é"])  # type: ignore[index]
        else:
            parent[key] = rng.choice(odd)  # type: ignore[index]
    return out


def test_the_compiled_schema_check_never_accepts_what_python_jsonschema_refuses() -> None:
    rng = random.Random(19)
    docs = [parse_strict(dumps(interview(code=f"P-{n:03d}"))) for n in range(5)]
    checked = accepted = 0
    for n in range(3000):
        doc = _mutations(docs[n % len(docs)], rng)  # type: ignore[arg-type]
        if conforms(doc):
            accepted += 1
            assert document_problems(doc, "x") == [], json.dumps(doc)[:300]
        checked += 1
    assert 0 < accepted < checked  # both kinds were met


def test_a_refusal_is_the_full_checks_own(client: Client, people: dict[str, str]) -> None:
    doc = parse_strict(dumps(interview()))
    doc["alters"][0]["presence"] = "somewhere"  # type: ignore[index]
    body = json.dumps(doc).encode()
    with pytest.raises(Exception) as fast:
        loads(body, "upload", quick=True)
    with pytest.raises(Exception) as full:
        loads(body, "upload")
    assert str(fast.value) == str(full.value)


def test_an_upload_is_one_transaction_of_bounded_statements_with_its_audit_row(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    iv = interview()
    for n in range(40):  # 42 alters, 41 ties: rows in one INSERT each
        other = iv.add_alter(Alter(uuid.uuid4(), f"A{n}", ["emotional"], {"relationship": "friend"}))
        iv.set_tie(next(iter(iv.alters)), other.id, 1)
    statements: list[str] = []
    commits: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, s, *_a: statements.append(s))
    event.listen(engine, "commit", lambda _c: commits.append(1))
    assert put(client, people["clin_leuven"], iv)[0] == 201
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) == 5, writes  # patient, interview, alters, ties, audit
    assert len(statements) <= 12, statements  # authentication (2), lookups (2), BEGINs
    assert len(commits) == 2  # the authentication's read, and the upload with its audit row
    with engine.connect() as db:
        alters = db.execute(text("SELECT alter_id FROM alters WHERE interview_id = :i"), {"i": str(iv.id)}).all()
        ties = db.execute(text("SELECT a, b FROM ties WHERE interview_id = :i"), {"i": str(iv.id)}).all()
        audit = db.execute(text("SELECT outcome FROM audit WHERE resource = :r"), {"r": f"interview:{iv.id}"}).all()
    assert {a for (a,) in alters} == {str(a) for a in iv.alters}
    assert {(a, b) for a, b in ties} == {(str(t.a), str(t.b)) for t in iv.ties.values()}
    assert [o for (o,) in audit] == [201]


def test_a_refused_upload_is_audited_and_stores_nothing(client: Client, people: dict[str, str], engine: Engine) -> None:
    iv = interview(service="CSM Namur")  # not the caller's service: 403 before any lookup
    assert put(client, people["clin_leuven"], iv)[0] == 403
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM interviews")).scalar_one() == 0
        audit = db.execute(text("SELECT outcome FROM audit WHERE resource = :r"), {"r": f"interview:{iv.id}"}).all()
    assert [o for (o,) in audit] == [403]


def test_an_upload_is_durable_when_answered(client: Client, people: dict[str, str], engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's commit is durable with fsync on; this checks SQLite's settings")
    iv = interview()
    assert put(client, people["clin_leuven"], iv)[0] == 201
    with engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL: the WAL is synced at commit
    path = Path(str(engine.url.database))
    with sqlite3.connect(path) as other:  # another connection, as after a crash: the row is there
        assert other.execute("SELECT revision FROM interviews WHERE id = ?", (str(iv.id),)).fetchone() == (1,)
