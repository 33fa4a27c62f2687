"""The service report's support plans: goals per kind and wave and how they went, counted from
the documents independently here, small counts hidden, no free text anywhere."""

from __future__ import annotations

import copy
import uuid
from collections import Counter

import pytest

from egonet.model import Goal, GoalReview, Interview, InterviewStatus, Outcome, Plan
from reports import ReportSpec, render, service_context
from tests.reports.conftest import TODAY, protocol_of

OUTCOME_OF = (Outcome.DONE, Outcome.PARTLY, Outcome.NOT_DONE, Outcome.NOT_RELEVANT, None)


@pytest.fixture(scope="module")
def planned(cohort: list[Interview]) -> list[Interview]:
    """The cohort with plans: patient k sets ``see_more`` at baseline when k is even, and
    ``meet_people`` (pointing to resource ``walk-k%3``) when k % 3 == 0; patient 7 alone sets
    ``less_stress``.  The follow-up reviews goal j with outcome OUTCOME_OF[(k + j) % 5] (None: not
    reviewed).  Notes carry a marker that must never reach the report."""
    out = [copy.deepcopy(iv) for iv in cohort]
    for iv in out:
        iv.plan = Plan()  # only the plans made here
    goals: dict[str, list[Goal]] = {}
    for iv in out:
        if iv.wave.index != 0:
            continue
        k = int(iv.patient.code.rsplit("-", 1)[1])
        people = [a.id for a in iv.active_alters()][:1]
        kinds = (["see_more"] if k % 2 == 0 else []) + (["meet_people"] if k % 3 == 0 else [])
        kinds += ["less_stress"] if k == 7 else []
        for kind in kinds:
            takes_people = kind != "meet_people"
            resource = f"walk-{k % 3}" if kind == "meet_people" else None
            goal = Goal(uuid.uuid4(), kind, people if takes_people else [], resource=resource, note=f"SECRET-{k}")
            iv.plan.goals.append(goal)
        goals[iv.patient.code] = iv.plan.goals
    for iv in out:
        if iv.wave.index == 1 and iv.patient.code in goals:
            k = int(iv.patient.code.rsplit("-", 1)[1])
            for j, goal in enumerate(goals[iv.patient.code]):
                outcome = OUTCOME_OF[(k + j) % 5]
                if outcome is not None:
                    iv.plan.reviews.append(GoalReview(goal.id, outcome, f"SECRET-review-{k}"))
    return out


def expected(planned: list[Interview], kind: str) -> tuple[int, int, Counter[str]]:
    """(patients, goals, outcomes of the followed goals) of ``kind`` at baseline, counted directly
    (completed interviews only, as the report)."""
    planned = [iv for iv in planned if iv.status is InterviewStatus.COMPLETED]
    followed_codes = {iv.patient.code for iv in planned if iv.wave.index == 1}
    reviews = {r.goal: r.outcome.value for iv in planned for r in iv.plan.reviews}
    patients, goals, outcomes = set(), 0, Counter()
    for iv in planned:
        for goal in iv.plan.goals:
            if iv.wave.index == 0 and goal.kind == kind:
                patients.add(iv.patient.code)
                goals += 1
                if iv.patient.code in followed_codes:
                    outcomes[reviews.get(goal.id, "not_reviewed")] += 1
    return len(patients), goals, outcomes


def test_goals_per_kind_and_how_they_went_are_those_of_the_documents(planned: list[Interview]) -> None:
    context = service_context(planned, protocol_of, ReportSpec(), TODAY, resource_kind=lambda _s, _r: "activity")
    rows = {row.kind: row for row in context.plan_kinds}
    for kind, label in (("see_more", "See someone more often"), ("meet_people", "Meet new people")):
        patients, goals, outcomes = expected(planned, kind)
        row = next(r for k, r in rows.items() if k.startswith(label))
        assert (row.patients, row.goals) == (str(patients), str(goals)) and patients >= 5
        assert row.followed == str(sum(outcomes.values()))
        shown = {o: getattr(row, o) for o in ("done", "partly", "not_done", "not_relevant", "not_reviewed")}
        for outcome, value in shown.items():
            if value not in ("<5", "-"):
                assert value == str(outcomes[outcome]), (kind, outcome)
        assert list(shown.values()).count("<5") != 1 or "-" in shown.values()  # one hidden never stands alone
    lone = next(r for k, r in rows.items() if k.startswith("Less contact"))
    assert lone.patients == "<5" and lone.goals == "-" and lone.done == "-"  # one patient: nothing shown
    resources = {row.kind: row for row in context.plan_resources}
    assert resources["Activities"].goals == str(expected(planned, "meet_people")[1])


def test_the_report_shows_the_plans_and_no_note_in_any_format(planned: list[Interview]) -> None:
    for language in ("en", "fr", "nl"):
        context = service_context(planned, protocol_of, ReportSpec(language=language), TODAY)
        for fmt in ("md", "html"):
            text = render("service", context, fmt)
            assert "SECRET" not in text
            assert context.words.text("plans") in text and context.words.text("outcome_partly") in text


def test_without_goals_the_section_says_so(cohort: list[Interview]) -> None:
    unplanned = [copy.deepcopy(iv) for iv in cohort]
    for iv in unplanned:
        iv.plan = Plan()
    context = service_context(unplanned, protocol_of, ReportSpec(sections=("plans",)), TODAY)
    assert context.plan_kinds == [] and "No support plan has goals yet." in render("service", context, "md")
