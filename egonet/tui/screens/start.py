"""The first screen: the patients of this machine; continue one, start a follow-up, or add a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from egonet.errors import EgonetError
from egonet.model import InterviewStatus, Patient
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store
from egonet.tui.screens.dialogs import ConfirmDialog, TextDialog
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.strings import t, wave_name

if TYPE_CHECKING:
    from egonet.tui.app import EgonetApp

__all__ = ["StartScreen"]


class StartScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new", "New patient"),
        Binding("f", "follow_up", "Follow-up"),
        Binding("f2", "language", "Language"),
        Binding("escape", "app.quit", "Quit"),
    ]

    @property
    def egonet(self) -> EgonetApp:
        return cast("EgonetApp", self.app)

    @property
    def store(self) -> Store:
        return self.egonet.store

    @property
    def language(self) -> str:
        return self.egonet.language

    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar", markup=False)
        yield Static("", id="start-help", classes="prompt", markup=False)
        yield DataTable(id="patients", cursor_type="row", zebra_stripes=True)
        yield Static("", id="key-bar", markup=False)

    def on_mount(self) -> None:
        self.refresh_patients()

    def on_screen_resume(self) -> None:
        self.refresh_patients()

    def refresh_patients(self) -> None:
        lang = self.language
        self.query_one("#title-bar", Static).update(t(lang, "app_title"))
        table = self.query_one("#patients", DataTable)
        table.clear(columns=True)
        for key, width in (
            ("patient", 12),
            ("service", 18),
            ("waves", 6),
            ("latest", 12),
            ("status", 11),
            ("people", 9),
        ):
            table.add_column(t(lang, f"col_{key}"), key=key, width=width)
        rows = self.store.interviews()
        latest = {r.patient_code: r for r in rows}
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.patient_code] = counts.get(r.patient_code, 0) + 1
        for patient in self.store.patients():
            last = latest.get(patient.code)
            status = t(lang, f"status_{last.status.value}") if last else ""
            table.add_row(
                patient.code,
                Text(patient.service),
                str(counts.get(patient.code, 0)),
                wave_name(lang, last.wave_index) if last else "",
                status,
                str(last.n_alters) if last else "",
                key=patient.code,
            )
        self.query_one("#start-help", Static).update(t(lang, "start_help" if table.row_count else "start_empty"))
        self.query_one("#key-bar", Static).update(t(lang, "keys_start"))
        table.focus()

    def selected_code(self) -> str | None:
        table = self.query_one("#patients", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(row_key.value)

    def open(self, session: InterviewSession) -> None:
        self.app.push_screen(InterviewScreen(session))

    def attempt(self, action: Callable[[], InterviewSession]) -> None:
        try:
            session = action()
        except EgonetError as exc:
            self.notify(str(exc), severity="warning", timeout=6)
            return
        self.open(session)

    @on(DataTable.RowSelected)
    def continue_patient(self) -> None:
        """Enter: the patient's latest interview, where it was left."""
        code = self.selected_code()
        rows = self.store.interviews(code) if code else []
        if rows:
            self.attempt(lambda: InterviewSession.resume(self.store, rows[-1].id, self.egonet.clock))

    def action_follow_up(self) -> None:
        code = self.selected_code()
        rows = self.store.interviews(code) if code else []
        if not code or not rows:
            return
        if rows[-1].status is not InterviewStatus.COMPLETED:
            self.notify(
                t(self.language, "finish_first", wave=wave_name(self.language, rows[-1].wave_index)),
                severity="warning",
                timeout=6,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.attempt(
                    lambda: start_follow_up(
                        self.store, code, self.egonet.clinician, language=self.language, clock=self.egonet.clock
                    )
                )

        message = t(self.language, "follow_up_message", code=code, n=len(rows))
        self.app.push_screen(ConfirmDialog(t(self.language, "follow_up_title"), message, self.language), answered)

    def action_new(self) -> None:
        def typed(code: str | None) -> None:
            if not code:
                return
            app = self.egonet
            try:
                patient = Patient(code.strip(), app.service)
            except EgonetError as exc:
                self.notify(str(exc), severity="warning", timeout=8)
                return
            self.attempt(
                lambda: start_baseline(
                    self.store, patient, app.clinician, app.protocol, language=self.language, clock=app.clock
                )
            )

        self.app.push_screen(TextDialog(t(self.language, "new_patient_title"), "", self.language, max_length=64), typed)

    def action_language(self) -> None:
        self.egonet.cycle_language()
        self.refresh_patients()
