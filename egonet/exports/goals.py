"""The support plan's goals as anonymised rows: one row per goal, one link row per goal and person.

Exported: the goal's kind, the people it names as the same alter pseudonyms the alters table
uses (a link table ``goal_people``, one row per goal and person, which joins ``alters`` on
``egoID``/``alterID`` as egor's tables join), how many people outside the network it names (a
count: their first names never leave), the kind of support (a name generator), the kind of
service (a ``setting`` option), the *kind* of the local resource (looked up in the service's
directory; empty without one), who acts, the review date coarsened as the interview's date is
(then generalised and suppressed with it, :meth:`~egonet.exports.kanon.QuasiPlan.apply`), the
prompt it was taken from, the goal it continues (a pseudonym), and how its review at the next
wave went, with that wave (joined from the next wave's plan by :class:`Reviews`).

Never exported: notes (goals' and reviews'), names of people outside the network, the resource's
id, name or contact, the patient's interest (the directory's own open vocabulary: a rare interest
in a small service is a quasi-identifier the export could neither define nor make k-anonymous).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, time
from uuid import UUID

from egonet.exports.anonymise import Row
from egonet.exports.goal_terms import GOAL_VARIABLES
from egonet.exports.pseudonyms import Pseudonyms
from egonet.model import RESOURCE_KINDS, Interview
from egonet.model.resources import Directory

__all__ = ["GOAL_COLUMNS", "GOAL_PEOPLE_COLUMNS", "ResourceKinds", "Reviews", "goal_rows"]

GOAL_COLUMNS = [name for name, _, _ in GOAL_VARIABLES["goals"]]
GOAL_PEOPLE_COLUMNS = [name for name, _, _ in GOAL_VARIABLES["goal_people"]]


class Reviews:
    """The outcome of every goal reviewed in the export's interviews, with the wave of the review:
    gathered on the first pass, looked up on the second.  A review counts only for the goal of
    the same patient's wave before it (a review naming another patient's goal counts for none).
    Kept in a private temporary SQLite file (deleted when closed), so memory stays flat however
    many goals."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database on disk
        self._db.execute(
            "CREATE TABLE reviews (service TEXT, patient TEXT, wave INTEGER, goal BLOB, outcome TEXT,"
            " PRIMARY KEY (service, patient, wave, goal)) WITHOUT ROWID"
        )

    def add(self, interview: Interview) -> None:
        who = (interview.patient.service, interview.patient.code, interview.wave.index)
        rows = [(*who, r.goal.bytes, r.outcome.value) for r in interview.plan.reviews]
        if rows:
            self._db.executemany("INSERT OR IGNORE INTO reviews VALUES (?, ?, ?, ?, ?)", rows)

    def of(self, interview: Interview, goal_id: UUID) -> tuple[str, int] | None:
        """How ``interview``'s goal ``goal_id`` went: the outcome, and the wave that reviewed it."""
        who = (interview.patient.service, interview.patient.code, interview.wave.index + 1)
        found = self._db.execute(
            "SELECT outcome, wave FROM reviews WHERE service = ? AND patient = ? AND wave = ? AND goal = ?",
            (*who, goal_id.bytes),
        ).fetchone()
        return (str(found[0]), int(found[1])) if found else None

    def close(self) -> None:
        self._db.close()


class ResourceKinds:
    """The kind of a resource of a service's directory (``directory_of(service)``, asked once per
    service; ``None``: not known, the kind is left empty)."""

    def __init__(self, directory_of: Callable[[str], Directory | None] | None) -> None:
        self._of = directory_of
        self._known: dict[str, dict[str, str]] = {}

    def kind(self, service: str, resource_id: str | None) -> str | None:
        if resource_id is None or self._of is None:
            return None
        if service not in self._known:
            directory = self._of(service)
            resources = directory.resources if directory is not None else ()
            self._known[service] = {r.id: r.kind for r in resources if r.kind in RESOURCE_KINDS}
        return self._known[service].get(resource_id)


def goal_rows(
    interview: Interview, pseudonyms: Pseudonyms, reviews: Reviews, kinds: ResourceKinds
) -> tuple[list[Row], list[Row]]:
    """The interview's goals (:data:`GOAL_COLUMNS`) and their people (:data:`GOAL_PEOPLE_COLUMNS`);
    ``review_on`` is coarsened here, generalised with the ego's date by the export's plan."""
    ego_id = pseudonyms.interview(interview.id)
    here = {a.id for a in interview.active_alters()}
    code = interview.patient.code
    goals: list[Row] = []
    people: list[Row] = []
    for goal in interview.plan.goals:
        goal_id = pseudonyms.goal(goal.id)
        review = reviews.of(interview, goal.id)
        review_on = goal.review_on
        goals.append(
            {
                "egoID": ego_id,
                "goalID": goal_id,
                "wave": interview.wave.index,
                "kind": goal.kind,
                "n_people": len(goal.people),
                "n_others": len(goal.others),
                "support": goal.support,
                "service": goal.service,
                "resource_kind": kinds.kind(interview.patient.service, goal.resource),
                "actor": goal.actor.value,
                "review_on": None if review_on is None else pseudonyms.date(code, datetime.combine(review_on, time())),
                "suggestion": goal.suggestion,
                "carried_from": None if goal.carried_from is None else pseudonyms.goal(goal.carried_from),
                "outcome": review[0] if review else None,
                "outcome_wave": review[1] if review else None,
            }
        )
        people += [
            {"egoID": ego_id, "goalID": goal_id, "alterID": pseudonyms.alter(p), "in_wave": p in here}
            for p in goal.people
        ]
    return goals, people
