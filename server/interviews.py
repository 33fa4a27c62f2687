"""Receiving and serving interview documents, for the clinicians of the patient's service.

Who owns what is read from the database, never from the uploaded document: an interview
belongs to the service its patient was stored under, and only that service's clinicians read
or change it.  Patient codes are each service's own (two services may use the same code).  An
upload cannot move an interview to another patient or service (an admin moves a patient:
``egonet-server admin move-patient``).  An unknown interview and another service's get the same
answer, so nothing tells which ids exist.

Every upload is checked as ``egonet validate`` checks it: strict JSON, the JSON Schema, the
model's rules, then the answers against the interview's protocol (built-in, or the service's
own, uploaded first), and the support plan's reviews and carried goals against the goals of the
wave it follows when the server has that wave (a follow-up may arrive before it: it is taken, as
its laptop checked it, and a review of no goal the server knows counts in no figure); a refused
upload stores nothing and answers 422 with the problems.

An upload names the revision its changes are based on (``base``: the revision the device last
had from or gave to the server, 0 for a new interview).  The server applies it only on top of
that revision, so two devices that changed the same interview never overwrite each other: the
second gets a conflict.  Uploading the same revision with the same content again is answered as
done, so a retry after a lost answer is harmless (idempotent).
"""

from __future__ import annotations

import hashlib
import json
from typing import cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from egonet.model import Interview, interview_problems, review_problems
from egonet.wire import DocumentError, StrictJSONError, dumps, loads, parse_strict
from server.auth import Account
from server.db import Alter, InterviewRow, Patient, Role, Tie
from server.db.upsert import insert_if_absent
from server.errors import Conflict, Forbidden, Invalid, NotFound
from server.people import now
from server.protocols import service_protocol
from server.stored import Result, Stored

__all__ = [
    "clinician_patients",
    "get_interview",
    "patient_interviews",
    "put_interview",
    "received_interview",
    "store_interview",
]

NOT_YOURS = "no interview with this id in your services at that base revision (a new interview is uploaded with base 0)"
"""The one answer to an update of an unknown interview and of another service's."""


def _clinician(user: Account) -> dict[str, int]:
    """The services (name → id) a clinician works in; anyone else is refused."""
    if user.role != Role.CLINICIAN:
        raise Forbidden("only clinicians read and write interviews")
    return {s.name: s.id for s in user.services}


def _problems(problems: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": field, "message": message} for field, message in problems]


def _parse(body: bytes, interview_id: str) -> Interview:
    try:
        document = loads(body, "upload", quick=True)  # parsed and schema-checked once, quickly
    except DocumentError as exc:
        detail = _problems([(p.field, p.message) for p in exc.problems])
        raise Invalid("the document is not a valid interview", problems=detail) from None
    if str(document.id) != interview_id:
        raise Invalid("the document's id is not the one in the address")
    return document


MAX_PROBLEMS = 100
"""A refusal lists at most this many problems (the answer stays small whatever was sent)."""


def _conforms(db: Session, document: Interview, service_id: int) -> None:
    """422 unless ``document`` conforms to its protocol, as the server has it for the service."""
    protocol = service_protocol(db, service_id, document.protocol_id, document.protocol_version)
    if protocol is None:
        raise Invalid(
            f"protocol {document.protocol_id} {document.protocol_version} is not on the server for this "
            "service: upload it first (egonet sync does)",
        )
    problems = interview_problems(document, protocol)
    if problems:
        detail = _problems([("", p) for p in problems[:MAX_PROBLEMS]])
        raise Invalid("the document does not conform to its protocol", problems=detail)
    plan = document.plan
    if plan.reviews or any(g.carried_from is not None for g in plan.goals):
        previous = _previous_wave(db, document, service_id)
        if previous is not None or document.previous_id is None or document.wave.index == 0:
            problems = review_problems(document, previous)  # a baseline has no goal to review or carry
        if problems:
            detail = _problems([("plan", p) for p in problems[:MAX_PROBLEMS]])
            raise Invalid("the plan reviews goals that the previous wave did not set", problems=detail)


def _previous_wave(db: Session, document: Interview, service_id: int) -> Interview | None:
    """The wave ``document`` follows, as stored for the same patient of the same service (None:
    not on the server, or none)."""
    if document.previous_id is None:
        return None
    row = db.scalar(
        select(InterviewRow).where(
            InterviewRow.id == str(document.previous_id),
            InterviewRow.service_id == service_id,
            InterviewRow.patient_code == document.patient.code,
        )
    )
    return loads(row.document, "server", trusted=True) if row is not None else None


def received_interview(user: Account, interview_id: str, body: bytes, *, max_ties: int = 5000) -> Interview:
    """The checks of an upload that need no database (run before its transaction, so that no
    lock is held while a document is parsed): the caller is a clinician, the document is valid
    and has this id, at most ``max_ties`` ties (measuring more would hold the server: found, 500
    alters and 17,500 ties took 15 s each), and names one of the caller's services."""
    services = _clinician(user)
    document = _parse(body, interview_id)
    if len(document.ties) > max_ties:
        raise Invalid(f"the network has {len(document.ties)} ties; this server measures at most {max_ties}")
    if document.patient.service not in services:  # before any lookup: the answer says nothing of the id
        raise Forbidden(f"service {document.patient.service!r} is not one of yours")
    return document


def put_interview(
    db: Session, user: Account, interview_id: str, body: bytes, base: int, *, max_ties: int = 5000
) -> Stored:
    """Store an uploaded document; what was done."""
    return store_interview(db, user, received_interview(user, interview_id, body, max_ties=max_ties), base)


_STORED = (
    select(InterviewRow.service_id, InterviewRow.patient_code, InterviewRow.revision, InterviewRow.digest)
    .where(InterviewRow.id == bindparam("id"))
    .with_for_update()
)
_INTERVIEWS = cast(Table, InterviewRow.__table__)
_INSERT = insert(_INTERVIEWS)
_UPDATE = update(_INTERVIEWS).where(_INTERVIEWS.c.id == bindparam("key"))
_ALTERS, _TIES = insert(cast(Table, Alter.__table__)), insert(cast(Table, Tie.__table__))
_ANSWERS = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
"""The statements of an upload, built once (Core rows: an upload makes no ORM objects)."""


def store_interview(db: Session, user: Account, document: Interview, base: int) -> Stored:
    """Store a document :func:`received_interview` accepted, on top of revision ``base``."""
    services = {s.name: s.id for s in user.services}
    interview_id = str(document.id)
    connection = db.connection()  # Core statements on the session's connection: no ORM on this path
    stored = connection.execute(_STORED, {"id": interview_id}).first()
    if (stored is None and base != 0) or (stored is not None and stored.service_id not in services.values()):
        raise Conflict(NOT_YOURS)
    if stored is None:
        service_id = services[document.patient.service]
    else:
        service_id = stored.service_id
        service = next(name for name, sid in services.items() if sid == service_id)
        if (document.patient.code, document.patient.service) != (stored.patient_code, service):
            raise Conflict(
                f"this interview is of patient {stored.patient_code} of service {service!r}: an upload cannot "
                "move it to another patient or service (an admin moves patients)",
            )
    text = dumps(document)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if stored is not None:
        if stored.revision == document.revision and stored.digest == digest:
            return Stored(interview_id, Result.UNCHANGED, revision=stored.revision)
        if stored.revision != base or document.revision <= stored.revision:
            raise Conflict(
                f"the interview changed on the server (revision {stored.revision}) since this device's "
                f"revision {base}; neither copy was overwritten",
                stored_revision=stored.revision,
            )
    _conforms(db, document, service_id)
    # Two waves of a new patient may arrive at once (from two devices): both insert the
    # patient, the database keeps one, and both go on with it (never a 500).
    values = {"service_id": service_id, "code": document.patient.code}
    insert_if_absent(db, Patient.__table__, values, ["service_id", "code"])  # type: ignore[arg-type]
    row = {
        "patient_code": document.patient.code,
        "wave_index": document.wave.index,
        "revision": document.revision,
        "status": document.status.value,
        "digest": digest,
        "document": text,
        "protocol": f"{document.protocol_id} {document.protocol_version}",
        "received_at": now(),
        "received_from": user.id,
    }
    try:
        if stored is None:
            connection.execute(_INSERT, [{"id": interview_id, "service_id": service_id, **row}])
        else:
            connection.execute(_UPDATE, [{"key": interview_id, **row}])
    except IntegrityError:
        raise Conflict(
            f"patient {document.patient.code} already has another interview for wave {document.wave.index}"
        ) from None
    _normalise(connection, document, new=stored is None)
    return Stored(interview_id, Result.CREATED if stored is None else Result.UPDATED, revision=document.revision)


def _normalise(connection: Connection, document: Interview, *, new: bool) -> None:
    """The interview's alters (no labels) and ties as rows: one multi-row INSERT each (a new
    interview has none to delete)."""
    key = str(document.id)
    if not new:
        connection.execute(delete(Alter).where(Alter.interview_id == key))
        connection.execute(delete(Tie).where(Tie.interview_id == key))
    alters = [
        {
            "interview_id": key,
            "alter_id": str(alter.id),
            "presence": alter.presence.value,
            "generators": ",".join(alter.generators),
            "answers": _ANSWERS(alter.answers),
        }
        for alter in document.alters.values()
    ]
    ties = [
        {"interview_id": key, "a": str(t.a), "b": str(t.b), "value": None if t.value is None else str(t.value)}
        for t in document.ties.values()
    ]
    if alters:
        connection.execute(_ALTERS, alters)  # one executemany
    if ties:
        connection.execute(_TIES, ties)


def get_interview(db: Session, user: Account, interview_id: str) -> str:
    """The stored document of an interview of one of the clinician's services (404 alike for an
    unknown interview and another service's)."""
    services = _clinician(user)
    row = db.get(InterviewRow, interview_id)
    if row is None or row.service_id not in services.values():
        raise NotFound("no such interview in your services")
    try:
        parse_strict(row.document)  # never serve what is not JSON
    except StrictJSONError:
        raise Conflict(
            "the server's copy was stored before numbers were checked and is not valid JSON: "
            "upload the interview again from the laptop that has it",
        ) from None
    return row.document


def clinician_patients(db: Session, user: Account) -> list[dict[str, object]]:
    """The patients of the clinician's services."""
    services = {v: k for k, v in _clinician(user).items()}
    rows = db.scalars(
        select(Patient).where(Patient.service_id.in_(services)).order_by(Patient.code, Patient.service_id)
    )
    return [{"code": p.code, "service": services[p.service_id]} for p in rows]


def patient_interviews(db: Session, user: Account, code: str) -> list[dict[str, object]]:
    """The waves of a patient of the clinician's services (for starting a follow-up on another
    device); 404 alike for an unknown code and another service's."""
    services = _clinician(user)
    rows = list(
        db.scalars(
            select(InterviewRow)
            .where(InterviewRow.service_id.in_(services.values()), InterviewRow.patient_code == code)
            .order_by(InterviewRow.service_id, InterviewRow.wave_index)
        )
    )
    if not rows:
        raise NotFound("no such patient in your services")
    return [{"id": r.id, "wave_index": r.wave_index, "revision": r.revision, "status": r.status} for r in rows]
