"""The service report's network section (issue 17 point 3): the chart draws exactly the ties the
table lists, with the weights counted here by hand; a node's strength is the sum of its listed
ties; the caption says what is left out and why; no label is cut, shortened or overlaps another."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from egonet.model import Interview, InterviewStatus
from reports.service import _node_label, network_section
from reports.svg import service_graph
from reports.words import words
from tests.helpers import demo_cohort
from tests.reports.conftest import protocol_of

SVG = "{http://www.w3.org/2000/svg}"
CHAR_WIDTH = 0.62
"""A character's width in ems, on the wide side for DejaVu Sans and Arial."""
Box = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def demo() -> list[Interview]:
    """``egonet demo --patients 30 --seed 3``, completed interviews."""
    return [iv for iv in demo_cohort(30, 3) if iv.status is InterviewStatus.COMPLETED]


def hand_counts(interviews: list[Interview], language: str) -> Counter[frozenset[str]]:
    """Per pair of labels, the patients whose latest wave holds both (counted from the answers)."""
    latest: dict[str, Interview] = {}
    for iv in sorted(interviews, key=lambda iv: iv.wave.index):
        latest[iv.patient.code] = iv
    protocol = protocol_of(interviews[0])
    pairs: Counter[frozenset[str]] = Counter()
    for iv in latest.values():
        held = {
            _node_label(f"{q}:{a.answers[q]}", protocol, language)
            for a in iv.alters.values()
            if a.active
            for q in ("setting", "professional_type")
            if q in a.answers
        }
        pairs.update(frozenset(p) for p in itertools.combinations(sorted(str(h) for h in held), 2))
    return pairs


def drawn_ties(svg: str) -> Counter[frozenset[str]]:
    """The chart's lines, by the labels of their ends (a node's label: its text lines, joined)."""
    root = ET.fromstring(svg)
    return Counter(
        {
            frozenset(str(line.get("data-tie")).split("|")): int(str(line.get("data-weight")))
            for line in root.iter(f"{SVG}line")
            if line.get("data-tie")
        }
    )


def text_boxes(svg: str) -> list[tuple[str, Box]]:
    """Every text of the chart with its box: ``CHAR_WIDTH`` ems a character, the font size above
    the baseline and a quarter of it below."""
    out = []
    for t in ET.fromstring(svg).iter(f"{SVG}text"):
        size, x, y, content = float(t.get("font-size", 0)), float(t.get("x", 0)), float(t.get("y", 0)), t.text or ""
        wide = CHAR_WIDTH * size * len(content)
        left = {"start": x, "end": x - wide, "middle": x - wide / 2}[t.get("text-anchor", "start")]
        out.append((content, (left, y - size, left + wide, y + size / 4)))
    return out


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_chart_draws_exactly_the_ties_the_table_lists_with_weights_counted_by_hand(
    demo: list[Interview], language: str
) -> None:
    w = words(language)
    section = network_section(w, demo, protocol_of, draw=True)
    listed = Counter({frozenset((t.a, t.b)): int(t.networks) for t in section.ties})
    assert len(listed) == len(section.ties) >= 20
    hand = hand_counts(demo, language)
    shown = {n.node for n in section.nodes}
    assert listed == Counter({p: k for p, k in hand.items() if k >= 5 and p <= shown})  # every tie of 5 or more
    assert min(listed.values()) >= 5 and any(0 < k < 5 for k in hand.values())  # some are left out, and said so
    protocol = protocol_of(demo[0])
    drawn = drawn_ties(section.graph)
    labelled = Counter(
        {frozenset(str(_node_label(k, protocol, language)) for k in pair): n for pair, n in drawn.items()}
    )
    assert labelled == listed
    assert "5" in section.caption and str(len({iv.patient.code for iv in demo})) in section.caption
    widths = {
        int(str(line.get("data-weight"))): float(str(line.get("stroke-width")))
        for line in ET.fromstring(section.graph).iter(f"{SVG}line")
        if line.get("data-tie")
    }
    for k, width in widths.items():  # width proportional to the weight
        assert width == pytest.approx(widths[max(widths)] * k / max(widths), abs=0.01)


def test_a_nodes_strength_and_degree_are_those_of_the_ties_listed(demo: list[Interview]) -> None:
    section = network_section(words("en"), demo, protocol_of, draw=False)
    patients = len({iv.patient.code for iv in demo})
    for row in section.nodes:
        mine = [int(t.networks) for t in section.ties if row.node in (t.a, t.b)]
        assert (int(row.strength), int(row.degree)) == (sum(mine), len(mine)), row.node
        assert row.reach == f"{round(100 * int(row.networks) / patients)}%"
    assert len({row.strength for row in section.nodes}) >= len(section.nodes) // 2  # they tell nodes apart
    groups = {row.group: row for row in section.groups}
    assert set(groups) == {"Generic service", "Mental-health service"}
    kinds = {row.node: row.group for row in section.nodes}
    assert kinds["Social worker"] == "Generic service" and kinds["Psychiatrist"] == "Mental-health service"
    assert kinds["Nurse"] == "-"
    assert section.graph == ""


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_no_label_overlaps_another_is_shortened_or_cut(demo: list[Interview], language: str) -> None:
    section = network_section(words(language), demo, protocol_of, draw=True)
    check_labels(section.graph, [row.node for row in section.nodes])


def test_many_long_labels_still_do_not_overlap() -> None:
    nodes = [
        (f"setting:s{k}", f"A rather long name of a care setting number {k}", 30 - k, None if k % 3 else "generic")
        for k in range(24)
    ]
    ties = {(a[0], b[0]): 5 + (i % 7) for i, (a, b) in enumerate(itertools.combinations(nodes, 2)) if i % 4 == 0}
    svg = service_graph(nodes, ties, "test", legend={"generic": "Generic", None: "Either"}, patients_word="Patients")
    check_labels(svg, [label for _, label, _, _ in nodes])
    assert drawn_ties(svg) == Counter({frozenset(p): k for p, k in ties.items()})


def check_labels(svg: str, labels: list[str]) -> None:
    root = ET.fromstring(svg)
    left, top, width, height = (float(v) for v in str(root.get("viewBox")).split())
    boxes = text_boxes(svg)
    assert not [t for t, _ in boxes if "…" in t or "..." in t]
    joined = " ".join(t for t, _ in boxes)
    for label in labels:  # whole, in order, over one or more lines
        assert re.search(r"\s+".join(map(re.escape, label.split())), joined), label
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not overlap(box_a, box_b), (a, b)
    for text, (x0, y0, x1, y1) in boxes:
        assert left <= x0 and x1 <= left + width and top <= y0 and y1 <= top + height, text
    dots = [
        (float(c.get("cx", 0)), float(c.get("cy", 0)), float(c.get("r", 0)))
        for c in root.iter(f"{SVG}circle")
        if c.get("data-node")
    ]
    for text, box in boxes:  # and no label covers a dot
        for cx, cy, r in dots:
            assert not overlap(box, (cx - r, cy - r, cx + r, cy + r)), text
