"""Prompts for the support plan, from the network's shape: suggestions, never decisions.

Each prompt has a stable id (the session records the prompts shown, :class:`~egonet.model.Suggested`)
and the figures behind it.  Alters are those in the wave's network (``presence == present``);
ties are ties among them, ego excluded.  The five prompts, in the order :func:`prompts` gives them:

``no_informal_talk``
    Nobody to talk to who is not a professional: no alter is named under a name generator of
    support type ``emotional`` unless their answer to the ``relationship`` question is a formal
    option (an unanswered relationship counts as informal, so the prompt never rests on a
    missing answer).  Threshold: no such alter (0).  Not given when the protocol has no
    emotional name generator.  Suggests ``meet_people`` (else ``reconnect``).
``one_closed_group``
    Every supporter in one group that does not know the rest: the alters' network has two
    components or more, the largest holds at least :data:`CLOSED_GROUP_SHARE` (80%) of the
    alters, and every other alter is an isolate (knows none of the other alters).  With 80%,
    this needs 5 alters or more (:data:`CLOSED_GROUP_MINIMUM`: 4 in a group and 1 alone).
    Suggests ``meet_people``.
``broker``
    One person holding the network together: an alter whose removal splits their component of
    the alters' network (an articulation point, Hopcroft and Tarjan 1973) and leaves at least
    :data:`BROKER_CUT_OFF` (2) other alters cut off from the largest remaining part.  One prompt
    names every such alter (``people``, in the order named).  Suggests ``see_more``.
``support_missing``
    A kind of support the protocol asks (a name generator) under which nobody in the network
    is named; one prompt per such generator (``support``; they share the id, and the session
    records a prompt id once).  Generators of support type ``professional_care`` are left out:
    the plan asks people of the network for support, and linking with a service is a goal of
    its own (``link_service``).  Suggests ``ask_support``.
``smaller_network``
    With the previous wave, fewer alters now than then by at least :data:`SMALLER_SHARE` (20%)
    of the previous number (5 -> 4 counts, 10 -> 9 does not; always at least one fewer).
    Suggests ``reconnect``.

``one_closed_group`` and ``broker`` need the whole tie census: they are not given when a pair
of alters was not asked whether they know each other.

References
----------
- Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
  manipulation. *Communications of the ACM*, 16(6), 372-378.
- Perry, B. L., Pescosolido, B. A., & Borgatti, S. P. (2018). *Egocentric Network Analysis:
  Foundations, Methods, and Models*. Cambridge: Cambridge University Press.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib.resources import files
from uuid import UUID

from egonet.analysis.definitions import LANGUAGES
from egonet.analysis.measures import tie_census_complete
from egonet.errors import UsageError
from egonet.model import PROMPT_IDS, Interview, Protocol, Text

__all__ = [
    "BROKER_CUT_OFF",
    "CLOSED_GROUP_MINIMUM",
    "CLOSED_GROUP_SHARE",
    "PROMPT_IDS",
    "SMALLER_SHARE",
    "PlanWords",
    "Prompt",
    "label_of",
    "local_text",
    "plan_words",
    "prompt_text",
    "prompts",
]

# PROMPT_IDS (the prompts' stable ids, in the order given) is the model's vocabulary: egonet.model.plan
"""Every prompt id, in the order :func:`prompts` gives them (stable: the session records them)."""

CLOSED_GROUP_SHARE = Fraction(4, 5)
"""``one_closed_group`` when the largest component holds at least this share of the alters."""
CLOSED_GROUP_MINIMUM = math.ceil(1 / (1 - CLOSED_GROUP_SHARE))
"""The fewest alters ``one_closed_group`` can be given for (``n - 1`` in the group, one isolate)."""
BROKER_CUT_OFF = 2
"""``broker`` when removing the alter cuts at least this many others off the largest part."""
SMALLER_SHARE = Fraction(1, 5)
"""``smaller_network`` when the network lost at least this share of the previous wave's alters."""

_THRESHOLDS = {
    "closed_share": int(CLOSED_GROUP_SHARE * 100),
    "closed_minimum": CLOSED_GROUP_MINIMUM,
    "broker_cut_off": BROKER_CUT_OFF,
    "smaller_share": int(SMALLER_SHARE * 100),
}


@dataclass(frozen=True, slots=True)
class Prompt:
    """A suggestion from the network's shape (see the module's docstring for each ``id``)."""

    id: str
    kind: str | None
    """The goal kind it suggests, if the protocol has it."""
    people: tuple[UUID, ...] = ()
    """Alters it concerns (the brokers)."""
    support: str | None = None
    """A name generator id (``support_missing``)."""
    figures: Mapping[str, int | float] = field(default_factory=dict, hash=False)
    """The numbers behind it."""


def prompts(interview: Interview, protocol: Protocol, previous: Interview | None = None) -> list[Prompt]:
    """The prompts of one wave (and the change from ``previous``, the same patient's earlier wave)."""
    if previous is not None and previous.patient.code != interview.patient.code:
        raise UsageError("prompts compare two waves of the same patient", interview.patient.code)
    found = [*_no_informal_talk(interview, protocol)]
    if tie_census_complete(interview):
        neighbours = _neighbours(interview)
        found += _one_closed_group(neighbours, protocol) + _brokers(neighbours, protocol)
    found += _support_missing(interview, protocol)
    if previous is not None:
        found += _smaller_network(previous, interview, protocol)
    return found


def _kind(protocol: Protocol, *preferred: str) -> str | None:
    offered = {k.id for k in protocol.goal_kinds}
    return next((k for k in preferred if k in offered), None)


def _no_informal_talk(interview: Interview, protocol: Protocol) -> list[Prompt]:
    talk = {g.id for g in protocol.name_generators if g.support_type == "emotional"}
    if not talk:
        return []
    relationship = protocol.alter_question_with_role("relationship")
    named = [a for a in interview.active_alters() if talk & set(a.generators)]
    informal = 0
    for alter in named:
        answer = alter.answers.get(relationship.id) if relationship is not None else None
        option = relationship.option(answer) if relationship is not None and answer is not None else None
        informal += not (option is not None and option.formal)
    if informal:
        return []
    figures = {"informal_talk": informal, "talk": len(named)}
    return [Prompt("no_informal_talk", _kind(protocol, "meet_people", "reconnect"), figures=figures)]


def _neighbours(interview: Interview) -> dict[UUID, set[UUID]]:
    """The alters' network: each alter in the wave's network and the alters they know (ordered as named)."""
    out: dict[UUID, set[UUID]] = {a.id: set() for a in interview.active_alters()}
    for tie in interview.active_ties():
        out[tie.a].add(tie.b)
        out[tie.b].add(tie.a)
    return out


def _parts(neighbours: Mapping[UUID, set[UUID]], without: UUID | None = None) -> list[set[UUID]]:
    """Connected components of the alters' network, without the alter ``without``."""
    seen: set[UUID] = {without} if without is not None else set()
    parts = []
    for start in neighbours:
        if start in seen:
            continue
        part, stack = {start}, [start]
        seen.add(start)
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    part.add(other)
                    stack.append(other)
        parts.append(part)
    return parts


def _one_closed_group(neighbours: Mapping[UUID, set[UUID]], protocol: Protocol) -> list[Prompt]:
    n = len(neighbours)
    parts = _parts(neighbours)
    if len(parts) < 2:
        return []
    largest = max(len(p) for p in parts)
    if Fraction(largest, n) < CLOSED_GROUP_SHARE or len(parts) - 1 != n - largest:  # the others: isolates
        return []
    figures = {"alters": n, "largest_group": largest, "outside": n - largest}
    return [Prompt("one_closed_group", _kind(protocol, "meet_people"), figures=figures)]


def _brokers(neighbours: Mapping[UUID, set[UUID]], protocol: Protocol) -> list[Prompt]:
    component = {alter: part for part in _parts(neighbours) for alter in part}
    brokers, most = [], 0
    for alter, known in neighbours.items():
        if len(known) < 2:
            continue  # removing an alter with fewer than two ties splits nothing
        around = {a: b for a, b in neighbours.items() if a in component[alter]}
        pieces = _parts(around, without=alter)
        cut_off = len(component[alter]) - 1 - max(len(p) for p in pieces)
        if len(pieces) > 1 and cut_off >= BROKER_CUT_OFF:
            brokers.append(alter)
            most = max(most, cut_off)
    if not brokers:
        return []
    figures = {"brokers": len(brokers), "cut_off": most}
    return [Prompt("broker", _kind(protocol, "see_more"), tuple(brokers), figures=figures)]


def _support_missing(interview: Interview, protocol: Protocol) -> list[Prompt]:
    named = {g for a in interview.active_alters() for g in a.generators}
    kind = _kind(protocol, "ask_support")
    return [
        Prompt("support_missing", kind, support=g.id, figures={"named": 0})
        for g in protocol.name_generators
        if g.support_type != "professional_care" and g.id not in named
    ]


def _smaller_network(previous: Interview, interview: Interview, protocol: Protocol) -> list[Prompt]:
    before, after = len(previous.active_alters()), len(interview.active_alters())
    if before == 0 or after >= before or Fraction(before - after, before) < SMALLER_SHARE:
        return []
    return [Prompt("smaller_network", _kind(protocol, "reconnect"), figures={"before": before, "after": after})]


# -- words -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanWords:
    """The plan's words in one language (``plan_<language>.toml`` of :mod:`egonet.analysis.definitions`)."""

    words: Mapping[str, str]
    """Common words: ``and``, ``someone``, ``unknown``."""
    prompts: Mapping[str, Mapping[str, str]]
    """By prompt id: ``reason``, ``definition`` (and for ``broker`` ``reason_many``)."""
    facts: Mapping[str, str]
    """By fact (:data:`~egonet.analysis.goals.FACTS`): its text."""


@cache
def plan_words(language: str) -> PlanWords:
    """The plan's words in ``language`` (``en``, ``fr`` or ``nl``)."""
    if language not in LANGUAGES:
        raise UsageError(f"{language!r} is not one of {', '.join(LANGUAGES)}")
    text = files("egonet.analysis.definitions").joinpath(f"plan_{language}.toml").read_text(encoding="utf-8")
    read = tomllib.loads(text)
    return PlanWords(read["words"], read["prompts"], read["facts"])


def local_text(text: Text, protocol: Protocol, language: str, fallback: str) -> str:
    """A protocol text in ``language``, else in the protocol's default language, else ``fallback``."""
    return text.get(language) or text.get(protocol.default_language) or fallback


def label_of(people: Iterable[UUID], interview: Interview, language: str) -> str:
    """The labels of ``people`` in ``interview``, joined ("Anna, Bram and Carl")."""
    labels = [interview.alters[p].label if p in interview.alters else "?" for p in people]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {plan_words(language).words['and']} {labels[-1]}"


def prompt_text(prompt: Prompt, interview: Interview, protocol: Protocol, language: str) -> tuple[str, str]:
    """(reason, definition) of ``prompt`` in ``language``, placeholders filled: ``{name}`` (the
    brokers' labels), ``{support}`` (the generator's short label), the prompt's figures
    (``{before}``, ``{after}``, ...) and the thresholds (``{closed_share}``, ...)."""
    words = plan_words(language).prompts[prompt.id]
    support = ""
    if prompt.support is not None:
        support = local_text(protocol.generator(prompt.support).short, protocol, language, prompt.support)
    values = {**_THRESHOLDS, **prompt.figures, "name": label_of(prompt.people, interview, language), "support": support}
    reason = words["reason_many"] if len(prompt.people) > 1 and "reason_many" in words else words["reason"]
    return reason.format_map(values), words["definition"].format_map(values)
