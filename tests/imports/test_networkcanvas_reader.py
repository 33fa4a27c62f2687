"""Network Canvas exports (../shared/egonet_datasets), read as CSV and as GraphML, checked against
counts taken straight from the files with the csv module and networkx; and malformed exports."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from egonet.errors import SourceError, UsageError
from egonet.imports.networkcanvas import read_networkcanvas
from egonet.imports.source import SourceEgo
from tests.helpers import DATASETS, rows

RADAR = DATASETS / "networkcanvas_sample_radar"
SB23 = DATASETS / "networkcanvas_sample_sb23"
BOOKKEEPING = {"networkCanvasEgoUUID", "networkCanvasCaseID", "networkCanvasSessionID", "networkCanvasUUID"}
needs_data = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


def cases(folder: Path) -> dict[str, Path]:
    """Case id -> its ``_ego.csv`` file, read with the csv module."""
    return {rows(ego)[0]["networkCanvasCaseID"]: ego for ego in folder.glob("*_ego.csv")}


def norm(value: object) -> str:
    """A cell as text that CSV and GraphML (or networkx's typed values) agree on."""
    text = str(value).strip().lower()
    try:
        return repr(float(text))
    except ValueError:
        return text


def by_id(egos: list[SourceEgo]) -> dict[str, SourceEgo]:
    return {ego.id: ego for ego in egos}


@needs_data
@pytest.mark.parametrize("folder", [RADAR, SB23], ids=["radar", "sb23"])
def test_csv_export_counts_match_the_files(folder: Path) -> None:
    egos = read_networkcanvas(folder, kind="csv")
    expected = cases(folder)
    assert len(egos) == len(list(folder.glob("*_ego.csv"))) == 10
    assert [ego.id for ego in egos] == sorted(expected)
    for ego in egos:
        prefix = expected[ego.id].name.removesuffix("_ego.csv")
        people = rows(folder / f"{prefix}_attributeList_Person.csv")
        edges = [row for f in folder.glob(f"{prefix}_edgeList_*.csv") for row in rows(f)]
        assert [alter.id for alter in ego.alters] == [row["nodeID"] for row in people]
        assert [alter.label for alter in ego.alters] == [row["name"] or None for row in people]
        assert sorted((t.a, t.b) for t in ego.ties) == sorted((row["from"], row["to"]) for row in edges)
        assert ego.started == rows(expected[ego.id])[0]["sessionStart"]


@needs_data
def test_graphml_export_matches_networkx() -> None:
    egos = by_id(read_networkcanvas(SB23))  # both kinds present: GraphML is read
    files = sorted(SB23.glob("*.graphml"))
    assert len(egos) == len(files)
    for file in files:
        graph = nx.read_graphml(file)
        ego = next(e for e in egos.values() if e.where == str(file))
        people = {n: d for n, d in graph.nodes(data=True) if d.get("networkCanvasType") == "Person"}
        assert {alter.id for alter in ego.alters} == set(people)
        assert len(ego.ties) == graph.number_of_edges()
        assert {tie.value for tie in ego.ties} == {d["networkCanvasType"] for *_, d in graph.edges(data=True)}
        ego_data = {k: norm(v) for k, v in graph.graph.items() if k not in {"node_default", "edge_default"}}
        assert {k: norm(v) for k, v in ego.cells.items()} == {k: v for k, v in ego_data.items() if k not in BOOKKEEPING}
        for alter in ego.alters:
            wanted = {k: norm(v) for k, v in people[alter.id].items() if k.lower() not in {"layout_x", "layout_y"}}
            for drop in ("networkCanvasUUID", "networkCanvasType", "label", "name"):
                wanted.pop(drop, None)
            assert {k: norm(v) for k, v in alter.cells.items()} == wanted
            assert alter.label == people[alter.id]["name"]


@needs_data
def test_csv_and_graphml_readings_of_sb23_agree() -> None:
    from_csv, from_graphml = read_networkcanvas(SB23, kind="csv"), read_networkcanvas(SB23, kind="graphml")
    assert [e.id for e in from_csv] == [e.id for e in from_graphml]
    for c, g in zip(from_csv, from_graphml, strict=True):
        assert (c.started, c.finished) == (g.started, g.finished)
        assert c.cells == g.cells
        assert [(a.id, a.label) for a in c.alters] == [(a.id, a.label) for a in g.alters]
        for a, b in zip(c.alters, g.alters, strict=True):
            assert {k: norm(v) for k, v in a.cells.items()} == {k: norm(v) for k, v in b.cells.items()}
        dyads = [{frozenset((t.a, t.b)) for t in ego.ties} for ego in (c, g)]
        assert dyads[0] == dyads[1]
        assert sorted(t.value or "" for t in c.ties) == sorted(t.value or "" for t in g.ties)


@needs_data
def test_layout_names_and_bookkeeping_are_not_cells() -> None:
    for egos in (read_networkcanvas(RADAR), read_networkcanvas(SB23, kind="csv"), read_networkcanvas(SB23)):
        assert all(ego.alters for ego in egos)
        for ego in egos:
            assert not BOOKKEEPING & set(ego.cells)
            assert not {"sessionStart", "sessionFinish", "sessionExported", "networkCanvasProtocolName"} & set(
                ego.cells
            )
            for alter in ego.alters:
                names = {name.lower() for name in alter.cells}
                assert not {"name", "label", "nodeid", "cords_x", "cords_y", "layout_x", "layout_y"} & names
                assert not BOOKKEEPING & set(alter.cells)
                assert alter.label
    radar = read_networkcanvas(RADAR)
    assert any("Gender_Male" in alter.cells for ego in radar for alter in ego.alters)


@needs_data
def test_edge_types_filter() -> None:
    egos = read_networkcanvas(RADAR, edge_types=frozenset({"Close"}))
    expected = cases(RADAR)
    for ego in egos:
        close = expected[ego.id].with_name(expected[ego.id].name.replace("_ego.csv", "_edgeList_Close.csv"))
        assert {t.value for t in ego.ties} <= {"Close"}
        assert len(ego.ties) == len(rows(close))
    every = read_networkcanvas(RADAR)
    assert {t.value for e in every for t in e.ties} == {"Close", "DrugTie", "SexTie"}
    assert sum(len(e.ties) for e in egos) < sum(len(e.ties) for e in every)
    assert read_networkcanvas(SB23, edge_types=frozenset({"Close"}))[0].ties == []


@needs_data
def test_a_single_file_reads_one_case() -> None:
    file = sorted(SB23.glob("*.graphml"))[0]
    (ego,) = read_networkcanvas(file)
    (same,) = read_networkcanvas(file.with_name(file.name.replace(".graphml", "_ego.csv")))
    assert ego.id == same.id and len(ego.alters) == len(same.alters) > 0


# --- malformed exports --------------------------------------------------------------------------

EGO = "networkCanvasEgoUUID,networkCanvasCaseID,sessionStart,age\nu-1,{case},2024-01-01T10:00:00Z,40\n"
PEOPLE = "nodeID,networkCanvasEgoUUID,name,layout_x,layout_y,close\n1,u-1,Ann,0.1,0.2,true\n2,u-1,Bob,0.3,0.4,false\n"
EDGES = "edgeID,from,to\n1,1,2\n2,2,{to}\n"


def write_case(folder: Path, prefix: str = "case_1_s1", case: str = "case_1", to: str = "1") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{prefix}_ego.csv").write_text(EGO.format(case=case), encoding="utf-8")
    (folder / f"{prefix}_attributeList_Person.csv").write_text(PEOPLE, encoding="utf-8")
    (folder / f"{prefix}_edgeList_knows.csv").write_text(EDGES.format(to=to), encoding="utf-8")
    return folder


def graphml(nodes: str, edges: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:nc="http://schema.networkcanvas.com/xmlns">\n'
        '<key id="t" attr.name="networkCanvasType" for="all"/><key id="n" attr.name="name" for="node"/>\n'
        f'<graph edgedefault="undirected" nc:caseId="c1">\n{nodes}{edges}</graph>\n</graphml>\n'
    )


PERSON = '<node id="{id}"><data key="t">Person</data><data key="n">P{id}</data></node>\n'


def error(path: Path, **options: object) -> str:
    with pytest.raises(SourceError) as caught:
        read_networkcanvas(path, **options)  # type: ignore[arg-type]
    return str(caught.value)


def test_a_small_csv_case_is_read(tmp_path: Path) -> None:
    (ego,) = read_networkcanvas(write_case(tmp_path / "x"))
    assert (ego.id, ego.cells, ego.started) == ("case_1", {"age": "40"}, "2024-01-01T10:00:00Z")
    assert [(a.id, a.label, a.cells) for a in ego.alters] == [
        ("1", "Ann", {"close": "true"}),
        ("2", "Bob", {"close": "false"}),
    ]
    assert [(t.a, t.b, t.value) for t in ego.ties] == [("1", "2", "knows"), ("2", "1", "knows")]
    assert ego.ties[1].where.endswith("case_1_s1_edgeList_knows.csv:3")


def test_graphml_not_well_formed(tmp_path: Path) -> None:
    text = graphml(PERSON.format(id=1)).replace("</graph>", "")  # </graphml> now closes <graph>
    (tmp_path / "bad.graphml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("</graphml>") + 1
    message = error(tmp_path)
    assert f"bad.graphml:{line}:" in message and "mismatched tag" in message
    assert "no such" not in error(tmp_path / "bad.graphml") and "bad.graphml" in error(tmp_path / "bad.graphml")


def test_edge_list_naming_an_unknown_node(tmp_path: Path) -> None:
    message = error(write_case(tmp_path / "x", to="9"))
    assert "case_1_s1_edgeList_knows.csv:3" in message and "'9'" in message


def test_graphml_edge_naming_a_node_of_another_type(tmp_path: Path) -> None:
    place = '<node id="7"><data key="t">Place</data></node>\n'
    edges = '<edge id="e1" source="1" target="2"/>\n<edge id="e2" source="1" target="7"/>\n'
    (tmp_path / "g.graphml").write_text(graphml(PERSON.format(id=1) + PERSON.format(id=2) + place, edges))
    message = error(tmp_path)
    assert "g.graphml: edge e2" in message and "Place" in message
    assert "g.graphml: edge e1" in error(tmp_path, node_type="Place")
    (ego,) = read_networkcanvas(tmp_path, node_type="Place", edge_types=frozenset())
    assert ([a.id for a in ego.alters], ego.ties) == (["7"], [])
    duplicated = tmp_path / "dup" / "d.graphml"
    duplicated.parent.mkdir()
    duplicated.write_text(graphml(PERSON.format(id=1) * 2))
    assert "d.graphml: node 1" in error(duplicated)


def test_ego_without_case_id_or_uuid(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "x")
    (folder / "case_1_s1_ego.csv").write_text("sessionStart,age\n2024-01-01,40\n", encoding="utf-8")
    message = error(folder)
    assert "case_1_s1_ego.csv:2" in message and "networkCanvasCaseID" in message


def test_empty_directory_missing_path_and_bad_kind(tmp_path: Path) -> None:
    assert str(tmp_path) in error(tmp_path) and "no Network Canvas export" in error(tmp_path)
    assert "no such file" in error(tmp_path / "absent")
    write_case(tmp_path / "x")
    assert "*.graphml" in error(tmp_path / "x", kind="graphml")
    with pytest.raises(UsageError):
        read_networkcanvas(tmp_path / "x", kind="xml")


def test_a_case_id_given_twice(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "x")
    write_case(folder, prefix="case_1_s2")
    message = error(folder)
    assert "case_1_s1_ego.csv:2" in message and "case_1_s2_ego.csv:2" in message and "'case_1'" in message


def test_duplicated_node_id_and_missing_columns(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "x")
    people = folder / "case_1_s1_attributeList_Person.csv"
    people.write_text(PEOPLE + "1,u-1,Cy,0.5,0.6,true\n", encoding="utf-8")
    assert "attributeList_Person.csv:4" in error(folder)
    people.write_text("id,name\n1,Ann\n", encoding="utf-8")
    assert "attributeList_Person.csv:1" in error(folder) and "nodeID" in error(folder)
    write_case(folder)
    (folder / "case_1_s1_edgeList_knows.csv").write_text("edgeID,source\n1,1\n", encoding="utf-8")
    assert "edgeList_knows.csv:1" in error(folder) and "'from'" in error(folder)
