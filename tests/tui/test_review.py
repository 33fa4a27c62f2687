"""The review step: what it measures, and from what (snapshots, each wave with its own protocol)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.widgets import DataTable

import egonet.analysis
from egonet.model import Protocol
from egonet.session import StepKind
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.widgets.review import SHOWN
from tests.tui.scenes import follow_up


def friends_as_formal(protocol: Protocol) -> Protocol:
    """Another version of the protocol, in which a friend counts as formal support."""
    questions = tuple(
        replace(q, options=tuple(replace(o, formal=o.value == "friend" or o.formal) for o in q.options))
        if q.role == "relationship"
        else q
        for q in protocol.alter_questions
    )
    return replace(protocol, version=f"{protocol.version}-friends", alter_questions=questions)


def figures(screen: InterviewScreen) -> dict[str, list[str]]:
    table = screen.query_one("#figures", DataTable)
    return {key: [str(c) for c in table.get_row_at(k)[1:]] for k, key in enumerate(SHOWN)}


async def to_review(screen: InterviewScreen) -> None:
    await screen.show_step(next(i for i, s in enumerate(screen.steps) if s.kind is StepKind.REVIEW))


def reviewed(
    make_app: Callable[..., EgonetApp],
    resume: Any,
    before: Callable[[InterviewScreen], None] = lambda _screen: None,
    during: Callable[[InterviewScreen], Awaitable[None]] | None = None,
) -> dict[str, list[str]]:
    """The review's figures of interview ``resume``: ``before`` runs on the screen before the review
    step is shown, ``during`` while its worker measures."""
    seen: dict[str, list[str]] = {}

    async def main() -> None:
        app = make_app(resume=resume)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = pilot.app.screen
            assert isinstance(screen, InterviewScreen)
            before(screen)
            await to_review(screen)
            if during is not None:
                await during(screen)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            seen.update(figures(screen))

    asyncio.run(main())
    return seen


def test_the_previous_wave_is_measured_with_its_own_protocol(
    make_app: Callable[..., EgonetApp], store: Store, protocol: Protocol, clock: Any
) -> None:
    session = follow_up(store, protocol, clock)  # at baseline: 2 professionals, 2 friends among 8

    def newer(screen: InterviewScreen) -> None:
        screen.session.protocol = friends_as_formal(protocol)  # this wave is asked with a newer version

    seen = reviewed(make_app, session.interview.id, before=newer)
    assert seen["n_formal"] == ["2", "5"]  # before: the baseline's own protocol; now: the friends count too
    assert seen["n_informal"] == ["6", "2"]


def test_the_figures_are_those_of_the_interview_when_measuring_began(
    make_app: Callable[..., EgonetApp],
    store: Store,
    protocol: Protocol,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A change made while the worker measures does not leak into what it measures."""
    session = follow_up(store, protocol, clock)  # 7 people in the network now
    measuring, go = threading.Event(), threading.Event()
    real = egonet.analysis.measure

    def slow_measure(*args: Any) -> Any:
        measuring.set()
        assert go.wait(10)
        return real(*args)

    monkeypatch.setattr(egonet.analysis, "measure", slow_measure)

    async def meanwhile(screen: InterviewScreen) -> None:
        assert await asyncio.to_thread(measuring.wait, 10)
        screen.session.add_alter("Zoë", "emotional")  # while the worker is measuring
        go.set()

    seen = reviewed(make_app, session.interview.id, during=meanwhile)
    assert seen["n_alters"] == ["8", "7"]
