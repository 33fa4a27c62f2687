"""One interview as anonymised rows: ego, alters, ties, with keyed ids and nothing identifying.

Removed: alter labels, answers to text questions (free text), the clinician, exact times,
the interview's typed wave label, the support plan's notes and names.  Kept: answers to
categorical, ordinal, numeric and boolean questions (their values are the protocol's codes),
name generators, tie values.  Only the wave's network is exported (alters present in the wave,
ties among them).  The plan's goals are rows of their own (:mod:`egonet.exports.goals`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from egonet.exports.pseudonyms import Pseudonyms
from egonet.model import Answer, Interview, Protocol, QuestionType

__all__ = ["AnonymousInterview", "Row", "anonymise", "ego_column", "generator_column"]

Row = dict[str, Answer | None]


def ego_column(question_id: str) -> str:
    return f"ego_{question_id}"


def generator_column(generator_id: str) -> str:
    return f"gen_{generator_id}"


@dataclass
class AnonymousInterview:
    """egor's three tables for one interview (``egoID`` is the interview's pseudonym), and its
    support plan's goals and the people they name (:mod:`egonet.exports.goals`)."""

    ego: Row
    alters: list[Row] = field(default_factory=list)
    ties: list[Row] = field(default_factory=list)
    goals: list[Row] = field(default_factory=list)
    goal_people: list[Row] = field(default_factory=list)


def anonymise(interview: Interview, protocol: Protocol, pseudonyms: Pseudonyms) -> AnonymousInterview:
    """The interview's rows; quasi-identifiers (service, date, some ego answers) are left as they
    are here and generalised by a :class:`~egonet.exports.kanon.QuasiPlan`."""
    ego_id = pseudonyms.interview(interview.id)
    moment = interview.completed_at or interview.started_at
    ego: Row = {
        "egoID": ego_id,
        "patient": pseudonyms.patient(interview.patient.code),
        "wave": interview.wave.index,
        "service": interview.patient.service,
        "date": pseudonyms.date(interview.patient.code, moment),
        "status": interview.status.value,
        "protocol": f"{interview.protocol_id} {interview.protocol_version}",
    }
    for question in protocol.ego_questions:
        if question.type is not QuestionType.TEXT:
            ego[ego_column(question.id)] = interview.ego_answers.get(question.id)
    alters = interview.active_alters()
    ego["n_alters"] = len(alters)
    rows = []
    for alter in alters:
        row: Row = {"egoID": ego_id, "alterID": pseudonyms.alter(alter.id)}
        for generator in protocol.name_generators:
            row[generator_column(generator.id)] = generator.id in alter.generators
        for question in protocol.alter_questions:
            if question.type is not QuestionType.TEXT:
                row[question.id] = alter.answers.get(question.id)
        rows.append(row)
    ties = [
        {"egoID": ego_id, "Source": pseudonyms.alter(t.a), "Target": pseudonyms.alter(t.b), "weight": t.value}
        for t in interview.active_ties()
    ]
    return AnonymousInterview(ego, rows, ties)
