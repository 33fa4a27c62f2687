"""How often a command's process runs the garbage collector.

CPython collects its youngest objects every 700 net allocations of containers (then older ones
every 10 and 10 such collections).  A command builds objects and keeps nearly all of them
(modules, the interviews, a PDF's boxes), so most of those collections find nothing: about 9% of
``egonet report patient --format pdf`` (``benchmarks/report_speed.py``).  A command therefore
collects every 100,000 allocations, as mypy does (with 200,000): the garbage that can wait is
bounded, whatever the size of the work, so memory stays flat.  The interview, a long-lived app
with a keystroke's budget, goes back to CPython's pace (``for_interview``).
"""

from __future__ import annotations

import gc

__all__ = ["COMMAND", "INTERVIEW", "for_command", "for_interview"]

INTERVIEW = gc.get_threshold()
"""The pace the process started with: CPython's (700, 10, 10) unless something changed it."""
COMMAND = (100_000, 20, 20)


def for_command() -> None:
    gc.set_threshold(*COMMAND)


def for_interview() -> None:
    gc.set_threshold(*INTERVIEW)
