"""Releases: the figures a service's leads see change only when at least 5 patients changed.

A lead who could ask for a summary before and after one patient's upload would read that
patient's values off the difference (``n_alters`` exactly, from two means).  So leads never see
live figures: they see the latest *release* of their service, the summary and the reports in
every language computed together over one set of completed interviews and frozen.  A request
makes a new release only when the completed interviews differ from the latest release's in at
least ``SMALL`` (5) patients' content (a patient counts once, whether an interview of theirs was
added, changed, reopened or moved away; a change that no figure can show, such as a corrected name
or free text, is none: :func:`server.measured.content_fingerprint`); otherwise the latest release
is served as it is, with the time it was made.  Any two figures a lead can compare therefore
differ by at least 5 patients' changes, the same threshold as the suppression of small groups,
and the first release of a service describes at least 5 patients or shows no figure at all.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.aggregates import SMALL, lead_service, summary_of
from server.db import Release, ReleaseReport, User
from server.errors import NotFound
from server.measured import measured_rows
from server.people import now
from server.report import render_reports

__all__ = ["changed_patients", "current_release", "lead_report", "lead_summary"]

Members = dict[str, list[str]]
"""Completed interviews by id: ``[patient code, content fingerprint]``."""


def changed_patients(before: Members, after: Members) -> int:
    """How many patients have an interview that is in one set and not the other, or whose content
    differs."""
    patients = {
        str((before.get(key) or after[key])[0])
        for key in before.keys() | after.keys()
        if before.get(key) != after.get(key)
    }
    return len(patients)


def current_release(db: Session, service_id: int, service: str) -> Release:
    """The release leads of the service see now: the latest, or a new one if 5 patients changed.

    The completed interviews are measured first (from the cache: only new revisions are measured),
    since what counts is content: a patient changed if the fingerprint of an interview of theirs
    (:func:`server.measured.content_fingerprint`) differs, or an interview was added or went.
    ``db`` must not be inside ``db.begin()`` (measuring commits between chunks)."""
    latest = db.scalar(select(Release).where(Release.service_id == service_id).order_by(Release.id.desc()).limit(1))
    db.commit()
    measured = measured_rows(db, [service_id], completed_only=True)
    ids = [str(r["interview_id"]) for r in measured.rows]
    members = {i: [str(r["patient"]), measured.fingerprints[i]] for i, r in zip(ids, measured.rows, strict=True)}
    if latest is not None and changed_patients(json.loads(latest.members), members) < SMALL:
        return latest
    summary = summary_of(db, service_id, service, measured)
    reports = render_reports(db, service_id, service, measured)
    release = Release(
        service_id=service_id,
        released_at=now(),
        members=json.dumps(members),
        summary=json.dumps(summary, allow_nan=False),
    )
    with db.begin():
        db.add(release)
        db.flush()
        for language, html in reports.items():
            db.add(ReleaseReport(release_id=release.id, language=language, html=html))
    return release


def lead_summary(db: Session, user: User, service: str) -> dict[str, Any]:
    """The summary of the current release, for one of the service's leads."""
    service_id = lead_service(user, service)
    release = current_release(db, service_id, service)
    return {**json.loads(release.summary), "released_at": release.released_at}


def lead_report(db: Session, user: User, service: str, language: str) -> str:
    """The current release's service report in ``language``, for one of the service's leads."""
    service_id = lead_service(user, service)
    release = current_release(db, service_id, service)
    html = db.scalar(
        select(ReleaseReport.html).where(ReleaseReport.release_id == release.id, ReleaseReport.language == language)
    )
    db.commit()
    if html is None:
        raise NotFound(f"no completed interview to report on for service {service!r} yet")
    return html
