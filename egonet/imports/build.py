"""Source egos as interview documents: one completed interview per ego (a baseline, or the
follow-up of the patient's previous wave in the store).

Ids are derived, never random: an interview's id from its data set, service, patient code and
wave, an alter's from the service, the patient code and the source's alter id (UUID 5), so that
an alter keeps its id in a follow-up wave.  Importing the same files twice
therefore finds the interviews already stored instead of adding them again.  Several rows for
one pair of alters (one per relation type, as in ideanet's or Network Canvas' files) become one
tie, with the strongest strength given; rows whose value means "no tie" are not ties, nor are
rows that join an alter to itself (counted in the import's report).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from egonet.errors import ModelError, Problem
from egonet.imports.plan import Plan
from egonet.imports.source import SourceEgo
from egonet.imports.variables import Variable
from egonet.model import (
    Alter,
    Answer,
    Interview,
    InterviewStatus,
    Patient,
    Wave,
    interview_problems,
    tie_key,
)
from egonet.model.interview import MAX_LABEL

__all__ = ["NAMESPACE", "build_interview"]

NAMESPACE = uuid.UUID("0f6b7d0e-53c4-4f43-9a55-2b8e4c7d1a90")


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _answers(
    variables: list[Variable], cells: dict[str, str], where: str, problems: list[Problem]
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for variable in variables:
        text = cells.get(variable.column)
        if text is None:
            continue
        value, problem = variable.answer(text)
        if value is None:
            problems.append(Problem(where, variable.column, problem or "not an answer"))
        else:
            answers[variable.question.id] = value
    return answers


def build_interview(
    ego: SourceEgo,
    plan: Plan,
    *,
    source: str,
    service: str,
    code: str,
    started: str | None,
    now: datetime,
    previous: Interview | None = None,
) -> tuple[Interview | None, list[Problem]]:
    """The interview of one source ego, or the problems that stop it (each with file and line).

    ``source`` names the data set (format and name): the same ego id in another data set is
    another interview.  ``previous``: the patient's previous wave, which this one follows.
    """
    problems: list[Problem] = []
    wave = previous.wave.index + 1 if previous else 0
    before = set(previous.alters) if previous else set()
    try:
        patient = Patient(code, service)
    except ModelError as exc:
        return None, [Problem(ego.where, "", f"ego id {ego.id!r} cannot be a patient code: {exc.message}")]
    began = _time(ego.started or started) or now
    finished = _time(ego.finished) or began
    interview = Interview(
        id=uuid.uuid5(NAMESPACE, f"{source}\x1f{service}\x1f{code}\x1f{wave}"),
        patient=patient,
        wave=Wave.numbered(wave),
        previous_id=previous.id if previous else None,
        clinician="import",
        protocol_id=plan.protocol.id,
        protocol_version=plan.protocol.version,
        language=plan.protocol.default_language,
        started_at=began,
        status=InterviewStatus.COMPLETED,
        completed_at=max(finished, began),
        updated_at=now,
        revision=1,
    )
    ids: dict[str, uuid.UUID] = {}
    for row in ego.alters:
        if row.id in ids:
            problems.append(Problem(row.where, "", f"alter {row.id!r} appears twice for ego {ego.id!r}"))
            continue
        ids[row.id] = alter_id = uuid.uuid5(NAMESPACE, f"{service}\x1f{code}\x1f{row.id}")
        generators = [g for g, (column, yes) in plan.generators.items() if row.cells.get(column, "").lower() in yes]
        if plan.default_generator:
            generators.append(plan.default_generator)
        label = (row.label or f"Alter {row.id}")[:MAX_LABEL]
        answers = _answers(plan.alter_vars, row.cells, row.where, problems)
        for variable in plan.alter_vars:
            q = variable.question
            if q.id in answers and q.when is not None and not q.applies(answers):
                when = f"{q.when.question!r} is one of {sorted(map(str, q.when.values))}"
                message = f"answers {q.id!r}, which is asked only when {when}"
                problems.append(Problem(row.where, variable.column, message))
        interview.add_alter(Alter(alter_id, label, generators, answers, carried=alter_id in before))
    interview.ego_answers = _answers(plan.ego_vars, ego.cells, ego.where, problems)
    strength: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for tie in ego.ties:
        if tie.value is not None and tie.value in plan.no_tie:
            continue
        ends = [ids.get(tie.a), ids.get(tie.b)]
        if None in ends:
            missing = tie.a if ends[0] is None else tie.b
            problems.append(
                Problem(tie.where, "", f"the tie names alter {missing!r}, who is not an alter of ego {ego.id!r}")
            )
            continue
        a, b = ends[0], ends[1]
        assert a is not None and b is not None
        if a == b:  # a self-loop (Network Canvas lets one be drawn): not a tie between two people
            continue
        level = plan.strength.get(tie.value or "")
        if tie.value and plan.strength and level is None:
            problems.append(Problem(tie.where, "", f"tie value {tie.value!r} has no strength in the mapping"))
        key = tie_key(a, b)
        if key not in interview.ties:
            interview.set_tie(a, b)
        if level is not None and level > strength.get(key, level - 1):
            strength[key] = level
    for key, level in strength.items():
        interview.ties[key].value = level
    interview.ties_reviewed = list(ids.values())
    if not problems:
        problems += [Problem(ego.where, "", text) for text in interview_problems(interview, plan.protocol)]
    return (None if problems else interview), problems
