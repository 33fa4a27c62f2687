"""A wave's network map as SVG: the patient at the centre, closeness rings, alters in sectors by
relationship (one marker shape and colour per relationship), ties among alters as lines.

Positions come from :func:`egonet.layout.radial_layout`, the layout the interview's map uses, so
the report shows the picture the patient saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from egonet.layout import INNER, OUTER, radial_layout, relationship_group
from egonet.model import Interview, Protocol
from egonet.model.language import localise
from reports.svg.shapes import marker, shape_name, text

__all__ = ["Key", "legend_keys", "network_map"]

SIZE, MARGIN = 420.0, 70.0


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of a map's legend: the marker (SVG) and what it stands for."""

    marker_svg: str
    shape: str
    label: str


def _rings(protocol: Protocol) -> list[float]:
    closeness = protocol.alter_question_with_role("closeness")
    count = len(closeness.options) + 1 if closeness is not None and closeness.options else 1
    return [INNER + (OUTER - INNER) * (k / (count - 1) if count > 1 else 1.0) for k in range(count)]


def network_map(
    interview: Interview, protocol: Protocol, language: str, *, names: bool = True, centre_label: str = ""
) -> str:
    """The SVG of the wave's network; ``names`` writes each alter's label beside them."""
    alters = interview.active_alters()
    placed = radial_layout(alters, protocol)
    half, scale = SIZE / 2, (SIZE / 2 - MARGIN)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:.0f} {SIZE:.0f}" width="{SIZE:.0f}" '
        f'height="{SIZE:.0f}" role="img" aria-label="{escape(centre_label)}">'
    ]
    for radius in _rings(protocol):
        ring = f'cx="{half}" cy="{half}" r="{radius * scale:.1f}"'
        parts.append(f'<circle {ring} fill="none" stroke="#ccc" stroke-dasharray="3 3"/>')
    for tie in interview.active_ties():
        p, q = placed[tie.a], placed[tie.b]
        width = 1.0 + (float(tie.value) - 1) * 0.6 if isinstance(tie.value, int | float) else 1.0
        parts.append(
            f'<line x1="{half + p.x * scale:.1f}" y1="{half + p.y * scale:.1f}" x2="{half + q.x * scale:.1f}" '
            f'y2="{half + q.y * scale:.1f}" stroke="#888" stroke-width="{max(width, 0.8):.1f}"/>'
        )
    parts.append(f'<circle cx="{half}" cy="{half}" r="9" fill="#222"/>')
    if centre_label:
        parts.append(text(half, half + 22, centre_label, 10, "middle", weight="bold"))
    for alter in alters:
        spot = placed[alter.id]
        x, y = half + spot.x * scale, half + spot.y * scale
        parts.append(marker(spot.group, x, y))
        if names:
            anchor = "start" if spot.x >= 0 else "end"
            offset = 10 if spot.x >= 0 else -10
            parts.append(text(x + offset, y + 3, _short(alter.label), 9, anchor))
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def legend_keys(interviews: Sequence[Interview], protocol: Protocol, language: str, unknown: str) -> list[Key]:
    """The relationships present in any of the waves, in the protocol's order (unknown last)."""
    question = protocol.alter_question_with_role("relationship")
    groups = {relationship_group(a, protocol) for iv in interviews for a in iv.active_alters()}
    keys = []
    if question is not None:
        for k, option in enumerate(question.options):
            if k in groups:
                label = localise(option.label, language, protocol.default_language)
                keys.append(Key(_key_svg(k), shape_name(k), label))
    if None in groups:
        keys.append(Key(_key_svg(None), shape_name(None), unknown))
    return keys


def _key_svg(group: int | None) -> str:
    box = 'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 18 18" width="14" height="14"'
    return f"<svg {box}>{marker(group, 9, 9)}</svg>"
