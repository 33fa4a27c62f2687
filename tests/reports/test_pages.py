"""The patient report as printed: no table row split over two pages, header rows repeated, no
heading alone at the foot of a page, maps whose labels read at print size and never overlap,
every relationship with its own colour and shape."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import pytest

from egonet.demo.synthetic import generate_demo
from egonet.model import Interview
from egonet.protocol import default_protocol
from reports import ReportSpec, patient_context, render, render_pdf
from reports.context import PatientContext
from reports.svg.network_map import network_map
from reports.svg.shapes import colour, shape_name
from tests.reports.conftest import TODAY, protocol_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _demo_patient() -> list[Interview]:
    """DEMO-001 of ``egonet demo --patients 30 --seed 3``: 12 then 11 people, long labels."""
    waves = [iv for iv in generate_demo(30, 3, default_protocol()) if iv.patient.code == "DEMO-001"]
    return [iv for iv in waves if iv.status.value == "completed"]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


Printed = tuple[PatientContext, str, list[str]]


@pytest.fixture(scope="module", params=["demo", "cohort"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """(context, HTML, text of each page laid out) of a clinician's patient report as PDF."""
    waves = _demo_patient() if request.param == "demo" else request.getfixturevalue("one_patient")
    context = patient_context(waves, protocol_of, ReportSpec(), TODAY)
    page = render("patient", context, "pdf")
    pdf = tmp_path_factory.mktemp("pdf") / "p.pdf"
    pdf.write_bytes(render_pdf(page))
    found = re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))
    assert found is not None
    pages = [
        _run("pdftotext", "-layout", "-f", str(k), "-l", str(k), str(pdf), "-") for k in range(1, int(found[1]) + 1)
    ]
    return context, page, pages


def _packed(text: str) -> str:
    """The text without any space: lines of a cell wrap anywhere ("n - 2t/" "n")."""
    return "".join(text.split())


def test_no_table_row_is_split_over_two_pages(printed: Printed) -> None:
    """Each row of the measures, its label, values and definition, is whole on one page."""
    context, _, pages = printed
    for figure in context.figures:
        row = _packed(" ".join([figure.label, *figure.values, figure.change or "", figure.definition or ""]))
        assert any(row in _packed(text) for text in pages), f"the row {figure.label!r} is split over two pages"


def test_a_page_with_rows_of_the_table_repeats_its_header(printed: Printed) -> None:
    context, _, pages = printed
    header = context.words.text("measure")
    for k, text in enumerate(pages):
        if not any(f.definition and _packed(f.definition) in _packed(text) for f in context.figures):
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first_row = next(i for i, line in enumerate(lines) if any(line.startswith(f.label) for f in context.figures))
        assert any(line.startswith(header) for line in lines[:first_row]), f"page {k + 1}: rows without header"


def test_no_heading_ends_a_page(printed: Printed) -> None:
    _, page, pages = printed
    headings = {_norm(html.unescape(re.sub("<[^>]+>", "", h))) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page)}
    for k, text in enumerate(pages[:-1]):
        lines = [_norm(line) for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, f"page {k + 1} ends with the heading {lines[-1]!r}"


def test_map_labels_are_print_size(printed: Printed, tmp_path: Path) -> None:
    """The people's names on the maps are at least about 7 pt high as printed (boxes of 8 pt)."""
    context, page, _ = printed
    names = {
        word
        for wave in context.waves
        for label in re.findall(r"<text [^>]*>(.*?)</text>", wave.map_svg)
        for word in html.unescape(re.sub("<[^>]+>", " ", label)).split()
    }
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render_pdf(page))
    boxes = _run("pdftotext", "-bbox", str(pdf), "-")
    word = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>')
    heights = {w: float(bottom) - float(top) for top, bottom, w in word.findall(boxes) if html.unescape(w) in names}
    assert heights, "no name of the maps in the PDF"
    smallest = min(heights, key=heights.__getitem__)
    assert heights[smallest] >= 8.0, f"{smallest!r} is {heights[smallest]:.1f} pt high"


def _label_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each ``<text>`` of the map with its box, measured with the font the PDF uses."""
    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    image_font = pytest.importorskip("PIL.ImageFont")
    if not font_file.exists():
        pytest.skip("needs DejaVu Sans")
    out = []
    for m in re.finditer(r"<text ([^>]*)>(.*?)</text>", svg):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m[1]))
        x, y, size = float(attrs["x"]), float(attrs["y"]), float(attrs["font-size"])
        font = image_font.truetype(str(font_file), round(size * 10))
        lines = [html.unescape(re.sub("<[^>]+>", "", part)) for part in re.split(r"<tspan[^>]*>", m[2])]
        width = max(font.getlength(line) for line in lines) / 10
        left = {"start": x, "middle": x - width / 2, "end": x - width}[attrs.get("text-anchor", "start")]
        top = y - size * 0.76  # ascent of DejaVu Sans capitals
        bottom = y + size * 0.24 + (len(lines) - 1) * size * 1.25
        out.append(("\n".join(lines), (left, top, left + width, bottom)))
    return out


def _waves() -> list[Interview]:
    return [iv for iv in generate_demo(30, 3, default_protocol()) if iv.status.value == "completed"]


def test_map_labels_never_overlap_and_are_never_cut() -> None:
    for interview in _waves():
        svg = network_map(interview, default_protocol(), "en")
        boxes = _label_boxes(svg)
        written = {text.replace("\n", " ") for text, _ in boxes}
        for alter in interview.active_alters():
            assert alter.label in written, f"{alter.label!r} is cut or missing"
        for (a, p), (b, q) in combinations(boxes, 2):
            assert not (p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]), f"{a!r} overlaps {b!r}"


def test_each_relationship_has_its_own_colour_and_shape() -> None:
    options = default_protocol().alter_question_with_role("relationship").options  # type: ignore[union-attr]
    colours = [colour(k) for k in range(len(options))]
    shapes = [shape_name(k) for k in range(len(options))]
    assert len(set(colours)) == len(options), dict(zip([o.value for o in options], colours, strict=True))
    assert len(set(shapes)) == len(options)
    more = [(colour(k), shape_name(k)) for k in range(3 * len(options))]  # a longer list: pairs stay apart
    assert len(set(more)) == len(more)
