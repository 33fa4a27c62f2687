"""Small counts stay hidden in shares too (issue 17, point 6): a share that would count fewer
than 5 patients, in it or not, is written "<5 of 33" in every format; and a network type's "<5"
can not be worked out from the networks at baseline and the other types."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from egonet.analysis import ALL_SERVICES, measure, summarise
from egonet.analysis.aggregate import share_hidden
from egonet.model import Interview
from reports import ReportSpec, render, render_pdf, service_context, words
from reports.service import SMALL, _hidden_sizes, counts_section
from tests.reports.conftest import TODAY, protocol_of

PERCENT = re.compile(r"\d+\s?\u202f?%")


def test_a_share_counting_fewer_than_five_in_it_or_out_of_it_is_hidden() -> None:
    assert share_hidden(2, 33) and share_hidden(31, 33) and share_hidden(0, 33) and share_hidden(33, 33)
    assert not share_hidden(5, 33) and not share_hidden(28, 33)
    assert share_hidden(4, 8)  # both sides small


def _counts(cohort: list[Interview], language: str) -> list[str]:
    rows = [{**measure(iv, protocol_of(iv)).row(), "service": ALL_SERVICES} for iv in cohort]
    groups = summarise(rows)
    by_wave = {g.wave_index: [iv for iv in cohort if iv.wave.index == g.wave_index] for g in groups}
    return [row.no_informal for row in counts_section(words(language), groups, by_wave)]


def test_the_issues_example_is_written_fewer_than_five_of_the_total(cohort: list[Interview]) -> None:
    baseline = [iv for iv in cohort if iv.wave.index == 0]  # 40 patients, 3 with no informal supporter
    assert _counts(baseline, "en") == ["<5 of 40"]
    assert _counts(baseline, "fr") == ["<5 sur 40"] and _counts(baseline, "nl") == ["<5 van 40"]
    # all but 3 with no informal supporter: the 3 who have one would be counted
    rows = [{**measure(iv, protocol_of(iv)).row(), "service": ALL_SERVICES} for iv in baseline]
    flipped = [{**r, "n_informal": 0 if r["n_informal"] else 1} for r in rows]
    groups = summarise(flipped)
    assert counts_section(words("en"), groups, {0: baseline})[0].no_informal == "all but <5 of 40"


def test_a_share_of_five_or_more_on_both_sides_is_a_percentage(cohort: list[Interview]) -> None:
    baseline = [iv for iv in cohort if iv.wave.index == 0]
    rows = [{**measure(iv, protocol_of(iv)).row(), "service": ALL_SERVICES} for iv in baseline]
    rows = [{**r, "n_informal": 0 if i < 6 else r["n_informal"] or 1} for i, r in enumerate(rows)]
    assert counts_section(words("en"), summarise(rows), {0: baseline})[0].no_informal == "15%"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), str(tmp_path / "r.txt")], check=True)
    return (tmp_path / "r.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_no_format_shows_the_small_share(cohort: list[Interview], fmt: str, tmp_path: Path) -> None:
    context = service_context(cohort, protocol_of, ReportSpec(sections=("counts",)), TODAY)
    text = render("service", context, fmt)
    if fmt == "pdf":
        text = _pdf_text(render_pdf(text), tmp_path)
    text = text.replace("\\<", "<").replace("&lt;", "<")
    assert "<5 of 40" in text and "<5 of 29" in text
    rows = [line for line in text.splitlines() if "baseline" in line or "follow-up 1" in line]
    assert len(rows) == 2 and not any(PERCENT.search(row) for row in rows), rows


def _solutions(sizes: list[int], hidden: set[int]) -> list[tuple[int, ...]]:
    """Every value the hidden cells could take, knowing the total, the cells shown, that "<5" is
    1 to 4 and that "-" (hidden beside a "<5") is 5 or more."""
    total = sum(sizes)
    cells = sorted(hidden)
    ranges = [range(1, SMALL) if sizes[i] < SMALL else range(SMALL, total + 1) for i in cells]
    rest = total - sum(n for i, n in enumerate(sizes) if i not in hidden)
    return [c for c in itertools.product(*ranges) if sum(c) == rest]


@pytest.mark.parametrize(
    "sizes", [[3, 20, 8, 6], [3, 12], [1, 5, 30], [2, 3, 9], [4, 4, 4, 30], [6, 7, 8], [1, 1, 40], [2, 6, 6, 6]]
)
def test_no_hidden_type_can_be_worked_out_from_the_total(sizes: list[int]) -> None:
    hidden = _hidden_sizes(sizes)
    assert {i for i, n in enumerate(sizes) if n < SMALL} <= hidden
    assert len(hidden) != 1
    if hidden:
        options = _solutions(sizes, hidden)
        for k in range(len(hidden)):  # no hidden cell has only one possible value
            assert len({o[k] for o in options}) > 1, (sizes, sorted(hidden), options)


def test_the_service_reports_types_never_hide_exactly_one(cohort: list[Interview]) -> None:
    context = service_context(cohort, protocol_of, ReportSpec(), TODAY)
    hidden = [row for row in context.types if row.networks in ("<5", "-")]
    assert len(hidden) != 1, context.types
