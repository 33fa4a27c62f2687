"""The service report reads its interviews one at a time and keeps none of them: memory depends on
the measure rows it keeps, not on the interviews' documents."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from collections.abc import Iterator

from egonet.model import Interview
from reports import ReportSpec, render, service_context
from reports.service_data import gather_service
from tests.reports.conftest import TODAY, protocol_of


class _Tracked(Interview):
    """An interview that can be watched (the model's class has slots, so no weak reference)."""


class _Alive:
    """Yields copies of the interviews and counts how many are still referenced at each step."""

    def __init__(self, interviews: list[Interview]) -> None:
        self.interviews = interviews
        self.alive = 0
        self.most = 0
        self.read = 0

    def _gone(self) -> None:
        self.alive -= 1

    def __iter__(self) -> Iterator[Interview]:
        for interview in self.interviews:
            gc.collect()
            self.most = max(self.most, self.alive)  # those still held when the next one is read
            copy = _Tracked(**{f.name: getattr(interview, f.name) for f in dataclasses.fields(Interview)})
            weakref.finalize(copy, self._gone)
            self.alive += 1
            self.read += 1
            yield copy
            del copy


def test_the_service_report_holds_one_interview_at_a_time(cohort: list[Interview]) -> None:
    source = _Alive(cohort)
    context = service_context(iter(source), protocol_of, ReportSpec(), TODAY)
    assert source.read == len(cohort) > 50
    assert source.most <= 1, f"{source.most} interviews were kept while reading the next"
    gc.collect()
    assert source.alive == 0  # and none is kept by the context
    assert render("service", context, "md") == render(
        "service", service_context(cohort, protocol_of, ReportSpec(), TODAY), "md"
    )


def test_one_gathering_serves_every_language(cohort: list[Interview]) -> None:
    source = _Alive(cohort)
    data = gather_service(iter(source), protocol_of, ReportSpec().measures)
    assert source.read == len(cohort)  # read once, for every language
    for language in ("en", "fr", "nl"):
        spec = ReportSpec(language=language)
        once = render("service", service_context(data, protocol_of, spec, TODAY), "md")
        assert once == render("service", service_context(cohort, protocol_of, spec, TODAY), "md")


def test_the_kept_rows_are_slim(cohort: list[Interview]) -> None:
    data = gather_service(cohort, protocol_of, ReportSpec().measures)
    assert len(data.rows) == sum(iv.status.value == "completed" for iv in cohort)
    assert all(len(row) <= 30 for row in data.rows)  # of a measure row's 127 columns
    assert len(data.latest) == len({iv.patient.code for iv in cohort})  # one network per patient
