"""The service network as SVG: care settings and professions on a circle, a line between two that
appear in the same patients' networks (its width proportional to how many), dots sized by how many
patients' networks each appears in and coloured by group (generic social or primary-care service,
mental-health service, either).

Every node and every tie it is given is drawn (the caller leaves out what must not be shown and
says so in a caption).  Labels are whole (wrapped, never shortened), outside the circle, and placed
so that no two overlap: each is pushed outwards from its node until it is clear of the labels
already placed and of every dot (a thin leader line then joins it to its node); the picture is as
large as its labels need, so none is cut."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from html import escape

from reports.svg.shapes import COLOURS, UNKNOWN_COLOUR, text

__all__ = ["CHAR_WIDTH", "FONT", "LINE", "service_graph"]

FONT = 10.0
LINE = 13.0
"""Line height of the labels: more than a line's box (``FONT`` above the baseline, a quarter below)."""
CHAR_WIDTH = 0.62
"""A character's width in ems, on the wide side for DejaVu Sans / Arial (a label's box is
``CHAR_WIDTH * FONT * len(line)`` wide)."""
WRAP = 22
"""Characters per label line."""
FILL = {"generic": COLOURS[2], "mental_health": COLOURS[4], None: UNKNOWN_COLOUR}

Box = tuple[float, float, float, float]  # left, top, right, bottom


def service_graph(
    nodes: Sequence[tuple[str, str, int, str | None]],
    ties: Mapping[tuple[str, str], int],
    title: str,
    *,
    legend: Mapping[str | None, str] | None = None,
    patients_word: str = "",
) -> str:
    """``nodes``: (key, label, patients, group) in the order they go round the circle; ``ties``:
    (key, key) -> patients, drawn when both ends are among ``nodes``, the line's width proportional
    to its patients; ``legend``: group -> its words (groups present only); ``patients_word``: the word
    for the lightest and heaviest lines' key (none without it)."""
    if not nodes:
        return ""
    count = len(nodes)
    radius = max(110.0, 11.0 * count)
    most = max(n for _, _, n, _ in nodes) or 1
    heaviest = max(ties.values(), default=1) or 1
    where: dict[str, tuple[float, float]] = {}
    size: dict[str, float] = {}
    for k, (key, _, patients, _) in enumerate(nodes):
        angle = 2 * math.pi * (k + 0.5) / count - math.pi / 2  # no node straight above or below the centre
        where[key] = (radius * math.cos(angle), radius * math.sin(angle))
        size[key] = 4 + 8 * math.sqrt(patients / most)
    dots: list[Box] = [
        (x - size[k] - 2, y - size[k] - 2, x + size[k] + 2, y + size[k] + 2) for k, (x, y) in where.items()
    ]
    placed: list[Box] = []
    labels: list[tuple[str, list[str], float, float, str, bool]] = []  # key, lines, x, top, anchor, moved
    for key, label, _, _ in nodes:
        lines = textwrap.wrap(label, WRAP, break_long_words=False, break_on_hyphens=False) or [label]
        x, top, anchor, box, moved = _place(where[key], size[key], lines, placed + dots)
        placed.append(box)
        labels.append((key, lines, x, top, anchor, moved))
    boxes = placed + dots
    left, top_edge = min(b[0] for b in boxes) - 6, min(b[1] for b in boxes) - 6
    right, bottom = max(b[2] for b in boxes) + 6, max(b[3] for b in boxes) + 6
    keys = [(FILL.get(group, UNKNOWN_COLOUR), words) for group, words in (legend or {}).items()]
    lightest = min(ties.values(), default=heaviest)
    widths = sorted({lightest, heaviest}) if ties and patients_word else []
    bottom += (8 + LINE * (len(keys) + len(widths))) if keys or widths else 0
    width, height = right - left, bottom - top_edge
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top_edge:.1f} {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}">'
    ]
    for (a, b), weight in sorted(ties.items(), key=lambda t: (t[1], t[0])):
        if a in where and b in where:
            (x1, y1), (x2, y2) = where[a], where[b]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#aaa" '
                f'stroke-width="{_width(weight, heaviest):.2f}" '
                f'data-tie="{escape(a)}|{escape(b)}" data-weight="{weight}"/>'
            )
    for key, lines, x, top, anchor, moved in labels:
        if moved:  # a leader line from the dot to its label
            nx_, ny = where[key]
            tall = LINE * len(lines)
            ly = top + tall / 2 if anchor != "middle" else top if top > ny else top + tall
            parts.append(
                f'<line x1="{nx_:.1f}" y1="{ny:.1f}" x2="{x:.1f}" y2="{ly:.1f}" stroke="#bbb" stroke-width="0.6"/>'
            )
    for key, _, _, group in nodes:
        x, y = where[key]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size[key]:.1f}" fill="{FILL.get(group, UNKNOWN_COLOUR)}" '
            f'stroke="#222" data-node="{escape(key)}"/>'
        )
    for _, lines, x, top, anchor, _ in labels:
        for i, line in enumerate(lines):
            parts.append(text(x, top + FONT + i * LINE, line, FONT, anchor))
    y = bottom - LINE * (len(keys) + len(widths)) - 2
    for fill, words in keys:
        parts.append(f'<circle cx="{left + 12:.1f}" cy="{y + LINE / 2 - 3:.1f}" r="5" fill="{fill}" stroke="#222"/>')
        parts.append(text(left + 22, y + LINE / 2 + 1, words, FONT))
        y += LINE
    for weight in widths:
        middle = y + LINE / 2 - 3
        parts.append(
            f'<line x1="{left + 4:.1f}" y1="{middle:.1f}" x2="{left + 20:.1f}" y2="{middle:.1f}" stroke="#aaa" '
            f'stroke-width="{_width(weight, heaviest):.2f}"/>'
        )
        parts.append(text(left + 26, y + LINE / 2 + 1, f"{patients_word}: {weight}", FONT))
        y += LINE
    parts.append("</svg>")
    return "".join(parts)


def _place(
    at: tuple[float, float], dot: float, lines: list[str], taken: list[Box]
) -> tuple[float, float, str, Box, bool]:
    """Where the label of the node at ``at`` goes: outwards from it, as close as is clear of ``taken``."""
    x0, y0 = at
    distance = math.hypot(x0, y0) or 1.0
    ux, uy = x0 / distance, y0 / distance
    anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
    wide = max(CHAR_WIDTH * FONT * len(line) for line in lines)
    tall = LINE * len(lines)
    for step in range(400):
        gap = dot + 6 + 3 * step
        x, y = x0 + ux * gap, y0 + uy * gap
        left = x if anchor == "start" else x - wide if anchor == "end" else x - wide / 2
        beside = anchor != "middle" and abs(uy) < 0.5  # level with its point, else above or below it
        top = y - tall / 2 if beside else y if uy > 0 else y - tall
        box = (left, top, left + wide, top + tall)
        if not any(_overlap(box, other) for other in taken):
            return x, top, anchor, box, step > 3
    return x, top, anchor, box, True


def _width(weight: int, heaviest: int) -> float:
    """A line's width, proportional to its weight."""
    return 8 * weight / heaviest


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
