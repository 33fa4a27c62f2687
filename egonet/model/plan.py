"""The support plan: the goals clinician and patient agree on for the network, and their review.

After looking at the map together, clinician and patient write a few concrete goals (the third
part of "mapping, assessing and fostering" the network).  Each goal has a kind from the protocol
(:class:`~egonet.model.protocol.GoalKind`) and may name people of the network (by alter id) or
people outside it (by first name: identifying, like alters' labels), a kind of support (a name
generator), a kind of service (an option of the ``setting`` question), a local resource of the
service's directory and what the patient would like (an interest), who will act, and a date to
look again.  A short note is free text: it stays
on the laptop and the server's copy and never reaches an export or an aggregate.

The next wave reviews the previous wave's goals one by one (:class:`GoalReview`, kept in the
*next* wave's plan, naming the goal by its id) and may carry a goal into its own plan
(:attr:`Goal.carried_from`).  The prompts computed from the network's shape that were shown are
kept with whether a goal was made from them (:class:`Suggested`).

Pure Python: no I/O, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from egonet.errors import ModelError
from egonet.model.resources import RESOURCE_ID

IDENT = re.compile(r"^[a-z][a-z0-9_]{0,47}$")

__all__ = ["MAX_NOTE", "MAX_OTHER", "PROMPT_IDS", "Actor", "Goal", "GoalReview", "Outcome", "Plan", "Suggested"]

PROMPT_IDS = ("no_informal_talk", "one_closed_group", "broker", "support_missing", "smaller_network")
"""The prompts the plan step may show (their definitions: :mod:`egonet.analysis.prompts`): a goal's
``suggestion`` and a :class:`Suggested` record name one of these, never anything typed."""

MAX_NOTE = 500
"""A goal's or a review's note has at most this many characters."""
MAX_OTHER = 80
"""A person outside the network is named in at most this many characters (as an alter's label)."""


class Actor(StrEnum):
    """Who will act on a goal."""

    PATIENT = "patient"
    CLINICIAN = "clinician"
    SOMEONE_ELSE = "someone_else"


class Outcome(StrEnum):
    """How a goal went, as reviewed at the next wave."""

    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    NOT_RELEVANT = "not_relevant"


@dataclass(slots=True)
class Goal:
    """One goal of the plan (see the module's docstring)."""

    id: UUID
    kind: str
    people: list[UUID] = field(default_factory=list)
    """Alters of this interview the goal concerns."""
    others: list[str] = field(default_factory=list)
    """People outside the network the goal concerns, by first name (identifying: never exported)."""
    support: str | None = None
    """A name generator of the protocol: the kind of support the goal is about."""
    service: str | None = None
    """An option of the protocol's ``setting`` question: the kind of service to link with."""
    resource: str | None = None
    """The id of a resource in the service's directory."""
    interest: str | None = None
    """What the patient said they would like (an interest of the service's directory, such as
    ``sport``), to find resources that fit."""
    actor: Actor = Actor.PATIENT
    review_on: date | None = None
    """When to look at the goal again."""
    note: str = ""
    """Free text (identifying): never exported, never aggregated."""
    suggestion: str | None = None
    """The prompt this goal was taken from, if any (:class:`Suggested`)."""
    carried_from: UUID | None = None
    """The previous wave's goal this one continues."""

    def __post_init__(self) -> None:
        self.others = [_clean_other(o) for o in self.others]
        try:
            self.actor = Actor(self.actor)
        except ValueError:
            raise ModelError(f"{self.actor!r} is not who acts on a goal", str(self.id)) from None
        if self.review_on is not None and not isinstance(self.review_on, date):
            raise ModelError("a goal's date to look again is a date", str(self.id))
        if not isinstance(self.note, str):
            raise ModelError("a goal's note is text", str(self.id))
        for name in ("kind", "support", "service", "interest", "suggestion"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, str) and IDENT.match(value)):
                raise ModelError(f"a goal's {name} is an id (lowercase letters, digits, '_')", str(self.id))
        if self.resource is not None and not (isinstance(self.resource, str) and re.match(RESOURCE_ID, self.resource)):
            raise ModelError("a goal's resource is the id of a resource of the directory", str(self.id))
        if len(self.note) > MAX_NOTE:
            raise ModelError(f"a goal's note has at most {MAX_NOTE} characters", str(self.id))
        if len(set(self.people)) != len(self.people):
            raise ModelError("a goal names each person once", str(self.id))


@dataclass(frozen=True, slots=True)
class GoalReview:
    """How a goal of the previous wave went: its id there, the outcome, and an optional note."""

    goal: UUID
    outcome: Outcome
    note: str = ""

    def __post_init__(self) -> None:
        if len(self.note) > MAX_NOTE:
            raise ModelError(f"a review's note has at most {MAX_NOTE} characters", str(self.goal))


@dataclass(frozen=True, slots=True)
class Suggested:
    """A prompt shown in the plan step: its id, the people it concerned, the kind of support it
    was about (``support_missing``: one record per support nobody gives), the goal made from it."""

    prompt: str
    people: tuple[UUID, ...] = ()
    taken: UUID | None = None
    support: str | None = None


@dataclass(slots=True)
class Plan:
    """The goals of this wave, the reviews of the previous wave's goals, and the prompts shown."""

    goals: list[Goal] = field(default_factory=list)
    reviews: list[GoalReview] = field(default_factory=list)
    suggested: list[Suggested] = field(default_factory=list)

    def goal(self, goal_id: UUID) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise ModelError("no such goal in this plan", str(goal_id))

    def review_of(self, goal_id: UUID) -> GoalReview | None:
        """The review of the previous wave's goal ``goal_id``, if given."""
        return next((r for r in self.reviews if r.goal == goal_id), None)

    @property
    def empty(self) -> bool:
        return not (self.goals or self.reviews or self.suggested)

    def forget_alter(self, alter_id: UUID, instead: UUID | None = None) -> None:
        """An alter is removed (or merged into ``instead``): goals and prompts stop naming it."""
        for goal in self.goals:
            if alter_id in goal.people:
                replaced = [instead if p == alter_id else p for p in goal.people]
                goal.people = list(dict.fromkeys(p for p in replaced if p is not None))
        self.suggested = [
            Suggested(s.prompt, tuple(p for p in s.people if p != alter_id), s.taken, s.support) for s in self.suggested
        ]

    def check(self, alters: set[UUID]) -> None:
        """Raise :class:`ModelError` unless every goal and prompt names alters of ``alters``, goal
        ids are unique, each previous goal is reviewed once, and a prompt taken names a goal."""
        ids = [g.id for g in self.goals]
        if len(set(ids)) != len(ids):
            raise ModelError("two goals of the plan have the same id")
        for goal in self.goals:
            for person in goal.people:
                if person not in alters:
                    raise ModelError("a goal names someone who is not in this interview", str(person))
        reviewed = [r.goal for r in self.reviews]
        if len(set(reviewed)) != len(reviewed):
            raise ModelError("a goal of the previous wave is reviewed twice")
        for shown in self.suggested:
            if shown.taken is not None and shown.taken not in ids:
                raise ModelError("a prompt is marked taken by a goal that is not in the plan", shown.prompt)
            for person in shown.people:
                if person not in alters:
                    raise ModelError("a prompt names someone who is not in this interview", str(person))


def _clean_other(label: str) -> str:
    text = " ".join(label.split())
    if not text or len(text) > MAX_OTHER:
        raise ModelError(f"a person outside the network is named in 1-{MAX_OTHER} characters")
    return text
