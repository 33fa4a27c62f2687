"""Anonymised data for researchers: measure rows, and whole anonymised exports.

A researcher sees the completed interviews of the services they are a member of, never a
document, label, free text, clinician or exact date.  Patient codes, interview ids and alter ids
become keyed pseudonyms (:class:`egonet.exports.Pseudonyms`) under a secret derived from the
server's key (:mod:`server.keys`): stable from one download to the next, the same in the measure
rows and in the exports (a researcher can join them), impossible to link back to a code without
the key.  Rows come sorted by pseudonym, not by code.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.exports import Pseudonyms, export
from egonet.model import Interview as Document
from egonet.model import InterviewStatus, Protocol
from egonet.wire import loads
from server.db import Interview, Patient, Role, User
from server.errors import ServerError
from server.keys import server_key
from server.measured import CHUNK, Row, measured_rows
from server.protocols import ProtocolCache

__all__ = ["research_export", "research_rows", "temporary_folder"]


def _researcher(db: Session, user: User) -> tuple[list[int], Pseudonyms]:
    if user.role != Role.RESEARCHER:
        raise ServerError("only researchers download anonymised data", 403)
    with db.begin():  # a short write, before any read of this session
        key = server_key(db)
    secret = hmac.new(key, b"research-export-secret", hashlib.sha256).digest()
    return [s.id for s in user.services], Pseudonyms(secret)


def research_rows(db: Session, user: User) -> list[Row]:
    """The anonymised measure rows a researcher may download."""
    services, pseudonyms = _researcher(db, user)
    if not services:
        return []
    rows = measured_rows(db, services, completed_only=True).rows
    for row in rows:
        row["patient"] = pseudonyms.patient(str(row["patient"]))
        row["interview_id"] = pseudonyms.interview(str(row["interview_id"]))
    return sorted(rows, key=lambda r: (str(r["patient"]), int(r["wave_index"])))  # type: ignore[arg-type]  # not by code


def research_export(db: Session, user: User, fmt: str, k: int, folder: Path) -> Path:
    """An anonymised export (``egonet export --anonymise``) of the researcher's services' completed
    interviews, zipped into ``folder``; returns the zip file."""
    services, pseudonyms = _researcher(db, user)
    ids = list(
        db.scalars(
            select(Interview.id)
            .join(Patient, Patient.code == Interview.patient_code)
            .where(Patient.service_id.in_(services), Interview.status == InterviewStatus.COMPLETED.value)
            .order_by(Interview.id)
        )
    )
    if not ids:
        raise ServerError("no completed interview in your services to export", 404)
    protocols = ProtocolCache(db)

    def interviews() -> Iterator[Document]:
        for first in range(0, len(ids), CHUNK):
            chunk = ids[first : first + CHUNK]
            texts = dict(db.execute(select(Interview.id, Interview.document).where(Interview.id.in_(chunk))).all())
            yield from (loads(texts[i], "server", trusted=True) for i in chunk if i in texts)

    def protocol_of(document: Document) -> Protocol:
        found = protocols(f"{document.protocol_id} {document.protocol_version}")
        if found is None:
            raise ServerError("an interview's protocol is not on the server yet: sync it, then export", 409)
        return found

    out = folder / f"egonet-{fmt}"
    export(interviews, protocol_of, fmt, out, pseudonyms, k=k)
    archive = folder / f"egonet-{fmt}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(out.iterdir()):
            zipped.write(path, f"egonet-{fmt}/{path.name}")
    shutil.rmtree(out)
    return archive


def temporary_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="egonet-export-"))
