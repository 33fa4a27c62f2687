"""egor's three tables (real data in ../shared/egonet_datasets) are read by one reader,
:mod:`egonet.imports`: ``egonet import egor`` and ``egonet measures --egor`` accept the same
folders and see the same networks, checked against networkx built straight from the CSV files."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import pytest

from egonet.analysis import IDENTITY
from egonet.errors import SourceError
from egonet.imports import Mapping, read_interviews
from tests.helpers import DATASETS, egonet, rows

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")

TRANSNAT_MAPPING = """\
[ties]
no_tie = ["not at all"]
strength = { "good" = 3, "less than good" = 2, "loose contact" = 1 }
"""


def reference(
    egos: Path, alters: Path, ties: Path, columns: tuple[str, str, str, str], no_tie: set[str]
) -> dict[str, nx.Graph]:
    """One networkx graph per ego, straight from the CSV rows (columns: ego, alter, source, target)."""
    ego, alter, a, b = columns
    graphs: dict[str, nx.Graph] = defaultdict(nx.Graph)
    for row in rows(egos):
        graphs[row[ego]] = nx.Graph()
    for row in rows(alters):
        graphs[row[ego]].add_node(row[alter])
    for row in rows(ties):
        if row.get("weight", "") not in no_tie and row[a] != row[b]:
            graph = graphs[row[ego]]
            if row[a] in graph and row[b] in graph:
                graph.add_edge(row[a], row[b])
    return graphs


def egor_folder(tmp_path: Path) -> Path:
    """transnat under egor's own file names, beside a table of measures written there before:
    the old ``measures --egor`` took it (exact names first), the old ``import egor`` refused it
    (two files for the egos table)."""
    folder = tmp_path / "transnat"
    folder.mkdir()
    for table in ("egos", "alters", "aaties"):
        shutil.copy(DATASETS / "egor_transnat" / f"transnat_{table}.csv", folder / f"{table}.csv")
    (folder / "ego_measures.csv").write_text("ego_id,n_alters\n2,3\n")
    return folder


class Case(NamedTuple):
    folder: str
    egos: str
    """The egos table (one row per ego)."""
    measures: tuple[str, ...]
    """Options of ``egonet measures --egor``."""
    mapping: str
    """The mapping file of ``egonet import egor``."""


CASES = {
    # the old measures --egor refused: ego_id and alter_id were not among its id columns
    "ideanet_ngq": Case("ideanet_ngq", "ngq_egos.csv", ("--source", "alter1", "--target", "alter2"),
                        '[columns]\nsource = "alter1"\ntarget = "alter2"\n'),
    # the old measures --egor refused: ego_data.csv, alter_attributes.csv, alter_ties.csv are not
    # *egos.csv, *alters.csv, *aaties.csv; nor were ego_ID, from, to its id columns
    "vacca_srilanka_milan": Case("vacca_srilanka_milan", "ego_data.csv", (), ""),
    # the old measures --egor had no --mapping, so no tie strength: both read the same mapping now
    "egor_transnat": Case("egor_transnat", "transnat_egos.csv", ("--mapping", "{mapping}"), TRANSNAT_MAPPING),
    # the old import egor refused: ego_measures.csv made two files for the egos table
    "egor_names": Case("", "egos.csv", ("--no-tie", "not at all"), '[ties]\nno_tie = ["not at all"]\n'),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_import_and_measures_accept_the_same_folder_and_see_the_same_networks(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    folder = DATASETS / case.folder if case.folder else egor_folder(tmp_path)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(case.mapping)
    home = tmp_path / "home"
    options = [o.replace("{mapping}", str(mapping)) for o in case.measures]

    direct = egonet(home, "measures", "--egor", str(folder), *options)
    assert direct.returncode == 0, direct.stderr
    imported = egonet(home, "import", "egor", str(folder), "--service", "S", "--mapping", str(mapping))
    assert imported.returncode == 0, imported.stderr
    stored = egonet(home, "measures")
    assert stored.returncode == 0, stored.stderr

    by_ego = {row.pop("ego_id"): row for row in map(json.loads, direct.stdout.splitlines())}
    from_store = {}
    for line in stored.stdout.splitlines():
        row = json.loads(line)
        from_store[row["patient"]] = {k: v for k, v in row.items() if k not in IDENTITY}
    assert len(by_ego) == len(rows(folder / case.egos))
    assert by_ego == from_store  # every ego, every measure, the same value
    if name == "egor_transnat":
        assert any(row["mean_tie_strength"] is not None for row in by_ego.values())


@pytest.mark.parametrize(
    ("folder", "mapping", "files", "columns", "no_tie"),
    [
        (
            "egor_transnat",
            Mapping(no_tie=frozenset({"not at all"})),
            ("transnat_egos.csv", "transnat_alters.csv", "transnat_aaties.csv"),
            (".egoID", ".altID", ".srcID", ".tgtID"),
            {"not at all"},
        ),
        (
            "ideanet_ngq",  # one tie row per dyad and relation type: collapsed to one tie
            Mapping(columns={"source": "alter1", "target": "alter2"}, tie_column="freqtalk"),
            ("ngq_egos.csv", "ngq_alters.csv", "ngq_aa.csv"),
            ("ego_id", "alter_id", "alter1", "alter2"),
            set(),
        ),
    ],
    ids=["egor_transnat", "ideanet_ngq"],
)
def test_the_networks_read_are_those_of_the_csv_files(
    folder: str, mapping: Mapping, files: tuple[str, str, str], columns: tuple[str, str, str, str], no_tie: set[str]
) -> None:
    from egonet.analysis import EgoNetwork, measure_network

    path = DATASETS / folder
    read = read_interviews("egor", path, mapping, service="S")
    graphs = reference(*(path / f for f in files), columns, no_tie)
    assert [e.id for e in read.egos] == list(graphs)
    if folder == "ideanet_ngq":
        tie_rows = len(rows(path / files[2]))
        assert tie_rows == 123
        assert sum(g.number_of_edges() for g in graphs.values()) < tie_rows
    for ego, interview in zip(read.egos, read.interviews, strict=True):
        graph = graphs[ego.id]
        row = measure_network(EgoNetwork.from_interview(interview), read.plan.protocol, {"ego_id": ego.id}).row()
        assert row["n_alters"] == graph.number_of_nodes()
        assert row["n_ties"] == graph.number_of_edges()
        expected = nx.density(graph) if graph.number_of_nodes() >= 2 else None
        assert row["density"] == pytest.approx(expected) if expected is not None else row["density"] is None
        if graph.number_of_nodes():
            assert row["n_components"] == nx.number_connected_components(graph)
    if folder == "egor_transnat":
        # support flags and sex became categorical questions; ego sex gives the E-I index
        first = measure_network(EgoNetwork.from_interview(read.interviews[0]), read.plan.protocol).row()
        assert "prop_advice_yes" in first and "ei_sex" in first


def test_missing_tables_and_columns_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no file for the egos table"):
        read_interviews("egor", tmp_path, Mapping(), service="S")
    (tmp_path / "egos.csv").write_text("id\n1\n")
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n")
    (tmp_path / "aaties.csv").write_text("egoID,Source,Target\n1,1,2\n")
    with pytest.raises(SourceError, match="no column 'egoID'") as caught:
        read_interviews("egor", tmp_path, Mapping(), service="S")
    assert "egos.csv" in str(caught.value)
    (tmp_path / "egos.csv").write_text("egoID\n1\n")
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n,3\n")
    with pytest.raises(SourceError, match=r"alters.csv:3"):
        read_interviews("egor", tmp_path, Mapping(), service="S")
    # a tie naming no alter of its ego is an error with file and line, not a tie dropped quietly
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n1,2\n")
    (tmp_path / "aaties.csv").write_text("egoID,Source,Target\n1,1,2\n1,1,9\n")
    with pytest.raises(SourceError, match=r"alter '9'.*aaties.csv:3"):
        read_interviews("egor", tmp_path, Mapping(), service="S")
