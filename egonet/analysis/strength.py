"""Tie strength among alters and ego's closeness to alters, summarised."""

from __future__ import annotations

from collections.abc import Sequence

from egonet.analysis.network import EgoNetwork
from egonet.analysis.plans import per_protocol
from egonet.model import Answer, Protocol

__all__ = ["strength"]

Value = float | int | None


def _numbers(values: Sequence[Answer | None]) -> list[float]:
    """The numeric answers (True and False are not numbers here)."""
    return [float(v) for v in values if isinstance(v, (int, float)) and v is not True and v is not False]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@per_protocol
def _plan(protocol: Protocol) -> tuple[float | None, tuple[tuple[str, str, str, float | None], ...]]:
    """The top tie strength, and for closeness and contact: the question, the two names, the top value."""
    tie_q = protocol.tie_question.strength
    top = float(tie_q.options[-1].value) if tie_q is not None and tie_q.options else None
    asked = []
    for role, mean_name, top_name in (
        ("closeness", "mean_closeness", "prop_very_close"),
        ("contact", "mean_contact", "prop_daily_contact"),
    ):
        question = protocol.alter_question_with_role(role)
        if question is not None:
            highest = float(question.options[-1].value) if question.options else None
            asked.append((question.id, mean_name, top_name, highest))
    return top, tuple(asked)


def strength(net: EgoNetwork, protocol: Protocol) -> dict[str, Value]:
    """``mean_tie_strength`` and ``prop_strong_ties`` (ties at the top strength) over ties whose
    strength was asked; ``mean_closeness`` and ``prop_very_close`` (alters at the top closeness);
    ``mean_contact`` and ``prop_daily_contact`` (top contact option).  Null when nothing was answered."""
    top, asked = _plan(protocol)
    out: dict[str, Value] = {}
    strengths = _numbers(list(net.tie_values.values()))
    out["mean_tie_strength"] = _mean(strengths)
    out["prop_strong_ties"] = strengths.count(top) / len(strengths) if strengths and top else None
    for question, mean_name, top_name, highest in asked:
        values = _numbers([a.get(question) for a in net.answers])
        out[mean_name] = _mean(values)
        out[top_name] = values.count(highest) / len(values) if values and highest else None
    return out
