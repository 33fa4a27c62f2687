"""The sums behind the structure and brokerage measures, compiled (one call per network)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from egonet.analysis.kernels.paths import Floats, Ints, adjacency, dependencies, reach


@njit(cache=True)
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


@njit(cache=True)
def structure_sums(n: int, a: Ints, b: Ints) -> Floats:
    """``[components, largest component, isolates, sum_k s_k(s_k - 1), sum_i (d_max - d_i),
    sum_i (b_max - b_i)]`` over the components ``k`` and vertices ``i`` (degrees ``d``, raw
    betweenness ``b``; the last is 0 for n < 3, where it is not needed).  Needs n >= 1."""
    return sums_with_betweenness(n, a, b, node_betweenness(n, a, b) if n >= 3 else np.zeros(n))


@njit(cache=True)
def sums_with_betweenness(n: int, a: Ints, b: Ints, between: Floats) -> Floats:
    """:func:`structure_sums` with the raw betweenness already known."""
    start, count, nbr, _ = adjacency(n, a, b)
    label = np.full(n, -1, np.int64)
    members = np.empty(n, np.int64)
    out = np.zeros(6)
    for v in range(n):
        if label[v] < 0:
            size = reach(v, start, count, nbr, label, int(out[0]), members, 0)
            out[0] += 1
            out[1] = max(out[1], size)
            out[3] += size * (size - 1)
    top = count.max()
    for v in range(n):
        out[2] += count[v] == 0
        out[4] += top - count[v]
    if n >= 3:
        best = between.max()
        for v in range(n):
            out[5] += best - between[v]
    return out


@njit(cache=True)
def brokerage_sums(n: int, a: Ints, b: Ints) -> Floats:
    """``[constraint, hierarchy, ego betweenness]`` of ego with ``n >= 1`` alters (ego tied to
    each); hierarchy is NaN for n < 2.  See :mod:`egonet.analysis.brokerage` for the definitions."""
    start, count, nbr, _ = adjacency(n, a, b)
    p_ego = 1.0 / n
    contribution = np.empty(n)
    for j in range(n):
        indirect = 0.0
        for p in range(start[j], start[j] + count[j]):
            indirect += 1.0 / (count[nbr[p]] + 1.0)  # p_qj: an alter's degree counts its tie to ego
        contribution[j] = (p_ego + p_ego * indirect) ** 2
    total = contribution.sum()
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
    return np.array([total, hierarchy, between])
