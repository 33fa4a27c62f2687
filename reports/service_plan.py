"""The service report's support-plan section: goals set per kind and wave and how they went, the
kinds of local resource goals point to, and the change of patients with and without a goal of a
kind (:mod:`egonet.analysis.plan_figures`).  No free text and no name ever reaches it.

Small counts: a row of fewer than 5 patients shows "<5" and no figure.  Its outcomes (done,
partly, not done, no longer relevant, not reviewed, no next wave yet) add up to the goals shown:
an outcome whose goals are those of fewer than 5 patients shows "<5", and more outcomes are hidden
("-", the smallest first) until the hidden ones together are the goals of 5 patients or more, so
that no hidden count is the goals shown less the others of fewer than 5 patients.  A change with
and without a goal is shown when 5 patients or more are on each side and those of the kind not
seen at the next wave are none or 5 or more (else the patients of the row less those compared
would count them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from egonet.analysis.plan_figures import (
    NO_NEXT_WAVE,
    OUTCOMES,
    Cell,
    KindFigures,
    PlanRow,
    goal_figures,
    with_and_without,
)
from egonet.model import Protocol
from egonet.model.language import localise
from reports.context import GoalChangeRow, GoalKindRow
from reports.words import Words

__all__ = ["CHANGE_MEASURES", "PlanSection", "plan_section"]

SMALL = 5
CHANGE_MEASURES = ("n_alters", "n_informal")
"""The measures whose change is compared between patients with and without a goal of a kind:
counts, defined for every network (a share such as density is not for one of fewer than 2
people, and the patients it leaves out would show as a difference in n)."""

ResourceKind = Callable[[str, str], str | None]
"""The kind of a service's resource, by service and resource id (``None``: not in its directory)."""


class PlanSection(NamedTuple):
    """The section's three tables."""

    kinds: list[GoalKindRow]
    resources: list[GoalKindRow]
    changes: list[GoalChangeRow]


def _shown(w: Words, cells: Mapping[str, Cell]) -> dict[str, str]:
    """Each outcome's goals as shown (see the module's docstring)."""
    small = {o for o, c in cells.items() if c.goals and c.n_patients < SMALL}
    hidden = set(small)

    def covered() -> bool:
        return not hidden or len(set().union(*(cells[o].patients for o in hidden))) >= SMALL

    rest = sorted((c.goals, o) for o, c in cells.items() if o not in hidden and c.goals)
    while not covered() and rest:
        hidden.add(rest.pop(0)[1])
    if not covered():
        return dict.fromkeys(cells, "-")
    return {o: w.text("small") if o in small else "-" if o in hidden else str(c.goals) for o, c in cells.items()}


def _row(w: Words, figures: KindFigures, label: str) -> GoalKindRow:
    small = figures.set.n_patients < SMALL
    outcomes = dict.fromkeys(OUTCOMES, "-") if small else _shown(w, figures.outcomes)
    return GoalKindRow(
        kind=label,
        wave=w.wave(figures.wave),
        patients=w.text("small") if small else str(figures.set.n_patients),
        goals="-" if small else str(figures.set.goals),
        **{o: outcomes[o] for o in OUTCOMES},
    )


def plan_section(
    w: Words,
    plans: Sequence[PlanRow],
    measure_rows: Sequence[Mapping[str, object]],
    protocols: Sequence[Protocol],
    resource_kind: ResourceKind | None = None,
) -> PlanSection:
    """The section over the plans of the report's completed interviews (``protocols``: those they
    were asked with, for the goal kinds' names)."""
    if not any(p.goals for p in plans):
        return PlanSection([], [], [])
    labels: dict[str, str] = {}
    for protocol in protocols:
        for k in protocol.goal_kinds:
            labels.setdefault(k.id, localise(k.label, w.language, protocol.default_language))
    figures = goal_figures(plans)
    kinds = [_row(w, f, labels.get(f.kind, f.kind)) for f in figures]
    resources: list[GoalKindRow] = []
    if resource_kind is not None:

        def of(row: PlanRow, _kind: str, resource: str | None) -> str | None:
            return resource_kind(row.service, resource) if resource else None

        resources = [_row(w, f, w.text(f"resource_{f.kind}")) for f in goal_figures(plans, of)]
    changes = []
    for f in figures:
        if f.outcomes[NO_NEXT_WAVE].goals:
            gone = len(f.set.patients - f.followed.patients)
            if gone < SMALL:
                continue  # the row's patients less those compared would count them
        compared = with_and_without(measure_rows, plans, f.kind, f.wave, CHANGE_MEASURES)
        for name, (with_goal, without) in compared.items():
            if with_goal.n < SMALL or without.n < SMALL:
                continue
            digits = w.digits(name, [v for v in (with_goal.mean_change, without.mean_change) if v is not None])
            changes.append(
                GoalChangeRow(
                    kind=labels.get(f.kind, f.kind),
                    wave=w.text("wave_to_next", wave=w.wave(f.wave), next=w.wave(f.wave + 1)),
                    measure=w.label(name),
                    with_n=str(with_goal.n),
                    with_change=w.mean_change(name, with_goal.mean_change, digits),
                    without_n=str(without.n),
                    without_change=w.mean_change(name, without.mean_change, digits),
                )
            )
    return PlanSection(kinds, resources, changes)
