"""The list of steps on the left: where the interview is, and how far each step has got."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from egonet.session import InterviewSession, Step, StepKind, step_progress
from egonet.tui.strings import t
from egonet.tui.widgets.base import localise

__all__ = ["StepList", "step_title"]


def step_title(step: Step, session: InterviewSession) -> str:
    language = session.interview.language
    if step.kind is StepKind.NAMING and step.generator:
        return localise(session.protocol.generator(step.generator).short, language, session.protocol)
    return t(language, f"step_{step.kind.value}")


class StepList(OptionList):
    """The steps, with the current one marked; Enter on a step goes there (handled by the screen)."""

    def show(self, steps: list[Step], current: int, session: InterviewSession) -> None:
        rows = []
        for k, step in enumerate(steps):
            progress = step_progress(step, session.protocol, session.interview)
            if progress.total is None:
                count = f"{progress.done}"
            elif progress.total == 0:
                count = "–"
            elif progress.complete:
                count = "✓"
            else:
                count = f"{progress.done}/{progress.total}"
            arrow = "▶" if k == current else " "
            rows.append(Option(Text(f"{arrow}{step_title(step, session)[:15]:<15} {count:>7}"), id=step.id))
        shown = [str(self.get_option_at_index(k).prompt) for k in range(self.option_count)]
        if len(shown) != len(rows):
            self.set_options(rows)
        else:  # redraw only the steps whose line changed (a keystroke changes one count at most)
            for k, row in enumerate(rows):
                if str(row.prompt) != shown[k]:
                    self.replace_option_prompt_at_index(k, row.prompt)
        if not self.has_focus or self.highlighted is None:
            self.highlighted = current
