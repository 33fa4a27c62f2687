"""The previous wave's goals related to what changed in the network by this wave.

For each goal of ``previous.plan.goals``, :func:`goal_outcomes` tells what moved, according to
what its kind expects (:attr:`~egonet.model.GoalKind.expect`), with facts per person.  The
network of a wave is its alters with ``presence == present``; a person is *new* when their id
was not in the previous wave (named at this wave, not carried).  ``moved`` is whether the
network moved the way the goal expects, ``None`` when the goal's kind expects nothing or there
is nothing to tell (no fact):

``in_network``
    Each person the goal names (by alter id) is ``still_in_network``, ``now_in_network`` (not in
    the previous wave's network, in this one) or ``not_in_network``.  A person not carried into
    this wave (they were gone then), and each person outside the network named by first name
    (``goal.others``), is looked for among the new people: same label, or same first word, case,
    accents and spacing ignored.  Moved: someone is ``now_in_network``.
``more_contact`` / ``less_contact``
    The answer to the alter question with role ``contact``, before and after: ``contact_up``,
    ``contact_down``, ``contact_same`` (or ``contact_unknown`` when either is missing).  The
    options are ranked as the protocol lists them, from least to most often (the built-in
    protocol: less than once a month, every month, every week, (almost) every day).  A person
    marked gone, or not in this wave at all, is ``gone``; one not confirmed yet is
    ``not_in_network``.  Moved: someone's contact went up (more), or down or gone (less).
``gives_support``
    Each person the goal names is named under the goal's ``support`` generator at this wave
    (``gives_support``) or not (``no_support``), or is ``gone``.  Moved: someone gives it.
``new_people``
    How many new people are in the network (``new_people``) and, when the goal names a support,
    how many of them are named under that generator (``new_people_support``).  Moved: that
    count (or, without a support, the first) is above 0.
``service_linked``
    How many people of the network answer the goal's ``service`` to the question with role
    ``setting``, before and after (``service_linked`` when someone now does, else ``no_service``).
    Moved: more of them now than before.
``none``
    No fact.

A fact's ``label`` is the person's label (identifying): for the patient's own report, never an
aggregate or an export.  Pure Python on the interviews.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

from egonet.analysis.prompts import local_text, plan_words
from egonet.errors import UsageError
from egonet.model import Alter, AlterPresence, Answer, Goal, GoalReview, Interview, Protocol, Question

__all__ = ["FACTS", "GoalChange", "GoalFact", "fact_text", "goal_outcomes"]

FACTS = (
    "now_in_network",
    "still_in_network",
    "not_in_network",
    "contact_up",
    "contact_down",
    "contact_same",
    "contact_unknown",
    "gone",
    "gives_support",
    "no_support",
    "new_people",
    "new_people_support",
    "service_linked",
    "no_service",
)
"""Every kind of fact (:attr:`GoalFact.what`)."""


@dataclass(frozen=True, slots=True)
class GoalFact:
    """One thing that changed (or did not) for a goal; see the module's docstring for ``what``."""

    what: str
    person: UUID | None = None
    label: str | None = None
    """The person's label (identifying: only for the patient's own report, never aggregates)."""
    before: int | str | None = None
    """The previous wave's contact answer, or count (``service_linked``)."""
    after: int | str | None = None
    count: int | None = None
    support: str | None = None
    """The name generator the fact is about (``gives_support``, ``no_support``, ``new_people_support``)."""
    service: str | None = None
    """The ``setting`` option the fact is about (``service_linked``, ``no_service``)."""


@dataclass(frozen=True, slots=True)
class GoalChange:
    """A goal of the previous wave, its review at this wave, and what moved."""

    goal: Goal
    review: GoalReview | None
    moved: bool | None
    facts: tuple[GoalFact, ...]


_Rule = Callable[[Goal, Interview, Interview, Protocol], tuple[list[GoalFact], bool]]


def goal_outcomes(previous: Interview, current: Interview, protocol: Protocol) -> list[GoalChange]:
    """What moved by ``current`` for each goal of ``previous`` (the same patient's earlier wave)."""
    if previous.patient.code != current.patient.code:
        raise UsageError("goals are followed across two waves of the same patient", current.patient.code)
    if previous.wave.index >= current.wave.index:
        raise UsageError("the wave that set the goals must come first", current.patient.code)
    out = []
    for goal in previous.plan.goals:
        kind = next((k for k in protocol.goal_kinds if k.id == goal.kind), None)
        rule = _RULES.get(kind.expect if kind is not None else "none")
        facts, moved = rule(goal, previous, current, protocol) if rule is not None else ([], False)
        out.append(GoalChange(goal, current.plan.review_of(goal.id), moved if facts else None, tuple(facts)))
    return out


def _fold(text: str) -> str:
    """``"  Zoë  DE Smet"`` -> ``"zoe de smet"`` (as the session matches labels: analysis has its own)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _new(previous: Interview, current: Interview) -> list[Alter]:
    return [a for a in current.active_alters() if not a.carried and a.id not in previous.alters]


def _match(name: str, alters: Iterable[Alter], used: set[UUID]) -> Alter | None:
    """The first alter not ``used`` with the same label, else the same first word, folded."""
    key, pool = _fold(name), [a for a in alters if a.id not in used]
    same = next((a for a in pool if _fold(a.label) == key), None)
    first = next((a for a in pool if key and _fold(a.label).split()[:1] == key.split()[:1]), None)
    found = same or first
    if found is not None:
        used.add(found.id)
    return found


def _in_network(goal: Goal, previous: Interview, current: Interview, protocol: Protocol) -> tuple[list[GoalFact], bool]:
    before = {a.id for a in previous.active_alters()}
    new, used, facts = _new(previous, current), set[UUID](), []
    for person in goal.people:
        alter = current.alters.get(person)
        earlier = previous.alters.get(person)
        if alter is None and earlier is not None:  # not carried: maybe named again, as someone new
            alter = _match(earlier.label, new, used)
        if alter is not None and alter.active:
            what = "still_in_network" if alter.id in before else "now_in_network"
            facts.append(GoalFact(what, alter.id, alter.label))
        else:
            known = alter or earlier
            facts.append(GoalFact("not_in_network", person, known.label if known is not None else None))
    for other in goal.others:
        found = _match(other, new, used)
        facts.append(
            GoalFact("now_in_network", found.id, found.label) if found else GoalFact("not_in_network", None, other)
        )
    return facts, any(f.what == "now_in_network" for f in facts)


def _value(answer: Answer | None) -> int | str | None:
    return answer if isinstance(answer, int | str) and not isinstance(answer, bool) else None


def _rank(question: Question | None, value: int | str | None) -> int | None:
    if question is None or value is None:
        return None
    option = question.option(value)
    return question.options.index(option) if option is not None else None


def _contact_facts(goal: Goal, previous: Interview, current: Interview, protocol: Protocol) -> list[GoalFact]:
    question = protocol.alter_question_with_role("contact")
    facts = []
    for person in goal.people:
        alter, earlier = current.alters.get(person), previous.alters.get(person)
        label = alter.label if alter is not None else earlier.label if earlier is not None else None
        before = _value(earlier.answers.get(question.id)) if earlier is not None and question is not None else None
        if alter is None or alter.presence is AlterPresence.GONE:
            facts.append(GoalFact("gone", person, label, before))
            continue
        if not alter.active:
            facts.append(GoalFact("not_in_network", person, label, before))
            continue
        after = _value(alter.answers.get(question.id)) if question is not None else None
        was, now = _rank(question, before), _rank(question, after)
        what = (
            "contact_unknown"
            if was is None or now is None
            else "contact_up"
            if now > was
            else "contact_down"
            if now < was
            else "contact_same"
        )
        facts.append(GoalFact(what, person, label, before, after))
    return facts


def _more_contact(
    goal: Goal, previous: Interview, current: Interview, protocol: Protocol
) -> tuple[list[GoalFact], bool]:
    facts = _contact_facts(goal, previous, current, protocol)
    return facts, any(f.what == "contact_up" for f in facts)


def _less_contact(
    goal: Goal, previous: Interview, current: Interview, protocol: Protocol
) -> tuple[list[GoalFact], bool]:
    facts = _contact_facts(goal, previous, current, protocol)
    return facts, any(f.what in ("contact_down", "gone") for f in facts)


def _gives_support(
    goal: Goal, previous: Interview, current: Interview, protocol: Protocol
) -> tuple[list[GoalFact], bool]:
    if goal.support is None:
        return [], False
    facts = []
    for person in goal.people:
        alter, earlier = current.alters.get(person), previous.alters.get(person)
        label = alter.label if alter is not None else earlier.label if earlier is not None else None
        if alter is None or alter.presence is AlterPresence.GONE:
            facts.append(GoalFact("gone", person, label, support=goal.support))
        elif not alter.active:
            facts.append(GoalFact("not_in_network", person, label, support=goal.support))
        else:
            what = "gives_support" if goal.support in alter.generators else "no_support"
            facts.append(GoalFact(what, person, label, support=goal.support))
    return facts, any(f.what == "gives_support" for f in facts)


def _new_people(goal: Goal, previous: Interview, current: Interview, protocol: Protocol) -> tuple[list[GoalFact], bool]:
    new = _new(previous, current)
    facts = [GoalFact("new_people", count=len(new))]
    if goal.support is None:
        return facts, bool(new)
    under = sum(goal.support in a.generators for a in new)
    facts.append(GoalFact("new_people_support", count=under, support=goal.support))
    return facts, under > 0


def _service_linked(
    goal: Goal, previous: Interview, current: Interview, protocol: Protocol
) -> tuple[list[GoalFact], bool]:
    question = protocol.alter_question_with_role("setting")
    if question is None or goal.service is None:
        return [], False
    before, after = (
        sum(a.answers.get(question.id) == goal.service for a in iv.active_alters()) for iv in (previous, current)
    )
    what = "service_linked" if after else "no_service"
    return [GoalFact(what, before=before, after=after, count=after, service=goal.service)], after > before


_RULES: dict[str, _Rule] = {
    "in_network": _in_network,
    "more_contact": _more_contact,
    "less_contact": _less_contact,
    "gives_support": _gives_support,
    "new_people": _new_people,
    "service_linked": _service_linked,
}


def fact_text(fact: GoalFact, protocol: Protocol, language: str) -> str:
    """``fact`` in plain words in ``language``: "Anna: more contact than before (now: Every week;
    before: Every month)".  Contact answers are shown by their option's label."""
    words = plan_words(language)
    common = words.words
    contact = protocol.alter_question_with_role("contact")

    def shown(value: int | str | None) -> str:
        if value is None:
            return common["unknown"]
        option = contact.option(value) if contact is not None and fact.what.startswith("contact") else None
        return local_text(option.label, protocol, language, str(value)) if option is not None else str(value)

    support = ""
    if fact.support is not None:
        support = local_text(protocol.generator(fact.support).short, protocol, language, fact.support)
    service = fact.service or ""
    setting = protocol.alter_question_with_role("setting")
    option = setting.option(fact.service) if setting is not None and fact.service is not None else None
    if option is not None:
        service = local_text(option.label, protocol, language, fact.service or "")
    values = {
        "label": fact.label or common["someone"],
        "before": shown(fact.before),
        "after": shown(fact.after),
        "count": fact.count if fact.count is not None else 0,
        "support": support,
        "service": service,
    }
    return words.facts[fact.what].format_map(values)
