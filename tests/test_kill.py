"""Killing a writing process at random moments never breaks the store or loses an acknowledged change.

A writer (``store_writer.py``) applies a fixed sequence of operations, printing each one's
number once the call has returned.  It is killed with SIGKILL at random moments, many times,
resuming each time.  After every kill the store must open, pass SQLite's integrity check,
hold a valid document, and hold exactly the operations acknowledged, plus at most the one in
progress.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from egonet.model import Patient
from egonet.protocol import default_protocol
from egonet.session import InterviewSession, start_baseline
from egonet.store import Store
from egonet.wire import to_document
from tests.store_writer import apply

WRITER = Path(__file__).with_name("store_writer.py")
KILLS = 30


def expected_after(operations: int, tmp: Path) -> dict[str, object]:
    """The document after ``operations`` operations, computed in this process."""
    with Store(tmp / f"expected-{operations}.sqlite3") as store:
        session = start_baseline(store, Patient("KILL-1", "test"), "c", default_protocol())
        for n in range(1, operations + 1):
            apply(session, n)
        return _comparable(to_document(session.interview))


def _comparable(doc: dict[str, object]) -> dict[str, object]:
    alters = doc["alters"]
    assert isinstance(alters, list)
    labels = {a["id"]: a["label"] for a in alters}
    return {
        "alters": [(a["label"], a["answers"]) for a in alters],
        "ties": sorted(tuple(sorted((labels[t["a"]], labels[t["b"]]))) for t in doc["ties"]),  # type: ignore[union-attr]
        "revision": doc["revision"],
    }


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    path = tmp_path / "egonet.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(WRITER.parents[1])}
    acknowledged = 0
    in_progress_found = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        assert proc.stdout is not None
        wanted = rng.randint(1, 25)
        for _ in range(wanted):
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        time.sleep(rng.random() * 0.02)  # land anywhere inside the next operations
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, err
        for line in rest.split():
            acknowledged = int(line)  # acknowledged before the kill landed

        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()
        with Store(path) as store:
            rows = store.interviews("KILL-1")
            assert len(rows) == 1, "the interview was duplicated or lost"
            stored = store.load(rows[0].id)
        applied = stored.revision - 1
        assert acknowledged <= applied <= acknowledged + 1, (acknowledged, applied)
        in_progress_found += applied - acknowledged
        acknowledged = applied  # the writer resumes from what is stored

    assert acknowledged > KILLS, "the writer hardly wrote anything: the test proves little"
    with Store(path) as store:
        final = _comparable(to_document(store.load(store.interviews("KILL-1")[0].id)))
    assert final == expected_after(acknowledged, tmp_path)


def test_the_writer_sequence_is_what_the_check_expects(tmp_path: Path) -> None:
    """The prediction used above is itself right: 7 operations give 3 alters and 1 tie."""
    doc = expected_after(7, tmp_path)
    assert doc["alters"] == [
        ("person 0", {"relationship": "family", "closeness": 2}),
        ("person 1", {"relationship": "friend"}),
        ("person 2", {}),
    ]
    assert doc["ties"] == [("person 0", "person 1")]
    assert doc["revision"] == 8


def test_resume_continues_where_the_writer_stopped(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        session = start_baseline(store, Patient("KILL-1", "test"), "c", default_protocol())
        for n in range(1, 5):
            apply(session, n)
    with Store(path) as store:
        session = InterviewSession.resume(store, store.interviews("KILL-1")[0].id)
        assert session.interview.revision == 5
