"""The reporter's words in English, French and Dutch (``locales/<language>.toml``), and numbers,
percentages and dates written the way each language writes them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from egonet.analysis.definitions import definition
from reports.errors import ReportError

__all__ = ["LANGUAGES", "Words", "words"]

LANGUAGES = ("en", "fr", "nl")


@dataclass(frozen=True)
class Words:
    """What a template calls ``words``: ``words.text("legend")``, ``words.plain("density", pct="40%")``."""

    language: str
    table: dict[str, Any]

    def text(self, key: str, **values: object) -> str:
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
    return Words(language, tomllib.loads(text))
