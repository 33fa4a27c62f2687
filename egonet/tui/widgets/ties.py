"""The tie census: who knows whom, each pair asked once.

One person at a time (in the order they were named), the others whose own list is not done
yet are listed; Space says the two know each other (or not), a digit gives how well (when the
protocol asks it), Enter closes this person's list and moves to the next.  Pairs asked out of
pairs in all are shown as they go.  Once every pair is asked, ``e`` reopens anyone's full list.
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from egonet.model import Alter, Answer
from egonet.session import InterviewSession
from egonet.tui.screens.dialogs import PickDialog
from egonet.tui.widgets.base import StepPanel, answer_label

__all__ = ["Checklist", "TiesPanel"]


class Checklist(OptionList):
    BINDINGS = [
        Binding("space", "toggle_tie", "Know each other"),
        Binding("enter", "next", "Next person"),
        Binding("e", "edit", "Edit a list"),
    ]

    def action_toggle_tie(self) -> None:
        self.query_ancestor(TiesPanel).toggle()

    def action_next(self) -> None:
        self.query_ancestor(TiesPanel).next_person()

    def action_edit(self) -> None:
        self.query_ancestor(TiesPanel).edit()

    def on_key(self, event: Key) -> None:
        """A digit gives how well the two know each other (when the protocol asks it)."""
        character = event.character
        if character and character.isdigit() and self.query_ancestor(TiesPanel).strength(int(character)):
            event.stop()


class TiesPanel(StepPanel):
    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="ties")
        self.focal: Alter | None = None
        self.editing = False

    def compose(self) -> ComposeResult:
        yield Static("", id="ties-prompt", classes="prompt", markup=False)
        yield Label("", id="ties-progress", classes="subtitle", markup=False)
        yield Checklist(id="checklist")
        yield Static("", id="ties-legend", classes="legend", markup=False)

    def on_mount(self) -> None:
        self.focal = self.session.next_in_census()
        self.refresh_panel()
        self.query_one(Checklist).focus()

    def others(self) -> list[Alter]:
        if self.focal is None:
            return []
        if self.editing:
            return [a for a in self.session.interview.active_alters() if a.id != self.focal.id]
        return self.session.tie_checklist(self.focal.id)

    def refresh_panel(self) -> None:
        checklist = self.query_one(Checklist)
        highlighted = checklist.highlighted
        done, total = self.session.tie_census_progress()
        self.query_one("#ties-progress", Label).update(self.t("ties_progress", done=done, total=total))
        prompt = self.query_one("#ties-prompt", Static)
        legend = self.query_one("#ties-legend", Static)
        if self.focal is None:
            prompt.update(self.t("ties_done", n=len(self.session.interview.active_ties())) if total else "")
            checklist.set_options([])
            legend.update(self.t("ties_edit_hint") if total else self.t("no_people"))
            return
        prompt.update(self.t("ties_prompt", name=self.focal.label))
        strength = self.protocol.tie_question.strength
        rows = []
        for other in self.others():
            tie = self.session.interview.tie(self.focal.id, other.id)
            mark = "[x]" if tie else "[ ]"
            how = answer_label(strength, tie.value, self.language, self.protocol) if strength and tie else ""
            rows.append(Option(Text(f"{mark} {other.label:<24} {how}"), id=str(other.id)))
        checklist.set_options(rows)
        if rows:
            checklist.highlighted = min(highlighted or 0, len(rows) - 1)
        keys = [self.t("ties_space")]
        if strength:
            keys += [f"{k + 1} {self.text(o.label)}" for k, o in enumerate(strength.options[:9])]
        legend.update("  ".join(keys) + "\n" + self.t("ties_enter"))

    def _other(self) -> UUID | None:
        checklist = self.query_one(Checklist)
        if self.focal is None or checklist.highlighted is None or not checklist.option_count:
            return None
        option_id = checklist.get_option_at_index(checklist.highlighted).id
        return UUID(option_id) if option_id else None

    def toggle(self) -> None:
        other = self._other()
        if other is None or self.focal is None:
            return
        focal = self.focal.id
        if self.session.interview.tie(focal, other):
            self.change(lambda: self.session.unset_tie(focal, other))
        else:
            strength = self.protocol.tie_question.strength
            value: Answer | None = strength.options[0].value if strength and strength.options else None
            self.change(lambda: self.session.set_tie(focal, other, value))

    def strength(self, digit: int) -> bool:
        strength = self.protocol.tie_question.strength
        other = self._other()
        if strength is None or other is None or self.focal is None or not 1 <= digit <= len(strength.options):
            return False
        focal, value = self.focal.id, strength.options[digit - 1].value
        self.change(lambda: self.session.set_tie(focal, other, value))
        return True

    def next_person(self) -> None:
        if self.focal is None:
            return
        focal = self.focal.id
        if self.editing or self.change(lambda: self.session.mark_ties_reviewed(focal), redraw=False):
            self.editing = False
            self.focal = self.session.next_in_census()
            self.query_one(Checklist).highlighted = 0
            self.refresh_panel()

    def edit(self) -> None:
        people = self.session.interview.active_alters()
        if len(people) < 2:
            return

        def chosen(key: str | None) -> None:
            if key:
                self.focal, self.editing = self.session.interview.alter(UUID(key)), True
                self.refresh_panel()

        choices = [(str(a.id), a.label) for a in people]
        self.app.push_screen(PickDialog(self.t("ties_edit_title"), choices, self.language), chosen)
