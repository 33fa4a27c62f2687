"""The review of a follow-up at 80x24 (the smallest supported): what changed and the figures above
the map.  Update with ``pytest tests/tui/test_review_snapshots.py --snapshot-update`` and look."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from tests.tui.scenes import follow_up

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The title bar shows the local time of the last save: make it the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_the_review_of_a_follow_up_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    session = follow_up(store, protocol, clock)
    store.save_place(session.interview.id, "review")
    app = EgonetApp(store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock, resume=session.interview.id)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
