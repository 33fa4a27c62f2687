"""What kind of number each measure is, where its axis starts and ends, and round ticks.

A chart's axis starts where the measure starts (0 for counts and shares; the lowest answer for
an answer scale), so that a small difference looks small; it is widened, never narrowed, when
the figures fall outside the measure's usual range (another protocol's answer scale).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from reports.words import PERCENT

__all__ = ["COUNT", "SCORE", "SHARE", "Scale", "axis_ticks", "nice_ticks", "scale_of", "symmetric_ticks"]

Kind = Literal["count", "share", "score"]
COUNT: Kind = "count"
SHARE: Kind = "share"
SCORE: Kind = "score"


@dataclass(frozen=True, slots=True)
class Scale:
    """A measure's kind and the range its axis shows at least (``high`` None: from the figures)."""

    kind: Kind
    low: float
    high: float | None = None


COUNTS = frozenset({"n_alters", "n_informal", "n_formal", "n_components", "n_subgroups", "effective_size", "n_ties"})
"""Numbers of people or of groups (effective size counts non-redundant people): from 0."""
SCORES: dict[str, Scale] = {
    "constraint": Scale(SCORE, 0.0, 1.0),  # Burt's constraint: 0 to 1 (slightly above for 2 tied alters)
    "modularity": Scale(SCORE, 0.0, 1.0),  # -0.5 to 1; below 0 only when subgroups are worse than chance
    "mean_closeness": Scale(SCORE, 1.0, 3.0),  # the default protocol's answers: 1 to 3
    "ego_satisfaction": Scale(SCORE, 1.0, 7.0),  # the default protocol's answers: 1 to 7
}
MIN_COUNT_AXIS = 5.0
"""A count axis runs at least from 0 to 5, so that 1 to 2 people do not fill the width."""


def scale_of(measure: str) -> Scale:
    """The measure's scale; a measure not known here is a score whose axis starts at 0."""
    if measure in PERCENT:
        return Scale(SHARE, 0.0, 1.0)
    if measure in COUNTS:
        return Scale(COUNT, 0.0, MIN_COUNT_AXIS)
    return SCORES.get(measure, Scale(SCORE, 0.0))


def _step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw - 1e-12)


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Round ticks from a round value at or below ``low`` to one at or above ``high``."""
    if high <= low:
        high = low + 1.0
    step = _step(high - low, target)
    first, last = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + k * step, 10) for k in range(count + 1)]


def symmetric_ticks(reach: float) -> list[float]:
    """Ticks symmetric around 0 covering ``[-reach, reach]``, at least -1 to 1, every 0.5 up to 2."""
    step = 0.5 if reach <= 2.0 else _step(reach, 2)
    end = max(1.0, math.ceil(reach / step - 1e-9) * step)
    count = round(end / step)
    return [round(k * step, 10) for k in range(-count, count + 1)]


def axis_ticks(low: float, high: float) -> list[float]:
    """Round ticks whose ends are ``low`` and ``high`` when some round step allows (1 to 7 by 1,
    0 to 1 by 0.2), else :func:`nice_ticks` (which may widen the axis to round ends)."""
    for target in (5, 4, 6, 3, 7, 8):
        ticks = nice_ticks(low, high, target)
        if math.isclose(ticks[0], low) and math.isclose(ticks[-1], high):
            return ticks
    return nice_ticks(low, high)
