"""Completing shows what is still open and records it; at a follow-up, last time's answers are
kept with one key per person (or per question) and recorded as confirmed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from egonet.analysis import measure
from egonet.model import Patient, Protocol
from egonet.session import InterviewSession, start_baseline
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.dialogs import ConfirmDialog
from tests.tui.keys import burst, settled
from tests.tui.scenes import follow_up

Script = Callable[[Pilot[None]], Coroutine[Any, Any, None]]


def run(app: EgonetApp, script: Script, size: tuple[int, int] = (80, 24)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            await script(pilot)

    asyncio.run(main())


def app_on(store: Store, protocol: Protocol, clock: Callable[[], datetime], session: InterviewSession) -> EgonetApp:
    return EgonetApp(
        store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock, resume=session.interview.id
    )


def ten_people_nothing_asked(store: Store, protocol: Protocol, clock: Callable[[], datetime]) -> InterviewSession:
    session = start_baseline(store, Patient("P-710", "CGG Leuven"), "clin-1", protocol, language="en", clock=clock)
    for k in range(10):
        session.add_alter(f"Person {k}", "emotional")
    store.save_place(session.interview.id, "review")
    return session


def screen_text(pilot: Pilot[None]) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query(Static))


def test_completing_lists_what_is_unanswered_and_records_it(
    store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = ten_people_nothing_asked(store, protocol, clock)
    answers_due = sum(q.applies({}) for q in protocol.alter_questions) * 10
    ego_due = sum(q.applies({}) for q in protocol.ego_questions)
    shown: list[str] = []

    async def script(pilot: Pilot[None]) -> None:
        burst(pilot, ["c"])
        await settled(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        shown.append(screen_text(pilot))
        burst(pilot, ["y"])
        await settled(pilot)

    run(app_on(store, protocol, clock, session), script)
    text = shown[0]
    assert f"{answers_due} of {answers_due} answers" in text
    assert "45 of 45 pairs not asked" in text
    assert f"{ego_due} of {ego_due} questions" in text
    stored = store.load(session.interview.id)
    assert stored.status.value == "completed"
    assert stored.left_open == {"alters": answers_due, "ties": 45, "ego": ego_due}
    row = measure(stored, protocol).row()
    assert row["n_alters"] == 10
    assert row["n_ties"] is None and row["density"] is None and row["n_components"] is None  # unknown, not 0
    assert row["effective_size"] is None and row["n_subgroups"] is None


def test_a_finished_census_is_measured_and_reopening_asks_first(
    store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = ten_people_nothing_asked(store, protocol, clock)
    for alter in session.interview.active_alters():
        session.mark_ties_reviewed(alter.id)  # asked: nobody knows anybody
    session.complete()
    assert store.load(session.interview.id).left_open.get("ties") is None
    row = measure(store.load(session.interview.id), protocol).row()
    assert (row["n_ties"], row["density"], row["n_components"]) == (0, 0.0, 10)

    async def script(pilot: Pilot[None]) -> None:
        burst(pilot, ["o"])
        await settled(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        burst(pilot, ["n"])
        await settled(pilot)
        assert store.load(session.interview.id).status.value == "completed"
        burst(pilot, ["o", "y"])
        await settled(pilot)

    run(app_on(store, protocol, clock, session), script)
    reopened = store.load(session.interview.id)
    assert reopened.status.value == "in_progress" and reopened.left_open == {}


def test_same_as_before_keeps_last_time_answers_with_one_key_per_person(
    store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    """The scene's baseline answered relationship and closeness (and a professional type); at the
    follow-up, ``=`` on each carried person keeps them, recorded as confirmed; Nora is new."""
    session = follow_up(store, protocol, clock)
    previous = store.load(session.interview.previous_id)  # type: ignore[arg-type]
    carried = [a for a in session.interview.active_alters() if a.carried]
    store.save_place(session.interview.id, "alters")

    async def script(pilot: Pilot[None]) -> None:
        # the cursor starts on the first person with last time's answers to keep; one "=" per
        # carried person, in one burst (Nora, the new one, comes last and takes none)
        burst(pilot, ["="] * len(carried))
        await settled(pilot)

    run(app_on(store, protocol, clock, session), script)
    stored = store.load(session.interview.id)
    for alter in carried:
        now, before = stored.alters[alter.id], previous.alters[alter.id]
        assert now.answers == before.answers, alter.label
        assert sorted(now.confirmed) == sorted(before.answers), alter.label
    nora = next(a for a in stored.alters.values() if a.label == "Nora")
    assert nora.confirmed == [] and nora.answers == {"relationship": "friend", "closeness": 2}


def test_same_as_before_for_a_whole_question_and_a_change_stands(
    store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    session = follow_up(store, protocol, clock)
    marie = next(a for a in session.interview.alters.values() if a.label == "Marie")
    session.answer_alter(marie.id, "closeness", 1)  # Marie is less close now
    store.save_place(session.interview.id, "alters")
    column = [q.id for q in protocol.alter_questions].index("closeness") + 1

    async def script(pilot: Pilot[None]) -> None:
        from egonet.tui.widgets.grid import AnswerGrid

        grid = pilot.app.screen.query_one(AnswerGrid)
        grid.cursor_coordinate = grid.cursor_coordinate._replace(row=0, column=column)
        burst(pilot, ["*"])
        await settled(pilot)

    run(app_on(store, protocol, clock, session), script)
    stored = store.load(session.interview.id)
    previous = store.load(session.interview.previous_id)  # type: ignore[arg-type]
    for alter in stored.active_alters():
        if not alter.carried:
            continue
        if alter.id == marie.id:
            assert alter.answers["closeness"] == 1 and "closeness" not in alter.confirmed
        else:
            assert alter.answers["closeness"] == previous.alters[alter.id].answers["closeness"]
            assert alter.confirmed == ["closeness"]
            assert "relationship" not in alter.confirmed  # carried by the protocol, not confirmed here
