"""The interview protocol as data: name generators, questions, options and conditions.

A protocol says what is asked in an interview and which answers are allowed.  These classes
are pure data with the rules for checking an answer; reading them from a TOML file is the
job of :mod:`egonet.protocol`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from egonet.errors import AnswerError

__all__ = [
    "GOAL_EXPECTATIONS",
    "GOAL_TARGETS",
    "QUESTION_ROLES",
    "RESOURCE_KINDS",
    "SUPPORT_TYPES",
    "Answer",
    "Condition",
    "GoalKind",
    "NameGenerator",
    "Option",
    "Protocol",
    "Question",
    "QuestionType",
    "Text",
    "TieQuestion",
]

Answer = str | int | float | bool
"""An answer as stored: an option value, a number, a boolean or free text."""

Text = Mapping[str, str]
"""A text in every language of the protocol, keyed by language code (``en``, ``fr``, ``nl``)."""

SUPPORT_TYPES = ("emotional", "practical", "informational", "companionship", "professional_care", "other")
"""The support types a name generator may stand for."""

QUESTION_ROLES = (
    "relationship",
    "closeness",
    "contact",
    "gender",
    "age",
    "professional_type",
    "setting",
    "reciprocity",
)
"""Roles that tell the mining module what a question measures, whatever its id."""

GOAL_TARGETS = ("people", "support", "service", "resource")
"""What a goal of the support plan may name: people (of the network, or new ones by first name),
a kind of support (a name generator), a kind of service (an option of the ``setting`` question)
and a local resource of the service's directory."""

GOAL_EXPECTATIONS = (
    "in_network",
    "more_contact",
    "gives_support",
    "less_contact",
    "new_people",
    "service_linked",
    "none",
)
"""What the next wave looks for to relate a goal to what changed (:mod:`egonet.analysis.goals`):
the people named are in the network; they are seen more often; they give the goal's support;
they are gone or seen less often; people are new in the network; someone of the goal's service
is in the network; nothing (a goal of its own kind)."""

RESOURCE_KINDS = ("generic_social", "peer_support", "activity", "association", "mental_health")
"""Kinds of local resource a service's directory lists: generic social services (welfare,
housing, employment, primary care), peer-support groups, activities, associations, and
mental-health services."""


class QuestionType(StrEnum):
    """The kinds of question a protocol can ask."""

    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Option:
    """One allowed answer of a categorical (string value) or ordinal (integer value) question."""

    value: str | int
    label: Text
    formal: bool = False
    """On a relationship question: the alter is a professional (formal support)."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A question applies only when the answer to ``question`` is one of ``values``."""

    question: str
    values: frozenset[str | int]

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        answer = answers.get(self.question)
        return answer is not None and not isinstance(answer, bool | float) and answer in self.values


@dataclass(frozen=True, slots=True)
class Question:
    """A question about an alter, about ego, or about a tie's strength."""

    id: str
    type: QuestionType
    text: Text
    short: Text
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    max_length: int = 500
    when: Condition | None = None
    carry_forward: bool = False
    role: str | None = None

    def applies(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the question is asked, given the other answers of the same alter or ego."""
        return self.when is None or self.when.holds(answers)

    def option(self, value: Answer) -> Option | None:
        """The option with this value, if any (booleans never match an integer option)."""
        if isinstance(value, bool | float):
            return None
        return next((o for o in self.options if o.value == value and type(o.value) is type(value)), None)

    def problem(self, value: object) -> str | None:
        """Why ``value`` is not an allowed answer to this question, or ``None`` if it is."""
        match self.type:
            case QuestionType.CATEGORICAL | QuestionType.ORDINAL:
                if not isinstance(value, str | int) or self.option(value) is None:
                    allowed = ", ".join(repr(o.value) for o in self.options)
                    return f"{value!r} is not an option of {self.id!r} (allowed: {allowed})"
            case QuestionType.NUMERIC:
                if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                    return f"{value!r} is not a number ({self.id!r})"
                if self.integer and not float(value).is_integer():
                    return f"{value!r} is not a whole number ({self.id!r})"
                if self.minimum is not None and value < self.minimum:
                    return f"{value!r} is below the minimum {self.minimum:g} of {self.id!r}"
                if self.maximum is not None and value > self.maximum:
                    return f"{value!r} is above the maximum {self.maximum:g} of {self.id!r}"
            case QuestionType.BOOLEAN:
                if not isinstance(value, bool):
                    return f"{value!r} is not true or false ({self.id!r})"
            case QuestionType.TEXT:
                if not isinstance(value, str):
                    return f"{value!r} is not text ({self.id!r})"
                if len(value) > self.max_length:
                    return f"text of {len(value)} characters is longer than {self.max_length} ({self.id!r})"
        return None

    def check(self, value: object) -> Answer:
        """Return ``value`` if allowed, else raise :class:`AnswerError`."""
        problem = self.problem(value)
        if problem is not None:
            raise AnswerError(problem)
        assert isinstance(value, str | int | float | bool)
        return value


@dataclass(frozen=True, slots=True)
class NameGenerator:
    """A prompt that makes the patient name people, standing for one type of support."""

    id: str
    support_type: str
    prompt: Text
    short: Text
    max_alters: int | None = None


@dataclass(frozen=True, slots=True)
class GoalKind:
    """A kind of goal of the support plan ("reconnect with someone", "meet new people", ...).

    ``targets``: what a goal of this kind may name (:data:`GOAL_TARGETS`); ``expect``: what the
    next wave looks for (:data:`GOAL_EXPECTATIONS`); ``resources``: the kinds of local resource
    it offers (:data:`RESOURCE_KINDS`).
    """

    id: str
    label: Text
    targets: frozenset[str]
    expect: str = "none"
    resources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TieQuestion:
    """Whether two alters know each other, with an optional strength question."""

    text: Text
    short: Text
    strength: Question | None = None


_Item = TypeVar("_Item", NameGenerator, Question, GoalKind)


@dataclass(frozen=True, slots=True)
class Protocol:
    """A whole interview protocol, identified by ``id`` and ``version``."""

    id: str
    version: str
    languages: tuple[str, ...]
    default_language: str
    title: Text
    description: Text
    name_generators: tuple[NameGenerator, ...]
    alter_questions: tuple[Question, ...]
    tie_question: TieQuestion
    ego_questions: tuple[Question, ...] = ()
    goal_kinds: tuple[GoalKind, ...] = ()
    """The kinds of goal of the support plan, in the order offered (none: no plan step)."""

    def generator(self, generator_id: str) -> NameGenerator:
        return self._find(self.name_generators, generator_id, "name generator")

    def alter_question(self, question_id: str) -> Question:
        return self._find(self.alter_questions, question_id, "alter question")

    def ego_question(self, question_id: str) -> Question:
        return self._find(self.ego_questions, question_id, "ego question")

    def goal_kind(self, kind_id: str) -> GoalKind:
        return self._find(self.goal_kinds, kind_id, "goal kind")

    def alter_question_with_role(self, role: str) -> Question | None:
        """The first alter question with this role (``relationship``, ``closeness``, ...)."""
        return next((q for q in self.alter_questions if q.role == role), None)

    def _find(self, items: tuple[_Item, ...], key: str, kind: str) -> _Item:
        for item in items:
            if item.id == key:
                return item
        raise AnswerError(f"protocol {self.id} {self.version} has no {kind} {key!r}")
