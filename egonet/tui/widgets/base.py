"""What every step panel shares: the session, the language, and safe changes."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from egonet.errors import EgonetError
from egonet.model import Answer, InterviewStatus, Protocol, Question, Text
from egonet.model.language import localise as language_localise
from egonet.session import InterviewSession
from egonet.tui.refusals import refusal
from egonet.tui.strings import t

__all__ = ["Changed", "StepPanel", "answer_label", "localise", "set_text"]


class Changed(Message):
    """The interview changed (and is saved): the map and the step list redraw."""


def localise(text: Text, language: str, protocol: Protocol) -> str:
    """A protocol text in ``language``, else in the protocol's default language, else in any
    (the one rule: :func:`egonet.model.language.localise`)."""
    return language_localise(text, language, protocol.default_language)


def answer_label(question: Question, value: Answer | None, language: str, protocol: Protocol) -> str:
    """How an answer reads: the option's label, yes/no, or the value itself."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t(language, "yes" if value else "no")
    option = question.option(value)
    if option is not None:
        return localise(option.label, language, protocol)
    return str(value)


class StepPanel(Widget):
    """A step of the interview.  Changes go through the session (saved before it returns)."""

    TAKES_COMPLETED = False
    """The support plan's steps change a completed interview too (its answers stay closed)."""

    def __init__(self, session: InterviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    @property
    def language(self) -> str:
        return self.session.interview.language

    @property
    def protocol(self) -> Protocol:
        return self.session.protocol

    def t(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    def text(self, text: Text) -> str:
        return localise(text, self.language, self.protocol)

    def change(self, action: Callable[[], object], *, redraw: bool = True) -> bool:
        """Run a session change (saved when it returns), redraw, and tell the screen.

        On a refusal, say why in one line, in the interview's language, and return False: nothing
        changed.
        """
        if self.session.interview.status is InterviewStatus.COMPLETED and not self.TAKES_COMPLETED:
            self.notify(self.t("completed_read_only"), severity="warning", timeout=5)
            return False
        try:
            action()
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="warning", timeout=6)
            return False
        if redraw:
            self.refresh_panel()
        self.post_message(Changed())
        return True

    def refresh_panel(self) -> None:
        """Redraw from the session (after a change elsewhere, or a language switch)."""


def set_text(widget: Static, text: str) -> None:
    """Update a text widget only if its text changes (an update re-lays the screen out)."""
    if widget.content != text:
        widget.update(text)
