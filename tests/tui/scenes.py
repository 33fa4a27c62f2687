"""A fixed patient for screenshots: a completed baseline and a follow-up under way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from egonet.model import Patient, Protocol
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store

PEOPLE = [
    # name, generators, relationship, closeness
    ("Marie", ["emotional", "practical"], "partner", 3),
    ("Jean", ["emotional"], "family", 3),
    ("Sofie", ["companionship"], "friend", 2),
    ("Ahmed", ["practical"], "neighbour", 1),
    ("Lotte", ["companionship", "emotional"], "friend", 2),
    ("Karim", ["informational"], "peer", 1),
    ("Dr Peeters", ["professional_care", "informational"], "health_professional", 2),
    ("Elke", ["professional_care"], "social_professional", 1),
]
TIES = [("Marie", "Jean"), ("Marie", "Sofie"), ("Jean", "Sofie"), ("Sofie", "Lotte"), ("Dr Peeters", "Elke")]


def baseline(store: Store, protocol: Protocol, clock: Callable[[], datetime], code: str = "P-042") -> InterviewSession:
    session = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    ids = {}
    for name, generators, relationship, closeness in PEOPLE:
        alter = session.add_alter(name, generators[0])
        for generator in generators[1:]:
            session.add_generator(alter.id, generator)
        session.answer_alter(alter.id, "relationship", relationship)
        session.answer_alter(alter.id, "closeness", closeness)
        ids[name] = alter.id
    session.answer_alter(ids["Dr Peeters"], "professional_type", "psychiatrist")
    for a, b in TIES:
        session.set_tie(ids[a], ids[b], 1)
    for alter in session.interview.active_alters():
        session.mark_ties_reviewed(alter.id)
    session.answer_ego("satisfaction", 4)
    return session


def follow_up(store: Store, protocol: Protocol, clock: Callable[[], datetime], code: str = "P-042") -> InterviewSession:
    """The baseline completed; at the follow-up Ahmed and Karim are gone and Nora is new."""
    first = baseline(store, protocol, clock, code)
    first.complete()
    session = start_follow_up(store, code, "clin-1", clock=clock)
    for alter in list(session.interview.alters.values()):
        if alter.label in ("Ahmed", "Karim"):
            session.mark_gone(alter.id)
        else:
            session.confirm_alter(alter.id)
    nora = session.add_alter("Nora", "companionship")
    session.answer_alter(nora.id, "relationship", "friend")
    session.answer_alter(nora.id, "closeness", 2)
    for alter in session.interview.active_alters():
        if alter.label in ("Sofie", "Lotte"):
            session.set_tie(nora.id, alter.id, 2)
    return session
