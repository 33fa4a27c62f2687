"""Plain-text views of a patient's waves for ``egonet show``."""

from __future__ import annotations

import textwrap
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
    if iv.previous_id is not None:
        carried = [a for a in iv.alters.values() if a.carried]
        kept = sum(a.presence is AlterPresence.PRESENT for a in carried)
        gone = sum(a.presence is AlterPresence.GONE for a in carried)
        pending = len(carried) - kept - gone
        new = sum(not a.carried for a in iv.alters.values())
        lines.append(
            f"  since the previous wave: {kept} kept, {gone} gone, {new} new"
            + (f", {pending} still to confirm" if pending else "")
        )
    if relationship is not None:
        counts = Counter(a.answers.get(relationship.id) for a in active)
        parts = [
            f"{_option_label(protocol, relationship.id, value, language) if value is not None else 'not answered'} {n}"
            for value, n in counts.most_common()
        ]
        formal = sum(1 for a in active if (o := relationship.option(a.answers.get(relationship.id, ""))) and o.formal)
        lines += textwrap.wrap(", ".join(parts), width=96, initial_indent="  ", subsequent_indent="  ")
        if active:
            lines.append(f"  professionals: {formal} of {len(active)}")
    for question in protocol.ego_questions:
        if question.role is None and question.id in iv.ego_answers and question.type.value == "ordinal":
            top = question.options[-1].value if question.options else ""
            lines.append(f"  {question.short.get(language, question.id)}: {iv.ego_answers[question.id]} of {top}")
    return lines


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_patient(waves: list[Interview], protocol: Protocol, language: str) -> str:
    """The waves of one patient, then one row per person across the waves, in ``language``."""
    if language not in protocol.languages:
        language = protocol.default_language
    first = waves[0]
    out = [f"Patient {first.patient.code} — {first.patient.service}", ""]
    for iv in waves:
        out += [*_wave_summary(iv, protocol, language), ""]
    people: dict[UUID, str] = {}
    for iv in waves:
        for alter in iv.alters.values():
            people.setdefault(alter.id, alter.label)
    relationship = protocol.alter_question_with_role("relationship")
    width = min(max([len(label) for label in people.values()] + [6]), 28)
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
        out.append(f"{_fit(label, width):<{width}}  {_fit(relation, 24):<24}{cells}")
    return "\n".join(out)
