"""Drawing the network map in character cells (no Textual here, so it is easy to test).

Ego is at the centre; each alter is drawn as a symbol that tells its relationship apart (not
only its colour); ties between alters are lines under everything else; the closeness rings are
dotted.  Positions come from :func:`egonet.layout.radial_layout`, stretched to fill the cells.

Every person is identifiable and nothing overlaps: each symbol gets a cell of its own (moved to
the nearest free cell if two people fall on the same one), then each person's full label is put
right of the symbol, or left, above or below it, where it touches no other symbol, label or the
ego marker.  A person whose full label fits nowhere gets a short numbered mark beside the
symbol instead, and :attr:`MapDrawing.keys` lists every mark with the full label, for a key
under the map (:func:`key_lines`).  A label is never cut short.

People marked (the people of the goal selected in the plan step) are told apart by a symbol and
a style, not by colour alone: their label (or mark) starts with :data:`MARKED` and they are drawn
in reverse video.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from uuid import UUID

from rich.text import Text

from egonet.layout import INNER, OUTER, Placed

__all__ = [
    "MARKED",
    "SYMBOLS",
    "Canvas",
    "MapAlter",
    "MapDrawing",
    "MapKey",
    "Spot",
    "draw_map",
    "key_lines",
    "plan_map",
    "symbol",
]

SYMBOLS = "♥■●▲◆★✚✜○◇□△"
"""Marker of the relationship option with index ``i`` (cycled past the end)."""

UNKNOWN = "?"
MARKED = "»"
"""Starts the label (or mark) of a person marked on the map."""
TIE_STYLE = "bright_black"
RING_STYLE = "grey30"
EGO = "ego"
"""Owner of the cells of the ego marker."""


def symbol(group: int | None) -> str:
    return UNKNOWN if group is None else SYMBOLS[group % len(SYMBOLS)]


@dataclass(frozen=True, slots=True)
class MapAlter:
    """What the map shows of one alter."""

    placed: Placed
    label: str
    formal: bool | None
    """A professional (by the relationship question), a lay person, or unknown."""
    marked: bool = False
    """One of the people the map marks (:data:`MARKED`): the selected goal's, in the plan step."""

    @property
    def shown(self) -> str:
        """The label as drawn: with :data:`MARKED` before it when the person is marked."""
        return f"{MARKED}{self.label}" if self.marked else self.label


@dataclass(frozen=True, slots=True)
class MapKey:
    """A person shown by a mark on the map, resolved in the key under it."""

    mark: str
    label: str
    style: str


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a person's text (full label or mark) is: ``col`` and ``row`` of its first cell."""

    col: int
    row: int
    text: str


@dataclass(slots=True)
class MapDrawing:
    """The map and what it took to draw it (for the key under the map, and for tests)."""

    text: Text
    symbols: dict[UUID, tuple[int, int]] = field(default_factory=dict)
    """Cell (column, row) of each person's symbol."""
    spots: dict[UUID, Spot] = field(default_factory=dict)
    """Each person's label or mark on the map (a person is missing only when the map is too small)."""
    keys: list[MapKey] = field(default_factory=list)
    """The marks used, in the order of the map (clockwise from the top), with the full labels."""


class Canvas:
    """A grid of characters with a style each, and which person (or ego) each cell shows."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[str]] = [[""] * width for _ in range(height)]
        self.owners: list[list[UUID | str | None]] = [[None] * width for _ in range(height)]

    def inside(self, col: int, row: int) -> bool:
        return 0 <= row < self.height and 0 <= col < self.width

    def put(self, col: int, row: int, char: str, style: str = "", *, over: bool = True) -> None:
        if self.inside(col, row) and (over or self.styles[row][col] in ("", RING_STYLE)):
            self.chars[row][col] = char
            self.styles[row][col] = style

    def write(self, col: int, row: int, text: str, style: str = "") -> None:
        for k, ch in enumerate(text):
            self.put(col + k, row, ch, style)

    def claim(self, col: int, row: int, length: int, owner: UUID | str) -> None:
        for c in range(col, col + length):
            if self.inside(c, row):
                self.owners[row][c] = owner

    def room(self, col: int, row: int, length: int, owner: UUID | str, *, around: bool) -> bool:
        """Whether ``length`` cells from ``col`` on ``row`` are inside and nobody else's, nor the
        cell either side; with ``around``, nor the cells above and below (touching only its owner)."""
        if not (self.inside(col, row) and self.inside(col + length - 1, row)):
            return False
        rows = (row - 1, row, row + 1) if around else (row,)
        for r in rows:
            for c in range(col - 1, col + length + 1):
                if self.inside(c, r) and self.owners[r][c] not in (None, owner):
                    return False
        return True

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
    colour = "bold cyan" if alter.formal else "bold green" if alter.formal is False else "bold yellow"
    return f"{colour} reverse" if alter.marked else colour


@cache
def _offsets(reach: int) -> tuple[tuple[int, int], ...]:
    near = [(dc, dr) for dr in range(-reach, reach + 1) for dc in range(-2 * reach, 2 * reach + 1)]
    return tuple(sorted(near, key=lambda d: (d[0] ** 2 + (2 * d[1]) ** 2, abs(d[1]), d)))


def _around(col: int, row: int, reach: int) -> Iterator[tuple[int, int]]:
    """Cells near (col, row), nearest first (a row counts as two columns)."""
    for dc, dr in _offsets(reach):
        yield col + dc, row + dr


def _places(col: int, row: int, length: int, *, left: bool = False) -> list[tuple[int, int]]:
    """Where a text of ``length`` may go beside a symbol at (col, row): right (or first left), left, above, below."""
    centred = col - (length - 1) // 2
    sides = [(col + 1, row), (col - length, row)]
    return [
        *(sides[::-1] if left else sides),
        (centred, row - 1),
        (centred, row + 1),
        (col, row - 1),
        (col, row + 1),
        (col - length + 1, row - 1),
        (col - length + 1, row + 1),
    ]


def _order(alter: MapAlter) -> float:
    """Clockwise from the top, as :func:`radial_layout` places people."""
    return (math.atan2(alter.placed.y, alter.placed.x) + math.pi / 2) % (2 * math.pi)


def plan_map(
    alters: Sequence[MapAlter],
    ties: Sequence[tuple[UUID, UUID]],
    width: int,
    height: int,
    *,
    ego_label: str,
    rings: int = 0,
) -> MapDrawing:
    """The map in ``width`` x ``height`` cells, with ``rings`` dotted closeness rings; see the module docstring.

    The map is round and labels go right of their symbols; when that leaves some people with a
    mark, the map is stretched to the cells' width, then the labels of the left half of the map go
    left (outwards), then labels may touch a symbol on the row above or below: the drawing with
    the fewest marks is kept.
    """
    best: MapDrawing | None = None
    for stretch, outward, strict in (
        (False, False, True),
        (True, False, True),
        (True, True, True),
        (True, True, False),
    ):
        first: set[UUID] = set()
        for _ in range(3):  # a person left with no room for a mark goes first next time
            drawing = _plan(
                alters,
                ties,
                width,
                height,
                ego_label=ego_label,
                rings=rings,
                stretch=stretch,
                outward=outward,
                strict=strict,
                first=first,
            )
            if best is None or (len(best.spots), -len(best.keys)) < (len(drawing.spots), -len(drawing.keys)):
                best = drawing
            missing = set(drawing.symbols) - set(drawing.spots)
            if not missing or missing <= first:
                break
            first |= missing
        if best is not None and not best.keys and len(best.spots) == len(alters):
            break
    assert best is not None
    return best


def _plan(
    alters: Sequence[MapAlter],
    ties: Sequence[tuple[UUID, UUID]],
    width: int,
    height: int,
    *,
    ego_label: str,
    rings: int,
    stretch: bool,
    outward: bool,
    strict: bool,
    first: set[UUID],
) -> MapDrawing:
    width, height = max(width, 1), max(height, 1)
    canvas = Canvas(width, height)
    drawing = MapDrawing(Text())
    longest = max((len(a.shown) for a in alters), default=0)
    margin = min(longest + 1, max(3, width // 6))
    cx, cy = (width - 1) / 2, (height - 1) / 2
    # a cell is about twice as tall as it is wide: a round map is twice as wide as it is tall; the
    # map fills the cells, a little flattened or stretched when they are not that shape
    rx, ry = max(cx - margin - 1, 1.0), max(cy - 1, 0.5)
    rx, ry = min(rx, (4 if stretch else 2) * ry), min(ry, rx)

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cx + x * rx), round(cy + y * ry)

    ego_col, ego_row = cell(0, 0)
    ego_start = max(0, min(ego_col - len(ego_label) // 2, width - len(ego_label)))
    canvas.claim(ego_start, ego_row, len(ego_label), EGO)

    ordered = sorted(alters, key=_order)
    mark_size = len(str(len(ordered))) + any(
        a.marked for a in ordered
    )  # room for any number, so that numbering can wait for the map order

    def mark_side(col: int, row: int, owner: UUID) -> int | None:
        """Where a mark beside a symbol at (col, row) would touch nobody else: its first column, or ``None``."""
        if not canvas.room(col, row, 1, owner, around=False):
            return None
        first = col - mark_size if outward and col < cx else col + 1
        other = col + 1 if first < col else col - mark_size
        return next((c for c in (first, other) if canvas.room(c, row, mark_size, owner, around=False)), None)

    for alter in ordered:  # a cell of its own, with room for a mark beside it (kept for its owner)
        owner = alter.placed.id
        col, row = cell(alter.placed.x, alter.placed.y)
        col, row = min(max(col, 0), width - 1), min(max(row, 0), height - 1)
        home = next((c for c in _around(col, row, max(width, height)) if mark_side(*c, owner) is not None), None)
        if home is None:  # more people than the cells hold
            continue
        side = mark_side(*home, owner)
        assert side is not None
        drawing.symbols[owner] = home
        canvas.claim(*home, 1, owner)
        canvas.claim(side, home[1], mark_size, owner)

    shown = [a for a in ordered if a.placed.id in drawing.symbols]
    marked: set[UUID] = set()

    def put_mark(alter: MapAlter, col: int, row: int) -> None:
        owner = alter.placed.id
        places = _places(col, row, mark_size, left=outward and col < cx)
        place = next((p for p in places if canvas.room(*p, mark_size, owner, around=True)), None) or next(
            (p for p in places if canvas.room(*p, mark_size, owner, around=False)), None
        )
        marked.add(owner)
        if place is not None:
            drawing.spots[owner] = Spot(*place, "")
            canvas.claim(*place, mark_size, owner)

    later: list[MapAlter] = []
    for alter in sorted(shown, key=lambda a: a.placed.id not in first):  # the full label where it touches nothing
        owner, (col, row) = alter.placed.id, drawing.symbols[alter.placed.id]
        label = alter.shown
        places = _places(col, row, len(label), left=outward and col < cx)
        place = next((p for p in places if canvas.room(*p, len(label), owner, around=strict)), None)
        if label and place is not None:
            drawing.spots[owner] = Spot(*place, label)
            canvas.claim(*place, len(label), owner)
        elif owner in first:
            put_mark(alter, col, row)
        else:
            later.append(alter)
    for alter in later:  # else a numbered mark, resolved in the key
        put_mark(alter, *drawing.symbols[alter.placed.id])
    for number, alter in enumerate((a for a in shown if a.placed.id in marked), start=1):
        mark = f"{MARKED}{number}" if alter.marked else str(number)
        drawing.keys.append(MapKey(mark, alter.label, _style(alter).replace("bold ", "")))
        spot = drawing.spots.get(alter.placed.id)
        if spot is not None:  # a short number left of its symbol moves up to it
            col, row = drawing.symbols[alter.placed.id]
            shift = mark_size - len(mark) if (spot.row, spot.col + mark_size) == (row, col) else 0
            drawing.spots[alter.placed.id] = Spot(spot.col + shift, spot.row, mark)

    for k in range(rings):
        radius = INNER + (OUTER - INNER) * (k / (rings - 1) if rings > 1 else 1.0)
        steps = max(24, int(8 * (rx + ry) * radius))
        for s in range(steps):
            angle = 2 * math.pi * s / steps
            canvas.put(*cell(radius * math.cos(angle), radius * math.sin(angle)), "·", RING_STYLE)
    for a, b in ties:
        if a in drawing.symbols and b in drawing.symbols:
            start, end = sorted((drawing.symbols[a], drawing.symbols[b]))  # the same cells either way round
            canvas.line(*start, *end, TIE_STYLE)
    canvas.write(ego_start, ego_row, ego_label, "bold reverse")
    for alter in shown:
        style = _style(alter)
        canvas.put(*drawing.symbols[alter.placed.id], symbol(alter.placed.group), style)
        spot = drawing.spots.get(alter.placed.id)
        if spot is not None:
            canvas.write(
                spot.col, spot.row, spot.text, style if spot.text != alter.shown else style.replace("bold ", "")
            )
    drawing.text = canvas.text()
    return drawing


def draw_map(
    alters: Sequence[MapAlter],
    ties: Sequence[tuple[UUID, UUID]],
    width: int,
    height: int,
    *,
    ego_label: str,
    rings: int = 0,
) -> Text:
    """The map in ``width`` x ``height`` cells (see :func:`plan_map`, which also gives the key)."""
    return plan_map(alters, ties, width, height, ego_label=ego_label, rings=rings).text


def key_lines(keys: Sequence[MapKey], width: int) -> list[Text]:
    """The key of the marks ("3 Dr Martin  4 Claire"), packed into lines of ``width``; an entry never breaks."""
    lines: list[Text] = []
    line, used = Text(), 0
    for key in keys:
        size = len(key.mark) + 1 + len(key.label)
        if used and used + 2 + size > width:
            lines.append(line)
            line, used = Text(), 0
        elif used:
            line.append("  ")
            used += 2
        line.append(key.mark, style=f"bold {key.style}")
        line.append(f" {key.label}", style=key.style)
        used += size
    if used:
        lines.append(line)
    return lines
