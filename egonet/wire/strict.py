"""Strict JSON for documents from outside: what RFC 8259 allows and JSON can carry back out.

Python's :func:`json.loads` accepts ``NaN`` and ``Infinity`` (not JSON), turns ``1e400`` into
infinity, keeps the last of two equal keys, lets a lone surrogate (``"\\ud800"``) through into
a string that UTF-8 cannot encode, and fails with ``RecursionError`` or ``ValueError`` on deep
nesting and 5,000-digit integers.  :func:`parse_strict` refuses each of these with one message.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, cast

__all__ = ["MAX_DEPTH", "MAX_INTEGER_DIGITS", "StrictJSONError", "parse_strict"]

MAX_DEPTH = 32
"""Arrays and objects nested deeper than this are refused (an interview document nests 5 deep)."""
MAX_INTEGER_DIGITS = 20
"""An integer of more digits is refused: no field of a document needs one (64-bit is 19)."""


class StrictJSONError(ValueError):
    """Text that is not strict JSON; the message says why, in a few words.  ``syntax``: it is not
    JSON at all (as opposed to JSON that strict JSON refuses)."""

    def __init__(self, message: str, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


def _constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise StrictJSONError(f"the number {text[:40]} is too large to be kept")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise StrictJSONError(f"an integer of {len(text)} digits is too large to be kept")
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJSONError(f"the key {key[:40]!r} appears twice in one object")
        out[key] = value
    return out


def _check_tree(value: object) -> None:
    """Depth and Unicode, iteratively (a recursive walk could itself run out of stack)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_text(node)
        elif isinstance(node, dict | list):
            if depth >= MAX_DEPTH:
                raise StrictJSONError(f"arrays or objects are nested more than {MAX_DEPTH} deep")
            items = node.items() if isinstance(node, dict) else ((None, v) for v in node)
            for key, child in items:
                if key is not None:
                    _check_text(key)
                stack.append((child, depth + 1))


def _check_values(value: object) -> None:
    """Depth and numbers, iteratively, for text whose strings need no walk (3x faster than
    :func:`_check_tree` with the number hooks)."""
    stack: list[tuple[object, int]] = [(value, 0)] if type(value) in _WALKED else []
    while stack:
        node, depth = stack.pop()
        if type(node) is dict or type(node) is list:
            if depth >= MAX_DEPTH:
                raise StrictJSONError(f"arrays or objects are nested more than {MAX_DEPTH} deep")
            items = cast("dict[str, object]", node).values() if type(node) is dict else cast("list[object]", node)
            stack.extend((child, depth + 1) for child in items if type(child) in _WALKED)
        elif type(node) is int:
            if not -_LARGEST < node < _LARGEST:
                digits = len(str(abs(node)))
                raise StrictJSONError(f"an integer of {digits} digits is too large to be kept")
        elif not math.isfinite(cast(float, node)):
            raise StrictJSONError("a number is too large to be kept (beyond 1.8e308)")


_WALKED = frozenset({dict, list, int, float})


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise StrictJSONError(
                "a string holds a lone surrogate (\\ud800-\\udfff), which is not Unicode text"
            ) from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
"""Only such an escape can put a lone surrogate in a string (decoded UTF-8 holds none, and text
given as ``str`` is checked for a raw one first): text without one is not walked string by string."""
_LARGEST = 10**MAX_INTEGER_DIGITS


def parse_strict(text: str | bytes) -> object:
    """The JSON value of ``text``; :class:`StrictJSONError` if it is not strict JSON (see above)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StrictJSONError(f"not UTF-8 text (byte {exc.start})") from None
    else:
        _check_text(text)  # text given as str may hold a lone surrogate itself, unescaped
    careful = _SURROGATE_ESCAPE.search(text) is not None
    numbers: dict[str, Any] = {"parse_float": _float, "parse_int": _int} if careful else {}
    try:
        value = json.loads(text, parse_constant=_constant, object_pairs_hook=_object, **numbers)
    except StrictJSONError:
        raise
    except json.JSONDecodeError as exc:
        raise StrictJSONError(
            f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})", syntax=True
        ) from None
    except RecursionError:
        raise StrictJSONError(f"arrays or objects are nested more than {MAX_DEPTH} deep") from None
    except ValueError as exc:  # e.g. an integer past Python's conversion limit
        raise StrictJSONError(str(exc).split(";")[0][:120]) from None
    if careful:
        _check_tree(value)
    else:
        _check_values(value)
    return value
