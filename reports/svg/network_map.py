"""A wave's network map as SVG: the patient at the centre, closeness rings, alters in sectors by
relationship (one marker shape and colour per relationship), ties among alters as lines.

Positions come from :func:`egonet.layout.radial_layout`, the layout the interview's map uses, so
the report shows the picture the patient saw.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from egonet.layout import INNER, OUTER, radial_layout, relationship_group
from egonet.model import Interview, Protocol
from egonet.model.language import localise
from reports.svg.shapes import marker, shape_name, text

__all__ = ["FONT", "Key", "label_lines", "legend_keys", "network_map", "text_width"]

SIZE, MARGIN = 420.0, 70.0
FONT = 11.0
"""Label size in the map's units: a map printed 110 mm wide writes names at about 8 pt."""
WRAP = 28
"""A label longer than this is written on two lines (at a space); a label is never cut."""

_ADVANCE = (
    "32,41,46,84,64,96,78,28,40,40,50,84,32,37,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,54,100,69,69,70,"
    "77,64,58,78,76,30,30,66,56,87,75,79,61,79,70,64,62,74,69,99,69,62,69,40,34,40,84,50,50,62,64,55,64,62,36,64,64,"
    "28,28,58,28,98,64,62,64,64,42,53,40,64,60,82,60,60,53,64,34,64,84"
)
ADVANCE = {chr(32 + k): int(v) / 100 for k, v in enumerate(_ADVANCE.split(","))}
"""DejaVu Sans advance widths (in em) of the printable ASCII characters, from the font's metrics."""


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


Box = tuple[float, float, float, float]  # left, top, right, bottom


def text_width(content: str, size: float) -> float:
    """The width of ``content`` in DejaVu Sans at ``size`` (an accented letter as its base letter;
    anything else as a wide letter, so the estimate errs on the wide side)."""
    total = 0.0
    for char in content:
        base = unicodedata.normalize("NFD", char)[:1] or char
        total += ADVANCE.get(char, ADVANCE.get(base, 1.0))
    return total * size


def label_lines(label: str) -> list[str]:
    """The label in full, on one line or (longer than :data:`WRAP`) two, broken at a space."""
    if len(label) <= WRAP or " " not in label.strip():
        return [label]
    cut = label.rfind(" ", 0, WRAP + 1)
    if cut <= 0:
        cut = label.find(" ")
    return [label[:cut], label[cut + 1 :]]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(slots=True)
class _Label:
    lines: list[str]
    x: float  # the text's anchor
    y: float  # the first line's baseline
    anchor: str
    box: Box
    leader: tuple[float, float] | None  # where a line from the marker meets the label, if moved


def _box(x: float, top: float, width: float, height: float, anchor: str) -> Box:
    left = x if anchor == "start" else x - width
    return (left - 1.0, top - 1.0, left + width + 1.0, top + height + 1.0)


def _place(lines: list[str], mx: float, my: float, *, right: bool, taken: list[Box], bounds: Box) -> _Label:
    """The label's first free spot beside its marker: level with it on its side, then a line up
    or down at a time, then on the other side; failing that, below everything (with a leader)."""
    width = max(text_width(line, FONT) for line in lines)
    step = FONT * 1.25
    height = step * (len(lines) - 1) + FONT * 1.1
    gap = 11.0
    for shift in range(25):
        dy = (shift + 1) // 2 * step * (1 if shift % 2 else -1) if shift else 0.0
        for side in (right, not right):
            x, anchor = (mx + gap, "start") if side else (mx - gap, "end")
            top = my - height / 2 + dy
            box = _box(x, top, width, height, anchor)
            inside = box[0] >= bounds[0] and box[2] <= bounds[2] and box[1] >= bounds[1] and box[3] <= bounds[3]
            if inside and not any(_overlaps(box, other) for other in taken):
                moved = shift > 0 or side != right
                edge = box[0] if anchor == "start" else box[2]
                return _Label(lines, x, top + FONT * 0.85, anchor, box, (edge, top + height / 2) if moved else None)
    bottom = max(b[3] for b in taken) + 4.0  # no free spot: a row below the map
    x = bounds[0] + 2.0
    box = _box(x, bottom, width, height, "start")
    return _Label(lines, x, bottom + FONT * 0.85, "start", box, (box[0], bottom + height / 2))


def network_map(
    interview: Interview, protocol: Protocol, language: str, *, names: bool = True, centre_label: str = ""
) -> str:
    """The SVG of the wave's network; ``names`` writes each alter's label beside them, in full,
    where it overlaps no other label and no marker (moved labels get a thin line to their marker)."""
    alters = interview.active_alters()
    placed = radial_layout(alters, protocol)
    half, scale = SIZE / 2, (SIZE / 2 - MARGIN)
    body: list[str] = []
    for radius in _rings(protocol):
        ring = f'cx="{half}" cy="{half}" r="{radius * scale:.1f}"'
        body.append(f'<circle {ring} fill="none" stroke="#ccc" stroke-dasharray="3 3"/>')
    for tie in interview.active_ties():
        p, q = placed[tie.a], placed[tie.b]
        width = 1.0 + (float(tie.value) - 1) * 0.6 if isinstance(tie.value, int | float) else 1.0
        body.append(
            f'<line x1="{half + p.x * scale:.1f}" y1="{half + p.y * scale:.1f}" x2="{half + q.x * scale:.1f}" '
            f'y2="{half + q.y * scale:.1f}" stroke="#888" stroke-width="{max(width, 0.8):.1f}"/>'
        )
    body.append(f'<circle cx="{half}" cy="{half}" r="9" fill="#222"/>')
    spots = [(alter, half + placed[alter.id].x * scale, half + placed[alter.id].y * scale) for alter in alters]
    taken: list[Box] = [(half - 10, half - 10, half + 10, half + 10)]
    taken += [(x - 9, y - 9, x + 9, y + 9) for _, x, y in spots]  # labels keep off every marker
    if centre_label:
        centre_width = text_width(centre_label, FONT)
        taken.append(_box(half - centre_width / 2, half + 14, centre_width, FONT * 1.1, "start"))
        body.append(text(half, half + 14 + FONT * 0.85, centre_label, FONT, "middle", weight="bold"))
    labels: list[_Label] = []
    if names:
        bounds: Box = (0.0, 0.0, SIZE, SIZE)
        for alter, x, y in sorted(spots, key=lambda s: (s[2], s[1])):  # top to bottom
            label = _place(label_lines(alter.label), x, y, right=x >= half, taken=taken, bounds=bounds)
            taken.append(label.box)
            labels.append(label)
            if label.leader is not None:
                lx, ly = label.leader
                body.append(
                    f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{lx:.1f}" y2="{ly:.1f}" stroke="#555" stroke-width="0.6"/>'
                )
    for alter, x, y in spots:
        body.append(marker(placed[alter.id].group, x, y))
    for label in labels:
        body.append(_text_lines(label))
    outer = max(_rings(protocol)) * scale
    left, top = min(half - outer, *(b[0] for b in taken)) - 6, min(half - outer, *(b[1] for b in taken)) - 6
    right, bottom = max(half + outer, *(b[2] for b in taken)) + 6, max(half + outer, *(b[3] for b in taken)) + 6
    view = f"{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}"  # what is drawn, no empty margin
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" width="{right - left:.0f}" '
        f'height="{bottom - top:.0f}" role="img" aria-label="{escape(centre_label)}">' + "".join(body) + "</svg>"
    )


def _text_lines(label: _Label) -> str:
    if len(label.lines) == 1:
        return text(label.x, label.y, label.lines[0], FONT, label.anchor)
    first, *rest = label.lines
    more = "".join(f'<tspan x="{label.x:.1f}" dy="{FONT * 1.25:.2f}">{escape(line)}</tspan>' for line in rest)
    return text(label.x, label.y, first, FONT, label.anchor).replace("</text>", more + "</text>")


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
