"""A fixed patient for screenshots: a completed baseline and a follow-up under way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from egonet.model import Actor, Patient, Protocol
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


CROWD = [
    "Marie", "Jean", "Dr Martin", "Claire", "E", "Sofie", "Ahmed", "Lotte", "Karim", "Dr Peeters",
    "Elke", "Nora", "Bram", "Nadia", "Anne-Marie", "Thomas", "Inès", "Youssef", "Lucas", "Emma",
    "Nurse Elke", "Pieter", "Fatima", "Hugo", "Zoë", "Mohamed", "Julie", "Wout", "Sarah", "Dr Janssens",
    "Ilse", "Kevin", "Amira", "Lars", "Jo", "Mevr. Claes", "Ruben", "Hanne", "Bilal", "Tante Rita",
    "Nina", "Arne", "Lies", "Omar", "Greet", "Stijn", "Laura", "Koen", "Dounia", "Jef",
    "Mila", "Senne", "Evi", "Rik", "Ayoub", "Lore", "Tom", "Eline", "Dr Wouters", "An",
]  # fmt: skip
RELATIONS = ["partner", "family", "family", "friend", "friend", "neighbour", "colleague", "peer"]
PROFESSIONALS = ["health_professional", "social_professional"]


def crowd(store: Store, protocol: Protocol, clock: Callable[[], datetime], n: int = 40) -> InterviewSession:
    """A baseline of ``n`` people (up to 60) of every relationship and closeness, with a few ties, still naming."""
    session = start_baseline(store, Patient("P-777", "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    ids = []
    for k, name in enumerate(CROWD[:n]):
        alter = session.add_alter(name, "emotional")
        professional = name.startswith(("Dr ", "Nurse ", "Mevr. "))
        relation = PROFESSIONALS[k % 2] if professional else RELATIONS[k % len(RELATIONS)]
        session.answer_alter(alter.id, "relationship", relation)
        session.answer_alter(alter.id, "closeness", 1 + k % 3)
        ids.append(alter.id)
    for k in range(0, len(ids) - 3, 3):
        session.set_tie(ids[k], ids[k + 3], 1)
    store.save_place(session.interview.id, "naming:emotional")
    return session


# tie census: three clusters who all know each other, and a follow-up of carried people
CLUSTERS = {"family": 14, "friend": 13, "colleague": 13}


def clustered(
    store: Store,
    protocol: Protocol,
    clock: Callable[[], datetime],
    code: str = "P-040",
    sizes: dict[str, int] | None = None,
) -> InterviewSession:
    """A baseline of people in clusters by relationship (40 by default: 14 family, 13 friends,
    13 colleagues), named cluster by cluster, no tie yet; bookmarked at the tie census."""
    session = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    for relation, size in (sizes or CLUSTERS).items():
        for k in range(size):
            alter = session.add_alter(f"{relation.title()} {k + 1}", "emotional")
            session.answer_alter(alter.id, "relationship", relation)
    store.save_place(session.interview.id, "ties")
    return session


def carried_census(
    store: Store, protocol: Protocol, clock: Callable[[], datetime], code: str = "P-015", n: int = 15
) -> InterviewSession:
    """A follow-up of ``n`` people, all confirmed, whose baseline had a tie between each person and
    the next two (strength 1); bookmarked at the tie census, which is still to do."""
    first = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    ids = [first.add_alter(f"Person {k + 1}", "emotional").id for k in range(n)]
    for k, a in enumerate(ids):
        for b in ids[k + 1 : k + 3]:
            first.set_tie(a, b, 1)
    for a in ids:
        first.mark_ties_reviewed(a)
    first.complete()
    session = start_follow_up(store, code, "clin-1", clock=clock)
    for a in ids:
        session.confirm_alter(a)
    store.save_place(session.interview.id, "ties")
    return session


def planned(store: Store, protocol: Protocol, clock: Callable[[], datetime], code: str = "P-042") -> InterviewSession:
    """The baseline with a plan of two goals: see Marie and Jean more often, reconnect with Sofie."""
    session = baseline(store, protocol, clock, code)
    people = {a.label: a.id for a in session.interview.alters.values()}
    session.add_goal("see_more", people=[people["Marie"], people["Jean"]], review_on=date(2026, 4, 1), note="lunch")
    session.add_goal("reconnect", people=[people["Sofie"]], actor=Actor.CLINICIAN)
    return session


DIRECTORY = """id,kind,name,support,interests,languages,contact,description
walk,activity,Walking group,companionship,sport,en;nl,Mondays 10:00,
choir,activity,Community choir,companionship,music,en;fr,Thursdays 19:00,
voices,peer_support,Hearing voices group,emotional,,en,,
cpas,generic_social,CPAS welfare office,practical,,fr,,
"""
"""A service's directory of local resources (CSV, as the service writes it)."""


def sparse(store: Store, protocol: Protocol, clock: Callable[[], datetime], code: str = "P-050") -> InterviewSession:
    """A baseline of two people, a psychiatrist to talk to and a sister who helps, with the service's
    directory: prompts say nobody informal to talk to, and nobody for advice or free time."""
    session = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    doctor = session.add_alter("Dr Martin", "emotional")
    session.answer_alter(doctor.id, "relationship", "health_professional")
    anna = session.add_alter("Anna", "practical")
    session.answer_alter(anna.id, "relationship", "family")
    store.save_directory("CGG Leuven", DIRECTORY)
    return session
