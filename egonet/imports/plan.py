"""The questions of an import: which columns become which questions of which protocol.

Two ways, chosen by the mapping's ``protocol`` key:

- **a protocol made from the data** (the default): every mapped column becomes the question the
  mapping names, every other column is typed from its values (:mod:`egonet.imports.variables`),
  and the protocol ``import-<name>`` holds them, with a name generator per mapped generator
  column (or one, ``named``, when there is none);
- **an existing protocol** (``protocol = "egonet-ssmi"``, or a custom one in the store): only
  mapped columns are read, each into the protocol's question of that id, so that imported
  networks are measured and reported exactly like interviews made with Egonet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from egonet.errors import Problem, SourceError
from egonet.imports.mapping import ColumnMap, Mapping
from egonet.imports.protocol_toml import imported_protocol
from egonet.imports.source import SourceEgo
from egonet.imports.variables import Variable, infer_question, option_key
from egonet.model import NameGenerator, Option, Protocol, Question, QuestionType, TieQuestion

__all__ = ["Plan", "plan_import"]

DEFAULT_GENERATOR = "named"


@dataclass(slots=True)
class Plan:
    """The protocol of an import and how each source column feeds it."""

    protocol: Protocol
    protocol_text: str | None
    """The file to keep in the store (``None``: the protocol is built in or already stored)."""
    alter_vars: list[Variable]
    ego_vars: list[Variable]
    generators: dict[str, tuple[str, frozenset[str]]]
    """Name generator id -> (its yes/no column, the values that mean yes)."""
    default_generator: str | None
    strength: dict[str, int]
    no_tie: frozenset[str]
    left_out: list[str] = field(default_factory=list)
    """Columns not imported (free text, identifiers, or not mapped onto an existing protocol)."""


def _ident(column: str) -> str:
    return option_key(column)


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def _columns(records: Iterable[dict[str, str]], skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cells in records:
        for column, value in cells.items():
            out.setdefault(column, []).append(value)
    return {c: v for c, v in out.items() if not any(fnmatchcase(c, pattern) for pattern in skip)}


def _infer(
    columns: dict[str, list[str]], maps: tuple[ColumnMap, ...], skip: set[str], side: str
) -> tuple[list[Variable], list[str]]:
    variables, left_out, taken = [], [], set()
    for m in maps:
        found = infer_question(
            m.question,
            m.column,
            columns.get(m.column, []),
            qtype=m.type,
            role=m.role,
            recode=m.values,
            formal=m.formal,
            mapped=True,
        )
        if found is None:
            raise SourceError(
                [
                    Problem(
                        "mapping",
                        f"{side}.{m.question}",
                        "its column has too many values to be a category; give its type",
                    )
                ]
            )
        variables.append(found)
        taken |= {m.column, m.question}
    for column, cells in columns.items():
        if column in skip or column in taken:
            continue
        qid = _ident(column)
        if qid in taken:
            left_out.append(column)
            continue
        variable = infer_question(qid, column, cells)
        if variable is None:
            left_out.append(column)
        else:
            taken.add(qid)
            variables.append(variable)
    return variables, left_out


def _strength(mapping: Mapping) -> tuple[Question | None, dict[str, int]]:
    """The tie strength question: only from the mapping's ``strength`` table, because codes
    run either way (GSS ``close``: 1 is the closest; Vacca's ``weight``: 2 means "maybe")."""
    if not mapping.strength:
        return None, {}
    return _strength_question(sorted(set(mapping.strength.values()))), dict(mapping.strength)


def _strength_question(levels: list[int]) -> Question:
    options = tuple(Option(n, _en(str(n))) for n in levels)
    return Question("strength", QuestionType.ORDINAL, _en("Tie strength"), _en("Strength"), options)


def _by_name(maps: tuple[ColumnMap, ...], columns: set[str], questions: tuple[Question, ...]) -> tuple[ColumnMap, ...]:
    """The mapping's columns, and every other column named as a question (``alter.rel`` ->
    ``alter_rel``, as the import of an earlier wave named it)."""
    ids, taken = {q.id for q in questions}, {m.question for m in maps} | {m.column for m in maps}
    extra = [
        ColumnMap(option_key(c), c) for c in sorted(columns) if option_key(c) in ids and not {c, option_key(c)} & taken
    ]
    return (*maps, *extra)


def _existing(
    mapping: Mapping, protocol: Protocol, egos: list[SourceEgo], skip: dict[str, set[str]], *, by_name: bool = False
) -> Plan:
    problems: list[Problem] = []
    alter_maps, ego_maps = mapping.alter, mapping.ego
    if by_name:
        alter_columns = set(_columns((a.cells for e in egos for a in e.alters), mapping.skip))
        alter_maps = _by_name(mapping.alter, alter_columns, protocol.alter_questions)
        ego_maps = _by_name(mapping.ego, set(_columns((e.cells for e in egos), mapping.skip)), protocol.ego_questions)

    def variables(maps: tuple[ColumnMap, ...], questions: tuple[Question, ...], side: str) -> list[Variable]:
        out = []
        known = {q.id: q for q in questions}
        for m in maps:
            if m.question not in known:
                problems.append(Problem(mapping.where, f"{side}.{m.question}", f"is not a question of {protocol.id}"))
                continue
            out.append(Variable(known[m.question], m.column, dict(m.values)))
        return out

    alter_vars = variables(alter_maps, protocol.alter_questions, "alter")
    ego_vars = variables(ego_maps, protocol.ego_questions, "ego")
    generators = {g.id: (g.column, g.yes) for g in mapping.generators}
    for gid in generators:
        if gid not in {g.id for g in protocol.name_generators}:
            problems.append(Problem(mapping.where, f"generators.{gid}", f"is not a name generator of {protocol.id}"))
    if problems:
        raise SourceError(problems)
    used = {v.column for v in [*alter_vars, *ego_vars]} | {c for c, _ in generators.values()}
    seen = set(_columns(a.cells for e in egos for a in e.alters)) | set(_columns(e.cells for e in egos))
    left_out = sorted(seen - used - skip["alter"] - skip["ego"])
    strength = dict(mapping.strength) if protocol.tie_question.strength is not None else {}
    allowed = protocol.tie_question.strength
    for value, level in strength.items():
        if allowed is not None and allowed.option(level) is None:
            problems.append(
                Problem(mapping.where, "ties.strength", f"{level} (for {value!r}) is not a strength of {protocol.id}")
            )
    if problems:
        raise SourceError(problems)
    named = {g.id for g in protocol.name_generators}
    default = DEFAULT_GENERATOR if by_name and not generators and DEFAULT_GENERATOR in named else None
    return Plan(protocol, None, alter_vars, ego_vars, generators, default, strength, _no_tie(mapping), left_out)


def _check_columns(egos: list[SourceEgo], mapping: Mapping) -> None:
    """Every column the mapping names has values in the data (a misspelt name is an error,
    never a question silently left unanswered)."""
    alters = {c for e in egos for a in e.alters for c in a.cells}
    own = {c for e in egos for c in e.cells}
    named = [(f"alter.{m.question}", m.column, alters, "alters") for m in mapping.alter]
    named += [(f"ego.{m.question}", m.column, own, "egos") for m in mapping.ego]
    named += [(f"generators.{g.id}", g.column, alters, "alters") for g in mapping.generators]
    if "started" in mapping.columns:
        named.append(("columns.started", mapping.columns["started"], own, "egos"))
    problems = [
        Problem(mapping.where, field_, f"no column {column!r} with values in the {side} (is it spelt as in the file?)")
        for field_, column, seen, side in named
        if column not in seen
    ]
    if problems:
        raise SourceError(problems)


def _no_tie(mapping: Mapping) -> frozenset[str]:
    return mapping.no_tie if mapping.no_tie is not None else frozenset({"0"})


def plan_import(
    egos: list[SourceEgo],
    mapping: Mapping,
    name: str,
    existing: Protocol | None = None,
    skip: dict[str, set[str]] | None = None,
    *,
    by_name: bool = False,
) -> Plan:
    """The plan for importing ``egos``: into ``existing`` if given, else a protocol made from them.

    ``skip`` names columns (per side, ``alter`` / ``ego``) that are not questions (ids, dates);
    ``by_name``: columns named as a question of ``existing`` answer it without a mapping (a
    follow-up wave of an import).
    """
    skip = {"alter": set(), "ego": set(), **(skip or {})}
    _check_columns(egos, mapping)
    if existing is not None:
        return _existing(mapping, existing, egos, skip, by_name=by_name)
    generator_columns = {g.column for g in mapping.generators}
    alter_columns = _columns((a.cells for e in egos for a in e.alters), mapping.skip)
    alter_vars, alter_out = _infer(alter_columns, mapping.alter, skip["alter"] | generator_columns, "alter")
    ego_vars, ego_out = _infer(_columns((e.cells for e in egos), mapping.skip), mapping.ego, skip["ego"], "ego")
    no_tie = _no_tie(mapping)
    strength, codes = _strength(mapping)
    generators = [NameGenerator(g.id, g.support_type, _en(g.column), _en(g.column)) for g in mapping.generators]
    default = None
    if not generators:
        default = DEFAULT_GENERATOR
        generators = [NameGenerator(default, "other", _en("Named in the source data"), _en("Named"))]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "data"
    draft = Protocol(
        id=f"import-{slug}",
        version="draft",
        languages=("en",),
        default_language="en",
        title=_en(f"Imported: {name}"),
        description=_en("Made by egonet import from the source data's columns."),
        name_generators=tuple(generators),
        alter_questions=tuple(v.question for v in alter_vars),
        tie_question=TieQuestion(_en("Do they know each other?"), _en("Tie"), strength),
        ego_questions=tuple(v.question for v in ego_vars),
    )
    protocol, text = imported_protocol(draft)
    gens = {g.id: (g.column, g.yes) for g in mapping.generators}
    return Plan(protocol, text, alter_vars, ego_vars, gens, default, codes, no_tie, [*alter_out, *ego_out])
