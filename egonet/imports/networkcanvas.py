"""Network Canvas exports read into :mod:`egonet.imports.source` records.

Network Canvas writes each interview (a *case*) either as one GraphML file, or as CSV files
sharing a *prefix* (everything before ``_ego.csv``): ``<prefix>_ego.csv`` (one row: the ego),
``<prefix>_attributeList_<NodeType>.csv`` (one row per node) and ``<prefix>_edgeList_<EdgeType>.csv``
(one row per edge, ``from``/``to`` naming ``nodeID``\\s).  Both hold the same variables; this
module reads either into the same records:

* the ego's id is its case id (``networkCanvasCaseID`` / ``nc:caseId``), else its ego UUID;
* the alters are the nodes of one node type (``Person`` by default);
* every edge between two alters is a :class:`SourceTie` whose ``value`` is the edge type, one per
  edge (a dyad linked by several edge types appears several times);
* *bookkeeping* (UUIDs, protocol name, session times) and *layout* (sociogram positions: a pair of
  variables ``<stem>_x``/``<stem>_y``, any case) are not answers and are left out of the cells;
  a node's ``name`` becomes its label, not a cell.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from xml.parsers.expat import ErrorString

from egonet.errors import Problem, SourceError, UsageError
from egonet.imports.source import SourceAlter, SourceEgo, SourceTie
from egonet.imports.tables import MISSING, Table, read_table

__all__ = ["read_networkcanvas"]

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
NC = "{http://schema.networkcanvas.com/xmlns}"
EGO_SUFFIX = "_ego.csv"

EGO_BOOKKEEPING = frozenset(
    {"networkCanvasEgoUUID", "networkCanvasCaseID", "networkCanvasSessionID", "networkCanvasProtocolName"}
    | {"sessionStart", "sessionFinish", "sessionExported", "networkCanvasUUID"}
)
"""Ego columns (CSV) and graph data (GraphML) that Network Canvas adds to every interview."""

NODE_NOT_CELLS = frozenset(
    {"nodeID", "networkCanvasEgoUUID", "networkCanvasUUID", "networkCanvasType", "label", "name"}
)
"""Node variables that are ids, types or the node's label rather than answers."""


def read_networkcanvas(
    path: Path,
    *,
    node_type: str = "Person",
    edge_types: frozenset[str] | None = None,
    kind: str | None = None,
) -> list[SourceEgo]:
    """Read the Network Canvas interviews at ``path``, sorted by ego id.

    ``path`` is a directory of exports, one ``.graphml`` file, or one ``*_ego.csv`` file (that
    case only).  In a directory, ``kind`` chooses ``"csv"`` or ``"graphml"``; when it is ``None``
    the GraphML files are read if there are any, else the CSV export.  Only alters of
    ``node_type`` are kept, and only ties of ``edge_types`` when it is given.  Any malformed input
    (bad XML, a missing column, an edge naming an unknown node, an id given twice, nothing to
    read) is a :class:`SourceError` naming the file and line, node or edge.
    """
    if kind not in (None, "csv", "graphml"):
        raise UsageError(f"kind must be 'csv' or 'graphml', not {kind!r}")
    if path.is_file() and path.suffix.lower() == ".graphml":
        graphml, files = True, [path]
    elif path.is_file() and path.name.endswith(EGO_SUFFIX):
        graphml, files = False, [path]
    elif path.is_dir():
        listing = _listing(path)
        found = {
            "graphml": [p for p in listing if p.suffix.lower() == ".graphml"],
            "csv": [p for p in listing if p.name.endswith(EGO_SUFFIX)],
        }
        chosen = kind or ("graphml" if found["graphml"] else "csv")
        graphml, files = chosen == "graphml", found[chosen]
        if not files:
            wanted = "*.graphml" if kind == "graphml" else ("*_ego.csv" if kind == "csv" else "*.graphml or *_ego.csv")
            raise _fail(str(path), f"no Network Canvas export in this directory (no {wanted} file)")
    elif not path.exists():
        raise _fail(str(path), "no such file or directory")
    else:
        raise _fail(str(path), "not a directory of Network Canvas exports, a .graphml file or an *_ego.csv file")
    egos: list[SourceEgo] = []
    if graphml:
        for file in files:
            egos.extend(_read_graphml(file, node_type, edge_types))
    else:
        listing = _listing(files[0].parent)  # every case of a CSV export is in the same directory
        egos.extend(_read_case(file, listing, node_type, edge_types) for file in files)
    seen: dict[str, SourceEgo] = {}
    for ego in egos:
        if ego.id in seen:
            raise _fail(ego.where, f"case id {ego.id!r} is also the case id of {seen[ego.id].where}")
        seen[ego.id] = ego
    return sorted(egos, key=lambda ego: ego.id)


def _fail(where: str, message: str, field: str = "") -> SourceError:
    return SourceError([Problem(where, field, message)])


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_file())
    except OSError as exc:
        raise _fail(str(folder), f"cannot list the directory: {exc.strerror or exc}") from None


def _layout(names: Iterable[str]) -> frozenset[str]:
    """The variables that are sociogram positions: ``<stem>_x`` and ``<stem>_y`` (any case), both present."""
    names = list(names)
    lowered = {name.lower() for name in names}
    return frozenset(
        name
        for name in names
        if name.lower().endswith(("_x", "_y")) and {name.lower()[:-2] + "_x", name.lower()[:-2] + "_y"} <= lowered
    )


def _end(where: str, end: str, node: str | None, kinds: dict[str, str | None], node_type: str) -> str:
    """Check that an edge's end ``node`` is an alter (a node of ``node_type``)."""
    if not node:
        raise _fail(where, f"the edge has no {end!r} node")
    if node not in kinds:
        raise _fail(where, f"{end} node {node!r} is not a {node_type} node of this interview")
    if kinds[node] != node_type:
        raise _fail(
            where,
            f"{end} node {node!r} is a {kinds[node] or 'untyped'} node, not a {node_type} (leave its edge type out)",
        )
    return node


# --- CSV export ---------------------------------------------------------------------------------


def _column(table: Table, name: str) -> str:
    if name not in table.header:
        raise _fail(f"{table.path}:1", f"no column {name!r} (columns: {', '.join(table.header)})")
    return name


def _read_case(ego_file: Path, listing: list[Path], node_type: str, edge_types: frozenset[str] | None) -> SourceEgo:
    """One case of the CSV export, found from its ``<prefix>_ego.csv`` file."""
    prefix = ego_file.name[: -len(EGO_SUFFIX)]
    table = read_table(ego_file)
    if len(table.rows) != 1:
        where = table.rows[1][0] if table.rows else f"{ego_file}:1"
        raise _fail(where, f"an ego file holds exactly one row, this one holds {len(table.rows)}")
    where, row = table.rows[0]
    ego_id = row.get("networkCanvasCaseID") or row.get("networkCanvasEgoUUID")
    if ego_id is None:
        raise _fail(where, "no case id and no ego UUID", "networkCanvasCaseID")
    ego = SourceEgo(
        ego_id,
        where,
        {name: value for name, value in row.items() if name not in EGO_BOOKKEEPING},
        started=row.get("sessionStart"),
        finished=row.get("sessionFinish"),
    )
    nodes = ego_file.with_name(f"{prefix}_attributeList_{node_type}.csv")
    if nodes in listing:
        ego.alters = _csv_alters(read_table(nodes))
    kinds: dict[str, str | None] = {alter.id: node_type for alter in ego.alters}
    marker = f"{prefix}_edgeList_"
    edge_files = [p for p in listing if p.name.startswith(marker) and p.suffix == ".csv"]
    for edge_file in edge_files:
        edge_type = edge_file.name[len(marker) : -len(".csv")]
        if edge_types is None or edge_type in edge_types:
            ego.ties.extend(_csv_ties(read_table(edge_file), edge_type, kinds, node_type))
    return ego


def _csv_alters(table: Table) -> list[SourceAlter]:
    id_column = _column(table, "nodeID")
    dropped = NODE_NOT_CELLS | _layout(table.header)
    alters: list[SourceAlter] = []
    seen: dict[str, str] = {}
    for where, row in table.rows:
        node_id = row.get(id_column)
        if node_id is None:
            raise _fail(where, "the node has no id", id_column)
        if node_id in seen:
            raise _fail(where, f"node id {node_id!r} is also on {seen[node_id]}", id_column)
        seen[node_id] = where
        cells = {name: value for name, value in row.items() if name not in dropped}
        alters.append(SourceAlter(node_id, where, cells, row.get("name")))
    return alters


def _csv_ties(table: Table, edge_type: str, kinds: dict[str, str | None], node_type: str) -> list[SourceTie]:
    a_column, b_column = _column(table, "from"), _column(table, "to")
    return [
        SourceTie(
            _end(where, a_column, row.get(a_column), kinds, node_type),
            _end(where, b_column, row.get(b_column), kinds, node_type),
            where,
            edge_type,
        )
        for where, row in table.rows
    ]


# --- GraphML export -----------------------------------------------------------------------------


def _read_graphml(file: Path, node_type: str, edge_types: frozenset[str] | None) -> list[SourceEgo]:
    """Every ``<graph>`` of a GraphML file (Network Canvas writes one per file, or one per case when merged)."""
    try:
        root = ET.parse(file).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise _fail(f"{file}:{line}:{column + 1}", f"not well-formed XML: {ErrorString(exc.code)}") from None
    except OSError as exc:
        raise _fail(str(file), f"cannot read the file: {exc.strerror or exc}") from None
    if root.tag != f"{GRAPHML}graphml":
        raise _fail(str(file), f"not a GraphML file (the root element is <{root.tag}>)")
    names: dict[str, str] = {}
    for key in root.iter(f"{GRAPHML}key"):
        key_id = key.get("id") or ""
        names[key_id] = key.get("attr.name") or key_id
    graphs = root.findall(f"{GRAPHML}graph")
    if not graphs:
        raise _fail(str(file), "no <graph> element")
    return [
        _graph(graph, str(file) if len(graphs) == 1 else f"{file}: graph {i}", names, node_type, edge_types)
        for i, graph in enumerate(graphs, 1)
    ]


def _data(element: ET.Element, names: dict[str, str]) -> dict[str, str]:
    """An element's ``<data>`` children by their key's ``attr.name``, missing values left out."""
    values: dict[str, str] = {}
    for data in element.findall(f"{GRAPHML}data"):
        key = data.get("key", "")
        value = (data.text or "").strip()
        if value not in MISSING:
            values[names.get(key, key)] = value
    return values


def _graph(
    graph: ET.Element, where: str, names: dict[str, str], node_type: str, edge_types: frozenset[str] | None
) -> SourceEgo:
    values = _data(graph, names)
    ego_id = graph.get(f"{NC}caseId") or values.get("networkCanvasUUID")
    if not ego_id:
        raise _fail(where, "the graph has no nc:caseId and no ego networkCanvasUUID")
    ego = SourceEgo(
        ego_id,
        where,
        {name: value for name, value in values.items() if name not in EGO_BOOKKEEPING},
        started=graph.get(f"{NC}sessionStartTime") or None,
        finished=graph.get(f"{NC}sessionFinishTime") or None,
    )
    dropped = NODE_NOT_CELLS | _layout(names.values())
    kinds: dict[str, str | None] = {}
    for i, node in enumerate(graph.findall(f"{GRAPHML}node"), 1):
        node_id = node.get("id")
        node_where = f"{where}: node {node_id or f'#{i}'}"
        if not node_id:
            raise _fail(node_where, "the node has no id")
        if node_id in kinds:
            raise _fail(node_where, f"node id {node_id!r} appears twice")
        values = _data(node, names)
        kinds[node_id] = values.get("networkCanvasType")
        if kinds[node_id] == node_type:
            cells = {name: value for name, value in values.items() if name not in dropped}
            ego.alters.append(SourceAlter(node_id, node_where, cells, values.get("name") or values.get("label")))
    for i, edge in enumerate(graph.findall(f"{GRAPHML}edge"), 1):
        edge_where = f"{where}: edge {edge.get('id') or f'#{i}'}"
        edge_type = _data(edge, names).get("networkCanvasType")
        if edge_types is None or edge_type in edge_types:
            a = _end(edge_where, "source", edge.get("source"), kinds, node_type)
            b = _end(edge_where, "target", edge.get("target"), kinds, node_type)
            ego.ties.append(SourceTie(a, b, edge_where, edge_type))
    return ego
