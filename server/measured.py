"""The measures of the stored interviews, computed with the mining module and cached per revision.

An interview is measured with the protocol it was made with, as a client uploaded it; an
interview whose protocol the server does not have is counted as not measured (it will be, once
a client syncs the protocol).  The cache (table ``measures``) is keyed by interview and revision,
so an interview uploaded again is measured again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.model import Interview, InterviewStatus, Protocol, QuestionType
from egonet.wire import loads
from server.db import InterviewRow, MeasureRow, Service
from server.db.upsert import upsert
from server.protocols import ProtocolCache

__all__ = ["Measured", "content_fingerprint", "measured_rows", "wave_label"]

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
    fingerprints: dict[str, str] = field(default_factory=dict)
    """The content fingerprint of that revision (:func:`content_fingerprint`), by interview id."""
    services: dict[str, list[str]] = field(default_factory=dict)
    """The service network's nodes of that revision (:func:`egonet.analysis.services_present`)."""


def content_fingerprint(interview: Interview, protocol: Protocol) -> str:
    """SHA-256 of what any figure can be computed from: the wave, status and dates (days), the
    protocol, ego's answers and every alter's id, presence, generators and answers, and the ties;
    not the labels, free-text answers, clinician, language, revision or times of day, which no
    figure shows (so correcting a name changes no fingerprint)."""
    text = {q.id for q in (*protocol.alter_questions, *protocol.ego_questions) if q.type is QuestionType.TEXT}

    def answers(given: Mapping[str, object]) -> dict[str, object]:
        return {k: v for k, v in given.items() if k not in text}

    content = {
        "wave": interview.wave.index,
        "status": interview.status.value,
        "started": interview.started_at.date().isoformat(),
        "completed": interview.completed_at.date().isoformat() if interview.completed_at else None,
        "protocol": [interview.protocol_id, interview.protocol_version],
        "ego": answers(interview.ego_answers),
        "alters": sorted(
            [str(a.id), a.presence.value, sorted(a.generators), answers(a.answers), a.carried]
            for a in interview.alters.values()
        ),
        "ties": sorted([str(t.a), str(t.b), t.value] for t in interview.ties.values()),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


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
            MeasureRow.fingerprint,
            MeasureRow.services,
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
    for interview_id, revision, protocol_key, cached_revision, cached, print_, nodes, service_id, service in db.execute(
        query
    ).all():
        out.interviews += 1
        service_of[interview_id] = service
        fresh = cached_revision == revision and print_ is not None and nodes is not None
        protocol = None if fresh else protocols(service_id, protocol_key)
        if fresh:
            out.rows.append(json.loads(cached))
            out.revisions[interview_id], out.fingerprints[interview_id] = revision, str(print_)
            out.services[interview_id] = json.loads(str(nodes))
        elif protocol is None:
            out.not_measured += 1
        else:
            stale.append((interview_id, revision, protocol))
    db.commit()
    for start in range(0, len(stale), CHUNK):
        out.rows += _measure_chunk(db, stale[start : start + CHUNK], out)
    for row in out.rows:
        row["service"] = service_of[str(row["interview_id"])]
        row["wave_label"] = wave_label(int(row["wave_index"]))  # type: ignore[arg-type]
    return out


def _measure_chunk(db: Session, chunk: list[tuple[str, int, Protocol]], out: Measured) -> list[Row]:
    from egonet.analysis import measure, services_present  # noqa: PLC0415  (numba and networkx only when measuring)

    ids = [interview_id for interview_id, _, _ in chunk]
    query = select(InterviewRow.id, InterviewRow.revision, InterviewRow.document).where(InterviewRow.id.in_(ids))
    found = {interview_id: (revision, text) for interview_id, revision, text in db.execute(query).all()}
    db.commit()
    rows, cache = [], []
    for interview_id, _, protocol in chunk:
        if interview_id in found:  # else removed since the first read
            revision, text = found[interview_id]  # the revision read with the text, maybe newer
            interview = loads(text, "server", trusted=True)
            row = measure(interview, protocol).row()
            rows.append(row)
            out.revisions[interview_id] = revision
            out.fingerprints[interview_id] = print_ = content_fingerprint(interview, protocol)
            out.services[interview_id] = nodes = services_present(interview, protocol)
            values = {"interview_id": interview_id, "revision": revision, "row": json.dumps(row)}
            cache.append({**values, "fingerprint": print_, "services": json.dumps(nodes)})
    with db.begin():
        for values in cache:
            upsert(db, MeasureRow.__table__, values, ["interview_id"])  # type: ignore[arg-type]
    return rows
