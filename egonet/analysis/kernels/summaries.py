"""The sums behind the structure and brokerage measures (kernels, one call per network).

The kernels return named tuples (:class:`StructureSums`, :class:`BrokerageSums`): numba builds
them inside the compiled code and hands them over as these classes, so both sides of the
boundary read the sums by name, never by position.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from egonet.analysis.kernels.paths import Floats, Ints, adjacency, dependencies, reach
from egonet.analysis.kernels.tiers import kernel

__all__ = [
    "BrokerageSums",
    "StructureSums",
    "brokerage_sums",
    "node_betweenness",
    "structure_sums",
    "sums_with_betweenness",
]


class StructureSums(NamedTuple):
    """What :func:`structure_sums` computes for :mod:`egonet.analysis.structure` (``n >= 1`` alters)."""

    components: int
    """Connected components among alters (an isolate is one)."""
    largest_component: int
    """Alters in the largest component."""
    isolates: int
    """Alters tied to no other alter."""
    within_pairs: int
    """``sum_k s_k(s_k - 1)`` over the component sizes ``s_k``: ordered pairs that reach each other."""
    degree_gap: int
    """``sum_i (d_max - d_i)`` over the alters' degrees ``d``."""
    betweenness_gap: float
    """``sum_i (b_max - b_i)`` over the alters' raw betweenness ``b`` (0 for n < 3: not needed)."""


class BrokerageSums(NamedTuple):
    """What :func:`brokerage_sums` computes for :mod:`egonet.analysis.brokerage` (``n >= 1`` alters)."""

    constraint: float
    """Burt's aggregate constraint on ego."""
    hierarchy: float
    """Burt's hierarchy; NaN for n < 2."""
    ego_betweenness: float
    """Everett and Borgatti's ego betweenness."""


@kernel
def node_betweenness(n: int, a: Ints, b: Ints) -> Floats:
    """Raw betweenness of each vertex, each unordered pair counted once (networkx, normalized=False)."""
    start, count, nbr, eid = adjacency(n, a, b)
    m = max(len(a), 1)
    dist = np.empty(n, np.int64)
    work = np.zeros((3, n))  # sigma, dependency, coefficient
    scratch = np.empty((3, max(n + 1, m)), np.int64)
    out_e = np.empty(m, np.int64)
    shares, edge_b = np.empty(m), np.zeros(m)  # the ties' shares: not needed here
    between = np.zeros(n)
    for s in range(n):
        dependencies(s, start, count, nbr, eid, dist, work[0], work[1], work[2], scratch, out_e, shares, edge_b)
        for w in range(n):
            if w != s:
                between[w] += work[1, w]
    return between / 2.0


@kernel
def structure_sums(n: int, a: Ints, b: Ints) -> StructureSums:
    """The :class:`StructureSums` of ``n >= 1`` alters and the ties ``a``, ``b``."""
    return sums_with_betweenness(n, a, b, node_betweenness(n, a, b) if n >= 3 else np.zeros(n))


@kernel
def sums_with_betweenness(n: int, a: Ints, b: Ints, between: Floats) -> StructureSums:
    """:func:`structure_sums` with the raw betweenness already known."""
    start, count, nbr, _ = adjacency(n, a, b)
    label = np.full(n, -1, np.int64)
    members = np.empty(n, np.int64)
    parts, largest, within = 0, 0, 0
    for v in range(n):
        if label[v] < 0:
            size = reach(v, start, count, nbr, label, parts, members, 0)
            parts += 1
            largest = max(largest, size)
            within += size * (size - 1)
    top = count.max()
    isolates, degree_gap = 0, 0
    for v in range(n):
        isolates += count[v] == 0
        degree_gap += top - count[v]
    between_gap = 0.0
    if n >= 3:
        best = between.max()
        for v in range(n):
            between_gap += best - between[v]
    return StructureSums(parts, largest, isolates, within, degree_gap, between_gap)


@kernel
def brokerage_sums(n: int, a: Ints, b: Ints) -> BrokerageSums:
    """The :class:`BrokerageSums` of ego with ``n >= 1`` alters (ego tied to each); see
    :mod:`egonet.analysis.brokerage` for the definitions."""
    start, count, nbr, _ = adjacency(n, a, b)
    p_ego = 1.0 / n
    contribution = np.empty(n)
    for j in range(n):
        indirect = 0.0
        for p in range(start[j], start[j] + count[j]):
            indirect += 1.0 / (count[nbr[p]] + 1.0)  # p_qj: an alter's degree counts its tie to ego
        part = p_ego + p_ego * indirect
        contribution[j] = part * part
    total = 0.0
    for j in range(n):  # in order (numpy's sum would add pairwise)
        total += contribution[j]
    hierarchy = math.nan
    if n >= 2:
        mean = total / n
        hierarchy = 0.0
        for j in range(n):
            r = contribution[j] / mean
            hierarchy += r * math.log(r)
        hierarchy /= n * math.log(n)
    tied = np.zeros((n, n), np.bool_)
    common = np.zeros((n, n), np.int64)
    for q in range(n):
        row = nbr[start[q] : start[q] + count[q]]
        for x in range(len(row)):
            tied[q, row[x]] = True
            for y in range(x + 1, len(row)):
                common[row[x], row[y]] += 1
                common[row[y], row[x]] += 1
    between = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            if not tied[i, j]:
                between += 1.0 / (1.0 + common[i, j])
    return BrokerageSums(total, hierarchy, between)
