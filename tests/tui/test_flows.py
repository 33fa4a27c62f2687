"""Whole interviews through the app, keyboard only; every check reads the store, not the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot

from egonet.model import AlterPresence, InterviewStatus
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.screens.interview import InterviewScreen
from tests.tui.conftest import stored
from tests.tui.keys import burst, settled

Script = Callable[[Pilot[None]], Coroutine[Any, Any, None]]

# Ten people; under "practical" (help) three of them are picked again from suggestions.
EMOTIONAL = ["Marie", "Jean", "Sofie", "Ahmed", "Dr Peeters"]
PRACTICAL_NEW = ["Lotte", "Karim"]
COMPANIONSHIP_NEW = ["Bram", "Nadia"]
PROFESSIONAL_NEW = ["Nurse Elke"]


def run(app: EgonetApp, script: Script, size: tuple[int, int] = (100, 32)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await script(pilot)

    asyncio.run(main())


async def type_line(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


async def new_patient(pilot: Pilot[None], code: str) -> None:
    await pilot.press("n")
    await type_line(pilot, code)
    assert isinstance(pilot.app.screen, InterviewScreen)


async def next_step(pilot: Pilot[None], times: int = 1) -> None:
    for _ in range(times):
        await pilot.press("ctrl+n")
        await pilot.pause()


async def name_people(pilot: Pilot[None]) -> None:
    """Five under 'talk'; under 'help' two picked from suggestions and two new; and so on."""
    for name in EMOTIONAL:
        await type_line(pilot, name)
    await next_step(pilot)  # practical
    await pilot.press(*"mar")  # suggestion: Marie
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.press(*"AHM", "down", "enter")  # case ignored
    for name in PRACTICAL_NEW:
        await type_line(pilot, name)
    await next_step(pilot)  # informational: Dr Peeters again
    await pilot.press(*"peet", "down", "enter")
    await next_step(pilot)  # companionship
    await pilot.press(*"sofi", "down", "enter")
    for name in COMPANIONSHIP_NEW:
        await type_line(pilot, name)
    await next_step(pilot)  # professional care
    await pilot.press(*"dr p", "down", "enter")
    for name in PROFESSIONAL_NEW:
        await type_line(pilot, name)
    await pilot.pause()


# relationship digits (1 partner, 2 family, 3 friend, 4 neighbour, 5 colleague, 6 peer, 7 health, 8 social)
RELATIONSHIPS = {
    "Marie": "2", "Jean": "2", "Sofie": "3", "Ahmed": "4", "Dr Peeters": "7",
    "Lotte": "3", "Karim": "6", "Bram": "3", "Nadia": "5", "Nurse Elke": "7",
}  # fmt: skip


async def describe_people(pilot: Pilot[None], order: list[str]) -> None:
    """Relationship for everyone (column 1), then closeness for everyone (column 4 after the professional ones)."""
    for name in order:
        await pilot.press(RELATIONSHIPS[name])
    await pilot.pause()
    # the cursor is now at the top of "profession": answer it for professionals only
    grid = pilot.app.screen.query_one("#grid")
    for row, name in enumerate(order):
        if RELATIONSHIPS[name] == "7":
            grid.cursor_coordinate = grid.cursor_coordinate._replace(row=row, column=2)  # type: ignore[attr-defined]
            await pilot.press("1")  # psychiatrist
    grid.cursor_coordinate = grid.cursor_coordinate._replace(row=0, column=5)  # type: ignore[attr-defined]
    for k, _ in enumerate(order):
        await pilot.press(str(3 - k % 3))  # closeness 3, 2, 1, 3, ...
    await pilot.pause()


def test_a_baseline_with_ten_people_answers_and_ties_is_all_in_the_store(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    order = EMOTIONAL + PRACTICAL_NEW + COMPANIONSHIP_NEW + PROFESSIONAL_NEW

    async def script(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-100")
        await name_people(pilot)
        await next_step(pilot)  # about them
        await describe_people(pilot, order)
        await next_step(pilot)  # ties: Marie first
        await pilot.press("space", "down", "2", "enter")  # Marie–Jean (a little), Marie–Sofie (well)
        await pilot.press("space", "enter")  # Jean–Sofie
        for _ in range(len(order) - 3):
            await pilot.press("enter")  # nobody else knows each other
        await pilot.pause()
        await next_step(pilot)  # about you
        await pilot.press("5", "1")  # satisfaction 5, gender woman
        await next_step(pilot)  # review
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    run(make_app(), script)
    iv = stored(store, "P-100")
    labels = {a.label: a for a in iv.alters.values()}
    assert sorted(labels) == sorted(order)
    assert labels["Marie"].generators == ["emotional", "practical"]
    assert labels["Dr Peeters"].generators == ["emotional", "informational", "professional_care"]
    assert labels["Sofie"].generators == ["emotional", "companionship"]
    assert labels["Ahmed"].generators == ["emotional", "practical"]
    health = "health_professional"
    assert {a.label: a.answers["relationship"] for a in iv.alters.values()} == {
        "Marie": "family", "Jean": "family", "Sofie": "friend", "Ahmed": "neighbour", "Dr Peeters": health,
        "Lotte": "friend", "Karim": "peer", "Bram": "friend", "Nadia": "colleague", "Nurse Elke": health,
    }  # fmt: skip
    assert labels["Dr Peeters"].answers["professional_type"] == "psychiatrist"
    assert "professional_type" not in labels["Marie"].answers
    assert [labels[n].answers["closeness"] for n in order] == [3 - k % 3 for k in range(len(order))]
    ties = {frozenset((iv.alters[t.a].label, iv.alters[t.b].label)): t.value for t in iv.ties.values()}
    assert ties == {frozenset({"Marie", "Jean"}): 1, frozenset({"Marie", "Sofie"}): 2, frozenset({"Jean", "Sofie"}): 1}
    assert len(iv.ties_reviewed) == len(order) - 1  # the last person's list is empty: every pair was asked
    assert iv.ego_answers == {"satisfaction": 5, "gender": "woman"}
    assert iv.status is InterviewStatus.COMPLETED


def test_quitting_half_way_resumes_at_the_same_step_with_nothing_lost_or_doubled(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def first(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-200")
        for name in ["Anna", "Bert"]:
            await type_line(pilot, name)
        await next_step(pilot)
        await type_line(pilot, "Chris")
        await pilot.press("ctrl+q")

    run(make_app(), first)
    saved = stored(store, "P-200")
    assert [a.label for a in saved.alters.values()] == ["Anna", "Bert", "Chris"]

    async def second(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # continue the only patient
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.steps[screen.current].id == "naming:practical"
        await type_line(pilot, "Dora")

    run(make_app(), second)
    assert len(store.interviews("P-200")) == 1
    iv = stored(store, "P-200")
    assert [(a.label, a.generators) for a in iv.alters.values()] == [
        ("Anna", ["emotional"]),
        ("Bert", ["emotional"]),
        ("Chris", ["practical"]),
        ("Dora", ["practical"]),
    ]


def test_a_follow_up_keeps_loses_and_adds_people_with_the_same_ids(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def baseline(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-300")
        for name in ["Anna", "Bert", "Chris"]:
            await type_line(pilot, name)
        await next_step(pilot, 5)  # about them
        await pilot.press("2", "3", "7")  # family, friend, health professional
        await next_step(pilot, 3)  # review
        await pilot.press("c", "y")
        await pilot.pause()

    run(make_app(), baseline)
    before = stored(store, "P-300")
    assert before.status is InterviewStatus.COMPLETED

    async def follow_up(pilot: Pilot[None]) -> None:
        await pilot.press("f", "y")  # follow-up of the selected (only) patient
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.steps[screen.current].id == "confirm"
        await pilot.press("y", "g", "y")  # Anna stays, Bert gone, Chris stays
        await next_step(pilot)  # talk
        await type_line(pilot, "Dora")
        await pilot.press("f3")  # the map instead of the step, at this width
        await pilot.pause()
        await next_step(pilot, 5)  # about them: the relationship is carried, only Dora's is asked
        await pilot.press("3")
        await next_step(pilot, 3)  # review: what changed
        await pilot.pause()
        changes = str(pilot.app.screen.query_one("#changes").render())
        assert "Dora" in changes and "Bert" in changes
        await pilot.press("c", "y")
        await pilot.pause()

    run(make_app(), follow_up, size=(80, 24))
    after = stored(store, "P-300")
    assert after.wave.index == 1 and after.previous_id == before.id
    ids = {a.label: a.id for a in before.alters.values()}
    now = {a.label: a for a in after.alters.values()}
    assert now["Anna"].id == ids["Anna"] and now["Chris"].id == ids["Chris"] and now["Bert"].id == ids["Bert"]
    assert now["Anna"].presence is AlterPresence.PRESENT and now["Bert"].presence is AlterPresence.GONE
    assert now["Dora"].id not in ids.values() and not now["Dora"].carried
    assert now["Anna"].answers["relationship"] == "family"  # carried, not asked again
    assert now["Chris"].answers["relationship"] == "health_professional"
    assert now["Dora"].answers["relationship"] == "friend"
    assert after.status is InterviewStatus.COMPLETED


def test_switching_language_during_the_interview_is_saved_and_shown(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-400")
        await type_line(pilot, "Anna")
        await pilot.press("f2")
        await pilot.pause()
        assert "enregistré" in str(pilot.app.screen.query_one("#title-bar").render())
        prompt = str(pilot.app.screen.query_one("#prompt").render())
        assert prompt.startswith("Ces six derniers mois")
        await pilot.press("f2")
        await pilot.pause()
        assert "bewaard" in str(pilot.app.screen.query_one("#title-bar").render())
        await type_line(pilot, "Bert")

    run(make_app(), script)
    iv = stored(store, "P-400")
    assert iv.language == "nl"
    assert [a.label for a in iv.alters.values()] == ["Anna", "Bert"]


def test_removing_someone_with_answers_asks_first_and_names_are_shown_as_typed(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-500")
        for name in ["[b]Anna[/b]", "Bert"]:
            await type_line(pilot, name)
        people = pilot.app.screen.query_one("#people")
        assert "[b]Anna[/b]" in str(people.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await next_step(pilot, 5)  # about them
        await pilot.press("2")  # Anna: family
        for _ in range(5):
            await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("tab")  # to the list; Anna is highlighted
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")  # no: keep her
        await pilot.pause()
        await pilot.press("down", "delete")  # Bert has no answer: removed at once
        await pilot.pause()

    run(make_app(), script)
    assert [a.label for a in stored(store, "P-500").alters.values()] == ["[b]Anna[/b]"]


def test_a_burst_of_names_is_stored_name_by_name(make_app: Callable[..., EgonetApp], store: Store) -> None:
    """Every key of a burst reaches the app before the first is handled (as a paste or a fast
    typist's keys do): each Enter ends exactly the name typed before it, and a Down typed right
    after a letter picks the suggestion that letter brought up."""

    async def script(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-600")
        burst(
            pilot,
            [*"Anna", "enter", *"Bob", "enter", *"Carl", "enter", "ctrl+n", *"Bo", "down", "enter", *"Dora", "enter"],
        )
        await settled(pilot)

    run(make_app(), script)
    alters = stored(store, "P-600").alters.values()
    assert [(a.label, a.generators) for a in alters] == [
        ("Anna", ["emotional"]),
        ("Bob", ["emotional", "practical"]),
        ("Carl", ["emotional"]),
        ("Dora", ["practical"]),
    ]


def test_a_completed_interview_changes_only_after_it_is_reopened(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def complete(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-600")
        await type_line(pilot, "Anna")
        await next_step(pilot, 8)  # review
        await pilot.press("c", "y")
        await pilot.pause()

    run(make_app(), complete)
    revision = stored(store, "P-600").revision

    async def try_change(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # opens at the review step
        await pilot.pause()
        for _ in range(8):
            await pilot.press("ctrl+p")
        await type_line(pilot, "Bert")  # refused: completed
        assert [a.label for a in stored(store, "P-600").alters.values()] == ["Anna"]
        for _ in range(8):
            await pilot.press("ctrl+n")
        await pilot.press("o", "y")  # reopen, after a confirmation like completing
        await pilot.pause()
        for _ in range(8):
            await pilot.press("ctrl+p")
        await type_line(pilot, "Bert")

    run(make_app(), try_change)
    after = stored(store, "P-600")
    assert [a.label for a in after.alters.values()] == ["Anna", "Bert"]
    assert after.status is InterviewStatus.IN_PROGRESS and after.revision == revision + 2


def test_a_person_named_twice_is_flagged_and_merged_with_one_key(
    make_app: Callable[..., EgonetApp], store: Store
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await new_patient(pilot, "P-700")
        await type_line(pilot, "Marie")
        await next_step(pilot)  # help: typed again instead of picked from the suggestions
        await type_line(pilot, "marie")
        warning = str(pilot.app.screen.query_one("#duplicates").render())
        assert "may be one person" in warning
        await pilot.press("tab", "m")  # merge the highlighted (new) marie into…
        await pilot.pause()
        await pilot.press("1")  # …the first choice: Marie
        await pilot.pause()

    run(make_app(), script)
    alters = list(stored(store, "P-700").alters.values())
    assert [(a.label, a.generators) for a in alters] == [("Marie", ["emotional", "practical"])]
