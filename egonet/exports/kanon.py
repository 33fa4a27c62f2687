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

The plan is computed from the counts of the combinations of raw values (a first pass over the
records), so memory grows with the number of distinct combinations, not of records, and the
export itself streams.  :class:`Disclosure` summarises what was done and the risk that remains.
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


Combo = tuple[Value, ...]


@dataclass
class QuasiPlan:
    """Global generalisation levels, and the (generalised) combinations to suppress."""

    kinds: dict[str, str]
    levels: dict[str, int]
    suppressed: set[Combo] = field(default_factory=set)

    def generalised(self, raw: Combo) -> Combo:
        return tuple(
            _generalise(kind, value, self.levels[n]) for (n, kind), value in zip(self.kinds.items(), raw, strict=True)
        )

    def apply(self, row: dict[str, Value], dates: Sequence[dict[str, Value]] = (), column: str = "") -> None:
        """Generalise (or suppress) the quasi-identifiers of one exported row, in place.

        ``dates``: other rows of the same record whose ``column`` is a date coarsened as the
        record's ``date`` is (a goal's review date): generalised to the same level, and
        suppressed when the record's quasi-identifiers are, since a date some weeks after the
        interview's would give the interview's date back."""
        combo = self.generalised(tuple(row.get(name) for name in self.kinds))
        suppressed = combo in self.suppressed
        for name, value in zip(self.kinds, combo, strict=True):
            if name in row:
                row[name] = None if suppressed else value
        level = self.levels.get("date", 0) if self.kinds.get("date") == "date" else 0
        for other in dates:
            other[column] = None if suppressed else _generalise("date", other.get(column), level)


def _sizes(raw: Counter[Combo], plan: QuasiPlan) -> Counter[Combo]:
    sizes: Counter[Combo] = Counter()
    for combo, count in raw.items():
        sizes[plan.generalised(combo)] += count
    return sizes


def plan_quasi_identifiers(raw: Counter[Combo], kinds: dict[str, str], k: int) -> tuple[QuasiPlan, Disclosure]:
    """``raw``: how many records have each combination of raw quasi-identifier values (in the
    order of ``kinds``: name -> date, number or category).  Memory is the number of distinct
    combinations, never the number of records."""
    if k < 1:
        raise UsageError("k is at least 1")
    plan = QuasiPlan(kinds, dict.fromkeys(kinds, 0))
    sizes = _sizes(raw, plan)
    rare_before = sum(n for n in sizes.values() if n < k)
    while any(n < k for n in sizes.values()):
        steppable = [n for n in kinds if plan.levels[n] < MAX_LEVEL[kinds[n]]]
        if not steppable:
            break
        distinct = {n: len({combo[i] for combo in sizes}) for i, n in enumerate(kinds) if n in steppable}
        plan.levels[max(steppable, key=lambda n: (distinct[n], n))] += 1
        sizes = _sizes(raw, plan)
    plan.suppressed = {c for c, n in sizes.items() if n < k}
    hidden = sum(sizes[c] for c in plan.suppressed)
    for combo in sorted(sizes, key=lambda c: (sizes[c], str(c))):  # the suppressed must be k or more together
        if not plan.suppressed or hidden >= k or hidden == sum(sizes.values()):
            break
        if combo not in plan.suppressed:
            plan.suppressed.add(combo)
            hidden += sizes[combo]
    final: Counter[Combo] = Counter()
    empty = tuple(None for _ in kinds)
    for combo, n in sizes.items():
        final[empty if combo in plan.suppressed else combo] += n
    smallest = min(final.values()) if final else 0
    disclosure = Disclosure(
        k=k,
        quasi_identifiers=list(kinds),
        records=sum(raw.values()),
        levels=dict(plan.levels),
        suppressed=hidden,
        rare_before=rare_before,
        smallest_class=smallest,
        max_risk=1 / smallest if smallest else 0.0,
    )
    return plan, disclosure
