"""Who the alters are: counts and shares by category, support types, multiplexity, diversity, homophily.

Proportions are over the alters who answered the question (a missing answer is left out of the
denominator); a proportion with no answer at all is null.  Ego is never counted as an alter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from egonet.analysis.network import EgoNetwork
from egonet.analysis.plans import per_protocol
from egonet.model import Answer, Protocol, Question, QuestionType

__all__ = ["blau", "composition", "ei_index", "iqv"]

Value = float | int | None


def blau(counts: Mapping[Any, int]) -> float | None:
    """Blau's heterogeneity ``1 - sum_k p_k^2`` (Blau 1977); 0 when everyone is alike; null with no alter."""
    total = sum(counts.values())
    if total == 0:
        return None
    return 1.0 - sum((c / total) ** 2 for c in counts.values())


def iqv(counts: Mapping[Any, int], k: int) -> float | None:
    """Agresti's index of qualitative variation: Blau over its maximum ``1 - 1/K``, K the number
    of categories the protocol defines (Agresti and Agresti 1978); null with no alter or K < 2."""
    return _scaled(blau(counts), k)


def _scaled(h: float | None, k: int) -> float | None:
    return None if h is None or k < 2 else h / (1.0 - 1.0 / k)


def ei_index(ego_value: Answer, values: Sequence[Answer]) -> tuple[float | None, float | None]:
    """Krackhardt and Stern's (1988) E-I index ``(E - I) / (E + I)`` of ego with its alters, and
    ego-alter similarity ``I / (E + I)``: ``I`` alters with ego's value, ``E`` with another.
    -1: all alike ego (homophily), +1: all different; null with no comparable alter."""
    inside = sum(v == ego_value for v in values)
    outside = len(values) - inside
    if not values:
        return None, None
    return (outside - inside) / len(values), inside / len(values)


def _categorical(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.type in (QuestionType.CATEGORICAL, QuestionType.BOOLEAN)]


def _values(q: Question) -> list[Answer]:
    return [True, False] if q.type is QuestionType.BOOLEAN else [o.value for o in q.options]


@dataclass(frozen=True, slots=True)
class _Category:
    question: str
    counted: tuple[tuple[Answer, str, str], ...]
    """Each value the protocol defines, with its ``n_`` and ``prop_`` names."""


@dataclass(frozen=True, slots=True)
class _Homophily:
    ego_question: str
    alter_question: str
    comparable: frozenset[Answer]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What :func:`composition` computes for a protocol, and under which names."""

    categories: tuple[_Category, ...]
    relationship: str | None
    formal: frozenset[Answer]
    generators: tuple[str, ...]
    homophily: tuple[_Homophily, ...]


@per_protocol
def _plan(protocol: Protocol) -> _Plan:
    categories = tuple(
        _Category(q.id, tuple((v, f"n_{q.id}_{str(v).lower()}", f"prop_{q.id}_{str(v).lower()}") for v in _values(q)))
        for q in _categorical(protocol.alter_questions)
    )
    relationship = protocol.alter_question_with_role("relationship")
    alter_by_id = {q.id: q for q in protocol.alter_questions}
    homophily = []
    for ego_q in protocol.ego_questions:
        alter_q = protocol.alter_question_with_role(ego_q.role) if ego_q.role else alter_by_id.get(ego_q.id)
        if alter_q is not None and ego_q.type is QuestionType.CATEGORICAL:
            homophily.append(_Homophily(ego_q.id, alter_q.id, frozenset(_values(ego_q)) & frozenset(_values(alter_q))))
    return _Plan(
        categories,
        relationship.id if relationship is not None else None,
        frozenset(o.value for o in relationship.options if o.formal) if relationship is not None else frozenset(),
        tuple(g.id for g in protocol.name_generators),
        tuple(homophily),
    )


def composition(net: EgoNetwork, protocol: Protocol) -> dict[str, Value]:
    """Composition measures, named ``n_<question>_<value>``, ``prop_<question>_<value>``,
    ``blau_<question>``, ``iqv_<question>``, ``n_support_<generator>``, ``ei_<question>``,
    ``similarity_<question>`` (ego and alter questions matched by role, else by id), plus
    ``n_formal``, ``n_informal``, ``prop_formal``, ``multiplexity_mean`` and ``multiplex_share``."""
    plan = _plan(protocol)
    n = net.n
    out: dict[str, Value] = {}
    for category in plan.categories:
        q = category.question
        answered = [a[q] for a in net.answers if q in a]
        counts = Counter(answered)
        for value, n_name, prop_name in category.counted:
            out[n_name] = counts.get(value, 0)
            out[prop_name] = counts.get(value, 0) / len(answered) if answered else None
        out[f"blau_{q}"] = h = blau(counts)
        out[f"iqv_{q}"] = _scaled(h, len(category.counted))
    if plan.relationship is not None:
        q = plan.relationship
        answered = [a[q] for a in net.answers if q in a]
        n_formal = sum(v in plan.formal for v in answered)
        out["n_formal"] = n_formal
        out["n_informal"] = len(answered) - n_formal
        out["prop_formal"] = n_formal / len(answered) if answered else None
    named = Counter(chain.from_iterable(map(set, net.generators)))  # alters named under each generator
    for generator in plan.generators:
        out[f"n_support_{generator}"] = named[generator]
    out["multiplexity_mean"] = sum(len(g) for g in net.generators) / n if n else None
    out["multiplex_share"] = sum(len(g) >= 2 for g in net.generators) / n if n else None
    for pair in plan.homophily:
        ego_value = net.ego_answers.get(pair.ego_question)
        q = pair.alter_question
        if ego_value not in pair.comparable:
            out[f"ei_{q}"] = out[f"similarity_{q}"] = None
            continue
        values = [a[q] for a in net.answers if a.get(q) in pair.comparable]
        out[f"ei_{q}"], out[f"similarity_{q}"] = ei_index(ego_value, values)
    return out
