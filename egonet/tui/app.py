"""The interview app: patients first, then one interview at a time.

The app holds the store, who is interviewing, the service new patients belong to, the protocol
for new baselines and the language of the screens (and, if given, whom to tell which interview
is open: ``showing``); the interview screen holds the session,
which is the single source of truth for the interview and saves every change before returning.
Keys are applied one after another, in the order typed (:mod:`egonet.tui.ordered_keys`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from textual.binding import Binding

from egonet.model import Protocol
from egonet.session import Clock, InterviewSession, utc_now
from egonet.store import Store
from egonet.tui.ordered_keys import OrderedKeys
from egonet.tui.screens.interview import InterviewScreen
from egonet.tui.screens.start import StartScreen
from egonet.tui.strings import LANGUAGES, t

__all__ = ["EgonetApp"]


class EgonetApp(OrderedKeys):
    CSS_PATH = Path(__file__).with_name("egonet.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        store: Store,
        protocol: Protocol,
        *,
        clinician: str,
        service: str,
        language: str = "en",
        clock: Clock = utc_now,
        resume: UUID | None = None,
        showing: Callable[[UUID | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.store, self.protocol = store, protocol
        self.clinician, self.service, self.clock = clinician, service, clock
        self.language = language if language in LANGUAGES else "en"
        self.resume = resume
        self._showing = showing
        self.hold_keys()  # until the first screen is up (on_mount)

    def showing(self, interview_id: UUID | None) -> None:
        """Which interview is open now (``None``: none), for whoever asked to know (the patient's
        map of ``egonet interview --web``); told when an interview screen opens and closes."""
        if self._showing is not None:
            self._showing(interview_id)

    async def on_mount(self) -> None:
        self.title = t(self.language, "app_title")
        await self.push_screen(StartScreen())
        if self.resume is not None:
            await self.push_screen(InterviewScreen(InterviewSession.resume(self.store, self.resume, self.clock)))
        await self.open_keys()  # what was typed while the app started goes to the screen it was typed for

    def cycle_language(self) -> None:
        self.language = LANGUAGES[(LANGUAGES.index(self.language) + 1) % len(LANGUAGES)]
