"""Markers that tell relationship groups apart by shape as well as colour (readable in black and
white and by people who do not see colours), and the colour-blind-safe Okabe-Ito palette."""

from __future__ import annotations

import math
from html import escape

__all__ = ["COLOURS", "FILLS", "SHAPES", "colour", "marker", "shape_name", "text"]

COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
"""Okabe and Ito (2008), "Color Universal Design": distinguishable with any colour vision."""
UNKNOWN_COLOUR = "#999999"
SHAPES = ("circle", "square", "triangle", "diamond", "star", "cross", "hexagon", "triangle-down", "pentagon")
FILLS = (*COLOURS, "#FFFFFF")
"""The markers' fills: the eight Okabe-Ito colours and white (outlined, like every marker), one
per shape, so the nine relationships of the default protocol differ by colour and by shape."""


def colour(group: int | None) -> str:
    """The fill of a relationship group: as many fills as shapes, so groups 0 to 8 differ in both;
    from group 9 on the fills turn by one more each round, so (shape, fill) pairs stay distinct."""
    if group is None:
        return UNKNOWN_COLOUR
    return FILLS[(group + group // len(SHAPES)) % len(FILLS)]


def shape_name(group: int | None) -> str:
    return "ring" if group is None else SHAPES[group % len(SHAPES)]


def _polygon(x: float, y: float, r: float, sides: int, *, turn: float = -math.pi / 2, inner: float = 0.0) -> str:
    points = []
    steps = sides * 2 if inner else sides
    for k in range(steps):
        radius = inner if inner and k % 2 else r
        angle = turn + 2 * math.pi * k / steps
        points.append(f"{x + radius * math.cos(angle):.1f},{y + radius * math.sin(angle):.1f}")
    return " ".join(points)


def marker(group: int | None, x: float, y: float, r: float = 7.0) -> str:
    """The marker of a relationship group centred on (x, y); a hollow ring when unknown."""
    fill, stroke = colour(group), 'stroke="#222" stroke-width="1"'
    shape = shape_name(group)
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" {stroke}/>'
    if shape == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#fff" stroke="{fill}" stroke-width="2.5"/>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}" {stroke}/>'
        )
    if shape == "cross":
        w = r * 0.38
        path = (
            f"M{x - w:.1f},{y - r:.1f}h{2 * w:.1f}v{r - w:.1f}h{r - w:.1f}v{2 * w:.1f}h{w - r:.1f}"
            f"v{r - w:.1f}h{-2 * w:.1f}v{w - r:.1f}h{w - r:.1f}v{-2 * w:.1f}h{r - w:.1f}z"
        )
        return f'<path d="{path}" fill="{fill}" {stroke}/>'
    sides, turn, inner = {
        "triangle": (3, -math.pi / 2, 0.0),
        "triangle-down": (3, math.pi / 2, 0.0),
        "diamond": (4, -math.pi / 2, 0.0),
        "star": (5, -math.pi / 2, r * 0.45),
        "hexagon": (6, 0.0, 0.0),
        "pentagon": (5, -math.pi / 2, 0.0),
    }[shape]
    return f'<polygon points="{_polygon(x, y, r * 1.15, sides, turn=turn, inner=inner)}" fill="{fill}" {stroke}/>'


def text(x: float, y: float, content: str, size: float = 9.0, anchor: str = "start", *, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'font-family="DejaVu Sans, Arial, sans-serif">{escape(content)}</text>'
    )
