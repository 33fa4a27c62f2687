"""The service report's support plans: goals per kind and wave and how they went, counted from
the documents independently here, small counts hidden, no free text anywhere."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest

from egonet.analysis.plan_figures import OUTCOMES, PlanRow
from egonet.model import Goal, GoalReview, Interview, InterviewStatus, Outcome, Plan
from egonet.protocol import default_protocol
from reports import ReportSpec, render, render_pdf, service_context, words
from reports.service_plan import plan_section
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
    """(patients, goals, outcomes) of ``kind`` at baseline, counted directly (completed interviews
    only, as the report; a review counts for the goal of its own patient's baseline)."""
    planned = [iv for iv in planned if iv.status is InterviewStatus.COMPLETED]
    followed_codes = {iv.patient.code for iv in planned if iv.wave.index == 1}
    reviews = {
        (iv.patient.code, r.goal): r.outcome.value for iv in planned if iv.wave.index == 1 for r in iv.plan.reviews
    }
    patients, goals, outcomes = set(), 0, Counter()
    for iv in planned:
        for goal in iv.plan.goals:
            if iv.wave.index == 0 and goal.kind == kind:
                patients.add(iv.patient.code)
                goals += 1
                if iv.patient.code in followed_codes:
                    outcomes[reviews.get((iv.patient.code, goal.id), "not_reviewed")] += 1
                else:
                    outcomes["no_next_wave"] += 1
    return len(patients), goals, outcomes


def test_goals_per_kind_and_how_they_went_are_those_of_the_documents(planned: list[Interview]) -> None:
    context = service_context(planned, protocol_of, ReportSpec(), TODAY, resource_kind=lambda _s, _r: "activity")
    rows = {row.kind: row for row in context.plan_kinds}
    for kind, label in (("see_more", "See someone more often"), ("meet_people", "Meet new people")):
        patients, goals, outcomes = expected(planned, kind)
        row = next(r for k, r in rows.items() if k.startswith(label))
        assert (row.patients, row.goals) == (str(patients), str(goals)) and patients >= 5
        assert sum(outcomes.values()) == goals
        shown = {o: getattr(row, o) for o in OUTCOMES}
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


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_printed_plans_tables_fit_the_page(planned: list[Interview], tmp_path: Path) -> None:
    """Found: the outcome columns ran past the right margin of A4 and "Not reviewed" was cut."""
    context = service_context(planned, protocol_of, ReportSpec(sections=("plans",)), TODAY)
    pdf = tmp_path / "service.pdf"
    pdf.write_bytes(render_pdf(render("service", context, "pdf")))
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    right_margin = 14 * 72 / 25.4  # base.html: @page margin 16mm 14mm
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S)
    words = [
        (float(w), float(x), word)
        for w, body in pages
        for x, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', body)
    ]
    assert any(word == "reviewed" for _, _, word in words)
    beyond = [word for width, x, word in words if x > width - right_margin + 1]
    assert not beyond


def _rows(outcomes: list[str | None], *, returning: int) -> tuple[list[PlanRow], list[dict[str, object]]]:
    """One see_more goal per patient at baseline; the first ``returning`` come back, reviewing
    their goal with the outcome given (None: not reviewed)."""
    plans, measures = [], []
    for k, outcome in enumerate(outcomes):
        goal = uuid.uuid4()
        plans.append(PlanRow(f"P-{k}", "S", 0, ((goal, "see_more", None),), ()))
        measures.append({"patient": f"P-{k}", "wave_index": 0, "n_alters": 5, "n_informal": 2})
        if k < returning:
            plans.append(PlanRow(f"P-{k}", "S", 1, (), ((goal, outcome),) if outcome else ()))
            measures.append({"patient": f"P-{k}", "wave_index": 1, "n_alters": 6 + k % 3, "n_informal": 3})
    for k in range(len(outcomes), len(outcomes) + 10):  # patients without a goal, for the comparison
        plans += [PlanRow(f"Q-{k}", "S", 0, (), ()), PlanRow(f"Q-{k}", "S", 1, (), ())]
        measures += [{"patient": f"Q-{k}", "wave_index": w, "n_alters": 4 + w, "n_informal": 1} for w in (0, 1)]
    return plans, measures


@pytest.mark.parametrize(
    ("outcomes", "returning"),
    [
        (["done"] * 10 + ["partly"] * 2 + ["not_done"] * 2, 14),  # two small cells: 4 patients together
        (["done"] * 6 + ["partly"] * 1, 7),  # one small cell
        (["done"] * 6 + ["partly"] * 5, 7),  # 4 patients with no next wave
        (["done"] * 5 + [None] * 5 + ["not_relevant"] * 3, 13),
    ],
)
def test_no_hidden_count_of_fewer_than_5_patients_can_be_worked_out(outcomes: list[str | None], returning: int) -> None:
    """Found by the review: 10 done, 2 partly and 2 not done showed as 14 followed, 10 done and two
    "<5": the two hidden cells were 4 goals of 4 patients.  Each hidden cell here is a goal of a
    patient of its own, so the goals hidden in a row are the patients they describe."""
    plans, measures = _rows(outcomes, returning=returning)
    section = plan_section(words("en"), plans, measures, [default_protocol()])
    [row] = [r for r in section.kinds if r.wave == "baseline"]
    cells = [getattr(row, o) for o in OUTCOMES]
    shown = sum(int(c) for c in cells if c not in ("<5", "-"))
    hidden = int(row.goals) - shown
    assert hidden == 0 or hidden >= 5, (cells, row.goals)
    for change in section.changes:  # patients compared with a goal: those set less those not back
        assert len(outcomes) - int(change.with_n) in (0, *range(5, 100)), change


def test_the_change_with_and_without_a_goal_is_per_wave() -> None:
    plans, measures = _rows(["done"] * 6, returning=6)
    section = plan_section(words("en"), plans, measures, [default_protocol()])
    assert {c.wave for c in section.changes} == {"baseline → follow-up 1"}
    people = next(c for c in section.changes if c.measure == words("en").label("n_alters"))
    assert (people.with_n, people.with_change) == ("6", "+2")  # 5 → 6, 7, 8, 6, 7, 8: mean +2
    assert (people.without_n, people.without_change) == ("10", "+1")
