"""Use-cases of the support plan (:mod:`egonet.model.plan`), part of :class:`InterviewSession`.

Goals are written after the review, with the map in view, and reviewed at the next wave.  The
plan can be changed after the interview is completed, without reopening it: it is agreed after
looking at the completed network, and changing it changes no answer or measure.  Every change is
checked against the protocol (:func:`~egonet.model.plan_problems`) and the previous wave (a review
or a carried goal names one of its goals) and saved before returning, like every other change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from egonet.errors import AnswerError, ModelError
from egonet.model import (
    Actor,
    Goal,
    GoalKind,
    GoalReview,
    Interview,
    Outcome,
    Protocol,
    Suggested,
    plan_problems,
    review_problems,
)

if TYPE_CHECKING:
    from egonet.session.session import Snapshot

__all__ = ["GOAL_FIELDS", "PlanUseCases"]

GOAL_FIELDS = ("people", "others", "support", "service", "resource", "interest", "actor", "review_on", "note")
"""What :meth:`PlanUseCases.edit_goal` may change (a goal's kind is fixed: remove it and add another)."""


class PlanUseCases:
    """The plan's use-cases; :class:`~egonet.session.InterviewSession` provides the rest."""

    interview: Interview
    protocol: Protocol

    def _change(self, *, reopening: bool = False, plan: bool = False) -> AbstractContextManager[Interview]:
        raise NotImplementedError  # the session's

    def previous_wave(self) -> Snapshot | None:
        raise NotImplementedError  # the session's

    # -- reading ---------------------------------------------------------------------------

    def goal_kinds(self) -> tuple[GoalKind, ...]:
        """The kinds of goal the protocol offers (none: the protocol has no plan step)."""
        return self.protocol.goal_kinds

    def previous_goals(self) -> list[Goal]:
        """The goals the previous wave set, to review at this one (none at a baseline)."""
        previous = self.previous_wave()
        return list(previous.interview.plan.goals) if previous is not None else []

    def goals_to_review(self) -> list[Goal]:
        """The previous wave's goals not reviewed yet."""
        return [g for g in self.previous_goals() if self.interview.plan.review_of(g.id) is None]

    # -- goals -----------------------------------------------------------------------------

    def add_goal(
        self,
        kind: str,
        *,
        people: Iterable[UUID] = (),
        others: Iterable[str] = (),
        support: str | None = None,
        service: str | None = None,
        resource: str | None = None,
        interest: str | None = None,
        actor: Actor = Actor.PATIENT,
        review_on: date | None = None,
        note: str = "",
        suggestion: str | None = None,
        carried_from: UUID | None = None,
    ) -> Goal:
        """Add a goal of ``kind`` naming what its kind takes (see :class:`~egonet.model.Goal`)."""
        self.protocol.goal_kind(kind)
        goal = Goal(
            uuid.uuid4(),
            kind,
            list(dict.fromkeys(people)),
            list(others),
            support,
            service,
            resource,
            interest,
            Actor(actor),
            review_on,
            note.strip(),
            suggestion,
            carried_from,
        )
        with self._planning() as iv:
            iv.plan.goals.append(goal)
            if suggestion is not None:
                _mark_taken(iv, suggestion, goal.id)
        return goal

    def edit_goal(self, goal_id: UUID, **changes: Any) -> Goal:
        """Change a goal's ``people``, ``others``, ``support``, ``service``, ``resource``,
        ``interest``, ``actor``, ``review_on`` or ``note`` (:data:`GOAL_FIELDS`)."""
        unknown = set(changes) - set(GOAL_FIELDS)
        if unknown:
            raise ModelError(f"a goal has no field {', '.join(sorted(unknown))} to change", str(goal_id))
        with self._planning() as iv:
            goals = iv.plan.goals
            index = goals.index(iv.plan.goal(goal_id))
            if "people" in changes:
                changes["people"] = list(dict.fromkeys(changes["people"]))
            if "note" in changes:
                changes["note"] = str(changes["note"]).strip()
            goals[index] = replace(goals[index], **changes)
            return goals[index]

    def remove_goal(self, goal_id: UUID) -> None:
        """Remove a goal; a prompt it was taken from is shown as not taken again."""
        with self._planning() as iv:
            iv.plan.goals.remove(iv.plan.goal(goal_id))
            iv.plan.suggested = [
                Suggested(s.prompt, s.people, None) if s.taken == goal_id else s for s in iv.plan.suggested
            ]

    # -- the previous wave's goals ---------------------------------------------------------

    def review_goal(self, goal_id: UUID, outcome: Outcome | str, note: str = "") -> GoalReview:
        """How the previous wave's goal ``goal_id`` went (given again: the new review replaces it)."""
        review = GoalReview(goal_id, Outcome(outcome), note.strip())
        with self._planning() as iv:
            iv.plan.reviews = [r for r in iv.plan.reviews if r.goal != goal_id] + [review]
        return review

    def clear_review(self, goal_id: UUID) -> None:
        with self._planning() as iv:
            iv.plan.reviews = [r for r in iv.plan.reviews if r.goal != goal_id]

    def carry_goal(self, goal_id: UUID) -> Goal:
        """Continue the previous wave's goal ``goal_id`` in this wave's plan (the people it named
        who are not in this wave are left out; everything else is copied)."""
        earlier = next((g for g in self.previous_goals() if g.id == goal_id), None)
        if earlier is None:
            raise ModelError("not a goal of the previous wave", str(goal_id))
        if any(g.carried_from == goal_id for g in self.interview.plan.goals):
            raise ModelError("this goal is already carried into the plan", str(goal_id))
        here = self.interview.alters
        return self.add_goal(
            earlier.kind,
            people=[p for p in earlier.people if p in here],
            others=earlier.others,
            support=earlier.support,
            service=earlier.service,
            resource=earlier.resource,
            interest=earlier.interest,
            actor=earlier.actor,
            note=earlier.note,
            carried_from=goal_id,
        )

    # -- prompts ---------------------------------------------------------------------------

    def record_prompts(self, shown: Iterable[tuple[str, tuple[UUID, ...]]]) -> None:
        """Record the prompts shown in the plan step (id and the people each concerns); a prompt
        already recorded keeps its record (and whether it was taken)."""
        known = {s.prompt for s in self.interview.plan.suggested}
        new = [Suggested(prompt, people) for prompt, people in shown if prompt not in known]
        if not new:
            return
        with self._planning() as iv:
            iv.plan.suggested += new

    # -- checking --------------------------------------------------------------------------

    @contextmanager
    def _planning(self) -> Iterator[Interview]:
        """The session's change, refused (and so rolled back) if the plan then breaks the
        protocol, the model's invariants or the previous wave's goals."""
        with self._change(plan=True) as iv:
            yield iv
            _check(self, iv)


def _check(uses: PlanUseCases, interview: Interview) -> None:
    interview.plan.check(set(interview.alters))
    previous = uses.previous_wave()
    problems = plan_problems(interview, uses.protocol)
    problems += review_problems(interview, previous.interview if previous is not None else None)
    if problems:
        raise AnswerError(problems[0])


def _mark_taken(interview: Interview, prompt: str, goal_id: UUID) -> None:
    shown = interview.plan.suggested
    for i, s in enumerate(shown):
        if s.prompt == prompt:
            shown[i] = Suggested(s.prompt, s.people, s.taken or goal_id)
            return
    shown.append(Suggested(prompt, (), goal_id))
