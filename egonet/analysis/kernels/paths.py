"""Adjacency rows and breadth-first shortest paths (kernels).

A vertex ``v``'s live neighbours are ``nbr[start[v] : start[v] + count[v]]``, with the ids of the
ties that reach them in ``eid``; removing a tie (:func:`drop`) shortens both rows in place.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from egonet.analysis.kernels.tiers import inlined, kernel

__all__ = ["adjacency", "dependencies", "drop", "reach", "tie_ends"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def tie_ends(codes: Ints, n: int) -> tuple[Ints, Ints]:
    """The ties ``i * n + j`` (``i < j``) as the two sorted arrays ``a``, ``b`` the kernels take."""
    ordered = np.sort(codes)
    return ordered // max(n, 1), ordered % max(n, 1)


@kernel
def adjacency(n: int, a: Ints, b: Ints) -> tuple[Ints, Ints, Ints, Ints]:
    """``start``, ``count``, ``nbr``, ``eid``: each vertex's neighbours and tie ids, in tie order."""
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
    return start, degree[1:].copy(), nbr, eid


@inlined
def drop(v: int, e: int, start: Ints, count: Ints, nbr: Ints, eid: Ints) -> None:
    """Remove tie ``e`` from ``v``'s live neighbours, keeping the others in order."""
    end = start[v] + count[v]
    p = start[v]
    while eid[p] != e:
        p += 1
    while p < end - 1:
        nbr[p], eid[p] = nbr[p + 1], eid[p + 1]
        p += 1
    count[v] -= 1


@inlined
def reach(s: int, start: Ints, count: Ints, nbr: Ints, label: Ints, mark: int, members: Ints, first: int) -> int:
    """Label ``mark`` every vertex reachable from ``s`` over live ties, writing them into
    ``members`` from index ``first`` (breadth first); returns the index after the last."""
    label[s] = mark
    members[first] = s
    head, tail = first, first + 1
    while head < tail:
        v = members[head]
        head += 1
        for p in range(start[v], start[v] + count[v]):
            if label[nbr[p]] != mark:
                label[nbr[p]] = mark
                members[tail] = nbr[p]
                tail += 1
    return tail


@inlined
def dependencies(
    s: int,
    start: Ints,
    count: Ints,
    nbr: Ints,
    eid: Ints,
    dist: Ints,
    sigma: Floats,
    depend: Floats,
    coef: Floats,
    scratch: Ints,
    out_e: Ints,
    shares: Floats,
    edge_b: Floats,
) -> int:
    """Brandes' (2001) single-source pass from ``s`` over live ties.

    Writes the distances into ``dist`` (-1: unreachable), the number of shortest paths from ``s``
    into ``sigma``, the dependency of ``s`` on each vertex into ``depend``, and each tie of the
    shortest-path DAG into ``out_e`` (returning how many) with its dependency (the share of
    shortest paths from ``s`` through it, as networkx's edge betweenness) into ``shares`` (by
    tie id), also added to ``edge_b``.  ``coef``
    (n) and ``scratch`` (3 x max(n + 1, ties)) are scratch space allocated once by the caller.
    The backward pass takes ``(1 + delta_w) / sigma_w`` once per vertex, as networkx does.
    """
    depend[:] = 0.0
    sigma[:] = 0.0
    order, first, dag_w = scratch[0], scratch[1], scratch[2]
    dist[:] = -1
    sigma[s], dist[s] = 1.0, 0
    order[0] = s
    head, tail, edges = 0, 1, 0
    while head < tail:  # forward: the DAG's ties, grouped by their nearer end, in BFS order
        v = order[head]
        first[head] = edges
        head += 1
        dv = dist[v] + 1
        for p in range(start[v], start[v] + count[v]):
            w = nbr[p]
            if dist[w] < 0:
                dist[w] = dv
                order[tail] = w
                tail += 1
            if dist[w] == dv:
                sigma[w] += sigma[v]
                dag_w[edges], out_e[edges] = w, eid[p]
                edges += 1
    first[tail] = edges
    for i in range(tail - 1, -1, -1):  # backward: farthest vertices first
        v = order[i]
        total = 0.0
        for k in range(first[i], first[i + 1]):
            share = sigma[v] * coef[dag_w[k]]
            total += share
            shares[out_e[k]] = share
            edge_b[out_e[k]] += share
        depend[v] = total
        coef[v] = (1.0 + total) / sigma[v]
    return edges
