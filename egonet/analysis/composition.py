"""Who the alters are: counts and shares by category, support types, multiplexity, diversity, homophily.

Proportions are over the alters who answered the question (a missing answer is left out of the
denominator); a proportion with no answer at all is null.  Ego is never counted as an alter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from egonet.analysis.network import EgoNetwork
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
    h = blau(counts)
    if h is None or k < 2:
        return None
    return h / (1.0 - 1.0 / k)


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


def composition(net: EgoNetwork, protocol: Protocol) -> dict[str, Value]:
    """Composition measures, named ``n_<question>_<value>``, ``prop_<question>_<value>``,
    ``blau_<question>``, ``iqv_<question>``, ``n_support_<generator>``, ``ei_<question>``,
    ``similarity_<question>`` (ego and alter questions matched by role, else by id), plus
    ``n_formal``, ``n_informal``, ``prop_formal``, ``multiplexity_mean`` and ``multiplex_share``."""
    n = net.n
    out: dict[str, Value] = {}
    for q in _categorical(protocol.alter_questions):
        answered = [a[q.id] for a in net.answers if q.id in a]
        counts = Counter(answered)
        for value in _values(q):
            key = str(value).lower()
            out[f"n_{q.id}_{key}"] = counts.get(value, 0)
            out[f"prop_{q.id}_{key}"] = counts.get(value, 0) / len(answered) if answered else None
        out[f"blau_{q.id}"] = blau(counts)
        out[f"iqv_{q.id}"] = iqv(counts, len(_values(q)))
    relationship = protocol.alter_question_with_role("relationship")
    if relationship is not None:
        formal_values = {o.value for o in relationship.options if o.formal}
        answered = [a[relationship.id] for a in net.answers if relationship.id in a]
        n_formal = sum(v in formal_values for v in answered)
        out["n_formal"] = n_formal
        out["n_informal"] = len(answered) - n_formal
        out["prop_formal"] = n_formal / len(answered) if answered else None
    for generator in protocol.name_generators:
        out[f"n_support_{generator.id}"] = sum(generator.id in g for g in net.generators)
    out["multiplexity_mean"] = sum(len(g) for g in net.generators) / n if n else None
    out["multiplex_share"] = sum(len(g) >= 2 for g in net.generators) / n if n else None
    alter_by_id = {q.id: q for q in protocol.alter_questions}
    for ego_q in protocol.ego_questions:
        alter_q = protocol.alter_question_with_role(ego_q.role) if ego_q.role else alter_by_id.get(ego_q.id)
        if alter_q is None or ego_q.type is not QuestionType.CATEGORICAL:
            continue
        comparable = set(_values(ego_q)) & set(_values(alter_q))
        ego_value = net.ego_answers.get(ego_q.id)
        if ego_value not in comparable:
            out[f"ei_{alter_q.id}"] = out[f"similarity_{alter_q.id}"] = None
            continue
        values = [a[alter_q.id] for a in net.answers if a.get(alter_q.id) in comparable]
        out[f"ei_{alter_q.id}"], out[f"similarity_{alter_q.id}"] = ei_index(ego_value, values)
    return out
