"""The mapping file: how another tool's columns become Egonet's patients, questions and ties.

A small TOML file, every key optional (the README, "Importing", documents it with examples)::

    service = "CGG Leuven"              # the service of every imported patient
    patient_prefix = "tn-"              # patient code = prefix + the source's ego id
    protocol = "egonet-ssmi"            # answer the built-in protocol's questions (else one is
                                        # made from the data: "import-<name>")
    skip = ["b10_*"]                    # columns never imported (names or patterns)
    [columns]                           # where the ids are, when the names differ from the format's
    ego = "egoID"
    alter = "alterID"
    source = "Source"
    target = "Target"
    label = "name"                      # the alter's name (kept in the store, never exported)
    started = "date"                    # the interview date, on the ego table
    [files]                             # the three tables, when their names do not say which
    egos = "ego_data.csv"
    alters = "alter_attributes.csv"
    ties = "alter_ties.csv"
    [ties]
    column = "weight"
    no_tie = ["not at all"]             # values that mean "do not know each other"
    strength = { "good" = 3, "less than good" = 2, "loose contact" = 1 }
    [alter.relationship]                # a question: its id, the column it comes from, and
    column = "alter.rel"                # optionally its type, role, recoded values and which
    role = "relationship"               # values stand for professionals
    values = { "Close family" = "family", "Other family" = "family" }
    formal = ["doctor"]
    [ego.gender]
    column = "sex"
    [generators.advice]                 # a yes/no column that says an alter was named under a
    column = "advice"                   # name generator
    support_type = "informational"
    [wide]                              # GSS-style files: one row per ego
    alters = ["sex", "race", "age"]     # alter variables, one column each per alter: sex1..sex5
    n_alters = "numgiven"
    max_alters = 5
    tie = "close{i}{j}"
    [networkcanvas]                     # Network Canvas: which nodes are alters, which edges ties
    node_type = "Person"
    edge_types = ["Close"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egonet.errors import Problem, SourceError
from egonet.model import QUESTION_ROLES, SUPPORT_TYPES, QuestionType
from egonet.wire.protocol import IDENT

__all__ = ["ColumnMap", "GeneratorMap", "Mapping", "WideMap", "load_mapping"]

YES = ("yes", "true", "1", "y", "x")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """One question fed by one source column, its values recoded by ``values``."""

    question: str
    column: str
    type: QuestionType | None = None
    role: str | None = None
    values: dict[str, str | int] = field(default_factory=dict)
    formal: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GeneratorMap:
    """A name generator fed by a yes/no column of the alters."""

    id: str
    column: str
    support_type: str = "other"
    yes: frozenset[str] = frozenset(YES)


@dataclass(frozen=True, slots=True)
class WideMap:
    """The layout of a wide file: alter variables ``{variable}{k}`` and tie cells ``tie``."""

    alters: tuple[str, ...] = ()
    n_alters: str | None = None
    max_alters: int = 5
    tie: str = "close{i}{j}"


@dataclass(frozen=True, slots=True)
class Mapping:
    """A whole mapping file (or the empty mapping: every default)."""

    service: str | None = None
    patient_prefix: str = ""
    protocol: str | None = None
    skip: tuple[str, ...] = ()
    """Columns (or patterns such as ``b10_*``) never imported."""
    columns: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    tie_column: str | None = None
    no_tie: frozenset[str] | None = None
    strength: dict[str, int] = field(default_factory=dict)
    alter: tuple[ColumnMap, ...] = ()
    ego: tuple[ColumnMap, ...] = ()
    generators: tuple[GeneratorMap, ...] = ()
    wide: WideMap = field(default_factory=WideMap)
    node_type: str = "Person"
    """Network Canvas: the node type whose nodes are the alters."""
    edge_types: frozenset[str] | None = None
    """Network Canvas: the edge types that are ties (``None``: every type)."""
    where: str = "(no mapping file)"

    def column(self, key: str, default: str) -> str:
        return self.columns.get(key, default)


COLUMN_KEYS = {"ego", "alter", "source", "target", "label", "started"}
TOP_KEYS = {
    "format",
    "networkcanvas",
    "service",
    "patient_prefix",
    "protocol",
    "skip",
    "columns",
    "files",
    "ties",
    "alter",
    "ego",
    "generators",
    "wide",
}


class _Reader:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def fail(self, field_: str, message: str) -> None:
        self.problems.append(Problem(self.where, field_, message))

    def table(self, doc: dict[str, Any], key: str, known: set[str] | None = None) -> dict[str, Any]:
        value = doc.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, "must be a table")
            return {}
        for name in value:
            if known is not None and name not in known:
                self.fail(f"{key}.{name}", f"is not a known field (known: {', '.join(sorted(known))})")
        return value

    def text(self, doc: dict[str, Any], key: str, path: str) -> str | None:
        value = doc.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.fail(f"{path}{key}", "must be a non-empty string")
            return None
        return value

    def texts(self, doc: dict[str, Any], key: str, path: str) -> frozenset[str] | None:
        value = doc.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.fail(f"{path}{key}", "must be a list of values")
            return None
        return frozenset(str(v) for v in value)

    def column_maps(self, doc: dict[str, Any], key: str) -> tuple[ColumnMap, ...]:
        out = []
        for qid, spec in self.table(doc, key).items():
            path = f"{key}.{qid}"
            if not IDENT.match(qid):
                self.fail(path, "a question id is lowercase letters, digits and '_', starting with a letter")
            if not isinstance(spec, dict):
                self.fail(path, "must be a table (column, type, role, values, formal)")
                continue
            for name in spec:
                if name not in {"column", "type", "role", "values", "formal"}:
                    self.fail(f"{path}.{name}", "is not a known field (known: column, formal, role, type, values)")
            qtype = None
            if (raw := self.text(spec, "type", f"{path}.")) is not None:
                try:
                    qtype = QuestionType(raw)
                except ValueError:
                    self.fail(f"{path}.type", f"{raw!r} is not a question type ({', '.join(QuestionType)})")
            role = self.text(spec, "role", f"{path}.")
            if role is not None and role not in QUESTION_ROLES:
                self.fail(f"{path}.role", f"{role!r} is not a role ({', '.join(QUESTION_ROLES)})")
            values = spec.get("values", {})
            if not isinstance(values, dict) or not all(isinstance(v, str | int) for v in values.values()):
                self.fail(f"{path}.values", "must be a table of source value = Egonet value")
                values = {}
            column = self.text(spec, "column", f"{path}.") or qid
            out.append(
                ColumnMap(qid, column, qtype, role, dict(values), self.texts(spec, "formal", f"{path}.") or frozenset())
            )
        return tuple(out)

    def generators(self, doc: dict[str, Any]) -> tuple[GeneratorMap, ...]:
        out = []
        for gid, spec in self.table(doc, "generators").items():
            path = f"generators.{gid}"
            if not IDENT.match(gid) or not isinstance(spec, dict):
                self.fail(path, "a name generator is a table named by an id (lowercase letters, digits, '_')")
                continue
            support = self.text(spec, "support_type", f"{path}.") or "other"
            if support not in SUPPORT_TYPES:
                self.fail(f"{path}.support_type", f"{support!r} is not a support type ({', '.join(SUPPORT_TYPES)})")
            yes = self.texts(spec, "yes", f"{path}.")
            column = self.text(spec, "column", f"{path}.") or gid
            out.append(GeneratorMap(gid, column, support, frozenset(v.lower() for v in yes) if yes else frozenset(YES)))
        return tuple(out)

    def wide(self, doc: dict[str, Any]) -> WideMap:
        spec = self.table(doc, "wide", {"alters", "n_alters", "max_alters", "tie"})
        alters = self.texts(spec, "alters", "wide.")
        most = spec.get("max_alters", 5)
        if not isinstance(most, int) or isinstance(most, bool) or not 1 <= most <= 99:
            self.fail("wide.max_alters", "must be a whole number from 1 to 99")
            most = 5
        tie = self.text(spec, "tie", "wide.") or "close{i}{j}"
        try:
            usable = tie.format(i=1, j=2) != tie.format(i=2, j=1)
        except (KeyError, IndexError, ValueError):
            usable = False
        if not usable or "{i}" not in tie or "{j}" not in tie:
            self.fail("wide.tie", "must contain {i} and {j} and no other braces (e.g. 'close{i}{j}')")
            tie = "close{i}{j}"
        order = [str(v) for v in spec.get("alters", [])] if alters else []
        return WideMap(tuple(order), self.text(spec, "n_alters", "wide."), most, tie)


def load_mapping(path: Path | None) -> Mapping:
    """Read a mapping file; every problem is reported at once as ``file: field: message``."""
    if path is None:
        return Mapping()
    where = str(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError([Problem(where, "", f"cannot read the mapping file: {exc}")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError([Problem(where, "", f"not valid TOML: {exc}")]) from None
    r = _Reader(where)
    for key in doc:
        if key not in TOP_KEYS:
            r.fail(key, f"is not a known field (known: {', '.join(sorted(TOP_KEYS))})")
    columns = r.table(doc, "columns", COLUMN_KEYS)
    for key, value in columns.items():
        if not isinstance(value, str) or not value:
            r.fail(f"columns.{key}", "must be a column name")
    files = r.table(doc, "files", {"egos", "alters", "ties"})
    for key, value in files.items():
        if not isinstance(value, str) or not value or "/" in value or "\\" in value:
            r.fail(f"files.{key}", "must be a file name in the imported folder")
    ties = r.table(doc, "ties", {"column", "no_tie", "strength"})
    strength = ties.get("strength", {})
    if not isinstance(strength, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in strength.values()
    ):
        r.fail("ties.strength", "must be a table of value = whole number (higher is stronger)")
        strength = {}
    canvas = r.table(doc, "networkcanvas", {"node_type", "edge_types"})
    mapping = Mapping(
        service=r.text(doc, "service", ""),
        patient_prefix=r.text(doc, "patient_prefix", "") or "",
        protocol=r.text(doc, "protocol", ""),
        skip=tuple(sorted(r.texts(doc, "skip", "") or ())),
        columns={k: v for k, v in columns.items() if isinstance(v, str)},
        files={k: v for k, v in files.items() if isinstance(v, str)},
        tie_column=r.text(ties, "column", "ties."),
        no_tie=r.texts(ties, "no_tie", "ties."),
        strength=dict(strength),
        alter=r.column_maps(doc, "alter"),
        ego=r.column_maps(doc, "ego"),
        generators=r.generators(doc),
        wide=r.wide(doc),
        node_type=r.text(canvas, "node_type", "networkcanvas.") or "Person",
        edge_types=r.texts(canvas, "edge_types", "networkcanvas."),
        where=where,
    )
    if r.problems:
        raise SourceError(r.problems)
    return mapping
