"""The first step of a follow-up whose previous wave set goals: how did each goal go?

The previous wave's goals one by one (its kind, the people named, the support or service, who
was to act, the date to look again): ``d`` done, ``p`` partly, ``n`` not done, ``r`` no longer
relevant (or 1-4), then the next goal; ``0`` or Delete clears the outcome, ``t`` adds a note to it
and ``c`` carries the goal into this wave's plan.  Each key is saved by the session at once.
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from egonet.errors import EgonetError
from egonet.model import Goal, Outcome, Protocol
from egonet.session import InterviewSession
from egonet.tui.refusals import refusal
from egonet.tui.screens.dialogs import TextDialog
from egonet.tui.widgets.base import StepPanel
from egonet.tui.widgets.plan_text import goal_details, goal_line

__all__ = ["LastGoals", "LastPlanPanel"]

MARKS: dict[Outcome | None, str] = {
    None: "?",
    Outcome.DONE: "✓",
    Outcome.PARTLY: "~",
    Outcome.NOT_DONE: "×",
    Outcome.NOT_RELEVANT: "–",
}
"""Each outcome's mark in the list (and in the legend beside the progress)."""


class LastGoals(OptionList):
    BINDINGS = [
        Binding("d,1", "outcome('done')", "Done"),
        Binding("p,2", "outcome('partly')", "Partly"),
        Binding("n,3", "outcome('not_done')", "Not done"),
        Binding("r,4", "outcome('not_relevant')", "No longer relevant"),
        Binding("0,delete", "clear", "Clear"),
        Binding("t", "note", "Note"),
        Binding("c", "carry", "Carry on"),
    ]

    def panel(self) -> LastPlanPanel:
        return self.query_ancestor(LastPlanPanel)

    def action_outcome(self, outcome: str) -> None:
        self.panel().review(Outcome(outcome))

    def action_clear(self) -> None:
        self.panel().clear()

    def action_note(self) -> None:
        self.panel().note()

    def action_carry(self) -> None:
        self.panel().carry()


class LastPlanPanel(StepPanel):
    """The previous wave's goals, one by one: how each went, a note, carried into this plan."""

    TAKES_COMPLETED = True

    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="last-plan")
        self.goals: list[Goal] = []
        self.previous_protocol: Protocol = session.protocol
        self.previous_labels: dict[UUID, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(self.t("last_plan_prompt"), classes="prompt", markup=False)
        yield Static("", id="last-plan-progress", classes="subtitle", markup=False)
        yield LastGoals(id="last-goals")
        yield Static("", id="last-goal-details", classes="legend", markup=False)

    def on_mount(self) -> None:
        try:
            previous = self.session.previous_wave()
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="error")
            previous = None
        if previous is not None:
            self.goals = list(previous.interview.plan.goals)
            self.previous_protocol = previous.protocol
            self.previous_labels = {a.id: a.label for a in previous.interview.alters.values()}
        self.refresh_panel()
        goals = self.query_one(LastGoals)
        plan = self.session.interview.plan
        todo = [k for k, g in enumerate(self.goals) if plan.review_of(g.id) is None]
        goals.highlighted = todo[0] if todo else 0
        goals.focus()

    def refresh_panel(self) -> None:
        goals = self.query_one(LastGoals)
        highlighted = goals.highlighted
        plan = self.session.interview.plan
        carried = {g.carried_from for g in plan.goals}
        rows = []
        for goal in self.goals:
            review = plan.review_of(goal.id)
            mark = MARKS[review.outcome if review else None]
            line = goal_line(goal, self.previous_protocol, self.previous_labels, self.language)
            arrow = " →" if goal.id in carried else ""
            rows.append(Option(Text(f"{mark} {line}{arrow}", no_wrap=True, overflow="ellipsis"), id=str(goal.id)))
        goals.set_options(rows)
        if rows:
            goals.highlighted = min(highlighted or 0, len(rows) - 1)
        done = sum(plan.review_of(g.id) is not None for g in self.goals)
        said = {o: self.t(f"outcome_{o.value if o else 'none'}") for o in MARKS}
        legend = "  ".join(f"{m} {said[o]}" for o, m in MARKS.items())
        progress = self.t("last_plan_progress", done=done, total=len(self.goals))
        self.query_one("#last-plan-progress", Static).update(f"{progress}   ({legend})")
        self.show_selected()

    def selected(self) -> Goal | None:
        goals = self.query_one(LastGoals)
        if goals.highlighted is None or not goals.option_count:
            return None
        return self.goals[goals.highlighted] if goals.highlighted < len(self.goals) else None

    def show_selected(self) -> None:
        goal = self.selected()
        box = self.query_one("#last-goal-details", Static)
        if goal is None:
            box.update("")
            return
        lines = [
            goal_line(goal, self.previous_protocol, self.previous_labels, self.language),
            goal_details(goal, self.previous_protocol, self.previous_labels, self.language),
        ]
        plan = self.session.interview.plan
        review = plan.review_of(goal.id)
        if review is not None:
            said = self.t(f"outcome_{review.outcome.value}")
            lines.append(f"{MARKS[review.outcome]} {said}")
            if review.note:
                lines.append(self.t("last_plan_review_note", note=review.note))
        if any(g.carried_from == goal.id for g in plan.goals):
            lines.append(self.t("last_plan_carried"))
        box.update("\n".join(lines))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_selected()

    # -- changing ---------------------------------------------------------------------------

    def review(self, outcome: Outcome) -> None:
        goal = self.selected()
        if goal is None:
            return
        earlier = self.session.interview.plan.review_of(goal.id)
        note = earlier.note if earlier is not None else ""
        if self.change(lambda: self.session.review_goal(goal.id, outcome, note)):
            goals = self.query_one(LastGoals)
            goals.highlighted = min((goals.highlighted or 0) + 1, goals.option_count - 1)

    def clear(self) -> None:
        goal = self.selected()
        if goal is not None and self.session.interview.plan.review_of(goal.id) is not None:
            self.change(lambda: self.session.clear_review(goal.id))

    def note(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        review = self.session.interview.plan.review_of(goal.id)
        if review is None:
            self.notify(self.t("last_plan_note_first"), severity="warning", timeout=4)
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.change(lambda: self.session.review_goal(goal.id, review.outcome, text))

        self.app.push_screen(TextDialog(self.t("last_plan_note_title"), review.note, self.language), done)

    def carry(self) -> None:
        goal = self.selected()
        if goal is not None:
            self.change(lambda: self.session.carry_goal(goal.id))
