"""The fields of a goal's form: a one-line choice among options, and the box people are named in.

Both hand each key to the form while it is handled (not through a posted message), as the naming
step's name box does, so that keys typed in a burst are applied in order.
"""

from __future__ import annotations

from typing import Protocol as Typing

from rich.text import Text
from textual.binding import Binding
from textual.events import Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from egonet.tui.strings import t

__all__ = ["Choice", "People", "PersonBox"]


class Choice(Widget, can_focus=True):
    """One of a few options, on one line: ←→ move through them, a digit picks one (0: none, when
    the field may stay empty)."""

    DEFAULT_CSS = "Choice { height: 1; width: 1fr; }"
    BINDINGS = [Binding("left", "move(-1)", "Previous", show=False), Binding("right", "move(1)", "Next", show=False)]

    class Moved(Message):
        """Another option is chosen."""

        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(
        self, options: list[tuple[str, str]], value: str | None, language: str, *, optional: bool, id: str
    ) -> None:
        super().__init__(id=id)
        self.options, self.language, self.optional = options, language, optional
        keys = [key for key, _ in options]
        self.index = keys.index(value) if value in keys else (-1 if optional or not options else 0)

    @property
    def value(self) -> str | None:
        return self.options[self.index][0] if self.index >= 0 else None

    def render(self) -> Text:
        label = self.options[self.index][1] if self.index >= 0 else t(self.language, "form_none")
        return Text(f"‹ {label} ›  {self.index + 1}/{len(self.options)}", no_wrap=True, overflow="ellipsis")

    def choose(self, index: int) -> None:
        if index != self.index:
            self.index = index
            self.refresh()
            self.post_message(self.Moved(self))

    def offer(self, options: list[tuple[str, str]]) -> None:
        """Other options (in another order), the one chosen kept if it is still offered."""
        value = self.value
        self.options = options
        keys = [key for key, _ in options]
        self.index = keys.index(value) if value in keys else (-1 if self.optional or not options else 0)
        self.refresh()

    def action_move(self, step: int) -> None:
        first = -1 if self.optional else 0
        span = len(self.options) - first
        if span > 0:
            self.choose((self.index - first + step) % span + first)

    def on_key(self, event: Key) -> None:
        digit = event.character
        if not (digit and digit.isdigit()):
            return
        n = int(digit)
        if n == 0 and self.optional:
            self.choose(-1)
        elif 1 <= n <= len(self.options):
            self.choose(n - 1)
        else:
            return
        event.stop()
        event.prevent_default()


class People(Typing):
    """What the person box needs of its form."""

    def typed(self, value: str) -> None: ...
    def choose(self, step: int) -> bool: ...
    def add_person(self, typed: str) -> bool: ...
    def drop_person(self) -> None: ...
    def action_save(self) -> None: ...


class PersonBox(Input):
    """The box people are named in: Enter adds the suggestion chosen (↓↑) or the name typed, and
    with nothing typed saves the form; Backspace with nothing typed takes the last person off."""

    def __init__(self, form: People, *, placeholder: str, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id, max_length=80)
        self.form = form

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.form.typed(value)

    async def _on_key(self, event: Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if not self.value.strip():
                self.form.action_save()
            elif self.form.add_person(self.value):
                self.value = ""
            return
        if event.key == "backspace" and not self.value:
            event.stop()
            event.prevent_default()
            self.form.drop_person()
            return
        if event.key in ("down", "up") and self.form.choose(1 if event.key == "down" else -1):
            event.stop()
            event.prevent_default()
        # anything else: Input's own handler (next in the class order) types it
