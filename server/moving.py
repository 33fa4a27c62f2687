"""Moving a patient to another service: the one way an interview changes owner, done by an admin.

``egonet-server admin move-patient CODE --from A --to B`` gives patient ``CODE`` of service A, with
every wave, to service B: the stored documents are rewritten with the new service and one more
revision (so laptops that sync see the change), the custom protocols they were made with are
given to B too, and the move is written to the audit log (the code as a keyed pseudonym).  A's
clinicians then get what they would get for an unknown patient; B must not already have a
patient with that code.  Nothing else, and no clinician's upload, moves a patient.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from egonet.model import Patient as PatientId
from egonet.protocol import builtin_protocol
from egonet.wire import dumps, loads
from server.db import AuditEvent, InterviewRow, Patient, ProtocolFile, Service
from server.errors import Conflict, Invalid, NotFound
from server.keys import pseudonym, server_key
from server.people import now

__all__ = ["move_patient"]


def _service(db: Session, name: str) -> Service:
    found = db.scalar(select(Service).where(Service.name == name))
    if found is None:
        raise NotFound(f"no such service: {name!r}")
    return found


def _give_protocols(db: Session, interviews: list[InterviewRow], source: Service, target: Service) -> None:
    for key in sorted({row.protocol for row in interviews}):
        protocol_id, _, version = key.partition(" ")
        if builtin_protocol(protocol_id, version) is not None:
            continue
        theirs = db.get(ProtocolFile, (target.id, protocol_id, version))
        ours = db.get(ProtocolFile, (source.id, protocol_id, version))
        if ours is None:
            continue  # never uploaded: the interviews could not have been either (older data)
        if theirs is None:
            db.add(
                ProtocolFile(
                    service_id=target.id,
                    id=protocol_id,
                    version=version,
                    text=ours.text,
                    digest=ours.digest,
                    received_at=now(),
                )
            )
        elif theirs.digest != ours.digest:
            raise Conflict(f"service {target.name!r} has another text for protocol {key}: nothing was moved")


def move_patient(db: Session, code: str, source_name: str, target_name: str) -> int:
    """Move patient ``code`` from one service to another; returns how many interviews moved."""
    source, target = _service(db, source_name), _service(db, target_name)
    if source.id == target.id:
        raise Invalid("the patient is already in that service")
    if db.get(Patient, (source.id, code), with_for_update=True) is None:
        raise NotFound(f"service {source_name!r} has no patient {code!r}")
    if db.get(Patient, (target.id, code)) is not None:
        raise Conflict(f"service {target_name!r} already has a patient {code!r}: nothing was moved")
    interviews = list(
        db.scalars(
            select(InterviewRow)
            .where(InterviewRow.service_id == source.id, InterviewRow.patient_code == code)
            .with_for_update()
        )
    )
    _give_protocols(db, interviews, source, target)
    db.add(Patient(service_id=target.id, code=code))
    db.flush()
    for row in interviews:
        document = loads(row.document, "server", trusted=True)
        document.patient = PatientId(code, target.name)
        document.revision = row.revision + 1
        text = dumps(document)
        row.service_id, row.revision, row.document = target.id, document.revision, text
        row.digest, row.received_at = hashlib.sha256(text.encode()).hexdigest(), now()
    db.flush()
    db.execute(delete(Patient).where(Patient.service_id == source.id, Patient.code == code))
    hidden = pseudonym(server_key(db), "audit-patient", code)
    db.add(
        AuditEvent(
            at=now(),
            user_id=None,
            action="move-patient",
            resource=f"patient:{hidden} {source.id}->{target.id}",
            outcome=200,
        )
    )
    return len(interviews)
