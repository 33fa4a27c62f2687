"""The review step: at a follow-up what changed, the network's shape in a few figures, and the map.

At a follow-up whose previous wave set goals, what changed includes each goal with how it was
reviewed and what moved for it in the network (:func:`egonet.analysis.goal_outcomes`: "Sophie is
in the network now"), computed with the figures.

What changed (who is new, who is gone) and the figures come first, so that they show without
scrolling on an 80x24 terminal; the map takes the rest of the height, and never less than
:data:`MAP_ROWS` rows: on a small screen ↓ scrolls to its bottom.  From :data:`NARROW` columns
the figures are a table beside the map.

``c`` completes the interview (after a confirmation); ``o`` reopens a completed one.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from egonet.errors import EgonetError
from egonet.model import AlterPresence, InterviewStatus
from egonet.session import InterviewSession, Snapshot
from egonet.tui.refusals import refusal
from egonet.tui.screens.dialogs import ConfirmDialog
from egonet.tui.strings import t, wave_name
from egonet.tui.widgets.base import Changed, StepPanel
from egonet.tui.widgets.network_map import NetworkMap
from egonet.tui.widgets.plan_text import goal_line

__all__ = ["SHOWN", "Figures", "ReviewPanel"]

SHOWN = ("n_alters", "n_informal", "n_formal", "n_ties", "density", "n_components", "effective_size", "constraint")
"""The figures shown, in order (names as in ``egonet measures``)."""

Row = Mapping[str, object]

MAP_ROWS = 16
"""The map is never shorter than this: on a small screen its bottom scrolls into view (↓)."""

NARROW = 90
"""Below this many columns the figures are lines above the map instead of a table beside it."""


class Figures(Message):
    """The measures of the interview now, and of the previous wave, and the lines relating the
    previous wave's goals to what changed: posted by the worker."""

    def __init__(self, now: Row, before: Row | None, goals: list[str]) -> None:
        super().__init__()
        self.now, self.before, self.goals = now, before, goals


class ReviewPanel(StepPanel):
    BINDINGS = [
        Binding("c", "complete", "Complete"),
        Binding("o", "reopen", "Reopen"),
    ]

    def __init__(self, session: InterviewSession) -> None:
        super().__init__(session, id="review")
        self.previous: Snapshot | None = None
        """The previous wave, with its own protocol (read once: it is completed)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="review-status", classes="prompt", markup=False)
        with VerticalScroll(id="review-scroll"):  # what changed and the figures first; ↓ scrolls the map
            yield Static("", id="changes", classes="legend", markup=False)
            yield Static("", id="goals-moved", classes="legend", markup=False)
            yield Static("", id="figures-line", classes="legend", markup=False)
            with Horizontal(id="review-body"):
                yield NetworkMap(self.session, id="review-map")
                yield DataTable(id="figures", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        try:
            self.previous = self.session.previous_wave()
        except EgonetError as exc:
            self.notify(refusal(exc, self.language), severity="error")
        self.refresh_panel()
        self.query_one("#review-scroll", VerticalScroll).focus()

    def refresh_panel(self) -> None:
        interview = self.session.interview
        completed = interview.status is InterviewStatus.COMPLETED
        self.query_one("#review-status", Static).update(self.t("review_completed" if completed else "review_open"))
        self.query_one(NetworkMap).refresh()
        changes = self._changes()
        self.query_one("#changes", Static).update(changes)
        self.query_one("#changes", Static).display = bool(changes)
        self.compute(self.session.snapshot(), self.previous)

    def _changes(self) -> str:
        if self.previous is None:
            return ""
        now = self.session.interview
        before = {a.id for a in self.previous.interview.active_alters()}
        here = {a.id for a in now.active_alters()}
        gained = [a.label for a in now.active_alters() if a.id not in before]
        lost = [a.label for a in now.alters.values() if a.id in before and a.presence is AlterPresence.GONE]
        kept = len(before & here)
        lines = [
            self.t(
                "changes_summary",
                kept=kept,
                gained=len(gained),
                lost=len(lost),
                wave=wave_name(self.language, self.previous.interview.wave.index),
            )
        ]
        if gained:
            lines.append(self.t("changes_gained", names=", ".join(gained)))
        if lost:
            lines.append(self.t("changes_lost", names=", ".join(lost)))
        return "\n".join(lines)

    @work(thread=True, exclusive=True)
    def compute(self, now: Snapshot, previous: Snapshot | None) -> None:
        """Measures in a thread (the first call compiles the kernels, which the screen must not wait for).

        The thread measures snapshots taken when it started, each wave with its own protocol; a
        change made meanwhile starts another computation, which cancels this one's figures.
        """
        worker = get_current_worker()
        goals = _goal_lines(previous, now, self.language) if previous and previous.interview.plan.goals else []
        figures = Figures(now.measures().row(), previous.measures().row() if previous else None, goals)
        if not worker.is_cancelled:
            self.post_message(figures)

    @on(Figures)
    def _figures(self, message: Figures) -> None:
        self._show_figures(message.now, message.before)
        moved = self.query_one("#goals-moved", Static)
        moved.update("\n".join(message.goals))
        moved.display = bool(message.goals)

    def on_resize(self, event: Resize) -> None:
        """Narrow (an 80-column terminal): the map takes the width and the figures go in lines above it."""
        narrow = event.size.width < NARROW
        self.query_one("#figures", DataTable).display = not narrow
        self.query_one("#figures-line", Static).display = narrow
        self.query_one("#review-body", Horizontal).styles.min_height = MAP_ROWS

    def _show_figures(self, now: Row, before: Row | None) -> None:
        line = []
        for key in SHOWN:
            was = f"{_fmt(before.get(key))} → " if before is not None else ""
            line.append(f"{self.t(f'measure_{key}')}: {was}{_fmt(now.get(key))}")
        self.query_one("#figures-line", Static).update(" · ".join(line))
        table = self.query_one("#figures", DataTable)
        table.clear(columns=True)
        table.add_column(self.t("figure"), width=18)
        if before is not None:
            wave = wave_name(self.language, self.previous.interview.wave.index) if self.previous else ""
            table.add_column(wave, width=8)
        table.add_column(self.t("now"), width=8)
        for key in SHOWN:
            cells = [self.t(f"measure_{key}")]
            if before is not None:
                cells.append(_fmt(before.get(key)))
            cells.append(_fmt(now.get(key)))
            table.add_row(*cells)

    def action_complete(self) -> None:
        if self.session.interview.status is InterviewStatus.COMPLETED:
            self.notify(self.t("already_completed"), timeout=4)
            return

        def answered(yes: bool | None) -> None:
            if yes and self.change(self.session.complete):
                self.notify(self.t("completed_saved"), timeout=5)

        self.app.push_screen(
            ConfirmDialog(self.t("complete_title"), self.completion_message(), self.language), answered
        )

    def completion_message(self) -> str:
        """What completing means now: everything answered, or what is still open, step by step."""
        open_parts = self.session.open_parts()
        if not open_parts:
            return self.t("complete_message")
        lines = [self.t("complete_open_title")]
        for step, progress in open_parts.items():
            lines.append(
                f"  {self.t(f'step_{step}')}: " + self.t(f"open_{step}", n=progress.open, total=progress.total)
            )
        lines.append(self.t("complete_open_anyway"))
        return "\n".join(lines)

    def action_reopen(self) -> None:
        if self.session.interview.status is InterviewStatus.IN_PROGRESS:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.reopen()
            except EgonetError as exc:
                self.notify(refusal(exc, self.language), severity="warning")
                return
            self.refresh_panel()
            self.post_message(Changed())

        self.app.push_screen(ConfirmDialog(self.t("reopen_title"), self.t("reopen_message"), self.language), answered)


def _goal_lines(previous: Snapshot, now: Snapshot, language: str) -> list[str]:
    """Each goal of the previous wave: its line, how it was reviewed, and what moved."""
    labels = {a.id: a.label for a in (*previous.interview.alters.values(), *now.interview.alters.values())}
    lines = [t(language, "review_last_plan")]
    for change, facts in now.goal_changes(previous):
        said = t(language, f"outcome_{change.review.outcome.value}" if change.review else "outcome_none")
        line = goal_line(change.goal, previous.protocol, labels, language)
        lines.append(f"  {line}: {said}" + (f" · {'; '.join(facts)}" if facts else ""))
    return lines


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
