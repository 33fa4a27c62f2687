"""Source columns as questions: what type each column is, and how a cell becomes an answer.

Without a target protocol, every column is typed from its values (after the mapping's
recoding): ``true``/``false`` only is boolean; whole numbers with at most
:data:`MAX_CATEGORIES` distinct values are ordinal; other numbers are numeric; short text
(at most 40 characters) with at most :data:`MAX_CATEGORIES` distinct values, each value
repeated on average (at most half as many values as cells, and at least five cells), is
categorical.
Any other column (names, free text, dates, identifiers) is **not imported** unless the mapping
names it: such text identifies people, and a category's values are printed in codebooks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from egonet.model import Answer, Option, Question, QuestionType

__all__ = ["MAX_CATEGORIES", "Variable", "infer_question", "option_key", "shown", "whole"]

MAX_CATEGORIES = 12
MAX_MAPPED_CATEGORIES = 200
MAX_CATEGORY_LENGTH = 40
MIN_CELLS = 5
"""A text column of fewer cells is never typed as categorical (two egos' names would be)."""
INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")
TRUE, FALSE = frozenset({"true", "yes", "y", "1"}), frozenset({"false", "no", "n", "0"})


def option_key(text: str) -> str:
    """An option value (lowercase id) for a source value: ``"Close family"`` -> ``close_family``."""
    key = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_") or "blank"
    key = key if key[0].isalpha() else f"v_{key}"
    return key[:48]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def whole(text: str) -> int | None:
    """A whole number written as ``12`` or ``12.0`` (exactly, however large), else ``None``."""
    if not INTEGER.match(text):
        return None
    return int(text.strip().split(".")[0])


def shown(text: str, limit: int = 40) -> str:
    """A cell as quoted in a message: at most ``limit`` characters (cells may identify people)."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _en(text: str) -> dict[str, str]:
    return {"en": text}


@dataclass(slots=True)
class Variable:
    """A question and the column it is read from; ``recode`` maps source values first."""

    question: Question
    column: str
    recode: dict[str, str | int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Categorical: source text -> option value (empty: the option value is the text's key)."""

    def answer(self, text: str) -> tuple[Answer | None, str | None]:
        """The answer for a cell, or ``None`` and why the cell cannot answer this question."""
        q = self.question
        raw = self.recode.get(text, text)
        value: Answer | None
        if q.type is QuestionType.CATEGORICAL:
            value = self.keys.get(str(raw)) or (str(raw) if q.option(str(raw)) else option_key(str(raw)))
        elif q.type is QuestionType.ORDINAL:
            value = raw if isinstance(raw, int) else whole(raw)
        elif q.type is QuestionType.NUMERIC:
            number = _number(str(raw))
            value = None if number is None else (int(number) if q.integer and number.is_integer() else number)
        elif q.type is QuestionType.BOOLEAN:
            lowered = str(raw).lower()
            value = True if lowered in TRUE else False if lowered in FALSE else None
        else:
            value = str(raw)
        if value is None:
            return None, f"{shown(text)} is not a {q.type.value} answer"
        problem = q.problem(value)
        if problem is None:
            return value, None
        if q.options:
            allowed = ", ".join(str(o.value) for o in q.options[:12])
            return (
                None,
                f"{shown(text)} is not an option of {q.id!r} ({allowed}); recode it under values in the mapping",
            )
        return None, problem


def _kind(values: set[str], n_cells: int, mapped: bool) -> QuestionType | None:
    lowered = {v.lower() for v in values}
    if lowered and lowered <= {"true", "false"}:
        return QuestionType.BOOLEAN
    numbers = {whole(v) for v in values}
    if values and None not in numbers and len(numbers) <= MAX_CATEGORIES:
        return QuestionType.ORDINAL
    if values and all(_number(v) is not None for v in values):
        return QuestionType.NUMERIC
    if mapped:
        return QuestionType.CATEGORICAL if len(values) <= MAX_MAPPED_CATEGORIES else None
    repeated = n_cells >= MIN_CELLS and len(values) * 2 <= n_cells  # names and open answers rarely repeat
    if len(values) <= MAX_CATEGORIES and repeated and all(len(v) <= MAX_CATEGORY_LENGTH for v in values):
        return QuestionType.CATEGORICAL
    return None


def infer_question(
    qid: str,
    column: str,
    cells: Iterable[str],
    *,
    qtype: QuestionType | None = None,
    role: str | None = None,
    recode: dict[str, str | int] | None = None,
    formal: frozenset[str] = frozenset(),
    mapped: bool = False,
) -> Variable | None:
    """The question a column asks, from its values; ``None`` for a column left out."""
    recode = recode or {}
    texts = [str(recode.get(c, c)) for c in cells]
    values = set(texts)
    kind = qtype or _kind(values, len(texts), mapped)
    if kind is None or (kind is QuestionType.TEXT and not mapped):
        return None
    options: tuple[Option, ...] = ()
    keys: dict[str, str] = {}
    if kind is QuestionType.CATEGORICAL:
        for text in sorted(values, key=str.lower):
            key, n = option_key(text), 2
            while key in keys.values():
                key, n = f"{option_key(text)[:45]}_{n}", n + 1
            keys[text] = key
        options = tuple(
            Option(keys[t], _en(t), t in formal or keys[t] in formal) for t in sorted(values, key=str.lower)
        )
    elif kind is QuestionType.ORDINAL:
        if not all(INTEGER.match(v) for v in values):
            return None
        options = tuple(Option(n, _en(str(n))) for n in sorted({whole(v) or 0 for v in values}))
    integer = kind is QuestionType.NUMERIC and all(INTEGER.match(v) for v in values)
    role = None if kind is QuestionType.TEXT else role
    question = Question(qid, kind, _en(column), _en(column), options, integer=integer, role=role)
    return Variable(question, column, dict(recode), keys)
