"""Whether an interview keeps to its protocol: every answer is one the protocol allows.

Checked on every answer given (by :mod:`egonet.session`) and on every document read from
outside (``egonet validate``, ``egonet import-json``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from uuid import UUID

from egonet.model.interview import Interview
from egonet.model.plan import PROMPT_IDS
from egonet.model.protocol import Answer, Protocol, Question
from egonet.model.resources import Directory

__all__ = ["interview_problems", "plan_problems", "reference_problems", "resource_problems", "review_problems"]


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
    return problems + plan_problems(interview, protocol)


def plan_problems(interview: Interview, protocol: Protocol) -> list[str]:
    """Every goal of the plan whose kind, support or service the protocol does not have, or that
    names what its kind does not take (the alters it names are the model's check)."""
    kinds = {k.id: k for k in protocol.goal_kinds}
    generators = {g.id for g in protocol.name_generators}
    setting = protocol.alter_question_with_role("setting")
    services = {o.value for o in setting.options} if setting else set()
    problems = []
    for goal in interview.plan.goals:
        kind = kinds.get(goal.kind)
        if kind is None:
            problems.append(f"goal {goal.id}: {goal.kind!r} is not a goal kind of the protocol")
            continue
        takes = kind.targets
        if (goal.people or goal.others) and "people" not in takes:
            problems.append(f"goal {goal.id}: a {kind.id!r} goal names no people")
        if goal.support is not None and "support" not in takes:
            problems.append(f"goal {goal.id}: a {kind.id!r} goal names no support")
        if goal.service is not None and "service" not in takes:
            problems.append(f"goal {goal.id}: a {kind.id!r} goal names no service")
        if goal.resource is not None and "resource" not in takes:
            problems.append(f"goal {goal.id}: a {kind.id!r} goal names no resource")
        if goal.support is not None and goal.support not in generators:
            problems.append(f"goal {goal.id}: {goal.support!r} is not a name generator of the protocol")
        if goal.service is not None and goal.service not in services:
            problems.append(f"goal {goal.id}: {goal.service!r} is not an option of the protocol's setting question")
        if goal.suggestion is not None and goal.suggestion not in PROMPT_IDS:
            problems.append(f"goal {goal.id}: {goal.suggestion!r} is not a prompt of Egonet")
    for shown in interview.plan.suggested:
        if shown.prompt not in PROMPT_IDS:
            problems.append(f"prompt {shown.prompt!r}: not a prompt of Egonet")
        if shown.support is not None and shown.support not in generators:
            problems.append(f"prompt {shown.prompt!r}: {shown.support!r} is not a name generator of the protocol")
    return problems


def review_problems(interview: Interview, previous: Interview | None) -> list[str]:
    """Every review or carried goal of ``interview``'s plan that names no goal of ``previous``,
    the wave it follows (``None``: a baseline, which has none to review or carry)."""
    plan = interview.plan
    carried = ((g.id, g.carried_from) for g in plan.goals if g.carried_from is not None)
    goals = {g.id for g in previous.plan.goals} if previous is not None else set()
    return reference_problems((r.goal for r in plan.reviews), carried, goals)


def reference_problems(
    reviews: Iterable[UUID], carried: Iterable[tuple[UUID, UUID]], goals: Collection[UUID]
) -> list[str]:
    """:func:`review_problems` from the ids alone: the goals reviewed, the goals carried (each with
    the goal it was carried from) and ``goals``, those of the previous wave."""
    problems = [f"review of goal {goal}: not a goal of the previous wave" for goal in reviews if goal not in goals]
    problems += [
        f"goal {goal}: carried from {source}, not a goal of the previous wave"
        for goal, source in carried
        if source not in goals
    ]
    return problems


def resource_problems(interview: Interview, protocol: Protocol, directory: Directory, goal_id: UUID) -> list[str]:
    """Why goal ``goal_id`` may not name its resource: not one ``directory`` (the service's) lists,
    or of a kind its goal kind does not offer; nothing to say with an empty directory (none kept).

    Checked when a goal is written, not on every change of the plan: a resource the service
    later drops from its directory leaves the goals that named it as they were."""
    goal = interview.plan.goal(goal_id)
    if goal.resource is None or not directory.resources:
        return []
    found = directory.resource(goal.resource)
    if found is None:
        return [f"goal {goal.id}: {goal.resource!r} is not in the service's directory of local resources"]
    kinds = {k.id: k for k in protocol.goal_kinds}
    if goal.kind in kinds and found.kind not in kinds[goal.kind].resources:
        return [f"goal {goal.id}: a {goal.kind!r} goal does not point to a resource of kind {found.kind!r}"]
    return []
