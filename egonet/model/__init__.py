"""The domain model of Egonet: pure Python data and invariants, no I/O, no third-party imports."""

from __future__ import annotations

from egonet.model.conformance import interview_problems
from egonet.model.interview import (
    Alter,
    AlterPresence,
    Interview,
    InterviewStatus,
    Patient,
    Tie,
    TieGroup,
    TieKey,
    TieSource,
    Wave,
    tie_key,
)
from egonet.model.protocol import (
    QUESTION_ROLES,
    SUPPORT_TYPES,
    Answer,
    Condition,
    NameGenerator,
    Option,
    Protocol,
    Question,
    QuestionType,
    Text,
    TieQuestion,
)

__all__ = [
    "QUESTION_ROLES",
    "SUPPORT_TYPES",
    "Alter",
    "AlterPresence",
    "Answer",
    "Condition",
    "Interview",
    "InterviewStatus",
    "NameGenerator",
    "Option",
    "Patient",
    "Protocol",
    "Question",
    "QuestionType",
    "Text",
    "Tie",
    "TieGroup",
    "TieKey",
    "TieQuestion",
    "TieSource",
    "Wave",
    "interview_problems",
    "tie_key",
]
