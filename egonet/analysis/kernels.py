"""Compiled kernels (numba) for the costly structural measures: betweenness and Girvan-Newman.

Graphs are given as ``n`` and two arrays ``a``, ``b`` of tie ends (``a[k] < b[k]``, sorted).
Girvan-Newman here recomputes edge betweenness only in the component that lost an edge (the
others are unchanged), which is what makes it fast; ties between edges of equal betweenness
(within a relative 1e-9) go to the first edge in (a, b) order, so the result never depends on
floating-point noise.  :mod:`egonet.analysis.reference` computes the same with plain networkx.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = ["TIE_TOLERANCE", "girvan_newman_best", "node_betweenness"]

TIE_TOLERANCE = 1e-9

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@njit(cache=True)
def _adjacency(n: int, a: Ints, b: Ints) -> tuple[Ints, Ints, Ints]:
    """CSR adjacency: ``start[v]..start[v+1]`` index ``nbr`` (neighbour) and ``eid`` (edge id)."""
    degree = np.zeros(n + 1, np.int64)
    for k in range(len(a)):
        degree[a[k] + 1] += 1
        degree[b[k] + 1] += 1
    start = np.cumsum(degree)
    fill = start[:-1].copy()
    nbr = np.empty(2 * len(a), np.int64)
    eid = np.empty(2 * len(a), np.int64)
    for k in range(len(a)):
        nbr[fill[a[k]]] = b[k]
        eid[fill[a[k]]] = k
        fill[a[k]] += 1
        nbr[fill[b[k]]] = a[k]
        eid[fill[b[k]]] = k
        fill[b[k]] += 1
    return start, nbr, eid


@njit(cache=True)
def node_betweenness(n: int, a: Ints, b: Ints) -> Floats:
    """Raw betweenness of each node, each unordered pair counted once (as networkx, normalized=False)."""
    start, nbr, eid = _adjacency(n, a, b)
    alive = np.ones(len(a), np.bool_)
    contrib = np.zeros(len(a))
    dist = np.empty(n, np.int64)
    work = np.zeros((2, n))
    dag = np.empty((4, max(n, 2 * len(a))), np.int64)
    node_b = np.zeros(n)
    for s in range(n):
        _source(s, start, nbr, eid, alive, contrib, dist, work, dag)
        for w in range(n):
            if w != s:
                node_b[w] += work[1, w]  # the dependency of s on w
    return node_b / 2.0


@njit(cache=True)
def _component(s: int, start: Ints, nbr: Ints, eid: Ints, alive: npt.NDArray[np.bool_], label: Ints, mark: int) -> Ints:
    stack = [s]
    label[s] = mark
    members = [s]
    while stack:
        v = stack.pop()
        for p in range(start[v], start[v + 1]):
            if alive[eid[p]] and label[nbr[p]] != mark:
                label[nbr[p]] = mark
                stack.append(nbr[p])
                members.append(nbr[p])
    return np.array(members, np.int64)


@njit(cache=True)
def _modularity(label: Ints, a: Ints, b: Ints, degree: Floats, m: float) -> float:
    n_labels = label.max() + 1
    inside = np.zeros(n_labels)
    total = np.zeros(n_labels)
    for k in range(len(a)):
        if label[a[k]] == label[b[k]]:
            inside[label[a[k]]] += 1.0
    for v in range(len(label)):
        total[label[v]] += degree[v]
    q = 0.0
    for c in range(n_labels):
        q += inside[c] / m - (total[c] / (2.0 * m)) ** 2
    return q


@njit(cache=True)
def _source(
    s: int,
    start: Ints,
    nbr: Ints,
    eid: Ints,
    alive: npt.NDArray[np.bool_],
    contrib: Floats,
    dist: Ints,
    work: Floats,
    dag: Ints,
) -> None:
    """One source's edge dependencies into ``contrib`` (zeroed first) and distances into ``dist``.

    The forward pass records the shortest-path DAG's edges in discovery order; the backward pass
    walks only those, in reverse (Brandes 2001), instead of every edge again.  ``work`` (2 x n) and
    ``dag`` (4 x max(n, 2m)) are scratch space, allocated once by the caller.
    """
    sigma, delta = work[0], work[1]
    sigma[:] = 0.0
    delta[:] = 0.0
    order, dag_v, dag_w, dag_e = dag[0], dag[1], dag[2], dag[3]
    contrib[:] = 0.0
    dist[:] = -1
    sigma[s], dist[s] = 1.0, 0
    order[0] = s
    head, tail, edges = 0, 1, 0
    while head < tail:
        v = order[head]
        head += 1
        for p in range(start[v], start[v + 1]):
            e = eid[p]
            if not alive[e]:
                continue
            w = nbr[p]
            if dist[w] < 0:
                dist[w] = dist[v] + 1
                order[tail] = w
                tail += 1
            if dist[w] == dist[v] + 1:
                sigma[w] += sigma[v]
                dag_v[edges], dag_w[edges], dag_e[edges] = v, w, e
                edges += 1
    for k in range(edges - 1, -1, -1):
        v, w = dag_v[k], dag_w[k]
        share = sigma[v] / sigma[w] * (1.0 + delta[w])
        delta[v] += share
        contrib[dag_e[k]] += share


@njit(cache=True)
def _compact(n: int, start: Ints, nbr: Ints, eid: Ints, alive: npt.NDArray[np.bool_]) -> tuple[Ints, Ints, Ints]:
    """The adjacency without its dead edges (edge ids kept)."""
    new_start = np.zeros(n + 1, np.int64)
    new_nbr = np.empty(len(nbr), np.int64)
    new_eid = np.empty(len(nbr), np.int64)
    fill = 0
    for v in range(n):
        new_start[v] = fill
        for p in range(start[v], start[v + 1]):
            if alive[eid[p]]:
                new_nbr[fill], new_eid[fill] = nbr[p], eid[p]
                fill += 1
    new_start[n] = fill
    return new_start, new_nbr[:fill].copy(), new_eid[:fill].copy()


@njit(cache=True)
def girvan_newman_best(n: int, a: Ints, b: Ints) -> tuple[Ints, float]:
    """Component labels of the Girvan-Newman partition of highest modularity (the first, coarsest,
    on a tie within 1e-12), and that modularity.  Needs at least one tie.

    Each source's contribution to edge betweenness is kept; removing edge (u, v) changes only the
    sources for which u and v lie at consecutive distances (the edge was on their shortest-path
    DAG), so only those are recomputed: exact, and about half the work on dense networks.

    The splitting stops as soon as no later partition can beat the best one: every later
    partition refines the current one, so its modularity is at most ``L/m - sum_v (k_v/2m)^2``,
    where ``L`` counts the edges inside the current components (fewer as they split) and the
    sum is the smallest the degree term can get (every vertex alone).
    """
    m = len(a)
    start, nbr, eid = _adjacency(n, a, b)
    alive = np.ones(m, np.bool_)
    degree = np.zeros(n)
    for k in range(m):
        degree[a[k]] += 1.0
        degree[b[k]] += 1.0
    label = np.full(n, -1, np.int64)
    count = 0
    for v in range(n):
        if label[v] < 0:
            _component(v, start, nbr, eid, alive, label, count)
            count += 1
    best_label = label.copy()
    best_q = _modularity(label, a, b, degree, float(m))
    spread = 0.0  # sum_v (k_v / 2m)^2: the degree term when every vertex is alone
    for v in range(n):
        spread += (degree[v] / (2.0 * m)) ** 2
    contrib = np.zeros((n, m))
    dist = np.full((n, n), -1, np.int64)
    edge_b = np.zeros(m)
    work = np.zeros((2, n))
    dag = np.empty((4, max(n, 2 * m)), np.int64)
    for s in range(n):
        _source(s, start, nbr, eid, alive, contrib[s], dist[s], work, dag)
        edge_b += contrib[s]
    scratch = np.full(n, -1, np.int64)
    removed, alive_before = 0, m
    for _ in range(m):
        top = -1.0
        for k in range(m):
            if alive[k] and edge_b[k] > top:
                top = edge_b[k]
        chosen = -1
        for k in range(m):  # the first edge whose betweenness ties the top
            if alive[k] and edge_b[k] >= top - 1e-9 * max(1.0, top):
                chosen = k
                break
        alive[chosen] = False
        u, v = a[chosen], b[chosen]
        scratch[:] = -1
        side = _component(u, start, nbr, eid, alive, scratch, 1)
        affected = side
        if scratch[v] != 1:  # the component split in two: relabel v's side, score the new partition
            other = _component(v, start, nbr, eid, alive, scratch, 2)
            for w in other:
                label[w] = count
            count += 1
            q = _modularity(label, a, b, degree, float(m))
            if q > best_q + 1e-12:
                best_q = q
                best_label = label.copy()
            inside = 0
            for k in range(m):
                inside += label[a[k]] == label[b[k]]
            if inside / m - spread < best_q:  # no refinement of this partition can do better
                break
            affected = np.concatenate((side, other))
        removed += 1
        if removed * 4 > alive_before:  # drop dead edges from the adjacency once a quarter is dead
            start, nbr, eid = _compact(n, start, nbr, eid, alive)
            alive_before -= removed
            removed = 0
        for s in affected:
            if abs(dist[s, u] - dist[s, v]) == 1:
                edge_b -= contrib[s]
                _source(s, start, nbr, eid, alive, contrib[s], dist[s], work, dag)
                edge_b += contrib[s]
        edge_b[chosen] = 0.0
    return best_label, best_q
