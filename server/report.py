"""The service report (HTML, from the reporter's templates) for a service's leads.

The same report as ``egonet report service``, over the service's completed interviews on the
server (those whose protocol the server has), with the same rules: no name, label, patient code
or free text; groups of fewer than 5 patients shown as "<5".  Measures come from the server's
cache (:mod:`server.measured`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.model import Interview as Document
from egonet.model import Protocol
from egonet.wire import loads
from reports import ReportError, ReportSpec, render, service_context
from server.aggregates import lead_service
from server.db import Interview, User
from server.errors import ServerError
from server.measured import CHUNK, measured_rows
from server.protocols import ProtocolCache

__all__ = ["service_report"]


def service_report(
    db: Session, user: User, service: str, *, language: str, start: date | None, end: date | None
) -> str:
    """The HTML report of ``service`` for one of its leads."""
    service_id = lead_service(user, service)
    measured = measured_rows(db, [service_id], completed_only=True)
    by_id = {str(row["interview_id"]): row for row in measured.rows}
    ids = list(by_id)
    documents: list[Document] = []
    for first in range(0, len(ids), CHUNK):
        texts = db.scalars(select(Interview.document).where(Interview.id.in_(ids[first : first + CHUNK])))
        documents += [loads(text, "server", trusted=True) for text in texts]
    db.commit()

    def within(iv: Document) -> bool:
        day = (iv.completed_at or iv.started_at).date()
        return (start is None or day >= start) and (end is None or day <= end)

    protocols = ProtocolCache(db)

    def protocol_of(iv: Document) -> Protocol:
        found = protocols(f"{iv.protocol_id} {iv.protocol_version}")
        assert found is not None  # measured, so its protocol is on the server
        return found

    try:
        context = service_context(
            [iv for iv in documents if within(iv)],
            protocol_of,
            ReportSpec(language=language),
            datetime.now(UTC).date(),
            service=service,
            period=(start, end),
            measured=by_id,
        )
    except ReportError as exc:
        raise ServerError(exc.message, 404) from None
    return render("service", context, "html")
