"""Aggregates across patients: distributions per service and wave, and paired before/after change.

They work on measure rows (:meth:`Measures.row`), so they apply to any source of rows.  A
service or wave with no patient simply does not appear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from egonet.analysis.stats import Distribution, PairedDifference, distribution, paired_difference

__all__ = [
    "ALL_SERVICES",
    "KEY_MEASURES",
    "SMALL_COUNT",
    "GroupSummary",
    "PairedChange",
    "paired_changes",
    "share_hidden",
    "summarise",
]

ALL_SERVICES = "*"
"""The ``service`` of the group of every service's patients (a service is never named "*")."""

Row = Mapping[str, object]

SMALL_COUNT = 5
"""Fewer patients than this are never counted in what is shown (reports, the leads' summary)."""


def share_hidden(count: int, total: int, small: int = SMALL_COUNT) -> bool:
    """Whether the share ``count / total`` must not be shown: it would count fewer than ``small``
    patients, those in it (``count``) or those not in it (``total - count``), since the total is
    shown beside it (6% of 33 is 2 patients; 94% of 33 leaves 2)."""
    return count < small or total - count < small


KEY_MEASURES = (
    "n_alters",
    "n_informal",
    "n_formal",
    "prop_formal",
    "density",
    "n_components",
    "fragmentation",
    "effective_size",
    "constraint",
    "ego_betweenness_norm",
    "n_subgroups",
    "modularity",
    "multiplex_share",
    "mean_closeness",
    "ego_satisfaction",
)
"""The measures summarised by default (those a service lead reads first)."""


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One service at one wave."""

    service: str
    wave_index: int
    wave_label: str
    n_patients: int
    share_no_informal: float | None
    """Share of patients whose network has no informal supporter (``n_informal == 0``), among those
    whose relationships were asked; null when none were."""
    distributions: dict[str, Distribution]
    n_asked: int = 0
    """Patients whose relationships were asked (the share's denominator)."""
    n_no_informal: int = 0
    """Those of them with no informal supporter (the share's numerator): see :func:`share_hidden`."""


def summarise(rows: Iterable[Row], measures: Sequence[str] = KEY_MEASURES) -> list[GroupSummary]:
    """Per service and wave (rows need ``service``, ``wave_index``, ``wave_label``, ``patient``)."""
    groups: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(str(row["service"]), int(row["wave_index"]))].append(row)  # type: ignore[call-overload]
    out = []
    for (service, wave), members in sorted(groups.items()):
        informal = [_number(r.get("n_informal")) for r in members]
        asked = [v for v in informal if v is not None]
        out.append(
            GroupSummary(
                service=service,
                wave_index=wave,
                wave_label=str(members[0]["wave_label"]),
                n_patients=len({r["patient"] for r in members}),
                share_no_informal=sum(v == 0 for v in asked) / len(asked) if asked else None,
                distributions={m: distribution([_number(r.get(m)) for r in members]) for m in measures},
                n_asked=len(asked),
                n_no_informal=sum(v == 0 for v in asked),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class PairedChange:
    """Before/after change of each measure over the patients of a service seen at both waves."""

    service: str
    earlier_wave: int
    later_wave: int
    n_patients: int
    changes: dict[str, PairedDifference]


def paired_changes(
    rows: Iterable[Row], earlier: int = 0, later: int = 1, measures: Sequence[str] = KEY_MEASURES
) -> list[PairedChange]:
    """Per service, and over every service (``service`` is :data:`ALL_SERVICES`), the patients
    with both waves, later minus earlier."""
    waves: dict[str, dict[int, Row]] = defaultdict(dict)
    service_of: dict[str, str] = {}
    for row in rows:
        patient = str(row["patient"])
        waves[patient][int(row["wave_index"])] = row  # type: ignore[call-overload]
        service_of[patient] = str(row["service"])
    paired = {p: w for p, w in waves.items() if earlier in w and later in w}
    by_service: dict[str, list[str]] = defaultdict(list)
    everyone: list[str] = []
    for patient in paired:
        by_service[service_of[patient]].append(patient)
        everyone.append(patient)
    out = []
    groups = [*sorted(by_service.items()), (ALL_SERVICES, everyone)] if everyone else []
    for service, patients in groups:
        changes = {
            m: paired_difference(
                [(_number(paired[p][earlier].get(m)), _number(paired[p][later].get(m))) for p in patients]
            )
            for m in measures
        }
        out.append(PairedChange(service, earlier, later, len(patients), changes))
    return out
