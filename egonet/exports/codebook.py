"""The codebook written beside every export: each table's variables, their type, and their
values with labels in the chosen language (the goal tables' descriptions too: English, French
and Dutch, :mod:`egonet.exports.goal_terms`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from egonet.exports.anonymise import ego_column, generator_column
from egonet.exports.goal_terms import GOAL_VARIABLES, VALUE_LABELS
from egonet.model import Protocol, Question, QuestionType
from egonet.model.language import localise

__all__ = ["codebook", "codebook_markdown"]

FIXED = {
    "egos": [
        ("egoID", "string", "the interview's pseudonym (HMAC of its id under the project secret)"),
        ("patient", "string", "the patient's pseudonym: the same for all of a patient's waves"),
        ("wave", "integer", "0 the baseline, 1 the first follow-up, ..."),
        ("service", "string", "the service following the patient (a quasi-identifier)"),
        ("date", "string", "month of the interview (YYYY-MM), or its date shifted per patient"),
        ("status", "string", "completed or in_progress"),
        ("protocol", "string", "the interview protocol's id and version"),
        ("n_alters", "integer", "people in the wave's network"),
    ],
    "alters": [
        ("egoID", "string", "the interview (egos.egoID)"),
        ("alterID", "string", "the person's pseudonym: the same in every wave of the patient"),
    ],
    "aaties": [
        ("egoID", "string", "the interview (egos.egoID)"),
        ("Source", "string", "one person (alters.alterID)"),
        ("Target", "string", "the other person (alters.alterID)"),
        ("weight", "string", "the tie's strength answer, if asked"),
    ],
}


def _variable(name: str, question: Question, language: str, default_language: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name,
        "type": question.type.value,
        "description": localise(question.text, language, default_language),
    }
    if question.options:
        entry["values"] = {str(o.value): localise(o.label, language, default_language) for o in question.options}
    if question.type is QuestionType.BOOLEAN:
        entry["values"] = _yes_no(language)
    return entry


YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non"), "nl": ("ja", "nee")}
"""A boolean's values in the codebook's language (English for another)."""


def _yes_no(language: str) -> dict[str, str]:
    yes, no = YES_NO.get(language, YES_NO["en"])
    return {"1": yes, "0": no}


def _add(table: list[dict[str, Any]], seen: set[tuple[str, str]], key: tuple[str, str], entry: dict[str, Any]) -> None:
    """Add a variable; one already there from another protocol is merged: a column whose type
    differs between protocols is a string, and its values list every protocol's labels."""
    if key not in seen:
        seen.add(key)
        table.append(entry)
        return
    known = next(v for v in table if v["name"] == entry["name"])
    if known["type"] != entry["type"] and known["type"] != "string":
        known["type"] = "string"
        known["description"] += " (its type differs between the protocols of the export)"
    if "values" in entry:
        values = known.setdefault("values", {})
        for code, label in entry["values"].items():
            if values.get(code, label) != label and label not in values[code].split(" / "):
                values[code] = f"{values[code]} / {label}"
            values.setdefault(code, label)


def codebook(
    protocols: Iterable[Protocol], language: str, quasi: list[str], measures: Iterable[str] = ()
) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {
        t: [{"name": n, "type": k, "description": d} for n, k, d in rows] for t, rows in FIXED.items()
    }
    seen: set[tuple[str, str]] = set()
    protocols_seen = list(protocols)
    for protocol in protocols_seen:
        for q in protocol.ego_questions:
            if q.type is not QuestionType.TEXT:
                _add(
                    tables["egos"],
                    seen,
                    ("egos", q.id),
                    _variable(ego_column(q.id), q, language, protocol.default_language),
                )
        for g in protocol.name_generators:
            if ("alters", "gen:" + g.id) not in seen:
                seen.add(("alters", "gen:" + g.id))
                tables["alters"].append(
                    {
                        "name": generator_column(g.id),
                        "type": "boolean",
                        "description": f"named for: {localise(g.prompt, language, protocol.default_language)}",
                        "values": _yes_no(language),
                    }
                )
        for q in protocol.alter_questions:
            if q.type is not QuestionType.TEXT:
                _add(tables["alters"], seen, ("alters", q.id), _variable(q.id, q, language, protocol.default_language))
    from egonet.analysis.definitions import definition  # noqa: PLC0415  (loads the numeric stack: not at start-up)

    for name in measures:
        label, meaning = definition(name, language)
        described = f"{label}: {meaning}" if meaning else _pattern(name)
        tables["egos"].append({"name": name, "type": "numeric", "description": described})
    tables |= _goal_tables(list(protocols_seen), language)
    return {
        "language": language,
        "tables": tables,
        "quasi_identifiers": quasi,
        "removed": (
            "alter names, free-text answers, the clinician, exact dates, typed wave labels, "
            "the support plan's notes, names of people outside the network, resources' ids, names and contacts, "
            "the patient's interests"
        ),
    }


def _goal_tables(protocols: list[Protocol], language: str) -> dict[str, list[dict[str, Any]]]:
    """The goal tables' variables; values labelled from the protocols (kinds, support, service)
    or from Egonet's own words (resource kinds, actor, outcome)."""
    values: dict[str, dict[str, str]] = {
        name: {code: texts.get(language, texts["en"]) for code, texts in labels.items()}
        for name, labels in VALUE_LABELS.items()
    }
    for protocol in protocols:
        default = protocol.default_language
        for goal_kind in protocol.goal_kinds:
            values.setdefault("kind", {}).setdefault(goal_kind.id, localise(goal_kind.label, language, default))
        for g in protocol.name_generators:
            values.setdefault("support", {}).setdefault(g.id, localise(g.short, language, default))
        setting = protocol.alter_question_with_role("setting")
        for o in setting.options if setting is not None else ():
            values.setdefault("service", {}).setdefault(str(o.value), localise(o.label, language, default))
    values["in_wave"] = _yes_no(language)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, variables in GOAL_VARIABLES.items():
        tables[table] = []
        for name, kind, texts in variables:
            entry: dict[str, Any] = {"name": name, "type": kind, "description": texts.get(language, texts["en"])}
            if name in values:
                entry["values"] = values[name]
            tables[table].append(entry)
    return tables


def _pattern(name: str) -> str:
    """Composition measures named after a question and a value (see ``egonet.analysis.composition``)."""
    for prefix, meaning in (
        ("n_support_", "alters named for this support (name generator)"),
        ("n_", "alters with this answer (question_value)"),
        ("prop_", "share of the alters who answered with this answer (question_value)"),
        ("blau_", "Blau heterogeneity of the answers to this question"),
        ("iqv_", "index of qualitative variation of the answers to this question"),
        ("ei_", "Krackhardt E-I index of ego against the alters on this question"),
        ("similarity_", "share of the alters with ego's answer to this question"),
        ("ego_", "ego's answer to this question"),
    ):
        if name.startswith(prefix):
            return f"{meaning}: {name[len(prefix) :]}"
    return ""


def codebook_markdown(book: dict[str, Any]) -> str:
    lines = ["# Codebook", "", f"Removed: {book['removed']}.", ""]
    lines.append(f"Quasi-identifiers (k-anonymous): {', '.join(book['quasi_identifiers'])}.")
    for table, variables in book["tables"].items():
        lines += ["", f"## {table}", "", "| variable | type | description | values |", "|---|---|---|---|"]
        for v in variables:
            values = "; ".join(f"{code} = {label}" for code, label in v.get("values", {}).items())
            cells = [v["name"], v["type"], v["description"], values]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
