"""The reporter's words in English, French and Dutch (``locales/<language>.toml``, plus the words
shared with the interview, :data:`egonet.model.language.VOCABULARY`), and numbers, percentages,
measures' values and dates written the way each language writes them: every number a report
shows is written here."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from egonet.analysis.definitions import definition
from egonet.model.language import LANGUAGES, wave_name, words_in
from reports.errors import ReportError

__all__ = ["COUNTS", "LANGUAGES", "PERCENT", "Words", "is_count", "rounded", "words"]

PERCENT = frozenset({"prop_formal", "density", "multiplex_share", "fragmentation", "ego_betweenness_norm"})
"""Measures that are shares: written as percentages, their differences in percentage points."""

COUNTS = frozenset({"n_alters", "n_informal", "n_formal", "n_components", "n_subgroups", "ego_satisfaction"})
"""Measures whose values are whole numbers (with ``n_support_<generator>``): written without
decimals, unless one of their figures in a report (a median, a mean) is not whole: then with one."""


def is_count(measure: str) -> bool:
    """A measure whose values are whole numbers (:data:`COUNTS`, ``n_support_*``)."""
    return measure in COUNTS or measure.startswith("n_support_")


def rounded(value: float | int, digits: int, *, scale: int = 0) -> Decimal:
    """``value`` times ``10**scale`` (2: a share in percent), rounded to ``digits`` decimals half
    away from zero, from its shortest decimal writing (``0.475`` → ``0.48``; ``0.145`` at scale 2
    → ``15``): the figure a report shows, from which its differences are computed."""
    exact = Decimal(repr(float(value))).scaleb(scale)
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


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

    def number(self, value: float | int | None, digits: int | None = None) -> str:
        """``1.25`` in English, ``1,25`` in French and Dutch, with ``digits`` decimals (without:
        integers as they are, others with 2); ``None`` as "not defined".  Rounded half away from
        zero (:func:`rounded`); a value that rounds to zero has no sign."""
        if value is None:
            return self.text("not_defined")
        if digits is None:
            if isinstance(value, int):
                return str(value)
            digits = 2
        shown = rounded(value, digits)
        text = f"{abs(shown) if shown == 0 else shown:.{digits}f}"
        return text if self.language == "en" else text.replace(".", ",")

    def signed(self, value: float | None, digits: int | None = 2) -> str:
        """``+1.25``, ``-1.25``; a value that rounds to zero is ``0`` (never ``-0``, ``+0.00``)."""
        if value is None:
            return self.text("not_defined")
        shown = rounded(value, 2 if digits is None else digits)
        if shown == 0:
            return "0"
        return ("+" if shown > 0 else "") + self.number(value, digits)

    def percent(self, share: float | None) -> str:
        """``0.4`` → ``40%`` (en, nl) or ``40 %`` (fr, with a narrow no-break space)."""
        if share is None:
            return self.text("not_defined")
        pct = int(rounded(share, 0, scale=2))
        return f"{pct}\u202f%" if self.language == "fr" else f"{pct}%"

    def points(self, diff: float | None) -> str:
        """A difference of percentages, in percentage points (``+3 pp``; ``0 pp`` for none)."""
        if diff is None:
            return self.text("not_defined")
        shown = self.signed(diff, 0)
        return self.text("points_one" if abs(rounded(diff, 0)) < 2 else "points", n=shown)

    def wave(self, index: int) -> str:
        """A wave's name made from its index (``baseline``, ``follow-up 1``): the interview's names."""
        return wave_name(self.language, index)

    def digits(self, measure: str, values: Iterable[float | int | None] = ()) -> int:
        """How many decimals every figure of ``measure`` gets in a report, given all of its values
        there (values, medians, quartiles, means): a share's percentages have none; a count has none
        when each of its figures is a whole number, else one (a fractional median or mean); any
        other measure has two."""
        if measure in PERCENT:
            return 0
        if is_count(measure):
            return 0 if all(v is None or float(v).is_integer() for v in values) else 1
        return 2

    def agreeing_digits(self, measure: str, before: float | None, after: float | None, digits: int) -> int:
        """Decimals for two values and the change beside them, from ``digits`` up to two more: as
        many as the difference of the values as shown needs to be the change itself rounded (``0.245``
        → ``0.275`` is ``0.25`` → ``0.28``, ``+0.03``; never ``0.24`` → ``0.27`` beside a ``+0.03``).
        Shares keep whole percentages (their change is then the difference of the percentages)."""
        if measure in PERCENT or before is None or after is None:
            return digits
        for places in range(digits, digits + 3):
            if rounded(after, places) - rounded(before, places) == rounded(after - before, places):
                return places
        return digits + 2

    def value(self, measure: str, value: float | int | None, digits: int | None = None) -> str:
        """A measure's value: shares as percentages, counts as whole numbers (or with ``digits``
        decimals, see :meth:`digits`), others with 2 decimals."""
        if value is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.percent(value)
        return self.number(value, self.digits(measure, [value]) if digits is None else digits)

    def difference(
        self, measure: str, before: float | int | None, after: float | int | None, digits: int | None = None
    ) -> str:
        """The change from ``before`` to ``after`` written beside them: the difference of the two
        values as :meth:`value` shows them (rounded first, then subtracted), so ``51%`` → ``48%`` is
        ``-3 pp`` and ``3.9`` → ``4.5`` is ``+0.6``; no change is ``0``."""
        if before is None or after is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.points(float(rounded(after, 0, scale=2) - rounded(before, 0, scale=2)))
        places = self.digits(measure, [before, after]) if digits is None else digits
        return self.signed(float(rounded(after, places) - rounded(before, places)), places)

    def change(self, measure: str, diff: float | int | None, digits: int | None = None) -> str:
        """A change on its own (not beside its two values: then :meth:`difference`), written like the
        measure's values (shares in percentage points)."""
        if diff is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.points(diff * 100)
        return self.signed(diff, self.digits(measure, [diff]) if digits is None else digits)

    def mean_change(self, measure: str, diff: float | None, digits: int | None = None) -> str:
        """A mean of changes (and its confidence bounds): shares in percentage points, counts with
        one decimal, others with 2 (or ``digits``, the measure's decimals in the report)."""
        if diff is None:
            return self.text("not_defined")
        if measure in PERCENT:
            return self.points(diff * 100)
        return self.signed(diff, (1 if is_count(measure) else 2) if digits is None else digits)

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
