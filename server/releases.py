"""Releases: a figure a service's leads see moves only with the changes of at least 5 patients.

A lead who could ask for a summary before and after one patient's upload would read that
patient's values off the difference (``n_alters`` exactly, from two means).  So leads never see
live figures: they see the latest *release* of their service, the summary and the reports in
every language computed together over one set of completed interviews and frozen.  A request
makes a new release only when every figure that would move reflects the changes of at least
``SMALL`` (5) patients (:func:`releasable`), compared measure by measure with the latest
release: a patient whose interview was added, reopened or moved away changes every figure, one
whose answers changed only the measures those answers feed (found by an attacker's probe: one
patient's real change beside four changes that moved no figure of the summary gave that
patient's change away).  A change no figure can show, such as a corrected name or free text,
changes nothing (:func:`server.measured.content_fingerprint`).  Otherwise the latest release is
served as it is, with the time it was made; five new completed interviews always make one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.aggregates import SMALL, lead_service, summary_of
from server.db import Release, ReleaseReport, User
from server.errors import NotFound
from server.measured import Measured, measured_rows
from server.people import now
from server.report import render_reports

__all__ = ["EVERY_FIGURE", "changes_by_figure", "current_release", "lead_report", "lead_summary", "releasable"]

Members = dict[str, dict[str, Any]]
"""Completed interviews by id: ``{"patient", "wave", "fingerprint", "figures"}``, the figures
being the interview's measure row without its identity columns."""

EVERY_FIGURE = "*"
"""The key of the patients whose interview was added or went: they change every figure."""


def changes_by_figure(before: Members, after: Members) -> dict[str, set[str]]:
    """Per figure (a measure's name), the patients whose value of it differs; under
    :data:`EVERY_FIGURE` the patients with an interview added, gone or moved to another wave."""
    changed: dict[str, set[str]] = defaultdict(set)
    before = {k: _upgraded(v) for k, v in before.items()}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old["fingerprint"] == new["fingerprint"]:
            continue  # the same content: no figure can differ
        patient = str((old or new or {})["patient"])
        if old is None or new is None or old["wave"] != new["wave"] or old["figures"] is None:
            changed[EVERY_FIGURE].add(patient)
            continue
        for name in old["figures"].keys() | new["figures"].keys():
            if old["figures"].get(name) != new["figures"].get(name):
                changed[name].add(patient)
    return dict(changed)


def _upgraded(member: Any) -> dict[str, Any]:
    """A member as releases before figure-by-figure comparison kept it, ``[patient, fingerprint]``:
    without its figures, any change of its content counts against every figure."""
    if isinstance(member, list):
        return {"patient": member[0], "wave": None, "fingerprint": member[1], "figures": None}
    return dict(member)


def releasable(changed: dict[str, set[str]]) -> bool:
    """Whether every figure that would move reflects the changes of at least ``SMALL`` patients."""
    everyone = changed.get(EVERY_FIGURE, set())
    if len(everyone) >= SMALL:
        return True  # every figure moves, each with these patients at least
    if everyone:
        return False  # the figures no other change touches would reflect fewer than SMALL patients
    return bool(changed) and all(len(patients) >= SMALL for patients in changed.values())


def _members(measured: Measured) -> Members:
    from egonet.analysis import IDENTITY  # noqa: PLC0415  (numba only when measuring)

    out: Members = {}
    for row in measured.rows:
        key = str(row["interview_id"])
        figures = {name: value for name, value in row.items() if name not in IDENTITY}
        out[key] = {
            "patient": str(row["patient"]),
            "wave": row["wave_index"],
            "fingerprint": measured.fingerprints[key],
            "figures": figures,
        }
    return out


def current_release(db: Session, service_id: int, service: str) -> Release:
    """The release leads of the service see now: the latest, or a new one if it may be made.

    The completed interviews are measured first (from the cache: only new revisions are
    measured) and compared with the latest release's, figure by figure (:func:`releasable`).
    ``db`` must not be inside ``db.begin()`` (measuring commits between chunks)."""
    latest = db.scalar(select(Release).where(Release.service_id == service_id).order_by(Release.id.desc()).limit(1))
    db.commit()
    measured = measured_rows(db, [service_id], completed_only=True)
    members = _members(measured)
    if latest is not None and not releasable(changes_by_figure(json.loads(latest.members), members)):
        return latest
    summary = summary_of(db, service_id, service, measured)
    reports = render_reports(db, service_id, service, measured)
    release = Release(
        service_id=service_id,
        released_at=now(),
        members=json.dumps(members, allow_nan=False),
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
