"""The tie census: who knows whom among the people named, each pair asked exactly once.

Person by person, in the order they were named: a person's checklist lists the others whose
pair with them is not asked yet; closing it asks those pairs (ticked: a tie; not: none).  At a
follow-up the ties among carried people are already there, marked ``carried``: the checklist
shows them ticked "from last time" and closing it as it is confirms them.

In a large network (40 people are 780 pairs) a **group answer** says "these people all know each
other" for everyone with one relationship, everyone named under one name generator, or people
marked one by one: every pair among them not asked yet gets a tie of source ``group`` and counts
as asked, so the checklists then list only the pairs still to ask.  A pair already asked is never
overwritten by a group answer; exceptions are corrected in the lists.  See
:meth:`egonet.model.Interview.answer_group` and :class:`egonet.model.TieSource`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from egonet.model import Alter, Interview, Protocol

__all__ = ["GroupChoice", "census_progress", "group_choices", "next_in_census", "tie_checklist", "unasked_pairs"]


@dataclass(frozen=True, slots=True)
class GroupChoice:
    """A group that can be answered at once: ``kind`` is ``relationship`` or ``generator``,
    ``key`` the relationship option's value or the generator's id."""

    kind: str
    key: str
    members: tuple[UUID, ...]
    unasked: int
    """Pairs among the members not asked yet (what answering the group answers)."""

    @property
    def basis(self) -> str:
        return f"{self.kind}:{self.key}"


def unasked_pairs(interview: Interview, members: Sequence[UUID]) -> int:
    return sum(not interview.pair_asked(a, b) for i, a in enumerate(members) for b in members[i + 1 :])


def census_progress(interview: Interview) -> tuple[int, int]:
    """(pairs asked, pairs in all) among the people in the network."""
    ids = [a.id for a in interview.active_alters()]
    total = len(ids) * (len(ids) - 1) // 2
    return total - unasked_pairs(interview, ids), total


def tie_checklist(interview: Interview, alter_id: UUID) -> list[Alter]:
    """The others not yet asked about with this alter (each pair is asked once, whoever comes first)."""
    return [a for a in interview.active_alters() if a.id != alter_id and not interview.pair_asked(alter_id, a.id)]


def next_in_census(interview: Interview) -> Alter | None:
    """The first alter, in naming order, with pairs still to ask; ``None`` when every pair is asked."""
    reviewed = set(interview.ties_reviewed)
    for alter in interview.active_alters():
        if alter.id not in reviewed and tie_checklist(interview, alter.id):
            return alter
    return None


def group_choices(protocol: Protocol, interview: Interview) -> list[GroupChoice]:
    """The groups worth a group answer: by relationship (in the protocol's order of options),
    then by name generator; only groups with a pair still to ask."""
    people = interview.active_alters()
    found: list[tuple[str, str, tuple[Alter, ...]]] = []
    relationship = protocol.alter_question_with_role("relationship")
    if relationship is not None:
        for option in relationship.options:
            same = tuple(a for a in people if a.answers.get(relationship.id) == option.value)
            found.append(("relationship", str(option.value), same))
    for generator in protocol.name_generators:
        found.append(("generator", generator.id, tuple(a for a in people if generator.id in a.generators)))
    choices = []
    for kind, key, group in found:
        members = tuple(a.id for a in group)
        unasked = unasked_pairs(interview, members)
        if unasked:
            choices.append(GroupChoice(kind, key, members, unasked))
    return choices
