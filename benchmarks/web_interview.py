"""Benchmark: the interview in a browser (``egonet interview --web``) against the same app in a
terminal, and how soon the patient's map shows a change.

1. First screen: from asking for the page (the browser: Debian's chromium, headless, through
   chromium-driver) to the app's first screen drawn in it (xterm.js's first bytes), against
   from starting ``egonet interview`` in a terminal (tmux, 80x24) to its patient list on the
   screen.  Alternating runs, each on a fresh store and a fresh command; medians and the ratio.
2. The patient's map: a name typed and entered in the browser's interview, to the name drawn on
   the patient's map in a second window (server-sent events; the page polled every 5 ms).
   Median and largest of ``--names`` names.

    python benchmarks/web_interview.py                 # 5 runs each, 10 names
    python benchmarks/web_interview.py --runs 3 --names 5
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web.browser import WebCommand, browser, documents, keyboard, wait_for


def in_browser(page: object) -> float:
    with tempfile.TemporaryDirectory() as home:
        command = WebCommand(Path(home))
        try:
            start = time.perf_counter()
            page.get(command.interview)  # type: ignore[attr-defined]
            keyboard(page)  # type: ignore[arg-type]
            return time.perf_counter() - start
        finally:
            page.get("about:blank")  # type: ignore[attr-defined]
            command.stop(signal.SIGKILL)


def in_terminal() -> float:
    socket = f"egonet-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as home:
        command = f"EGONET_HOME={home} TERM=xterm-256color {sys.executable} -m egonet interview"
        tmux = ["tmux", "-L", socket]
        start = time.perf_counter()
        subprocess.run([*tmux, "new-session", "-d", "-s", "e", "-x", "80", "-y", "24", command], check=True)
        try:
            capture = [*tmux, "capture-pane", "-p", "-t", "e"]
            wait_for(
                "the patient list",
                lambda: "new patient" in subprocess.run(capture, check=False, capture_output=True, text=True).stdout,
            )
            return time.perf_counter() - start
        finally:
            subprocess.run([*tmux, "kill-server"], check=False)


def map_delays(names: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        command, page = WebCommand(home), browser()
        try:
            page.get(command.interview)
            keys = keyboard(page)
            keys.send_keys("nB-001\n")
            wait_for("the interview", lambda: len(documents(home)) == 1)
            page.switch_to.new_window("window")
            page.get(command.map)
            interviewing, patients_screen = page.window_handles
            delays = []
            for k in range(names):
                name = f"Person{k:02d}"
                page.switch_to.window(interviewing)
                start = time.perf_counter()
                keyboard(page).send_keys(f"{name}\n")
                page.switch_to.window(patients_screen)
                shown = f"return document.getElementById('map').innerHTML.includes('{name}')"
                while not page.execute_script(shown):
                    time.sleep(0.005)
                delays.append(time.perf_counter() - start)
            return delays
        finally:
            page.quit()
            command.stop(signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="first screens of each (default 5)")
    parser.add_argument("--names", type=int, default=10, help="names typed for the map's delay (default 10)")
    args = parser.parse_args()
    os.environ.pop("EGONET_STORE", None)
    page = browser()
    try:
        web, terminal = [], []
        for _ in range(args.runs):
            web.append(in_browser(page))
            terminal.append(in_terminal())
    finally:
        page.quit()
    b, t = statistics.median(web), statistics.median(terminal)
    print(f"first screen, medians of {args.runs} alternating runs: browser {b:.2f} s, terminal {t:.2f} s: {b / t:.2f}x")
    delays = map_delays(args.names)
    print(
        f"a name entered to the name on the patient's map ({args.names} names): "
        f"median {statistics.median(delays) * 1000:.0f} ms, largest {max(delays) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
