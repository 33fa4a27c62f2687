"""Interview protocol files (TOML), read with every problem reported at once.

A protocol is the other document the client and the server share: the server keeps the protocol
of each interview it receives, to compute its measures.

The format is documented in the README ("Protocol files").  :func:`check_protocol_text`
returns the problems of a file, each with the file, the field and what is wrong;
:func:`load_protocol` returns the :class:`~egonet.model.Protocol` or raises
:class:`~egonet.errors.ProtocolError` carrying all of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from egonet.errors import EgonetError, Problem, ProtocolError
from egonet.model import (
    GOAL_EXPECTATIONS,
    GOAL_TARGETS,
    QUESTION_ROLES,
    RESOURCE_KINDS,
    SUPPORT_TYPES,
    Condition,
    GoalKind,
    NameGenerator,
    Option,
    Protocol,
    Question,
    QuestionType,
    TieQuestion,
)

__all__ = ["check_protocol_text", "load_protocol", "parse_protocol"]

FORMAT = "egonet.protocol"
FORMAT_VERSION = 1
IDENT = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
PROTOCOL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class _Reader:
    """Walks the parsed TOML, records problems instead of stopping at the first."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ()

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, field, message))

    def get(
        self, table: Mapping[str, Any], key: str, path: str, kind: type | tuple[type, ...], *, required: bool = True
    ) -> Any:
        field = f"{path}.{key}" if path else key
        if key not in table:
            if required:
                self.fail(field, "is missing")
            return None
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            self.fail(field, f"must be {names}, not {_describe(value)}")
            return None
        return value

    def unknown_keys(self, table: Mapping[str, Any], path: str, known: set[str]) -> None:
        for key in table:
            if key not in known:
                self.fail(f"{path}.{key}" if path else key, f"is not a known field (known: {', '.join(sorted(known))})")

    def ident(self, table: Mapping[str, Any], path: str, seen: set[str], what: str) -> str | None:
        value: str | None = self.get(table, "id", path, str)
        if value is None:
            return None
        if not IDENT.match(value):
            self.fail(f"{path}.id", f"{value!r} is not an id (lowercase letters, digits, '_', starting with a letter)")
        elif value in seen:
            self.fail(f"{path}.id", f"{what} {value!r} is defined twice")
        seen.add(value)
        return value

    def text(self, table: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> dict[str, str]:
        value = self.get(table, key, path, dict, required=required)
        if value is None:
            return {}
        field = f"{path}.{key}"
        for lang in self.languages:
            if lang not in value:
                self.fail(field, f"has no {lang!r} text")
            elif not isinstance(value[lang], str) or not value[lang].strip():
                self.fail(f"{field}.{lang}", "must be a non-empty string")
        for lang in value:
            if lang not in self.languages:
                self.fail(f"{field}.{lang}", f"language {lang!r} is not in 'languages'")
        return {k: v for k, v in value.items() if isinstance(v, str)}

    def tables(
        self, table: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> list[tuple[str, dict[str, Any]]]:
        items = self.get(table, key, path, list, required=required)
        if items is None:
            return []
        out = []
        for i, item in enumerate(items):
            field = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
            if isinstance(item, dict):
                out.append((field, item))
            else:
                self.fail(field, f"must be a table, not {_describe(item)}")
        return out


_KIND_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


def _describe(value: object) -> str:
    for kind, name in _KIND_NAMES.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return f"{name} ({value!r})" if isinstance(value, str | int | float) else name
    return type(value).__name__


_QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "short",
    "options",
    "minimum",
    "maximum",
    "integer",
    "max_length",
    "when",
    "carry_forward",
    "role",
}


def _question(
    r: _Reader, table: dict[str, Any], path: str, seen: set[str], earlier: dict[str, Question]
) -> Question | None:
    r.unknown_keys(table, path, _QUESTION_KEYS)
    qid = r.ident(table, path, seen, "question")
    raw_type = r.get(table, "type", path, str)
    qtype: QuestionType | None = None
    if raw_type is not None:
        try:
            qtype = QuestionType(raw_type)
        except ValueError:
            r.fail(f"{path}.type", f"{raw_type!r} is not a question type ({', '.join(t.value for t in QuestionType)})")
    text, short = r.text(table, "text", path), r.text(table, "short", path)
    role = r.get(table, "role", path, str, required=False)
    if role is not None and role not in QUESTION_ROLES:
        r.fail(f"{path}.role", f"{role!r} is not a role ({', '.join(QUESTION_ROLES)})")
    elif role is not None and qtype is QuestionType.TEXT:  # its answers would reach measures and aggregates
        r.fail(f"{path}.role", "a text question has no role: free text never feeds measures or aggregates")
    carry = r.get(table, "carry_forward", path, bool, required=False)
    options = _options(r, table, path, qtype)
    minimum = r.get(table, "minimum", path, (int, float), required=False)
    maximum = r.get(table, "maximum", path, (int, float), required=False)
    if qtype is not QuestionType.NUMERIC:
        for key in ("minimum", "maximum", "integer"):
            if key in table:
                r.fail(f"{path}.{key}", "only numeric questions have it")
    elif minimum is not None and maximum is not None and minimum > maximum:
        r.fail(f"{path}.minimum", f"{minimum} is above the maximum {maximum}")
    integer = r.get(table, "integer", path, bool, required=False)
    max_length = r.get(table, "max_length", path, int, required=False)
    if max_length is not None and (qtype is not QuestionType.TEXT or max_length < 1):
        r.fail(f"{path}.max_length", "only text questions have it, and it is at least 1")
    when = _condition(r, table, path, earlier)
    if qid is None or qtype is None:
        return None
    return Question(
        id=qid,
        type=qtype,
        text=text,
        short=short,
        options=tuple(options),
        minimum=minimum,
        maximum=maximum,
        integer=bool(integer),
        max_length=max_length or 500,
        when=when,
        carry_forward=bool(carry),
        role=role,
    )


def _options(r: _Reader, table: dict[str, Any], path: str, qtype: QuestionType | None) -> list[Option]:
    choice = qtype in (QuestionType.CATEGORICAL, QuestionType.ORDINAL)
    if not choice:
        if "options" in table and qtype is not None:
            r.fail(f"{path}.options", f"a {qtype.value} question has no options")
        return []
    rows = r.tables(table, "options", path)
    if "options" in table and not rows:
        r.fail(f"{path}.options", "needs at least one option")
    value_kind: type = str if qtype is QuestionType.CATEGORICAL else int
    options: list[Option] = []
    seen: set[str | int] = set()
    last: int | None = None
    for field, row in rows:
        r.unknown_keys(row, field, {"value", "label", "formal"})
        value = r.get(row, "value", field, value_kind)
        label = r.text(row, "label", field)
        formal = r.get(row, "formal", field, bool, required=False)
        if value is None:
            continue
        if isinstance(value, str) and not IDENT.match(value):
            r.fail(f"{field}.value", f"{value!r} is not an id (lowercase letters, digits, '_')")
        if value in seen:
            r.fail(f"{field}.value", f"{value!r} is listed twice")
        if isinstance(value, int) and last is not None and value <= last:
            r.fail(f"{field}.value", f"ordinal values go from low to high ({value} after {last})")
        seen.add(value)
        last = value if isinstance(value, int) else last
        options.append(Option(value, label, bool(formal)))
    return options


def _condition(r: _Reader, table: dict[str, Any], path: str, earlier: dict[str, Question]) -> Condition | None:
    when = r.get(table, "when", path, dict, required=False)
    if when is None:
        return None
    field = f"{path}.when"
    r.unknown_keys(when, field, {"question", "in"})
    target = r.get(when, "question", field, str)
    values = r.get(when, "in", field, list)
    if target is None or values is None:
        return None
    question = earlier.get(target)
    if question is None:
        r.fail(f"{field}.question", f"{target!r} is not a question asked before this one")
        return None
    if not values:
        r.fail(f"{field}.in", "needs at least one value")
    for value in values:
        if not isinstance(value, str | int) or isinstance(value, bool) or question.option(value) is None:
            r.fail(f"{field}.in", f"{value!r} is not an option of {target!r}")
    return Condition(target, frozenset(v for v in values if isinstance(v, str | int)))


def _questions(r: _Reader, doc: dict[str, Any], key: str, *, required: bool) -> list[Question]:
    seen: set[str] = set()
    earlier: dict[str, Question] = {}
    for field, table in r.tables(doc, key, "", required=required):
        question = _question(r, table, field, seen, earlier)
        if question is not None:
            earlier[question.id] = question
    return list(earlier.values())


def _generators(r: _Reader, doc: dict[str, Any]) -> list[NameGenerator]:
    out: list[NameGenerator] = []
    seen: set[str] = set()
    rows = r.tables(doc, "name_generators", "")
    if "name_generators" in doc and not rows:
        r.fail("name_generators", "needs at least one name generator")
    for field, table in rows:
        r.unknown_keys(table, field, {"id", "support_type", "prompt", "short", "max_alters"})
        gid = r.ident(table, field, seen, "name generator")
        support = r.get(table, "support_type", field, str)
        if support is not None and support not in SUPPORT_TYPES:
            r.fail(f"{field}.support_type", f"{support!r} is not a support type ({', '.join(SUPPORT_TYPES)})")
        prompt, short = r.text(table, "prompt", field), r.text(table, "short", field)
        most = r.get(table, "max_alters", field, int, required=False)
        if most is not None and most < 1:
            r.fail(f"{field}.max_alters", "must be at least 1")
        if gid is not None and support is not None:
            out.append(NameGenerator(gid, support, prompt, short, most))
    return out


def _tie_question(r: _Reader, doc: dict[str, Any]) -> TieQuestion:
    table = r.get(doc, "tie_question", "", dict) or {}
    r.unknown_keys(table, "tie_question", {"text", "short", "strength"})
    text, short = r.text(table, "text", "tie_question"), r.text(table, "short", "tie_question")
    strength = None
    raw = r.get(table, "strength", "tie_question", dict, required=False)
    if raw is not None:
        strength = _question(r, raw, "tie_question.strength", set(), {})
        if strength is not None and strength.type is not QuestionType.ORDINAL:
            r.fail("tie_question.strength.type", "the tie strength is an ordinal question")
    return TieQuestion(text, short, strength)


_NEEDS = {"in_network": "people", "more_contact": "people", "less_contact": "people", "gives_support": "support"}
_NEEDS |= {"service_linked": "service"}


def _names(r: _Reader, table: dict[str, Any], key: str, path: str, allowed: tuple[str, ...]) -> list[str]:
    """A list of distinct names from ``allowed`` (missing: empty)."""
    values = r.get(table, key, path, list, required=False) or []
    out: list[str] = []
    for i, value in enumerate(values):
        if not isinstance(value, str) or value not in allowed:
            r.fail(f"{path}.{key}[{i}]", f"{value!r} is not one of {', '.join(allowed)}")
        elif value in out:
            r.fail(f"{path}.{key}[{i}]", f"{value!r} is listed twice")
        else:
            out.append(value)
    return out


def _goal_kinds(r: _Reader, doc: dict[str, Any]) -> list[GoalKind]:
    out: list[GoalKind] = []
    seen: set[str] = set()
    for field, table in r.tables(doc, "goal_kinds", "", required=False):
        r.unknown_keys(table, field, {"id", "label", "targets", "expect", "resources"})
        kid = r.ident(table, field, seen, "goal kind")
        label = r.text(table, "label", field)
        if "targets" not in table:
            r.fail(f"{field}.targets", f"is missing (what a goal may name: {', '.join(GOAL_TARGETS)}; [] for none)")
        targets = _names(r, table, "targets", field, GOAL_TARGETS)
        expect = r.get(table, "expect", field, str, required=False) or "none"
        if expect not in GOAL_EXPECTATIONS:
            r.fail(f"{field}.expect", f"{expect!r} is not one of {', '.join(GOAL_EXPECTATIONS)}")
        elif expect in _NEEDS and _NEEDS[expect] not in targets:
            r.fail(f"{field}.expect", f"{expect!r} looks at the goal's {_NEEDS[expect]}: add it to 'targets'")
        resources = _names(r, table, "resources", field, RESOURCE_KINDS)
        if ("resource" in targets) != bool(resources):
            r.fail(f"{field}.resources", "a goal kind that names a resource lists the kinds it offers, and only then")
        if kid is not None:
            out.append(GoalKind(kid, label, frozenset(targets), expect, tuple(resources)))
    return out


def parse_protocol(doc: dict[str, Any], where: str) -> tuple[Protocol | None, list[Problem]]:
    """Build a protocol from parsed TOML; return it (``None`` if broken) and every problem."""
    r = _Reader(where)
    r.unknown_keys(
        doc,
        "",
        {
            "format",
            "format_version",
            "id",
            "version",
            "languages",
            "default_language",
            "title",
            "description",
            "name_generators",
            "alter_questions",
            "tie_question",
            "ego_questions",
            "goal_kinds",
        },
    )
    if r.get(doc, "format", "", str) not in (None, FORMAT):
        r.fail("format", f"must be {FORMAT!r}")
    version = r.get(doc, "format_version", "", int)
    if version is not None and version != FORMAT_VERSION:
        r.fail("format_version", f"{version} is not a protocol format this Egonet reads ({FORMAT_VERSION})")
    pid = r.get(doc, "id", "", str)
    if pid is not None and not PROTOCOL_ID.match(pid):
        r.fail("id", f"{pid!r} is not a protocol id (lowercase letters, digits, '.', '_', '-')")
    pversion = r.get(doc, "version", "", str)
    languages = r.get(doc, "languages", "", list) or []
    for i, lang in enumerate(languages):
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            r.fail(f"languages[{i}]", f"{lang!r} is not a language code such as 'en'")
    if "languages" in doc and not languages:
        r.fail("languages", "needs at least one language")
    r.languages = tuple(x for x in languages if isinstance(x, str))
    default = r.get(doc, "default_language", "", str)
    if default is not None and default not in r.languages:
        r.fail("default_language", f"{default!r} is not in 'languages'")
    title, description = r.text(doc, "title", ""), r.text(doc, "description", "", required=False)
    generators = _generators(r, doc)
    alter_questions = _questions(r, doc, "alter_questions", required=True)
    tie_question = _tie_question(r, doc)
    ego_questions = _questions(r, doc, "ego_questions", required=False)
    goal_kinds = _goal_kinds(r, doc)
    if r.problems or pid is None or pversion is None or default is None:
        return None, r.problems
    protocol = Protocol(
        id=pid,
        version=pversion,
        languages=r.languages,
        default_language=default,
        title=title,
        description=description,
        name_generators=tuple(generators),
        alter_questions=tuple(alter_questions),
        tie_question=tie_question,
        ego_questions=tuple(ego_questions),
        goal_kinds=tuple(goal_kinds),
    )
    return protocol, []


def check_protocol_text(text: str, where: str) -> tuple[Protocol | None, list[Problem]]:
    """Parse TOML text; a syntax error is one problem with its line and column, and so is nesting
    deeper than Python's parser can follow (found: 1,000 nested arrays raised RecursionError)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(where, "", f"not valid TOML: {exc}")]
    except RecursionError:
        return None, [Problem(where, "", "not a protocol: arrays or tables are nested too deeply")]
    return parse_protocol(doc, where)


def load_protocol(path: Path, read: Callable[[Path], str] | None = None) -> Protocol:
    """Read and check a protocol file; raise :class:`ProtocolError` listing every problem."""
    try:
        text = read(path) if read else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EgonetError(f"cannot read the protocol: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    protocol, problems = check_protocol_text(text, str(path))
    if protocol is None:
        raise ProtocolError(problems, str(path))
    return protocol
