"""The steps of an interview and their progress, read from the interview itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from egonet.model import Protocol
from egonet.session import InterviewSession, StepKind, interview_steps, start_follow_up, step_progress
from egonet.store import Store


def progress(session: InterviewSession, step_id: str) -> tuple[int, int | None]:
    step = next(s for s in interview_steps(session.protocol, session.interview) if s.id == step_id)
    p = step_progress(step, session.protocol, session.interview)
    return p.done, p.total


def test_a_baseline_has_a_naming_step_per_generator_then_answers_ties_ego_review_and_plan(
    session: InterviewSession, protocol: Protocol
) -> None:
    steps = interview_steps(protocol, session.interview)
    assert [s.kind for s in steps] == [StepKind.NAMING] * 5 + [
        StepKind.ALTERS,
        StepKind.TIES,
        StepKind.EGO,
        StepKind.REVIEW,
        StepKind.PLAN,
    ]
    assert [s.generator for s in steps[:5]] == [g.id for g in protocol.name_generators]


def test_progress_counts_what_applies_and_what_is_answered(session: InterviewSession) -> None:
    a = session.add_alter("Anna", "emotional")
    b = session.add_alter("Bram", "practical")
    c = session.add_alter("Cleo", "practical")
    assert progress(session, "naming:practical") == (2, None)
    assert progress(session, "alters") == (0, 3 * 6)  # 6 questions apply before any relationship is known
    session.answer_alter(a.id, "relationship", "health_professional")  # two more questions now apply to Anna
    assert progress(session, "alters") == (1, 3 * 6 + 2)
    assert progress(session, "ties") == (0, 3)
    session.mark_ties_reviewed(b.id)
    assert progress(session, "ties") == (2, 3)
    session.mark_ties_reviewed(c.id)
    assert progress(session, "ties") == (3, 3)
    assert session.next_in_census() is None
    assert progress(session, "ego") == (0, 4)
    assert progress(session, "review") == (0, 1)
    session.complete()
    assert progress(session, "review") == (1, 1)


def test_a_follow_up_starts_with_confirming_the_people_of_the_last_wave(
    session: InterviewSession, store: Store, clock: Callable[[], datetime]
) -> None:
    for name in ("Anna", "Bram"):
        session.add_alter(name, "emotional")
    session.complete()
    follow = start_follow_up(store, "P-001", "clin-1", clock=clock)
    assert interview_steps(follow.protocol, follow.interview)[0].kind is StepKind.CONFIRM
    assert progress(follow, "confirm") == (0, 2)
    first = next(iter(follow.interview.alters))
    follow.mark_gone(first)
    assert progress(follow, "confirm") == (1, 2)
