"""k-anonymity of the quasi-identifiers of exported interviews (Sweeney 2002), by global
generalisation then local suppression.

Quasi-identifiers are what someone could know about a patient from elsewhere: the service, the
date of the interview, and ego answers such as gender or age.  Every combination of their
exported values must be shared by at least ``k`` interviews.  Until it is:

1. generalise, one step at a time, the quasi-identifier with the most distinct values, for
   every record (dates: month, then quarter, then year; numbers such as age: 5-, 10-, then
   20-year bands; categories have no step but suppression);
2. when no step is left, suppress (set to null) the quasi-identifiers of the records whose
   combination is still rarer than ``k``; if the suppressed records are themselves fewer than
   ``k``, suppress the next rarest combinations with them.

The plan is computed in a first pass over the records' quasi-identifiers only, so the export
itself streams.  :class:`Disclosure` summarises what was done and the risk that remains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from egonet.errors import UsageError

__all__ = ["Disclosure", "QuasiPlan", "plan_quasi_identifiers"]

Value = str | int | float | bool | None
MAX_LEVEL = {"date": 3, "number": 4, "category": 0}


def _generalise(kind: str, value: Value, level: int) -> Value:
    if value is None or level == 0:
        return value
    if kind == "date":  # "YYYY-MM" or "YYYY-MM-DD"
        text = str(value)
        year, month = text[:4], int(text[5:7])
        return (f"{year}-Q{(month - 1) // 3 + 1}", year, None)[level - 1]
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        width = (5, 10, 20, None)[level - 1]
        if width is None:
            return None
        low = int(value // width * width)
        return f"{low}-{low + width - 1}"
    return None


@dataclass
class Disclosure:
    """What the plan did, for the disclosure-risk summary written beside the export."""

    k: int
    quasi_identifiers: list[str]
    records: int
    levels: dict[str, int]
    """Generalisation steps applied to each quasi-identifier (0: exported as it is)."""
    suppressed: int
    """Records whose quasi-identifiers were set to null."""
    rare_before: int
    """Records in a combination rarer than k before any treatment."""
    smallest_class: int
    """Size of the rarest combination after treatment (at least k unless there are fewer than k records)."""
    max_risk: float
    """1 / smallest_class: the highest chance of picking out one patient's record by its quasi-identifiers."""


@dataclass
class QuasiPlan:
    kinds: dict[str, str]
    levels: dict[str, int]
    suppressed: set[str] = field(default_factory=set)

    def apply(self, record_id: str, row: dict[str, Value]) -> None:
        """Generalise (or suppress) the quasi-identifiers of one record, in place."""
        for name, kind in self.kinds.items():
            if name in row:
                row[name] = None if record_id in self.suppressed else _generalise(kind, row[name], self.levels[name])


def _combos(records: Sequence[tuple[str, dict[str, Value]]], plan: QuasiPlan) -> dict[str, tuple[Value, ...]]:
    out = {}
    for record_id, values in records:
        row = dict(values)
        plan.apply(record_id, row)
        out[record_id] = tuple(row[name] for name in plan.kinds)
    return out


def plan_quasi_identifiers(
    records: Sequence[tuple[str, dict[str, Value]]], kinds: dict[str, str], k: int
) -> tuple[QuasiPlan, Disclosure]:
    """``records``: (record id, {quasi-identifier: raw value}); ``kinds``: date, number or category."""
    if k < 1:
        raise UsageError("k is at least 1")
    plan = QuasiPlan(kinds, dict.fromkeys(kinds, 0))
    combos = _combos(records, plan)
    sizes = Counter(combos.values())
    rare_before = sum(1 for c in combos.values() if sizes[c] < k)
    while any(sizes[c] < k for c in combos.values()):
        steppable = [n for n in kinds if plan.levels[n] < MAX_LEVEL[kinds[n]]]
        if not steppable:
            break
        distinct = {n: len({combo[i] for combo in combos.values()}) for i, n in enumerate(kinds) if n in steppable}
        plan.levels[max(steppable, key=lambda n: (distinct[n], n))] += 1
        combos = _combos(records, plan)
        sizes = Counter(combos.values())
    rare = sorted((c for c in sizes if sizes[c] < k), key=lambda c: sizes[c])
    plan.suppressed = {r for r, c in combos.items() if c in set(rare)}
    ordered = sorted(sizes, key=lambda c: (sizes[c], str(c)))
    for combo in ordered:  # the suppressed records must be k or more together
        if not plan.suppressed or len(plan.suppressed) >= k or len(plan.suppressed) == len(combos):
            break
        plan.suppressed |= {r for r, c in combos.items() if c == combo}
    final = Counter(_combos(records, plan).values())
    smallest = min(final.values()) if final else 0
    disclosure = Disclosure(
        k=k,
        quasi_identifiers=list(kinds),
        records=len(records),
        levels=dict(plan.levels),
        suppressed=len(plan.suppressed),
        rare_before=rare_before,
        smallest_class=smallest,
        max_risk=1 / smallest if smallest else 0.0,
    )
    return plan, disclosure
