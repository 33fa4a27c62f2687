"""Measures of real data in egor's three-file layout (../shared/egonet_datasets), checked
against counts and networkx computed straight from the CSV files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

from egonet.analysis.egor import EgorLayout, find_layout, measure_egor
from egonet.errors import EgonetError
from tests.conftest import DATASETS

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reference(layout: EgorLayout, columns: tuple[str, str, str, str], no_tie: set[str]) -> dict[str, nx.Graph]:
    """One networkx graph per ego, straight from the CSV rows (columns: ego, alter, source, target)."""
    ego, alter, a, b = columns
    graphs: dict[str, nx.Graph] = defaultdict(nx.Graph)
    for row in rows(layout.egos):
        graphs[row[ego]] = nx.Graph()
    for row in rows(layout.alters):
        graphs[row[ego]].add_node(row[alter])
    for row in rows(layout.aaties):
        if row.get("weight", "") not in no_tie and row[a] != row[b]:
            graph = graphs[row[ego]]
            if row[a] in graph and row[b] in graph:
                graph.add_edge(row[a], row[b])
    return graphs


def test_transnat(tmp_path: Path) -> None:
    folder = DATASETS / "egor_transnat"
    layout = find_layout(folder, no_tie=frozenset({"not at all"}))
    measured = {m.identity["ego_id"]: m.row() for m in measure_egor(layout)}
    graphs = reference(layout, (".egoID", ".altID", ".srcID", ".tgtID"), {"not at all"})
    assert len(measured) == 50 == len(graphs)
    for ego, graph in graphs.items():
        row = measured[ego]
        assert row["n_alters"] == graph.number_of_nodes()
        assert row["n_ties"] == graph.number_of_edges()
        expected = nx.density(graph) if graph.number_of_nodes() >= 2 else None
        assert row["density"] == pytest.approx(expected) if expected is not None else row["density"] is None
        if graph.number_of_nodes():
            assert row["n_components"] == nx.number_connected_components(graph)
    # support flags and sex became categorical variables; ego sex gives the E-I index
    first = measured["2"]
    assert "prop_advice_yes" in first and "ei_sex" in first


def test_ideanet_ngq_collapses_multiplex_tie_rows() -> None:
    folder = DATASETS / "ideanet_ngq"
    layout = find_layout(
        folder, ego_id="ego_id", alter_id="alter_id", source="alter1", target="alter2", weight="freqtalk"
    )
    measured = {m.identity["ego_id"]: m.row() for m in measure_egor(layout)}
    graphs = reference(layout, ("ego_id", "alter_id", "alter1", "alter2"), set())
    tie_rows = len(rows(layout.aaties))
    assert tie_rows == 123
    assert sum(g.number_of_edges() for g in graphs.values()) < tie_rows  # one row per dyad and relation type
    for ego, graph in graphs.items():
        assert measured[ego]["n_ties"] == graph.number_of_edges()
        assert measured[ego]["n_alters"] == graph.number_of_nodes()


def test_missing_tables_and_columns_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(EgonetError, match="no file for the egos table"):
        find_layout(tmp_path)
    (tmp_path / "egos.csv").write_text("id\n1\n")
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n")
    (tmp_path / "aaties.csv").write_text("egoID,Source,Target\n1,1,2\n")
    with pytest.raises(EgonetError, match="no column 'egoID'") as caught:
        list(measure_egor(find_layout(tmp_path)))
    assert "egos.csv" in str(caught.value)
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n,3\n")
    (tmp_path / "egos.csv").write_text("egoID\n1\n")
    with pytest.raises(EgonetError, match=r"alters.csv:3"):
        list(measure_egor(EgorLayout(tmp_path / "egos.csv", tmp_path / "alters.csv", tmp_path / "aaties.csv")))
