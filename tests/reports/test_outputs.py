"""HTML is self-contained; PDFs are real pages with something on them (rendered to PNG by pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from egonet.model import Interview
from reports import ReportSpec, patient_context, render, render_pdf, service_context
from tests.reports.conftest import TODAY, protocol_of


def test_html_reports_fetch_nothing(one_patient: list[Interview], cohort: list[Interview]) -> None:
    pages = [
        render("patient", patient_context(one_patient, protocol_of, ReportSpec(), TODAY), "html"),
        render("service", service_context(cohort, protocol_of, ReportSpec(), TODAY), "html"),
    ]
    for html in pages:
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
        assert "<link" not in html and "<script" not in html and "@import" not in html
        assert html.count('role="img"') >= 2  # the pictures are inline SVG


def pages_of(pdf: bytes, folder: Path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: .ci/run installs poppler-utils")
    (folder / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(folder / "report.pdf"), str(folder / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob("page*.png"))]


def ink(page: Image.Image) -> float:
    """Share of the page's pixels that are not white."""
    histogram = page.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_a_patient_pdf_has_pages_with_the_maps(one_patient: list[Interview], tmp_path: Path, language: str) -> None:
    context = patient_context(one_patient, protocol_of, ReportSpec(language=language, audience="patient"), TODAY)
    pdf = render_pdf(render("patient", context, "pdf"))
    assert pdf.startswith(b"%PDF-")
    pages = pages_of(pdf, tmp_path)
    assert 1 <= len(pages) <= 4
    assert all(ink(page) > 0.01 for page in pages), [ink(p) for p in pages]


def test_a_service_pdf_has_pages_with_tables_and_charts(cohort: list[Interview], tmp_path: Path) -> None:
    pdf = render_pdf(render("service", service_context(cohort, protocol_of, ReportSpec(), TODAY), "pdf"))
    pages = pages_of(pdf, tmp_path)
    assert len(pages) >= 2 and all(ink(page) > 0.01 for page in pages)
