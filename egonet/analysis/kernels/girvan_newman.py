"""Girvan and Newman's (2002) divisive algorithm as a kernel, keeping the partition of highest
Newman (2006) modularity.

Ties between edges of equal betweenness (within a relative :data:`TIE_TOLERANCE`) go to the first
edge in (a, b) order, so the result never depends on floating-point noise.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from egonet.analysis.kernels.paths import Floats, Ints, adjacency, dependencies, drop, reach
from egonet.analysis.kernels.tiers import inlined, kernel

__all__ = ["TIE_TOLERANCE", "divide", "girvan_newman_best", "removal_order"]

TIE_TOLERANCE = 1e-9

Matrix = npt.NDArray[np.float64]
IntMatrix = npt.NDArray[np.int64]


@kernel
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
        share = total[c] / (2.0 * m)
        q += inside[c] / m - share * share
    return q


@inlined
def _most_between(edge_b: Floats, alive: npt.NDArray[np.bool_]) -> int:
    """The live edge of highest betweenness, the first on a tie within the tolerance."""
    top = -1.0
    for k in range(len(edge_b)):
        if alive[k] and edge_b[k] > top:
            top = edge_b[k]
    for k in range(len(edge_b)):
        if alive[k] and edge_b[k] >= top - TIE_TOLERANCE * max(1.0, top):
            return k
    return -1


@inlined
def _from_scratch(
    s: int,
    graph: tuple[Ints, Ints, Ints, Ints],
    state: tuple[IntMatrix, Matrix, Matrix, Matrix],
    edge_b: Floats,
    coef: Floats,
    scratch: IntMatrix,
    dag: IntMatrix,
    dag_len: Ints,
) -> None:
    """Source ``s``'s part of every edge's betweenness, recomputed whole (Brandes 2001)."""
    start, count, nbr, eid = graph
    dist, sigma, depend, share = state
    for k in range(dag_len[s]):  # the DAG's ties when last computed whole: later updates only drop ties
        edge_b[dag[s, k]] -= share[s, dag[s, k]]
        share[s, dag[s, k]] = 0.0
    dag_len[s] = dependencies(
        s, start, count, nbr, eid, dist[s], sigma[s], depend[s], coef, scratch, dag[s], share[s], edge_b
    )


@inlined
def _pass_up(parent: int, k: int, share_k: float, depend: Floats, share: Floats, edge_b: Floats) -> None:
    """Tie ``k`` from ``parent`` now carries ``share_k``: the parent's dependency and the tie's
    betweenness change by the difference."""
    change = share_k - share[k]
    depend[parent] += change
    edge_b[k] += change
    share[k] = share_k


@inlined
def _after_removal(
    s: int,
    u: int,
    v: int,
    e: int,
    graph: tuple[Ints, Ints, Ints, Ints],
    state: tuple[IntMatrix, Matrix, Matrix, Matrix],
    edge_b: Floats,
    tie_id: IntMatrix,
    marks: IntMatrix,
    stamp: int,
    queue: Ints,
) -> bool:
    """Update source ``s``'s part after tie ``e`` = (u, v), on its shortest-path DAG, was removed;
    False (nothing changed) when a distance from ``s`` changes, which needs :func:`_from_scratch`.

    If the far end ``v`` keeps another parent, no distance changes.  The path counts change only
    for ``v`` and its DAG descendants ``D`` (recounted in level order), whose dependencies are
    recomputed from their children, deepest first, as Brandes' backward pass does.  Above them
    the change rises parent by parent: a vertex whose dependency changed passes the new shares
    of its DAG ties on to its parents, deepest level first.  On dense networks this touches a
    few ties instead of every tie.
    """
    start, count, nbr, eid = graph
    dist, sigma, depend, share = state
    d, sg, dp, sh = dist[s], sigma[s], depend[s], share[s]
    if d[u] > d[v]:
        u, v = v, u
    kept = False
    for p in range(start[v], start[v] + count[v]):
        if d[nbr[p]] == d[v] - 1:
            kept = True
            break
    if not kept:
        return False
    below, pending, head, link = marks[0], marks[1], marks[2], marks[3]
    below[v] = stamp
    queue[0] = v
    tail, i = 1, 0
    while i < tail:  # D in level order, with its new path counts
        x = queue[i]
        i += 1
        total = 0.0
        for p in range(start[x], start[x] + count[x]):
            w = nbr[p]
            if d[w] == d[x] - 1:
                total += sg[w]
            elif d[w] == d[x] + 1 and below[w] != stamp:
                below[w] = stamp
                queue[tail] = w
                tail += 1
        sg[x] = total
    for j in range(tail - 1, -1, -1):  # D's dependencies, deepest first, from their children (all in D)
        x = queue[j]
        total = 0.0
        for p in range(start[x], start[x] + count[x]):
            w = nbr[p]
            if d[w] == d[x] + 1:
                c = sg[x] * ((1.0 + dp[w]) / sg[w])
                total += c
                edge_b[eid[p]] += c - sh[eid[p]]
                sh[eid[p]] = c
        dp[x] = total
    edge_b[e] -= sh[e]  # u lost its child v
    dp[u] -= sh[e]
    sh[e] = 0.0
    pending[u] = stamp
    link[u], head[d[u]] = head[d[u]], u
    top = d[u]
    for j in range(tail):  # D's parents outside D take the new shares of their ties into D
        x = queue[j]
        factor = (1.0 + dp[x]) / sg[x]
        for p in range(start[x], start[x] + count[x]):
            w = nbr[p]
            if d[w] == d[x] - 1 and below[w] != stamp:
                _pass_up(w, eid[p], sg[w] * factor, dp, sh, edge_b)
                if pending[w] != stamp:
                    pending[w] = stamp
                    link[w], head[d[w]] = head[d[w]], w
                    top = max(top, d[w])
    _rise(s, top, graph, state, edge_b, tie_id, marks, stamp)
    return True


@inlined
def _rise(
    s: int,
    top: int,
    graph: tuple[Ints, Ints, Ints, Ints],
    state: tuple[IntMatrix, Matrix, Matrix, Matrix],
    edge_b: Floats,
    tie_id: IntMatrix,
    marks: IntMatrix,
    stamp: int,
) -> None:
    """Pass changed dependencies up to ``s``, level by level from ``top``: each vertex waiting in
    ``marks`` (linked per level) gives its parents the new shares of its DAG ties."""
    start, count, nbr, eid = graph
    dist, sigma, depend, share = state
    d, sg, dp, sh = dist[s], sigma[s], depend[s], share[s]
    pending, head, link = marks[1], marks[2], marks[3]
    for level in range(top, 0, -1):
        x = head[level]
        head[level] = -1
        while x >= 0:
            factor = (1.0 + dp[x]) / sg[x]
            if level == 1:  # the only parent is s
                _pass_up(s, tie_id[s, x], sg[s] * factor, dp, sh, edge_b)
            else:
                for p in range(start[x], start[x] + count[x]):
                    w = nbr[p]
                    if d[w] == level - 1:
                        _pass_up(w, eid[p], sg[w] * factor, dp, sh, edge_b)
                        if pending[w] != stamp:
                            pending[w] = stamp
                            link[w], head[level - 1] = head[level - 1], w
            x = link[x]
    head[0] = -1


@inlined
def _cut_off(
    s: int,
    e: int,
    near: int,
    far: Ints,
    graph: tuple[Ints, Ints, Ints, Ints],
    state: tuple[IntMatrix, Matrix, Matrix, Matrix],
    edge_b: Floats,
    tie_id: IntMatrix,
    marks: IntMatrix,
    stamp: int,
) -> None:
    """Update source ``s``'s part after tie ``e`` split its component: the vertices ``far`` (the
    other side) are no longer reachable.  Their DAG ties lose their shares, and ``near``, the end
    of ``e`` on s's side, loses its child; the change rises from ``near`` to ``s``."""
    start, count, nbr, eid = graph
    dist, sigma, depend, share = state
    d, sg, dp, sh = dist[s], sigma[s], depend[s], share[s]
    for x in far:  # every tie into a far vertex comes from a far vertex, but e
        for p in range(start[x], start[x] + count[x]):
            if d[nbr[p]] == d[x] - 1:
                edge_b[eid[p]] -= sh[eid[p]]
                sh[eid[p]] = 0.0
    for x in far:
        d[x], sg[x], dp[x] = -1, 0.0, 0.0
    _pass_up(near, e, 0.0, dp, sh, edge_b)
    pending, head, link = marks[1], marks[2], marks[3]
    pending[near] = stamp
    link[near], head[d[near]] = head[d[near]], near
    _rise(s, d[near], graph, state, edge_b, tie_id, marks, stamp)


@kernel
def girvan_newman_best(n: int, a: Ints, b: Ints) -> tuple[Ints, float]:
    """Component labels of the Girvan-Newman partition of highest modularity (the first, coarsest,
    on a tie within 1e-12), and that modularity.  Needs at least one tie.  See :func:`divide`."""
    return divide(n, a, b, np.full(len(a), -1, np.int64), True, np.zeros(n))


@kernel
def removal_order(n: int, a: Ints, b: Ints) -> Ints:
    """The ties in the order Girvan-Newman removes them, all of them (for the tests)."""
    removed = np.full(len(a), -1, np.int64)
    divide(n, a, b, removed, False, np.zeros(n))
    return removed


@kernel
def divide(n: int, a: Ints, b: Ints, removed: Ints, stop_early: bool, between: Floats) -> tuple[Ints, float]:
    """The best partition and its modularity, writing the ties removed into ``removed``, in order,
    and each vertex's raw betweenness in the whole network into ``between`` (it comes free).

    Each source's share of every edge's betweenness is kept, with its distances, path counts and
    dependencies.  Removing edge (u, v) changes only the sources for which u and v lie at
    consecutive distances (the edge was on their shortest-path DAG); for those the part of the
    DAG below v is updated (:func:`_after_removal`), or the source is recomputed on the live edges
    when a distance changes.  Exact, and a fraction of the work on dense networks.

    The splitting stops as soon as no later partition can beat the best one: every later
    partition refines the current one, so its modularity is at most ``L/m - sum_v (k_v/2m)^2``,
    where ``L`` counts the edges inside the current components (fewer as they split) and the
    sum is the smallest the degree term can get (every vertex alone).
    """
    m = len(a)
    graph = adjacency(n, a, b)
    start, count, nbr, eid = graph
    degree = count.astype(np.float64)
    alive = np.ones(m, np.bool_)
    label = np.full(n, -1, np.int64)
    queue = np.empty(n, np.int64)
    groups = 0
    for v in range(n):
        if label[v] < 0:
            reach(v, start, count, nbr, label, groups, queue, 0)
            groups += 1
    best_label = label.copy()
    best_q = _modularity(label, a, b, degree, float(m))
    spread = 0.0  # sum_v (k_v / 2m)^2: the degree term when every vertex is alone
    for v in range(n):
        share = degree[v] / (2.0 * m)
        spread += share * share
    state = (np.full((n, n), -1, np.int64), np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, m)))
    dist = state[0]
    edge_b = np.zeros(m)
    coef = np.zeros(n)
    scratch = np.empty((3, max(n + 1, m)), np.int64)
    dag = np.empty((n, m), np.int64)
    dag_len = np.zeros(n, np.int64)
    marks = np.full((4, n), -1, np.int64)
    tie_id = np.full((n, n), -1, np.int64)
    for k in range(m):
        tie_id[a[k], b[k]] = tie_id[b[k], a[k]] = k
    for s in range(n):
        _from_scratch(s, graph, state, edge_b, coef, scratch, dag, dag_len)
        for w in range(n):
            if w != s:
                between[w] += state[2][s, w] / 2.0
    stamp = 0
    side = np.empty(n, np.int64)
    affected = np.empty(n, np.int64)  # the component(s) of the removed tie's ends
    for step in range(m):
        chosen = _most_between(edge_b, alive)
        removed[step] = chosen
        alive[chosen] = False
        u, v = a[chosen], b[chosen]
        drop(u, chosen, start, count, nbr, eid)
        drop(v, chosen, start, count, nbr, eid)
        side[:] = -1
        on_u = reach(u, start, count, nbr, side, 1, affected, 0)
        reached = on_u
        if side[v] != 1:  # the component split in two: relabel v's side, score the new partition
            reached = reach(v, start, count, nbr, side, 2, affected, on_u)
            for j in range(on_u, reached):
                label[affected[j]] = groups
            groups += 1
            q = _modularity(label, a, b, degree, float(m))
            if q > best_q + 1e-12:
                best_q = q
                best_label = label.copy()
            inside = 0
            for k in range(m):
                inside += label[a[k]] == label[b[k]]
            if stop_early and inside / m - spread < best_q:  # no refinement of this partition can do better
                break
        for j in range(reached):
            s = affected[j]
            if abs(dist[s, u] - dist[s, v]) == 1:  # the edge was on s's DAG
                stamp += 1
                if reached > on_u:  # split: the other side is cut off from s
                    if j < on_u:
                        _cut_off(s, chosen, u, affected[on_u:reached], graph, state, edge_b, tie_id, marks, stamp)
                    else:
                        _cut_off(s, chosen, v, affected[:on_u], graph, state, edge_b, tie_id, marks, stamp)
                elif not _after_removal(s, u, v, chosen, graph, state, edge_b, tie_id, marks, stamp, queue):
                    _from_scratch(s, graph, state, edge_b, coef, scratch, dag, dag_len)
        edge_b[chosen] = 0.0
    return best_label, best_q
