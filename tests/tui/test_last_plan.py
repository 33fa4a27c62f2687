"""The first step of a follow-up whose baseline set goals: each goal's outcome, a note, one goal
carried into the new plan, keyboard only and checked in the store; what completing leaves open."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from egonet.model import Outcome, Protocol
from egonet.session import InterviewSession, StepKind, start_follow_up
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.dialogs import ConfirmDialog
from egonet.tui.widgets.last_plan import LastPlanPanel
from egonet.tui.widgets.step_list import StepList
from tests.tui.keys import burst, settled
from tests.tui.scenes import planned

Clock = Callable[[], datetime]
Script = Callable[[Pilot[None]], Coroutine[Any, Any, None]]


def follow_up_of_a_plan(store: Store, protocol: Protocol, clock: Clock, language: str = "en") -> InterviewSession:
    planned(store, protocol, clock).complete()
    return start_follow_up(store, "P-042", "clin-1", language=language, clock=clock)


def run(store: Store, session: InterviewSession, script: Script, size: tuple[int, int] = (80, 24)) -> None:
    app = EgonetApp(store, session.protocol, clinician="clin-1", service="CGG Leuven", clock=session.clock,
                    resume=session.interview.id)  # fmt: skip

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            await script(pilot)

    asyncio.run(main())


async def keys(pilot: Pilot[None], *typed: str) -> None:
    burst(pilot, list(typed))
    await settled(pilot)


def step_line(pilot: Pilot[None], title: str) -> str:
    steps = pilot.app.screen.query_one(StepList)
    lines = [str(steps.get_option_at_index(k).prompt) for k in range(steps.option_count)]
    return next(line for line in lines if title in line)


def test_two_goals_reviewed_one_with_a_note_and_one_carried(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = follow_up_of_a_plan(store, protocol, clock)
    goals = session.previous_goals()
    lines: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        assert pilot.app.screen.query(LastPlanPanel)  # the first step of the follow-up
        lines.append(step_line(pilot, "Last plan"))
        await keys(pilot, "d")  # see Marie and Jean more often: done; on to the next
        await keys(pilot, "n", "t", *"tried twice", "enter", "c")  # reconnect with Sofie: not done, a note, carried
        lines.append(step_line(pilot, "Last plan"))

    run(store, session, script)
    plan = store.load(session.interview.id).plan
    assert [(r.goal, r.outcome, r.note) for r in plan.reviews] == [
        (goals[0].id, Outcome.DONE, ""),
        (goals[1].id, Outcome.NOT_DONE, "tried twice"),
    ]
    [carried] = plan.goals
    assert carried.carried_from == goals[1].id and carried.kind == "reconnect" and carried.people == goals[1].people
    assert lines[0].rstrip().endswith("0/2") and lines[1].rstrip().endswith("✓")


def test_an_outcome_is_changed_and_cleared(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = follow_up_of_a_plan(store, protocol, clock)
    goals = session.previous_goals()

    async def script(pilot: Pilot[None]) -> None:
        await keys(pilot, "1", "3", "0")  # the first done, the second not done, then cleared
        await keys(pilot, "up", "4")  # the first: no longer relevant, instead

    run(store, session, script)
    plan = store.load(session.interview.id).plan
    assert [(r.goal, r.outcome) for r in plan.reviews] == [(goals[0].id, Outcome.NOT_RELEVANT)]


def test_completing_lists_the_goals_not_reviewed(store: Store, protocol: Protocol, clock: Clock) -> None:
    session = follow_up_of_a_plan(store, protocol, clock)
    for alter in session.interview.alters.values():
        session.confirm_alter(alter.id)
    store.save_place(session.interview.id, "review")
    said: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        await keys(pilot, "c")
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        said.append(dialog.message)
        await keys(pilot, "y")

    run(store, session, script)
    assert "Last plan: 2 of 2 goals of last time not reviewed" in said[0]
    assert store.load(session.interview.id).left_open.get("last_plan") == 2


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_last_plan_speaks_the_interviews_language(
    language: str, store: Store, protocol: Protocol, clock: Clock
) -> None:
    session = follow_up_of_a_plan(store, protocol, clock, language)
    shown: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        shown.append("\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips()))

    run(store, session, script, size=(120, 40))
    for english in ("See someone more often", "goals reviewed", "to review", "by the patient", "look again"):
        assert english not in shown[0]


def test_the_review_relates_last_plans_goals_to_what_moved(store: Store, protocol: Protocol, clock: Clock) -> None:
    """The goal to see Marie and Jean more often was done (how often they were seen was not asked
    at the baseline, so the review says it cannot tell); Sofie, whom the patient meant to
    reconnect with, is gone: the review of the follow-up says both."""
    session = follow_up_of_a_plan(store, protocol, clock)
    see = session.previous_goals()[0]
    for alter in list(session.interview.alters.values()):
        session.confirm_alter(alter.id) if alter.label != "Sofie" else session.mark_gone(alter.id)
    marie = next(a for a in session.interview.alters.values() if a.label == "Marie")
    before = session.previous_answers(marie.id).get("contact")
    session.answer_alter(marie.id, "contact", 4)
    session.review_goal(see.id, Outcome.DONE)
    shown: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await screen.show_step(next(i for i, s in enumerate(screen.steps) if s.kind is StepKind.REVIEW))
        for _ in range(100):  # the worker measures and posts its lines
            await pilot.pause(0.05)
            text = str(screen.query_one("#goals-moved").render())
            if "Reconnect" in text:
                shown.append(text)
                break

    run(store, session, script, size=(120, 40))
    [text] = shown
    assert "See someone more often: Marie, Jean: done" in text
    assert before is None and "Marie: how often you are in contact is not known for both times" in text
    assert "Reconnect with someone: Sofie: to review · Sofie is not in the network" in text
