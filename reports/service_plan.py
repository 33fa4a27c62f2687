"""The service report's support-plan section: goals set per kind and wave and how they went, the
kinds of local resource goals point to, and the change of patients with and without a goal of a
kind (:mod:`egonet.analysis.plan_figures`).  No free text and no name ever reaches it.

Small counts: a row of fewer than 5 patients shows "<5" and no figure; an outcome whose goals
are those of fewer than 5 patients shows "<5"; when a row would hide one outcome only, the
smallest other is hidden too ("-"), so that no hidden count is the followed goals less the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from egonet.analysis.plan_figures import OUTCOMES, Cell, KindFigures, PlanRow, goal_figures, with_and_without
from egonet.model import Protocol
from egonet.model.language import localise
from reports.context import GoalChangeRow, GoalKindRow
from reports.words import Words

__all__ = ["CHANGE_MEASURES", "PlanSection", "plan_section"]

SMALL = 5
CHANGE_MEASURES = ("n_alters", "n_informal", "density")
"""The measures whose change is compared between patients with and without a goal of a kind."""

ResourceKind = Callable[[str, str], str | None]
"""The kind of a service's resource, by service and resource id (``None``: not in its directory)."""


class PlanSection(NamedTuple):
    """The section's three tables."""

    kinds: list[GoalKindRow]
    resources: list[GoalKindRow]
    changes: list[GoalChangeRow]


def _shown(w: Words, cells: Mapping[str, Cell]) -> dict[str, str]:
    hidden = {o for o, c in cells.items() if c.goals and c.n_patients < SMALL}
    out = {o: w.text("small") if o in hidden else str(c.goals) for o, c in cells.items()}
    if len(hidden) == 1:  # the one hidden would be the followed goals less those shown
        rest = sorted((c.goals, o) for o, c in cells.items() if o not in hidden and c.goals)
        if rest:
            out[rest[0][1]] = "-"
        else:
            out = dict.fromkeys(cells, "-")
    return out


def _row(w: Words, figures: KindFigures, label: str) -> GoalKindRow:
    small = figures.set.n_patients < SMALL
    followed = figures.followed
    shown = not small and followed.n_patients >= SMALL
    outcomes = _shown(w, figures.outcomes) if shown else dict.fromkeys(OUTCOMES, "-")
    if small:
        n_followed = "-"
    elif followed.goals and followed.n_patients < SMALL:
        n_followed = w.text("small")
    else:
        n_followed = str(followed.goals)
    return GoalKindRow(
        kind=label,
        wave=w.wave(figures.wave),
        patients=w.text("small") if small else str(figures.set.n_patients),
        goals="-" if small else str(figures.set.goals),
        followed=n_followed,
        **{o: outcomes[o] for o in OUTCOMES},
    )


def plan_section(
    w: Words,
    plans: Sequence[PlanRow],
    measure_rows: Sequence[Mapping[str, object]],
    protocol: Protocol,
    resource_kind: ResourceKind | None = None,
) -> PlanSection:
    """The section over the plans of the report's completed interviews."""
    if not any(p.goals for p in plans):
        return PlanSection([], [], [])
    labels = {k.id: localise(k.label, w.language, protocol.default_language) for k in protocol.goal_kinds}
    kinds = [_row(w, f, labels.get(f.kind, f.kind)) for f in goal_figures(plans)]
    resources: list[GoalKindRow] = []
    if resource_kind is not None:

        def of(row: PlanRow, _kind: str, resource: str | None) -> str | None:
            return resource_kind(row.service, resource) if resource else None

        resources = [_row(w, f, w.text(f"resource_{f.kind}")) for f in goal_figures(plans, of)]
    changes = []
    first = min(p.wave for p in plans)
    measures = [m for m in CHANGE_MEASURES if all(m in r for r in measure_rows[:1])]
    for kind in protocol.goal_kinds:
        compared = with_and_without(measure_rows, plans, kind.id, first, measures)
        for name, (with_goal, without) in compared.items():
            if with_goal.n < SMALL or without.n < SMALL:
                continue
            figures = [with_goal.mean_change, without.mean_change]
            digits = w.digits(name, [v for v in figures if v is not None])
            changes.append(
                GoalChangeRow(
                    kind=labels[kind.id],
                    measure=w.label(name),
                    with_n=str(with_goal.n),
                    with_change=w.mean_change(name, with_goal.mean_change, digits),
                    without_n=str(without.n),
                    without_change=w.mean_change(name, without.mean_change, digits),
                )
            )
    return PlanSection(kinds, resources, changes)
