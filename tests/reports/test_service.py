"""The service report: figures checked against an independent computation, no label anywhere,
small groups suppressed."""

from __future__ import annotations

import dataclasses
import re
import statistics

import pytest

from egonet.model import Interview, QuestionType
from egonet.protocol import default_protocol
from reports import ReportSpec, render, service_context
from tests.reports.conftest import TODAY, protocol_of


def test_counts_and_medians_match_the_interviews(cohort: list[Interview]) -> None:
    context = service_context(cohort, protocol_of, ReportSpec(measures=("n_alters",)), TODAY)
    baselines = [iv for iv in cohort if iv.wave.index == 0]
    assert context.counts[0]["patients"] == str(len(baselines))
    median = statistics.median(len(iv.active_alters()) for iv in baselines)
    first = context.distributions[0]
    assert (first["measure"], first["wave"]) == ("n_alters", "baseline")
    assert float(first["median"].replace(",", ".")) == pytest.approx(median)
    both = {iv.patient.code for iv in cohort if iv.wave.index == 1 and iv.status.value == "completed"}
    assert context.paired[0]["pairs"] == str(len(both))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_label_code_or_free_text_reaches_the_service_report(cohort: list[Interview], fmt: str) -> None:
    text = render("service", service_context(cohort, protocol_of, ReportSpec(), TODAY), fmt)
    protocol = default_protocol()
    free = {q.id for q in (*protocol.alter_questions, *protocol.ego_questions) if q.type is QuestionType.TEXT}
    checked = 0
    for interview in cohort:
        assert interview.patient.code not in text
        for alter in interview.alters.values():
            assert alter.label not in text, alter.label
            checked += 1
        answers = [interview.ego_answers, *(a.answers for a in interview.alters.values())]
        for value in (v for answered in answers for k, v in answered.items() if k in free):
            assert str(value) not in text
            checked += 1
    assert checked > 400


def test_groups_of_fewer_than_five_show_as_fewer_than_five(cohort: list[Interview]) -> None:
    few = [iv for iv in cohort if iv.patient.code in {"DEMO-001", "DEMO-002", "DEMO-003"}]
    context = service_context(few, protocol_of, ReportSpec(language="nl"), TODAY)
    assert {row["patients"] for row in context.counts} == {"<5"}
    assert context.distributions == [] and context.paired == [] and context.types == []
    assert context.service_nodes == [] and context.service_graph == ""  # 3 patients: no setting shown
    text = render("service", context, "md")
    assert re.search(r"\| start \| \\<5 \|", text)  # Dutch: the wave named from its index


def test_a_measure_fewer_than_five_patients_have_is_left_out(cohort: list[Interview]) -> None:
    baselines = [dataclasses.replace(iv, ego_answers=dict(iv.ego_answers)) for iv in cohort if iv.wave.index == 0]
    for iv in baselines[4:]:
        iv.ego_answers.pop("satisfaction", None)
    context = service_context(baselines, protocol_of, ReportSpec(), TODAY)
    shown = {row["measure"] for row in context.distributions}
    assert "n_alters" in shown and "ego_satisfaction" not in shown
    assert not any("Satisfaction" in label for label in context.distribution_charts)


def test_settings_and_professions_are_counted_in_patients(cohort: list[Interview]) -> None:
    context = service_context(cohort, protocol_of, ReportSpec(), TODAY)
    patients = len({iv.patient.code for iv in cohort})
    assert context.service_nodes and all(int(n["networks"]) <= patients for n in context.service_nodes)
