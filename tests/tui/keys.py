"""Keys sent to an app all at once, as a burst from the terminal delivers them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.pilot import Pilot

from egonet.tui.ordered_keys import OrderedKeys

__all__ = ["burst", "settled"]

CHARACTERS = {"enter": "\r", "space": " ", "tab": "\t", "backspace": "\x7f", "escape": "\x1b"}


def burst(pilot: Pilot[Any], keys: Sequence[str]) -> None:
    """Hand every key to the app's input at once, without waiting between them (unlike
    ``pilot.press``, which lets the app settle after each key)."""
    driver = pilot.app._driver  # the headless driver: what the terminal driver does with a read
    assert driver is not None
    for key in keys:
        character = key if len(key) == 1 else CHARACTERS.get(key)
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        driver.send_message(event)


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until every key sent has been handled and the screen has settled."""
    app = pilot.app
    assert isinstance(app, OrderedKeys)
    for _ in range(10_000):  # a bound on polls, not on time
        await pilot.pause()
        if app.keys_pending == 0:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()
