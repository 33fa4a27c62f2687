"""Change between two waves of one patient, alters matched by id.

``A`` is the set of alters in the earlier wave's network, ``B`` in the later one's (confirmed
present in each); alters keep their id across waves, which is what makes the match exact.
Differences are always **later minus earlier**.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from egonet.analysis.measures import IDENTITY, Measures, measure
from egonet.analysis.network import EgoNetwork
from egonet.errors import UsageError
from egonet.model import Interview, Protocol

__all__ = ["Change", "compare", "compare_waves"]

Value = float | int | str | None


@dataclass(frozen=True, slots=True)
class Change:
    """What changed from ``earlier`` to ``later``; :meth:`row` flattens it."""

    identity: dict[str, Value]
    n_kept: int
    """``|A ∩ B|``: alters in both waves."""
    n_lost: int
    """``|A - B|``: alters of the earlier wave no longer in the network."""
    n_gained: int
    """``|B - A|``: alters new in the later wave."""
    stability: float | None
    """``|A ∩ B| / |A|``: share of the earlier alters still there; null when A is empty."""
    turnover: float | None
    """``(|A - B| + |B - A|) / |A ∪ B|``: share of all alters who came or went; null when both are empty."""
    jaccard: float | None
    """``|A ∩ B| / |A ∪ B|`` (Jaccard 1901); ``1 - turnover``; null when both are empty."""
    n_lost_formal: int | None
    """Lost alters who are professionals (by the relationship question); null without one."""
    n_gained_formal: int | None
    n_gained_informal: int | None
    ties_kept: int
    """Ties among kept alters present in both waves."""
    ties_lost: int
    """Ties among kept alters in the earlier wave only."""
    ties_gained: int
    """Ties among kept alters in the later wave only."""
    n_gained_tied_to_kept: int
    """New alters tied to at least one kept alter."""
    ties_gained_to_kept: int
    """Ties between new alters and kept alters."""
    diffs: dict[str, float | None]
    """``diff_<measure>``: later minus earlier for every numeric measure; null if either is null."""

    def row(self) -> dict[str, Value]:
        head = {
            k: v
            for k, v in ((f, getattr(self, f)) for f in self.__dataclass_fields__)
            if k not in ("identity", "diffs")
        }
        return {**self.identity, **head, **self.diffs}


def _pairs(net: EgoNetwork, keep: set[UUID]) -> set[frozenset[UUID]]:
    return {frozenset((net.ids[i], net.ids[j])) for i, j in net.tie_values if net.ids[i] in keep and net.ids[j] in keep}


def _formal_informal(interview: Interview, protocol: Protocol) -> tuple[set[UUID], set[UUID]] | None:
    """Alters answered as professionals, and as anyone else (unanswered ones in neither)."""
    relationship = protocol.alter_question_with_role("relationship")
    if relationship is None:
        return None
    formal = {o.value for o in relationship.options if o.formal}
    answered = {a.id: a.answers[relationship.id] for a in interview.alters.values() if relationship.id in a.answers}
    return {i for i, v in answered.items() if v in formal}, {i for i, v in answered.items() if v not in formal}


def _diffs(before: Measures, after: Measures) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    old = before.row()
    for name, new in after.row().items():
        if name in IDENTITY:
            continue
        was = old.get(name)
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (was, new))
        if name in old and (numeric or was is None or new is None):
            out[f"diff_{name}"] = float(new) - float(was) if numeric else None  # type: ignore[arg-type]
    return out


def compare(earlier: Interview, later: Interview, protocol: Protocol) -> Change:
    """The change from ``earlier`` to ``later`` (two waves of the same patient)."""
    if earlier.patient.code != later.patient.code:
        raise UsageError(
            "only two waves of the same patient can be compared", f"{earlier.patient.code} {later.patient.code}"
        )
    if earlier.wave.index >= later.wave.index:
        raise UsageError("the earlier wave must come first", later.patient.code)
    net_a, net_b = EgoNetwork.from_interview(earlier), EgoNetwork.from_interview(later)
    a, b = set(net_a.ids), set(net_b.ids)
    kept, lost, gained, union = a & b, a - b, b - a, a | b
    ties_a, ties_b = _pairs(net_a, kept), _pairs(net_b, kept)
    index_b = {alter_id: i for i, alter_id in enumerate(net_b.ids)}
    neighbours_b = net_b.neighbours()
    gained_links = [sum(net_b.ids[j] in kept for j in neighbours_b[index_b[g]]) for g in gained]
    kinds_a, kinds_b = _formal_informal(earlier, protocol), _formal_informal(later, protocol)
    identity: dict[str, Value] = {
        "patient": later.patient.code,
        "service": later.patient.service,
        "earlier_interview_id": str(earlier.id),
        "later_interview_id": str(later.id),
        "earlier_wave": earlier.wave.label,
        "later_wave": later.wave.label,
    }
    return Change(
        identity=identity,
        n_kept=len(kept),
        n_lost=len(lost),
        n_gained=len(gained),
        stability=len(kept) / len(a) if a else None,
        turnover=(len(lost) + len(gained)) / len(union) if union else None,
        jaccard=len(kept) / len(union) if union else None,
        n_lost_formal=len(lost & kinds_a[0]) if kinds_a is not None else None,
        n_gained_formal=len(gained & kinds_b[0]) if kinds_b is not None else None,
        n_gained_informal=len(gained & kinds_b[1]) if kinds_b is not None else None,
        ties_kept=len(ties_a & ties_b),
        ties_lost=len(ties_a - ties_b),
        ties_gained=len(ties_b - ties_a),
        n_gained_tied_to_kept=sum(links > 0 for links in gained_links),
        ties_gained_to_kept=sum(gained_links),
        diffs=_diffs(measure(earlier, protocol), measure(later, protocol)),
    )


def compare_waves(interviews: Iterable[Interview], protocol_of: Callable[[Interview], Protocol]) -> Iterator[Change]:
    """Consecutive waves of each patient compared, patients in order of first appearance.

    ``protocol_of`` maps an interview to its protocol (the later wave's is used).
    """
    by_patient: dict[str, list[Interview]] = {}
    for interview in interviews:
        by_patient.setdefault(interview.patient.code, []).append(interview)
    for waves in by_patient.values():
        waves.sort(key=lambda iv: iv.wave.index)
        for earlier, later in itertools.pairwise(waves):
            yield compare(earlier, later, protocol_of(later))
