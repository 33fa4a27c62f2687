"""A protocol text missing in the report's language is shown in the protocol's default language
(one rule, :func:`egonet.model.language.localise`), in the patient report, the service report
and the exports' codebook alike."""

from __future__ import annotations

import dataclasses
from typing import Any

from egonet.exports.codebook import codebook
from egonet.model import Interview, Protocol
from egonet.protocol import default_protocol
from reports import ReportSpec, patient_context, service_context
from tests.reports.conftest import TODAY


def without(value: Any, language: str) -> Any:
    """``value`` with every text in ``language`` taken out (texts are the str-to-str mappings)."""
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {k: v for k, v in value.items() if k != language}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: without(getattr(value, f.name), language) for f in dataclasses.fields(value)}
        )
    if isinstance(value, tuple):
        return tuple(without(v, language) for v in value)
    return value


def french_default_without_dutch() -> Protocol:
    """The default protocol (texts in en, fr, nl: English first) with no Dutch and French as its default."""
    protocol = without(default_protocol(), "nl")
    return dataclasses.replace(protocol, languages=("en", "fr"), default_language="fr")


PROTOCOL = french_default_without_dutch()
FRENCH = {o.value: o.label["fr"] for q in (*PROTOCOL.alter_questions, *PROTOCOL.ego_questions) for o in q.options}


def protocol_of(_interview: Interview) -> Protocol:
    return PROTOCOL


def test_the_patient_report_falls_back_to_the_protocols_default_language(one_patient: list[Interview]) -> None:
    context = patient_context(one_patient, protocol_of, ReportSpec(language="nl", audience="patient"), TODAY)
    relationship = PROTOCOL.alter_question_with_role("relationship")
    assert relationship is not None
    french = {o.label["fr"] for o in relationship.options}
    known = [key for key in context.legend if key.shape != "ring"]  # the ring: relationship not given
    assert known and all(key.label in french for key in known)
    satisfaction = PROTOCOL.ego_question("satisfaction")
    answered = [iv.ego_answers.get("satisfaction") for iv in sorted(one_patient, key=lambda iv: iv.wave.index)]
    assert context.satisfaction == [satisfaction.option(v).label["fr"] for v in answered if v is not None]
    shorts = {g.short["fr"] for g in PROTOCOL.name_generators}
    assert any(sentence.startswith(tuple(shorts)) for sentence in context.plain)


def test_the_service_report_names_settings_in_the_protocols_default_language(cohort: list[Interview]) -> None:
    context = service_context(cohort, protocol_of, ReportSpec(language="nl"), TODAY)
    french = {label for label in FRENCH.values() if isinstance(label, str)}
    assert context.service_nodes and all(row["node"] in french for row in context.service_nodes)


def test_the_codebook_falls_back_to_the_protocols_default_language() -> None:
    book = codebook([PROTOCOL], "nl", [])
    alters = {v["name"]: v for v in book["tables"]["alters"]}
    relationship = PROTOCOL.alter_question_with_role("relationship")
    assert relationship is not None
    assert alters[relationship.id]["description"] == relationship.text["fr"]
    assert alters[relationship.id]["values"] == {str(o.value): o.label["fr"] for o in relationship.options}
