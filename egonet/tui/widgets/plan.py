"""The plan step, after the review: a few concrete goals, agreed with the map in view.

The goals are listed above the map; the people of the goal selected in the list are marked on the
map (here and in the map beside the step or behind F3: ``»`` before their name, reverse video).
A digit starts a goal of that kind (the kinds are numbered under the list while it is empty),
``a`` lists the kinds; Enter or ``e`` edits the selected goal, Delete removes it after a
confirmation.  A goal is written in a form (:mod:`egonet.tui.widgets.plan_form`) and saved by the
session before the form closes.  The plan can be changed after the interview is completed.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from egonet.errors import EgonetError
from egonet.model import Directory, Goal, GoalKind
from egonet.session import InterviewSession
from egonet.tui.refusals import refusal
from egonet.tui.screens.dialogs import ConfirmDialog, PickDialog
from egonet.tui.widgets.base import Changed, StepPanel
from egonet.tui.widgets.network_map import NetworkMap
from egonet.tui.widgets.plan_form import Draft, GoalForm
from egonet.tui.widgets.plan_prompts import Ideas, TakePrompt
from egonet.tui.widgets.plan_text import goal_details, goal_line, kind_label

__all__ = ["GoalList", "Marked", "PlanPanel"]


class Marked(Message):
    """The people to mark on the maps (the selected goal's); posted up to the screen."""

    def __init__(self, people: frozenset[UUID]) -> None:
        super().__init__()
        self.people = people


class GoalList(OptionList):
    BINDINGS = [
        Binding("enter,e", "edit", "Edit"),
        Binding("delete,x", "remove", "Remove"),
    ]

    def action_edit(self) -> None:
        self.query_ancestor(PlanPanel).edit_selected()

    def action_remove(self) -> None:
        self.query_ancestor(PlanPanel).remove_selected()


class PlanPanel(StepPanel):
    BINDINGS = [
        Binding("a", "pick_kind", "New goal"),
        *(Binding(str(k), f"new({k - 1})", show=False) for k in range(1, 10)),
    ]

    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="plan")
        self.directory: Directory | None = None
        """The service's directory of local resources, if it keeps one (read when the step opens)."""

    def compose(self) -> ComposeResult:
        yield Static(self.t("plan_prompt"), id="plan-prompt", markup=False)
        yield GoalList(id="goals")
        yield Static("", id="plan-kinds", classes="legend", markup=False)
        yield Static("", id="goal-details", classes="legend", markup=False)
        yield Ideas(self.session)
        yield NetworkMap(self.session, id="plan-map")

    def on_mount(self) -> None:
        try:
            directory = self.session.store.directory(self.session.interview.patient.service)
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="warning")
        else:
            self.directory = directory if directory.resources else None
        self.refresh_panel()
        self.query_one(GoalList).focus()

    # -- showing ----------------------------------------------------------------------------

    @property
    def kinds(self) -> tuple[GoalKind, ...]:
        return self.session.goal_kinds()

    def labels(self) -> dict[UUID, str]:
        return {a.id: a.label for a in self.session.interview.alters.values()}

    def refresh_panel(self, select: UUID | None = None) -> None:
        goals_list = self.query_one(GoalList)
        highlighted = goals_list.highlighted
        goals, labels = self.session.interview.plan.goals, self.labels()
        goals_list.set_options(
            Option(
                Text(goal_line(g, self.protocol, labels, self.language), no_wrap=True, overflow="ellipsis"), str(g.id)
            )
            for g in goals
        )
        ids = [g.id for g in goals]
        if goals:
            goals_list.highlighted = ids.index(select) if select in ids else min(highlighted or 0, len(goals) - 1)
        kinds = self.query_one("#plan-kinds", Static)
        kinds.display = not goals
        legend = [f"{k + 1} {kind_label(self.protocol, kind.id, self.language)}" for k, kind in enumerate(self.kinds)]
        kinds.update("\n".join([self.t("plan_empty"), *legend]) if not goals else "")
        self.show_selected()

    def selected(self) -> Goal | None:
        goals_list = self.query_one(GoalList)
        if goals_list.highlighted is None or not goals_list.option_count:
            return None
        option_id = goals_list.get_option_at_index(goals_list.highlighted).id
        plan = self.session.interview.plan
        return next((g for g in plan.goals if str(g.id) == option_id), None)

    def show_selected(self) -> None:
        """The selected goal's details under the list, and its people marked on the maps."""
        goal = self.selected()
        details = goal_details(goal, self.protocol, self.labels(), self.language, self.resource(goal)) if goal else ""
        box = self.query_one("#goal-details", Static)
        box.update(details)
        box.display = bool(details)
        people = frozenset(goal.people) if goal else frozenset()
        own = self.query_one("#plan-map", NetworkMap)
        if own.marked != people:
            own.marked = people
            own.refresh()
        self.post_message(Marked(people))

    def resource(self, goal: Goal) -> str | None:
        found = self.directory.resource(goal.resource) if self.directory and goal.resource else None
        return found.name if found is not None else goal.resource

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_selected()

    # -- changing ---------------------------------------------------------------------------

    def change(self, action: Callable[[], object], *, redraw: bool = True) -> bool:
        """A change of the plan, which a completed interview takes too (saved when it returns)."""
        try:
            result = action()
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="warning", timeout=6)
            return False
        if redraw:
            self.refresh_panel(select=result.id if isinstance(result, Goal) else None)
            self.query_one(Ideas).show()
        self.post_message(Changed())
        return True

    def action_new(self, index: int) -> None:
        if 0 <= index < len(self.kinds):
            self.write(self.kinds[index], Draft())

    def action_pick_kind(self, draft: Draft | None = None, suggestion: str | None = None) -> None:
        choices = [(kind.id, kind_label(self.protocol, kind.id, self.language)) for kind in self.kinds]

        def picked(kind_id: str | None) -> None:
            if kind_id is not None:
                kind = self.session.protocol.goal_kind(kind_id)
                self.write(kind, draft.fitting(kind) if draft else Draft(), suggestion=suggestion)

        self.app.push_screen(PickDialog(self.t("plan_kind_title"), choices, self.language), picked)

    @on(TakePrompt)
    def take(self, message: TakePrompt) -> None:
        """A prompt as a goal: of the kind it suggests (else the kind picked), its people and support."""
        message.stop()
        prompt = message.prompt
        draft = Draft(people=list(prompt.people), support=prompt.support)
        known = {k.id: k for k in self.kinds}
        if prompt.kind in known:
            self.write(known[prompt.kind], draft.fitting(known[prompt.kind]), suggestion=prompt.id)
        else:
            self.action_pick_kind(draft, prompt.id)

    def write(self, kind: GoalKind, draft: Draft, *, suggestion: str | None = None) -> None:
        """Open the form of a new goal of ``kind``; saving it adds the goal."""

        def save(done: Draft) -> bool:
            return self.change(lambda: self.session.add_goal(kind.id, suggestion=suggestion, **done.changes()))  # type: ignore[arg-type]

        self.app.push_screen(GoalForm(self.session, kind, draft, save, new=True, directory=self.directory))

    def edit_selected(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        try:
            kind = self.protocol.goal_kind(goal.kind)
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="warning")
            return

        def save(done: Draft) -> bool:
            return self.change(lambda: self.session.edit_goal(goal.id, **done.changes()))

        self.app.push_screen(GoalForm(self.session, kind, Draft.of(goal), save, new=False, directory=self.directory))

    def remove_selected(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        message = goal_line(goal, self.protocol, self.labels(), self.language)

        def answered(yes: bool | None) -> None:
            if yes and self.change(lambda: self.session.remove_goal(goal.id)):
                self.notify(self.t("plan_removed"), timeout=3)

        self.app.push_screen(ConfirmDialog(self.t("remove_goal_title"), message, self.language), answered)
