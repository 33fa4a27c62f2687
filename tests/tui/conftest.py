"""Driving the interview app with Textual's Pilot, on a real store; tests assert on what is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from egonet.model import Interview, Protocol
from egonet.store import Store
from egonet.tui import EgonetApp


@pytest.fixture
def make_app(store: Store, protocol: Protocol, clock: Callable[[], datetime]) -> Callable[..., EgonetApp]:
    def make(**kwargs: object) -> EgonetApp:
        options: dict[str, object] = {"clinician": "clin-1", "service": "CGG Leuven", "clock": clock}
        options.update(kwargs)
        return EgonetApp(store, protocol, **options)  # type: ignore[arg-type]

    return make


def stored(store: Store, code: str, wave: int = -1) -> Interview:
    """The interview of ``code`` at position ``wave`` (latest by default), as it is in the store."""
    return store.load(store.interviews(code)[wave].id)
