"""Charts as SVG: distributions per wave (median and quartiles) and paired changes with their
confidence intervals (a forest plot, one scale per measure, zero marked)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from reports.svg.shapes import text

__all__ = ["Interval", "Spread", "interval_chart", "range_chart"]

WIDTH, LABEL, ROW = 560.0, 190.0, 26.0


@dataclass(frozen=True, slots=True)
class Spread:
    """One row of a range chart: first quartile, median, third quartile (never the minimum or the
    maximum: each is one person's value)."""

    label: str
    q1: float
    median: float
    q3: float


@dataclass(frozen=True, slots=True)
class Interval:
    """One row of an interval chart: an estimate and its confidence interval."""

    label: str
    estimate: float
    low: float
    high: float


def _frame(rows: int, title: str) -> list[str]:
    height = ROW * rows + 30
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" width="{WIDTH:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(title)}">'
    ]


def range_chart(rows: Sequence[Spread], title: str, number: Callable[[float], str]) -> str:
    """Boxes from the first to the third quartile, with a thick line at the median."""
    if not rows:
        return ""
    low, high = min(r.q1 for r in rows), max(r.q3 for r in rows)
    span = (high - low) or 1.0
    plot = WIDTH - LABEL - 20

    def x(value: float) -> float:
        return LABEL + (value - low) / span * plot

    parts = _frame(len(rows), title)
    for k, r in enumerate(rows):
        y = 10 + k * ROW + ROW / 2
        parts.append(text(LABEL - 8, y + 4, r.label, 10, "end"))
        parts.append(
            f'<rect x="{x(r.q1):.1f}" y="{y - 7:.1f}" width="{max(x(r.q3) - x(r.q1), 1):.1f}" height="14" '
            'fill="#56B4E9" stroke="#0072B2"/>'
        )
        parts.append(
            f'<line x1="{x(r.median):.1f}" y1="{y - 9:.1f}" x2="{x(r.median):.1f}" y2="{y + 9:.1f}" '
            'stroke="#000" stroke-width="3"/>'
        )
    axis = 10 + len(rows) * ROW + 12
    parts.append(text(LABEL, axis, number(low), 9, "start"))
    parts.append(text(WIDTH - 20, axis, number(high), 9, "end"))
    parts.append("</svg>")
    return "".join(parts)


def interval_chart(rows: Sequence[Interval], title: str) -> str:
    """Each row on its own scale, symmetric around zero (a dashed line): the estimate as a dot,
    the interval as a bar; an interval that does not cross zero is drawn darker."""
    if not rows:
        return ""
    plot = WIDTH - LABEL - 20
    centre = LABEL + plot / 2
    parts = _frame(len(rows), title)
    for k, r in enumerate(rows):
        y = 10 + k * ROW + ROW / 2
        reach = max(abs(r.low), abs(r.high), abs(r.estimate)) or 1.0

        def x(value: float, reach: float = reach) -> float:
            return centre + value / reach * (plot / 2 - 6)

        clear = r.low > 0 or r.high < 0
        tone = "#0072B2" if clear else "#999"
        parts.append(text(LABEL - 8, y + 4, r.label, 10, "end"))
        bar = f'x1="{x(r.low):.1f}" y1="{y:.1f}" x2="{x(r.high):.1f}" y2="{y:.1f}"'
        parts.append(f'<line {bar} stroke="{tone}" stroke-width="3"/>')
        parts.append(f'<circle cx="{x(r.estimate):.1f}" cy="{y:.1f}" r="4.5" fill="{tone}"/>')
    bottom = 10 + len(rows) * ROW
    parts.append(
        f'<line x1="{centre:.1f}" y1="6" x2="{centre:.1f}" y2="{bottom:.1f}" stroke="#000" stroke-dasharray="3 3"/>'
    )
    parts.append(text(centre, bottom + 14, "0", 9, "middle"))
    parts.append("</svg>")
    return "".join(parts)
