"""Anonymised data for researchers: measure rows, and whole anonymised exports.

A researcher sees the completed interviews of the services they are a member of, never a
document, label, free text, clinician or exact date.  Patient codes, interview ids and alter ids
become keyed pseudonyms (:class:`egonet.exports.Pseudonyms`) under secrets derived from the
server's key (:mod:`server.keys`): stable from one download to the next, impossible to link
back to a code without the key.  The measure rows and the exports use two different secrets, so
joining them by pseudonym is impossible, and joining them by network shape (the export holds
every alter and tie) gives nothing new: the rows carry none of the quasi-identifiers that an
export makes k-anonymous (service, date, ego answers of a gender or age role), nor the protocol
(a service's own protocol names the service), nor a measure computed from ego's own answers
(:data:`egonet.exports.EGO_COMPARED`).  An export's k is at least the server's ``min_k``; a request may ask
for more, never less.  Rows come sorted by pseudonym, not by code.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.exports import EGO_COMPARED, Pseudonyms, export, quasi_identifiers
from egonet.model import Directory, Interview, InterviewStatus, Patient, Protocol
from egonet.wire import loads
from egonet.wire.resources import check_directory_text
from server.auth import Account
from server.db import InterviewRow, Role
from server.db.tables import ResourceDirectory, Service
from server.errors import Conflict, Forbidden, NotFound
from server.keys import server_key
from server.measured import CHUNK, Row, measured_rows
from server.protocols import ProtocolCache

__all__ = ["research_export", "research_rows", "temporary_folder"]


def _researcher(db: Session, user: Account, purpose: bytes) -> tuple[list[int], Pseudonyms]:
    """The researcher's services, and pseudonyms under the secret of ``purpose``."""
    if user.role != Role.RESEARCHER:
        raise Forbidden("only researchers download anonymised data")
    with db.begin():  # a short write, before any read of this session
        key = server_key(db)
    secret = hmac.new(key, purpose, hashlib.sha256).digest()
    return [s.id for s in user.services], Pseudonyms(secret)


def research_rows(db: Session, user: Account) -> list[Row]:
    """The anonymised measure rows a researcher may download: no quasi-identifier of the export,
    pseudonyms that do not join the export's."""
    services, pseudonyms = _researcher(db, user, b"research-measures-secret")
    if not services:
        return []
    rows = measured_rows(db, services, completed_only=True).rows
    protocols, ids = ProtocolCache(db), {s.name: s.id for s in user.services}
    keys = {(ids[str(r["service"])], str(r["protocol"])) for r in rows}
    used = [p for p in (protocols(*key) for key in keys) if p is not None]
    withheld = set(quasi_identifiers(used)) | {"protocol"}  # a service's own protocol names the service
    for row in rows:
        row["patient"] = pseudonyms.patient(f"{row['service']}\x00{row['patient']}")  # codes are per service
        row["interview_id"] = pseudonyms.interview(str(row["interview_id"]))
        for column in [c for c in row if c in withheld or c.startswith(EGO_COMPARED)]:
            del row[column]
    return sorted(rows, key=lambda r: (str(r["patient"]), int(r["wave_index"])))  # type: ignore[arg-type]  # not by code


def research_export(db: Session, user: Account, fmt: str, k: int, folder: Path) -> Path:
    """An anonymised export (``egonet export --anonymise``) of the researcher's services' completed
    interviews, zipped into ``folder``; returns the zip file."""
    services, pseudonyms = _researcher(db, user, b"research-export-secret")
    owners = dict(
        db.execute(
            select(InterviewRow.id, InterviewRow.service_id)
            .where(InterviewRow.service_id.in_(services), InterviewRow.status == InterviewStatus.COMPLETED.value)
            .order_by(InterviewRow.id)
        ).all()
    )
    ids = list(owners)
    if not ids:
        raise NotFound("no completed interview in your services to export")
    protocols = ProtocolCache(db)

    def interviews() -> Iterator[Interview]:
        for first in range(0, len(ids), CHUNK):
            chunk = ids[first : first + CHUNK]
            texts = dict(
                db.execute(select(InterviewRow.id, InterviewRow.document).where(InterviewRow.id.in_(chunk))).all()
            )
            for i in chunk:
                if i in texts:
                    document = loads(texts[i], "server", trusted=True)
                    # codes are each service's own: the pseudonym is of the code within its service
                    document.patient = Patient(f"{owners[i]}.{document.patient.code}", document.patient.service)
                    yield document

    def protocol_of(document: Interview) -> Protocol:
        found = protocols(owners[str(document.id)], f"{document.protocol_id} {document.protocol_version}")
        if found is None:
            raise Conflict("an interview's protocol is not on the server yet: sync it, then export")
        return found

    out = folder / f"egonet-{fmt}"
    report = export(interviews, protocol_of, fmt, out, pseudonyms, k=k, directory_of=_directories(db, services))
    if report.disclosure.smallest_class < k:  # fewer interviews than k: not even all suppressed is k-anonymous
        shutil.rmtree(out)
        raise Conflict(f"the export would hold {report.interviews} interviews, fewer than k = {k}: ask a smaller k")
    archive = folder / f"egonet-{fmt}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(out.iterdir()):
            zipped.write(path, f"egonet-{fmt}/{path.name}")
    shutil.rmtree(out)
    return archive


def temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="egonet-export-"))


def _directories(db: Session, services: Collection[int]) -> Callable[[str], Directory | None]:
    """The directories of local resources of ``services``, by service name (for the goals'
    resource kinds; a resource's name and contact never reach an export)."""
    kept = db.execute(
        select(Service.name, ResourceDirectory.text)
        .join(ResourceDirectory, ResourceDirectory.service_id == Service.id)
        .where(Service.id.in_(services))
    ).all()
    found = {name: check_directory_text(text, "server", name)[0] for name, text in kept}
    return found.get
