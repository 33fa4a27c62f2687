"""Serving interview documents, and the patients and waves of a clinician's services.

Who owns what is read from the database, never from a document: an interview belongs to the
service its patient was stored under, and only that service's clinicians read it.  An unknown
interview and another service's get the same answer, so nothing tells which ids exist.  Uploads
are stored by :mod:`server.uploads`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.wire import StrictJSONError, parse_strict
from server.auth import Account
from server.db import InterviewRow, Patient, Role
from server.errors import Conflict, Forbidden, NotFound

__all__ = ["NOT_YOURS", "clinician_patients", "clinician_services", "get_interview", "patient_interviews"]

NOT_YOURS = "no interview with this id in your services at that base revision (a new interview is uploaded with base 0)"
"""The one answer to an update of an unknown interview and of another service's."""


def clinician_services(user: Account) -> dict[str, int]:
    """The services (name → id) a clinician works in; anyone else is refused."""
    if user.role != Role.CLINICIAN:
        raise Forbidden("only clinicians read and write interviews")
    return {s.name: s.id for s in user.services}


def get_interview(db: Session, user: Account, interview_id: str) -> str:
    """The stored document of an interview of one of the clinician's services (404 alike for an
    unknown interview and another service's)."""
    services = clinician_services(user)
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
    services = {v: k for k, v in clinician_services(user).items()}
    rows = db.scalars(
        select(Patient).where(Patient.service_id.in_(services)).order_by(Patient.code, Patient.service_id)
    )
    return [{"code": p.code, "service": services[p.service_id]} for p in rows]


def patient_interviews(db: Session, user: Account, code: str) -> list[dict[str, object]]:
    """The waves of a patient of the clinician's services (for starting a follow-up on another
    device); 404 alike for an unknown code and another service's."""
    services = clinician_services(user)
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
