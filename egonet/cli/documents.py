"""Reading interview documents from a file or a pipe: JSON Lines, or one (pretty-printed) JSON document.

Lines are read one at a time, so a file of any size streams; every problem carries the file
and the line.  JSON is read strictly, as the server reads it (:func:`egonet.wire.parse_strict`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from egonet.errors import DocumentError, Problem
from egonet.model import Interview
from egonet.wire import StrictJSONError, from_document, parse_strict

__all__ = ["iter_interviews", "json_values"]


def _decode(raw: bytes, here: str) -> str | Problem:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(here, "", f"not UTF-8 text (byte {exc.start})")


def json_values(source: IO[bytes], where: str) -> Iterator[tuple[str, object | Problem]]:
    """``(where:line, value)`` for each JSON value, or ``(where:line, Problem)`` for a broken one."""
    lines = iter(source)
    for number, raw in enumerate(lines, 1):
        here = f"{where}:{number}"
        text = _decode(raw, here)
        if isinstance(text, Problem):
            yield here, text
            continue
        if not text.strip():
            continue
        try:
            yield here, parse_strict(text)
            continue
        except StrictJSONError as exc:
            if exc.syntax and number == 1 and text.lstrip().startswith("{"):
                rest = _decode(text.encode() + b"".join(lines), where)  # one document over many lines
                if isinstance(rest, Problem):
                    yield where, rest
                    return
                try:
                    yield where, parse_strict(rest)
                except StrictJSONError as whole:
                    yield where, Problem(where, "", str(whole))
                return
            yield here, Problem(here, "", str(exc))


def iter_interviews(source: IO[bytes], where: str) -> Iterator[tuple[str, Interview | list[Problem]]]:
    """``(where:line, interview)``, or ``(where:line, problems)`` for a document that is broken."""
    for here, value in json_values(source, where):
        if isinstance(value, Problem):
            yield here, [value]
            continue
        try:
            yield here, from_document(value, here)
        except DocumentError as exc:
            yield here, exc.problems
