"""The first screen: the patients of this machine; continue one, start a follow-up, or add a new one.

``/`` opens a search box: the list keeps the patients whose code contains what is typed (case
ignored), Enter goes back to the list, Escape clears the search (and, with no search, quits).
Home and End go to the first and the last patient.

F2 chooses the language of the screens, and of the interview opened next: a new baseline or
follow-up starts in it, and an interview in progress that is continued is switched to it (as F2
in the interview would); a completed interview keeps its language (it is read-only).  Until F2 is
pressed here, a continued interview keeps the language it was left in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from egonet.errors import EgonetError
from egonet.model import InterviewStatus, Patient
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store
from egonet.tui.refusals import refusal
from egonet.tui.screens.dialogs import ConfirmDialog, TextDialog
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.strings import t, wave_name

if TYPE_CHECKING:
    from egonet.tui.app import EgonetApp

__all__ = ["PatientTable", "StartScreen"]


class PatientTable(DataTable[str]):
    """The patients, one a row: Home and End go to the first and the last (not the first and last column)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First patient", show=False),
        Binding("end", "scroll_bottom", "Last patient", show=False),
    ]


class StartScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new", "New patient"),
        Binding("f", "follow_up", "Follow-up"),
        Binding("f2", "language", "Language"),
        Binding("slash", "search", "Search"),
        Binding("escape", "escape", "Clear the search, or quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.language_chosen = False
        """F2 was pressed here: the interview continued next is switched to the app's language."""

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
        yield Input(id="patient-search", max_length=64)
        yield PatientTable(id="patients", cursor_type="row", zebra_stripes=True)
        yield Static("", id="key-bar", markup=False)

    def on_mount(self) -> None:
        self.refresh_patients()

    def on_screen_resume(self) -> None:
        self.refresh_patients()

    @property
    def search(self) -> str:
        """What the search box holds (stripped), ``""`` when there is no search."""
        return self.query_one("#patient-search", Input).value.strip()

    def refresh_patients(self) -> None:
        self.fill()
        self.query_one("#patients", DataTable).focus()

    def fill(self) -> None:
        """The title, the help and the list (the patients the search keeps), in the app's language."""
        lang = self.language
        self.query_one("#title-bar", Static).update(t(lang, "app_title"))
        search = self.query_one("#patient-search", Input)
        search.placeholder = t(lang, "search_placeholder")
        wanted = self.search.casefold()
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
            if wanted not in patient.code.casefold():
                continue
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
        if table.row_count:
            help_text = t(lang, "start_help")
        elif self.search:
            help_text = t(lang, "search_none", text=self.search)
        else:
            help_text = t(lang, "start_empty")
        self.query_one("#start-help", Static).update(help_text)
        self.query_one("#key-bar", Static).update(f"{t(lang, 'keys_start')}\n{t(lang, 'keys_start_search')}")

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
            self.notify(refusal(exc, self.language), severity="warning", timeout=6)
            return
        self.open(session)

    def in_chosen_language(self, session: InterviewSession) -> InterviewSession:
        """A continued interview in the language chosen here with F2, if it is in progress and its
        protocol has that language (otherwise as it was left)."""
        interview = session.interview
        if (
            self.language_chosen
            and interview.status is InterviewStatus.IN_PROGRESS
            and interview.language != self.language
            and self.language in session.protocol.languages
        ):
            session.set_language(self.language)
        return session

    @on(DataTable.RowSelected)
    def continue_patient(self) -> None:
        """Enter: the patient's latest interview, where it was left."""
        code = self.selected_code()
        rows = self.store.interviews(code) if code else []
        if rows:
            self.attempt(
                lambda: self.in_chosen_language(InterviewSession.resume(self.store, rows[-1].id, self.egonet.clock))
            )

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
                self.notify(refusal(exc, self.language), severity="warning", timeout=8)
                return
            self.attempt(
                lambda: start_baseline(
                    self.store, patient, app.clinician, app.protocol, language=self.language, clock=app.clock
                )
            )

        self.app.push_screen(TextDialog(t(self.language, "new_patient_title"), "", self.language, max_length=64), typed)

    def action_language(self) -> None:
        self.egonet.cycle_language()
        self.language_chosen = True
        self.refresh_patients()

    # -- the search -------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#patient-search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#patient-search")
    def searched(self) -> None:
        self.fill()

    @on(Input.Submitted, "#patient-search")
    def to_the_list(self) -> None:
        self.query_one("#patients", DataTable).focus()

    def action_escape(self) -> None:
        """Escape clears the search and closes its box; with no search, it quits."""
        search = self.query_one("#patient-search", Input)
        if not search.display and not search.value:
            self.app.exit()
            return
        search.value = ""
        search.display = False
        self.refresh_patients()
