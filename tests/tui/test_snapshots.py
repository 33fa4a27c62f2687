"""A few deliberate screenshots of the screens that matter, at 80x24 (the smallest supported) and wider.

Update them after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from tests.tui.scenes import baseline, crowd, follow_up, planned

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The title bar shows the local time of the last save: make it the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def app_on(store: Store, protocol: Protocol, clock: Callable[[], datetime], session_id: Any) -> EgonetApp:
    return EgonetApp(store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock, resume=session_id)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def show_map(pilot: Pilot[None]) -> None:
    """F3: the map alone, instead of the step (below 120 columns)."""
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)


def test_the_patient_list(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    follow_up(store, protocol, clock, "P-042")
    baseline(store, protocol, clock, "P-043")
    app = EgonetApp(store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_the_grid_of_answers_after_typing_some(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    session = baseline(store, protocol, clock)
    store.save_place(session.interview.id, "alters")

    async def answer(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2", "1", "0")  # Elke: general practitioner; Dr Peeters: hospital; Elke: setting cleared
        await settle(pilot)

    app = app_on(store, protocol, clock, session.interview.id)
    assert snap_compare(app, terminal_size=SIZE, run_before=answer)


def test_the_tie_census(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    session = baseline(store, protocol, clock)
    session.interview.ties_reviewed.clear()  # as if the census were just starting
    session.store.save(session.interview, clock())
    store.save_place(session.interview.id, "ties")
    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=settle)


def test_the_network_map_while_naming(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    session = baseline(store, protocol, clock)
    store.save_place(session.interview.id, "naming:practical")

    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=show_map)


def test_the_review_of_a_follow_up(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    session = follow_up(store, protocol, clock)
    store.save_place(session.interview.id, "review")
    assert snap_compare(
        app_on(store, protocol, clock, session.interview.id), terminal_size=(100, 30), run_before=settle
    )


def test_the_review_of_a_follow_up_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    """What changed and the figures above the map, at the smallest size."""
    session = follow_up(store, protocol, clock)
    store.save_place(session.interview.id, "review")
    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=settle)


def test_the_map_of_15_people_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    """F3: 15 people, every one with the full label beside their symbol."""
    session = crowd(store, protocol, clock, 15)

    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=show_map)


def test_the_map_of_40_people_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    """F3: the map instead of the step; every person has a full label or a number the key resolves."""
    session = crowd(store, protocol, clock, 40)

    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=show_map)


def test_the_map_of_40_people_at_120x40(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    """The map beside the step."""
    session = crowd(store, protocol, clock, 40)
    assert snap_compare(
        app_on(store, protocol, clock, session.interview.id), terminal_size=(120, 40), run_before=settle
    )


def test_the_plan_step_at_80x24(snap_compare: Any, store: Store, protocol: Protocol, clock: Any) -> None:
    """Two goals above the map; the selected goal's people (Marie, Jean) marked with » in reverse video."""
    session = planned(store, protocol, clock)
    store.save_place(session.interview.id, "plan")
    assert snap_compare(app_on(store, protocol, clock, session.interview.id), terminal_size=SIZE, run_before=settle)
