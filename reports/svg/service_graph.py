"""The service network as SVG: care settings and professions on a circle, a line between two that
appear in the same patients' networks (thicker for more networks), dots sized by how many
networks each appears in."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from reports.svg.shapes import COLOURS, text

__all__ = ["service_graph"]

SIZE = 600.0


def service_graph(
    nodes: Sequence[tuple[str, str, int]], ties: Mapping[tuple[str, str], int], title: str, *, limit: int = 16
) -> str:
    """``nodes``: (key, label, networks) most frequent first; only the first ``limit`` are drawn."""
    shown = list(nodes[:limit])
    if not shown:
        return ""
    half, radius = SIZE / 2, SIZE / 2 - 170
    most = max(n for _, _, n in shown) or 1
    heaviest = max((w for (a, b), w in ties.items()), default=1) or 1
    where = {}
    for k, (key, _, _) in enumerate(shown):
        angle = 2 * math.pi * k / len(shown) - math.pi / 2
        where[key] = (half + radius * math.cos(angle), half + radius * math.sin(angle))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE:.0f}" width="{SIZE:.0f}" '
        f'height="{SIZE:.0f}" role="img" aria-label="{escape(title)}">'
    ]
    for (a, b), weight in sorted(ties.items(), key=lambda t: t[1]):
        if a in where and b in where:
            (x1, y1), (x2, y2) = where[a], where[b]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888" '
                f'stroke-opacity="0.6" stroke-width="{0.5 + 5 * weight / heaviest:.1f}"/>'
            )
    for key, label, networks in shown:
        x, y = where[key]
        fill = COLOURS[0] if key.startswith("setting:") else COLOURS[4]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 + 10 * networks / most:.1f}" fill="{fill}" stroke="#222"/>'
        )
        anchor = "start" if x >= half else "end"
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(text(x + (16 if x >= half else -16), y + 4, short, 10, anchor))
    parts.append("</svg>")
    return "".join(parts)
