"""Synthetic patients over two waves, for trying Egonet out and for tests and benchmarks.

Deterministic for a given seed (no clock, ids drawn from the seeded generator).  Networks have
5-25 alters (median about 11), a third to a half professionals, about one patient in ten with
no informal supporter, and ties drawn by blocks (family members know each other, professionals
of the same setting know each other, the groups rarely meet), so networks are often split into
several components.  About 85% of patients have a follow-up 6-12 months later in which about
a fifth of the alters are gone and 0-5 new ones, more often informal, were named.  Most
baselines have a support plan, reviewed at the follow-up (:mod:`egonet.demo.plans`), its
resources from the service's directory (:mod:`egonet.demo.resources`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from random import Random
from uuid import UUID

from egonet.demo.names import SERVICES, WISHES
from egonet.demo.people import FORMAL, draw_alter, draw_answers, draw_generators, draw_informal_relation, new_id
from egonet.demo.plans import draw_plan, draw_review, plan_stream
from egonet.model import Alter, AlterPresence, Answer, Interview, InterviewStatus, Patient, Protocol, Wave

__all__ = ["generate_demo"]

FIRST_DAY = datetime(2025, 1, 1, tzinfo=UTC)
SAME_GROUP = {
    "family": 0.8,
    "partner": 0.8,
    "friend": 0.5,
    "peer": 0.4,
    "neighbour": 0.3,
    "colleague": 0.6,
    "other": 0.2,
}


def _group(relation: str, alter: Alter) -> str:
    if relation in FORMAL:
        return f"setting:{alter.answers.get('setting', 'unknown')}"
    return "family" if relation == "partner" else relation


def _tie_probability(rel_a: str, rel_b: str, group_a: str, group_b: str) -> float:
    formal_a, formal_b = rel_a in FORMAL, rel_b in FORMAL
    if formal_a and formal_b:
        return 0.8 if group_a == group_b else 0.15
    if formal_a != formal_b:
        return 0.1 if "family" in (group_a, group_b) else 0.05
    if group_a == group_b:
        return SAME_GROUP.get(rel_a, 0.3)
    return 0.15 if "family" in (group_a, group_b) else 0.05


def _tie_value(rng: Random, probability: float) -> Answer | None:
    if rng.random() < 0.1:
        return None
    return 2 if rng.random() < probability else 1


class _Patient:
    """One synthetic patient being drawn: the relation of each alter, kept beside the interview."""

    def __init__(self, rng: Random, protocol: Protocol, number: int, width: int) -> None:
        self.rng, self.protocol = rng, protocol
        self.service, town = SERVICES[(number - 1) % len(SERVICES)]
        self.clinicians = [f"clin-{town}-{k}" for k in range(1, rng.randint(2, 3) + 1)]
        self.patient = Patient(f"DEMO-{number:0{width}d}", self.service)
        self.relation: dict[UUID, str] = {}
        self.labels: set[str] = set()

    def add(self, iv: Interview, relation: str) -> Alter:
        alter = iv.add_alter(draw_alter(self.rng, relation, self.protocol, self.labels))
        self.relation[alter.id] = relation
        return alter

    def maybe_tie(self, iv: Interview, a: Alter, b: Alter, scale: float = 1.0) -> None:
        ra, rb = self.relation[a.id], self.relation[b.id]
        p = _tie_probability(ra, rb, _group(ra, a), _group(rb, b)) * scale
        if self.rng.random() < p:
            iv.set_tie(a.id, b.id, _tie_value(self.rng, p))

    def ego_answers(self, previous: dict[str, Answer] | None) -> dict[str, Answer]:
        rng = self.rng
        gender: Answer
        living: Answer
        if previous is None:
            satisfaction = round(rng.gauss(3.6, 1.3))
            gender = rng.choices(["woman", "man", "other", "prefer_not"], weights=[45, 52, 2, 1])[0]
            living = rng.choices(
                ["alone", "with_partner", "with_family", "shared", "institution", "homeless", "other"],
                weights=[40, 12, 20, 15, 8, 3, 2],
            )[0]
        else:
            satisfaction = int(previous.get("satisfaction", 4)) + round(rng.gauss(0.4, 1.1))
            gender = previous.get("gender", "prefer_not")
            living = previous.get("living_situation", "alone") if rng.random() < 0.85 else "shared"
        answers: dict[str, Answer] = {
            "satisfaction": min(7, max(1, satisfaction)),
            "gender": gender,
            "living_situation": living,
        }
        if rng.random() < 0.3:
            answers["wish_for_change"] = rng.choice(WISHES)
        known = {q.id for q in self.protocol.ego_questions}
        return {k: v for k, v in answers.items() if k in known}


def _times(rng: Random, start: datetime) -> tuple[datetime, datetime]:
    begin = start.replace(hour=rng.randint(9, 16), minute=rng.choice((0, 15, 30, 45)))
    return begin, begin + timedelta(minutes=rng.randint(35, 75))


def _baseline(p: _Patient) -> Interview:
    rng = p.rng
    size = min(25, max(5, round(rng.lognormvariate(math.log(11), 0.4))))
    n_formal = max(1, round(size * rng.betavariate(3.5, 5.5)))
    if rng.random() < 0.1:
        n_formal = size  # no informal supporter at all
    started, completed = _times(rng, FIRST_DAY + timedelta(days=rng.randint(0, 364)))
    iv = Interview(
        new_id(rng),
        p.patient,
        Wave.numbered(0),
        rng.choice(p.clinicians),
        p.protocol.id,
        p.protocol.version,
        rng.choices(["fr", "nl", "en"], weights=[45, 45, 10])[0],
        started,
        InterviewStatus.COMPLETED,
        completed,
        completed,
        revision=1,
        ego_answers=p.ego_answers(None),
    )
    partner = n_formal < size and rng.random() < 0.25
    relations = (["partner"] if partner else []) + [
        draw_informal_relation(rng) for _ in range(size - n_formal - partner)
    ]
    relations += [rng.choices(FORMAL, weights=[70, 30])[0] for _ in range(n_formal)]
    alters = [p.add(iv, relation) for relation in relations]
    for a, b in itertools.combinations(alters, 2):
        p.maybe_tie(iv, a, b)
    iv.ties_reviewed = [a.id for a in alters]
    return iv


def _follow_up(p: _Patient, base: Interview) -> Interview:
    rng = p.rng
    started, completed = _times(rng, base.started_at + timedelta(days=rng.randint(180, 365)))
    done = rng.random() >= 0.05
    clinician = base.clinician if rng.random() < 0.8 else rng.choice(p.clinicians)
    iv = Interview(
        new_id(rng),
        p.patient,
        Wave.numbered(1),
        clinician,
        base.protocol_id,
        base.protocol_version,
        base.language,
        started,
        InterviewStatus.COMPLETED if done else InterviewStatus.IN_PROGRESS,
        completed if done else None,
        completed,
        revision=1,
        previous_id=base.id,
        ego_answers=p.ego_answers(base.ego_answers),
    )
    carried = {q.id for q in p.protocol.alter_questions if q.carry_forward}
    for old in base.active_alters():
        relation = p.relation[old.id]
        kept = rng.random() < (0.7 if relation in FORMAL else 0.82)
        presence = AlterPresence.PRESENT if kept else AlterPresence.GONE
        if not done and rng.random() < 0.3:
            presence = AlterPresence.PENDING
        answers = {k: v for k, v in old.answers.items() if k in carried}
        generators = list(old.generators)
        if presence is AlterPresence.PRESENT:
            profession = answers.get("professional_type")
            fresh = draw_answers(rng, relation, profession if isinstance(profession, str) else None, p.protocol)
            answers |= {k: v for k, v in fresh.items() if k not in carried}
            if rng.random() < 0.2:
                generators = draw_generators(rng, relation, p.protocol)
        iv.add_alter(Alter(old.id, old.label, generators, answers, presence, carried=True))
    for (x, y), tie in base.ties.items():
        if x in iv.alters and y in iv.alters and rng.random() < 0.9:
            iv.set_tie(x, y, tie.value)
    kept_alters = [a for a in iv.alters.values() if a.presence is not AlterPresence.GONE]
    for a, b in itertools.combinations(kept_alters, 2):
        if iv.tie(a.id, b.id) is None:
            p.maybe_tie(iv, a, b, scale=0.2)
    gained = rng.choices(range(6), weights=[20, 25, 25, 15, 10, 5])[0]
    for _ in range(gained):
        relation = draw_informal_relation(rng) if rng.random() < 0.7 else rng.choice(FORMAL)
        new = p.add(iv, relation)
        for other in kept_alters:
            p.maybe_tie(iv, new, other)
        kept_alters.append(new)
    if done:
        iv.ties_reviewed = [a.id for a in iv.active_alters()]
    return iv


def generate_demo(patients: int, seed: int, protocol: Protocol, *, plans: bool = True) -> Iterator[Interview]:
    """Synthetic interviews of ``patients`` patients, baseline then follow-up, revision 1 each;
    ``plans``: with support plans, drawn from a stream of their own (the networks are the same
    without)."""
    from egonet.demo.resources import demo_directories  # noqa: PLC0415  (a cached table, read once)

    rng, planning = Random(seed), plan_stream(seed)
    directories = demo_directories()
    width = max(3, len(str(patients)))
    for number in range(1, patients + 1):
        patient = _Patient(rng, protocol, number, width)
        base = _baseline(patient)
        directory = directories.get(patient.service)
        if plans:
            draw_plan(planning, base, patient.relation, protocol, directory)
        yield base
        if number == 1 or rng.random() < 0.85:  # the first patient always has one, to show a change
            follow = _follow_up(patient, base)
            if plans:
                draw_review(planning, base, follow, patient.relation, protocol, directory=directory)
            yield follow
