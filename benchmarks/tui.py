"""Benchmark: the interview app's cold start and keystroke handling, against a trivial Textual app.

1. Cold start: a new Python process that imports the app, opens a store and shows the first
   screen (the patient list), then exits; against a process that shows a trivial Textual app
   (one line of text) the same way.  Runs alternate; medians and their ratio are printed.
2. Keystroke: with 50 people in the answers grid, a digit key answers a question, which is
   saved durably (SQLite, fsync) and redrawn before the next key is read; against a trivial
   app whose 50-row table moves its cursor on a key.  Median and p95 per key, and the ratio.

    python benchmarks/tui.py                 # 9 starts of each, 200 keys of each
    python benchmarks/tui.py --starts 5 --keys 100
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from egonet.model import Patient
from egonet.protocol import default_protocol
from egonet.session import start_baseline
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.widgets.answers import AnswersPanel

EGONET_START = """
import sys, tempfile, pathlib
from egonet.protocol import default_protocol
from egonet.store import Store
from egonet.tui import EgonetApp
store = Store(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite3")
app = EgonetApp(store, default_protocol(), clinician="c", service="s")
async def first_screen(pilot):
    await pilot.pause()
    pilot.app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""

TRIVIAL_START = """
from textual.app import App
from textual.widgets import Static
class Trivial(App):
    def compose(self):
        yield Static("hello")
async def first_screen(pilot):
    await pilot.pause()
    pilot.app.exit()
Trivial().run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""


def cold_start(code: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - began


class TrivialTable(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("a trivial app")
        table: DataTable[str] = DataTable(cursor_type="cell")
        table.add_columns("name", "a", "b")
        for k in range(50):
            table.add_row(f"person {k}", "x", "y")
        yield table


async def keystrokes(app: App[None], keys: list[str], ready: str) -> list[float]:
    times = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(ready).focus()
        for key in keys:
            began = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - began)
    return times


def egonet_grid(folder: Path) -> EgonetApp:
    protocol = default_protocol()
    store = Store(folder / "keys.sqlite3")
    session = start_baseline(store, Patient("B-050", "bench"), "c", protocol)
    for k in range(50):
        alter = session.add_alter(f"Person {k:02d}", "emotional")
        session.answer_alter(alter.id, "relationship", "friend")  # the grid starts at gender, then closeness
    store.save_place(session.interview.id, "alters")
    return EgonetApp(store, protocol, clinician="c", service="bench", resume=session.interview.id)


def timed_handlers() -> list[float]:
    """Time spent in the app's own code per key: the panel's handling of the grid's key plus the screen's redraw."""
    spent: list[float] = []
    key, changed = AnswersPanel.key, InterviewScreen.changed

    def timed_key(self: AnswersPanel, k: str, character: str | None, coordinate: Coordinate) -> bool:
        began = time.perf_counter()
        try:
            return key(self, k, character, coordinate)
        finally:
            spent.append(time.perf_counter() - began)

    def timed_changed(self: InterviewScreen) -> None:
        began = time.perf_counter()
        changed(self)
        spent[-1] += time.perf_counter() - began

    AnswersPanel.key = timed_key  # type: ignore[method-assign]
    InterviewScreen.changed = timed_changed  # type: ignore[method-assign]
    return spent


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=9)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()

    cold_start(TRIVIAL_START)  # warm the file cache and the bytecode of both once
    cold_start(EGONET_START)
    trivial, egonet = [], []
    for _ in range(args.starts):
        trivial.append(cold_start(TRIVIAL_START))
        egonet.append(cold_start(EGONET_START))
    t, e = statistics.median(trivial), statistics.median(egonet)
    print(f"cold start to the first screen ({args.starts} runs each, alternating)")
    print(f"  trivial Textual app  median {t * 1000:7.0f} ms")
    print(f"  egonet interview     median {e * 1000:7.0f} ms   ratio {e / t:.2f}x")

    digits = [str(1 + k % 2) for k in range(args.keys)]  # valid on every question: gender, closeness, contact...
    with tempfile.TemporaryDirectory() as folder:
        app = egonet_grid(Path(folder))
        handlers = timed_handlers()
        mine = asyncio.run(keystrokes(app, digits, "#grid"))
    theirs = asyncio.run(keystrokes(TrivialTable(), ["down", "up"] * (args.keys // 2), "DataTable"))
    print(f"keystroke with 50 people on screen ({args.keys} keys each)")
    print(
        f"  trivial table (cursor move)       median {statistics.median(theirs) * 1000:6.1f} ms"
        f"  p95 {p95(theirs) * 1000:6.1f} ms"
    )
    print(
        f"  egonet grid (answer, saved)       median {statistics.median(mine) * 1000:6.1f} ms"
        f"  p95 {p95(mine) * 1000:6.1f} ms   ratio {statistics.median(mine) / statistics.median(theirs):.2f}x"
    )
    print(
        f"  of which egonet's own code (answer saved with fsync, cells and step list redrawn)"
        f"  median {statistics.median(handlers) * 1000:5.1f} ms  p95 {p95(handlers) * 1000:5.1f} ms"
    )


if __name__ == "__main__":
    main()
