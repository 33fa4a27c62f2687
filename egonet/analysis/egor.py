"""Reading ego networks in egor's three-file layout, to measure data from other tools.

egor (Krenz et al., R package ``egor``) keeps ego-centred data as three tables: egos (one row
per ego), alters (one row per alter, with its ego's id) and alter-alter ties (one row per tie,
with the ego's id and the two alters' ids).  Alter ids need only be unique within an ego.
Column names default to egor's (``egoID``, ``alterID``, ``Source``, ``Target``; egor's own
``.egoID``, ``.altID``, ``.srcID``, ``.tgtID`` are recognised too) and can all be overridden.

Without a protocol, alter columns with at most :data:`MAX_CATEGORIES` distinct values are
treated as categorical variables (composition and diversity measures use them, with K = the
values seen); a column of the same name on egos gives the E-I index.  Tie rows whose value is
listed in ``no_tie`` (e.g. egor's transnat "not at all") are not ties; numeric tie values are
kept as strength.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from egonet.analysis.measures import Measures, measure_network
from egonet.analysis.network import EgoNetwork
from egonet.errors import EgonetError
from egonet.model import Answer, Option, Protocol, Question, QuestionType, TieQuestion

__all__ = ["MAX_CATEGORIES", "EgorLayout", "find_layout", "measure_egor", "read_egor"]

MAX_CATEGORIES = 12
NAMESPACE = uuid.UUID("5d1b5f5e-7c2a-4c8e-9a53-6b1f0e2d8c41")
FALLBACKS = {"egoID": ".egoID", "alterID": ".altID", "Source": ".srcID", "Target": ".tgtID"}


@dataclass(frozen=True, slots=True)
class EgorLayout:
    """Where the three tables are and which columns hold the ids."""

    egos: Path
    alters: Path
    aaties: Path
    ego_id: str = "egoID"
    alter_id: str = "alterID"
    source: str = "Source"
    target: str = "Target"
    weight: str = "weight"
    """Column of the tie value, if any: a number is kept as tie strength."""
    no_tie: frozenset[str] = field(default_factory=lambda: frozenset({"0"}))


def find_layout(directory: Path, **columns: str | frozenset[str] | None) -> EgorLayout:
    """The layout of ``directory``: ``egos.csv``, ``alters.csv``, ``aaties.csv``, or the one file
    whose name ends so (``transnat_egos.csv``; ``*_aa.csv`` for ties)."""
    if not directory.is_dir():
        raise EgonetError("not a directory", str(directory))
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".csv")
    found = {}
    for role, endings in (("egos", ("egos",)), ("alters", ("alters",)), ("aaties", ("aaties", "_aa", "ties"))):
        exact = directory / f"{role}.csv"
        matches = [exact] if exact.exists() else [p for p in files if p.stem.lower().endswith(endings)]
        if len(matches) != 1:
            what = "no file" if not matches else f"{len(matches)} files"
            raise EgonetError(f"{what} for the {role} table (expected {role}.csv or *{endings[0]}.csv)", str(directory))
        found[role] = matches[0]
    given = {k: v for k, v in columns.items() if v is not None}
    return EgorLayout(found["egos"], found["alters"], found["aaties"], **given)  # type: ignore[arg-type]


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = [(reader.line_num, row) for row in reader]
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EgonetError(f"cannot read the table: {exc}", str(path)) from None


def _column(header: list[str], wanted: str, path: Path) -> str:
    if wanted in header:
        return wanted
    fallback = FALLBACKS.get(wanted)
    if fallback in header:
        return fallback
    raise EgonetError(f"no column {wanted!r} (columns: {', '.join(header)}); name it with an option", str(path))


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_") or "blank"


def _ident(name: str) -> str:
    key = _key(name)
    return key if key[0].isalpha() else f"v_{key}"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _categorical(header: list[str], rows: list[tuple[int, dict[str, str]]], skip: set[str]) -> dict[str, list[str]]:
    out = {}
    for column in header:
        if column in skip:
            continue
        values = sorted({_key(r[column]) for _, r in rows if r.get(column, "").strip()})
        if 2 <= len(values) <= MAX_CATEGORIES:
            out[column] = values
    return out


def _text(value: str) -> dict[str, str]:
    return {"en": value}


def _protocol(alter_vars: dict[str, list[str]], ego_vars: dict[str, list[str]]) -> Protocol:
    def question(column: str, values: list[str]) -> Question:
        options = tuple(Option(v, _text(v)) for v in values)
        return Question(_ident(column), QuestionType.CATEGORICAL, _text(column), _text(column), options)

    return Protocol(
        id="egor-import",
        version="1",
        languages=("en",),
        default_language="en",
        title=_text("egor data"),
        description=_text(""),
        name_generators=(),
        alter_questions=tuple(question(c, v) for c, v in alter_vars.items()),
        tie_question=TieQuestion(_text("tie"), _text("tie")),
        ego_questions=tuple(question(c, v) for c, v in ego_vars.items()),
    )


def read_egor(layout: EgorLayout) -> tuple[Protocol, Iterator[tuple[str, EgoNetwork]]]:
    """The protocol inferred from the tables, and ``(ego id, network)`` for every ego."""
    ego_head, egos = _read(layout.egos)
    alter_head, alters = _read(layout.alters)
    tie_head, ties = _read(layout.aaties)
    ego_col = _column(ego_head, layout.ego_id, layout.egos)
    alter_ego = _column(alter_head, layout.ego_id, layout.alters)
    alter_col = _column(alter_head, layout.alter_id, layout.alters)
    tie_ego = _column(tie_head, layout.ego_id, layout.aaties)
    source, target = _column(tie_head, layout.source, layout.aaties), _column(tie_head, layout.target, layout.aaties)
    alter_vars = _categorical(alter_head, alters, {alter_ego, alter_col})
    ego_vars = {
        c: sorted(set(v) | set(alter_vars[c]))
        for c, v in _categorical(ego_head, egos, {ego_col}).items()
        if c in alter_vars
    }
    alter_vars = {c: sorted(set(v) | set(ego_vars.get(c, []))) for c, v in alter_vars.items()}
    protocol = _protocol(alter_vars, ego_vars)

    by_ego: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line, row in alters:
        ego = row.get(alter_ego, "").strip()
        if not ego or not row.get(alter_col, "").strip():
            raise EgonetError("an alter row without an ego id or an alter id", f"{layout.alters}:{line}")
        by_ego[ego].append(row)
    ties_by_ego: dict[str, list[tuple[uuid.UUID, uuid.UUID, Answer | None]]] = defaultdict(list)
    for line, row in ties:
        ego = row.get(tie_ego, "").strip()
        if not ego:
            raise EgonetError("a tie row without an ego id", f"{layout.aaties}:{line}")
        value = (row.get(layout.weight) or "").strip()
        if value in layout.no_tie:
            continue
        number = _number(value) if value else None
        ties_by_ego[ego].append((_uuid(ego, row[source]), _uuid(ego, row[target]), number))

    def networks() -> Iterator[tuple[str, EgoNetwork]]:
        for _, ego_row in egos:
            ego = ego_row[ego_col].strip()
            rows = by_ego.get(ego, [])
            answers = [{_ident(c): _key(r[c]) for c in alter_vars if r.get(c, "").strip()} for r in rows]
            ego_answers = {_ident(c): _key(ego_row[c]) for c in ego_vars if ego_row.get(c, "").strip()}
            ids = [_uuid(ego, r[alter_col]) for r in rows]
            yield ego, EgoNetwork.build(ids, ties_by_ego.get(ego, []), answers, None, ego_answers)

    return protocol, networks()


def _uuid(ego: str, alter: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{ego}\x1f{alter.strip()}")


def measure_egor(layout: EgorLayout) -> Iterator[Measures]:
    """Measures of every ego of an egor layout (identity: ``ego_id``)."""
    protocol, networks = read_egor(layout)
    for ego, net in networks:
        yield measure_network(net, protocol, {"ego_id": ego})
