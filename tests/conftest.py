"""Shared fixtures: a real SQLite store in a temporary directory, the built-in protocol, a clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from egonet.model import Patient, Protocol
from egonet.protocol import default_protocol
from egonet.session import InterviewSession, start_baseline
from egonet.store import Store


@pytest.fixture
def protocol() -> Protocol:
    return default_protocol()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "egonet.sqlite3") as s:
        yield s


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A clock that moves one minute per call, from 2026-01-05 09:00 UTC."""
    state = {"now": datetime(2026, 1, 5, 9, 0, tzinfo=UTC)}

    def tick() -> datetime:
        state["now"] += timedelta(minutes=1)
        return state["now"]

    return tick


@pytest.fixture
def session(store: Store, protocol: Protocol, clock: Callable[[], datetime]) -> InterviewSession:
    return start_baseline(store, Patient("P-001", "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
