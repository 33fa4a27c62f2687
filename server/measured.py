"""The measures of the stored interviews, computed with the mining module and cached per revision.

An interview is measured with the protocol it was made with, as a client uploaded it; an
interview whose protocol the server does not have is counted as not measured (it will be, once
a client syncs the protocol).  The cache (table ``measures``) is keyed by interview and revision,
so an interview uploaded again is measured again.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.model import InterviewStatus, Protocol
from egonet.wire import loads
from server.db import InterviewRow, MeasureRow, Service
from server.db.upsert import upsert
from server.protocols import ProtocolCache

__all__ = ["Measured", "measured_rows", "wave_label"]

Row = dict[str, float | int | str | None]


@dataclass
class Measured:
    rows: list[Row] = field(default_factory=list)
    """One row per measured interview (:meth:`egonet.analysis.Measures.row`)."""
    interviews: int = 0
    not_measured: int = 0
    """Interviews whose protocol the server does not have."""
    revisions: dict[str, int] = field(default_factory=dict)
    """The revision each row was measured from, by interview id."""


def wave_label(index: int) -> str:
    """A wave's label made from its index: the document's own label is typed text."""
    return "baseline" if index == 0 else f"follow-up {index}"


CHUNK = 200
"""Interviews measured per read; between reads no transaction is open, so uploads never wait."""


def measured_rows(db: Session, service_ids: Collection[int], *, completed_only: bool) -> Measured:
    """The measure rows of the interviews of these services' patients.

    Measuring is done outside any transaction, ``CHUNK`` interviews at a time (read their
    documents, end the read, measure, then write the cache in a short transaction), so a summary
    over thousands of new interviews never holds the database while it computes.  ``db`` must
    not be inside ``db.begin()``: this function commits.

    Each row's ``service`` is the patient's service on the server and its ``wave_label`` is made
    from the wave's index (the document's own are typed by a client).
    """
    query = (
        select(
            InterviewRow.id,
            InterviewRow.revision,
            InterviewRow.protocol,
            MeasureRow.revision,
            MeasureRow.row,
            Service.id,
            Service.name,
        )
        .join(Service, Service.id == InterviewRow.service_id)
        .outerjoin(MeasureRow, MeasureRow.interview_id == InterviewRow.id)
        .where(InterviewRow.service_id.in_(service_ids))
        .order_by(InterviewRow.service_id, InterviewRow.patient_code, InterviewRow.wave_index)
    )
    if completed_only:
        query = query.where(InterviewRow.status == InterviewStatus.COMPLETED.value)
    out, protocols = Measured(), ProtocolCache(db)
    stale: list[tuple[str, int, Protocol]] = []
    service_of: dict[str, str] = {}
    for interview_id, revision, protocol_key, cached_revision, cached, service_id, service in db.execute(query).all():
        out.interviews += 1
        service_of[interview_id] = service
        protocol = None if cached_revision == revision else protocols(service_id, protocol_key)
        if cached_revision == revision:
            out.rows.append(json.loads(cached))
            out.revisions[interview_id] = revision
        elif protocol is None:
            out.not_measured += 1
        else:
            stale.append((interview_id, revision, protocol))
    db.commit()
    for start in range(0, len(stale), CHUNK):
        out.rows += _measure_chunk(db, stale[start : start + CHUNK], out.revisions)
    for row in out.rows:
        row["service"] = service_of[str(row["interview_id"])]
        row["wave_label"] = wave_label(int(row["wave_index"]))  # type: ignore[arg-type]
    return out


def _measure_chunk(db: Session, chunk: list[tuple[str, int, Protocol]], revisions: dict[str, int]) -> list[Row]:
    from egonet.analysis import measure  # noqa: PLC0415  (numba and networkx only when measuring)

    ids = [interview_id for interview_id, _, _ in chunk]
    query = select(InterviewRow.id, InterviewRow.revision, InterviewRow.document).where(InterviewRow.id.in_(ids))
    found = {interview_id: (revision, text) for interview_id, revision, text in db.execute(query).all()}
    db.commit()
    rows, cache = [], []
    for interview_id, _, protocol in chunk:
        if interview_id in found:  # else removed since the first read
            revision, text = found[interview_id]  # the revision read with the text, maybe newer
            row = measure(loads(text, "server", trusted=True), protocol).row()
            rows.append(row)
            revisions[interview_id] = revision
            cache.append({"interview_id": interview_id, "revision": revision, "row": json.dumps(row)})
    with db.begin():
        for values in cache:
            upsert(db, MeasureRow.__table__, values, ["interview_id"])  # type: ignore[arg-type]
    return rows
