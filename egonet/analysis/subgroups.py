"""Cohesive subgroups among alters, ego removed: Girvan-Newman at maximum modularity.

Following Vacca (2020, *Structure in personal networks: constructing and comparing typologies*,
Network Science 8(2)): the Girvan-Newman (2002) divisive algorithm is run on the alters and
their ties, and the partition with the highest Newman (2006) modularity is kept; subgroups of 3
or more alters are "large", of 1 or 2 "small".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from egonet.analysis.kernels import girvan_newman_best
from egonet.analysis.network import EgoNetwork
from egonet.analysis.structure import components

__all__ = ["Subgroups", "best_partition", "subgroups", "subgroups_from_labels"]


@dataclass(frozen=True, slots=True)
class Subgroups:
    n_subgroups: int | None
    """Subgroups in the maximum-modularity partition (an isolate is a subgroup); null with no alter."""
    n_subgroups_large: int | None
    """Subgroups of 3 or more alters; null with no alter."""
    n_subgroups_small: int | None
    """Subgroups of 1 or 2 alters; null with no alter."""
    modularity: float | None
    """Newman modularity of that partition; null when there is no tie among alters (undefined)."""


def best_partition(net: EgoNetwork) -> tuple[list[list[int]], float | None]:
    """The Girvan-Newman partition of highest modularity (the first, coarsest, on a tie); edges of
    equal betweenness are removed in the order of their alters (see :mod:`egonet.analysis.kernels`)."""
    if net.n_ties == 0:
        return components(net), None
    a, b = net.tie_arrays()
    labels, q = girvan_newman_best(net.n, a, b)
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(labels.tolist()):
        groups.setdefault(group, []).append(node)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0])), float(q)


def subgroups(net: EgoNetwork) -> Subgroups:
    if net.n == 0:
        return Subgroups(None, None, None, None)
    parts, q = best_partition(net)
    large = sum(len(p) >= 3 for p in parts)
    return Subgroups(len(parts), large, len(parts) - large, q)


def subgroups_from_labels(labels: list[int], modularity: float) -> Subgroups:
    """The counts from each alter's subgroup label (``n >= 1``), and the modularity (NaN: none)."""
    sizes = Counter(labels).values()
    large = sum(size >= 3 for size in sizes)
    return Subgroups(len(sizes), large, len(sizes) - large, None if math.isnan(modularity) else modularity)
