"""The patient report: its content checked against the interviews, and its Markdown against
golden files (reviewed by a person; ``EGONET_UPDATE_GOLDEN=1`` rewrites them after a deliberate change)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from egonet.model import Interview
from reports import ReportSpec, patient_context, render
from tests.reports.conftest import TODAY, protocol_of

GOLDEN = Path(__file__).with_name("golden")


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_markdown_report_matches_its_golden_file(
    one_patient: list[Interview], language: str, audience: str
) -> None:
    context = patient_context(one_patient, protocol_of, ReportSpec(language=language, audience=audience), TODAY)
    text = render("patient", context, "md")
    golden = GOLDEN / f"patient-{audience}-{language}.md"
    if os.environ.get("EGONET_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_report_says_what_the_interviews_hold(one_patient: list[Interview]) -> None:
    before, after = sorted(one_patient, key=lambda iv: iv.wave.index)
    context = patient_context(one_patient, protocol_of, ReportSpec(audience="clinician"), TODAY)
    assert [w.n_people for w in context.waves] == [len(before.active_alters()), len(after.active_alters())]
    old, new = {a.id for a in before.active_alters()}, {a.id for a in after.active_alters()}
    assert context.change is not None
    assert sorted(context.change.gained) == sorted(after.alters[i].label for i in new - old)
    assert sorted(context.change.lost) == sorted(before.alters[i].label for i in old - new)
    assert context.change.n_kept == len(old & new) and context.change.gained and context.change.lost
    ties = {f.name: f.raw for f in context.figures}["n_alters"]
    assert ties == [len(before.active_alters()), len(after.active_alters())]
    for wave, interview in zip(context.waves, (before, after), strict=True):
        assert wave.map_svg.count("<text") >= len(interview.active_alters())  # every person named on the map
        assert all(a.label[:10] in wave.map_svg for a in interview.active_alters() if "&" not in a.label)


def test_the_clinician_reads_each_change_once(one_patient: list[Interview]) -> None:
    """The measures table carries every change: "what changed" counts the measures that moved
    instead of printing them again; a report without the table lists them there."""
    context = patient_context(one_patient, protocol_of, ReportSpec(audience="clinician"), TODAY)
    assert context.change is not None
    moved = len(context.change.moved)
    compared = sum(1 for f in context.figures if f.change)
    assert 0 < moved < compared  # the demo patient has measures that moved and measures that did not
    for fmt, row in (("md", "| {} |"), ("html", "<tr><td>{}")):
        text = render("patient", context, fmt)
        assert f"Measures that moved since the previous wave: {moved} of {compared}" in text
        assert all(text.count(row.format(f.label)) == 1 for f in context.figures)  # one row each
    alone = ReportSpec(audience="clinician", sections=("maps", "change"))
    text = render("patient", patient_context(one_patient, protocol_of, alone, TODAY), "md")
    assert "### Measures that moved" in text
    assert all(f"| {f.label} | {f.values[-2]} | {f.values[-1]} | {f.change} |" in text for f in context.change.moved)


def test_one_wave_says_the_comparison_comes_later(one_patient: list[Interview]) -> None:
    baseline = [iv for iv in one_patient if iv.wave.index == 0]
    context = patient_context(baseline, protocol_of, ReportSpec(language="fr"), TODAY)
    assert context.change is None
    assert "la comparaison viendra avec le suivi" in render("patient", context, "md")


def test_the_legend_tells_relationships_apart_without_colour(one_patient: list[Interview]) -> None:
    context = patient_context(one_patient, protocol_of, ReportSpec(), TODAY)
    shapes = [key.shape for key in context.legend]
    assert len(shapes) == len(set(shapes)) >= 3  # one shape per relationship shown


def test_waves_are_named_in_the_report_language_as_the_interview_names_them(one_patient: list[Interview]) -> None:
    import dataclasses

    from egonet.model import Wave

    ordered = sorted(one_patient, key=lambda iv: iv.wave.index)
    french = patient_context(ordered, protocol_of, ReportSpec(language="fr"), TODAY)
    assert [wave.label for wave in french.waves] == ["départ", "suivi 1"]  # stored as "baseline", "follow-up 1"
    typed = [dataclasses.replace(ordered[0], wave=Wave(0, "inclusion (mars)")), ordered[1]]
    dutch = patient_context(typed, protocol_of, ReportSpec(language="nl"), TODAY)
    assert [wave.label for wave in dutch.waves] == ["start", "opvolging 1"]  # from the index, in the language
