"""The patient report's support plan: the goals of the latest wave, and at a follow-up how each
goal of the wave before went, in plain words for the patient (the review, and what moved in the
network: :func:`egonet.analysis.goal_outcomes`) and with the related measures for the clinician.

This is the patient's own report, so it names the people of their network and shows the notes
written with them; nothing of it reaches the service report or an export.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from egonet.analysis import fact_text, goal_outcomes
from egonet.analysis.prompts import label_of
from egonet.model import Directory, Goal, Interview, Protocol
from egonet.model.language import localise
from reports.context import Figure, GoalReviewView, GoalView
from reports.words import Words

__all__ = ["EXPECTED_MEASURES", "plan_review", "plan_views"]

Row = Mapping[str, float | int | str | None]

EXPECTED_MEASURES: dict[str, tuple[str, ...]] = {
    "in_network": ("n_alters",),
    "more_contact": ("mean_contact",),
    "less_contact": ("mean_contact",),
    "gives_support": ("n_support_{support}",),
    "new_people": ("n_alters", "n_informal"),
    "service_linked": ("n_formal",),
    "none": (),
}
"""The measures a clinician reads beside a goal of each ``expect`` (``{support}``: the goal's)."""


def _goal_view(w: Words, goal: Goal, interview: Interview, protocol: Protocol, directory: Directory | None) -> GoalView:
    language = w.language
    kinds = {k.id: k for k in protocol.goal_kinds}
    kind = kinds.get(goal.kind)
    names = [n for n in (label_of(goal.people, interview, language) if goal.people else "", *goal.others) if n]
    details = []
    if goal.support is not None:
        generator = next((g for g in protocol.name_generators if g.id == goal.support), None)
        label = localise(generator.short, language, protocol.default_language) if generator else goal.support
        details.append(w.text("goal_support", support=label))
    if goal.service is not None:
        setting = protocol.alter_question_with_role("setting")
        option = setting.option(goal.service) if setting else None
        label = localise(option.label, language, protocol.default_language) if option else goal.service
        details.append(w.text("goal_service", service=label))
    if goal.resource is not None:
        found = directory.resource(goal.resource) if directory is not None else None
        where = f"{found.name} ({found.contact})" if found and found.contact else found.name if found else goal.resource
        details.append(w.text("goal_resource", resource=where))
    details.append(w.text(f"goal_actor_{goal.actor.value}"))
    if goal.review_on is not None:
        details.append(w.text("goal_review_on", date=w.date(goal.review_on)))
    return GoalView(
        kind=localise(kind.label, language, protocol.default_language) if kind else goal.kind,
        people=", ".join(names),
        details=details,
        note=goal.note,
    )


def plan_views(w: Words, interview: Interview, protocol: Protocol, directory: Directory | None) -> list[GoalView]:
    """The goals of ``interview``'s plan, in the order written."""
    return [_goal_view(w, g, interview, protocol, directory) for g in interview.plan.goals]


def plan_review(
    w: Words,
    waves: tuple[Interview, Interview],
    protocol_of: Callable[[Interview], Protocol],
    rows: Sequence[Row],
    figure: Callable[[str], Figure],
    *,
    directory: Directory | None,
) -> list[GoalReviewView]:
    """How each goal of the earlier of ``waves`` went by the later: its review, what moved, and the
    measures it relates to (``rows``: the two waves' measure rows; ``figure``: a measure's
    figure as the report shows it)."""
    previous, current = waves
    protocol = protocol_of(current)
    out = []
    for change in goal_outcomes(previous, current, protocol):
        goal = change.goal
        kind = next((k for k in protocol_of(previous).goal_kinds if k.id == goal.kind), None)
        names = [
            (m.format(support=goal.support) if "{support}" in m else m)
            for m in EXPECTED_MEASURES.get(kind.expect if kind else "none", ())
            if "{support}" not in m or goal.support is not None
        ]
        review = change.review
        out.append(
            GoalReviewView(
                goal=_goal_view(w, goal, previous, protocol_of(previous), directory),
                outcome=w.text(f"outcome_{review.outcome.value}") if review else w.text("outcome_not_reviewed"),
                review_note=review.note if review else "",
                moved="" if change.moved is None else w.text("goal_moved" if change.moved else "goal_not_moved"),
                facts=[fact_text(f, protocol, w.language) for f in change.facts],
                measures=[figure(name) for name in names if all(name in r for r in rows)],
            )
        )
    return out
