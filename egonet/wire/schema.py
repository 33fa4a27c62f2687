"""The interview document's JSON Schema, and a quick check of it.

:func:`schema` is ``interview.schema.json`` beside this module.  :func:`conforms` is the same
schema compiled into the source of plain Python functions, some 150x faster than ``jsonschema``
(about 0.07 ms against 10 ms for a 6 kB document): it accepts only documents the schema accepts, so a document
it accepts needs no other schema check; one it does not accept goes through the full check,
which says how it is broken (:func:`egonet.wire.document.document_problems`).  The compiler
refuses a schema keyword it does not know, so a schema that grows one is never half checked.
``tests/test_outside_documents.py`` compares both on hundreds of broken documents.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

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
    namespace = _Generator(root["$defs"]).module(root)
    check: Check = namespace["check"]
    return check


_KEYWORDS = frozenset(
    {
        *("$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "pattern"),
        *("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems", "items"),
        *("required", "properties", "additionalProperties", "propertyNames", "oneOf", "anyOf"),
    }
)
_TYPES = {  # strict: 1.0 is not an integer here (the full check then accepts it)
    "object": "type(v) is dict",
    "array": "type(v) is list",
    "string": "type(v) is str",
    "integer": "type(v) is int",
    "number": "type(v) is int or type(v) is float",
    "boolean": "type(v) is bool",
    "null": "v is None",
}


class _Generator:
    """The schema as the source of a Python module: one function per schema node (``v`` its
    value; ``return False`` at the first keyword that fails), constants beside them, ``check``
    the root.  Plain statements, no closures or generators: 4.5x faster than composed closures were."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.lines: list[str] = []
        self.constants: dict[str, object] = {}
        self.refs: dict[str, str] = {}

    def module(self, root: dict[str, Any]) -> dict[str, Any]:
        top = self.function(root)
        self.lines.append(f"check = {top}")
        namespace: dict[str, Any] = dict(self.constants)
        exec(compile("\n".join(self.lines), "<interview.schema.json>", "exec"), namespace)
        return namespace

    def constant(self, value: object) -> str:
        name = f"c{len(self.constants)}"
        self.constants[name] = value
        return name

    def function(self, node: dict[str, Any]) -> str:
        body = self.body(node)
        name = f"f{sum(line.startswith('def ') for line in self.lines)}"
        self.lines += [f"def {name}(v):", *(f"    {line}" for line in body), "    return True", ""]
        return name

    def ref(self, target: str) -> str:
        name = target.removeprefix("#/$defs/")
        if name not in self.refs:  # the schema's definitions refer to none of themselves
            self.refs[name] = self.function(self.defs[name])
        return self.refs[name]

    def body(self, node: dict[str, Any]) -> list[str]:
        unknown = set(node) - _KEYWORDS
        if unknown:
            raise ValueError(f"the quick check does not know the schema keywords {sorted(unknown)}")
        out: list[str] = []
        if "$ref" in node:
            out.append(f"if not {self.ref(node['$ref'])}(v): return False")
        if "type" in node:
            kinds = [node["type"]] if isinstance(node["type"], str) else node["type"]
            out.append(f"if not ({' or '.join(_TYPES[k] for k in kinds)}): return False")
        if "const" in node:
            c = self.constant(node["const"])
            out.append(f"if not (type(v) is type({c}) and v == {c}): return False")
        if "enum" in node:
            if not all(type(e) is str for e in node["enum"]):
                raise ValueError("the quick check knows enums of strings only")
            out.append(f"if not (type(v) is str and v in {self.constant(frozenset(node['enum']))}): return False")
        if "pattern" in node:  # as jsonschema: re.search
            out.append(
                f"if type(v) is str and {self.constant(re.compile(node['pattern']).search)}(v) is None: return False"
            )
        if "minLength" in node or "maxLength" in node:
            low, high = self.constant(node.get("minLength", 0)), self.constant(node.get("maxLength", math.inf))
            out.append(f"if type(v) is str and not {low} <= len(v) <= {high}: return False")
        if "minimum" in node or "maximum" in node:
            least, most = self.constant(node.get("minimum", -math.inf)), self.constant(node.get("maximum", math.inf))
            out.append(f"if (type(v) is int or type(v) is float) and not {least} <= v <= {most}: return False")
        if "minItems" in node or "maxItems" in node:
            fewest, most = self.constant(node.get("minItems", 0)), self.constant(node.get("maxItems", math.inf))
            out.append(f"if type(v) is list and not {fewest} <= len(v) <= {most}: return False")
        if node.get("uniqueItems"):  # of strings only, here: anything else goes to the full check
            out += [
                "if type(v) is list:",
                "    for i in v:",
                "        if type(i) is not str: return False",
                "    if len(set(v)) != len(v): return False",
            ]
        if "items" in node:
            item = self.function(node["items"])
            out += ["if type(v) is list:", "    for i in v:", f"        if not {item}(i): return False"]
        if "required" in node:
            required = self.constant(tuple(node["required"]))
            out += ["if type(v) is dict:", f"    for k in {required}:", "        if k not in v: return False"]
        if "properties" in node or "additionalProperties" in node:
            out += self.fields(node)
        if "propertyNames" in node:
            name_ok = self.function(node["propertyNames"])
            out += ["if type(v) is dict:", "    for k in v:", f"        if not {name_ok}(k): return False"]
        if "oneOf" in node:
            one_of = [self.function(o) for o in node["oneOf"]]
            out.append(f"if ({' + '.join(f'bool({f}(v))' for f in one_of)}) != 1: return False")
        if "anyOf" in node:
            any_of = [self.function(o) for o in node["anyOf"]]
            out.append(f"if not ({' or '.join(f'{f}(v)' for f in any_of)}): return False")
        return out

    def fields(self, node: dict[str, Any]) -> list[str]:
        properties = {k: self.function(p) for k, p in node.get("properties", {}).items()}
        table = self.constant({})  # filled below, once the functions exist
        self.lines.append(f"{table}.update({{{', '.join(f'{k!r}: {f}' for k, f in properties.items())}}})")
        extra = node.get("additionalProperties", True)
        out = [
            "if type(v) is dict:",
            "    for k, x in v.items():",
            f"        f = {table}.get(k)",
            "        if f is not None:",
            "            if not f(x): return False",
        ]
        if extra is False:
            out.append("        else: return False")
        elif extra is not True:
            out.append(f"        elif not {self.function(extra)}(x): return False")
        return out
