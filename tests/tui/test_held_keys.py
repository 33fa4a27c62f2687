"""Keys that come before the app's first screen is up wait for it (``OrderedKeys.hold_keys``):
the interview in a browser gets keys from the moment its page connects, while the app starts."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from egonet.tui.ordered_keys import OrderedKeys
from tests.tui.keys import burst, settled


class Starting(OrderedKeys):
    """An app that holds its keys until told its first screen is up."""

    def __init__(self) -> None:
        super().__init__()
        self.hold_keys()

    def compose(self) -> ComposeResult:
        yield Input(id="box")


def test_keys_held_while_starting_reach_the_screen_in_order() -> None:
    async def main() -> None:
        app = Starting()
        async with app.run_test() as pilot:
            burst(pilot, list("Anna"))
            await pilot.pause()
            box = app.query_one("#box", Input)
            assert box.value == "" and app.keys_pending == 4  # held, none lost
            await app.open_keys()
            await settled(pilot)
            assert box.value == "Anna"

    asyncio.run(main())


def test_the_interview_app_holds_its_keys_until_its_first_screen(make_app: Any) -> None:
    app = make_app()
    assert app.keys_pending == 0 and not app._open  # opened by on_mount, once the patient list is up
