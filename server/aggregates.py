"""Aggregate figures of a service for its leads: counts, distributions per wave, before/after.

Leads see no document, label or free text, and only figures frozen in a release
(:mod:`server.releases`): counts and summaries computed by the mining module
(:func:`egonet.analysis.summarise`, :func:`egonet.analysis.paired_changes`) over the service's
completed interviews.  A wave (or a before/after pair) with fewer than ``SMALL`` patients shows
its count as null and no figure, and so does any measure fewer than ``SMALL`` patients have a
value (or a pair of values) for: a summary of two people describes them.  Minimum and maximum
are never given (each is one patient's value).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from server.auth import Account
from server.db import Role
from server.errors import Forbidden
from server.measured import Measured

if TYPE_CHECKING:
    from egonet.analysis import Distribution

__all__ = ["SMALL", "lead_service", "summary_of"]

SMALL = 5
"""Groups of fewer patients are suppressed (count null, no figures)."""


def lead_service(user: Account, service: str) -> int:
    """The id of ``service`` if ``user`` leads it; 403 otherwise."""
    if user.role != Role.SERVICE_LEAD:
        raise Forbidden("only service leads read a service's aggregate figures")
    found = {s.name: s.id for s in user.services}
    if service not in found:
        raise Forbidden(f"you do not lead service {service!r}")
    return found[service]


def _shown(d: Distribution) -> dict[str, float | int | None] | None:
    """A distribution without its extremes (each one patient's value); null under ``SMALL`` values."""
    if d.n < SMALL:
        return None
    return {"n": d.n, "median": d.median, "q1": d.q1, "q3": d.q3, "mean": d.mean, "sd": d.sd}


def summary_of(db: Session, service_id: int, service: str, measured: Measured) -> dict[str, Any]:
    """Counts, per-wave distributions of the key measures and paired change, for one service, of
    its ``measured`` completed interviews (what a release freezes): the counts too are of those
    (patients with a completed interview, completed interviews), not of work in progress."""
    from egonet.analysis import paired_changes, summarise  # noqa: PLC0415  (numba only when summarising)
    from egonet.analysis.aggregate import share_hidden  # noqa: PLC0415

    # counts of what the release describes, never of the live tables (found by the fourth probe: a
    # patient registered with an interview in progress showed as +1 beside a release's changes)
    patients = len({row["patient"] for row in measured.rows})
    completed = len(measured.rows)
    waves = []
    for group in summarise(measured.rows):
        shown = group.n_patients >= SMALL
        waves.append(
            {
                "wave_index": group.wave_index,
                "wave_label": group.wave_label,
                "n_patients": group.n_patients if shown else None,
                "suppressed": not shown,
                # null too when it would count fewer than SMALL patients, in it or not (issue 17)
                "share_no_informal": group.share_no_informal
                if shown and not share_hidden(group.n_no_informal, group.n_asked, SMALL)
                else None,
                "distributions": {k: _shown(v) for k, v in group.distributions.items()} if shown else {},
            }
        )
    changes = []
    indices = sorted({int(w["wave_index"]) for w in waves})  # type: ignore[call-overload]
    for earlier, later in itertools.pairwise(indices):
        for change in paired_changes(measured.rows, earlier, later):
            if change.service != service:
                continue
            shown = change.n_patients >= SMALL
            changes.append(
                {
                    "earlier_wave": earlier,
                    "later_wave": later,
                    "n_patients": change.n_patients if shown else None,
                    "suppressed": not shown,
                    "changes": {k: asdict(v) if v.n_pairs >= SMALL else None for k, v in change.changes.items()}
                    if shown
                    else {},
                }
            )
    return {
        "service": service,
        "patients": patients,
        "interviews": completed + measured.not_measured,
        "completed": completed + measured.not_measured,
        "not_measured": measured.not_measured,
        "small": SMALL,
        "waves": waves,
        "changes": changes,
    }
