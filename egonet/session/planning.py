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
    resource_problems,
    review_problems,
)

if TYPE_CHECKING:
    from egonet.session.session import Snapshot
    from egonet.store import Store

__all__ = ["GOAL_FIELDS", "PlanUseCases"]

GOAL_FIELDS = ("people", "others", "support", "service", "resource", "interest", "actor", "review_on", "note")
"""What :meth:`PlanUseCases.edit_goal` may change (a goal's kind is fixed: remove it and add another)."""


class PlanUseCases:
    """The plan's use-cases; :class:`~egonet.session.InterviewSession` provides the rest."""

    interview: Interview
    protocol: Protocol
    store: Store

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
            self._check_resource(iv, goal.id)
            if suggestion is not None:
                _mark_taken(iv, suggestion, goal)
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
            if "resource" in changes:
                self._check_resource(iv, goal_id)
            return goals[index]

    def remove_goal(self, goal_id: UUID) -> None:
        """Remove a goal; a prompt it was taken from is shown as not taken again.  A goal the next
        wave reviewed or carried on stays (that wave's review names it): change it instead."""
        self.interview.plan.goal(goal_id)
        later = self._next_wave()
        if later is not None and (
            later.plan.review_of(goal_id) is not None or any(g.carried_from == goal_id for g in later.plan.goals)
        ):
            raise ModelError("the next wave reviewed this goal or carried it on: it cannot be removed", str(goal_id))
        with self._planning() as iv:
            iv.plan.goals.remove(iv.plan.goal(goal_id))
            iv.plan.suggested = [
                Suggested(s.prompt, s.people, None, s.support) if s.taken == goal_id else s for s in iv.plan.suggested
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

    def record_prompts(self, shown: Iterable[tuple[str, tuple[UUID, ...], str | None]]) -> None:
        """Record the prompts shown in the plan step: id, the people each concerns and the kind of
        support it is about (``support_missing``: one record per support); a prompt already
        recorded keeps its record (and whether it was taken)."""
        known = {(s.prompt, s.support) for s in self.interview.plan.suggested}
        new = []
        for prompt, people, support in shown:
            if (prompt, support) not in known:
                known.add((prompt, support))
                new.append(Suggested(prompt, people, None, support))
        if not new:
            return
        with self._planning() as iv:
            iv.plan.suggested += new

    def _check_resource(self, interview: Interview, goal_id: UUID) -> None:
        """The goal being written names a resource of the service's directory that fits its kind."""
        directory = self.store.directory(interview.patient.service)
        problems = resource_problems(interview, self.protocol, directory, goal_id)
        if problems:
            raise AnswerError(problems[0])

    def _next_wave(self) -> Interview | None:
        """The wave that follows this one, if it is in the store."""
        here = self.interview
        for row in self.store.interviews(here.patient.code):
            if row.wave_index > here.wave.index:
                later = self.store.load(row.id)
                if later.previous_id == here.id:
                    return later
        return None

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


def _mark_taken(interview: Interview, prompt: str, goal: Goal) -> None:
    """The prompt record ``goal`` was taken from (the one about its support, if it is one of several)."""
    shown = interview.plan.suggested
    for i, s in enumerate(shown):
        if s.prompt == prompt and s.support in (None, goal.support) and s.taken is None:
            shown[i] = Suggested(s.prompt, s.people, goal.id, s.support)
            return
    shown.append(Suggested(prompt, (), goal.id, goal.support if prompt == "support_missing" else None))
