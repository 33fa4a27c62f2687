"""Every person on the network map can be told by name (issue 16 point 3): a full label beside the
symbol, or a number beside it that the key under the map resolves; nothing overlaps and no label
is cut.  Checked on the pure drawing and on the screen of the real app, at 80x24 and 120x40."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import datetime

import pytest
from textual.pilot import Pilot

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.drawing import SYMBOLS, MapDrawing, MapKey, key_lines, plan_map, symbol
from egonet.tui.widgets.network_map import NetworkMap, fit_map, map_content
from tests.tui.scenes import crowd

Clock = Callable[[], datetime]


def check_drawing(drawing: MapDrawing, people: dict[object, str]) -> None:
    """Each person has a symbol and, touching it, their full label or a mark the key resolves;
    no cell is shown for two things, and the text on the map is what the drawing says."""
    lines = drawing.text.plain.split("\n")
    keys = {key.mark: key.label for key in drawing.keys}
    assert len(keys) == len(drawing.keys)  # marks are unique
    taken: dict[tuple[int, int], object] = {}
    for person, label in people.items():
        assert person in drawing.symbols and person in drawing.spots, label
        col, row = drawing.symbols[person]  # type: ignore[index]
        spot = drawing.spots[person]  # type: ignore[index]
        assert spot.text == label or keys.get(spot.text) == label, (label, spot)
        assert lines[row][col] in SYMBOLS + "?"
        assert lines[spot.row][spot.col : spot.col + len(spot.text)] == spot.text
        beside = spot.row == row and (spot.col == col + 1 or spot.col + len(spot.text) == col)
        over = abs(spot.row - row) == 1 and spot.col <= col < spot.col + len(spot.text)
        assert beside or over, (label, spot, (col, row))  # it touches its own symbol
        for cell in [(col, row), *((spot.col + k, spot.row) for k in range(len(spot.text)))]:
            assert taken.setdefault(cell, person) is person, (label, cell)
    assert "YOU" in drawing.text.plain  # the ego marker, never written over


@pytest.mark.parametrize("n", [0, 1, 15, 40, 60])
@pytest.mark.parametrize("size", [(51, 16), (44, 34), (78, 18), (120, 40)])
def test_every_person_has_a_label_or_a_resolved_mark_and_nothing_overlaps(
    n: int, size: tuple[int, int], store: Store, protocol: Protocol, clock: Clock
) -> None:
    shown, ties, rings = map_content(crowd(store, protocol, clock, n))
    width, room = size
    drawing, keys = fit_map(shown, ties, width, room, ego_label="YOU", rings=rings)
    check_drawing(drawing, {a.placed.id: a.label for a in shown})
    assert drawing.text.plain.count("\n") + 1 + len(keys) <= room
    if n <= 40:  # 60 people do not all fit in 51x16 (the map at 80x24): no crash, no overlap
        assert keys == key_lines(drawing.keys, width)  # the whole key fits under the map
    if n <= 15:
        assert not drawing.keys  # a small network: every full label on the map


def test_15_people_have_their_full_labels_right_of_their_symbols(
    store: Store, protocol: Protocol, clock: Clock
) -> None:
    shown, ties, rings = map_content(crowd(store, protocol, clock, 15))
    drawing = plan_map(shown, ties, 51, 16, ego_label="YOU", rings=rings)
    text = drawing.text.plain
    for alter in shown:
        assert (
            f"{symbol(alter.placed.group)}{alter.label}" in text or f"{alter.label}{symbol(alter.placed.group)}" in text
        )


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (10, 4), (20, 6)])
def test_a_tiny_map_never_crashes(size: tuple[int, int], store: Store, protocol: Protocol, clock: Clock) -> None:
    shown, ties, rings = map_content(crowd(store, protocol, clock, 60))
    drawing, keys = fit_map(shown, ties, *size, ego_label="YOU", rings=rings)
    assert drawing.text.plain.count("\n") + 1 <= max(size[1], 3)
    assert all(line.cell_len <= size[0] for line in keys)


def test_the_key_packs_entries_whole() -> None:
    keys = [MapKey(str(k), name, "green") for k, name in enumerate(["Dr Martin", "Claire", "Anne-Marie", "E"], 1)]
    lines = [line.plain for line in key_lines(keys, 24)]
    assert lines == ["1 Dr Martin  2 Claire", "3 Anne-Marie  4 E"]


# -- on the screen of the real app --------------------------------------------------------------


def screen_of_the_map(pilot: Pilot[None]) -> tuple[list[str], list[str]]:
    """The map widget's lines as shown on screen: (drawing rows, rows under the drawing)."""
    widget = pilot.app.screen.query_one("#side-map", NetworkMap)
    assert widget.display and widget.drawing is not None
    region = widget.content_region
    strips = pilot.app.screen._compositor.render_strips()
    lines = [strip.text.ljust(region.right)[region.x : region.right] for strip in strips[region.y : region.bottom]]
    rows = widget.drawing.text.plain.count("\n") + 1
    return lines[1 : 1 + rows], lines[1 + rows :]


def tokens(text: str, label: str) -> list[int]:
    """Where ``label`` stands on its own in ``text`` (not inside a longer word)."""
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)", text)]


def beside_a_symbol(rows: list[str], row: int, start: int, end: int) -> bool:
    """Whether a symbol is just left or right of ``rows[row][start:end]``, or above or below it."""
    marks = SYMBOLS + "?"
    line = rows[row]
    if (start > 0 and line[start - 1] in marks) or (end < len(line) and line[end] in marks):
        return True
    return any(ch in marks for near in rows[max(row - 1, 0) : row] + rows[row + 1 : row + 2] for ch in near[start:end])


def assert_everyone_on_screen(labels: list[str], drawing_rows: list[str], under: list[str]) -> None:
    """Each label whole on the map, or "N label" in the key under it and N beside a symbol on the map."""
    key = "\n".join(under)
    shown = "\n".join(drawing_rows)
    for label in sorted(labels, key=len, reverse=True):
        entry = re.search(rf"(?<!\S)(\d+) {re.escape(label)}(?=  |\s*$|\s*\n)", key, re.MULTILINE)
        if entry:
            mark = rf"(?<!\d){entry.group(1)}(?!\d)"
            assert any(
                beside_a_symbol(drawing_rows, k, m.start(), m.end())
                for k, row in enumerate(drawing_rows)
                for m in re.finditer(mark, row)
            ), f"the mark of {label} is not beside a symbol on the map"
        else:
            assert tokens(shown, label), f"{label} is neither on the map nor in its key"
            shown = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", " " * len(label), shown, count=1)


def run(app: EgonetApp, size: tuple[int, int], check: Callable[[Pilot[None]], None]) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if size[0] < 120:
                await pilot.press("f3")  # the map instead of the step, below 120 columns
                await pilot.pause()
            check(pilot)

    asyncio.run(main())


@pytest.mark.parametrize("n", [15, 40])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_every_person_is_identifiable_on_the_screen(
    n: int, size: tuple[int, int], store: Store, protocol: Protocol, clock: Clock
) -> None:
    session = crowd(store, protocol, clock, n)
    labels = [a.label for a in session.interview.active_alters()]
    app = EgonetApp(store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock, resume=session.interview.id)

    def check(pilot: Pilot[None]) -> None:
        drawing_rows, under = screen_of_the_map(pilot)
        assert_everyone_on_screen(labels, drawing_rows, under)
        widget = pilot.app.screen.query_one("#side-map", NetworkMap)
        assert widget.drawing is not None
        check_drawing(widget.drawing, {a.id: a.label for a in session.interview.active_alters()})
        assert any("Partner" in line for line in under)  # the legend of symbols is still there

    run(app, size, check)
