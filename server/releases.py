"""Releases: a figure a service's leads see moves only with the changes of at least 5 patients.

A lead who could ask for a summary before and after one patient's upload would read that
patient's values off the difference (``n_alters`` exactly, from two means).  So leads never see
live figures: they see the latest *release* of their service, the summary and the reports in
every language computed together over one set of completed interviews and frozen.  A request
makes a new release only when every figure that would move reflects the changes of at least
``SMALL`` (5) patients (:func:`releasable`), compared with the latest release figure by figure
(:data:`Figure`): per wave and measure (an interview added, reopened or moved away counts for
every figure of its wave), per pair of waves and measure (the paired changes), and per node and
tie of the service network (each patient at their latest wave).  Three attacker probes shaped
this: one patient's change read off releases made by four corrected names, by four changes of
other answers, by four changes at another wave, and by four changes of the service network at
waves it does not show.  A change no figure can show, such as a corrected name or free text,
changes nothing.  Otherwise the latest release is served as it is, with the time it was made.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.aggregates import SMALL, lead_service, summary_of
from server.auth import Account
from server.db import Release, ReleaseReport, Service
from server.errors import NotFound
from server.measured import Measured, measured_rows
from server.people import now
from server.report import render_reports

__all__ = ["Figure", "changes_by_figure", "current_release", "lead_report", "lead_summary", "releasable"]

Members = dict[str, dict[str, Any]]
"""Completed interviews by id: ``{"patient", "wave", "fingerprint", "figures", "services"}``, the
figures being the interview's measure row without its identity columns, the services the
service network's nodes in it."""

Figure = tuple[object, ...]
"""What one published figure is computed from: ``("wave", w, measure)`` (a wave's distributions and
counts; measure ``"*"``: who is in the wave), ``("pair", w1, w2, measure)`` (a paired change, for
every two waves of a patient), ``("node", n)`` and ``("tie", a, b)`` (the service network, each
patient at their latest wave)."""


def _by_patient(members: Members) -> dict[str, dict[Any, dict[str, Any]]]:
    """Each patient's interviews by wave (upgraded from releases that kept less: by id)."""
    out: dict[str, dict[Any, dict[str, Any]]] = defaultdict(dict)
    for key, member in members.items():
        kept = _upgraded(member)
        out[str(kept["patient"])][kept["wave"] if kept["wave"] is not None else key] = kept
    return out


def _inputs(waves: dict[Any, dict[str, Any]]) -> dict[Figure, object]:
    """Every figure one patient's interviews feed, with what they feed it."""
    out: dict[Figure, object] = {}
    for wave, member in waves.items():
        out["wave", wave, "*"] = member["fingerprint"] if member["figures"] is None else True
        for name, value in (member["figures"] or {}).items():
            out["wave", wave, name] = value
    ordered = sorted(w for w in waves if isinstance(w, int))
    # every pair of waves, not only consecutive ones: the report compares the first and the last
    # (found by the fourth probe: wave 0 to wave 2 moved with one patient)
    for earlier, later in combinations(ordered, 2):
        names = (waves[earlier]["figures"] or {}).keys() | (waves[later]["figures"] or {}).keys()
        for name in names:
            out["pair", earlier, later, name] = (
                (waves[earlier]["figures"] or {}).get(name),
                (waves[later]["figures"] or {}).get(name),
            )
    if ordered:
        out[NETWORK_MEMBER] = ordered[-1]  # which wave of the patient the network shows
        nodes = waves[ordered[-1]].get("services")
        if nodes is None:  # a release that did not keep them: this patient's network counts as changed
            out["node", "?"] = waves[ordered[-1]]["fingerprint"]
        else:
            out.update({("node", node): True for node in nodes})
            out.update({("tie", a, b): True for a, b in combinations(nodes, 2)})
    return out


def changes_by_figure(before: Members, after: Members) -> dict[Figure, set[str]]:
    """Per published figure (:data:`Figure`), the patients whose part in it differs between two
    sets of completed interviews (an interview added or gone changes every figure of its wave)."""
    changed: dict[Figure, set[str]] = defaultdict(set)
    shown_before: Counter[Figure] = Counter()
    shown_after: Counter[Figure] = Counter()
    old_patients, new_patients = _by_patient(before), _by_patient(after)
    for patient in old_patients.keys() | new_patients.keys():
        old = _inputs(old_patients.get(patient, {}))
        new = _inputs(new_patients.get(patient, {}))
        shown_before.update(old.keys())
        shown_after.update(new.keys())
        for figure in old.keys() | new.keys():
            if old.get(figure, MISSING) != new.get(figure, MISSING):
                changed[figure].add(patient)
    # a patient who joins or leaves the service network, or whose latest wave is another, changes
    # every node and tie of it (as one added at a wave changes every figure of that wave)
    joined = changed.pop(NETWORK_MEMBER, set())
    for figure in (shown_before.keys() | shown_after.keys()) - {NETWORK_MEMBER}:
        if figure[0] in ("node", "tie") and joined:
            changed[figure] |= joined
    # a figure of fewer than SMALL patients in both is published in neither (suppressed, or a node
    # or tie of the service network left out): its changes give nothing away
    return {f: p for f, p in changed.items() if max(shown_before[f], shown_after[f]) >= SMALL}


MISSING = object()
NETWORK_MEMBER: Figure = ("network", "*")


def _upgraded(member: Any) -> dict[str, Any]:
    """A member as releases before figure-by-figure comparison kept it, ``[patient, fingerprint]``:
    without its figures, any change of its content counts against every figure."""
    if isinstance(member, list):
        return {"patient": member[0], "wave": None, "fingerprint": member[1], "figures": None, "services": None}
    return {"services": None, **member}


def releasable(changed: dict[Figure, set[str]]) -> bool:
    """Whether some figure would move, and every figure that would reflects the changes of at
    least ``SMALL`` patients."""
    return bool(changed) and all(len(patients) >= SMALL for patients in changed.values())


def _members(measured: Measured) -> Members:
    from egonet.analysis import IDENTITY  # noqa: PLC0415  (numba only when measuring)

    out: Members = {}
    for row in measured.rows:
        key = str(row["interview_id"])
        out[key] = {
            "patient": str(row["patient"]),
            "wave": row["wave_index"],
            "fingerprint": measured.fingerprints[key],
            "figures": {name: value for name, value in row.items() if name not in IDENTITY},
            "services": measured.services[key],
        }
    return out


def _latest(db: Session, service_id: int) -> Release | None:
    return db.scalar(select(Release).where(Release.service_id == service_id).order_by(Release.id.desc()).limit(1))


def current_release(db: Session, service_id: int, service: str) -> Release:
    """The release leads of the service see now: the latest, or a new one if it may be made.

    The completed interviews are measured first (from the cache: only new revisions are
    measured) and compared with the latest release's, figure by figure (:func:`releasable`).
    ``db`` must not be inside ``db.begin()`` (measuring commits between chunks)."""
    latest = _latest(db, service_id)
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
        # one release at a time per service, whichever process makes it: a write first (SQLite's
        # lock; on PostgreSQL a row lock that uploads do not wait for), then the latest again (else
        # two workers, or two threads, measuring at once could make two releases one patient apart)
        db.execute(update(Service).where(Service.id == service_id).values(id=Service.id))
        newest = _latest(db, service_id)
        meanwhile = newest if newest is not None and (latest is None or newest.id != latest.id) else None
        if meanwhile is not None and not releasable(changes_by_figure(json.loads(meanwhile.members), members)):
            return meanwhile  # another process made a release meanwhile: this one would be too close to it
        db.add(release)
        db.flush()
        for language, html in reports.items():
            db.add(ReleaseReport(release_id=release.id, language=language, html=html))
    return release


def lead_summary(db: Session, user: Account, service: str) -> dict[str, Any]:
    """The summary of the current release, for one of the service's leads."""
    service_id = lead_service(user, service)
    release = current_release(db, service_id, service)
    return {**json.loads(release.summary), "released_at": release.released_at}


def lead_report(db: Session, user: Account, service: str, language: str) -> str:
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
