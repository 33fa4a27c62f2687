"""Drawing the network map in character cells (no Textual here, so it is easy to test).

Ego is at the centre; each alter is drawn as a symbol that tells its relationship apart (not
only its colour), followed by the start of its label; ties between alters are lines; the
closeness rings are dotted.  Positions come from :func:`egonet.layout.radial_layout`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from rich.text import Text

from egonet.layout import INNER, OUTER, Placed

__all__ = ["SYMBOLS", "Canvas", "MapAlter", "draw_map", "symbol"]

SYMBOLS = "♥■●▲◆★✚✜○◇□△"
"""Marker of the relationship option with index ``i`` (cycled past the end)."""

UNKNOWN = "?"
TIE_STYLE = "bright_black"
RING_STYLE = "grey30"


def symbol(group: int | None) -> str:
    return UNKNOWN if group is None else SYMBOLS[group % len(SYMBOLS)]


@dataclass(frozen=True, slots=True)
class MapAlter:
    """What the map shows of one alter."""

    placed: Placed
    label: str
    formal: bool | None
    """A professional (by the relationship question), a lay person, or unknown."""


class Canvas:
    """A grid of characters with a style each."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[str]] = [[""] * width for _ in range(height)]

    def put(self, col: int, row: int, char: str, style: str = "", *, over: bool = True) -> None:
        if 0 <= row < self.height and 0 <= col < self.width and (over or self.styles[row][col] in ("", RING_STYLE)):
            self.chars[row][col] = char
            self.styles[row][col] = style

    def write(self, col: int, row: int, text: str, style: str = "") -> None:
        for k, ch in enumerate(text):
            self.put(col + k, row, ch, style)

    def free(self, col: int, row: int, length: int) -> int:
        """How many cells from ``col`` on ``row`` hold no marker or label (ties and rings may be covered)."""
        n = 0
        while n < length and 0 <= col + n < self.width and self.styles[row][col + n] in ("", TIE_STYLE, RING_STYLE):
            n += 1
        return n

    def line(self, c0: int, r0: int, c1: int, r1: int, style: str) -> None:
        """A straight line (Bresenham), in characters that follow its slope."""
        dc, dr = abs(c1 - c0), -abs(r1 - r0)
        sc, sr = (1 if c0 < c1 else -1), (1 if r0 < r1 else -1)
        slope = (r1 - r0) / (c1 - c0) * 2 if c1 != c0 else math.inf  # cells are about twice as tall as wide
        char = "-" if abs(slope) < 0.5 else "|" if abs(slope) > 2.5 else ("\\" if slope > 0 else "/")
        err, c, r = dc + dr, c0, r0
        while True:
            if (c, r) not in ((c0, r0), (c1, r1)):
                self.put(c, r, char, style, over=False)
            if c == c1 and r == r1:
                break
            e2 = 2 * err
            if e2 >= dr:
                err += dr
                c += sc
            if e2 <= dc:
                err += dc
                r += sr

    def text(self) -> Text:
        out = Text()
        for r in range(self.height):
            for ch, style in zip(self.chars[r], self.styles[r], strict=True):
                out.append(ch, style or None)
            if r < self.height - 1:
                out.append("\n")
        return out


def _style(alter: MapAlter) -> str:
    return "bold cyan" if alter.formal else "bold green" if alter.formal is False else "bold yellow"


def draw_map(
    alters: Sequence[MapAlter],
    ties: Sequence[tuple[UUID, UUID]],
    width: int,
    height: int,
    *,
    ego_label: str,
    rings: int = 0,
) -> Text:
    """The map in ``width`` x ``height`` cells, with ``rings`` dotted closeness rings."""
    canvas = Canvas(max(width, 1), max(height, 1))
    label_room = min(10, max(3, width // 6))
    cx, cy = (width - 1) / 2, (height - 1) / 2
    # a cell is about twice as tall as it is wide: a round map is twice as wide as it is tall
    radius = max(min((cx - label_room - 1) / 2, cy - 0.5), 1.0)
    rx, ry = 2 * radius, radius

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cx + x * rx), round(cy + y * ry)

    for k in range(rings):
        radius = INNER + (OUTER - INNER) * (k / (rings - 1) if rings > 1 else 1.0)
        steps = max(24, int(4 * (rx + ry) * radius))
        for s in range(steps):
            angle = 2 * math.pi * s / steps
            canvas.put(*cell(radius * math.cos(angle), radius * math.sin(angle)), "·", RING_STYLE)
    where = {a.placed.id: cell(a.placed.x, a.placed.y) for a in alters}
    for a, b in ties:
        if a in where and b in where:
            start, end = sorted((where[a], where[b]))  # the same cells whichever way round the tie is stored
            canvas.line(*start, *end, TIE_STYLE)
    ego_col, ego_row = cell(0, 0)
    canvas.write(ego_col - len(ego_label) // 2, ego_row, ego_label, "bold reverse")
    for alter in alters:
        col, row = where[alter.placed.id]
        style = _style(alter)
        canvas.put(col, row, symbol(alter.placed.group), style)
        room = canvas.free(col + 1, row, label_room + 1)
        if room > 1:
            canvas.write(col + 1, row, alter.label[: room - 1], style.replace("bold ", ""))
    return canvas.text()
