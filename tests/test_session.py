"""Use-cases: every change is checked, applied and saved before the call returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pytest

from egonet.errors import AnswerError, ModelError, StoreError, UsageError
from egonet.model import AlterPresence, InterviewStatus, Patient, Protocol, Tie, TieSource, tie_key
from egonet.session import InterviewSession, start_baseline, start_follow_up, suggestions
from egonet.store import Store


def reloaded(session: InterviewSession) -> InterviewSession:
    """The same interview read back from the store, as after a crash."""
    return InterviewSession.resume(session.store, session.interview.id)


def test_each_change_is_in_the_store_when_the_call_returns(session: InterviewSession) -> None:
    marie = session.add_alter("Marie", "emotional")
    assert reloaded(session).interview.alters[marie.id].label == "Marie"
    session.answer_alter(marie.id, "relationship", "family")
    assert reloaded(session).interview.alters[marie.id].answers == {"relationship": "family"}
    jan = session.add_alter("Jan", "practical")
    session.set_tie(marie.id, jan.id, 2)
    assert reloaded(session).interview.tie(marie.id, jan.id).value == 2  # type: ignore[union-attr]
    session.answer_ego("satisfaction", 5)
    assert reloaded(session).interview.ego_answers["satisfaction"] == 5
    assert session.interview.revision == reloaded(session).interview.revision == 6


def test_a_refused_change_leaves_memory_and_store_as_they_were(session: InterviewSession) -> None:
    marie = session.add_alter("Marie", "emotional")
    before = session.interview.revision
    with pytest.raises(AnswerError):
        session.answer_alter(marie.id, "relationship", "cousin")
    with pytest.raises(AnswerError):
        session.answer_alter(marie.id, "closeness", 9)
    with pytest.raises(ModelError):
        session.set_tie(marie.id, marie.id)
    with pytest.raises(ModelError):
        session.add_alter("   ", "emotional")
    assert session.interview.revision == before
    assert session.interview.alters[marie.id].answers == {}
    assert reloaded(session).interview.revision == before


def test_conditional_questions_apply_only_when_their_condition_holds(session: InterviewSession) -> None:
    doctor = session.add_alter("Dr Peeters", "professional_care")
    with pytest.raises(AnswerError, match="does not apply"):
        session.answer_alter(doctor.id, "professional_type", "psychiatrist")
    session.answer_alter(doctor.id, "relationship", "health_professional")
    session.answer_alter(doctor.id, "professional_type", "psychiatrist")
    assert "professional_type" not in [q.id for q in session.pending_questions(doctor.id)]
    # changing the relationship drops the answers that no longer apply
    session.answer_alter(doctor.id, "relationship", "friend")
    assert "professional_type" not in reloaded(session).interview.alters[doctor.id].answers


def test_multiplex_naming_rename_remove_and_merge(session: InterviewSession) -> None:
    marie = session.add_alter("Marie", "emotional")
    session.add_generator(marie.id, "practical")
    session.add_generator(marie.id, "practical")  # twice is once
    assert session.interview.alters[marie.id].generators == ["emotional", "practical"]
    twice = session.add_alter("marie", "companionship")
    assert [(a.id, b.id) for a, b in session.likely_duplicates()] == [(marie.id, twice.id)]
    assert [a.id for a in suggestions("MAR", session.interview.alters.values())] == [marie.id, twice.id]
    jan = session.add_alter("Jan", "practical")
    session.set_tie(twice.id, jan.id)
    session.answer_alter(twice.id, "contact", 4)
    session.merge_alters(marie.id, twice.id)
    stored = reloaded(session).interview
    assert set(stored.alters) == {marie.id, jan.id}
    assert stored.alters[marie.id].generators == ["emotional", "practical", "companionship"]
    assert stored.alters[marie.id].answers == {"contact": 4}
    assert stored.tie(marie.id, jan.id) == Tie(*tie_key(marie.id, jan.id), None)  # the duplicate's tie, moved
    assert len(stored.ties) == 1
    session.rename_alter(jan.id, "Jan-Willem")
    session.remove_alter(jan.id)
    assert set(reloaded(session).interview.alters) == {marie.id}
    assert reloaded(session).interview.ties == {}


def test_tie_census_progress_counts_each_pair_once(session: InterviewSession) -> None:
    ids = [session.add_alter(name, "emotional").id for name in ("A", "B", "C", "D")]
    assert session.tie_census_progress() == (0, 6)
    session.mark_ties_reviewed(ids[0])
    assert session.tie_census_progress() == (3, 6)
    session.mark_ties_reviewed(ids[1])
    assert session.tie_census_progress() == (5, 6)
    session.mark_ties_reviewed(ids[2])
    assert session.tie_census_progress() == (6, 6)


def test_complete_and_reopen(session: InterviewSession) -> None:
    session.add_alter("Marie", "emotional")
    session.complete()
    assert reloaded(session).interview.status is InterviewStatus.COMPLETED
    with pytest.raises(ModelError, match="reopen"):
        session.add_alter("Jan", "emotional")
    session.reopen()
    assert reloaded(session).interview.status is InterviewStatus.IN_PROGRESS
    assert reloaded(session).interview.completed_at is None
    session.add_alter("Jan", "emotional")


def test_follow_up_carries_alters_with_the_same_ids(
    store: Store, protocol: Protocol, clock: Callable[[], datetime], session: InterviewSession
) -> None:
    mum = session.add_alter("Mum", "emotional")
    nurse = session.add_alter("Nurse Sofie", "professional_care")
    friend = session.add_alter("Karim", "companionship")
    session.answer_alter(mum.id, "relationship", "family")
    session.answer_alter(mum.id, "closeness", 3)
    session.answer_alter(nurse.id, "relationship", "health_professional")
    session.answer_alter(nurse.id, "professional_type", "nurse")
    session.set_tie(mum.id, nurse.id, 1)
    session.answer_ego("satisfaction", 3)
    session.answer_ego("gender", "woman")
    with pytest.raises(UsageError, match="not completed"):
        start_follow_up(store, "P-001", "clin-2", clock=clock)
    session.complete()

    follow = start_follow_up(store, "P-001", "clin-2", clock=clock)
    iv = follow.interview
    assert iv.wave.index == 1 and iv.previous_id == session.interview.id
    assert set(iv.alters) == {mum.id, nurse.id, friend.id}
    assert all(a.presence is AlterPresence.PENDING and a.carried for a in iv.alters.values())
    # carried forward: relationship and professional type; asked again: closeness, satisfaction
    assert iv.alters[mum.id].answers == {"relationship": "family"}
    assert iv.alters[nurse.id].answers == {"relationship": "health_professional", "professional_type": "nurse"}
    assert iv.ego_answers == {"gender": "woman"}
    assert iv.tie(mum.id, nurse.id) == Tie(*tie_key(mum.id, nurse.id), 1, TieSource.CARRIED)  # with its strength
    assert iv.ties_reviewed == []

    with pytest.raises(ModelError, match="neither confirmed nor marked gone"):
        follow.complete()
    follow.confirm_alter(mum.id)
    follow.confirm_alter(nurse.id)
    follow.mark_gone(friend.id)
    with pytest.raises(ModelError, match="marked gone, not removed"):
        follow.remove_alter(mum.id)
    new = follow.add_alter("Ahmed", "companionship")
    with pytest.raises(ModelError, match="only an alter from the previous wave"):
        follow.mark_gone(new.id)
    follow.complete()
    stored = reloaded(follow).interview
    assert {a.id for a in stored.active_alters()} == {mum.id, nurse.id, new.id}
    assert stored.alters[friend.id].presence is AlterPresence.GONE


def test_a_new_patient_starts_once(store: Store, protocol: Protocol, session: InterviewSession) -> None:
    with pytest.raises(UsageError, match="already has a baseline"):
        start_baseline(store, Patient("P-001", "x"), "c", protocol)
    with pytest.raises(UsageError, match="no 'de' version"):
        start_baseline(store, Patient("P-002", "x"), "c", protocol, language="de")


def test_switching_language(session: InterviewSession) -> None:
    session.set_language("nl")
    assert reloaded(session).interview.language == "nl"
    with pytest.raises(ModelError):
        session.set_language("de")


def test_a_generator_maximum_is_kept(store: Store, protocol: Protocol) -> None:
    first, *rest = protocol.name_generators
    limited = replace(protocol, name_generators=(replace(first, max_alters=2), *rest))
    s = start_baseline(store, Patient("P-009", "x"), "c", limited)
    s.add_alter("one", first.id)
    other = s.add_alter("two", rest[0].id)
    s.add_generator(other.id, first.id)
    with pytest.raises(ModelError, match="at most 2"):
        s.add_alter("three", first.id)
    s.add_alter("three", rest[0].id)  # other generators are not limited
    assert len(s.interview.alters) == 3


def test_someone_named_after_the_tie_census_began_is_asked_about_everyone_once(session: InterviewSession) -> None:
    a, b, _ = (session.add_alter(n, "emotional") for n in ("Anna", "Bram", "Cleo"))
    session.mark_ties_reviewed(a.id)  # Anna's list (Bram, Cleo) is done
    late = session.add_alter("Dora", "practical")  # named after: Anna–Dora was never asked
    assert session.tie_census_progress() == (2, 6)
    assert [x.label for x in session.tie_checklist(late.id)] == ["Anna", "Bram", "Cleo"]
    assert [x.label for x in session.tie_checklist(b.id)] == ["Cleo", "Dora"]  # not Anna: asked already
    session.mark_ties_reviewed(b.id)  # Bram–Cleo, Bram–Dora
    assert [x.label for x in session.tie_checklist(late.id)] == ["Anna", "Cleo"]
    session.mark_ties_reviewed(late.id)  # Dora–Anna, Dora–Cleo
    assert session.tie_census_progress() == (6, 6)
    assert session.next_in_census() is None
    assert not session.interview.ties_pending
    reread = session.store.load(session.interview.id)
    assert reread.ties_reviewed == [a.id, b.id, late.id] and reread.ties_pending == {}


def test_pending_pairs_survive_a_reload_and_a_removal(session: InterviewSession) -> None:
    a, _ = session.add_alter("Anna", "emotional"), session.add_alter("Bram", "emotional")
    session.mark_ties_reviewed(a.id)
    late = session.add_alter("Dora", "practical")
    reread = session.store.load(session.interview.id)
    assert reread.ties_pending == {late.id: [a.id]}
    session.remove_alter(a.id)
    assert session.interview.ties_pending == {late.id: []}
    assert session.store.load(session.interview.id).ties_pending == {late.id: []}


def test_the_previous_wave_comes_with_the_protocol_it_was_asked_with(
    store: Store, protocol: Protocol, clock: Callable[[], datetime]
) -> None:
    first = start_baseline(store, Patient("P-010", "CGG Leuven"), "clin-1", protocol, clock=clock)
    first.add_alter("Marie", "emotional")
    first.complete()
    later = start_follow_up(store, "P-010", "clin-1", clock=clock)
    assert first.previous_wave() is None
    later.protocol = replace(protocol, version="99")  # as if this wave were asked with a newer version
    previous = later.previous_wave()
    assert previous is not None
    assert previous.interview.id == first.interview.id
    assert previous.protocol.version == protocol.version
    assert previous.measures().row()["n_alters"] == 1


def test_a_snapshot_is_unaffected_by_later_changes(session: InterviewSession) -> None:
    marie = session.add_alter("Marie", "emotional")
    snapshot = session.snapshot()
    session.add_alter("Jan", "practical")
    session.answer_alter(marie.id, "relationship", "family")
    assert [a.label for a in snapshot.interview.alters.values()] == ["Marie"]
    assert snapshot.interview.alters[marie.id].answers == {}
    assert snapshot.measures().row()["n_alters"] == 1


def test_the_bookmark_is_kept_through_the_session(session: InterviewSession) -> None:
    assert session.place() is None
    session.save_place("alters")
    assert reloaded(session).place() == "alters"


def test_a_reopen_that_cannot_be_saved_leaves_the_interview_completed(
    session: InterviewSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.complete()
    revision = session.interview.revision

    def refuse(*args: object) -> None:
        raise StoreError("disk full", "test")

    monkeypatch.setattr(session.store, "save", refuse)
    with pytest.raises(StoreError):
        session.reopen()
    assert session.interview.status is InterviewStatus.COMPLETED and session.interview.revision == revision
    monkeypatch.undo()
    session.reopen()
    assert reloaded(session).interview.status is InterviewStatus.IN_PROGRESS
