"""Writers of anonymised interviews, one per format; each streams (one interview at a time).

- ``egor``: egor's three tables, ``egos.csv``, ``alters.csv``, ``aaties.csv``, with egor's default
  id columns (``egoID``, ``alterID``, ``Source``, ``Target``): ``threefiles_to_egor()`` reads them;
  beside them the support plan's ``goals.csv`` and ``goal_people.csv`` (:mod:`egonet.exports.goals`).
- ``graphml``: one ``<egoID>.graphml`` per interview (ego as node ``ego``, alters with their
  answers, ego-alter and alter-alter edges); networkx and igraph read them.  No goals: a graph
  file holds the network.
- ``jsonl``: ``interviews.jsonl``, one interview per line:
  ``{"ego": {...}, "alters": [...], "ties": [...], "goals": [{..., "people": [alterID, ...]}]}``.
- ``parquet``: the same five tables as typed Parquet files (:mod:`egonet.exports.parquet`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from egonet.exports.anonymise import AnonymousInterview, Row
from egonet.exports.goals import GOAL_COLUMNS, GOAL_PEOPLE_COLUMNS
from egonet.exports.parquet import ParquetWriter

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["WRITERS", "EgorWriter", "GraphmlWriter", "JsonlWriter", "Writer"]


class Writer(Protocol):
    """Made with ``(out, ego_columns, alter_columns, types)``: ``types`` maps each table's columns
    to the codebook's type names."""

    files: list[Path]

    def write(self, interview: AnonymousInterview) -> None: ...
    def close(self) -> None: ...


def _cell(value: object) -> object:
    return "" if value is None else int(value) if isinstance(value, bool) else value


class EgorWriter:
    def __init__(self, out: Path, ego_columns: Sequence[str], alter_columns: Sequence[str], *_types: object) -> None:
        names = ("egos", "alters", "aaties", "goals", "goal_people")
        self.files = [out / f"{name}.csv" for name in names]
        self._handles: list[IO[str]] = [f.open("w", encoding="utf-8", newline="") for f in self.files]
        self._columns = [
            list(ego_columns),
            list(alter_columns),
            ["egoID", "Source", "Target", "weight"],
            GOAL_COLUMNS,
            GOAL_PEOPLE_COLUMNS,
        ]
        self._csv = [csv.writer(h) for h in self._handles]
        for writer, columns in zip(self._csv, self._columns, strict=True):
            writer.writerow(columns)

    def _rows(self, table: int, rows: Sequence[Row]) -> None:
        columns = self._columns[table]
        self._csv[table].writerows([_cell(row.get(c)) for c in columns] for row in rows)

    def write(self, interview: AnonymousInterview) -> None:
        self._rows(0, [interview.ego])
        self._rows(1, interview.alters)
        self._rows(2, interview.ties)
        self._rows(3, interview.goals)
        self._rows(4, interview.goal_people)

    def close(self) -> None:
        for handle in self._handles:
            handle.close()


def _attributes(row: Row) -> dict[str, str | int | float | bool]:
    """GraphML attributes: nulls left out (GraphML has no null), everything else as it is."""
    return {k: v for k, v in row.items() if v is not None and k not in ("egoID",)}


class GraphmlWriter:
    def __init__(self, out: Path, *_columns: object) -> None:
        self.out = out
        self.files: list[Path] = []

    def write(self, interview: AnonymousInterview) -> None:
        import networkx as nx  # noqa: PLC0415  (only this format needs it: the command line starts faster)

        graph: nx.Graph[str] = nx.Graph()
        graph.graph.update(_attributes(interview.ego))
        graph.add_node("ego", kind="ego")
        for alter in interview.alters:
            node = str(alter["alterID"])
            graph.add_node(node, kind="alter", **{k: v for k, v in _attributes(alter).items() if k != "alterID"})
            graph.add_edge("ego", node, kind="ego-alter")
        for tie in interview.ties:
            extra = {} if tie["weight"] is None else {"weight": tie["weight"]}
            graph.add_edge(str(tie["Source"]), str(tie["Target"]), kind="alter-alter", **extra)
        path = self.out / f"{interview.ego['egoID']}.graphml"
        nx.write_graphml(graph, path, named_key_ids=True)
        self.files.append(path)

    def close(self) -> None:
        pass


class JsonlWriter:
    def __init__(self, out: Path, *_columns: object) -> None:
        self.files = [out / "interviews.jsonl"]
        self._handle = self.files[0].open("w", encoding="utf-8")

    def write(self, interview: AnonymousInterview) -> None:
        line = {"ego": interview.ego, "alters": interview.alters, "ties": interview.ties, "goals": _goals(interview)}
        self._handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> None:
        self._handle.close()


def _goals(interview: AnonymousInterview) -> list[dict[str, object]]:
    """The goals nested in their interview's line: without ``egoID`` and ``wave`` (the line's
    ego has them), with ``people``, the pseudonyms of the people each names."""
    people: dict[object, list[object]] = {}
    for link in interview.goal_people:
        people.setdefault(link["goalID"], []).append(link["alterID"])
    return [
        {**{k: v for k, v in goal.items() if k not in ("egoID", "wave")}, "people": people.get(goal["goalID"], [])}
        for goal in interview.goals
    ]


WRITERS: dict[str, Callable[..., Writer]] = {
    "egor": EgorWriter,
    "graphml": GraphmlWriter,
    "jsonl": JsonlWriter,
    "parquet": ParquetWriter,
}
