"""Where each alter goes on a network map: ego at the centre, alters on rings around them.

The ring is the closeness answer (the question with role ``closeness``): the closest people on
the innermost ring, as in the concentric-circles diagram of Kahn & Antonucci (1980, "Convoys
over the life course") used in support-network interviews.  Alters with no closeness answer
go on an outer ring of their own.  Around the circle, alters sit in sectors by relationship
(the question with role ``relationship``, in the protocol's option order, unknown last), with
an empty slot between sectors, so family, friends and professionals each form a group.  Within
a sector alters keep the order they were named in, so the map does not jump as it grows.

Coordinates are in ``[-1, 1]``, ego at ``(0, 0)``, ``y`` pointing down (as on a screen); the
first slot is at the top and slots go clockwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from egonet.model import Alter, Answer, Protocol

__all__ = ["Placed", "radial_layout", "relationship_group"]

INNER, OUTER = 0.38, 1.0
"""Radius of the closest ring and of the outermost one."""


@dataclass(frozen=True, slots=True)
class Placed:
    """An alter on the map: position, ring (0 = closest) and relationship group (option index or ``None``)."""

    id: UUID
    x: float
    y: float
    ring: int
    group: int | None


def relationship_group(alter: Alter, protocol: Protocol) -> int | None:
    """Index of the alter's relationship option in the protocol, ``None`` if unanswered or no such question."""
    question = protocol.alter_question_with_role("relationship")
    if question is None or question.id not in alter.answers:
        return None
    value = alter.answers[question.id]
    return next((k for k, o in enumerate(question.options) if o.value == value), None)


def _ring(alter: Alter, protocol: Protocol) -> tuple[int, int]:
    """(ring of this alter, number of rings): highest closeness answer → ring 0."""
    question = protocol.alter_question_with_role("closeness")
    if question is None or not question.options:
        return 0, 1
    ordered = sorted((o.value for o in question.options), key=_numeric, reverse=True)
    answer = alter.answers.get(question.id)
    rings = len(ordered) + 1
    return next((k for k, v in enumerate(ordered) if v == answer), rings - 1), rings


def _numeric(value: Answer) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def radial_layout(alters: Sequence[Alter], protocol: Protocol) -> dict[UUID, Placed]:
    """Positions of ``alters`` (in naming order) on the map; see the module docstring."""
    if not alters:
        return {}
    grouped = sorted(
        ((relationship_group(a, protocol), i, a) for i, a in enumerate(alters)),
        key=lambda t: (t[0] is None, t[0] or 0, t[1]),
    )
    slots: list[tuple[int | None, Alter] | None] = []
    for k, (group, _, alter) in enumerate(grouped):
        if k and group != grouped[k - 1][0]:
            slots.append(None)  # a gap between sectors
        slots.append((group, alter))
    if len(slots) > 1 and grouped[0][0] != grouped[-1][0]:
        slots.append(None)  # and between the last sector and the first
    placed = {}
    for k, slot in enumerate(slots):
        if slot is None:
            continue
        group, alter = slot
        ring, rings = _ring(alter, protocol)
        radius = INNER + (OUTER - INNER) * (ring / (rings - 1) if rings > 1 else 1.0)
        angle = 2 * math.pi * k / len(slots) - math.pi / 2
        placed[alter.id] = Placed(alter.id, radius * math.cos(angle), radius * math.sin(angle), ring, group)
    return placed
