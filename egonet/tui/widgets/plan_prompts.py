"""Ideas for the plan from the network's shape (:mod:`egonet.analysis.prompts`, through
:meth:`Snapshot.prompts`): suggestions, never decisions.  They are computed in a thread (the mining
module loads the numeric stack the first time, which the screen must not wait for), listed with
their reasons, the highlighted one's definition and threshold under the list, and recorded as
shown (``record_prompts``, one record per prompt and kind of support).  Enter or ``t`` on one
takes it as a goal: the plan step opens the form of a goal of the kind it suggests, with its
people and support filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from egonet.errors import EgonetError
from egonet.model import Interview
from egonet.session import InterviewSession, Snapshot
from egonet.tui.refusals import refusal
from egonet.tui.strings import t

if TYPE_CHECKING:
    from egonet.analysis import Prompt

__all__ = ["Computed", "Ideas", "PromptList", "TakePrompt"]


class Computed(Message):
    """The prompts of the interview, each with its reason and definition in the interview's language."""

    def __init__(self, found: list[tuple[Prompt, str, str]]) -> None:
        super().__init__()
        self.found = found


class TakePrompt(Message):
    """Make a goal of this prompt (posted up to the plan step)."""

    def __init__(self, prompt: Prompt) -> None:
        super().__init__()
        self.prompt = prompt


class PromptList(OptionList):
    BINDINGS = [Binding("enter,t", "take", "Take as a goal")]

    def action_take(self) -> None:
        self.query_ancestor(Ideas).take()


class Ideas(Vertical):
    """The prompts area of the plan step (hidden while there are none)."""

    def __init__(self, session: InterviewSession) -> None:
        super().__init__(id="ideas")
        self.session = session
        self.found: list[tuple[Prompt, str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="ideas-title", classes="subtitle", markup=False)
        yield PromptList(id="prompts")
        yield Static("", id="idea-definition", classes="legend", markup=False)

    def on_mount(self) -> None:
        self.display = False
        try:
            previous = self.session.previous_wave()
        except EgonetError:
            previous = None  # the prompts of this wave alone; the previous wave's reading error shows elsewhere
        self.compute(self.session.snapshot(), previous.interview if previous is not None else None)

    @work(thread=True, exclusive=True)
    def compute(self, now: Snapshot, previous: Interview | None) -> None:
        worker = get_current_worker()
        found = now.prompts(previous)
        if not worker.is_cancelled:
            self.post_message(Computed(found))

    @on(Computed)
    def computed(self, message: Computed) -> None:
        message.stop()
        self.found = message.found
        try:
            self.session.record_prompts([(p.id, p.people, p.support) for p, _, _ in self.found])
        except EgonetError as exc:
            self.notify(refusal(exc, self.session.interview.language), severity="warning")
        self.show()

    def taken(self, prompt: Prompt) -> bool:
        return any(
            g.suggestion == prompt.id and (prompt.support is None or g.support == prompt.support)
            for g in self.session.interview.plan.goals
        )

    def show(self) -> None:
        """The prompts, a goal taken from one ticked (call after the plan changed)."""
        language = self.session.interview.language
        listed = self.query_one(PromptList)
        highlighted = listed.highlighted
        listed.set_options(
            Option(Text(f"{'✓' if self.taken(p) else '·'} {reason}", no_wrap=True, overflow="ellipsis"))
            for p, reason, _ in self.found
        )
        if self.found:
            listed.highlighted = min(highlighted or 0, len(self.found) - 1)
        self.define()
        self.query_one("#ideas-title", Static).update(t(language, "ideas_title", n=len(self.found)))
        self.display = bool(self.found)

    def define(self) -> None:
        """The highlighted prompt's definition and threshold, under the list."""
        listed = self.query_one(PromptList)
        index = listed.highlighted
        definition = self.found[index][2] if index is not None and index < len(self.found) else ""
        self.query_one("#idea-definition", Static).update(definition)

    @on(OptionList.OptionHighlighted, "#prompts")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.define()

    def take(self) -> None:
        listed = self.query_one(PromptList)
        if listed.highlighted is not None and listed.highlighted < len(self.found):
            self.post_message(TakePrompt(self.found[listed.highlighted][0]))
