"""Group commit (issue 19): uploads arriving together share one transaction and one commit, and
each is decided exactly as if it had been stored alone, in order, after the ones before it.

The first test is the contract: random runs of uploads (new interviews, repeats, later
revisions, stale bases, other services' ids, moves, second interviews for a wave, follow-ups
whose plans review their baselines' goals, some in the same run as their baseline) stored as one
batch and one by one on two databases give the same answers and the same rows.  It fails if a
decision does not change what the next one sees (tried: without ``self.rows[...] = ...`` in
``_Batch.decide`` a repeat in the same batch is taken for a new interview)."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import random
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from egonet.model import GoalReview, Interview, Outcome, Patient
from egonet.protocol import builtin_protocol
from egonet.wire import dumps
from server.auth import Account, Limits, authenticate
from server.db import make_engine, migrate
from server.errors import ServerError
from server.group_commit import GroupCommit
from server.people import create_service, create_user, issue_token
from server.stored import Stored
from server.uploads import Upload, prepare_upload, store_uploads
from tests.server.helpers import Client, cohort, interview

SERVICES = ("CGG Leuven", "CSM Namur")


def _protocol(_service: int, protocol_id: str, version: str) -> object:
    return builtin_protocol(protocol_id, version)


def _accounts(engine: Engine) -> dict[str, Account]:
    """A clinician of each service, as the server authenticates them."""
    with Session(engine) as db, db.begin():
        for service in SERVICES:
            create_service(db, service)
        tokens = {}
        for service in SERVICES:
            create_user(db, f"clin {service}", "clinician", [service])
            tokens[service] = issue_token(db, f"clin {service}", "test")
    limits = Limits(10, 300, 300)
    return {s: authenticate(engine, engine, f"Bearer {t}", "127.0.0.1", limits) for s, t in tokens.items()}


@pytest.fixture
def two_databases(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    engines = tuple(make_engine(f"sqlite:///{tmp_path / name}.sqlite3") for name in ("batch", "alone"))
    for engine in engines:
        migrate(engine)
    yield engines  # type: ignore[misc]
    for engine in engines:
        engine.dispose()


def _sent(rng: random.Random, n: int) -> list[tuple[str, Interview, int]]:
    """``n`` uploads (the uploader's service, the document, the base revision), in a random order
    with every kind of outcome."""
    demo = cohort(6, 2)  # baselines and follow-ups, whose plans review the baselines' goals
    pool: list[Interview] = []
    out: list[tuple[str, Interview, int]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.25 or not pool:  # a new interview, some for a wave its patient already has
            iv = (
                demo.pop(rng.randrange(len(demo)))
                if demo and rng.random() < 0.5
                else interview(service=rng.choice(SERVICES), code=f"P-{rng.randrange(4)}", wave=rng.randrange(2))
            )
            pool.append(iv)
            out.append((iv.patient.service, iv, 0))
            continue
        iv = rng.choice(pool)
        if roll < 0.4:  # a repeat (a retry after a lost answer)
            out.append((iv.patient.service, iv, iv.revision - 1 if iv.revision > 1 else 0))
        elif roll < 0.6:  # the next revision, on the right base or a stale one
            later = copy.deepcopy(iv)
            later.revision += 1
            later.wave = dataclasses.replace(later.wave, label=f"{later.wave.label} {later.revision}")
            pool.append(later)
            out.append((iv.patient.service, later, iv.revision if rng.random() < 0.8 else max(0, iv.revision - 1)))
        elif roll < 0.7:  # another service's clinician
            other = SERVICES[1 - SERVICES.index(iv.patient.service)]
            if rng.random() < 0.5:  # naming its own service: refused before anything is looked up
                out.append((other, iv, iv.revision))
            else:  # naming the other's: one answer for an unknown id and another service's
                moved = dataclasses.replace(copy.deepcopy(iv), patient=Patient(iv.patient.code, other))
                out.append((other, moved, iv.revision))
        elif roll < 0.8:  # a move to another patient
            moved = dataclasses.replace(copy.deepcopy(iv), patient=Patient(iv.patient.code + "X", iv.patient.service))
            moved.revision += 1
            out.append((iv.patient.service, moved, iv.revision))
        elif roll < 0.9:  # an unknown interview at a base above 0
            unknown = dataclasses.replace(copy.deepcopy(iv), id=uuid.uuid4())
            out.append((iv.patient.service, unknown, 1))
        else:  # a plan reviewing a goal no wave set
            wrong = copy.deepcopy(iv)
            wrong.id, wrong.revision = uuid.uuid4(), 1
            wrong.plan.reviews.append(GoalReview(uuid.uuid4(), Outcome.DONE, ""))
            pool.append(wrong)
            out.append((iv.patient.service, wrong, 0))
    return out


def _outcome(done: Stored | ServerError) -> tuple[str, ...]:
    if isinstance(done, ServerError):
        return type(done).__name__, done.message
    return "stored", done.id, done.result.value, str(done.revision)


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "patients": "SELECT service_id, code FROM patients",
        "interviews": "SELECT id, service_id, patient_code, wave_index, revision, status, digest, document, protocol "
        "FROM interviews",
        "alters": "SELECT interview_id, alter_id, presence, generators, answers FROM alters",
        "ties": "SELECT interview_id, a, b, value FROM ties",
    }
    with engine.connect() as db:
        return {name: sorted(db.execute(text(q)).all()) for name, q in queries.items()}


def test_a_batch_decides_each_upload_as_if_stored_alone(two_databases: tuple[Engine, Engine]) -> None:
    batched, alone = two_databases
    accounts = {name: _accounts(engine) for name, engine in (("batch", batched), ("alone", alone))}
    kinds: Counter[str] = Counter()
    rng = random.Random(19)
    for run in range(12):
        sent = _sent(rng, rng.randrange(2, 40))

        def prepared(which: str, _sent: list[tuple[str, Interview, int]] = sent) -> list[Upload | ServerError]:
            out: list[Upload | ServerError] = []
            for service, iv, base in _sent:
                try:
                    body = dumps(iv).encode()
                    out.append(prepare_upload(_protocol, accounts[which][service], str(iv.id), body, base))  # type: ignore[arg-type]
                except ServerError as exc:
                    out.append(exc)
            return out

        batch = prepared("batch")
        with batched.begin() as connection:
            uploads = [u for u in batch if isinstance(u, Upload)]
            got = iter(store_uploads(connection, uploads))
        together = [_outcome(next(got)) if isinstance(u, Upload) else _outcome(u) for u in batch]
        one_by_one = []
        for upload in prepared("alone"):
            if isinstance(upload, ServerError):
                one_by_one.append(_outcome(upload))
                continue
            with alone.begin() as connection:
                one_by_one.append(_outcome(store_uploads(connection, [upload])[0]))
        assert together == one_by_one, f"run {run}"
        kinds.update(o[2] if o[0] == "stored" else o[0] for o in together)
    assert _rows(batched) == _rows(alone)
    assert {"created", "updated", "unchanged", "Conflict", "Invalid", "Forbidden"} <= set(kinds), kinds


def test_uploads_arriving_together_share_a_commit_each_answered_once_stored(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    commits: list[int] = []
    event.listen(engine, "commit", lambda _c: commits.append(1))
    ivs = [interview(code=f"P-{n:03d}") for n in range(30)]
    headers = {"Authorization": f"Bearer {people['clin_leuven']}", "Content-Type": "application/json"}

    async def send_all() -> list[httpx.Response]:
        requests = [
            client.http.put(f"/v1/interviews/{iv.id}", content=dumps(iv).encode(), headers=headers)
            for iv in [*ivs, *ivs[:5]]  # and five repeats, as retries after lost answers
        ]
        return await asyncio.gather(*requests)

    answers = client.loop.run_until_complete(send_all())
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: 30, 200: 5}  # each repeat: created if first, else unchanged
    writes = len(commits) - len(answers)  # one commit per request is its token's read
    assert writes < len(answers) / 2, f"{writes} commits for {len(answers)} uploads"
    with engine.connect() as db:
        stored = db.execute(text("SELECT id, revision FROM interviews")).all()
        audit = Counter(o for (o,) in db.execute(text("SELECT outcome FROM audit WHERE action = 'write'")))
    assert sorted(stored) == sorted((str(iv.id), 1) for iv in ivs)
    assert audit == statuses  # every upload audited with its answer, in its batch's transaction


def test_a_batch_that_meets_another_writer_is_stored_one_by_one(engine: Engine) -> None:
    """On PostgreSQL, another process inserting the same new interview at the same moment makes the
    batch's INSERT fail; its uploads are then stored one by one: the one already stored is
    answered as done, the other created, and nothing is doubled."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write transaction: no other writer meets a batch")
    migrate(engine)
    accounts = _accounts(engine)
    user = accounts["CGG Leuven"]
    first, second = interview(code="P-1"), interview(code="P-2")
    uploads = [prepare_upload(_protocol, user, str(iv.id), dumps(iv).encode(), 0) for iv in (first, second)]  # type: ignore[arg-type]
    other = engine.connect()
    other_tx = other.begin()
    store_uploads(other, uploads[:1])  # the other writer's copy of the first, not committed yet
    commit = GroupCommit(engine, threading.Lock())
    outcomes: list[object] = []
    runner = threading.Thread(target=lambda: outcomes.extend(commit.store_together(uploads)))
    runner.start()
    with engine.connect() as watch:  # the batch's INSERT waits on the other writer's row
        for _ in range(600):
            if watch.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar_one():
                break
            threading.Event().wait(0.1)
    other_tx.commit()
    other.close()
    runner.join()
    assert [o.result.value for o in outcomes if isinstance(o, Stored)] == ["unchanged", "created"], outcomes
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM interviews")).scalar_one() == 2
        assert db.execute(text("SELECT count(*) FROM alters")).scalar_one() == 4


def test_an_upload_the_database_refuses_fails_alone_in_its_batch(engine: Engine) -> None:
    """Found by a review: a batch failing for one upload answered 500 to all of them."""
    migrate(engine)
    user = _accounts(engine)["CGG Leuven"]
    ivs = [interview(code=f"P-{n}") for n in range(3)]
    uploads = [prepare_upload(_protocol, user, str(iv.id), dumps(iv).encode(), 0) for iv in ivs]  # type: ignore[arg-type]
    bad = dataclasses.replace(uploads[1], alters=[{**uploads[1].alters[0], "answers": {"not": "text"}}])
    outcomes = GroupCommit(engine, threading.Lock()).store_together([uploads[0], bad, uploads[2]])
    assert [o.result.value if isinstance(o, Stored) else "failed" for o in outcomes] == ["created", "failed", "created"]
    with engine.connect() as db:
        stored = {i for (i,) in db.execute(text("SELECT id FROM interviews"))}
        audit = dict(db.execute(text("SELECT resource, outcome FROM audit")).all())
    assert stored == {uploads[0].id, uploads[2].id}
    assert audit == {uploads[0].resource: 201, bad.resource: 500, uploads[2].resource: 201}
