"""The tie census: who knows whom, each pair asked once.

One person at a time (in the order they were named), the others whose pair with them is not
asked yet are listed; Space says the two know each other (or not), a digit gives how well (when
the protocol asks it), Enter closes this person's list and moves to the next.  At a follow-up
the ties of last time are ticked and marked so: Enter confirms a list that has not changed.

``g`` answers a group at once ("these people all know each other"): everyone with one
relationship, everyone named for one name generator, or people marked one by one.  The group's
lists are then shown one member at a time, all ticked, to untick the exceptions (Enter: next
member, Esc: the rest is right); the census then lists only the pairs still unasked.  Pairs
asked out of pairs in all are shown as they go.  Once every pair is asked, ``e`` reopens
anyone's full list.
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from egonet.model import Alter, Answer, TieSource
from egonet.session import InterviewSession
from egonet.session.census import GroupChoice
from egonet.tui.screens.dialogs import PickDialog
from egonet.tui.strings import t
from egonet.tui.widgets.base import StepPanel, answer_label

__all__ = ["Checklist", "MarkDialog", "TiesPanel"]

MARKED = "marked"
"""The basis of a group of people marked one by one (and the key of that choice)."""


class Checklist(OptionList):
    BINDINGS = [
        Binding("space", "toggle_tie", "Know each other"),
        Binding("enter", "next", "Next person"),
        Binding("e", "edit", "Edit a list"),
        Binding("g", "group", "A group"),
    ]

    def action_toggle_tie(self) -> None:
        self.query_ancestor(TiesPanel).toggle()

    def action_next(self) -> None:
        self.query_ancestor(TiesPanel).next_person()

    def action_edit(self) -> None:
        self.query_ancestor(TiesPanel).edit()

    def action_group(self) -> None:
        self.query_ancestor(TiesPanel).choose_group()

    def on_key(self, event: Key) -> None:
        """A digit gives how well the two know each other (when the protocol asks it); Escape ends
        the review of a group (elsewhere it is the screen's)."""
        panel = self.query_ancestor(TiesPanel)
        character = event.character
        if character and character.isdigit() and panel.strength(int(character)):
            event.stop()
        elif event.key == "escape" and panel.group:
            event.stop()
            event.prevent_default()
            panel.end_group()


class MarkDialog(ModalScreen[list[str] | None]):
    """Mark people one by one (Space), Enter when done; Escape cancels."""

    DEFAULT_CSS = """
    #mark-people { height: auto; max-height: 12; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "done", "Done", priority=True),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], language: str) -> None:
        super().__init__()
        self.title_text, self.choices, self.language = title, choices, language

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(t(self.language, "ties_mark_hint"), classes="hint", markup=False)
            yield SelectionList[str](*((label, key) for key, label in self.choices), id="mark-people")

    def action_done(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TiesPanel(StepPanel):
    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="ties")
        self.focal: Alter | None = None
        self.editing = False
        self.group: list[UUID] = []
        """The members of the group being reviewed (after a group answer), else empty."""
        self.group_name = ""

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
        if self.group:
            later = self.group[self.group.index(self.focal.id) + 1 :]
            return [self.session.interview.alter(i) for i in later]
        if self.editing:
            return [a for a in self.session.interview.active_alters() if a.id != self.focal.id]
        return self.session.tie_checklist(self.focal.id)

    def refresh_panel(self) -> None:
        checklist = self.query_one(Checklist)
        highlighted = checklist.highlighted
        done, total = self.session.tie_census_progress()
        progress = self.t("ties_progress", done=done, total=total)
        if self.group and self.focal is not None:
            at = self.group.index(self.focal.id)
            progress = self.t("ties_group_progress", done=at, total=len(self.group) - 1, asked=done, pairs=total)
        self.query_one("#ties-progress", Label).update(progress)
        prompt = self.query_one("#ties-prompt", Static)
        legend = self.query_one("#ties-legend", Static)
        if self.focal is None:
            prompt.update(self.t("ties_done", n=len(self.session.interview.active_ties())) if total else "")
            checklist.set_options([])
            legend.update(self.t("ties_all_asked") if total else self.t("no_people"))
            return
        if self.group:
            prompt.update(self.t("ties_group_prompt", group=self.group_name, name=self.focal.label))
        else:
            prompt.update(self.t("ties_prompt", name=self.focal.label))
        strength = self.protocol.tie_question.strength
        rows, carried = [], False
        for other in self.others():
            tie = self.session.interview.tie(self.focal.id, other.id)
            mark = "[x]" if tie else "[ ]"
            how = answer_label(strength, tie.value, self.language, self.protocol) if strength and tie else ""
            source = ""
            if tie is not None and tie.source is TieSource.CARRIED:
                source, carried = f"· {self.t('ties_last_time')}", True
            elif tie is not None and tie.source is TieSource.GROUP and not self.group:
                source = f"· {self.t('ties_from_group')}"
            rows.append(
                Option(Text(f"{mark} {_cut(other.label, 18)} {_cut(how, 10)} {source}".rstrip()), id=str(other.id))
            )
        checklist.set_options(rows)
        if rows:
            checklist.highlighted = min(highlighted or 0, len(rows) - 1)
            checklist.scroll_to_highlight()
        keys = [self.t("ties_space")]
        if strength:
            keys += [f"{k + 1} {self.text(o.label)}" for k, o in enumerate(strength.options[:9])]
        if self.group:
            enter = self.t("ties_group_enter")
        else:
            enter = self.t("ties_enter_confirm" if carried else "ties_enter") + " · " + self.t("ties_group_key")
        legend.update("  ".join(keys) + "\n" + enter)

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
        if self.group:
            at = self.group.index(focal) + 1
            if at < len(self.group) - 1:  # the last member's list is empty: all its pairs are shown
                self.focal = self.session.interview.alter(self.group[at])
                self.query_one(Checklist).highlighted = 0
                self.refresh_panel()
            else:
                self.end_group()
            return
        if self.editing or self.change(lambda: self.session.mark_ties_reviewed(focal), redraw=False):
            self._back_to_census()

    def _back_to_census(self) -> None:
        self.editing, self.group = False, []
        self.focal = self.session.next_in_census()
        self.query_one(Checklist).highlighted = 0
        self.refresh_panel()

    def edit(self) -> None:
        people = self.session.interview.active_alters()
        if len(people) < 2:
            return

        def chosen(key: str | None) -> None:
            if key:
                self.group = []
                self.focal, self.editing = self.session.interview.alter(UUID(key)), True
                self.refresh_panel()

        choices = [(str(a.id), a.label) for a in people]
        self.app.push_screen(PickDialog(self.t("ties_edit_title"), choices, self.language), chosen)

    # -- group answers -----------------------------------------------------------------------

    def group_label(self, choice: GroupChoice) -> str:
        if choice.kind == "relationship":
            relationship = self.protocol.alter_question_with_role("relationship")
            option = relationship.option(choice.key) if relationship else None
            return self.text(option.label) if option else choice.key
        return self.t("ties_group_generator", name=self.text(self.protocol.generator(choice.key).short))

    def choose_group(self) -> None:
        """Pick a group who all know each other: by relationship, by name generator, or marked."""
        choices = self.session.group_choices()
        people = self.session.interview.active_alters()
        open_people = [a for a in people if self.session.tie_checklist(a.id)]
        if len(open_people) < 2:
            self.notify(self.t("ties_group_none"), timeout=5)
            return
        by_basis = {c.basis: c for c in choices}
        rows = [
            (c.basis, self.t("ties_group_choice", group=self.group_label(c), n=len(c.members), pairs=c.unasked))
            for c in choices
        ]
        rows.append((MARKED, self.t("ties_group_marked")))

        def chosen(key: str | None) -> None:
            if key == MARKED:
                marks = [(str(a.id), a.label) for a in people]
                self.app.push_screen(MarkDialog(self.t("ties_mark_title"), marks, self.language), marked)
            elif key in by_basis:
                choice = by_basis[key]
                self.answer_group(list(choice.members), choice.basis, self.group_label(choice))

        def marked(keys: list[str] | None) -> None:
            if keys and len(keys) > 1:
                order = {a.id: k for k, a in enumerate(people)}
                members = sorted((UUID(k) for k in keys), key=lambda i: order[i])
                self.answer_group(members, MARKED, self.t("ties_group_marked"))

        self.app.push_screen(PickDialog(self.t("ties_group_title"), rows, self.language), chosen)

    def answer_group(self, members: list[UUID], basis: str, name: str) -> None:
        """Record the group answer, then show its members' lists to untick the exceptions."""
        answered: list[int] = []
        if not self.change(lambda: answered.append(self.session.answer_group(members, basis)), redraw=False):
            return
        self.notify(self.t("ties_group_answered", pairs=answered[0]), timeout=5)
        self.editing, self.group, self.group_name = False, members, name
        self.focal = self.session.interview.alter(members[0])
        self.query_one(Checklist).highlighted = 0
        self.refresh_panel()

    def end_group(self) -> None:
        """The rest of the group is right: back to the census (the lists left to ask)."""
        self._back_to_census()


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` columns, cut with an ellipsis if longer (a row of the list is one line)."""
    return f"{text:<{width}}" if len(text) <= width else text[: width - 1] + "…"
