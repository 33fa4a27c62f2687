"""Screenshots of the network map of 40 people (issue 16 point 3): at 80x24 (F3: the map instead
of the step) and at 120x40 (the map beside the step).  Every person has a full label or a number
that the key under the map resolves.  Update with ``pytest tests/tui/test_map_snapshots.py
--snapshot-update`` after a deliberate change, and look at the report."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from tests.tui.scenes import crowd


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The title bar shows the local time of the last save: make it the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def app_of_40(store: Store, protocol: Protocol, clock: Any) -> EgonetApp:
    session = crowd(store, protocol, clock, 40)
    return EgonetApp(
        store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock, resume=session.interview.id
    )


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_the_map_of_40_people_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    async def show_map(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(app_of_40(store, protocol, clock), terminal_size=(80, 24), run_before=show_map)


def test_the_map_of_40_people_at_120x40(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    assert snap_compare(app_of_40(store, protocol, clock), terminal_size=(120, 40), run_before=settle)
