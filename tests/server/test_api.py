"""The API on SQLite and PostgreSQL: tokens, uploads (idempotent, conflicts), scoping, bad input, audit."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from egonet.model import Interview
from egonet.wire import dumps, to_document
from server.db import Alter as AlterRow
from server.db import AuditEvent, Tie, User
from server.people import revoke_tokens
from server.stored import Result
from server.uploads import put_interview
from tests.server.helpers import Client, interview, put


def test_every_endpoint_needs_a_valid_token(client: Client, people: dict[str, str], engine: Engine) -> None:
    some = uuid.uuid4()
    for method, url in (("GET", "/v1/me"), ("GET", f"/v1/interviews/{some}"), ("GET", "/v1/patients/P-1/interviews")):
        for token in (None, "not-a-token"):
            response = client.request(method, url, token)
            assert response.status_code == 401, (method, url, token)
            assert "token" in response.json()["error"]
    assert client.request("GET", "/v1/me", people["clin_leuven"]).json()["services"] == ["CGG Leuven"]
    with Session(engine) as db, db.begin():
        revoke_tokens(db, "clin_leuven")
    assert client.request("GET", "/v1/me", people["clin_leuven"]).status_code == 401


def test_an_upload_is_stored_as_document_and_rows_and_a_repeat_changes_nothing(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    iv = interview()
    token = people["clin_leuven"]
    assert put(client, token, iv) == (201, {"id": str(iv.id), "revision": 1, "result": "created"})
    assert put(client, token, iv) == (200, {"id": str(iv.id), "revision": 1, "result": "unchanged"})
    got = client.request("GET", f"/v1/interviews/{iv.id}", token)
    assert got.status_code == 200 and got.json() == to_document(iv)
    waves = client.request("GET", "/v1/patients/P-001/interviews", token).json()
    assert waves == [{"id": str(iv.id), "wave_index": 0, "revision": 1, "status": "in_progress"}]
    with Session(engine) as db:
        rows = list(db.scalars(select(AlterRow)))
        assert len(rows) == 2 and db.scalar(select(func.count()).select_from(Tie)) == 1
        assert all("Marie" not in json.dumps([r.answers, r.generators]) for r in rows)
        audit = list(db.scalars(select(AuditEvent)))
        assert [(e.action, e.outcome) for e in audit] == [("write", 201), ("write", 200), ("read", 200), ("list", 200)]
        assert not any("Marie" in e.resource or "Jan" in e.resource for e in audit)


def test_a_later_revision_replaces_and_a_change_from_two_devices_is_a_conflict(
    client: Client, people: dict[str, str]
) -> None:
    token = people["clin_leuven"]
    iv = interview()
    put(client, token, iv)
    iv.rename_alter(next(iter(iv.alters)), "Marie D.")
    iv.revision = 2
    assert put(client, token, iv, base=1) == (200, {"id": str(iv.id), "revision": 2, "result": "updated"})
    other = interview()
    other.id, other.revision = iv.id, 3  # another device, also based on revision 1
    status, answer = put(client, token, other, base=1)
    assert status == 409 and answer["stored_revision"] == 2
    assert client.request("GET", f"/v1/interviews/{iv.id}", token).json() == to_document(iv)  # not overwritten
    status, _ = put(client, token, interview(), base=4)  # a new interview said to be based on a revision
    assert status == 409


def test_two_interviews_for_one_wave_of_a_patient_is_a_conflict(client: Client, people: dict[str, str]) -> None:
    token = people["clin_leuven"]
    assert put(client, token, interview())[0] == 201
    status, answer = put(client, token, interview())  # same patient and wave, another id (another laptop)
    assert status == 409 and "already has another interview" in str(answer["error"])


def test_interviews_are_for_clinicians_of_the_patients_service(client: Client, people: dict[str, str]) -> None:
    iv = interview()
    put(client, people["clin_leuven"], iv)
    assert put(client, people["clin_namur"], interview(code="P-002"))[0] == 403  # not their service
    for url in (f"/v1/interviews/{iv.id}", "/v1/patients/P-001/interviews"):  # as if it did not exist
        assert client.request("GET", url, people["clin_namur"]).status_code == 404, url
    assert put(client, people["clin_namur"], iv, base=1)[0] == 403  # the document names Leuven
    for name in ("lead_leuven", "researcher", "admin"):
        for url in (f"/v1/interviews/{iv.id}", "/v1/patients/P-001/interviews"):
            assert client.request("GET", url, people[name]).status_code == 403, (name, url)
        assert put(client, people[name], iv, base=1)[0] == 403, name
    assert client.request("GET", f"/v1/interviews/{uuid.uuid4()}", people["clin_leuven"]).status_code == 404


def test_bad_uploads_get_a_clear_4xx(client: Client, people: dict[str, str]) -> None:
    token, iv = people["clin_leuven"], interview()
    url = f"/v1/interviews/{iv.id}"
    bad_json = client.request("PUT", url, token, content=b'{"format": "egonet.interview", "schema_ver')
    assert bad_json.status_code == 422 and bad_json.json()["error"] == "the document is not a valid interview"
    broken = to_document(iv)
    broken["wave"]["index"] = -1
    response = client.request("PUT", url, token, content=json.dumps(broken).encode())
    assert response.status_code == 422 and response.json()["problems"][0]["field"].startswith("wave")
    assert client.request("PUT", f"/v1/interviews/{uuid.uuid4()}", token, content=dumps(iv).encode()).status_code == 422
    huge = client.request("PUT", url, token, content=b" " * 300_000)
    assert huge.status_code == 413 and "larger than" in huge.json()["error"]
    negative = client.request("PUT", url, token, content=dumps(iv).encode(), headers={"X-Egonet-Base-Revision": "-1"})
    assert negative.status_code == 422
    assert client.request("GET", f"/v1/interviews/{iv.id}", token).status_code == 404  # nothing was stored


def test_a_clinician_lists_only_the_patients_of_their_services(client: Client, people: dict[str, str]) -> None:
    put(client, people["clin_leuven"], interview(code="P-001"))
    put(client, people["clin_namur"], interview(service="CSM Namur", code="P-900"))
    assert client.request("GET", "/v1/patients", people["clin_leuven"]).json() == [
        {"code": "P-001", "service": "CGG Leuven"}
    ]
    assert client.request("GET", "/v1/patients", people["clin_namur"]).json() == [
        {"code": "P-900", "service": "CSM Namur"}
    ]
    assert client.request("GET", "/v1/patients", people["lead_leuven"]).status_code == 403


def test_two_waves_of_a_new_patient_arriving_at_once_both_land(engine: Engine, people: dict[str, str]) -> None:
    """Found by the load benchmark on PostgreSQL: both uploads inserted the new patient, the second
    failed with a 500.  Here the second upload provably waits on the first one's patient row."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises every write transaction")
    first, second = interview(code="P-NEW", wave=0), interview(code="P-NEW", wave=1)
    done: dict[int, object] = {}
    release = threading.Event()

    def upload(iv: Interview, hold: bool) -> None:
        try:
            with Session(engine) as db, db.begin():
                user = db.scalar(select(User).where(User.name == "clin_leuven"))
                assert user is not None
                done[iv.wave.index] = put_interview(db, user, str(iv.id), dumps(iv).encode(), 0).result
                if hold:
                    release.wait(60)  # keep the transaction (and its new patient row) open
        except Exception as exc:  # reported below
            done[iv.wave.index] = exc

    holder = threading.Thread(target=upload, args=(first, True))
    holder.start()
    wait_for(lambda: 0 in done)
    waiter = threading.Thread(target=upload, args=(second, False))
    waiter.start()
    with engine.connect() as con:  # the second upload is blocked on the first one's patient row
        wait_for(lambda: con.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar_one() > 0)
    release.set()
    holder.join()
    waiter.join()
    assert done == {0: Result.CREATED, 1: Result.CREATED}


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)
