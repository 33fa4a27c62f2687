"""Plain-text views of a patient's waves for ``egonet show``."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from egonet.model import AlterPresence, Interview, Protocol

__all__ = ["render_patient"]

MARKS = {AlterPresence.PRESENT: "yes", AlterPresence.PENDING: "to confirm", AlterPresence.GONE: "gone"}


def _option_label(protocol: Protocol, question_id: str, value: object, language: str) -> str:
    try:
        question = protocol.alter_question(question_id)
    except Exception:
        return str(value)
    option = question.option(value) if isinstance(value, str | int) else None
    return option.label.get(language, str(value)) if option else str(value)


def _wave_summary(iv: Interview, protocol: Protocol, language: str) -> list[str]:
    active = iv.active_alters()
    relationship = protocol.alter_question_with_role("relationship")
    lines = [
        f"{iv.wave.label} ({iv.status.value.replace('_', ' ')}, started {iv.started_at:%Y-%m-%d}"
        + (f", completed {iv.completed_at:%Y-%m-%d}" if iv.completed_at else "")
        + f", clinician {iv.clinician})",
        f"  {len(active)} people, {len(iv.active_ties())} ties between them",
    ]
    if relationship is not None:
        counts = Counter(a.answers.get(relationship.id) for a in active)
        parts = [
            f"{_option_label(protocol, relationship.id, value, language) if value is not None else 'not answered'} {n}"
            for value, n in counts.most_common()
        ]
        formal = sum(1 for a in active if (o := relationship.option(a.answers.get(relationship.id, ""))) and o.formal)
        lines.append("  " + ", ".join(parts))
        if active:
            lines.append(f"  professionals: {formal} of {len(active)}")
    for question in protocol.ego_questions:
        if question.role is None and question.id in iv.ego_answers and question.type.value == "ordinal":
            top = question.options[-1].value if question.options else ""
            lines.append(f"  {question.short.get(language, question.id)}: {iv.ego_answers[question.id]} of {top}")
    return lines


def render_patient(waves: list[Interview], protocol: Protocol) -> str:
    """The waves of one patient, then one row per person across the waves."""
    language = waves[-1].language
    first = waves[0]
    out = [f"Patient {first.patient.code} — {first.patient.service}", ""]
    for iv in waves:
        out += [*_wave_summary(iv, protocol, language), ""]
    people: dict[UUID, str] = {}
    for iv in waves:
        for alter in iv.alters.values():
            people.setdefault(alter.id, alter.label)
    relationship = protocol.alter_question_with_role("relationship")
    width = max([len(label) for label in people.values()] + [6])
    header = f"{'person':<{width}}  {'relationship':<24}" + "".join(f"  {iv.wave.label:<12}" for iv in waves)
    out += [header, "-" * len(header)]
    for alter_id, label in people.items():
        relation = ""
        cells = ""
        for iv in waves:
            found = iv.alters.get(alter_id)
            if found is not None and relationship is not None and relationship.id in found.answers:
                relation = _option_label(protocol, relationship.id, found.answers[relationship.id], language)
            mark = "-" if found is None else MARKS[found.presence]
            if found is not None and found.presence is AlterPresence.PRESENT and iv.previous_id and not found.carried:
                mark = "new"
            cells += f"  {mark:<12}"
        out.append(f"{label:<{width}}  {relation:<24}{cells}")
    return "\n".join(out)
