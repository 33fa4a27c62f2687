"""The answers grid: keys typed in a burst are applied in order, moves and answers alike."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import events

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.widgets.grid import AnswerGrid
from tests.tui.conftest import stored
from tests.tui.scenes import baseline


def test_keys_typed_faster_than_they_are_handled_apply_in_order(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    session = baseline(store, protocol, clock)
    store.save_place(session.interview.id, "alters")
    people = [a.label for a in session.interview.active_alters()]

    async def main() -> None:
        app = make_app(resume=session.interview.id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            grid = pilot.app.screen.query_one(AnswerGrid)
            grid.cursor_coordinate = grid.cursor_coordinate._replace(row=0, column=4)  # gender, Marie
            await pilot.pause()
            for key in ["down", "2", "1", "up", "up", "down", "down", "2"]:  # all queued before any is handled
                pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
            await pilot.pause()
            await pilot.pause()

    asyncio.run(main())
    gender = {a.label: a.answers.get("gender") for a in stored(store, "P-042").alters.values()}
    # down to Jean: man (2); on to Sofie: woman (1); on to Ahmed, up twice to Jean, down twice to Ahmed: man
    assert [gender[p] for p in people[:4]] == [None, "man", "woman", "man"]
