"""Receiving and serving interview documents, for the clinicians of the patient's service.

An upload names the revision its changes are based on (``base``: the revision the device last
had from or gave to the server, 0 for a new interview).  The server applies it only on top of
that revision, so two devices that changed the same interview never overwrite each other: the
second gets a conflict.  Uploading the same revision with the same content again is answered as
done, so a retry after a lost answer is harmless (idempotent).
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from egonet.model import Interview as Document
from egonet.wire import DocumentError, dumps, loads
from server.db import Alter, Interview, Patient, Role, Tie, User
from server.db.upsert import insert_if_absent
from server.errors import ServerError
from server.people import now

__all__ = ["clinician_patients", "get_interview", "patient_interviews", "put_interview"]


def _clinician(user: User) -> dict[str, int]:
    """The services (name → id) a clinician works in; anyone else is refused."""
    if user.role != Role.CLINICIAN:
        raise ServerError("only clinicians read and write interviews", 403)
    return {s.name: s.id for s in user.services}


def _patient(db: Session, user: User, code: str) -> Patient | None:
    patient = db.get(Patient, code)
    if patient is not None and patient.service_id not in _clinician(user).values():
        raise ServerError("this patient is not followed by one of your services", 403)
    return patient


def put_interview(db: Session, user: User, interview_id: str, body: bytes, base: int) -> tuple[int, dict[str, object]]:
    """Store an uploaded document; returns (HTTP status, answer)."""
    services = _clinician(user)
    try:
        document = loads(body, "upload")
    except DocumentError as exc:
        problems = [{"field": p.field, "message": p.message} for p in exc.problems]
        raise ServerError("the document is not a valid interview", 422, problems=problems) from None
    if str(document.id) != interview_id:
        raise ServerError("the document's id is not the one in the address", 422)
    if document.patient.service not in services:
        raise ServerError(f"service {document.patient.service!r} is not one of yours", 403)
    text = dumps(document)
    digest = hashlib.sha256(text.encode()).hexdigest()
    stored = db.scalar(select(Interview).where(Interview.id == interview_id).with_for_update())
    if stored is not None:
        if stored.revision == document.revision and stored.digest == digest:
            return 200, {"id": interview_id, "revision": stored.revision, "result": "unchanged"}
        if stored.revision != base or document.revision <= stored.revision:
            raise ServerError(
                f"the interview changed on the server (revision {stored.revision}) since this device's "
                f"revision {base}; neither copy was overwritten",
                409,
                stored_revision=stored.revision,
            )
    elif base != 0:
        raise ServerError("the interview is not on the server: upload it with base revision 0", 409, stored_revision=0)
    if _patient(db, user, document.patient.code) is None:
        # Two waves of a new patient may arrive at once (from two devices): both insert the
        # patient, the database keeps one, and both go on with it (never a 500).
        values = {"code": document.patient.code, "service_id": services[document.patient.service]}
        insert_if_absent(db, Patient.__table__, values, ["code"])  # type: ignore[arg-type]
        _patient(db, user, document.patient.code)  # the one kept may be another service's
    row = stored or Interview(id=interview_id)
    row.patient_code, row.wave_index = document.patient.code, document.wave.index
    row.revision, row.status, row.digest, row.document = document.revision, document.status.value, digest, text
    row.protocol = f"{document.protocol_id} {document.protocol_version}"
    row.received_at, row.received_from = now(), user.id
    if stored is None:
        db.add(row)
    try:
        db.flush()
    except IntegrityError:
        raise ServerError(
            f"patient {document.patient.code} already has another interview for wave {document.wave.index}", 409
        ) from None
    _normalise(db, document)
    return (201 if stored is None else 200), {
        "id": interview_id,
        "revision": row.revision,
        "result": "created" if stored is None else "updated",
    }


def _normalise(db: Session, document: Document) -> None:
    """The interview's alters (no labels) and ties as rows."""
    key = str(document.id)
    db.execute(delete(Alter).where(Alter.interview_id == key))
    db.execute(delete(Tie).where(Tie.interview_id == key))
    for alter in document.alters.values():
        db.add(
            Alter(
                interview_id=key,
                alter_id=str(alter.id),
                presence=alter.presence.value,
                generators=",".join(alter.generators),
                answers=json.dumps(alter.answers, ensure_ascii=False),
            )
        )
    for tie in document.ties.values():
        db.add(Tie(interview_id=key, a=str(tie.a), b=str(tie.b), value=None if tie.value is None else str(tie.value)))


def get_interview(db: Session, user: User, interview_id: str) -> str:
    """The stored document of an interview of one of the clinician's patients."""
    _clinician(user)
    row = db.get(Interview, interview_id)
    if row is None:
        raise ServerError("no such interview", 404)
    _patient(db, user, row.patient_code)
    return row.document


def clinician_patients(db: Session, user: User) -> list[dict[str, object]]:
    """The patients of the clinician's services, with how many waves the server has."""
    services = {v: k for k, v in _clinician(user).items()}
    rows = db.scalars(select(Patient).where(Patient.service_id.in_(services)).order_by(Patient.code))
    return [{"code": p.code, "service": services[p.service_id]} for p in rows]


def patient_interviews(db: Session, user: User, code: str) -> list[dict[str, object]]:
    """The waves of a patient (for starting a follow-up on another device)."""
    if _patient(db, user, code) is None:
        raise ServerError("no such patient on the server", 404)
    rows = db.scalars(select(Interview).where(Interview.patient_code == code).order_by(Interview.wave_index))
    return [{"id": r.id, "wave_index": r.wave_index, "revision": r.revision, "status": r.status} for r in rows]
