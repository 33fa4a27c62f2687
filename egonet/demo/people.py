"""Drawing one synthetic alter: relationship, label, generators and answers.

The proportions follow published support networks of people using mental-health services
(small networks, about a third to a half professionals, family first among informal
supporters; e.g. Palumbo et al. 2015, Sweet et al. 2018).
"""

from __future__ import annotations

import uuid
from random import Random

from egonet.demo.names import FIRST_NAMES, SURNAMES
from egonet.model import Alter, Answer, Protocol

__all__ = ["FORMAL", "draw_alter", "draw_answers", "draw_generators", "draw_informal_relation", "new_id"]

FORMAL = ("health_professional", "social_professional")
INFORMAL_WEIGHTS = {"family": 45, "friend": 20, "peer": 12, "neighbour": 8, "colleague": 5, "other": 5}

PROFESSIONS = {
    "health_professional": {
        "psychiatrist": 25,
        "general_practitioner": 20,
        "psychologist": 15,
        "nurse": 25,
        "case_manager": 10,
        "peer_worker": 5,
    },
    "social_professional": {"social_worker": 45, "educator": 25, "case_manager": 20, "peer_worker": 10},
}
SETTINGS = {
    "psychiatrist": ("hospital", "outpatient", "mobile_team"),
    "general_practitioner": ("primary_care",),
    "psychologist": ("outpatient", "hospital", "mobile_team"),
    "nurse": ("mobile_team", "hospital", "outpatient"),
    "case_manager": ("mobile_team", "outpatient", "social_services"),
    "peer_worker": ("mobile_team", "day_centre", "housing"),
    "social_worker": ("social_services", "hospital", "housing"),
    "educator": ("housing", "day_centre"),
}
TITLES = {"psychiatrist": "Dr", "general_practitioner": "Dr", "psychologist": "Dr"}
ROLE_WORDS = {
    "nurse": "nurse",
    "case_manager": "case manager",
    "peer_worker": "peer worker",
    "social_worker": "social worker",
    "educator": "educator",
}

# Probability that an alter of this relation is named under each generator.
GENERATORS = {
    "partner": {"emotional": 0.9, "practical": 0.7, "informational": 0.3, "companionship": 0.7},
    "family": {"emotional": 0.6, "practical": 0.55, "informational": 0.25, "companionship": 0.3},
    "friend": {"emotional": 0.5, "practical": 0.15, "informational": 0.15, "companionship": 0.7},
    "peer": {"emotional": 0.35, "practical": 0.1, "informational": 0.2, "companionship": 0.7},
    "neighbour": {"emotional": 0.15, "practical": 0.55, "informational": 0.1, "companionship": 0.3},
    "colleague": {"emotional": 0.2, "practical": 0.1, "informational": 0.3, "companionship": 0.6},
    "other": {"emotional": 0.3, "practical": 0.3, "informational": 0.3, "companionship": 0.3},
    "formal": {"professional_care": 0.95, "informational": 0.5, "practical": 0.25, "emotional": 0.25},
}
FIRST_GENERATOR = {
    "partner": "emotional",
    "family": "emotional",
    "friend": "companionship",
    "peer": "companionship",
    "neighbour": "practical",
    "colleague": "companionship",
    "other": "emotional",
    "formal": "professional_care",
}

CLOSENESS = {"partner": (5, 20, 75), "family": (15, 35, 50), "friend": (25, 45, 30), "formal": (40, 45, 15)}
CONTACT = {"partner": (0, 5, 15, 80), "family": (15, 25, 40, 20), "formal": (20, 40, 35, 5), "friend": (20, 35, 35, 10)}
MISSING = 0.05
"""Share of answers left unanswered, as in real interviews."""


def new_id(rng: Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def draw_informal_relation(rng: Random) -> str:
    return _pick(rng, INFORMAL_WEIGHTS)


def _label(rng: Random, relation: str, profession: str | None, used: set[str]) -> str:
    for _ in range(20):
        if profession in TITLES:
            label = f"{TITLES[profession]} {rng.choice(SURNAMES)}"
        elif profession is not None:
            label = f"{rng.choice(FIRST_NAMES)} ({ROLE_WORDS[profession]})"
        else:
            label = rng.choice(FIRST_NAMES)
        if label not in used or rng.random() < 0.03:  # now and then two people share a first name
            break
    used.add(label)
    return label


def draw_answers(rng: Random, relation: str, profession: str | None, protocol: Protocol) -> dict[str, Answer]:
    """Answers to every applicable alter question of ``protocol`` (a few left missing)."""
    kind = "formal" if relation in FORMAL else relation
    base = kind if kind in CLOSENESS else "friend"
    drawn: dict[str, Answer] = {
        "relationship": relation,
        "gender": rng.choices(["woman", "man", "other", "unknown"], weights=[55, 42, 1, 2])[0],
        "closeness": rng.choices([1, 2, 3], weights=CLOSENESS[base])[0],
        "contact": rng.choices([1, 2, 3, 4], weights=CONTACT[kind if kind in CONTACT else "friend"])[0],
        "reciprocity": rng.random() < (0.05 if kind == "formal" else 0.5),
        "conflict": rng.random() < (0.2 if kind == "family" else 0.08),
    }
    if profession is not None:
        drawn["professional_type"] = profession
        drawn["setting"] = rng.choice(SETTINGS[profession])
    answers: dict[str, Answer] = {}
    for question in protocol.alter_questions:
        value = drawn.get(question.id)
        if value is None or not question.applies(answers):
            continue
        if rng.random() < (0.01 if question.id == "relationship" else MISSING):
            continue
        answers[question.id] = value
    return answers


def draw_generators(rng: Random, relation: str, protocol: Protocol) -> list[str]:
    kind = "formal" if relation in FORMAL else relation
    known = {g.id for g in protocol.name_generators}
    chosen = [g for g, p in GENERATORS[kind].items() if g in known and rng.random() < p]
    return chosen or [FIRST_GENERATOR[kind]]


def draw_alter(rng: Random, relation: str, protocol: Protocol, used_labels: set[str]) -> Alter:
    """A new alter of this relation, with a fresh id."""
    profession = _pick(rng, PROFESSIONS[relation]) if relation in FORMAL else None
    return Alter(
        new_id(rng),
        _label(rng, relation, profession, used_labels),
        draw_generators(rng, relation, protocol),
        draw_answers(rng, relation, profession, protocol),
    )
