"""The same structural measures computed the plain way, with networkx, one network at a time.

This is the yardstick: the tests check the fast path (:mod:`egonet.analysis.kernels`) against
it on thousands of random networks, and ``benchmarks/measures.py`` times both.  It rebuilds a
networkx graph for every network and uses networkx's own functions throughout.
"""

from __future__ import annotations

import math

import networkx as nx
from networkx.algorithms.community import girvan_newman, modularity

from egonet.analysis.network import EgoNetwork

__all__ = ["most_valuable_edge", "reference_row"]

Value = float | int | None


def most_valuable_edge(graph: nx.Graph[int]) -> tuple[int, int]:
    """The edge of highest betweenness; ties (within 1e-9) go to the first in sorted order."""
    scores = nx.edge_betweenness_centrality(graph, normalized=False)
    top = max(scores.values())
    tied = sorted(tuple(sorted(e)) for e, s in scores.items() if s >= top - 1e-9 * max(1.0, top))
    return tied[0]  # type: ignore[return-value]


def _subgroups(graph: nx.Graph[int]) -> tuple[int, int, float | None]:
    if graph.number_of_edges() == 0:
        parts = [set(c) for c in nx.connected_components(graph)]
        return len(parts), sum(len(p) >= 3 for p in parts), None
    best = [set(c) for c in nx.connected_components(graph)]
    best_q = modularity(graph, best)
    for level in girvan_newman(graph, most_valuable_edge=most_valuable_edge):
        q = modularity(graph, level)
        if q > best_q + 1e-12:
            best, best_q = [set(c) for c in level], q
    return len(best), sum(len(p) >= 3 for p in best), float(best_q)


def reference_row(net: EgoNetwork) -> dict[str, Value]:
    """Structure, brokerage and subgroups of one network, straight from networkx."""
    n = net.n
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(net.tie_values)
    row: dict[str, Value] = {"n_ties": graph.number_of_edges()}
    if n == 0:
        return row
    ego: nx.Graph[object] = nx.Graph()
    ego.add_edges_from(graph.edges)
    ego.add_edges_from(("ego", v) for v in range(n))
    sizes = [len(c) for c in nx.connected_components(graph)]
    row["density"] = nx.density(graph) if n >= 2 else None
    row["n_components"] = len(sizes)
    row["largest_component_share"] = max(sizes) / n
    row["n_isolates"] = nx.number_of_isolates(graph)
    row["fragmentation"] = 1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1)) if n >= 2 else None
    if n >= 3:
        degrees = [d for _, d in graph.degree()]
        row["degree_centralization"] = sum(max(degrees) - d for d in degrees) / ((n - 1) * (n - 2))
        between = list(nx.betweenness_centrality(graph, normalized=False).values())
        row["betweenness_centralization"] = sum(max(between) - b for b in between) / ((n - 1) ** 2 * (n - 2) / 2)
    row["effective_size"] = nx.effective_size(ego, nodes=["ego"])["ego"]
    row["constraint"] = nx.constraint(ego, nodes=["ego"])["ego"]
    if n >= 2:
        local = [nx.local_constraint(ego, "ego", v) for v in range(n)]
        mean = sum(local) / n
        row["hierarchy"] = sum(c / mean * math.log(c / mean) for c in local) / (n * math.log(n))
    row["ego_betweenness"] = nx.betweenness_centrality(ego, normalized=False)["ego"]
    count, large, q = _subgroups(graph)
    row["n_subgroups"], row["n_subgroups_large"], row["modularity"] = count, large, q
    return row
