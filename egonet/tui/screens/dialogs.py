"""Small modal dialogs: type a text, pick one of a list, confirm."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from egonet.tui.strings import t

__all__ = ["ConfirmDialog", "PickDialog", "TextDialog"]


class TextDialog(ModalScreen[str | None]):
    """Type a text (a new name, a free answer, a number); Enter keeps it, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str, language: str, *, max_length: int = 500) -> None:
        super().__init__()
        self.title_text, self.value, self.language, self.max_length = title, value, language, max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(self.value, max_length=self.max_length, id="dialog-input")
            yield Static(t(self.language, "dialog_text_hint"), classes="hint", markup=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickDialog(ModalScreen[str | None]):
    """Pick one of a list (↑↓ and Enter, or digits for the first nine); Escape cancels.

    The keys are named under the title, above the list, so that they show whatever its length.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], language: str) -> None:
        super().__init__()
        self.title_text, self.choices, self.language = title, choices, language

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            # the keys before the list: a long list never pushes them out of a small screen
            yield Static(t(self.language, "dialog_pick_hint"), id="dialog-pick-hint", classes="hint", markup=False)
            yield OptionList(
                *(
                    Option(Text(f"{k + 1 if k < 9 else ' '} {label}"), id=key)
                    for k, (key, label) in enumerate(self.choices)
                ),
                id="dialog-choices",
            )

    def on_key(self, event: Key) -> None:
        key = event.character
        if key and key.isdigit() and 1 <= int(key) <= min(9, len(self.choices)):
            self.dismiss(self.choices[int(key) - 1][0])

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no: ``y``/Enter confirms, ``n``/Escape does not."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, message: str, language: str) -> None:
        super().__init__()
        self.title_text, self.message, self.language = title, message, language

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, markup=False)
            yield Static(t(self.language, "dialog_confirm_hint"), classes="hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
