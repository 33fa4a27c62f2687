"""The interview document's JSON Schema, and a quick check of it.

:func:`schema` is ``interview.schema.json`` beside this module.  :func:`conforms` is the same
schema compiled into plain Python predicates, some 30x faster than ``jsonschema`` (about 0.3 ms
against 10 ms for a 6 kB document): it accepts only documents the schema accepts, so a document
it accepts needs no other schema check; one it does not accept goes through the full check,
which says how it is broken (:func:`egonet.wire.document.document_problems`).  The compiler
refuses a schema keyword it does not know, so a schema that grows one is never half checked.
``tests/test_outside_documents.py`` compares both on hundreds of broken documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any, cast

__all__ = ["conforms", "schema"]


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the current document version."""
    text = files("egonet.wire").joinpath("interview.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


Check = Callable[[object], bool]


def conforms(doc: object) -> bool:
    """Whether ``doc`` (already upgraded) meets the JSON Schema, cheaply: ``True`` only if
    :func:`document_problems` finds nothing (a ``False`` may be too strict: ``1.0`` for an
    integer; the full check then decides).  Compiled once from ``interview.schema.json``."""
    return _compiled()(doc)


@cache
def _compiled() -> Check:
    root = schema()
    return _compile(root, root["$defs"], {})


_KEYWORDS = frozenset(
    {
        *("$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "pattern"),
        *("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "items"),
        *("required", "properties", "additionalProperties", "propertyNames", "oneOf", "anyOf"),
    }
)
_TYPES: dict[str, Check] = {  # strict: 1.0 is not an integer here (the full check then accepts it)
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


def _compile(node: dict[str, Any], defs: dict[str, Any], made: dict[str, Check]) -> Check:
    """A predicate for the schema ``node`` (one branch per keyword; ``made``: the definitions
    compiled so far, by name): every keyword it has must hold.  A keyword this compiler does not
    know is an error (a schema that grew one must not be half checked)."""
    unknown = set(node) - _KEYWORDS
    if unknown:
        raise ValueError(f"the quick check does not know the schema keywords {sorted(unknown)}")
    checks: list[Check] = []
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        if name not in made:  # the schema's definitions refer to none of themselves
            made[name] = _compile(defs[name], defs, made)
        checks.append(made[name])
    if "type" in node:
        kinds = [_TYPES[t] for t in ([node["type"]] if isinstance(node["type"], str) else node["type"])]
        checks.append(lambda v: any(k(v) for k in kinds))
    if "const" in node:
        const = node["const"]
        checks.append(lambda v: type(v) is type(const) and v == const)
    if "enum" in node:
        if not all(type(e) is str for e in node["enum"]):
            raise ValueError("the quick check knows enums of strings only")
        options = frozenset(node["enum"])
        checks.append(lambda v: type(v) is str and v in options)
    if "pattern" in node:
        search = re.compile(node["pattern"]).search  # as jsonschema: re.search
        checks.append(lambda v: type(v) is not str or search(v) is not None)
    if "minLength" in node or "maxLength" in node:
        low, high = node.get("minLength", 0), node.get("maxLength", float("inf"))
        checks.append(lambda v: type(v) is not str or low <= len(v) <= high)
    if "minimum" in node or "maximum" in node:
        least, most = node.get("minimum", float("-inf")), node.get("maximum", float("inf"))
        checks.append(lambda v: type(v) not in (int, float) or least <= v <= most)
    if "minItems" in node or "maxItems" in node:
        fewest, most_items = node.get("minItems", 0), node.get("maxItems", float("inf"))
        checks.append(lambda v: type(v) is not list or fewest <= len(v) <= most_items)
    if node.get("uniqueItems"):  # of strings only, here: anything else goes to the full check
        checks.append(lambda v: type(v) is not list or (all(type(i) is str for i in v) and len(set(v)) == len(v)))
    if "items" in node:
        item = _compile(node["items"], defs, made)
        checks.append(lambda v: type(v) is not list or all(item(i) for i in v))
    if "required" in node:
        required = tuple(node["required"])
        checks.append(lambda v: type(v) is not dict or all(k in v for k in required))
    if "properties" in node or "additionalProperties" in node:
        properties = {k: _compile(p, defs, made) for k, p in node.get("properties", {}).items()}
        extra = node.get("additionalProperties", True)
        other: Check | None = (
            None if extra is True else (lambda _v: False) if extra is False else _compile(extra, defs, made)
        )

        def fields(v: object) -> bool:
            if type(v) is not dict:
                return True
            for key, value in cast("dict[str, object]", v).items():
                known = properties.get(key)
                if known is not None:
                    if not known(value):
                        return False
                elif other is not None and not other(value):
                    return False
            return True

        checks.append(fields)
    if "propertyNames" in node:
        name_ok = _compile(node["propertyNames"], defs, made)
        checks.append(lambda v: type(v) is not dict or all(name_ok(k) for k in v))
    if "oneOf" in node:
        one_of = [_compile(o, defs, made) for o in node["oneOf"]]
        checks.append(lambda v: sum(1 for c in one_of if c(v)) == 1)
    if "anyOf" in node:
        any_of = [_compile(o, defs, made) for o in node["anyOf"]]
        checks.append(lambda v: any(c(v) for c in any_of))
    return checks[0] if len(checks) == 1 else lambda v: all(c(v) for c in checks)


def _never(_value: object) -> bool:
    return False
