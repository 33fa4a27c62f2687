"""Starting waves: a patient's baseline, and follow-ups that start from the previous wave.

A follow-up keeps the previous wave's alters with the **same ids**, marked ``pending`` until
the patient confirms each one as still present or marks them gone.  Answers to questions
marked ``carry_forward`` in the protocol (the relationship, for instance) come along and are
confirmed rather than asked again; the others (closeness, contact) are asked anew.  The name
generators each alter was named under come along as a starting point that can be revised.  The
ties between carried alters come along marked ``carried``: the tie census asks every pair again,
showing them ticked "from last time", and closing a list as it was confirms them
(:class:`~egonet.model.TieSource`).

A follow-up is asked with the previous wave's protocol, or, when that was an earlier version of
the built-in protocol, with the current one (the same questions, and the support plan since 1.1.0).
"""

from __future__ import annotations

import uuid

from egonet.errors import NotFoundError, UsageError
from egonet.model import (
    Alter,
    AlterPresence,
    Interview,
    InterviewStatus,
    Patient,
    Protocol,
    Tie,
    TieSource,
    Wave,
)
from egonet.protocol import DEFAULT_PROTOCOL_ID, builtin_protocol, default_protocol
from egonet.session.session import Clock, InterviewSession, utc_now
from egonet.store import Store

__all__ = ["start_baseline", "start_follow_up", "start_wave"]


def start_baseline(
    store: Store,
    patient: Patient,
    clinician: str,
    protocol: Protocol,
    *,
    language: str | None = None,
    clock: Clock = utc_now,
) -> InterviewSession:
    """Create and save the first interview of a new patient."""
    if store.interviews(patient.code):
        raise UsageError(f"patient {patient.code} already has a baseline; start a follow-up instead", patient.code)
    interview = Interview(
        id=uuid.uuid4(),
        patient=patient,
        wave=Wave.numbered(0),
        clinician=clinician,
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        language=_language(protocol, language),
        started_at=clock(),
    )
    store.save(interview, clock())
    return InterviewSession(store, interview, protocol, clock)


def start_follow_up(
    store: Store,
    patient_code: str,
    clinician: str,
    *,
    language: str | None = None,
    clock: Clock = utc_now,
) -> InterviewSession:
    """Create and save the next wave of a patient, from their latest completed wave."""
    rows = store.interviews(patient_code)
    if not rows:
        raise NotFoundError(f"patient {patient_code} has no interview yet; start a baseline", patient_code)
    last = rows[-1]
    if last.status is not InterviewStatus.COMPLETED:
        raise UsageError(
            f"the {last.wave_label} interview is not completed; resume it or complete it first", patient_code
        )
    previous = store.load(last.id)
    protocol = store.protocol(previous.protocol_id, previous.protocol_version)
    if previous.protocol_id == DEFAULT_PROTOCOL_ID and builtin_protocol(
        previous.protocol_id, previous.protocol_version
    ):
        protocol = default_protocol()  # an earlier built-in version: the current one asks the same, and more
    interview = Interview(
        id=uuid.uuid4(),
        patient=previous.patient,
        wave=Wave.numbered(previous.wave.index + 1),
        clinician=clinician,
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        language=_language(protocol, language or previous.language),
        started_at=clock(),
        previous_id=previous.id,
        ego_answers={
            q.id: previous.ego_answers[q.id]
            for q in protocol.ego_questions
            if q.carry_forward and q.id in previous.ego_answers
        },
    )
    carried = {q.id for q in protocol.alter_questions if q.carry_forward}
    for alter in previous.active_alters():
        interview.add_alter(
            Alter(
                alter.id,
                alter.label,
                list(alter.generators),
                {k: v for k, v in alter.answers.items() if k in carried},
                AlterPresence.PENDING,
                carried=True,
            )
        )
    for key, tie in previous.ties.items():
        if all(end in interview.alters for end in key):
            interview.ties[key] = Tie(tie.a, tie.b, tie.value, TieSource.CARRIED)
    store.save(interview, clock())
    return InterviewSession(store, interview, protocol, clock)


def start_wave(
    store: Store,
    patient: Patient,
    clinician: str,
    protocol: Protocol,
    *,
    language: str | None = None,
    clock: Clock = utc_now,
) -> InterviewSession:
    """The baseline of a new patient, or the follow-up of a known one."""
    if store.interviews(patient.code):
        return start_follow_up(store, patient.code, clinician, language=language, clock=clock)
    return start_baseline(store, patient, clinician, protocol, language=language, clock=clock)


def _language(protocol: Protocol, language: str | None) -> str:
    chosen = language or protocol.default_language
    if chosen not in protocol.languages:
        raise UsageError(f"the protocol has no {chosen!r} version (it has {', '.join(protocol.languages)})")
    return chosen
