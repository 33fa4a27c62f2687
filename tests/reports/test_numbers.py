"""Numbers agree with each other (issue 17, point 4): a change beside two values is the difference
of the values as shown, a measure's figures have the same decimals, and no zero has a sign."""

from __future__ import annotations

import re

import pytest

from egonet.model import Interview
from reports import LANGUAGES, ReportSpec, patient_context, render, words
from tests.reports.conftest import TODAY, protocol_of


def test_a_change_of_shares_is_the_difference_of_the_percentages_shown() -> None:
    en = words("en")
    # the examples: 51% -> 48% was "-4 pp", 43% -> 39% was "-5 pp"
    assert [en.value("prop_formal", 0.514), en.value("prop_formal", 0.476)] == ["51%", "48%"]
    assert en.difference("prop_formal", 0.514, 0.476) == "-3 pp"
    assert [en.value("density", 0.434), en.value("density", 0.386)] == ["43%", "39%"]
    assert en.difference("density", 0.434, 0.386) == "-4 pp"
    assert words("fr").difference("density", 0.434, 0.386) == "-4 pts" and words("fr").points(0.01) == "0 pt"
    assert en.percent(0.145) == "15%" and en.percent(0.475) == "48%"  # half away from zero, as written


def test_no_zero_has_a_sign() -> None:
    en = words("en")
    assert en.difference("density", 0.421, 0.419) == "0 pp"  # 42% -> 42% was "-0 pp"
    assert en.change("density", -0.004) == "0 pp" and en.mean_change("density", 0.003) == "0 pp"
    assert en.signed(-0.001) == "0" and en.signed(0.0) == "0" and en.number(-0.001) == "0.00"
    assert en.mean_change("constraint", -0.001) == "0" and en.difference("constraint", 0.181, 0.179) == "0"
    assert en.difference("n_alters", 4, 4) == "0"


def test_a_measure_and_its_change_have_the_same_decimals() -> None:
    en = words("en")
    # a count's figures: whole numbers, unless one of them (a median, a mean) is not: then one decimal
    assert en.digits("n_alters", [5, 4, 6]) == 0 and en.digits("n_alters", [5, 3.94]) == 1
    assert [en.value("n_alters", v, 1) for v in (5, 3.94)] == ["5.0", "3.9"]  # "5" stood beside "3.94"
    assert en.difference("n_alters", 3.94, 4.5) == "+0.6"  # 3.9 -> 4.5
    assert en.mean_change("n_alters", 0.56) == "+0.6"
    # other measures: always two decimals, a whole value too
    assert [en.value("effective_size", 3.0), en.value("effective_size", 3.456)] == ["3.00", "3.46"]
    assert en.difference("effective_size", 3.454, 3.0) == "-0.45"  # 3.45 -> 3.00


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")]


def _number(cell: str) -> float:
    return float(cell.replace("\u202f", "").replace("%", "").replace(",", ".").strip())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_change_in_the_patient_report_is_the_difference_of_its_values(
    cohort: list[Interview], language: str
) -> None:
    checked = 0
    for code in sorted({iv.patient.code for iv in cohort}):
        waves = [iv for iv in cohort if iv.patient.code == code]
        if len(waves) < 2:
            continue
        spec = ReportSpec(language=language, audience="clinician")
        text = render("patient", patient_context(waves, protocol_of, spec, TODAY), "md")
        assert not re.search(r"[-+]0([.,]0+)?( |\u202f)?(pp|pts)?\s*\|", text), code
        for row in _rows(text):
            if len(row) != 4 or not re.fullmatch(r"[-+]?\d+([.,]\d+)?( \w+)?", row[3]):
                continue
            before, after, change = row[1], row[2], re.sub(r" [^\W\d]+$", "", row[3])  # without "pp", "pts"
            if not all(re.fullmatch(r"\d+([.,]\d+)?\u202f?%?", x) for x in (before, after)):
                continue
            shown = (before, after) if change == "0" else (before, after, change)  # no change is "0"
            decimals = {len(re.split(r"[.,]", x)[-1]) if re.search(r"[.,]", x) else 0 for x in shown}
            assert len(decimals) == 1, (code, row)
            assert abs(_number(after) - _number(before) - _number(change)) < 1e-9, (code, row)
            checked += 1
    assert checked > 50


def test_a_mean_change_beside_its_two_means_gets_the_decimals_that_make_them_agree() -> None:
    """0.245 -> 0.275 is +0.030: with two decimals the means would read 0.25 and 0.27 (the floats
    are 0.24500000000000002 and 0.27499999999999997) beside a change of +0.03."""
    en = words("en")
    before, after = sum([0.2, 0.29]) / 2, sum([0.2, 0.29]) / 2 + 0.03
    assert en.agreeing_digits("constraint", 0.2, 0.5, 2) == 2  # already agree
    places = en.agreeing_digits("constraint", before, after, 2)
    shown = float(en.value("constraint", after, places)) - float(en.value("constraint", before, places))
    assert en.difference("constraint", before, after, places) == f"{shown:+.{places}f}"
    assert round(shown, places) == round(after - before, places)
    assert en.agreeing_digits("density", 0.51, 0.475, 0) == 0  # shares keep whole percentages
