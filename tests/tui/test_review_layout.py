"""Small screens (80x24): the review shows what changed and the figures without scrolling, a long
list to pick from still names its keys, and pop-up messages stand above the key bar."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from egonet.model import Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.dialogs import PickDialog
from egonet.tui.strings import LANGUAGES, t
from egonet.tui.widgets.network_map import NetworkMap
from tests.tui.scenes import follow_up

SIZE = (80, 24)


def on_screen(app: EgonetApp, check: Callable[[Pilot[None]], Awaitable[None]], *, notifications: bool = False) -> None:
    async def main() -> None:
        async with app.run_test(size=SIZE, notifications=notifications) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await check(pilot)

    asyncio.run(main())


def review_app(make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any) -> EgonetApp:
    session = follow_up(store, protocol, clock)  # Ahmed and Karim gone, Nora new
    store.save_place(session.interview.id, "review")
    return make_app(resume=session.interview.id)


def test_at_80x24_what_changed_and_the_figures_show_without_scrolling(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    async def check(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        scroll = screen.query_one("#review-scroll", VerticalScroll)
        assert scroll.scroll_y == 0
        visible = scroll.scrollable_content_region.height
        changes, figures = screen.query_one("#changes", Static), screen.query_one("#figures-line", Static)
        for widget in (changes, figures):
            assert widget.display and widget.virtual_region.height > 0
            assert widget.virtual_region.bottom <= visible  # all of it in view, at the top
            assert scroll.region.contains_region(widget.region)
        said = str(changes.render())
        assert "New: Nora" in said and "Gone: Ahmed, Karim" in said
        assert "People: 8 → 7" in str(figures.render())

    on_screen(review_app(make_app, store, protocol, clock), check)


def test_at_80x24_the_key_bar_says_that_the_arrows_scroll_to_the_map(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    async def check(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert "↑↓ scroll" in str(screen.query_one("#key-bar", Static).render())
        scroll = screen.query_one("#review-scroll", VerticalScroll)
        the_map = screen.query_one("#review-map", NetworkMap)
        assert the_map.region.height >= 1  # the top of the map shows under the figures
        assert scroll.max_scroll_y > 0  # ... and its bottom is below: ↓ brings it
        for _ in range(scroll.max_scroll_y):
            await pilot.press("down")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        assert the_map.virtual_region.bottom - scroll.scroll_y <= scroll.scrollable_content_region.height

    on_screen(review_app(make_app, store, protocol, clock), check)
    for language in LANGUAGES:
        assert "↑↓" in t(language, "keys_review")


def test_a_long_list_to_pick_from_still_names_its_keys(make_app: Callable[..., EgonetApp]) -> None:
    """The merge dialog (and every pick): 20 people at 80x24, the keys stay on screen."""
    choices = [(f"id-{k}", f"Person {k}") for k in range(20)]
    picked: list[str | None] = []

    async def check(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(PickDialog("Marie is the same person as…", choices, "en"), picked.append)
        await pilot.pause()
        dialog = pilot.app.screen
        hint = dialog.query_one(".hint", Static)
        box = dialog.query_one(".dialog")
        assert dialog.region.contains_region(hint.region) and box.region.contains_region(hint.region)
        assert hint.region.height >= 1
        said = str(hint.render())
        assert "↑↓" in said and "Enter" in said and "Esc" in said
        choices_list = dialog.query_one("#dialog-choices")
        assert box.region.contains_region(choices_list.region)  # the list is whole: it scrolls itself
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert picked == ["id-2"]

    on_screen(make_app(), check)
    for language in LANGUAGES:
        assert "↑↓" in t(language, "dialog_pick_hint")


def test_pop_up_messages_never_cover_the_key_bar(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    async def check(pilot: Pilot[None]) -> None:
        for screen_name in ("interview", "patients"):
            pilot.app.notify("A message long enough to wrap over two lines of the pop-up, maybe three", timeout=30)
            pilot.app.notify("Another", severity="warning", timeout=30)
            await pilot.pause()
            await pilot.pause()
            screen = pilot.app.screen
            bar = screen.query_one("#key-bar", Static)
            toasts = list(screen.query(Toast))
            assert len(toasts) == 2, screen_name
            for toast in toasts:
                assert toast.region.height > 0 and not toast.region.overlaps(bar.region), screen_name
            pilot.app.clear_notifications()
            await pilot.press("escape")  # back to the patient list
            await pilot.pause()

    on_screen(review_app(make_app, store, protocol, clock), check, notifications=True)
