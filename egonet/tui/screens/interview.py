"""The interview screen: the steps on the left, the current step, and the live network map.

Every change is saved by the session before it returns, so moving between steps, quitting or
a crash never loses an answer; the step the screen is on is bookmarked in the store too, so an
interview reopens where it was left.
"""

from __future__ import annotations

from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import OptionList, Static

from egonet.errors import EgonetError
from egonet.model import InterviewStatus
from egonet.session import InterviewSession, Step, StepKind
from egonet.tui.refusals import refusal
from egonet.tui.strings import t, wave_name
from egonet.tui.widgets.answers import AnswersPanel
from egonet.tui.widgets.base import Changed, StepPanel, set_text
from egonet.tui.widgets.confirm import ConfirmPanel
from egonet.tui.widgets.last_plan import LastPlanPanel
from egonet.tui.widgets.naming import NamingPanel
from egonet.tui.widgets.network_map import NetworkMap
from egonet.tui.widgets.plan import Marked, PlanPanel
from egonet.tui.widgets.review import ReviewPanel
from egonet.tui.widgets.step_list import StepList
from egonet.tui.widgets.ties import TiesPanel

__all__ = ["InterviewScreen", "make_panel"]

WIDE = 120
"""From this many columns the map stays beside the step; below, F3 shows it instead of the step
(and of the step list, so that the map has the whole width)."""


def make_panel(step: Step, session: InterviewSession) -> StepPanel:
    match step.kind:
        case StepKind.LAST_PLAN:
            return LastPlanPanel(session)
        case StepKind.CONFIRM:
            return ConfirmPanel(session)
        case StepKind.NAMING:
            return NamingPanel(session, step.generator or "")
        case StepKind.ALTERS:
            return AnswersPanel(session)
        case StepKind.TIES:
            return TiesPanel(session)
        case StepKind.EGO:
            return AnswersPanel(session, ego=True)
        case StepKind.REVIEW:
            return ReviewPanel(session)
        case StepKind.PLAN:
            return PlanPanel(session)


class InterviewScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+n,f6", "step(1)", "Next step", priority=True),
        Binding("ctrl+p,f5", "step(-1)", "Previous step", priority=True),
        Binding("f2", "language", "Language", priority=True),
        Binding("f3", "map", "Map", priority=True),
        Binding("f4", "steps", "Steps", priority=True),
        Binding("escape", "close", "Patients"),
    ]

    def __init__(self, session: InterviewSession) -> None:
        super().__init__()
        self.session = session
        self.steps = session.steps()
        place = session.place()
        ids = [s.id for s in self.steps]
        if place in ids:
            self.current = ids.index(place)
        elif session.interview.status is InterviewStatus.COMPLETED:
            self.current = len(self.steps) - 1
        else:
            self.current = 0
        self.map_only = False

    @property
    def language(self) -> str:
        return self.session.interview.language

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        with Horizontal(id="body"):
            yield StepList(id="steps")
            yield Vertical(id="panel")
            yield NetworkMap(self.session, id="side-map")
        yield Static("", id="key-bar", markup=False)

    async def on_mount(self) -> None:
        await self.show_step(self.current)
        self._tell(self.session.interview.id)  # once its first step is on the screen

    def on_unmount(self) -> None:
        self._tell(None)

    def _tell(self, interview_id: UUID | None) -> None:
        showing = getattr(self.app, "showing", None)  # the Egonet app's (tests may mount the screen alone)
        if showing is not None:
            showing(interview_id)

    def on_resize(self, event: Resize) -> None:
        self.layout_map()

    # -- showing ----------------------------------------------------------------------------

    async def show_step(self, index: int) -> None:
        """Go to step ``index`` (everything is already saved; the bookmark follows)."""
        self.current = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.current]
        try:
            self.session.save_place(step.id)
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="error")
        panel_box = self.query_one("#panel", Vertical)
        self.query_one("#side-map", NetworkMap).marked = frozenset()  # the plan step marks its goal's people
        await panel_box.remove_children()
        await panel_box.mount(make_panel(step, self.session))
        self.map_only = False
        self.layout_map()
        self.refresh_state()

    def layout_map(self) -> None:
        review = self.steps[self.current].kind is StepKind.REVIEW
        wide = self.size.width >= WIDE
        map_only = self.map_only and not wide and not review
        self.query_one("#side-map", NetworkMap).display = not review and (wide or self.map_only)
        self.query_one("#panel", Vertical).display = not map_only
        self.query_one(StepList).display = not map_only  # the map alone takes the whole width
        for own in self.query("#plan-map"):  # the plan step's own map, when the side map is not beside it
            own.display = not wide

    def refresh_state(self) -> None:
        """The title bar, the step list, the map and the key help, after any change."""
        iv = self.session.interview
        saved = iv.updated_at.astimezone().strftime("%H:%M:%S") if iv.updated_at else "–"
        status = t(self.language, f"status_{iv.status.value}")
        parts = [  # the step is marked in the list beside: not repeated, so the line fits 80 columns
            iv.patient.code,
            wave_name(self.language, iv.wave.index),
            status,
            iv.language.upper(),
            t(self.language, "saved_at", time=saved),
        ]
        set_text(self.query_one("#title-bar", Static), " · ".join(parts))
        step = self.steps[self.current]
        self.query_one(StepList).show(self.steps, self.current, self.session)
        self.query_one("#side-map", NetworkMap).refresh()
        keys = t(self.language, f"keys_{step.kind.value}")
        set_text(self.query_one("#key-bar", Static), f"{keys}\n{t(self.language, 'keys_screen')}")

    @on(Changed)
    def changed(self) -> None:
        self.refresh_state()

    @on(Marked)
    def marked(self, event: Marked) -> None:
        event.stop()
        side = self.query_one("#side-map", NetworkMap)
        if side.marked != event.people:
            side.marked = event.people
            side.refresh()

    @on(OptionList.OptionSelected, "#steps")
    async def go(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.show_step(event.option_index)

    # -- actions ----------------------------------------------------------------------------

    async def action_step(self, delta: int) -> None:
        await self.show_step(self.current + delta)

    def action_steps(self) -> None:
        self.query_one(StepList).focus()

    def action_map(self) -> None:
        self.map_only = not self.map_only
        self.layout_map()

    async def action_language(self) -> None:
        languages = self.session.protocol.languages
        following = languages[(languages.index(self.language) + 1) % len(languages)]
        try:
            self.session.set_language(following)
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="warning")
            return
        await self.show_step(self.current)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
