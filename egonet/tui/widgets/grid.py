"""A grid of cells on Textual's Line API that owns its rows and the cache of their rendered lines.

It looks like a ``DataTable`` with a cell cursor, zebra stripes, a header and a fixed first
column (its component classes mirror the table's; the styles are in ``egonet.tcss``), but it
is built on public API only: ``ScrollView.render_line``, component styles and Rich's
``Console.render_lines``.  Each row's rendered line is cached by (row, cursor column); changing
a row drops that row's line and repaints one line of the screen, where ``DataTable.update_cell``
repaints the whole table.

Keys are applied in the order they were typed.  Moves are done here, at once; any other key a
cell may take (a digit, a letter, Enter, Backspace, Delete) is posted up as :class:`AnswerGrid.Typed`,
and the keys after it are held until the receiver calls :meth:`AnswerGrid.typed_done`, so an
answer and the cursor move it causes happen before the next key is read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["AnswerGrid", "Column"]

PADDING = 1
"""Blank cells either side of a cell's text (as in ``DataTable``)."""

MOVES = frozenset({"up", "down", "left", "right", "pageup", "pagedown", "home", "end", "ctrl+home", "ctrl+end"})
"""The keys that move the cursor (as in ``DataTable``: Home and End go along the row)."""
HEADER = "\x00header"
TYPED = frozenset({"enter", "backspace", "delete"})


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int

    @property
    def render_width(self) -> int:
        return self.width + 2 * PADDING


class AnswerGrid(ScrollView, can_focus=True):
    """Rows of cells under a header; column 0 stays put when the grid scrolls sideways."""

    COMPONENT_CLASSES = {
        "answer-grid--header",
        "answer-grid--fixed",
        "answer-grid--odd-row",
        "answer-grid--even-row",
        "answer-grid--cursor",
        "answer-grid--fixed-cursor",
    }

    cursor_coordinate: reactive[Coordinate] = reactive(Coordinate(0, 0), always_update=False)

    class Typed(Message):
        """A key for the cell under the cursor; call :meth:`AnswerGrid.typed_done` once handled."""

        def __init__(self, grid: AnswerGrid, key: str, character: str | None, coordinate: Coordinate) -> None:
            super().__init__()
            self.grid, self.key, self.character, self.coordinate = grid, key, character, coordinate

    class Highlighted(Message):
        """The cursor moved to ``coordinate``."""

        def __init__(self, grid: AnswerGrid, coordinate: Coordinate) -> None:
            super().__init__()
            self.grid, self.coordinate = grid, coordinate

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[Column, ...] = ()
        self.row_keys: list[str] = []
        self._index: dict[str, int] = {}
        self._cells: dict[str, list[Text]] = {}
        self._lines: dict[tuple[str, int], tuple[list[Segment], list[Segment]]] = {}
        self._held: deque[tuple[str, str | None]] = deque()
        self._waiting = False

    # -- content ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.row_keys)

    def set_rows(self, columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Replace every column and row (cells in column order, the first one included)."""
        self.columns = tuple(columns)
        self.row_keys = [key for key, _ in rows]
        self._index = {key: k for k, key in enumerate(self.row_keys)}
        self._cells = {key: list(cells) for key, cells in rows}
        self._lines.clear()
        self.virtual_size = Size(sum(c.render_width for c in self.columns), 1 + len(self.row_keys))
        self.cursor_coordinate = self._clamp(self.cursor_coordinate)
        self.refresh()

    def update_row(self, row_key: str, cells: dict[str, Text]) -> None:
        """Change some cells of one row and repaint only that row's line."""
        row = self._cells[row_key]
        for k, column in enumerate(self.columns):
            if column.key in cells:
                row[k] = cells[column.key]
        for stale in [key for key in self._lines if key[0] == row_key]:
            del self._lines[stale]
        self.refresh_line(1 + self._index[row_key])

    def keys_at(self, coordinate: Coordinate) -> tuple[str, str] | None:
        """(row key, column key) of a cell, ``None`` off the grid."""
        if not self.is_valid(coordinate):
            return None
        return self.row_keys[coordinate.row], self.columns[coordinate.column].key

    def is_valid(self, coordinate: Coordinate) -> bool:
        return 0 <= coordinate.row < len(self.row_keys) and 0 <= coordinate.column < len(self.columns)

    # -- the cursor ---------------------------------------------------------------------------

    def _clamp(self, coordinate: Coordinate) -> Coordinate:
        row = max(0, min(coordinate.row, len(self.row_keys) - 1))
        return Coordinate(row, max(0, min(coordinate.column, len(self.columns) - 1)))

    def validate_cursor_coordinate(self, coordinate: Coordinate) -> Coordinate:
        return self._clamp(coordinate)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        self.refresh_line(1 + old.row)
        self.refresh_line(1 + new.row)
        if self.size.area:
            self._scroll_to_cursor()
        else:  # not laid out yet
            self.call_after_refresh(self._scroll_to_cursor)
        self.post_message(self.Highlighted(self, new))

    def _moved(self, key: str) -> Coordinate:
        row, column = self.cursor_coordinate
        page = max(1, self.size.height - 1)
        last_row, last_column = len(self.row_keys) - 1, len(self.columns) - 1
        return {
            "up": Coordinate(row - 1, column),
            "down": Coordinate(row + 1, column),
            "left": Coordinate(row, column - 1),
            "right": Coordinate(row, column + 1),
            "pageup": Coordinate(row - page, column),
            "pagedown": Coordinate(row + page, column),
            "home": Coordinate(row, 0),
            "end": Coordinate(row, last_column),
            "ctrl+home": Coordinate(0, column),
            "ctrl+end": Coordinate(last_row, column),
        }[key]

    def _fixed_width(self) -> int:
        return self.columns[0].render_width if self.columns else 0

    def _scroll_to_cursor(self) -> None:
        if not self.is_valid(self.cursor_coordinate):
            return
        row, column = self.cursor_coordinate
        x = sum(c.render_width for c in self.columns[:column])
        region = Region(x, 1 + row, self.columns[column].render_width, 1)
        self.scroll_to_region(region, animate=False, spacing=Spacing(1, 0, 0, self._fixed_width()), force=True)

    # -- keys ---------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        character = event.character if event.is_printable else None
        if event.key not in MOVES and event.key not in TYPED and character is None:
            return  # not the grid's: Escape, function keys... go on to the screen
        event.stop()
        event.prevent_default()
        if self._waiting:
            self._held.append((event.key, character))
        else:
            self._take(event.key, character)

    def _take(self, key: str, character: str | None) -> None:
        if key in MOVES:
            self.cursor_coordinate = self._moved(key)
            return
        self._waiting = True
        self.post_message(self.Typed(self, key, character, self.cursor_coordinate))

    def typed_done(self) -> None:
        """The last :class:`Typed` key is handled: take the keys typed after it."""
        self._waiting = False
        while self._held and not self._waiting:
            self._take(*self._held.popleft())

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" in meta and "column" in meta:
            self.cursor_coordinate = Coordinate(meta["row"], meta["column"])

    # -- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self) -> None:
        self._lines.clear()

    def on_focus(self) -> None:
        self._lines.clear()

    def on_blur(self) -> None:
        self._lines.clear()

    def _cell(self, text: Text, row: int, column: int, base: Style, *, cursor: bool, fixed: bool) -> list[Segment]:
        width = self.columns[column].render_width
        style = Style()
        if cursor:
            style += self.get_component_rich_style("answer-grid--cursor")
            if fixed:
                style += self.get_component_rich_style("answer-grid--fixed-cursor")
        post = Style.from_color(color=style.color)  # the cursor's colour wins over the cell's own
        options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
        meta = Style.from_meta({"row": row, "column": column})
        console = self.app.console
        rendered = console.render(Padding(text, (0, PADDING)), options)
        styled = Segment.apply_style(rendered, style=base + meta + style, post_style=post)
        return next(iter(Segment.split_and_crop_lines(styled, width, pad=True, include_new_lines=False)))

    def _row_line(self, row: int, base: Style) -> tuple[list[Segment], list[Segment]]:
        """The fixed and the scrolling segments of a row (``-1``: the header), cached."""
        key = self.row_keys[row] if row >= 0 else HEADER
        cursor_column = self.cursor_coordinate.column if row == self.cursor_coordinate.row else -1
        cached = self._lines.get((key, cursor_column))
        if cached is not None:
            return cached
        if row < 0:
            cells = [Text(c.label) for c in self.columns]
            row_style = fixed_style = self.get_component_styles("answer-grid--header").rich_style
        else:
            cells = self._cells[key]
            fixed_style = self.get_component_styles("answer-grid--fixed").rich_style + Style.from_meta({"fixed": True})
            stripe = "answer-grid--odd-row" if row % 2 else "answer-grid--even-row"
            row_style = self.get_component_styles(stripe).rich_style
        fixed = self._cell(cells[0], row, 0, fixed_style, cursor=cursor_column == 0, fixed=True) if cells else []
        scrolling: list[Segment] = []
        for column, text in enumerate(cells):
            scrolling.extend(self._cell(text, row, column, row_style, cursor=cursor_column == column, fixed=False))
        rest = max(0, self.size.width - sum(c.render_width for c in self.columns[1:]))
        if row_style.bgcolor is not None:  # the stripe, faded towards the background, past the last column
            blended = Color.from_rich_color(row_style.bgcolor).blend(self.background_colors[1], factor=0.25)
            extend = Style.from_color(color=row_style.color, bgcolor=blended.rich_color)
        else:
            extend = Style.from_color(row_style.color, row_style.bgcolor)
        extend += Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        scrolling.append(Segment(" " * rest, extend))
        self._lines[(key, cursor_column)] = (fixed, scrolling)
        return fixed, scrolling

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        row = -1 if y == 0 else y - 1 + scroll_y
        if row >= len(self.row_keys) or not self.columns:
            return Strip.blank(width, base)
        fixed, scrolling = self._row_line(row, base)
        fixed_width = self._fixed_width()
        line = Strip(scrolling).crop(scroll_x + fixed_width, scroll_x + width)
        return Strip([*fixed, *line]).adjust_cell_length(width, base).simplify()
