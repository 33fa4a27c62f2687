"""Every structural measure against a straightforward networkx computation on random networks.

The reference builds the ego network as a networkx graph (ego = node "ego") and uses networkx's
own functions (density, components, effective_size, constraint, betweenness, Girvan-Newman with
modularity), so the two share no code.  Networks include empty, single-alter, complete and
disconnected ones.
"""

from __future__ import annotations

import itertools
import math
import random
import uuid
from dataclasses import asdict

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egonet.analysis import EgoNetwork, brokerage, measure_network, structure, subgroups
from egonet.analysis.kernels import removal_order
from egonet.analysis.reference import most_valuable_edge, reference_row
from egonet.protocol import default_protocol


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(0, 14))
    kind = draw(st.sampled_from(["random", "complete", "empty", "two_parts"]))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    pairs = list(itertools.combinations(range(n), 2))
    if kind == "complete":
        graph.add_edges_from(pairs)
    elif kind == "random":
        p = draw(st.floats(0.05, 0.9))
        graph.add_edges_from(pair for pair in pairs if draw(st.floats(0, 1)) < p)
    elif kind == "two_parts":
        half = n // 2
        graph.add_edges_from((a, b) for a, b in pairs if (a < half) == (b < half))
    return graph


def to_network(graph: nx.Graph) -> EgoNetwork:
    ids = [uuid.UUID(int=i + 1) for i in graph.nodes]
    return EgoNetwork.build(ids, [(ids[a], ids[b], None) for a, b in graph.edges])


def with_ego(graph: nx.Graph) -> nx.Graph:
    ego = graph.copy()
    ego.add_edges_from(("ego", node) for node in graph.nodes)
    return ego


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_structure_matches_networkx(graph: nx.Graph) -> None:
    n = graph.number_of_nodes()
    s = structure(to_network(graph))
    assert s.n_ties == graph.number_of_edges()
    if n == 0:
        assert s.density is None and s.n_components is None
        return
    assert close(s.density, nx.density(graph) if n >= 2 else None)
    assert s.n_components == nx.number_connected_components(graph)
    assert s.n_isolates == nx.number_of_isolates(graph)
    sizes = [len(c) for c in nx.connected_components(graph)]
    assert close(s.largest_component_share, max(sizes) / n)
    if n >= 2:
        reachable = sum(1 for a in graph for b in graph if a != b and nx.has_path(graph, a, b))
        assert close(s.fragmentation, 1 - reachable / (n * (n - 1)))
    if n >= 3:
        degrees = dict(graph.degree())
        top = max(degrees.values())
        assert close(s.degree_centralization, sum(top - d for d in degrees.values()) / ((n - 1) * (n - 2)))
        b = nx.betweenness_centrality(graph, normalized=True)  # divided by (n-1)(n-2)/2
        assert close(s.betweenness_centralization, sum(max(b.values()) - v for v in b.values()) / (n - 1))


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_brokerage_matches_networkx(graph: nx.Graph) -> None:
    n = graph.number_of_nodes()
    b = brokerage(to_network(graph))
    if n == 0:
        assert b.effective_size is None and b.constraint is None
        return
    ego = with_ego(graph)
    assert close(b.effective_size, nx.effective_size(ego, nodes=["ego"])["ego"])
    assert close(b.constraint, nx.constraint(ego, nodes=["ego"])["ego"])
    assert close(b.ego_betweenness, nx.betweenness_centrality(ego, normalized=False)["ego"])
    assert b.broker_pairs == n * (n - 1) // 2 - graph.number_of_edges()
    if n >= 2:
        local = [nx.local_constraint(ego, "ego", j) for j in graph.nodes]
        mean = sum(local) / n
        expected = sum((c / mean) * math.log(c / mean) for c in local) / (n * math.log(n))
        assert close(b.hierarchy, expected)


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_subgroups_match_networkx_girvan_newman_at_maximum_modularity(graph: nx.Graph) -> None:
    net = to_network(graph)
    g = subgroups(net)
    if graph.number_of_nodes() == 0:
        assert g.n_subgroups is None
        return
    expected = reference_row(net)
    assert (g.n_subgroups, g.n_subgroups_large) == (expected["n_subgroups"], expected["n_subgroups_large"])
    assert close(g.modularity, expected["modularity"])  # type: ignore[arg-type]


def test_whole_catalogue_matches_the_reference_on_random_networks() -> None:
    """The fast path, measure by measure and all in one call, against plain networkx (reference_row)
    on 600 random networks of 0-40 alters
    (with the 1,100 of the property tests above, some 1,700 networks in all):
    empty, complete (up to 12 alters: plain Girvan-Newman on a complete 40 takes a minute), sparse
    and split into several components, and dense."""
    rng = random.Random(2026)
    protocol = default_protocol()
    for _ in range(600):
        n = rng.choice([0, 1, 2, 3, rng.randint(4, 20), rng.randint(4, 20), rng.randint(21, 40)])
        p = rng.choice(
            [0.0, 1.0 if n <= 12 else 0.3, rng.uniform(0.02, 0.25), rng.uniform(0.02, 0.5 if n <= 25 else 0.2)]
        )
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(e for e in itertools.combinations(range(n), 2) if rng.random() < p)
        net = to_network(graph)
        separate = {**asdict(structure(net)), **asdict(brokerage(net)), **asdict(subgroups(net))}
        together = measure_network(net, protocol).row()  # what measure() computes, in one compiled call
        for name, value in reference_row(net).items():
            assert close(separate[name], value), (name, n, p, separate[name], value)  # type: ignore[arg-type]
            assert close(together[name], value), (name, n, p, together[name], value)  # type: ignore[arg-type]


def test_girvan_newman_removes_ties_in_the_order_networkx_does() -> None:
    """The whole removal sequence, tie by tie, against networkx's edge betweenness recomputed after
    every removal: on dense networks most removals leave every distance unchanged and the kernel
    updates each source's shortest-path DAG in place, on sparser ones it recomputes sources."""
    rng = random.Random(7)
    for _ in range(8):
        n = rng.randint(10, 18)
        p = rng.uniform(0.2, 0.95)
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(e for e in itertools.combinations(range(n), 2) if rng.random() < p)
        a, b = to_network(graph).tie_arrays()
        order = [(int(a[k]), int(b[k])) for k in removal_order(n, a, b)]
        expected, left = [], graph.copy()
        while left.number_of_edges():
            edge = most_valuable_edge(left)
            left.remove_edge(*edge)
            expected.append(edge)
        assert order == expected, (n, p)


@pytest.mark.parametrize("n", range(6))
def test_empty_and_complete_small_networks(n: int) -> None:
    for graph in (nx.empty_graph(n), nx.complete_graph(n)):
        test_structure_matches_networkx.hypothesis.inner_test(graph)  # type: ignore[attr-defined]
        test_brokerage_matches_networkx.hypothesis.inner_test(graph)  # type: ignore[attr-defined]
