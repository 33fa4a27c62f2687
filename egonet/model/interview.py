"""The interview: a patient's wave, the alters they name, the ties between alters, ego answers.

Pure Python: no I/O and no clock.  Every mutating method keeps the invariants:

- alter ids are unique within an interview, labels are non-empty;
- a tie joins two *different* alters of the *same* interview, and a pair has at most one tie
  (ties are unordered: the pair is stored with the smaller id first);
- removing or merging alters never leaves a tie, or a goal of the plan, pointing at an alter
  that is gone.

Whether an answer is one the protocol allows is checked by :mod:`egonet.session`, which holds
both the interview and its :class:`~egonet.model.protocol.Protocol`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from egonet.errors import ModelError
from egonet.model.plan import Plan
from egonet.model.protocol import Answer

__all__ = [
    "Alter",
    "AlterPresence",
    "Interview",
    "InterviewStatus",
    "Patient",
    "Tie",
    "TieGroup",
    "TieKey",
    "TieSource",
    "Wave",
    "clean_label",
    "tie_key",
]

PATIENT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""A pseudonymous patient code: letters, digits, ``.``, ``_``, ``-``; no spaces, so no full names."""

MAX_LABEL = 80

GROUP_BASIS = re.compile(r"^(marked|relationship:.{1,80}|generator:[a-z][a-z0-9_]{0,47})$")
"""How a group answer's people were chosen (:class:`TieGroup`); the document's schema says the same."""

TieKey = tuple[UUID, UUID]


class InterviewStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class AlterPresence(StrEnum):
    """Where an alter stands in its wave.

    ``present``: in the network.  ``pending``: carried from the previous wave and not yet
    confirmed.  ``gone``: carried from the previous wave and no longer in the network; kept so
    that the change between waves can be told, but left out of every network measure.
    """

    PRESENT = "present"
    PENDING = "pending"
    GONE = "gone"


def tie_key(a: UUID, b: UUID) -> TieKey:
    """The unordered pair ``{a, b}`` as a tuple, smaller id first."""
    if a == b:
        raise ModelError("an alter cannot be tied to itself", str(a))
    return (a, b) if a.int < b.int else (b, a)


def clean_label(label: str) -> str:
    text = " ".join(label.split())
    if not text:
        raise ModelError("an alter needs a label (a first name or a nickname)")
    if len(text) > MAX_LABEL:
        raise ModelError(f"an alter label has at most {MAX_LABEL} characters")
    return text


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient known only by a pseudonymous code, and the service that follows them."""

    code: str
    service: str

    def __post_init__(self) -> None:
        if not PATIENT_CODE.match(self.code):
            raise ModelError(
                "a patient code is 1-64 letters, digits, '.', '_' or '-' (a pseudonym, never a name)",
                self.code,
            )
        if not self.service.strip():
            raise ModelError("a patient needs the service that follows them", self.code)
        if self.service.strip() == "*":  # the name aggregates give to every service together
            raise ModelError("'*' is not a service name", self.code)


@dataclass(frozen=True, slots=True)
class Wave:
    """The wave of an interview: ``index`` 0 is the baseline, 1 the first follow-up, ..."""

    index: int
    label: str

    def __post_init__(self) -> None:
        if self.index < 0:
            raise ModelError("a wave index is 0 (baseline) or more")
        if not self.label.strip():
            raise ModelError("a wave needs a label")

    @classmethod
    def numbered(cls, index: int) -> Wave:
        """The conventional label: ``baseline``, ``follow-up 1``, ``follow-up 2``, ..."""
        return cls(index, "baseline" if index == 0 else f"follow-up {index}")


@dataclass(slots=True)
class Alter:
    """A person the patient named.  ``id`` stays the same across the waves of one patient."""

    id: UUID
    label: str
    generators: list[str] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    presence: AlterPresence = AlterPresence.PRESENT
    carried: bool = False
    """The alter comes from the previous wave (same id)."""
    confirmed: list[str] = field(default_factory=list)
    """Questions whose answer the patient confirmed unchanged from the previous wave ("same as
    before"), as opposed to answered anew; an answer changed afterwards leaves this list."""

    @property
    def active(self) -> bool:
        """In the network of this wave (not pending confirmation, not gone)."""
        return self.presence is AlterPresence.PRESENT


class TieSource(StrEnum):
    """Where the answer a tie stands for comes from, at this wave.

    ``asked``: ticked (or its strength given) in a person's checklist at this wave.
    ``group``: from a group answer at this wave ("these people all know each other").
    ``carried``: copied from the previous wave and not confirmed: its pair has not been asked
    at this wave (yet; a wave completed without the census keeps such ties, so they can be
    told from the ties the patient spoke of at this wave).
    ``confirmed``: copied from the previous wave and left as it was when its pair was asked
    at this wave (the checklist showed it ticked, "from last time", and was closed as it was).

    A carried tie turns ``confirmed`` when its pair is asked by a checklist, ``group`` when by
    a group answer, and ``asked`` when the clinician changes its strength or ticks it anew.
    A carried tie the patient says is over is removed: the pair is asked, without a tie.
    """

    ASKED = "asked"
    GROUP = "group"
    CARRIED = "carried"
    CONFIRMED = "confirmed"


@dataclass(slots=True)
class Tie:
    """Two alters who know each other; ``value`` is the tie strength answer, if asked."""

    a: UUID
    b: UUID
    value: Answer | None = None
    source: TieSource = TieSource.ASKED


@dataclass(frozen=True, slots=True)
class TieGroup:
    """A group answer of the tie census: the patient said these people all know each other.

    ``basis`` says how the group was chosen: ``relationship:<option>`` (everyone with that
    answer to the relationship question), ``generator:<id>`` (everyone named under that name
    generator) or ``marked`` (people marked one by one).  Every pair among ``members`` counts
    as asked from then on; the ties it made have source ``group``.
    """

    members: tuple[UUID, ...]
    basis: str
    _ids: frozenset[UUID] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ids", frozenset(self.members))
        if len(self._ids) != len(self.members) or len(self.members) < 2:
            raise ModelError("a group answer names two people or more, each once", self.basis)
        if not GROUP_BASIS.match(self.basis):
            raise ModelError("a group answer's basis is relationship:<option>, generator:<id> or marked", self.basis)

    def holds(self, a: UUID, b: UUID) -> bool:
        """Whether both ``a`` and ``b`` are in the group."""
        return a in self._ids and b in self._ids


@dataclass(slots=True)
class Interview:
    """One wave of one patient's network, as mapped with them."""

    id: UUID
    patient: Patient
    wave: Wave
    clinician: str
    protocol_id: str
    protocol_version: str
    language: str
    started_at: datetime
    status: InterviewStatus = InterviewStatus.IN_PROGRESS
    completed_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    previous_id: UUID | None = None
    alters: dict[UUID, Alter] = field(default_factory=dict)
    ties: dict[TieKey, Tie] = field(default_factory=dict)
    ego_answers: dict[str, Answer] = field(default_factory=dict)
    left_open: dict[str, int] = field(default_factory=dict)
    """What was still unanswered when the interview was completed anyway, by step (``alters``:
    answers, ``ties``: pairs, ``ego``: questions about the patient, ``last_plan``: goals of the
    previous wave not reviewed); empty when nothing was."""
    ties_reviewed: list[UUID] = field(default_factory=list)
    """Alters whose tie checklist is done: each pair is asked once, from its first alter done."""
    ties_pending: dict[UUID, list[UUID]] = field(default_factory=dict)
    """For an alter named (or confirmed) after the tie census began: the alters whose checklist was
    already done then, so the pairs with them were never asked; they are asked from this alter."""
    ties_groups: list[TieGroup] = field(default_factory=list)
    """The group answers of the tie census, in the order given: their pairs are asked."""
    plan: Plan = field(default_factory=Plan)
    """The support plan of this wave, and the review of the previous wave's (:mod:`egonet.model.plan`)."""

    # -- reading ---------------------------------------------------------------------------

    def alter(self, alter_id: UUID) -> Alter:
        try:
            return self.alters[alter_id]
        except KeyError:
            raise ModelError("no such alter in this interview", str(alter_id)) from None

    def active_alters(self) -> list[Alter]:
        """Alters in this wave's network, in the order they were named."""
        return [a for a in self.alters.values() if a.active]

    def active_ties(self) -> list[Tie]:
        """Ties whose two alters are both in this wave's network."""
        return [t for t in self.ties.values() if self.alters[t.a].active and self.alters[t.b].active]

    def tie(self, a: UUID, b: UUID) -> Tie | None:
        return self.ties.get(tie_key(a, b))

    # -- alters ----------------------------------------------------------------------------

    def add_alter(self, alter: Alter) -> Alter:
        if alter.id in self.alters:
            raise ModelError("an alter with this id is already in the interview", str(alter.id))
        alter.label = clean_label(alter.label)
        self.alters[alter.id] = alter
        return alter

    def rename_alter(self, alter_id: UUID, label: str) -> None:
        self.alter(alter_id).label = clean_label(label)

    def remove_alter(self, alter_id: UUID) -> Alter:
        """Remove an alter named by mistake, with its ties (use ``gone`` for a lost alter)."""
        alter = self.alter(alter_id)
        del self.alters[alter_id]
        self.ties = {k: t for k, t in self.ties.items() if alter_id not in k}
        self.ties_reviewed = [i for i in self.ties_reviewed if i != alter_id]
        self.ties_pending.pop(alter_id, None)
        self.ties_pending = {k: [i for i in v if i != alter_id] for k, v in self.ties_pending.items()}
        groups = [tuple(i for i in g.members if i != alter_id) for g in self.ties_groups]
        self.ties_groups = [TieGroup(m, g.basis) for m, g in zip(groups, self.ties_groups, strict=True) if len(m) > 1]
        self.plan.forget_alter(alter_id)
        return alter

    def merge_alters(self, keep_id: UUID, other_id: UUID) -> Alter:
        """Merge ``other`` into ``keep``: one person named twice.

        ``keep``'s answers win where both answered; ``other`` fills the rest.  Generators are
        united.  Ties of ``other`` move to ``keep`` (a tie that both had keeps ``keep``'s value,
        or ``other``'s if ``keep``'s had none); a tie between the two disappears.
        """
        if keep_id == other_id:
            raise ModelError("an alter cannot be merged with itself", str(keep_id))
        keep, other = self.alter(keep_id), self.alter(other_id)
        keep.generators += [g for g in other.generators if g not in keep.generators]
        keep.confirmed += [q for q in other.confirmed if q not in keep.answers]  # where other's answer is kept
        keep.answers = {**other.answers, **keep.answers}
        keep.carried = keep.carried or other.carried
        if AlterPresence.PRESENT in (keep.presence, other.presence):
            keep.presence = AlterPresence.PRESENT
        moved = [t for k, t in self.ties.items() if other_id in k]
        self.plan.forget_alter(other_id, instead=keep_id)
        pending = [*self.ties_pending.get(keep_id, []), *self.ties_pending.get(other_id, [])]
        self.remove_alter(other_id)
        if pending and keep_id not in self.ties_reviewed:
            self.ties_pending[keep_id] = [i for i in dict.fromkeys(pending) if i not in (keep_id, other_id)]
        for t in moved:
            third = t.b if t.a == other_id else t.a
            if third == keep_id:
                continue
            existing = self.ties.get(tie_key(keep_id, third))
            if existing is None:
                self.set_tie(keep_id, third, t.value, t.source)
            elif existing.value is None:
                existing.value = t.value
        return keep

    # -- ties ------------------------------------------------------------------------------

    def set_tie(self, a: UUID, b: UUID, value: Answer | None = None, source: TieSource = TieSource.ASKED) -> Tie:
        key = tie_key(a, b)
        self.alter(a), self.alter(b)
        tie = Tie(key[0], key[1], value, source)
        self.ties[key] = tie
        return tie

    def unset_tie(self, a: UUID, b: UUID) -> bool:
        """Remove the tie between ``a`` and ``b``; return whether there was one."""
        return self.ties.pop(tie_key(a, b), None) is not None

    def mark_ties_reviewed(self, alter_id: UUID) -> None:
        """This alter's checklist is closed: its pairs are asked, and the ties carried from the
        previous wave in them, left as they were, are ``confirmed``."""
        self.alter(alter_id)
        if alter_id not in self.ties_reviewed:
            self.ties_reviewed.append(alter_id)
        self.ties_pending.pop(alter_id, None)
        for key, tie in self.ties.items():
            if tie.source is TieSource.CARRIED and alter_id in key and self.pair_asked(*key):
                tie.source = TieSource.CONFIRMED

    def answer_group(self, members: tuple[UUID, ...], basis: str, value: Answer | None = None) -> int:
        """The patient says these people all know each other; return how many pairs it answered.

        Each pair among ``members`` not asked yet gets a tie of source ``group`` (with strength
        ``value``; a tie carried from the previous wave keeps its own strength; a tie ticked at
        this wave in a checklist not closed yet is kept as it is).  A pair already asked keeps
        its answer: a group answer never overwrites one; a correction is made in the checklist.
        The group is recorded, so all its pairs count as asked from then on.
        """
        group = TieGroup(tuple(members), basis)
        for end in members:
            self.alter(end)
        answered = 0
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if self.pair_asked(a, b):
                    continue
                answered += 1
                tie = self.tie(a, b)
                if tie is None:
                    self.set_tie(a, b, value, TieSource.GROUP)
                elif tie.source is TieSource.CARRIED:
                    tie.source = TieSource.GROUP
        self.ties_groups.append(group)
        return answered

    def mark_ties_pending(self, alter_id: UUID) -> None:
        """An alter joins the network after the tie census began: its pairs with the alters
        already done are still to be asked (from this alter's checklist)."""
        if self.ties_reviewed and alter_id not in self.ties_reviewed:
            done = [i for i in self.ties_reviewed if i != alter_id]
            self.ties_pending[alter_id] = list(dict.fromkeys([*self.ties_pending.get(alter_id, []), *done]))

    def pair_asked(self, a: UUID, b: UUID) -> bool:
        """Whether the tie census has asked about the pair ``a``-``b``: by a group answer with
        both in it, or by the checklist of one of them (closed before the other was named)."""
        if any(g.holds(a, b) for g in self.ties_groups):
            return True
        if b in self.ties_pending.get(a, ()) or a in self.ties_pending.get(b, ()):
            return False
        return a in self.ties_reviewed or b in self.ties_reviewed

    def check(self) -> None:
        """Raise :class:`ModelError` if an invariant does not hold (for data read from outside)."""
        for key, tie in self.ties.items():
            if tie.a == tie.b:
                raise ModelError("a tie joins an alter to itself", str(tie.a))
            if key != tie_key(tie.a, tie.b):
                raise ModelError("a tie is filed under the wrong pair", f"{tie.a}-{tie.b}")
            for end in key:
                if end not in self.alters:
                    raise ModelError("a tie names an alter that is not in the interview", str(end))
        named = [*self.ties_reviewed, *self.ties_pending, *(i for v in self.ties_pending.values() for i in v)]
        named += [i for g in self.ties_groups for i in g.members]
        for alter_id in named:
            if alter_id not in self.alters:
                raise ModelError("the tie census names an alter that is not in the interview", str(alter_id))
        self.plan.check(set(self.alters))
        if self.status is InterviewStatus.COMPLETED and self.completed_at is None:
            raise ModelError("a completed interview needs its completion time", str(self.id))
