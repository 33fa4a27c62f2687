"""The plan step, keyboard only: goals added, edited and removed through the app, checked in the
store; the selected goal's people marked on the map; nothing English in French and Dutch."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from egonet.model import Actor, Protocol
from egonet.session import InterviewSession
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.drawing import MARKED
from egonet.tui.strings import STRINGS
from egonet.tui.widgets.network_map import NetworkMap
from egonet.tui.widgets.plan import PlanPanel
from tests.tui.keys import burst, settled
from tests.tui.scenes import baseline, planned, sparse

Clock = Callable[[], datetime]
Script = Callable[[Pilot[None]], Coroutine[Any, Any, None]]


def run(app: EgonetApp, script: Script, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            await script(pilot)

    asyncio.run(main())


def at_plan(store: Store, session: InterviewSession) -> EgonetApp:
    store.save_place(session.interview.id, "plan")
    return EgonetApp(store, session.protocol, clinician="clin-1", service="CGG Leuven", clock=session.clock,
                     resume=session.interview.id)  # fmt: skip


def ids(session: InterviewSession) -> dict[str, Any]:
    return {a.label: a.id for a in session.interview.alters.values()}


NAMED = {"down", "up", "left", "right", "enter", "tab", "delete", "escape", "backspace", "ctrl+u", "f3"}


async def keys(pilot: Pilot[None], *typed: str) -> None:
    """Each part a named key, or text typed a character at a time; all sent in one burst."""
    burst(pilot, [k for part in typed for k in ([part] if part in NAMED else list(part))])
    await settled(pilot)


def test_a_goal_with_a_person_a_support_a_date_and_a_note(store: Store, protocol: Protocol, clock: Clock) -> None:
    """3 ask for support: a person from a suggestion, someone new, the support, who acts, a date and a note."""
    session = baseline(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen.query_one(PlanPanel), PlanPanel)
        await keys(pilot, "3", "mar", "down", "enter", "Sophie", "enter")  # Marie, then Sophie (not in the network)
        await keys(pilot, "tab", "2", "tab", "right", "tab", "2026-03-01", "tab", "Sunday lunch", "enter")

    run(at_plan(store, session), script)
    plan = store.load(session.interview.id).plan
    [goal] = plan.goals
    assert goal.kind == "ask_support" and goal.people == [ids(session)["Marie"]] and goal.others == ["Sophie"]
    assert goal.support == "practical" and goal.actor is Actor.CLINICIAN
    assert goal.review_on == date(2026, 3, 1) and goal.note == "Sunday lunch"


def test_a_goal_is_edited_and_removed(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = baseline(store, protocol, clock)
    people = ids(session)
    session.add_goal("see_more", people=[people["Jean"]], note="call")
    session.add_goal("link_service", service="social_services")

    async def script(pilot: Pilot[None]) -> None:
        # edit the first: add Lotte, the date three months on, a new note
        await keys(pilot, "e", "lot", "down", "enter", "tab", "tab", "+3m", "tab", "ctrl+u", "call on Sundays", "enter")
        await keys(pilot, "down", "delete", "y")  # the second goal removed, after the confirmation

    run(at_plan(store, session), script)
    [goal] = store.load(session.interview.id).plan.goals
    assert goal.people == [people["Jean"], people["Lotte"]] and goal.note == "call on Sundays"
    assert goal.review_on is not None and goal.review_on.month == 4  # three months after the clock's January


def test_a_wrong_date_is_refused_and_the_form_stays(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = baseline(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        await keys(pilot, "1", "jean", "enter", "tab", "tab", "next week", "enter")
        assert [n.message for n in pilot.app._notifications][-1].startswith("“next week” is not a date")
        await keys(pilot, "ctrl+u", "+2w", "enter")

    run(at_plan(store, session), script)
    [goal] = store.load(session.interview.id).plan.goals
    assert goal.kind == "reconnect" and goal.review_on is not None and goal.review_on > date(2026, 1, 5)


def test_the_plan_is_written_after_the_interview_is_completed(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = baseline(store, protocol, clock)
    session.complete()

    async def script(pilot: Pilot[None]) -> None:
        await keys(pilot, "a", "7", "tab", "tab", "tab", "3", "tab", "tab", "ask around", "enter")

    run(at_plan(store, session), script)
    stored = store.load(session.interview.id)
    [goal] = stored.plan.goals
    assert goal.kind == "other" and goal.note == "ask around" and stored.status.value == "completed"


def test_the_map_marks_the_selected_goals_people(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = planned(store, protocol, clock)
    people = ids(session)
    seen: dict[str, Any] = {}

    async def script(pilot: Pilot[None]) -> None:
        own = pilot.app.screen.query_one("#plan-map", NetworkMap)
        seen["first"] = (own.marked, own.drawing.text.plain if own.drawing else "")
        await keys(pilot, "down")
        seen["second"] = (own.marked, own.drawing.text.plain if own.drawing else "")
        await keys(pilot, "f3")  # the map alone, over the whole width: marked too
        side = pilot.app.screen.query_one("#side-map", NetworkMap)
        seen["side"] = (side.marked, side.drawing.text.plain if side.drawing else "")

    run(at_plan(store, session), script)
    marked, text = seen["first"]
    assert marked == {people["Marie"], people["Jean"]}
    assert f"{MARKED}Marie" in text and f"{MARKED}Jean" in text and f"{MARKED}Sofie" not in text
    marked, text = seen["second"]
    assert marked == {people["Sofie"]} and f"{MARKED}Sofie" in text and f"{MARKED}Marie" not in text
    marked, text = seen["side"]
    assert marked == {people["Sofie"]} and f"{MARKED}Sofie" in text


def test_a_prompt_is_listed_recorded_and_taken_as_a_goal(store: Store, protocol: Protocol, clock: Clock) -> None:
    """Tab to the ideas: the second (nobody for advice) becomes a goal asking Anna for advice."""
    session = sparse(store, protocol, clock)
    shown: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        shown.append(screen_text(pilot))
        await keys(pilot, "tab", "down", "enter", "anna", "enter", "enter")
        shown.append(screen_text(pilot))

    run(at_plan(store, session), script)
    assert "Nobody to talk to" in shown[0]
    plan = store.load(session.interview.id).plan
    [goal] = plan.goals
    assert goal.kind == "ask_support" and goal.support == "informational" and goal.suggestion == "support_missing"
    assert goal.people == [ids(session)["Anna"]]
    recorded = {(s.prompt, s.support): s.taken for s in plan.suggested}  # one record per support missing
    assert recorded == {
        ("no_informal_talk", None): None,
        ("support_missing", "informational"): goal.id,
        ("support_missing", "companionship"): None,
    }
    assert "✓" in shown[1]  # the prompt taken is ticked


def test_a_goal_names_a_resource_of_the_services_directory(store: Store, protocol: Protocol, clock: Clock) -> None:
    """5 meet new people: free time, would like music; the choir comes first and 1 takes it."""
    session = sparse(store, protocol, clock)

    async def script(pilot: Pilot[None]) -> None:
        await keys(pilot, "5", "4", "tab", "2", "tab", "1", "enter")
        await keys(pilot, "up")  # the goal's details name the resource
        assert "Community choir" in screen_text(pilot)

    run(at_plan(store, session), script)
    [goal] = store.load(session.interview.id).plan.goals
    assert goal.kind == "meet_people" and goal.support == "companionship"
    assert goal.interest == "music" and goal.resource == "choir"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_plan_step_shows_no_english(language: str, store: Store, protocol: Protocol, clock: Clock) -> None:
    session = planned(store, protocol, clock)
    session.set_language(language)
    screens: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        screens.append(screen_text(pilot))
        await keys(pilot, "e")  # the form of the selected goal
        screens.append(screen_text(pilot))

    run(at_plan(store, session), script, size=(120, 40))
    english = {v["en"] for k, v in STRINGS.items() if v["en"] != v[language] and len(v["en"]) > 3}
    english |= {kind.label["en"] for kind in protocol.goal_kinds}
    for text in screens:
        found = [e for e in english if "{" not in e and re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)]
        assert not found, found


def screen_text(pilot: Pilot[None]) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())
