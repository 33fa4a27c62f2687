"""The tie census through the app at 80x24, keyboard only: carried ties confirmed, group answers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from egonet.model import Interview, Protocol, TieSource
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.widgets.ties import Checklist
from tests.tui.scenes import carried_census, clustered

Script = Callable[[Pilot[None]], Coroutine[Any, Any, None]]
SMALL = {"family": 4, "friend": 3, "colleague": 3}


def run(app: EgonetApp, script: Script) -> None:
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


def shown(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def rows(pilot: Pilot[None]) -> list[str]:
    checklist = pilot.app.screen.query_one(Checklist)
    return [str(checklist.get_option_at_index(k).prompt) for k in range(checklist.option_count)]


def pairs(iv: Interview) -> dict[frozenset[str], TieSource]:
    return {frozenset((iv.alters[t.a].label, iv.alters[t.b].label)): t.source for t in iv.ties.values()}


def test_a_follow_up_where_nothing_changed_costs_one_key_per_person(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = carried_census(store, protocol, clock, n=15)

    async def script(pilot: Pilot[None]) -> None:
        first = rows(pilot)
        assert first[0].startswith("[x] Person 2") and first[0].endswith("A little   · last time")
        assert first[1].startswith("[x] Person 3") and first[2] == "[ ] Person 4"
        assert "Enter: confirms as ticked" in shown(pilot, "#ties-legend")
        for _ in range(14):  # the fifteenth list is empty: every pair is asked
            await pilot.press("enter")
        await pilot.pause()
        assert shown(pilot, "#ties-legend") == "Every pair asked · e edit a list · Ctrl+N next step"
        assert "105 of 105" in str(pilot.app.screen.query_one("#ties-progress").render())

    run(make_app(resume=session.interview.id), script)
    iv = store.load(session.interview.id)
    assert len(iv.ties) == 27 and set(pairs(iv).values()) == {TieSource.CONFIRMED}


def test_a_changed_tie_at_a_follow_up_is_answered_now_and_the_rest_confirmed(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = carried_census(store, protocol, clock, n=4)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("down", "space", "down", "space", "enter")  # 1-3 over, 1-4 new
        await pilot.press("enter", "enter")
        await pilot.pause()

    run(make_app(resume=session.interview.id), script)
    assert pairs(store.load(session.interview.id)) == {
        frozenset({"Person 1", "Person 2"}): TieSource.CONFIRMED,
        frozenset({"Person 1", "Person 4"}): TieSource.ASKED,
        frozenset({"Person 2", "Person 3"}): TieSource.CONFIRMED,
        frozenset({"Person 2", "Person 4"}): TieSource.CONFIRMED,
        frozenset({"Person 3", "Person 4"}): TieSource.CONFIRMED,
    }


def test_a_group_by_relationship_then_its_exceptions_then_the_lists_of_what_is_left(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = clustered(store, protocol, clock, sizes=SMALL)

    async def script(pilot: Pilot[None]) -> None:
        assert "g: a group" in shown(pilot, "#ties-legend")
        await pilot.press("g")
        await pilot.pause()
        choices = pilot.app.screen.query_one("#dialog-choices")
        assert "Family member · 4 people, 6 pairs to ask" in str(choices.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await pilot.press("1")  # the family all know each other ...
        await pilot.pause()
        assert "Family member: does Family 1 know all of these?" in shown(pilot, "#ties-prompt")
        assert [r[:12] for r in rows(pilot)] == ["[x] Family 2", "[x] Family 3", "[x] Family 4"]
        await pilot.press("enter", "down", "space")  # ... but Family 2 does not know Family 4
        await pilot.press("escape")  # the rest of the group is right
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterviewScreen)  # Escape ended the group, not the interview
        assert "Which of these people does Family 1 know?" in shown(pilot, "#ties-prompt")
        names = [f"Friend {k}" for k in (1, 2, 3)] + [f"Colleague {k}" for k in (1, 2, 3)]
        assert rows(pilot) == [f"[ ] {name}" for name in names]
        await pilot.press("space", "enter")  # Family 1 knows Friend 1
        await pilot.pause()

    run(make_app(resume=session.interview.id), script)
    iv = store.load(session.interview.id)
    family = {frozenset({f"Family {a}", f"Family {b}"}) for a in range(1, 5) for b in range(a + 1, 5)}
    assert pairs(iv) == {
        **dict.fromkeys(family - {frozenset({"Family 2", "Family 4"})}, TieSource.GROUP),
        frozenset({"Family 1", "Friend 1"}): TieSource.ASKED,
    }
    assert [g.basis for g in iv.ties_groups] == ["relationship:family"]
    assert all(iv.pair_asked(*p) for p in ((t.a, t.b) for t in iv.ties.values()))
    done = 6 + 6  # the family's pairs and Family 1's list
    assert sum(iv.pair_asked(a.id, b.id) for a in iv.alters.values() for b in iv.alters.values() if a.id < b.id) == done


def test_a_group_of_people_marked_one_by_one(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = clustered(store, protocol, clock, sizes=SMALL)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("end", "enter")  # "The people I mark"
        await pilot.pause()
        await pilot.press("down", "space", "down", "down", "down", "space", "down", "space", "enter")
        await pilot.pause()
        assert "The people I mark: does Family 2 know all of these?" in shown(pilot, "#ties-prompt")
        await pilot.press("enter", "enter")  # the group's lists as they are: the last ends the group
        await pilot.pause()
        assert "Which of these people does Family 1 know?" in shown(pilot, "#ties-prompt")

    run(make_app(resume=session.interview.id), script)
    iv = store.load(session.interview.id)
    trio = ["Family 2", "Friend 1", "Friend 2"]
    assert pairs(iv) == {frozenset({a, b}): TieSource.GROUP for a in trio for b in trio if a < b}
    assert [(g.basis, [iv.alters[i].label for i in g.members]) for g in iv.ties_groups] == [("marked", trio)]
