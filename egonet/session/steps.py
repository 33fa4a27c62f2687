"""The steps of an interview, in order, and how far each one has got.

The protocol defines the steps: reviewing the previous wave's support plan (follow-ups of a
wave that set goals), confirming the people of the previous wave (follow-ups only), one naming
step per name generator, the questions about each person, the tie census, the questions about
the patient, the review, and the support plan (protocols with goal kinds).  A step's progress
is read from the interview itself, so it is right after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from egonet.model import AlterPresence, Interview, InterviewStatus, Protocol
from egonet.session.census import census_progress

__all__ = ["Progress", "Step", "StepKind", "interview_steps", "step_progress"]


class StepKind(StrEnum):
    LAST_PLAN = "last_plan"
    CONFIRM = "confirm"
    NAMING = "naming"
    ALTERS = "alters"
    TIES = "ties"
    EGO = "ego"
    REVIEW = "review"
    PLAN = "plan"


@dataclass(frozen=True, slots=True)
class Step:
    """One step; ``id`` is stable (``naming:<generator>`` for naming steps) and is what is bookmarked."""

    id: str
    kind: StepKind
    generator: str | None = None
    goals: int = 0
    """For the review of the previous wave's plan: how many goals it set."""


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` things asked at a step (people named, answers given, pairs asked)."""

    done: int
    total: int | None

    @property
    def complete(self) -> bool:
        return self.total is not None and self.done >= self.total

    @property
    def open(self) -> int:
        """How many are still to ask (0 for a step without a total)."""
        return max(0, self.total - self.done) if self.total is not None else 0


def interview_steps(protocol: Protocol, interview: Interview, previous_goals: int = 0) -> list[Step]:
    """The steps of this interview, in the order they are taken; ``previous_goals``: how many
    goals the previous wave set (see :meth:`InterviewSession.steps`)."""
    steps = []
    if previous_goals:
        steps.append(Step("last_plan", StepKind.LAST_PLAN, goals=previous_goals))
    if any(a.carried for a in interview.alters.values()):
        steps.append(Step("confirm", StepKind.CONFIRM))
    steps += [Step(f"naming:{g.id}", StepKind.NAMING, g.id) for g in protocol.name_generators]
    steps.append(Step("alters", StepKind.ALTERS))
    steps.append(Step("ties", StepKind.TIES))
    if protocol.ego_questions:
        steps.append(Step("ego", StepKind.EGO))
    steps.append(Step("review", StepKind.REVIEW))
    if protocol.goal_kinds:
        steps.append(Step("plan", StepKind.PLAN))
    return steps


def step_progress(step: Step, protocol: Protocol, interview: Interview) -> Progress:
    """How far a step has got; a naming step counts the people named and the plan its goals
    (neither has a total)."""
    active = interview.active_alters()
    if step.kind is StepKind.LAST_PLAN:
        return Progress(len(interview.plan.reviews), step.goals)
    if step.kind is StepKind.PLAN:
        return Progress(len(interview.plan.goals), None)
    if step.kind is StepKind.CONFIRM:
        carried = [a for a in interview.alters.values() if a.carried]
        return Progress(sum(a.presence is not AlterPresence.PENDING for a in carried), len(carried))
    if step.kind is StepKind.NAMING:
        return Progress(sum(step.generator in a.generators for a in active), None)
    if step.kind is StepKind.ALTERS:
        due = [(a, q) for a in active for q in protocol.alter_questions if q.applies(a.answers)]
        return Progress(sum(q.id in a.answers for a, q in due), len(due))
    if step.kind is StepKind.TIES:  # pairs asked, one by one or by a group answer
        return Progress(*census_progress(interview))
    if step.kind is StepKind.EGO:
        due_ego = [q for q in protocol.ego_questions if q.applies(interview.ego_answers)]
        return Progress(sum(q.id in interview.ego_answers for q in due_ego), len(due_ego))
    return Progress(int(interview.status is InterviewStatus.COMPLETED), 1)
