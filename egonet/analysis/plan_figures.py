"""The support plans across patients: goals set by kind and wave, how they went, the kinds of
local resource they point to, and the change in measures of patients with and without a goal of a
kind.  What the service report shows (:mod:`reports.service_plan`), from :class:`PlanRow`\\ s:
nothing of a plan but goal kinds, resource ids and outcomes is kept (no note, no name, no person).

A goal set at wave *k* is *followed* when its patient has a completed wave *k + 1*; its outcome is
that wave's review of it (``done``, ``partly``, ``not_done``, ``not_relevant``), or
``not_reviewed`` when the wave did not review it; a goal whose patient has no next wave yet has
the outcome ``no_next_wave``.  So the outcomes of a kind's goals add up to the goals set.  Counts
are of goals and of patients (a patient with two goals of a kind is one patient); the reporter
hides what describes fewer than 5 patients.

The change with and without a goal is descriptive: the mean change, from a wave to the next, of
the patients who set a goal of that kind at that wave and of those who did not.  Patients were
not assigned a goal at random, so a difference is not an effect of the goal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from egonet.model import Interview, Outcome

__all__ = [
    "NOT_REVIEWED",
    "NO_NEXT_WAVE",
    "OUTCOMES",
    "Cell",
    "GroupChange",
    "KindFigures",
    "PlanRow",
    "goal_figures",
    "with_and_without",
]

NOT_REVIEWED = "not_reviewed"
NO_NEXT_WAVE = "no_next_wave"
OUTCOMES = (*(o.value for o in Outcome), NOT_REVIEWED, NO_NEXT_WAVE)
"""How a goal went, in the order shown."""


@dataclass(frozen=True, slots=True)
class PlanRow:
    """What the figures keep of one completed interview's plan."""

    patient: str
    service: str
    wave: int
    goals: tuple[tuple[UUID, str, str | None], ...]
    """Each goal's id, kind and resource id (``None``: it names none)."""
    reviews: tuple[tuple[UUID, str], ...]
    """The previous wave's goals this wave reviewed, with their outcome."""

    @classmethod
    def of(cls, interview: Interview) -> PlanRow:
        plan = interview.plan
        return cls(
            interview.patient.code,
            interview.patient.service,
            interview.wave.index,
            tuple((g.id, g.kind, g.resource) for g in plan.goals),
            tuple((r.goal, r.outcome.value) for r in plan.reviews),
        )


@dataclass(slots=True)
class Cell:
    """Goals, and the distinct patients they are of."""

    goals: int = 0
    patients: set[str] = field(default_factory=set)

    def add(self, patient: str) -> None:
        self.goals += 1
        self.patients.add(patient)

    @property
    def n_patients(self) -> int:
        return len(self.patients)


@dataclass(slots=True)
class KindFigures:
    """The goals of one kind (a goal kind, or the kind of resource they point to) set at one wave."""

    kind: str
    wave: int
    set: Cell = field(default_factory=Cell)
    followed: Cell = field(default_factory=Cell)
    """The goals whose patient has a next wave: those that have an outcome."""
    outcomes: dict[str, Cell] = field(default_factory=lambda: {o: Cell() for o in OUTCOMES})


def goal_figures(
    rows: Iterable[PlanRow], kind_of: Callable[[PlanRow, str, str | None], str | None] | None = None
) -> list[KindFigures]:
    """Per kind and wave, the goals set and how they went.  ``kind_of(row, goal_kind, resource)``
    says what a goal is counted under (default: its goal kind; ``None``: not counted), e.g. the
    kind of the resource it points to.  Ordered by wave, then by goals set (most first)."""
    kind_of = kind_of or (lambda _row, kind, _resource: kind)
    rows = list(rows)
    reviews = {(r.patient, r.wave): dict(r.reviews) for r in rows}  # a wave reviews the one before it
    figures: dict[tuple[int, str], KindFigures] = {}
    for row in rows:
        after = reviews.get((row.patient, row.wave + 1))
        for goal, kind, resource in row.goals:
            counted = kind_of(row, kind, resource)
            if counted is None:
                continue
            f = figures.setdefault((row.wave, counted), KindFigures(counted, row.wave))
            f.set.add(row.patient)
            if after is None:
                f.outcomes[NO_NEXT_WAVE].add(row.patient)
            else:
                f.followed.add(row.patient)
                f.outcomes[after.get(goal, NOT_REVIEWED)].add(row.patient)
    return sorted(figures.values(), key=lambda f: (f.wave, -f.set.goals, f.kind))


@dataclass(frozen=True, slots=True)
class GroupChange:
    """The mean change in one measure from one wave to the next of a group of patients."""

    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None


def _change(pairs: Sequence[tuple[float, float]]) -> GroupChange:
    if not pairs:
        return GroupChange(0, None, None, None)
    n = len(pairs)
    before, after = sum(b for b, _ in pairs) / n, sum(a for _, a in pairs) / n
    return GroupChange(n, before, after, sum(a - b for b, a in pairs) / n)


def with_and_without(
    measure_rows: Iterable[Mapping[str, object]],
    plans: Iterable[PlanRow],
    kind: str,
    first: int,
    measures: Sequence[str],
) -> dict[str, tuple[GroupChange, GroupChange]]:
    """For each measure, the change from wave ``first`` to the next of the patients who set a
    goal of ``kind`` at ``first`` and of those who set none of that kind: the patients seen at
    both waves with every one of ``measures`` defined at both, so that each group is the same
    patients for every measure."""
    by_patient: dict[tuple[str, int], Mapping[str, object]] = {}
    for row in measure_rows:
        by_patient[(str(row["patient"]), int(row["wave_index"]))] = row  # type: ignore[call-overload]
    with_kind = {p.patient for p in plans if p.wave == first and any(k == kind for _, k, _ in p.goals)}
    pairs: dict[str, dict[bool, list[tuple[float, float]]]] = defaultdict(lambda: {True: [], False: []})
    for (patient, wave), before in by_patient.items():
        after = by_patient.get((patient, wave + 1))
        if wave != first or after is None:
            continue
        values = [(before.get(name), after.get(name)) for name in measures]
        if not all(_number(b) and _number(a) for b, a in values):
            continue
        for name, (b, a) in zip(measures, values, strict=True):
            pairs[name][patient in with_kind].append((float(b), float(a)))  # type: ignore[arg-type]
    return {name: (_change(pairs[name][True]), _change(pairs[name][False])) for name in measures}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
