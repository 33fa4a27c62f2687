"""Random sequences of use-case calls: invariants hold, the store always equals memory.

Each step is a call a clinician could make (valid or not).  After every step the interview in
memory must keep the model's invariants, conform to its protocol, validate against the JSON
Schema, and equal what the store returns; a refused call must change nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from egonet.errors import EgonetError
from egonet.model import Patient, interview_problems
from egonet.protocol import default_protocol
from egonet.session import InterviewSession, start_baseline, start_follow_up
from egonet.store import Store
from egonet.wire import document_problems, to_document

PROTOCOL = default_protocol()
GENERATORS = [g.id for g in PROTOCOL.name_generators]
VALUES = st.one_of(
    st.sampled_from(["family", "friend", "health_professional", "nurse", "hospital", "woman", "cousin", ""]),
    st.integers(-1, 8),
    st.booleans(),
    st.none(),
)

step = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(["Marie", "marie", "Jan", "Zoë", "Dr Peeters", " ", "x" * 90]),
        st.sampled_from(GENERATORS),
    ),
    st.tuples(st.just("generator"), st.integers(0, 30), st.sampled_from(GENERATORS)),
    st.sampled_from(PROTOCOL.alter_questions).flatmap(
        lambda q: st.tuples(
            st.just("answer"),
            st.integers(0, 3),
            st.just(q.id),
            st.one_of(st.sampled_from([o.value for o in q.options] or [True, False]), VALUES),
        )
    ),
    st.tuples(
        st.just("answer"),
        st.integers(0, 3),
        st.just("relationship"),
        st.sampled_from(["health_professional", "friend"]),
    ),
    st.tuples(st.just("tie"), st.integers(0, 30), st.integers(0, 30), st.sampled_from([None, 1, 2, 3])),
    st.tuples(st.just("untie"), st.integers(0, 30), st.integers(0, 30)),
    st.tuples(st.just("merge"), st.integers(0, 30), st.integers(0, 30)),
    st.tuples(st.just("remove"), st.integers(0, 30)),
    st.tuples(st.just("rename"), st.integers(0, 30), st.sampled_from(["Anna", "", "Zoë"])),
    st.tuples(st.just("review"), st.integers(0, 30)),
    st.tuples(st.just("ego"), st.sampled_from(["satisfaction", "gender", "living_situation"]), VALUES),
    st.tuples(st.just("confirm"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("complete")),
    st.tuples(st.just("reopen")),
)


def run(session: InterviewSession, action: tuple[object, ...]) -> None:
    ids = list(session.interview.alters)

    def pick(i: object) -> object:
        assert isinstance(i, int)
        return ids[i % len(ids)] if ids else None

    match action:
        case ("add", label, generator):
            session.add_alter(str(label), str(generator))
        case ("generator", i, generator) if ids:
            session.add_generator(pick(i), str(generator))  # type: ignore[arg-type]
        case ("answer", i, question, value) if ids:
            session.answer_alter(pick(i), str(question), value)  # type: ignore[arg-type]
        case ("tie", i, j, value) if ids:
            session.set_tie(pick(i), pick(j), value)  # type: ignore[arg-type]
        case ("untie", i, j) if ids:
            session.unset_tie(pick(i), pick(j))  # type: ignore[arg-type]
        case ("merge", i, j) if ids:
            session.merge_alters(pick(i), pick(j))  # type: ignore[arg-type]
        case ("remove", i) if ids:
            session.remove_alter(pick(i))  # type: ignore[arg-type]
        case ("rename", i, label) if ids:
            session.rename_alter(pick(i), str(label))  # type: ignore[arg-type]
        case ("review", i) if ids:
            session.mark_ties_reviewed(pick(i))  # type: ignore[arg-type]
        case ("ego", question, value):
            session.answer_ego(str(question), value)  # type: ignore[arg-type]
        case ("confirm", i, keep) if ids:
            (session.confirm_alter if keep else session.mark_gone)(pick(i))  # type: ignore[arg-type]
        case ("complete",):
            session.complete()
        case ("reopen",):
            session.reopen()


def check(session: InterviewSession) -> None:
    iv = session.interview
    iv.check()
    assert interview_problems(iv, PROTOCOL) == []
    document = to_document(iv)
    assert document_problems(document, "memory") == []
    assert to_document(session.store.load(iv.id)) == document
    for alter in iv.alters.values():  # no answer whose condition fails
        for question in PROTOCOL.alter_questions:
            if question.id in alter.answers:
                assert question.applies(alter.answers)


@example(
    baseline=[
        ("add", "Dr Peeters", "professional_care"),
        ("answer", 0, "relationship", "health_professional"),
        ("answer", 0, "professional_type", "nurse"),
        ("answer", 0, "relationship", "friend"),
        ("add", "Jan", "emotional"),
        ("tie", 0, 1, 2),
        ("merge", 1, 0),
    ],
    follow_up=[("confirm", 0, False), ("add", "Zoë", "emotional"), ("remove", 0), ("complete",)],
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(baseline=st.lists(step, max_size=25), follow_up=st.lists(step, max_size=15))
def test_any_sequence_of_calls_keeps_memory_store_and_invariants_in_step(
    baseline: list[tuple[object, ...]], follow_up: list[tuple[object, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite3") as store:
        session = start_baseline(store, Patient("PROP-1", "svc"), "c", PROTOCOL)
        for waves, actions in enumerate((baseline, follow_up)):
            for action in actions:
                before = to_document(session.interview)
                try:
                    run(session, action)
                except EgonetError:
                    assert to_document(session.interview) == before, action
                check(session)
            if waves == 0:
                for alter in list(session.interview.alters.values()):
                    if alter.presence.value == "pending":
                        session.confirm_alter(alter.id)
                if session.interview.status.value != "completed":
                    session.complete()
                previous = session.interview
                session = start_follow_up(store, "PROP-1", "c")
                assert {a.id for a in session.interview.alters.values()} == {a.id for a in previous.active_alters()}
                check(session)
