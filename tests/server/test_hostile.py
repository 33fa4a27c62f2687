"""The server against an attacker with a valid token, on SQLite and PostgreSQL.

``clin_namur`` (a clinician of CSM Namur) tries to take over, squat or probe CGG Leuven's
interviews, patient codes and protocols; clinicians upload answers no protocol allows and bodies
no JSON parser should accept.  Each case was a hole found from the outside (a 200, a 201 or a
500); each must now be a 4xx with the JSON error shape that changes nothing.  The corpus of
bodies grows with every finding (``BODIES``); the HTTP-level corpus, which needs a real socket,
is in ``test_hostile_http.py``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from egonet.model import Alter, InterviewStatus, Patient
from egonet.protocol import default_protocol_text
from egonet.wire import dumps, to_document
from server.api import create_app
from server.db import AuditEvent, InterviewRow, ProtocolFile
from server.errors import ServerError
from server.moving import move_patient
from server.settings import ServerSettings
from tests.server.helpers import BUILTIN, LEUVEN, MOMENT, NAMUR, Client, interview, put, refused


def stored_count(engine: Engine) -> int:
    with Session(engine) as db:
        return int(db.scalar(select(func.count()).select_from(InterviewRow)) or 0)


def test_another_service_cannot_take_over_an_interview_with_or_without_the_right_base(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    """Found: PUT with ``patient.service = "CSM Namur"`` and a new code answered 200, and A's
    clinicians then got 403 on their own interview."""
    own = interview()
    assert put(client, people[LEUVEN], own)[0] == 201
    original = client.request("GET", f"/v1/interviews/{own.id}", people[LEUVEN]).json()
    for base in (0, 1, 7):
        hijack = interview(service="CSM Namur", code="NAM-001", revision=2)
        hijack.id = own.id
        status, answer = put(client, people[NAMUR], hijack, base=base)
        assert status == 409 and "stored_revision" not in answer, (base, answer)
    assert client.request("GET", f"/v1/interviews/{own.id}", people[LEUVEN]).json() == original
    assert client.request("GET", f"/v1/interviews/{own.id}", people[NAMUR]).status_code == 404
    assert client.request("GET", "/v1/patients", people[NAMUR]).json() == []


def test_unknown_and_forbidden_ids_and_codes_get_the_same_answer(client: Client, people: dict[str, str]) -> None:
    own = interview()
    assert put(client, people[LEUVEN], own)[0] == 201
    stranger = interview(service="CSM Namur", code="P-001", revision=2)
    unknown = interview(service="CSM Namur", code="P-001", revision=2)
    stranger.id = own.id
    assert put(client, people[NAMUR], stranger, base=1) == put(client, people[NAMUR], unknown, base=1)
    for base in (0, 1):  # found by the probe: at base 0, naming the other service told 409 from 403
        claimed, absent = interview(code="P-001", revision=2), interview(code="P-001", revision=2)
        claimed.id = own.id
        assert put(client, people[NAMUR], claimed, base=base) == put(client, people[NAMUR], absent, base=base)
    for known, absent in (
        (f"/v1/interviews/{own.id}", f"/v1/interviews/{uuid.uuid4()}"),
        ("/v1/patients/P-001/interviews", "/v1/patients/NOBODY-1/interviews"),
    ):
        a, b = client.request("GET", known, people[NAMUR]), client.request("GET", absent, people[NAMUR])
        assert (a.status_code, a.json()) == (b.status_code, b.json()) == (404, a.json()), known


def test_an_upload_cannot_move_an_interview_to_another_patient_or_service(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    own = interview()
    assert put(client, people[LEUVEN], own)[0] == 201
    moved = interview(code="P-777", revision=2)
    moved.id = own.id
    status, answer = put(client, people[LEUVEN], moved, base=1)
    assert status == 409 and "admin" in str(answer["error"])
    waves = client.request("GET", "/v1/patients/P-001/interviews", people[LEUVEN]).json()
    assert [w["revision"] for w in waves] == [1]


def test_only_an_admin_moves_a_patient_and_the_move_is_audited(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    own = interview()
    assert put(client, people[LEUVEN], own)[0] == 201
    with Session(engine) as db, db.begin():
        assert move_patient(db, "P-001", "CGG Leuven", "CSM Namur") == 1
    assert client.request("GET", f"/v1/interviews/{own.id}", people[LEUVEN]).status_code == 404
    moved = client.request("GET", f"/v1/interviews/{own.id}", people[NAMUR]).json()
    assert moved["patient"] == {"code": "P-001", "service": "CSM Namur"} and moved["revision"] == 2
    assert put(client, people[LEUVEN], own, base=1)[0] == 409  # Leuven's laptop can no longer write it
    own.patient, own.revision = Patient("P-001", "CSM Namur"), 3
    assert put(client, people[NAMUR], own, base=2)[0] == 200
    with Session(engine) as db:
        event = db.scalar(select(AuditEvent).where(AuditEvent.action == "move-patient"))
        assert event is not None and "P-001" not in event.resource
    assert put(client, people[LEUVEN], interview())[0] == 201  # a new P-001 of Leuven
    with Session(engine) as db, db.begin(), pytest.raises(ServerError, match="already has a patient"):
        move_patient(db, "P-001", "CGG Leuven", "CSM Namur")


def test_patient_codes_belong_to_each_service_so_none_can_be_squatted(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    """Found: a code was global, so Namur uploading ``AAA-011`` first got Leuven's own patient refused."""
    squat = interview(service="CSM Namur", code="AAA-011")
    assert put(client, people[NAMUR], squat)[0] == 201
    real = interview(code="AAA-011")
    assert put(client, people[LEUVEN], real)[0] == 201
    leuven = client.request("GET", "/v1/patients/AAA-011/interviews", people[LEUVEN]).json()
    namur = client.request("GET", "/v1/patients/AAA-011/interviews", people[NAMUR]).json()
    assert [w["id"] for w in leuven] == [str(real.id)] and [w["id"] for w in namur] == [str(squat.id)]
    assert client.request("GET", f"/v1/interviews/{real.id}", people[LEUVEN]).json() == to_document(real)


def custom_protocol(title: str, protocol_id: str = "my-proto", version: str = "1.0") -> bytes:
    text = default_protocol_text().replace('id = "egonet-ssmi"', f'id = "{protocol_id}"', 1)
    text = text.replace(f'version = "{BUILTIN}"', f'version = "{version}"', 1)
    return text.replace('en = "My support network"', f'en = "{title}"', 1).encode()


def put_protocol(client: Client, token: str, body: bytes, path: str = "my-proto/1.0") -> httpx.Response:
    return client.request("PUT", f"/v1/protocols/{path}", token, content=body)


def test_protocols_cannot_be_squatted_or_replaced(client: Client, people: dict[str, str], engine: Engine) -> None:
    """Found: the first uploader of an id and version owned it for every service."""
    assert put_protocol(client, people[NAMUR], custom_protocol("Namur's")).status_code == 201
    assert put_protocol(client, people[LEUVEN], custom_protocol("Leuven's")).status_code == 201  # its own
    leuven = client.request("GET", "/v1/protocols/my-proto/1.0", people[LEUVEN]).text
    assert "Leuven's" in leuven and "Namur's" not in leuven
    refused(put_protocol(client, people[LEUVEN], custom_protocol("Changed")), 409)  # one text per version
    builtin = default_protocol_text().replace("My support network", "Hijacked").encode()
    refused(put_protocol(client, people[NAMUR], builtin, f"egonet-ssmi/{BUILTIN}"), 409)
    future = custom_protocol("Squat", "egonet-ssmi", "9.9.9")
    refused(put_protocol(client, people[NAMUR], future, "egonet-ssmi/9.9.9"), 409)  # reserved for Egonet
    assert "Hijacked" not in client.request("GET", f"/v1/protocols/egonet-ssmi/{BUILTIN}", people[LEUVEN]).text
    only_namur = custom_protocol("Namur only", version="2.0")
    assert put_protocol(client, people[NAMUR], only_namur, "my-proto/2.0").status_code == 201
    other, unknown = (client.request("GET", f"/v1/protocols/my-proto/{v}", people[LEUVEN]) for v in ("2.0", "9.9"))
    assert other.status_code == unknown.status_code == 404
    with Session(engine) as db:
        assert {(p.id, p.version) for p in db.scalars(select(ProtocolFile))} == {
            ("my-proto", "1.0"),
            ("my-proto", "2.0"),
        }


def test_a_protocol_nested_past_the_parser_is_a_422(client: Client, people: dict[str, str]) -> None:
    """Found by the attacker probe: 1,000 nested TOML arrays raised RecursionError, a 500."""
    deep = ("a = " + "[" * 1000 + "]" * 1000 + "\n").encode()
    answer = refused(put_protocol(client, people[NAMUR], deep, "deep/1.0"), 422)
    assert "nested too deeply" in str(answer["problems"])


def document_with(change: Callable[[dict[str, Any]], None]) -> tuple[str, bytes]:
    iv = interview()
    doc = to_document(iv)
    change(doc)
    return str(iv.id), json.dumps(doc).encode()


def test_answers_outside_the_protocol_are_refused_and_nothing_is_stored(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    """Found: ``"satisfaction": 999`` (options 1-7) got 201 and the lead's quartiles read "3 - 750.50"."""

    def satisfaction(value: object) -> Callable[[dict[str, Any]], None]:
        return lambda doc: doc["ego"]["answers"].update(satisfaction=value)

    for change in (
        satisfaction(999),
        satisfaction("very"),
        lambda doc: doc["alters"][0]["answers"].update(relationship="cousin"),
        lambda doc: doc["alters"][0].update(generators=["gossip"]),
        lambda doc: doc["ties"][0].update(value=42),
        lambda doc: doc.update(language="de"),
    ):
        interview_id, body = document_with(change)
        answer = refused(client.request("PUT", f"/v1/interviews/{interview_id}", people[LEUVEN], content=body), 422)
        assert answer["problems"], answer
    custom = interview()
    custom.protocol_id = "never-uploaded"
    answer = refused(
        client.request("PUT", f"/v1/interviews/{custom.id}", people[LEUVEN], content=dumps(custom).encode()), 422
    )
    assert "upload it first" in answer["error"]
    assert stored_count(engine) == 0


BODIES: dict[str, Callable[[dict[str, Any]], bytes]] = {
    # each a hostile body that was answered 500, or stored and then broke an export (found, then fixed)
    "infinite number (1e400)": lambda d: json.dumps(d).replace('"revision": 1', '"revision": 1, "x": 1e400').encode(),
    "satisfaction 1e400": lambda d: (
        json.dumps(d).replace('"answers": {}', '"answers": {"satisfaction": 1e400}', 1).encode()
    ),
    "NaN": lambda d: json.dumps(d).replace('"answers": {}', '"answers": {"satisfaction": NaN}', 1).encode(),
    "lone surrogate in a label": lambda d: json.dumps(d).replace('"Marie Dupont"', '"Marie \\ud800"').encode(),
    "revision of 5,000 digits": lambda d: json.dumps(d).replace('"revision": 1', '"revision": ' + "9" * 5000).encode(),
    "revision past 32 bits": lambda d: json.dumps(d).replace('"revision": 1', '"revision": 99999999999').encode(),
    "nested 5,000 deep": lambda d: (
        json.dumps(d).replace('"answers": {}', '"answers": {"x": ' + "[" * 5000 + "]" * 5000 + "}", 1).encode()
    ),
    "duplicate keys": lambda d: json.dumps(d).replace('"revision": 1', '"revision": 1, "revision": 2').encode(),
    "invalid UTF-8": lambda d: (
        json.dumps(d, ensure_ascii=False).replace("Marie", "Mar\udcff", 1).encode("utf-8", "surrogateescape")
    ),
    "not an object": lambda d: b"[1, 2, 3]",
    "empty": lambda d: b"",
    "a string": lambda d: b'"egonet.interview"',
}


def test_a_network_too_costly_to_measure_is_refused(
    settings: ServerSettings, engine: Engine, people: dict[str, str]
) -> None:
    """Found by the attacker probe: six uploads of 500 alters and 17,500 ties (accepted, 201) held
    the server's measuring for 125 s, and other services' requests waited 10-27 s."""
    small = Client(create_app(settings.model_copy(update={"max_ties": 2}), engine=engine))
    try:
        iv = interview()  # two alters and their tie
        third = iv.add_alter(Alter(uuid.uuid4(), "Piet", ["practical"], {"relationship": "friend"}))
        for other in list(iv.alters)[:2]:
            iv.set_tie(other, third.id, 1)
        url = f"/v1/interviews/{iv.id}"
        answer = refused(small.request("PUT", url, people[LEUVEN], content=dumps(iv).encode()), 422)
        assert "3 ties" in answer["error"] and "at most 2" in answer["error"]
        assert put(small, people[LEUVEN], interview(code="P-002"))[0] == 201  # one tie: measured as ever
    finally:
        small.close()


@pytest.mark.parametrize("case", sorted(BODIES))
def test_a_hostile_body_gets_a_4xx_and_stores_nothing(
    case: str, client: Client, people: dict[str, str], engine: Engine
) -> None:
    iv = interview()
    body = BODIES[case](to_document(iv))
    answer = refused(client.request("PUT", f"/v1/interviews/{iv.id}", people[LEUVEN], content=body), 422)
    assert answer["error"] == "the document is not a valid interview", answer
    assert stored_count(engine) == 0
    with Session(engine) as db:  # refused uploads are audited, with their status
        assert db.scalar(select(AuditEvent.outcome).where(AuditEvent.action == "write")) == 422


def test_wrong_media_types_and_headers_get_a_4xx(client: Client, people: dict[str, str], engine: Engine) -> None:
    iv = interview()
    url, body, token = f"/v1/interviews/{iv.id}", dumps(iv).encode(), people[LEUVEN]
    refused(client.request("PUT", url, token, content=body, headers={"Content-Type": "text/plain"}), 415)
    refused(client.request("PUT", url, token, content=body, raw=True), 415)
    for header in ({"Content-Type": "application/json; charset=latin-1"}, {"Content-Encoding": "gzip"}):
        refused(
            client.request("PUT", url, token, content=body, headers={"Content-Type": "application/json", **header}), 415
        )
    refused(client.request("PUT", "/v1/protocols/p/1", token, content=body, headers={"Content-Type": "x/y"}), 415)
    for base in ("9" * 5000, "-1", "1.5", "zero"):
        refused(client.request("PUT", url, token, content=body, headers={"X-Egonet-Base-Revision": base}), 422)
    assert stored_count(engine) == 0


def test_a_research_export_never_goes_below_the_servers_k(client: Client, people: dict[str, str]) -> None:
    """Found: the researcher chose k, and k=1 kept service, month and gender."""
    assert put(client, people[LEUVEN], interview())[0] == 201
    for k in (1, 4):
        answer = refused(client.request("GET", f"/v1/research/export?k={k}", people["researcher"]), 422)
        assert "at least 5" in answer["error"]


def test_the_longest_names_the_paths_allow_are_audited_without_failing(client: Client, people: dict[str, str]) -> None:
    """Found by schemathesis on PostgreSQL: ``service:`` and a 200-character name overflowed the
    audit log's column, and the answer was a 500."""
    refused(client.request("GET", f"/v1/services/{'0' * 200}/summary", people["lead_leuven"]), 403)
    refused(client.request("GET", f"/v1/protocols/p/{'9' * 40}", people[LEUVEN]), 404)


def test_a_copy_stored_before_numbers_were_checked_is_never_served_as_invalid_json(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    iv = interview()
    assert put(client, people[LEUVEN], iv)[0] == 201
    with Session(engine) as db, db.begin():  # what the old server stored for "satisfaction": 1e400
        row = db.get(InterviewRow, str(iv.id))
        assert row is not None
        row.document = row.document.replace('"answers":{}', '"answers":{"satisfaction":Infinity}', 1)
    answer = refused(client.request("GET", f"/v1/interviews/{iv.id}", people[LEUVEN]), 409)
    assert "upload the interview again" in answer["error"]


def test_an_export_smaller_than_its_k_is_refused(client: Client, people: dict[str, str]) -> None:
    """Noticed by the second probe: k above the number of interviews served every record with its
    quasi-identifiers suppressed, one class smaller than k."""
    iv = interview()
    iv.status, iv.completed_at = InterviewStatus.COMPLETED, MOMENT
    assert put(client, people[LEUVEN], iv)[0] == 201
    answer = refused(client.request("GET", "/v1/research/export?k=6", people["researcher"]), 409)
    assert "fewer than k = 6" in answer["error"]
