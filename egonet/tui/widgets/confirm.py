"""The first step of a follow-up: is each person of the previous wave still in the network?

``y``, Space or Enter confirms the highlighted person (their carried answers, such as the
relationship, come with them and can be revised later); ``g`` or Delete marks them gone (they
stay in the record, for the comparison between waves).
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from egonet.model import Alter, AlterPresence
from egonet.session import InterviewSession
from egonet.tui.widgets.base import StepPanel, answer_label

__all__ = ["CarriedList", "ConfirmPanel"]

MARKS = {AlterPresence.PENDING: "?", AlterPresence.PRESENT: "✓", AlterPresence.GONE: "×"}


class CarriedList(OptionList):
    BINDINGS = [
        Binding("y,space,enter", "confirm", "Still there"),
        Binding("g,delete", "gone", "Gone"),
    ]

    def action_confirm(self) -> None:
        self.query_ancestor(ConfirmPanel).mark(present=True)

    def action_gone(self) -> None:
        self.query_ancestor(ConfirmPanel).mark(present=False)


class ConfirmPanel(StepPanel):
    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="confirm")

    def compose(self) -> ComposeResult:
        yield Static(self.t("confirm_prompt"), classes="prompt", markup=False)
        yield Static("", id="confirm-progress", classes="subtitle", markup=False)
        yield CarriedList(id="carried")

    def on_mount(self) -> None:
        self.refresh_panel()
        carried = self.query_one(CarriedList)
        pending = [k for k, a in enumerate(self.carried()) if a.presence is AlterPresence.PENDING]
        carried.highlighted = pending[0] if pending else 0
        carried.focus()

    def carried(self) -> list[Alter]:
        return [a for a in self.session.interview.alters.values() if a.carried]

    def refresh_panel(self) -> None:
        carried = self.query_one(CarriedList)
        highlighted = carried.highlighted
        people = self.carried()
        relationship = self.protocol.alter_question_with_role("relationship")
        rows = []
        for alter in people:
            kind = (
                answer_label(relationship, alter.answers.get(relationship.id), self.language, self.protocol)
                if relationship
                else ""
            )
            rows.append(Option(Text(f"{MARKS[alter.presence]} {alter.label:<22.22} {kind:.24}"), id=str(alter.id)))
        carried.set_options(rows)
        if people:
            carried.highlighted = min(highlighted or 0, len(people) - 1)
        done = sum(a.presence is not AlterPresence.PENDING for a in people)
        marks = "  ".join(f"{m} {self.t(f'presence_{p.value}')}" for p, m in MARKS.items())
        progress = self.t("confirm_progress", done=done, total=len(people))
        self.query_one("#confirm-progress", Static).update(f"{progress}   ({marks})")

    def mark(self, *, present: bool) -> None:
        carried = self.query_one(CarriedList)
        if carried.highlighted is None or not carried.option_count:
            return
        option_id = carried.get_option_at_index(carried.highlighted).id
        alter_id = UUID(option_id or "")
        action = self.session.confirm_alter if present else self.session.mark_gone
        if self.change(lambda: action(alter_id)):
            carried.highlighted = min(carried.highlighted + 1, carried.option_count - 1)
