"""The service report's charts do not mislead a reader who looks rather than reads (issue 17):
the forest plot puts every measure on one standardised, ticked and labelled axis with a caption;
the distributions start where the measure starts, so a small difference looks small."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from egonet.analysis import ALL_SERVICES, summarise
from egonet.analysis.stats import paired_difference, t_quantile
from reports.service import distributions_section, paired_section
from reports.words import words

SVG = "{http://www.w3.org/2000/svg}"
W = words("en")
Row = dict[str, float | int | str | None]


def parse(svg: str) -> list[ET.Element]:
    """Each ``<svg>`` of a chart (a panel of small multiples holds several)."""
    assert svg, "no chart drawn"
    return list(ET.fromstring(f"<root>{svg}</root>"))


def texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def ticks(svg: ET.Element) -> dict[str, float]:
    """Tick label → its x: the texts of the tick groups, or else every text that is a number."""
    marked = {
        "".join(t.itertext()): float(t.get("x", "nan"))
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "tick"
        for t in g
    }
    if marked:
        return marked
    found = {"".join(t.itertext()): float(t.get("x", "nan")) for t in svg.iter(f"{SVG}text")}
    return {k: x for k, x in found.items() if re.fullmatch(r"[-+]?[0-9.]+%?", k)}


def wave_rows(measures: dict[str, list[list[float]]]) -> list[Row]:
    """Measure rows of patients p0, p1, ... at waves 0, 1, ...: ``{measure: [values at wave 0, ...]}``."""
    out: list[Row] = []
    for name, waves in measures.items():
        for wave, values in enumerate(waves):
            for k, value in enumerate(values):
                out.append(
                    {"patient": f"p{k}", "service": "s", "wave_index": wave, "wave_label": str(wave), name: value}
                )
    merged: dict[tuple[object, object], Row] = {}
    for r in out:
        merged.setdefault((r["patient"], r["wave_index"]), {}).update(r)
    return list(merged.values())


# Constraint moves by +0.03 (d about 0.3), satisfaction by +0.7 (d about 0.7): raw changes 20 times apart.
BEFORE_C = [0.20, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29]
AFTER_C = [b + d for b, d in zip(BEFORE_C, [0.15, -0.1, 0.12, -0.08, 0.2, -0.05, 0.1, -0.12, 0.1, -0.02], strict=True)]
BEFORE_S = [3.0, 4.0, 2.0, 5.0, 3.0, 4.0, 4.0, 3.0, 5.0, 2.0]
AFTER_S = [b + d for b, d in zip(BEFORE_S, [1, 0, 2, -1, 1, 2, 0, 1, 1, 0], strict=True)]
PAIRED = wave_rows({"constraint": [BEFORE_C, AFTER_C], "ego_satisfaction": [BEFORE_S, AFTER_S]})


def forest() -> ET.Element:
    rows, chart = paired_section(W, PAIRED, [0, 1], ["constraint", "ego_satisfaction"], ALL_SERVICES, draw=True)
    assert [r.label for r in rows] == [W.label("constraint"), W.label("ego_satisfaction")]
    # the raw change and its unit stay in the table, with the decimals that make it the difference
    # of the two means as shown (0.245 -> 0.275: +0.030; with two decimals 0.25 -> 0.27 would sit by +0.03)
    assert (rows[0].before, rows[0].after, rows[0].mean_change) == ("0.245", "0.275", "+0.030")
    (svg,) = parse(chart)
    return svg


def test_the_effect_interval_is_the_mean_changes_t_interval_over_the_sd_of_the_changes() -> None:
    diff = paired_difference(list(zip(BEFORE_S, AFTER_S, strict=True)))
    assert diff.effect_size is not None and diff.sd_diff is not None
    half = t_quantile(0.975, 9) / math.sqrt(10)
    assert diff.effect_low == pytest.approx(diff.effect_size - half)
    assert diff.effect_high == pytest.approx(diff.effect_size + half)
    assert paired_difference([(1.0, 2.0), (2.0, 3.0)]).effect_low is None  # changes that never vary: no d


def test_the_forest_plot_puts_every_measure_on_one_standardised_axis() -> None:
    svg = forest()
    dots = [float(c.get("cx", "nan")) for c in svg.iter(f"{SVG}circle")]  # an estimate each
    bars = [
        (float(b.get("x1", "nan")), float(b.get("x2", "nan")))
        for b in svg.iter(f"{SVG}line")
        if b.get("stroke-width") == "3"  # an interval each
    ]
    assert len(dots) == len(bars) == 2
    diffs = [paired_difference(list(zip(a, b, strict=True))) for a, b in ((BEFORE_C, AFTER_C), (BEFORE_S, AFTER_S))]
    scales, zeros = [], []
    for (x1, x2), dot, d in zip(bars, dots, diffs, strict=True):
        assert d.effect_low is not None and d.effect_high is not None and d.effect_size is not None
        scale = (x2 - x1) / (d.effect_high - d.effect_low)  # pixels per unit of d
        scales.append(scale)
        zeros.append(dot - d.effect_size * scale)
    assert scales[0] == pytest.approx(scales[1], rel=0.02)  # one scale for every row
    assert zeros[0] == pytest.approx(zeros[1], abs=1.0)  # the x of 0 is the same in every row
    tick = ticks(svg)
    assert {"-1", "-0.5", "0", "0.5", "1"} <= set(tick)  # ticked at sensible values, symmetric
    assert tick["0"] == pytest.approx(zeros[0], abs=1.0)  # and the ticks are the rows' axis
    assert min(float(t) for t in tick) <= min(d.effect_low for d in diffs if d.effect_low is not None)
    assert max(float(t) for t in tick) >= max(d.effect_high for d in diffs if d.effect_high is not None)


def test_the_forest_plot_has_an_axis_label_and_a_caption() -> None:
    svg = forest()
    words_drawn = " ".join(texts(svg))
    assert "standardised change (d)" in words_drawn
    caption = "".join(svg.find(f"{SVG}desc").itertext()) if svg.find(f"{SVG}desc") is not None else ""
    assert "10 patients" in caption and "95%" in caption and "baseline" in caption and "follow-up 1" in caption
    assert "±0.2" in caption and "standard deviation" in caption
    assert "95%" in words_drawn  # the caption is visible, not only read out


def counts_panel(waves: list[list[float]], measure: str = "n_informal", key: str = "chart_counts") -> ET.Element:
    groups = summarise(wave_rows({measure: waves}), [measure])
    rows, charts = distributions_section(W, groups, [measure], draw=True)
    assert len(rows) == sum(len(v) >= 5 for v in waves)
    (svg,) = parse(charts.get(W.text(key)) or next(iter(charts.values())))
    return svg


FIVE_TO_EIGHT = [5.0, 5.0, 5.0, 6.0, 7.0, 8.0, 8.0, 8.0]  # quartiles 5 and 8


def test_a_count_axis_starts_at_zero_with_ticks_and_n_per_wave() -> None:
    svg = counts_panel([FIVE_TO_EIGHT, FIVE_TO_EIGHT])
    tick = ticks(svg)
    assert "0" in tick and min(tick.values()) == tick["0"]
    assert len(tick) >= 3
    assert sum("n = 8" in t for t in texts(svg)) == 2


def test_a_small_difference_is_drawn_small() -> None:
    svg = counts_panel([FIVE_TO_EIGHT, FIVE_TO_EIGHT])
    tick = ticks(svg)
    axis = max(tick.values()) - min(tick.values())
    boxes = [
        (float(r.get("x", "nan")), float(r.get("width", "nan")))
        for r in svg.findall(f"{SVG}rect")  # the quartiles (markers are in groups)
    ]
    assert len(boxes) == 2 and boxes[0] == boxes[1]  # the same quartiles at the same place
    assert all(width / axis < 0.4 for _, width in boxes)  # 5 to 8 does not fill the axis
    assert boxes[0][0] - min(tick.values()) == pytest.approx(5 / max(float(t) for t in tick) * axis, abs=1.0)


def test_a_share_axis_runs_from_0_to_100_percent() -> None:
    shares = [[0.30, 0.35, 0.40, 0.42, 0.45, 0.50], [0.31, 0.36, 0.41, 0.43, 0.44, 0.52]]
    tick = ticks(counts_panel(shares, "prop_formal", "chart_shares"))
    assert min(tick.values()) == tick["0%"] and max(tick.values()) == tick["100%"]


def test_a_wave_with_fewer_than_five_shows_no_figure() -> None:
    svg = counts_panel([FIVE_TO_EIGHT, [5.0, 6.0, 7.0]])
    boxes = svg.findall(f"{SVG}rect")
    assert len(boxes) == 1
    assert any("n = <5" in t for t in texts(svg))
