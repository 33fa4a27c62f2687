"""The service report (HTML, from the reporter's templates) for a service's leads.

The same report as ``egonet report service``, over the service's completed interviews on the
server, with the same rules: no name, label, patient code or free text; groups of fewer than 5
patients shown as "<5".  Reports are rendered when a release is made (:mod:`server.releases`),
in every language, from the same measured interviews as the release's summary, so no two
figures a lead sees describe populations that differ by fewer than 5 patients.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from egonet.model import Interview, Protocol
from egonet.model.language import LANGUAGES
from egonet.wire import loads
from egonet.wire.resources import check_directory_text
from reports import ReportError, ReportSpec, render, service_context
from reports.service_data import gather_service
from server.db.tables import InterviewRow, ResourceDirectory
from server.measured import CHUNK, Measured
from server.protocols import ProtocolCache

__all__ = ["render_reports"]


def render_reports(db: Session, service_id: int, service: str, measured: Measured) -> dict[str, str | None]:
    """The service report in each language (None: no completed interview to report on).

    The documents are read ``CHUNK`` at a time and each is dropped once gathered (its measure row
    comes from ``measured``; the report keeps only a slim row and the patient's latest settings and
    professions), once for every language: memory does not grow with the interviews' documents."""
    by_id = {str(row["interview_id"]): row for row in measured.rows}
    ids = list(by_id)
    protocols = ProtocolCache(db)

    def protocol_of(iv: Interview) -> Protocol:
        found = protocols(service_id, f"{iv.protocol_id} {iv.protocol_version}")
        assert found is not None  # measured, so its protocol is on the server
        return found

    def documents() -> Iterator[Interview]:
        for first in range(0, len(ids), CHUNK):
            texts = db.scalars(select(InterviewRow.document).where(InterviewRow.id.in_(ids[first : first + CHUNK])))
            chunk = list(texts)
            db.commit()  # no transaction open between reads
            for text in chunk:
                yield loads(text, "server", trusted=True)
            del chunk

    data = gather_service(documents(), protocol_of, ReportSpec().measures, by_id)
    kinds = _resource_kinds(db, service_id, service)
    out: dict[str, str | None] = {}
    for language in LANGUAGES:
        try:
            context = service_context(
                data,
                protocol_of,
                ReportSpec(language=language),
                datetime.now(UTC).date(),
                service=service,
                resource_kind=lambda _service, resource: kinds.get(resource),
            )
        except ReportError:
            out[language] = None
            continue
        out[language] = render("service", context, "html")
    db.commit()
    return out


def _resource_kinds(db: Session, service_id: int, service: str) -> dict[str, str]:
    """The kind of each resource of the service's directory, by id (none kept: empty)."""
    text = db.scalar(select(ResourceDirectory.text).where(ResourceDirectory.service_id == service_id))
    directory = check_directory_text(text, "server", service)[0] if text else None
    return {r.id: r.kind for r in directory.resources} if directory is not None else {}
