"""Whether an interview keeps to its protocol: every answer is one the protocol allows.

Checked on every answer given (by :mod:`egonet.session`) and on every document read from
outside (``egonet validate``, ``egonet import-json``).
"""

from __future__ import annotations

from collections.abc import Mapping

from egonet.model.interview import Interview
from egonet.model.protocol import Answer, Protocol, Question

__all__ = ["interview_problems"]


def _answers_problems(answers: Mapping[str, Answer], questions: tuple[Question, ...], where: str) -> list[str]:
    known = {q.id: q for q in questions}
    problems = []
    for qid, value in answers.items():
        question = known.get(qid)
        if question is None:
            problems.append(f"{where}: {qid!r} is not a question of the protocol")
            continue
        problem = question.problem(value)
        if problem is not None:
            problems.append(f"{where}: {problem}")
        elif not question.applies(answers):
            problems.append(f"{where}: {qid!r} is answered but does not apply (its condition does not hold)")
    return problems


def interview_problems(interview: Interview, protocol: Protocol) -> list[str]:
    """Every answer, generator or language of ``interview`` that ``protocol`` does not allow."""
    problems = []
    if (interview.protocol_id, interview.protocol_version) != (protocol.id, protocol.version):
        problems.append(
            f"interview uses protocol {interview.protocol_id} {interview.protocol_version}, "
            f"not {protocol.id} {protocol.version}"
        )
    if interview.language not in protocol.languages:
        problems.append(f"language {interview.language!r} is not one of the protocol's")
    generators = {g.id for g in protocol.name_generators}
    for alter in interview.alters.values():
        where = f"alter {alter.id}"
        problems += [
            f"{where}: {g!r} is not a name generator of the protocol" for g in alter.generators if g not in generators
        ]
        problems += _answers_problems(alter.answers, protocol.alter_questions, where)
    problems += _answers_problems(interview.ego_answers, protocol.ego_questions, "ego")
    strength = protocol.tie_question.strength
    for tie in interview.ties.values():
        if tie.value is None:
            continue
        if strength is None:
            problems.append(f"tie {tie.a} {tie.b}: the protocol asks no tie strength")
        elif (problem := strength.problem(tie.value)) is not None:
            problems.append(f"tie {tie.a} {tie.b}: {problem}")
    return problems
