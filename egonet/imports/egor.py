"""Three tables, egos, alters and alter-alter ties: egor's layout, and EgoWeb 2.0's export.

egor (Krenz et al., R package ``egor``) keeps ego-centred data as one table of egos, one of
alters (each with its ego's id) and one of alter-alter ties (ego id and the two alters' ids).
EgoWeb 2.0 exports the same three tables under other column names.  Alter ids need only be
unique within an ego.

This is the one reader of these tables: ``egonet import egor`` and ``egonet measures --egor``
both read through it, so a folder one command accepts the other accepts too.  Each table is,
in this order:

1. the file named in the mapping's ``[files]`` table;
2. egor's own name, ``egos.csv``, ``alters.csv``, ``aaties.csv`` (what ``egonet export
   --format egor`` writes), even when other files in the folder also name a role (a
   ``ego_measures.csv`` written beside the data);
3. else the one CSV file whose name says which table it is: ``tie``, ``edge`` or ``_aa``
   (``ngq_aa.csv``) for ties, else ``alter`` for alters, else ``ego`` for egos.

Id columns default to the format's (:data:`EGOR`, :data:`EGOWEB`: the first name found in a
table is used) and can be renamed in ``[columns]``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from egonet.errors import Problem, SourceError
from egonet.imports.mapping import Mapping
from egonet.imports.source import SourceAlter, SourceEgo, SourceTie
from egonet.imports.tables import Table, read_table

__all__ = ["EGOR", "EGOWEB", "EXACT_NAMES", "Columns", "read_three_tables"]

EXACT_NAMES = {"egos": "egos.csv", "alters": "alters.csv", "ties": "aaties.csv"}
"""egor's file names (``threefiles_to_egor``'s defaults), taken before any other file of the folder."""
HINTS = {
    "egos": "expected egos.csv, or one *ego*.csv",
    "alters": "expected alters.csv, or one *alter*.csv",
    "ties": "expected aaties.csv, or one *tie*.csv, *edge*.csv or *_aa.csv",
}


@dataclass(frozen=True, slots=True)
class Columns:
    """Default id columns of a format; the first name found in a table is used."""

    ego: tuple[str, ...]
    alter: tuple[str, ...]
    source: tuple[str, ...]
    target: tuple[str, ...]
    weight: tuple[str, ...] = ("weight",)


EGOR = Columns(
    ("egoID", ".egoID", "ego_id", "ego_ID"),
    ("alterID", ".altID", "alter_id", "alter_ID"),
    ("Source", ".srcID", "from"),
    ("Target", ".tgtID", "to"),
)
"""egor's names for the tables it reads (``egoID``, ``alterID``, ``Source``, ``Target``, as Egonet
exports them), then the names egor gives its own objects written out (``.egoID``, ``.altID``,
``.srcID``, ``.tgtID``: transnat), ideanet's (``ego_id``, ``alter_id``), Vacca's (``ego_ID``,
``alter_ID``) and igraph's edge lists (``from``, ``to``)."""
EGOWEB = Columns(("EgoID",), ("Alter.Number",), ("Alter.1.Number",), ("Alter.2.Number",))


def _role(stem: str) -> str | None:
    stem = stem.lower()
    if any(word in stem for word in ("tie", "edge", "_aa")) or stem.endswith("aa"):
        return "ties"
    if "alter" in stem:
        return "alters"
    if "ego" in stem:
        return "egos"
    return None


def _files(folder: Path, mapping: Mapping) -> dict[str, Path]:
    if not folder.is_dir():
        raise SourceError([Problem(str(folder), "", "not a folder (give the folder that holds the three tables)")])
    found: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.iterdir()):
        role = _role(path.stem) if path.suffix.lower() == ".csv" and path.is_file() else None
        if role:
            found[role].append(path)
    out = {}
    for role in ("egos", "alters", "ties"):
        named = mapping.files.get(role)
        exact = folder / EXACT_NAMES[role]
        if named:
            out[role] = folder / named
            continue
        if exact.is_file():
            out[role] = exact
            continue
        if len(found[role]) != 1:
            what = (
                "no file" if not found[role] else f"{len(found[role])} files ({', '.join(p.name for p in found[role])})"
            )
            raise SourceError(
                [
                    Problem(
                        str(folder),
                        "",
                        f"{what} for the {role} table ({HINTS[role]}); name it in the mapping's [files]",
                    )
                ]
            )
        out[role] = found[role][0]
    return out


def _pick(table: Table, mapping: Mapping, key: str, defaults: tuple[str, ...]) -> str:
    named = mapping.columns.get(key)
    return table.column(named) if named else table.column(*defaults)


def read_three_tables(folder: Path, mapping: Mapping, columns: Columns = EGOR) -> list[SourceEgo]:
    """Every ego of the folder's three tables, with its alters and tie rows, in the egos' order."""
    files = _files(folder, mapping)
    egos_t, alters_t, ties_t = (read_table(files[r]) for r in ("egos", "alters", "ties"))
    ego_col = _pick(egos_t, mapping, "ego", columns.ego)
    label = mapping.columns.get("label")
    egos: dict[str, SourceEgo] = {}
    for where, cells in egos_t.rows:
        ego_id = cells.pop(ego_col, None)
        if ego_id is None:
            raise SourceError([Problem(where, ego_col, "an ego without an id")])
        if ego_id in egos:
            raise SourceError([Problem(where, ego_col, f"ego {ego_id!r} is listed twice (also {egos[ego_id].where})")])
        egos[ego_id] = SourceEgo(ego_id, where, cells)
    alter_ego = _pick(alters_t, mapping, "ego", columns.ego)
    alter_col = _pick(alters_t, mapping, "alter", columns.alter)
    if label:
        alters_t.column(label)
    for where, cells in alters_t.rows:
        ego_id, alter_id = cells.pop(alter_ego, None), cells.pop(alter_col, None)
        if ego_id is None or alter_id is None:
            raise SourceError([Problem(where, alter_col if ego_id else alter_ego, "an alter row without its id")])
        if ego_id not in egos:
            raise SourceError([Problem(where, alter_ego, f"ego {ego_id!r} is not in {files['egos'].name}")])
        name = cells.pop(label, None) if label else None
        egos[ego_id].alters.append(SourceAlter(alter_id, where, cells, name))
    tie_ego = _pick(ties_t, mapping, "ego", columns.ego)
    source, target = _pick(ties_t, mapping, "source", columns.source), _pick(ties_t, mapping, "target", columns.target)
    weight = (
        ties_t.column(mapping.tie_column)
        if mapping.tie_column
        else next((c for c in columns.weight if c in ties_t.header), None)
    )
    for where, cells in ties_t.rows:
        ego_id, a, b = cells.get(tie_ego), cells.get(source), cells.get(target)
        if ego_id is None or a is None or b is None:
            raise SourceError([Problem(where, "", f"a tie row needs {tie_ego}, {source} and {target}")])
        if ego_id not in egos:
            raise SourceError([Problem(where, tie_ego, f"ego {ego_id!r} is not in {files['egos'].name}")])
        egos[ego_id].ties.append(SourceTie(a, b, where, cells.get(weight) if weight else None))
    return list(egos.values())
