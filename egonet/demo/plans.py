"""Support plans for synthetic patients: goals at baseline, their review at the follow-up.

About 80% of baselines get 1-4 goals whose kinds fit the network: few informal supporters,
meet new people (a peer group, an activity or an association of the service's directory); an
informal supporter seen rarely, see them more often; someone in conflict, less contact with
them; someone not named for practical help, ask them; no one from a kind of service, link with
one; now and then someone outside the network, reconnect.  The follow-up reviews each goal with
an outcome that follows what changed between the waves (a see_more goal whose person is seen
more often is more often done; a meet_people goal with new informal people in the network more
often done or partly) and carries about half of the goals not done into its own plan.

Drawn from a random stream of their own (:func:`plan_stream`), so the networks and answers the
generator makes for a seed are the same with or without plans.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from uuid import UUID

from egonet.demo.names import FIRST_NAMES
from egonet.demo.people import FORMAL, new_id
from egonet.model import Actor, Alter, AlterPresence, Directory, Goal, GoalReview, Interview, Outcome, Protocol

__all__ = ["draw_plan", "draw_review", "plan_stream"]

NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "see_more": (
            "Call on Sunday evenings.",
            "Coffee together once a week.",
            "Send a message after the appointment.",
        ),
        "meet_people": ("Go once with the nurse, then alone.", "Try it twice first.", "Ask about the timetable."),
        "less_stress": ("Keep visits short.", "Meet outside the flat.", "Say no to lending money."),
        "ask_support": (
            "Ask for help with the shopping.",
            "Ask for a lift to the appointment.",
            "Ask to look at the bills.",
        ),
        "link_service": ("Make the first appointment together.", "Bring the letters.", "Phone in the morning."),
        "reconnect": ("Write a card first.", "Look for the phone number.", "Ask the family for news."),
        "other": ("Talk about it next time.",),
        "review": ("Went better than expected.",),
    },
    "fr": {
        "see_more": (
            "Appeler le dimanche soir.",
            "Un café ensemble chaque semaine.",
            "Envoyer un message après le rendez-vous.",
        ),
        "meet_people": (
            "Y aller une fois avec l'infirmière, puis seul.",
            "Essayer deux fois d'abord.",
            "Demander l'horaire.",
        ),
        "less_stress": (
            "Garder les visites courtes.",
            "Se voir hors de l'appartement.",
            "Refuser de prêter de l'argent.",
        ),
        "ask_support": (
            "Demander de l'aide pour les courses.",
            "Demander d'être conduit au rendez-vous.",
            "Demander de regarder les factures.",
        ),
        "link_service": ("Prendre le premier rendez-vous ensemble.", "Apporter les lettres.", "Téléphoner le matin."),
        "reconnect": (
            "Écrire une carte d'abord.",
            "Chercher le numéro de téléphone.",
            "Demander des nouvelles à la famille.",
        ),
        "other": ("En reparler la prochaine fois.",),
        "review": ("Mieux que prévu.",),
    },
    "nl": {
        "see_more": ("Op zondagavond bellen.", "Elke week samen koffie drinken.", "Een bericht sturen na de afspraak."),
        "meet_people": (
            "Eén keer met de verpleegkundige gaan, dan alleen.",
            "Het eerst twee keer proberen.",
            "Naar het uurrooster vragen.",
        ),
        "less_stress": ("Bezoeken kort houden.", "Afspreken buiten het appartement.", "Nee zeggen tegen geld lenen."),
        "ask_support": (
            "Hulp vragen bij de boodschappen.",
            "Vragen om een lift naar de afspraak.",
            "Vragen om naar de rekeningen te kijken.",
        ),
        "link_service": ("De eerste afspraak samen maken.", "De brieven meebrengen.", "'s Ochtends bellen."),
        "reconnect": ("Eerst een kaartje schrijven.", "Het telefoonnummer zoeken.", "De familie om nieuws vragen."),
        "other": ("Er de volgende keer over praten.",),
        "review": ("Beter dan verwacht.",),
    },
}
"""Made-up notes, in the interview's language (a note is written in the language spoken)."""


def _notes(language: str, kind: str) -> tuple[str, ...]:
    notes = NOTES.get(language, NOTES["en"])
    return notes.get(kind, notes["other"])


WEIGHTS = {Outcome.DONE: 0, Outcome.PARTLY: 1, Outcome.NOT_DONE: 2, Outcome.NOT_RELEVANT: 3}


def plan_stream(seed: int) -> Random:
    """The plans' random stream for ``seed``, apart from the networks'."""
    return Random(f"egonet-demo-plans:{seed}")


def _informal(iv: Interview, relation: dict[UUID, str]) -> list[Alter]:
    return [a for a in iv.active_alters() if relation.get(a.id, "other") not in FORMAL]


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _candidates(
    rng: Random, iv: Interview, relation: dict[UUID, str], protocol: Protocol, directory: Directory | None
) -> list[Goal]:
    """Goals that fit this network, most fitting first."""
    kinds = {k.id: k for k in protocol.goal_kinds}
    generators = {g.id for g in protocol.name_generators}
    setting = protocol.alter_question_with_role("setting")
    services = [str(o.value) for o in setting.options] if setting is not None else []
    informal = _informal(iv, relation)
    found: list[Goal] = []

    def resource(kind: str, support: str | None) -> tuple[str | None, str | None]:
        fitting = directory.fitting(kinds[kind], support) if directory is not None else []
        if not fitting or rng.random() < 0.2:
            return None, None
        chosen = rng.choice(fitting[:3])
        return chosen.id, (rng.choice(chosen.interests) if chosen.interests else None)

    if "meet_people" in kinds and (len(informal) < 4 or rng.random() < 0.25):
        support = rng.choice([s for s in ("companionship", "emotional") if s in generators] or [None])
        resource_id, interest = resource("meet_people", support)
        found.append(Goal(new_id(rng), "meet_people", support=support, resource=resource_id, interest=interest))
    stress = [a for a in informal if a.answers.get("conflict") is True]
    calm = [a for a in informal if a not in stress]  # nobody is to be seen more and less at once
    rare = [a for a in calm if _number(a.answers.get("contact")) in (1, 2)]
    if "see_more" in kinds and rare:
        found.append(Goal(new_id(rng), "see_more", people=[rng.choice(rare).id]))
    if "less_stress" in kinds and stress:
        found.append(Goal(new_id(rng), "less_stress", people=[rng.choice(stress).id]))
    unasked = [a for a in calm if "practical" not in a.generators]
    if "ask_support" in kinds and "practical" in generators and unasked and rng.random() < 0.5:
        found.append(Goal(new_id(rng), "ask_support", people=[rng.choice(unasked).id], support="practical"))
    present = {a.answers.get("setting") for a in iv.active_alters()}
    missing = [s for s in services if s not in present and s in ("social_services", "day_centre", "primary_care")]
    if "link_service" in kinds and missing and rng.random() < 0.6:
        resource_id, _ = resource("link_service", None)
        actor = Actor.CLINICIAN if rng.random() < 0.6 else Actor.PATIENT
        found.append(Goal(new_id(rng), "link_service", service=rng.choice(missing), resource=resource_id, actor=actor))
    if "reconnect" in kinds and rng.random() < 0.2:
        found.append(Goal(new_id(rng), "reconnect", others=[rng.choice(FIRST_NAMES)]))
    for goal in found:
        if rng.random() < 0.1 and goal.actor is Actor.PATIENT:
            goal.actor = Actor.SOMEONE_ELSE
    return found


def _finish(rng: Random, goal: Goal, day: date, language: str) -> Goal:
    goal.review_on = day + timedelta(days=rng.randint(80, 100))
    if rng.random() < 0.7:
        goal.note = rng.choice(_notes(language, goal.kind))
    return goal


def draw_plan(
    rng: Random, iv: Interview, relation: dict[UUID, str], protocol: Protocol, directory: Directory | None
) -> None:
    """Give a baseline its plan (most baselines; none when the protocol has no goal kinds)."""
    if not protocol.goal_kinds or rng.random() >= 0.8:
        return
    candidates = _candidates(rng, iv, relation, protocol, directory)
    wanted = rng.choices([1, 2, 3, 4], weights=[30, 35, 25, 10])[0]
    iv.plan.goals = [_finish(rng, g, iv.started_at.date(), iv.language) for g in candidates[:wanted]]


def _chances(goal: Goal, before: Interview, after: Interview, relation: dict[UUID, str]) -> tuple[int, int, int, int]:
    """Weights of done, partly, not done, not relevant, from what changed between the waves."""
    new_informal = [a for a in _informal(after, relation) if not a.carried]
    if goal.kind in ("see_more", "less_stress", "ask_support"):
        person = after.alters.get(goal.people[0]) if goal.people else None
        earlier = before.alters.get(goal.people[0]) if goal.people else None
        if person is None or person.presence is AlterPresence.GONE:
            return {"see_more": (5, 10, 45, 40), "less_stress": (65, 15, 10, 10)}.get(goal.kind, (5, 5, 50, 40))
        change = _number(person.answers.get("contact")) - _number(earlier.answers.get("contact") if earlier else 0)
        if goal.kind == "see_more":
            return (60, 25, 12, 3) if change > 0 else (15, 30, 50, 5)
        if goal.kind == "less_stress":
            return (45, 35, 15, 5) if change < 0 else (10, 30, 50, 10)
        return (65, 20, 12, 3) if goal.support in person.generators else (10, 30, 55, 5)
    if goal.kind in ("meet_people", "reconnect"):
        return (50, 35, 12, 3) if new_informal else (8, 25, 55, 12)
    if goal.kind == "link_service":
        linked = any(a.answers.get("setting") == goal.service for a in after.active_alters() if not a.carried)
        return (70, 15, 10, 5) if linked else (20, 25, 45, 10)
    return 25, 25, 40, 10


def draw_review(
    rng: Random,
    before: Interview,
    after: Interview,
    relation: dict[UUID, str],
    protocol: Protocol,
    *,
    directory: Directory | None,
) -> None:
    """Give a follow-up its review of ``before``'s goals, the goals it carries on, and now and
    then a new one; an interview still in progress has reviewed only some."""
    goals = list(before.plan.goals)
    if not goals:
        if protocol.goal_kinds and rng.random() < 0.3:
            draw_plan(rng, after, relation, protocol, directory)
        return
    done = after.completed_at is not None
    day = after.started_at.date()
    here = {a.id for a in after.active_alters()}
    for goal in goals:
        if not done and rng.random() < 0.5:
            continue
        outcome = rng.choices(list(WEIGHTS), weights=_chances(goal, before, after, relation))[0]
        note = _notes(after.language, "review")[0] if outcome is Outcome.DONE and rng.random() < 0.3 else ""
        after.plan.reviews.append(GoalReview(goal.id, outcome, note))
        people = [p for p in goal.people if p in here]
        if outcome in (Outcome.PARTLY, Outcome.NOT_DONE) and rng.random() < 0.5 and (people or not goal.people):
            again = Goal(
                new_id(rng),
                goal.kind,
                people,
                list(goal.others),
                goal.support,
                goal.service,
                goal.resource,
                goal.interest,
                goal.actor,
                note=goal.note,
                carried_from=goal.id,
            )
            after.plan.goals.append(_finish(rng, again, day, after.language))
    if done and rng.random() < 0.3:
        carried = {g.kind for g in after.plan.goals}
        fresh = [g for g in _candidates(rng, after, relation, protocol, directory) if g.kind not in carried]
        after.plan.goals += [_finish(rng, g, day, after.language) for g in fresh[:1]]
