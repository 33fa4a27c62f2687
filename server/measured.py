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

from egonet.model import InterviewStatus
from egonet.wire import loads
from server.db import Interview, MeasureRow, Patient
from server.db.upsert import upsert
from server.protocols import ProtocolCache

__all__ = ["Measured", "measured_rows"]

Row = dict[str, float | int | str | None]


@dataclass
class Measured:
    rows: list[Row] = field(default_factory=list)
    """One row per measured interview (:meth:`egonet.analysis.Measures.row`)."""
    interviews: int = 0
    not_measured: int = 0
    """Interviews whose protocol the server does not have."""


def measured_rows(db: Session, service_ids: Collection[int], *, completed_only: bool) -> Measured:
    """The measure rows of the interviews of these services' patients."""
    from egonet.analysis import measure  # noqa: PLC0415  (numba and networkx only when measuring)

    query = (
        select(Interview.id, Interview.revision, Interview.protocol, MeasureRow.revision, MeasureRow.row)
        .join(Patient, Patient.code == Interview.patient_code)
        .outerjoin(MeasureRow, MeasureRow.interview_id == Interview.id)
        .where(Patient.service_id.in_(service_ids))
        .order_by(Interview.patient_code, Interview.wave_index)
    )
    if completed_only:
        query = query.where(Interview.status == InterviewStatus.COMPLETED.value)
    out, protocols = Measured(), ProtocolCache(db)
    for interview_id, revision, protocol_key, cached_revision, cached in db.execute(query).all():
        out.interviews += 1
        if cached_revision == revision:
            out.rows.append(json.loads(cached))
            continue
        protocol = protocols(protocol_key)
        if protocol is None:
            out.not_measured += 1
            continue
        text = db.scalar(select(Interview.document).where(Interview.id == interview_id))
        if text is None:  # removed since the query above
            continue
        document = loads(text, "server")
        row = measure(document, protocol).row()
        values = {"interview_id": interview_id, "revision": revision, "row": json.dumps(row)}
        upsert(db, MeasureRow.__table__, values, ["interview_id"])  # type: ignore[arg-type]
        out.rows.append(row)
    return out
