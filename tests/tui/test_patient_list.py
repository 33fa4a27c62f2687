"""The patient list: searched by code, Home/End, and the language chosen there (F2)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from egonet.model import InterviewStatus, Protocol
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.screens.start import StartScreen
from tests.tui.conftest import stored
from tests.tui.scenes import baseline

CODES = ["P-042", "P-043", "Q-100", "R-7"]


def patients(store: Store, protocol: Protocol, clock: Any, codes: list[str] = CODES) -> None:
    for code in codes:
        baseline(store, protocol, clock, code)


def listed(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one("#patients", DataTable)
    return [str(row.value) for row in table.rows]


def selected(pilot: Pilot[None]) -> str | None:
    screen = pilot.app.screen
    assert isinstance(screen, StartScreen)
    return screen.selected_code()


def run(app: EgonetApp, script: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


def test_slash_searches_the_patients_by_code_and_escape_clears(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    patients(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        assert listed(pilot) == CODES
        assert "/ search a code" in str(pilot.app.screen.query_one("#key-bar").render())
        await pilot.press("slash", "p", "-", "0")
        await pilot.pause()
        assert listed(pilot) == ["P-042", "P-043"]  # case ignored
        await pilot.press("4", "3")
        await pilot.pause()
        assert listed(pilot) == ["P-043"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", "x")
        await pilot.pause()
        assert listed(pilot) == []
        assert "“x”" in str(pilot.app.screen.query_one("#start-help").render())
        await pilot.press("escape")  # clears the search: every patient again, still on the list
        await pilot.pause()
        assert isinstance(pilot.app.screen, StartScreen)
        assert listed(pilot) == CODES
        search = pilot.app.screen.query_one("#patient-search", Input)
        assert search.value == "" and not search.display
        assert pilot.app.focused is pilot.app.screen.query_one("#patients", DataTable)
        assert pilot.app.is_running
        await pilot.press("escape")  # no search: Escape quits, as before
        await pilot.pause()
        assert not pilot.app.is_running

    run(make_app(), script)


def test_enter_goes_from_the_search_to_the_list_and_opens_the_patient_found(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    patients(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("slash", "1", "0", "0", "enter")
        await pilot.pause()
        assert listed(pilot) == ["Q-100"] and selected(pilot) == "Q-100"
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen) and screen.session.interview.patient.code == "Q-100"

    run(make_app(), script)


def test_home_and_end_go_to_the_first_and_the_last_patient(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    patients(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        assert selected(pilot) == "P-042"
        await pilot.press("end")
        assert selected(pilot) == "R-7"
        await pilot.press("up", "home")
        assert selected(pilot) == "P-042"

    run(make_app(), script)


def test_a_new_patient_starts_in_the_language_chosen_on_the_list(
    make_app: Callable[..., EgonetApp], store: Store, clock: Any
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("f2")  # English → French
        await pilot.press("n", *"P-500", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterviewScreen)

    run(make_app(), script)
    assert stored(store, "P-500").language == "fr"


def test_an_interview_in_progress_is_continued_in_the_language_chosen_on_the_list(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    baseline(store, protocol, clock, "P-042")  # in progress, in English

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("f2", "f2")  # English → French → Dutch
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen) and screen.language == "nl"

    run(make_app(), script)
    assert stored(store, "P-042").language == "nl"


def test_without_f2_an_interview_is_continued_in_its_own_language(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    session = baseline(store, protocol, clock, "P-042")
    session.set_language("nl")

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterviewScreen) and pilot.app.screen.language == "nl"

    run(make_app(language="en"), script)
    assert stored(store, "P-042").language == "nl"


def test_a_completed_interview_keeps_its_language(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    baseline(store, protocol, clock, "P-042").complete()

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("f2", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterviewScreen) and pilot.app.screen.language == "en"

    run(make_app(), script)
    interview = stored(store, "P-042")
    assert interview.status is InterviewStatus.COMPLETED and interview.language == "en"
