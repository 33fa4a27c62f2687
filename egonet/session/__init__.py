"""Use-cases of Egonet, with no user interface: the TUI, the CLI and tests all call these."""

from __future__ import annotations

from egonet.session.names import fold, likely_duplicates, suggestions
from egonet.session.session import Clock, InterviewSession, Snapshot, utc_now
from egonet.session.steps import Progress, Step, StepKind, interview_steps, step_progress
from egonet.session.waves import start_baseline, start_follow_up, start_wave

__all__ = [
    "Clock",
    "InterviewSession",
    "Progress",
    "Snapshot",
    "Step",
    "StepKind",
    "fold",
    "interview_steps",
    "likely_duplicates",
    "start_baseline",
    "start_follow_up",
    "start_wave",
    "step_progress",
    "suggestions",
    "utc_now",
]
