"""``egonet report`` as a user runs it, on ``egonet demo`` data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_clean_error, egonet


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("home")
    assert egonet(folder, "demo", "--patients", "12", "--seed", "5").returncode == 0
    return folder


@pytest.mark.parametrize(
    ("fmt", "language", "audience", "expected"),
    [
        ("md", "en", "patient", "# Your support network"),
        ("html", "fr", "clinician", "Réseau de soutien\u00a0: avant et après"),
        ("pdf", "nl", "patient", "%PDF-"),
    ],
)
def test_a_patient_report_in_each_format(
    home: Path, tmp_path: Path, *, fmt: str, language: str, audience: str, expected: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    done = egonet(
        home,
        "report",
        "patient",
        "DEMO-001",
        "--format",
        fmt,
        "--lang",
        language,
        "--audience",
        audience,
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    content = out.read_bytes()
    assert content.startswith(b"%PDF-") if fmt == "pdf" else expected in content.decode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # written whole: no temporary file left


def test_a_service_report_and_a_user_template(home: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "service.md").write_text(
        '{% extends "default:service.md" %}{% block types %}\n## Our own section\n{% endblock %}', encoding="utf-8"
    )
    done = egonet(home, "report", "service", "--format", "md", "--template-dir", str(ours))
    assert done.returncode == 0, done.stderr
    assert "## Our own section" in done.stdout and "## Patients and interviews" in done.stdout


def test_mistakes_are_one_line_errors(home: Path, tmp_path: Path) -> None:
    assert_clean_error(egonet(home, "report", "patient", "NOBODY"), "no completed interview of patient 'NOBODY'")
    (tmp_path / "patient.md").write_text("ok\n{{ nope }}\n", encoding="utf-8")
    broken = egonet(home, "report", "patient", "DEMO-001", "--format", "md", "--template-dir", str(tmp_path))
    assert_clean_error(broken, "'nope' is undefined", "patient.md, line 2")
    assert_clean_error(egonet(home, "report", "service", "--service", "Nowhere"), "no interview for service 'Nowhere'")
