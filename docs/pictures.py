"""Pictures of the report pages that matter, for the README, from ``egonet demo`` data.

Makes a demo store (30 patients, seed 3) in a temporary folder, renders the clinician's patient
report of DEMO-001 and the service report as PDF, and writes the pages that hold each section
(found by their headings) as PNG files in ``docs/pictures/``.  Needs poppler-utils (``pdftoppm``,
``pdftotext``).

    python docs/pictures.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from reports import words

HERE = Path(__file__).parent / "pictures"
DPI = "60"


def egonet(home: Path, *args: str) -> None:
    env = {**os.environ, "EGONET_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "egonet", *args], env=env, check=True, capture_output=True)


def page_with(pdf: Path, heading: str) -> int:
    """The first page whose text holds ``heading``."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    for number, text in enumerate(pages.stdout.split("\f"), start=1):
        if heading in text:
            return number
    raise SystemExit(f"error: no page of {pdf.name} has the heading {heading!r}")


def picture(pdf: Path, page: int, name: str) -> Path:
    target = HERE / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(target)],
        check=True,
    )
    return target.with_suffix(".png")


def main() -> None:
    HERE.mkdir(exist_ok=True)
    w = words("en")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        egonet(home, "demo", "--patients", "30", "--seed", "3")
        patient, service = home / "patient.pdf", home / "service.pdf"
        egonet(home, "report", "patient", "DEMO-001", "--format", "pdf", "-o", str(patient))
        egonet(home, "report", "service", "--format", "pdf", "-o", str(service))
        made = [
            picture(patient, page_with(patient, w.text("maps_clinician")), "patient-maps"),
            picture(patient, page_with(patient, w.text("figures_clinician")), "patient-figures"),
            picture(service, page_with(service, w.text("chart_counts").split(",")[0]), "service-distributions"),
            picture(service, page_with(service, w.text("chart_d_axis")), "service-before-after"),
            picture(service, page_with(service, w.text("service_network")), "service-network"),
        ]
    for path in made:
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
