"""Ideas for the plan from the network's shape (:mod:`egonet.analysis.prompts`): suggestions, never
decisions.  They are computed in a thread (the mining module loads the numeric stack the first
time, which the screen must not wait for), listed with their reasons, and recorded as shown
(``record_prompts``).  Enter or ``t`` on one takes it as a goal: the plan step opens the form of a
goal of the kind it suggests, with its people and support filled in.
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
    from egonet.analysis.prompts import Prompt

__all__ = ["Computed", "Ideas", "PromptList", "TakePrompt"]


class Computed(Message):
    """The prompts of the interview, each with its reason in the interview's language."""

    def __init__(self, found: list[tuple[Prompt, str]]) -> None:
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
        self.found: list[tuple[Prompt, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="ideas-title", classes="subtitle", markup=False)
        yield PromptList(id="prompts")

    def on_mount(self) -> None:
        self.display = False
        try:
            previous = self.session.previous_wave()
        except EgonetError:
            previous = None  # the prompts of this wave alone; the previous wave's reading error shows elsewhere
        self.compute(self.session.snapshot(), previous.interview if previous is not None else None)

    @work(thread=True, exclusive=True)
    def compute(self, now: Snapshot, previous: Interview | None) -> None:
        from egonet.analysis.prompts import prompt_text, prompts  # noqa: PLC0415  (heavy: loaded in the thread)

        worker = get_current_worker()
        language = now.interview.language
        found = [
            (p, prompt_text(p, now.interview, now.protocol, language)[0])
            for p in prompts(now.interview, now.protocol, previous)
        ]
        if not worker.is_cancelled:
            self.post_message(Computed(found))

    @on(Computed)
    def computed(self, message: Computed) -> None:
        message.stop()
        self.found = message.found
        try:
            # one record a prompt id (``support_missing`` is given once per kind of support missing)
            shown = {p.id: p.people for p, _ in reversed(self.found)}
            self.session.record_prompts([(pid, shown[pid]) for pid in dict.fromkeys(p.id for p, _ in self.found)])
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
            for p, reason in self.found
        )
        if self.found:
            listed.highlighted = min(highlighted or 0, len(self.found) - 1)
        self.query_one("#ideas-title", Static).update(t(language, "ideas_title", n=len(self.found)))
        self.display = bool(self.found)

    def take(self) -> None:
        listed = self.query_one(PromptList)
        if listed.highlighted is not None and listed.highlighted < len(self.found):
            self.post_message(TakePrompt(self.found[listed.highlighted][0]))
