"""Charts as SVG: distributions per wave (median and quartiles on an axis that starts where the
measure starts) and paired changes with their confidence intervals (a forest plot with every
measure on one standardised axis).

Both are drawn so that a reader who looks rather than reads is not misled: every row of a chart
shares its axis, the axis is ticked and labelled, and a small difference looks small.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from reports.svg.shapes import COLOURS, marker, text

__all__ = ["Interval", "MeasureSpreads", "Spread", "interval_chart", "range_chart"]

WIDTH = 560.0
AXIS_COLOUR, GRID_COLOUR, MUTED = "#444", "#e3e3e3", "#888"


@dataclass(frozen=True, slots=True)
class Spread:
    """One wave of a measure: first quartile, median, third quartile (never the minimum or the
    maximum: each is one person's value), and ``n`` as written (``"<5"``); quartiles ``None``
    when the wave shows no figure (fewer than 5 patients)."""

    label: str
    q1: float | None
    median: float | None
    q3: float | None
    n: str = ""


@dataclass(frozen=True, slots=True)
class MeasureSpreads:
    """A measure's waves, in the order of the waves (the i-th wave always has the i-th marker)."""

    label: str
    waves: tuple[Spread, ...]


@dataclass(frozen=True, slots=True)
class Interval:
    """One row of an interval chart: an estimate and its confidence interval."""

    label: str
    estimate: float
    low: float
    high: float


def _open(width: float, height: float, title: str, caption: str = "") -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if caption:
        parts.append(f"<desc>{escape(caption)}</desc>")
    return parts


def _caption(lines: Sequence[str], top: float, width: float) -> list[str]:
    return [
        f'<text class="caption" x="4" y="{top + 11 * k:.1f}" font-size="8.5" fill="#444" '
        f'font-family="DejaVu Sans, Arial, sans-serif">{escape(line)}</text>'
        for k, line in enumerate(lines)
    ]


def _wrap(caption: str, width: float, size: float = 8.5) -> list[str]:
    return textwrap.wrap(caption, max(int(width / (size * 0.55)), 20)) if caption else []


def _axis(
    x: Callable[[float], float], ticks: Sequence[float], number: Callable[[float], str], top: float, bottom: float
) -> list[str]:
    """Grid lines at the ticks from ``top`` to ``bottom``, the axis line, tick marks and labels."""
    left, right = x(ticks[0]), x(ticks[-1])
    parts = [
        f'<line x1="{x(t):.1f}" y1="{top:.1f}" x2="{x(t):.1f}" y2="{bottom:.1f}" stroke="{GRID_COLOUR}"/>'
        for t in ticks
    ]
    parts.append(f'<line x1="{left:.1f}" y1="{bottom:.1f}" x2="{right:.1f}" y2="{bottom:.1f}" stroke="{AXIS_COLOUR}"/>')
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" y1="{bottom:.1f}" x2="{x(t):.1f}" y2="{bottom + 4:.1f}" stroke="{AXIS_COLOUR}"/>'
        )
        parts.append(f'<g class="tick">{text(x(t), bottom + 14, number(t), 9, "middle")}</g>')
    return parts


def range_chart(
    measures: Sequence[MeasureSpreads],
    title: str,
    ticks: Sequence[float],
    number: Callable[[float], str],
    *,
    axis_label: str = "",
    width: float = WIDTH,
    heading: bool = False,
) -> str:
    """One row per wave of each measure on the chart's one axis (from ``ticks[0]`` to
    ``ticks[-1]``): a bar from the first to the third quartile and a marker at the median; a
    wave with no figure shows its ``n`` ("<5") and nothing else.  With ``heading`` the title is
    written above the rows (a small multiple: one measure, its label left empty)."""
    if not measures or len(ticks) < 2:
        return ""
    named = any(m.label for m in measures)
    measure_col, wave_col, row, gap = (150.0 if named else 0.0), 108.0, 15.0, 6.0
    left, right = measure_col + wave_col, width - 14
    low, high = ticks[0], ticks[-1]

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    body: list[str] = [text(2, 12, title, 9.5, "start", weight="bold")] if heading else []
    y = start = 20.0 if heading else 6.0
    for k, m in enumerate(measures):
        if k:
            body.append(f'<line x1="0" y1="{y - gap / 2:.1f}" x2="{right:.1f}" y2="{y - gap / 2:.1f}" stroke="#ccc"/>')
        if m.label:
            body.append(text(2, y + row / 2 + 3.5, m.label, 9.5, "start"))
        for i, s in enumerate(m.waves):
            mid = y + row / 2
            n = f" · n = {s.n}" if s.n else ""
            body.append(text(left - 8, mid + 3, f"{s.label}{n}", 8.5, "end"))
            if s.q1 is not None and s.q3 is not None and s.median is not None:
                tone = COLOURS[i % len(COLOURS)]
                body.append(
                    f'<rect class="quartiles" x="{x(s.q1):.1f}" y="{mid - 3.5:.1f}" '
                    f'width="{max(x(s.q3) - x(s.q1), 1.5):.1f}" height="7" fill="{tone}" fill-opacity="0.35" '
                    f'stroke="{tone}"/>'
                )
                body.append(f'<g class="median">{marker(i, x(s.median), mid, 4.0)}</g>')
            y += row
        y += gap
    bottom = y - gap + 2
    height = bottom + (32 if axis_label else 20)
    parts = _open(width, height, title)
    parts += _axis(x, ticks, number, start - 2, bottom)
    parts += body
    if axis_label:
        parts.append(text((left + right) / 2, bottom + 27, axis_label, 9, "middle"))
    parts.append("</svg>")
    return "".join(parts)


def interval_chart(
    rows: Sequence[Interval],
    title: str,
    *,
    axis_label: str = "",
    caption: str = "",
    ticks: Sequence[float] = (-1.0, -0.5, 0.0, 0.5, 1.0),
    references: Sequence[float] = (),
    number: Callable[[float], str] = lambda v: f"{v:g}",
    ends: tuple[str, str] = ("", ""),
) -> str:
    """A forest plot: every row on the one axis of ``ticks`` (which must cover every interval),
    zero as a solid line and ``references`` (e.g. 0.2, 0.5, 0.8 and their negatives) as dotted
    lines; the estimate as a dot (its value written at the right), the interval as a bar; an
    interval that does not cross zero is drawn darker.  ``ends`` name the two directions."""
    if not rows or len(ticks) < 2:
        return ""
    label_col, value_col, row = 190.0, 44.0, 19.0
    left, right = label_col, WIDTH - value_col
    low, high = ticks[0], ticks[-1]

    def x(value: float) -> float:
        return left + (min(max(value, low), high) - low) / (high - low) * (right - left)

    top = 18.0 if any(ends) else 4.0
    bottom = top + row * len(rows) + 4
    lines = _wrap(caption, WIDTH - 8)
    height = bottom + (32 if axis_label else 20) + (8 + 11 * len(lines) if lines else 0)
    parts = _open(WIDTH, height, title, caption)
    parts += _axis(x, ticks, number, top, bottom)
    for ref in references:
        if low < ref < high and ref != 0:
            parts.append(
                f'<line class="reference" x1="{x(ref):.1f}" y1="{top:.1f}" x2="{x(ref):.1f}" y2="{bottom:.1f}" '
                f'stroke="#aaa" stroke-dasharray="2 3"/>'
            )
    parts.append(f'<line class="zero" x1="{x(0):.1f}" y1="{top:.1f}" x2="{x(0):.1f}" y2="{bottom:.1f}" stroke="#000"/>')
    if ends[0]:
        parts.append(text(left, top - 6, f"← {ends[0]}", 8.5, "start"))
    if ends[1]:
        parts.append(text(right, top - 6, f"{ends[1]} →", 8.5, "end"))
    for k, r in enumerate(rows):
        y = top + k * row + row / 2 + 2
        clear = r.low > 0 or r.high < 0
        tone = "#0072B2" if clear else MUTED
        parts.append(text(left - 8, y + 3.5, r.label, 9.5, "end"))
        bar = f'x1="{x(r.low):.1f}" y1="{y:.1f}" x2="{x(r.high):.1f}" y2="{y:.1f}"'
        parts.append(f'<line class="interval" {bar} stroke="{tone}" stroke-width="3"/>')
        parts.append(f'<circle class="estimate" cx="{x(r.estimate):.1f}" cy="{y:.1f}" r="4" fill="{tone}"/>')
        parts.append(text(WIDTH - 4, y + 3.5, number(r.estimate), 9, "end"))
    if axis_label:
        parts.append(text((left + right) / 2, bottom + 27, axis_label, 9, "middle"))
    parts += _caption(lines, bottom + (32 if axis_label else 20) + 10, WIDTH)
    parts.append("</svg>")
    return "".join(parts)
