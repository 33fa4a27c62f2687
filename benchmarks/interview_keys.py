"""Benchmark: keys pressed to conduct parts of an interview, one way against another.

Drives the real app with Textual's pilot at 80x24 on a real store, as a clinician who knows
the answers would: only the keys that move to a row and answer it, then Enter.  Each scenario
is a function that returns rows of the table printed at the end (and checks that every way
stores the same network).

1. ``ties_15`` and ``ties_40``: the tie census of a baseline (naming and answers take the
   same keys either way) of 15 people (5 family, 5 friends, 5 colleagues) and of 40 (14, 13,
   13), named in that order, each cluster all knowing each other except 2 pairs, and 4 ties
   across clusters.  Per-person checklists alone (↓ to each row to tick, Space, Enter), against
   a group answer per cluster (g and a digit), its exceptions in the group's lists (Enter to the
   member, ↓, Space; Esc when the rest is right), then the checklists for what is left.
2. ``follow_up_15``: a follow-up of 15 carried people, all confirmed, whose baseline had 27
   ties (each person with the next two); 3 pairs change (a tie over, a new one, a strength).
   Confirming last time's ticks (Enter per list, the 3 changes where they are), against the
   same census with nothing carried (every tie ticked again), and against walking every row
   of every list (↓ through each pair, as when each pair is read out).
3. ``answers_follow_up_15``: the same 15 people's answers about them at a follow-up (closeness,
   contact, "you help too", stress: 60 answers; relationship and gender come along by the
   protocol), where 3 answers change.  Same as before (``=`` per person; where an answer
   changed, the arrows to it and its digit first), against asking every answer again (a digit
   per cell).

    python benchmarks/interview_keys.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from textual.pilot import Pilot
from textual.widgets import OptionList

from egonet.model import Answer, Patient, Protocol
from egonet.protocol import default_protocol
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store
from egonet.tui import EgonetApp
from egonet.tui.widgets.answers import AnswersPanel
from egonet.tui.widgets.grid import AnswerGrid
from egonet.tui.widgets.ties import Checklist, TiesPanel

SIZE = (80, 24)
Pair = frozenset[UUID]
Target = dict[Pair, Answer]
"""The ties the patient describes: pair -> strength (1 "a little", 2 "well")."""


@dataclass(frozen=True, slots=True)
class Row:
    scenario: str
    way: str
    keys: int
    seconds: float


class Keys:
    """Presses keys on the app and counts them."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot, self.count = pilot, 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)
        await self.pilot.pause()

    @property
    def panel(self) -> TiesPanel:
        return self.pilot.app.screen.query_one(TiesPanel)


def clock() -> Callable[[], datetime]:
    state = {"now": datetime(2026, 1, 5, 9, 0, tzinfo=UTC)}

    def tick() -> datetime:
        state["now"] += timedelta(seconds=1)
        return state["now"]

    return tick


async def drive(
    store: Store, protocol: Protocol, session: InterviewSession, script: Callable[[Keys], Awaitable[None]]
) -> int:
    """Open the interview at its bookmarked step, run ``script``, return the keys it pressed."""
    app = EgonetApp(
        store, protocol, clinician="clin-1", service="CGG Leuven", clock=clock(), resume=session.interview.id
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = Keys(pilot)
        await script(keys)
        return keys.count


def stored_ties(store: Store, session: InterviewSession) -> Target:
    iv = store.load(session.interview.id)
    return {frozenset((t.a, t.b)): t.value for t in iv.ties.values()}


def _needed(panel: TiesPanel, focal: UUID, other: UUID, target: Target) -> str | None:
    """The key that makes the row right (Space to tick or untick, a digit for a strength), if any."""
    tie = panel.session.interview.tie(focal, other)
    wanted = target.get(frozenset((focal, other)))
    if wanted is None:
        return "space" if tie else None
    if tie is None:
        return "space" if wanted == 1 else str(wanted)
    return None if tie.value == wanted else str(wanted)


async def fix_list(keys: Keys, target: Target, *, every_row: bool = False) -> None:
    """Make the shown list right: ↓ to each row that needs it (to every row, with ``every_row``)."""
    panel = keys.panel
    focal = panel.focal
    assert focal is not None
    checklist = panel.query_one(Checklist)
    ids = [UUID(str(checklist.get_option_at_index(k).id)) for k in range(checklist.option_count)]
    cursor = 0
    for index, other in enumerate(ids):
        key = _needed(panel, focal.id, other, target)
        if (key or every_row) and index > cursor:
            await keys.press(*["down"] * (index - cursor))
            cursor = index
        if key:
            await keys.press(key)


async def walk_lists(keys: Keys, target: Target, *, every_row: bool = False) -> None:
    """Every person's checklist in turn, until every pair is asked."""
    while keys.panel.focal is not None:
        await fix_list(keys, target, every_row=every_row)
        await keys.press("enter")


async def answer_group(keys: Keys, label: str, target: Target) -> None:
    """g, the group's digit; then its lists while an exception is left, Esc when the rest is right."""
    await keys.press("g")
    choices = keys.pilot.app.screen.query_one("#dialog-choices", OptionList)
    index = next(k for k in range(choices.option_count) if label in str(choices.get_option_at_index(k).prompt))
    assert index < 9
    await keys.press(str(index + 1))
    panel = keys.panel
    while panel.group:
        assert panel.focal is not None
        at = panel.group.index(panel.focal.id)
        left = [(a, b) for k, a in enumerate(panel.group[at:], at) for b in panel.group[k + 1 :]]
        if not any(_needed(panel, a, b, target) for a, b in left):
            await keys.press("escape")
            break
        await fix_list(keys, target)
        await keys.press("enter")


# -- scenarios ----------------------------------------------------------------------------------


def ties_40(protocol: Protocol) -> list[Row]:
    return clustered_census(protocol, "ties_40", {"family": 14, "friend": 13, "colleague": 13})


def ties_15(protocol: Protocol) -> list[Row]:
    return clustered_census(protocol, "ties_15", {"family": 5, "friend": 5, "colleague": 5})


def clustered_census(protocol: Protocol, scenario: str, clusters: dict[str, int]) -> list[Row]:
    """The census of people in clusters that each all know each other but for 2 pairs, with 4
    ties across clusters."""

    def build(store: Store) -> tuple[InterviewSession, Target]:
        patient = Patient(f"P-{sum(clusters.values()):03d}", "CGG Leuven")
        session = start_baseline(store, patient, "clin-1", protocol, language="en", clock=clock())
        groups: dict[str, list[UUID]] = {}
        for relation, size in clusters.items():
            for k in range(size):
                alter = session.add_alter(f"{relation.title()} {k + 1}", "emotional")
                session.answer_alter(alter.id, "relationship", relation)
                groups.setdefault(relation, []).append(alter.id)
        target: Target = {}
        for members in groups.values():
            target |= {frozenset((a, b)): 1 for k, a in enumerate(members) for b in members[k + 1 :]}
            for a, b in ((0, 2), (1, 3)) if len(members) < 12 else ((2, 9), (5, 11)):  # 2 pairs do not
                del target[frozenset((members[a], members[b]))]
        fam, pal, work = groups["family"], groups["friend"], groups["colleague"]
        if len(fam) < 12:
            pairs = ((fam[0], pal[3]), (fam[3], pal[0]), (pal[4], work[2]), (fam[2], work[4]))
        else:
            pairs = ((fam[0], pal[3]), (fam[6], pal[0]), (pal[8], work[2]), (fam[12], work[10]))
        for a, b in pairs:
            target[frozenset((a, b))] = 1
        store.save_place(session.interview.id, "ties")
        return session, target

    labels = ["Family member", "Friend", "Colleague"]

    async def lists_only(keys: Keys, target: Target) -> None:
        await walk_lists(keys, target)

    async def groups_first(keys: Keys, target: Target) -> None:
        for label in labels:
            await answer_group(keys, label, target)
        await walk_lists(keys, target)

    return [
        _run(scenario, "checklists only", build, lists_only, protocol),
        _run(scenario, "group answers + exceptions", build, groups_first, protocol),
    ]


def follow_up_15(protocol: Protocol) -> list[Row]:
    def build(store: Store, *, carried: bool = True) -> tuple[InterviewSession, Target]:
        code = "P-015"
        first = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock())
        ids = [first.add_alter(f"Person {k + 1}", "emotional").id for k in range(15)]
        for k, a in enumerate(ids):
            for b in ids[k + 1 : k + 3]:
                first.set_tie(a, b, 1)
        for a in ids:
            first.mark_ties_reviewed(a)
        first.complete()
        session = start_follow_up(store, code, "clin-1", clock=clock())
        for a in ids:
            session.confirm_alter(a)
        target: Target = {frozenset((a, b)): 1 for k, a in enumerate(ids) for b in ids[k + 1 : k + 3]}
        del target[frozenset((ids[2], ids[3]))]  # they no longer know each other
        target[frozenset((ids[4], ids[8]))] = 1  # they met
        target[frozenset((ids[9], ids[10]))] = 2  # they know each other well now
        if not carried:  # as if nothing came from last time
            for t in list(session.interview.ties.values()):
                session.unset_tie(t.a, t.b)
        store.save_place(session.interview.id, "ties")
        return session, target

    async def lists(keys: Keys, target: Target) -> None:
        await walk_lists(keys, target)

    async def every_row(keys: Keys, target: Target) -> None:
        await walk_lists(keys, target, every_row=True)

    return [
        _run("follow_up_15", "confirm last time's (Enter per list)", build, lists, protocol),
        _run("follow_up_15", "nothing carried (tick every tie)", lambda s: build(s, carried=False), lists, protocol),
        _run("follow_up_15", "walk every row of every list", build, every_row, protocol),
    ]


def _run(
    scenario: str,
    way: str,
    build: Callable[[Store], tuple[InterviewSession, Target]],
    script: Callable[[Keys, Target], Awaitable[None]],
    protocol: Protocol,
) -> Row:
    with tempfile.TemporaryDirectory() as home, Store(Path(home) / "egonet.sqlite3") as store:
        session, target = build(store)
        started = time.perf_counter()
        keys = asyncio.run(drive(store, protocol, session, lambda k: script(k, target)))
        seconds = time.perf_counter() - started
        got = stored_ties(store, session)
        assert got == target, f"{scenario} / {way}: the stored ties are not the ones described"
        assert store.load(session.interview.id).ties and _all_asked(store, session), f"{scenario} / {way}: pairs left"
    return Row(scenario, way, keys, seconds)


def _all_asked(store: Store, session: InterviewSession) -> bool:
    iv = store.load(session.interview.id)
    ids = [a.id for a in iv.active_alters()]
    return all(iv.pair_asked(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :])


def answers_follow_up_15(protocol: Protocol) -> list[Row]:
    asked = ["closeness", "contact", "reciprocity", "conflict"]
    questions = {q.id: q for q in protocol.alter_questions}

    def digit(question_id: str, value: Answer) -> str:
        question = questions[question_id]
        if isinstance(value, bool):
            return "1" if value else "2"
        return str(next(k for k, o in enumerate(question.options, 1) if o.value == value))

    def build(store: Store) -> tuple[InterviewSession, dict[UUID, dict[str, Answer]]]:
        code = "P-016"
        first = start_baseline(store, Patient(code, "CGG Leuven"), "clin-1", protocol, language="en", clock=clock())
        before: dict[UUID, dict[str, Answer]] = {}
        for k in range(15):
            alter = first.add_alter(f"Person {k + 1}", "emotional")
            answers: dict[str, Answer] = {
                "relationship": "friend",
                "gender": questions["gender"].options[k % 2].value,
                "closeness": questions["closeness"].options[k % 3].value,
                "contact": questions["contact"].options[k % 4].value,
                "reciprocity": k % 2 == 0,
                "conflict": k % 5 == 0,
            }
            for question_id, value in answers.items():
                first.answer_alter(alter.id, question_id, value)
            before[alter.id] = answers
            first.mark_ties_reviewed(alter.id)
        first.complete()
        session = start_follow_up(store, code, "clin-1", clock=clock())
        ids = list(before)
        for a in ids:
            session.confirm_alter(a)
        target = {a: dict(answers) for a, answers in before.items()}
        target[ids[3]]["closeness"] = questions["closeness"].options[(3 + 1) % 3].value
        target[ids[7]]["contact"] = questions["contact"].options[(7 + 2) % 4].value
        target[ids[11]]["conflict"] = not target[ids[11]]["conflict"]
        store.save_place(session.interview.id, "alters")
        return session, target

    def grid(keys: Keys) -> tuple[AnswerGrid, AnswersPanel]:
        screen = keys.pilot.app.screen
        return screen.query_one(AnswerGrid), screen.query_one(AnswersPanel)

    async def go_to(keys: Keys, row: int, column: int) -> None:
        cells, _ = grid(keys)
        at = cells.cursor_coordinate
        moves = ["down" if row > at.row else "up"] * abs(row - at.row)
        moves += ["right" if column > at.column else "left"] * abs(column - at.column)
        if moves:
            await keys.press(*moves)

    async def same_as_before(keys: Keys, target: dict[UUID, dict[str, Answer]]) -> None:
        """Down the people: ``=`` keeps a person's answers (in any column); where one changed, its
        digit first (to the column with the arrows; the cursor then drops a row, so ↑ back)."""
        _, panel = grid(keys)
        interview = panel.session.interview
        columns = [q.id for q in protocol.alter_questions]
        before = {a.id: panel.session.previous_answers(a.id) for a in interview.active_alters()}
        for row, alter in enumerate(interview.active_alters()):
            cells, _ = grid(keys)
            for question_id in asked:
                if before[alter.id].get(question_id) != target[alter.id][question_id]:
                    await go_to(keys, row, columns.index(question_id) + 1)
                    await keys.press(digit(question_id, target[alter.id][question_id]))
            await go_to(keys, row, cells.cursor_coordinate.column)
            await keys.press("=")

    async def ask_again(keys: Keys, target: dict[UUID, dict[str, Answer]]) -> None:
        _, panel = grid(keys)
        columns = [q.id for q in protocol.alter_questions]
        people = panel.session.interview.active_alters()
        for question_id in asked:  # the cursor goes down each column, then to the next open question
            await go_to(keys, 0, columns.index(question_id) + 1)
            for alter in people:
                await keys.press(digit(question_id, target[alter.id][question_id]))

    def run(way: str, script: Callable[[Keys, dict[UUID, dict[str, Answer]]], Awaitable[None]]) -> Row:
        with tempfile.TemporaryDirectory() as home, Store(Path(home) / "egonet.sqlite3") as store:
            session, target = build(store)
            started = time.perf_counter()
            keys = asyncio.run(drive(store, protocol, session, lambda k: script(k, target)))
            seconds = time.perf_counter() - started
            stored = store.load(session.interview.id)
            for alter in stored.active_alters():
                got = {q: alter.answers.get(q) for q in asked}
                assert got == {q: target[alter.id][q] for q in asked}, f"answers / {way}: {alter.label} differs"
        return Row("answers_fu_15", way, keys, seconds)

    return [run("ask every answer again", ask_again), run("same as before (=), then the 3 changes", same_as_before)]


SCENARIOS: list[Callable[[Protocol], list[Row]]] = [ties_15, ties_40, follow_up_15, answers_follow_up_15]


def main() -> None:
    protocol = default_protocol()
    rows = [row for scenario in SCENARIOS for row in scenario(protocol)]
    print(f"{'scenario':<14} {'way':<40} {'keys':>6} {'× first':>8} {'seconds':>8}")
    firsts: dict[str, int] = {}
    for row in rows:
        first = firsts.setdefault(row.scenario, row.keys)
        print(f"{row.scenario:<14} {row.way:<40} {row.keys:>6} {row.keys / first:>8.2f} {row.seconds:>8.1f}")
    for scenario, first in firsts.items():
        others = [r for r in rows if r.scenario == scenario][1:]
        for row in others:
            ratio = max(first, row.keys) / max(1, min(first, row.keys))
            better = "fewer" if row.keys < first else "more"
            print(f"{scenario}: {row.way!r} takes {ratio:.1f}x {better} keys than the first way")


if __name__ == "__main__":
    main()
