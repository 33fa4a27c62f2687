"""The reporter's words in English, French and Dutch (``locales/<language>.toml``, plus the words
shared with the interview, :data:`egonet.model.language.VOCABULARY`), and numbers, percentages,
measures' values and dates written the way each language writes them: every number a report
shows is written here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from egonet.analysis.definitions import definition
from egonet.model.language import LANGUAGES, wave_name, words_in
from reports.errors import ReportError

__all__ = ["LANGUAGES", "PERCENT", "Words", "words"]

PERCENT = frozenset({"prop_formal", "density", "multiplex_share", "fragmentation", "ego_betweenness_norm"})
"""Measures that are shares: written as percentages, their differences in percentage points."""


@dataclass(frozen=True)
class Words:
    """What a template calls ``words``: ``words.text("legend")``, ``words.plain("density", pct="40%")``."""

    language: str
    table: dict[str, Any]

    def text(self, key: str, **values: object) -> str:
        """A word of the reports' table or of the vocabulary shared with the interview."""
        return str(self.table["text"][key]).format(**values)

    def plain(self, key: str, **values: object) -> str:
        return str(self.table["plain"][key]).format(**values)

    def label(self, measure: str) -> str:
        """The measure's name in this language (its stable name when it has none)."""
        return definition(measure, self.language)[0]

    def definition(self, measure: str) -> str:
        """The measure's definition in this language (:mod:`egonet.analysis.definitions`)."""
        return definition(measure, self.language)[1]

    def number(self, value: float | int | None, digits: int = 2) -> str:
        """``1.25`` in English, ``1,25`` in French and Dutch; integers as they are; ``None`` as "not defined"."""
        if value is None:
            return self.text("not_defined")
        if isinstance(value, int) or (float(value).is_integer() and digits == 0):
            return str(int(value))
        text = f"{value:.{digits}f}"
        return text if self.language == "en" else text.replace(".", ",")

    def signed(self, value: float | None, digits: int = 2) -> str:
        if value is None:
            return self.text("not_defined")
        return ("+" if value > 0 else "") + self.number(value, digits)

    def percent(self, share: float | None) -> str:
        """``0.4`` → ``40%`` (en, nl) or ``40 %`` (fr, with a narrow no-break space)."""
        if share is None:
            return self.text("not_defined")
        return f"{round(share * 100)}\u202f%" if self.language == "fr" else f"{round(share * 100)}%"

    def wave(self, index: int) -> str:
        """A wave's name made from its index (``baseline``, ``follow-up 1``): the interview's names."""
        return wave_name(self.language, index)

    def value(self, measure: str, value: float | int | None) -> str:
        """A measure's value: shares as percentages, whole numbers as they are, others with 2 decimals."""
        if value is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.percent(value)
        return self.number(value, 0 if float(value).is_integer() else 2)

    def change(self, measure: str, diff: float | int | None) -> str:
        """One patient's change of a measure, written like its values (shares in percentage points)."""
        if diff is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.signed(diff * 100, 0) + " pp"
        return self.signed(diff, 0 if float(diff).is_integer() else 2)

    def mean_change(self, measure: str, diff: float | None) -> str:
        """A mean of changes (and its confidence bounds): shares in percentage points, others with 2 decimals."""
        if diff is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.signed(diff * 100, 0) + " pp"
        return self.signed(diff)

    def date(self, day: date | None) -> str:
        if day is None:
            return "-"
        month = self.table["months"][day.month - 1]
        return f"{month} {day.day}, {day.year}" if self.language == "en" else f"{day.day} {month} {day.year}"


@cache
def words(language: str) -> Words:
    if language not in LANGUAGES:
        raise ReportError(f"{language!r} is not a report language ({', '.join(LANGUAGES)})")
    text = files("reports").joinpath("locales", f"{language}.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)
    table["text"] = {**words_in(language), **table["text"]}  # a test keeps the two tables apart
    return Words(language, table)
