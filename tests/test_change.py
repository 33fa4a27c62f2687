"""Change between waves, computed by hand on a small follow-up made through the use-cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from egonet.analysis import compare, compare_waves, measure
from egonet.errors import UsageError
from egonet.model import Interview, Protocol
from egonet.session import InterviewSession, start_follow_up
from egonet.store import Store


@pytest.fixture
def waves(store: Store, session: InterviewSession, clock: Callable[[], datetime]) -> tuple[Interview, Interview]:
    a, b, c, d = (session.add_alter(name, "emotional") for name in "ABCD")
    session.answer_alter(d.id, "relationship", "health_professional")
    for x, y in ((a, b), (b, c), (c, d)):
        session.set_tie(x.id, y.id)
    for x in (a, b, c, d):  # the census asked every pair
        session.mark_ties_reviewed(x.id)
    session.complete()
    follow = start_follow_up(store, "P-001", "clin-1", clock=clock)
    for kept in (a, b, c):
        follow.confirm_alter(kept.id)
    follow.mark_gone(d.id)
    e = follow.add_alter("E", "practical")
    f = follow.add_alter("F", "practical")
    follow.answer_alter(e.id, "relationship", "friend")
    follow.answer_alter(f.id, "relationship", "social_professional")
    follow.unset_tie(b.id, c.id)
    follow.set_tie(a.id, c.id)
    follow.set_tie(e.id, a.id)
    follow.set_tie(e.id, f.id)
    for x in (a, b, c, e, f):
        follow.mark_ties_reviewed(x.id)
    follow.complete()
    return session.interview, follow.interview


def test_change_by_hand(waves: tuple[Interview, Interview], protocol: Protocol) -> None:
    before, after = waves
    change = compare(before, after, protocol)
    # A = {A, B, C, D}, B = {A, B, C, E, F}: kept A B C, lost D, gained E F
    assert (change.n_kept, change.n_lost, change.n_gained) == (3, 1, 2)
    assert change.stability == pytest.approx(3 / 4)
    assert change.turnover == pytest.approx(3 / 6)
    assert change.jaccard == pytest.approx(3 / 6)
    assert (change.n_lost_formal, change.n_gained_formal, change.n_gained_informal) == (1, 1, 1)
    # among kept alters: A-B kept, B-C lost, A-C gained
    assert (change.ties_kept, change.ties_lost, change.ties_gained) == (1, 1, 1)
    # E is tied to A (kept) and F (new); F only to E
    assert (change.n_gained_tied_to_kept, change.ties_gained_to_kept) == (1, 1)
    # differences are later minus earlier
    m_before, m_after = measure(before, protocol).row(), measure(after, protocol).row()
    assert change.diffs["diff_n_alters"] == 1.0
    assert change.diffs["diff_n_ties"] == 4 - 3
    assert change.diffs["diff_density"] == pytest.approx(m_after["density"] - m_before["density"])  # type: ignore[operator]
    row = change.row()
    assert row["patient"] == "P-001" and row["earlier_wave"] == "baseline" and row["later_wave"] == "follow-up 1"


def test_compare_waves_pairs_consecutive_waves_in_any_input_order(
    waves: tuple[Interview, Interview], protocol: Protocol
) -> None:
    before, after = waves
    changes = list(compare_waves([after, before], lambda _: protocol))
    assert len(changes) == 1
    assert changes[0].identity["earlier_interview_id"] == str(before.id)


def test_waves_in_the_wrong_order_or_of_two_patients_are_refused(
    waves: tuple[Interview, Interview], protocol: Protocol
) -> None:
    before, after = waves
    with pytest.raises(UsageError):
        compare(after, before, protocol)
