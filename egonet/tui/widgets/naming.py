"""A naming step: type a name and Enter adds a person under this name generator.

While typing, people already named under another generator are suggested (accents and case
ignored); Down/Up choose one and Enter adds them here instead of naming them twice.  In the
list below, ``r`` renames, ``Delete`` takes a person off this question and ``m`` merges two
people named twice.
"""

from __future__ import annotations

from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from egonet.model import Alter
from egonet.session import InterviewSession, fold, suggestions
from egonet.tui.screens.dialogs import ConfirmDialog, PickDialog, TextDialog
from egonet.tui.widgets.base import StepPanel

__all__ = ["NameBox", "NamingPanel", "PeopleList"]


class PeopleList(OptionList):
    BINDINGS = [
        Binding("r", "rename", "Rename"),
        Binding("delete,x", "remove", "Remove"),
        Binding("m", "merge", "Merge"),
    ]

    def action_rename(self) -> None:
        self.parent_panel().rename_highlighted()

    def action_remove(self) -> None:
        self.parent_panel().remove_highlighted()

    def action_merge(self) -> None:
        self.parent_panel().merge_highlighted()

    def parent_panel(self) -> NamingPanel:
        return self.query_ancestor(NamingPanel)


class NamingPanel(StepPanel):
    """People named under one generator."""

    def __init__(self, session: InterviewSession, generator: str) -> None:
        super().__init__(session, id="naming")
        self.generator = generator
        self._suggested: list[Alter] = []
        self._chosen = -1

    def compose(self) -> ComposeResult:
        gen = self.protocol.generator(self.generator)
        with Vertical():
            yield Static(self.text(gen.prompt), id="prompt", classes="prompt", markup=False)
            yield NameBox(placeholder=self.t("type_name"), id="name-input", max_length=80)
            yield Static("", id="suggestions", classes="suggestions", markup=False)
            yield Label("", id="people-title", classes="subtitle", markup=False)
            yield PeopleList(id="people")
            yield Static("", id="duplicates", classes="warning", markup=False)

    def on_mount(self) -> None:
        self.refresh_panel()
        self.query_one(NameBox).focus()

    # -- the list ---------------------------------------------------------------------------

    def named_here(self) -> list[Alter]:
        return [a for a in self.session.interview.active_alters() if self.generator in a.generators]

    def refresh_panel(self) -> None:
        people = self.query_one(PeopleList)
        highlighted = people.highlighted
        here = self.named_here()
        people.set_options(Option(Text(self._row(a)), id=str(a.id)) for a in here)
        if here:
            people.highlighted = min(highlighted or 0, len(here) - 1)
        self.query_one("#people-title", Label).update(self.t("named_here", n=len(here)))
        pairs = self.session.likely_duplicates()
        warning = self.query_one("#duplicates", Static)
        warning.update(
            "\n".join(self.t("likely_duplicate", a=a.label, b=b.label) for a, b in pairs[:3]) if pairs else ""
        )
        self._update_suggestions(self.query_one(NameBox).value)

    def _row(self, alter: Alter) -> str:
        others = [self.text(self.protocol.generator(g).short) for g in alter.generators if g != self.generator]
        also = f"  ({self.t('also')}: {', '.join(others)})" if others else ""
        return f"{alter.label}{also}"

    def _highlighted(self) -> Alter | None:
        people = self.query_one(PeopleList)
        if people.highlighted is None or not people.option_count:
            return None
        option_id = people.get_option_at_index(people.highlighted).id
        return self.session.interview.alters.get(UUID(option_id)) if option_id else None

    def rename_highlighted(self) -> None:
        alter = self._highlighted()
        if alter is None:
            return

        def done(label: str | None) -> None:
            if label:
                self.change(lambda: self.session.rename_alter(alter.id, label))

        self.app.push_screen(TextDialog(self.t("rename_title", name=alter.label), alter.label, self.language), done)

    def remove_highlighted(self) -> None:
        """Off this question; a person named nowhere else (and not from the previous wave) is removed."""
        alter = self._highlighted()
        if alter is None:
            return
        if alter.generators != [self.generator] or alter.carried:
            if self.change(lambda: self.session.remove_generator(alter.id, self.generator)):
                self.notify(self.t("removed", name=alter.label), timeout=3)
            return
        iv = self.session.interview

        def answered(yes: bool | None) -> None:
            if yes and self.change(lambda: self.session.remove_alter(alter.id)):
                self.notify(self.t("removed", name=alter.label), timeout=3)

        if alter.answers or any(alter.id in key for key in iv.ties):  # they have answers or ties: ask first
            message = self.t("remove_message", name=alter.label)
            self.app.push_screen(ConfirmDialog(self.t("remove_title"), message, self.language), answered)
        else:
            answered(True)

    def merge_highlighted(self) -> None:
        alter = self._highlighted()
        if alter is None:
            return
        others = [a for a in self.session.interview.active_alters() if a.id != alter.id]
        if not others:
            return
        choices = [(str(a.id), a.label) for a in others]

        def done(chosen: str | None) -> None:
            if chosen and self.change(lambda: self.session.merge_alters(UUID(chosen), alter.id)):
                alters = self.session.interview.alters  # the session keeps the id that links to the last wave
                kept = alters.get(UUID(chosen)) or alters[alter.id]
                self.notify(self.t("merged", name=kept.label), timeout=3)

        self.app.push_screen(PickDialog(self.t("merge_title", name=alter.label), choices, self.language), done)

    # -- typing -----------------------------------------------------------------------------

    def _update_suggestions(self, typed: str) -> None:
        here = {a.id for a in self.named_here()}
        pool = [a for a in self.session.interview.active_alters() if a.id not in here]
        self._suggested = suggestions(typed, pool, limit=5) if typed.strip() else []
        self._chosen = min(self._chosen, len(self._suggested) - 1)
        lines = []
        for k, alter in enumerate(self._suggested):
            mark = "▶" if k == self._chosen else " "
            lines.append(f"{mark} {alter.label}")
        hint = self.t("suggestion_hint") if self._suggested else ""
        box = self.query_one("#suggestions", Static)
        box.update("\n".join([*lines, hint]) if lines else "")
        box.display = bool(lines)

    def typed(self, value: str) -> None:
        """The name box changed (called by the box itself, before its next key)."""
        self._chosen = -1
        self._update_suggestions(value)

    def choose(self, step: int) -> bool:
        """Down/Up in the name box: move through the suggestions; ``False`` if there are none."""
        if not self._suggested:
            return False
        self._chosen = max(-1, min(len(self._suggested) - 1, self._chosen + step))
        self._update_suggestions(self.query_one(NameBox).value)
        return True

    def submit(self, typed: str) -> bool:
        """Enter in the name box: add the chosen suggestion here, or a new person; ``True`` if done."""
        label = typed.strip()
        done = False
        if 0 <= self._chosen < len(self._suggested):
            alter = self._suggested[self._chosen]
            done = self.change(lambda: self.session.add_generator(alter.id, self.generator))
        elif label:
            same = [a for a in self.named_here() if fold(a.label) == fold(label)]
            if same:
                self.notify(self.t("already_here", name=same[0].label), severity="warning", timeout=4)
                return False
            done = self.change(lambda: self.session.add_alter(label, self.generator))
        self._chosen = -1
        return done


class NameBox(Input):
    """The box a name is typed in.  It hands each key's effect to its panel directly, while the
    key is handled (not through a posted message), so a burst of keys is applied in order: each
    Enter ends exactly the name typed before it."""

    def panel(self) -> NamingPanel:
        return self.query_ancestor(NamingPanel)

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.panel().typed(value)

    async def _on_key(self, event: Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self.panel().submit(self.value):
                self.value = ""
            return
        if event.key in ("down", "up") and self.panel().choose(1 if event.key == "down" else -1):
            event.stop()
            event.prevent_default()
        # anything else: Input's own handler (next in the class order) types it
