"""Measures against published examples and hand computation, and on the tiniest networks."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable

import networkx as nx
import pytest

from egonet.analysis import EgoNetwork, blau, brokerage, ei_index, iqv, measure_network, structure, subgroups
from egonet.model import Protocol


def network(
    n: int, edges: Iterable[tuple[int, int]], values: dict[tuple[int, int], object] | None = None
) -> EgoNetwork:
    ids = [uuid.UUID(int=i + 1) for i in range(n)]
    return EgoNetwork.build(ids, [(ids[a], ids[b], (values or {}).get((a, b))) for a, b in edges])  # type: ignore[misc]


# Borgatti (1997), "Structural holes: unpacking Burt's redundancy measures", Connections 20(1):
# ego G with alters A-F; ties among alters A-B, A-E, A-F, B-D.  Published: effective size 4.67,
# efficiency 0.78, constraint 0.400 (UCINET; also networkx's tests).
BORGATTI = {"A": 0, "B": 1, "C": 2, "D": 3, "E": 4, "F": 5}
BORGATTI_TIES = [("A", "B"), ("A", "E"), ("A", "F"), ("B", "D")]


def borgatti() -> EgoNetwork:
    return network(6, [(BORGATTI[a], BORGATTI[b]) for a, b in BORGATTI_TIES])


def test_borgatti_1997_structural_holes() -> None:
    b = brokerage(borgatti())
    assert b.effective_size == pytest.approx(6 - 8 / 6)
    assert round(b.effective_size or 0, 2) == 4.67
    assert round(b.efficiency or 0, 2) == 0.78
    assert round(b.constraint or 0, 3) == 0.400
    assert b.broker_pairs == 11


def test_borgatti_ego_betweenness_by_hand() -> None:
    # Non-adjacent alter pairs: A-D, B-E, B-F, E-F have one common alter (1/2 each); the other
    # seven (A-C, B-C, C-D, C-E, C-F, D-E, D-F) have none (1 each): 7 + 4 * 0.5 = 9.
    b = brokerage(borgatti())
    assert b.ego_betweenness == pytest.approx(9.0)
    assert b.ego_betweenness_norm == pytest.approx(9.0 / 15)


def test_hierarchy_by_hand_on_a_two_alter_network() -> None:
    # ego with alters 0 and 1 and one tie between them: both constrain equally, hierarchy 0
    assert brokerage(network(2, [(0, 1)])).hierarchy == pytest.approx(0.0)
    # three alters, one tie 0-1: c = (1/3 + 1/3 * 1/2)^2 = 0.25 for 0 and 1, (1/3)^2 for 2
    b = brokerage(network(3, [(0, 1)]))
    c = [0.25, 0.25, 1 / 9]
    mean = sum(c) / 3
    expected = sum((x / mean) * math.log(x / mean) for x in c) / (3 * math.log(3))
    assert b.constraint == pytest.approx(sum(c))
    assert b.hierarchy == pytest.approx(expected)


def test_krackhardt_kite() -> None:
    # Krackhardt (1990): 10 people, 18 ties.  Degrees 4,4,3,6,3,5,5,3,2,1: Freeman degree
    # centralization 24 / 72 = 1/3.  Raw betweenness: Heather 14, Fernando and Garth 8.33, Ike 8,
    # Diane 3.67, Andre and Beverly 0.83, others 0 (sum 44): (10 * 14 - 44) / 324 = 0.2963.
    kite = nx.krackhardt_kite_graph()
    s = structure(network(10, kite.edges()))
    assert s.n_ties == 18
    assert s.density == pytest.approx(0.4)
    assert s.degree_centralization == pytest.approx(1 / 3)
    assert s.betweenness_centralization == pytest.approx(96 / 324)
    assert s.n_components == 1 and s.fragmentation == 0.0


def test_star_and_complete_extremes() -> None:
    star = structure(network(5, [(0, i) for i in range(1, 5)]))
    assert star.degree_centralization == pytest.approx(1.0)
    assert star.betweenness_centralization == pytest.approx(1.0)
    complete = network(5, [(i, j) for i in range(5) for j in range(i + 1, 5)])
    s, b = structure(complete), brokerage(complete)
    assert s.density == 1.0 and s.degree_centralization == 0.0 and s.betweenness_centralization == 0.0
    assert b.effective_size == pytest.approx(1.0)  # n - 2t/n = 5 - 20/5
    assert b.broker_pairs == 0 and b.ego_betweenness == 0.0


def test_fragmentation_and_components() -> None:
    # components of sizes 3, 2, 1: reachable ordered pairs 6 + 2 = 8 of 30
    s = structure(network(6, [(0, 1), (1, 2), (3, 4)]))
    assert s.n_components == 3
    assert s.largest_component_share == pytest.approx(0.5)
    assert s.n_isolates == 1
    assert s.fragmentation == pytest.approx(1 - 8 / 30)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_networks_give_nulls_not_crashes(n: int, protocol: Protocol) -> None:
    for edges in ([], [(0, 1)] if n == 2 else []):
        row = measure_network(network(n, edges), protocol).row()
        assert all(not (isinstance(v, float) and math.isnan(v)) for v in row.values())
        assert row["n_alters"] == n
        if n < 2:
            assert row["density"] is None and row["fragmentation"] is None
        if n < 3:
            assert row["degree_centralization"] is None and row["betweenness_centralization"] is None
        if n == 0:
            for name in (
                "effective_size",
                "constraint",
                "mean_degree",
                "n_subgroups",
                "multiplexity_mean",
                "prop_relationship_family",
                "blau_relationship",
                "prop_formal",
            ):
                assert row[name] is None, name
    assert measure_network(network(2, []), protocol).row()["modularity"] is None  # no tie: undefined


def test_duplicate_and_self_tie_rows_collapse_to_one_dyad() -> None:
    ids = [uuid.UUID(int=i + 1) for i in range(3)]
    rows = [
        (ids[0], ids[1], 1),
        (ids[1], ids[0], 2),
        (ids[0], ids[1], None),
        (ids[2], ids[2], 1),
        (ids[0], uuid.UUID(int=99), 1),
    ]
    net = EgoNetwork.build(ids, rows)
    assert net.n_ties == 1
    assert dict(net.tie_values) == {(0, 1): 2}


def test_diversity_and_ei_index_by_hand() -> None:
    counts = {"family": 2, "friend": 1, "nurse": 1}
    assert blau(counts) == pytest.approx(1 - (0.25 + 1 / 16 + 1 / 16))
    assert iqv(counts, 9) == pytest.approx((1 - 0.375) / (1 - 1 / 9))
    assert blau({}) is None and iqv({"a": 3}, 1) is None
    assert ei_index("woman", ["woman", "man", "man", "woman", "woman"]) == (pytest.approx(-0.2), pytest.approx(0.6))
    assert ei_index("woman", []) == (None, None)


def test_subgroups_of_two_cliques_joined_by_a_bridge() -> None:
    # two triangles joined by one tie, plus an isolate: GN splits the bridge (Q = 5/14)
    net = network(7, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    g = subgroups(net)
    assert (g.n_subgroups, g.n_subgroups_large, g.n_subgroups_small) == (3, 2, 1)
    assert g.modularity == pytest.approx(5 / 14)


def test_the_kernels_hand_over_named_sums_by_hand() -> None:
    # Borgatti's network: components {A,B,D,E,F} and {C}; degrees A3 B2 D1 E1 F1 C0 (max 3, gap
    # 0+1+2+2+2+3 = 10); within-pairs 5*4 + 0 = 20.  Betweenness among alters: A lies on B-E,
    # B-F, D-E, D-F, E-F (5 pairs), B on A-D, D-E, D-F (3): gap 6*5 - 5 - 3 = 22.
    from egonet.analysis.kernels import (
        BrokerageSums,
        Catalogue,
        StructureSums,
        brokerage_sums,
        catalogue,
        structure_sums,
    )

    a, b = borgatti().tie_arrays()
    sums = structure_sums(6, a, b)
    assert type(sums) is StructureSums
    assert sums._asdict() == {
        "components": 2,
        "largest_component": 5,
        "isolates": 1,
        "within_pairs": 20,
        "degree_gap": 10,
        "betweenness_gap": pytest.approx(22.0),
    }
    holes = brokerage_sums(6, a, b)
    assert type(holes) is BrokerageSums
    assert round(holes.constraint, 3) == 0.400
    assert holes.ego_betweenness == pytest.approx(9.0)
    everything = catalogue(6, a, b)
    assert type(everything) is Catalogue
    assert everything.structure == sums
    assert everything.brokerage == pytest.approx(holes)
    assert len(set(everything.labels.tolist())) == subgroups(borgatti()).n_subgroups
    assert math.isnan(brokerage_sums(1, a[:0], b[:0]).hierarchy)
