"""Wide files, GSS-style: one row per ego, alters and ties in numbered columns.

The General Social Survey's core discussion network (Burt 1984; Marsden 1987) records up to
five alters per respondent: ``sex1`` ... ``sex5`` are the first variable of alters 1 to 5, and
``close12`` ... ``close45`` say how well each pair knows each other.  ``numgiven`` is how many
people were named; in the GSS 6 means "6 or more", of whom only the first five are recorded.

Alter variables are those named in the mapping's ``[wide] alters``, or else every ``<name><k>``
column present for every k from 1 to ``max_alters``.  An ego with no ``n_alters`` cell was not
asked the network questions and is left out (and counted); without an ``n_alters`` column, an
alter is there when any of its cells has a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from egonet.errors import Problem, SourceError
from egonet.imports.mapping import Mapping
from egonet.imports.source import SourceAlter, SourceEgo, SourceTie
from egonet.imports.tables import read_table
from egonet.imports.variables import shown, whole

__all__ = ["WideSource", "read_wide"]

NUMBERED = re.compile(r"^(.+?)(\d+)$")


@dataclass(frozen=True, slots=True)
class WideSource:
    """The egos of a wide file, and how many rows were left out for having no network."""

    egos: list[SourceEgo]
    not_asked: int


def _alter_variables(header: tuple[str, ...], most: int) -> list[str]:
    stems: dict[str, set[int]] = {}
    for column in header:
        match = NUMBERED.match(column)
        if match:
            stems.setdefault(match.group(1), set()).add(int(match.group(2)))
    return [stem for stem, ks in stems.items() if set(range(1, most + 1)) <= ks]


def read_wide(path: Path, mapping: Mapping) -> WideSource:
    """Every ego of a wide file with the alters it recorded and their tie cells."""
    if not path.is_file():
        raise SourceError([Problem(str(path), "", "not a file (give the CSV file with one row per ego)")])
    table = read_table(path)
    wide = mapping.wide
    most = wide.max_alters
    variables = list(wide.alters) or _alter_variables(table.header, most)
    if not variables:
        raise SourceError(
            [Problem(str(path), "", f"no alter columns such as sex1..sex{most}; list them in [wide] alters")]
        )
    for variable in variables:
        for k in range(1, most + 1):
            if f"{variable}{k}" not in table.header:
                raise SourceError(
                    [Problem(f"{path}:1", "", f"no column {variable}{k} for alter variable {variable!r}")]
                )
    named_ego = mapping.columns.get("ego")
    ego_col = (
        table.column(named_ego) if named_ego else next((c for c in ("id", "ID", "egoID") if c in table.header), None)
    )
    count_col = wide.n_alters or ("numgiven" if "numgiven" in table.header else None)
    if count_col is not None:
        table.column(count_col)
    pairs = [(i, j) for i in range(1, most + 1) for j in range(i + 1, most + 1)]
    taken = {f"{v}{k}" for v in variables for k in range(1, most + 1)}
    taken |= {wide.tie.format(i=i, j=j) for i, j in pairs} | {wide.tie.format(i=j, j=i) for i, j in pairs}
    egos: list[SourceEgo] = []
    seen: dict[str, str] = {}
    not_asked = 0
    for n, (where, cells) in enumerate(table.rows, start=1):
        if count_col is not None:
            count = cells.get(count_col)
            if count is None:
                not_asked += 1
                continue
            number = whole(count)
            if number is None or number < 0:
                raise SourceError([Problem(where, count_col, f"{shown(count)} is not a number of people")])
            named = min(number, most)
        else:
            named = max((k for k in range(1, most + 1) if any(f"{v}{k}" in cells for v in variables)), default=0)
        ego_id = cells.get(ego_col) if ego_col else str(n)
        if ego_id is None:
            raise SourceError([Problem(where, str(ego_col), "an ego without an id")])
        if ego_id in seen:
            raise SourceError(
                [Problem(where, str(ego_col), f"ego {shown(ego_id)} is listed twice (also {seen[ego_id]})")]
            )
        seen[ego_id] = where
        alters = [
            SourceAlter(str(k), where, {v: cells[f"{v}{k}"] for v in variables if f"{v}{k}" in cells})
            for k in range(1, named + 1)
        ]
        ties = []
        for i, j in pairs:
            if j > named:
                continue
            value = cells.get(wide.tie.format(i=i, j=j)) or cells.get(wide.tie.format(i=j, j=i))
            if value is not None:
                ties.append(SourceTie(str(i), str(j), where, value))
        own = {c: v for c, v in cells.items() if c not in taken and c != ego_col}
        egos.append(SourceEgo(ego_id, where, own, alters, ties))
    return WideSource(egos, not_asked)
