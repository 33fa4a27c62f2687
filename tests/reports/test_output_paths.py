"""``egonet report ... -o PATH`` and ``egonet export --out PATH`` where PATH cannot be written:
one line, exit 1, nothing made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import assert_clean_error, egonet


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("home")
    assert egonet(folder, "demo", "--patients", "6", "--seed", "5").returncode == 0
    return folder


def _ours(out: Path) -> set[str]:
    """The report and its temporary files (``.<name>.*``) in the output's folder."""
    try:
        names = os.listdir(out.parent)
    except OSError:
        return set()
    return {n for n in names if n == out.name or n.startswith(f".{out.name}.")}


COMMANDS = {
    "patient pdf": ("report", "patient", "DEMO-001", "--format", "pdf", "-o"),
    "service md": ("report", "service", "--format", "md", "-o"),
    "export": ("export", "--anonymise", "--format", "jsonl", "--out"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["/proc/p.pdf", "FILE/x.pdf", "/sys/x.md", "nonexistent/dir/p.pdf"])
def test_a_path_that_cannot_be_written_is_one_line_and_exit_1(
    home: Path, tmp_path: Path, *, command: str, where: str
) -> None:
    a_file = tmp_path / "FILE"
    a_file.write_text("keep me", encoding="utf-8")
    out = Path(where) if where.startswith("/") else tmp_path / where
    done = egonet(home, *COMMANDS[command], str(out))
    assert done.returncode == 1, done.stderr
    assert_clean_error(done, "cannot write", str(out))
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not _ours(out)  # no report, no temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE"]  # no folder made
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_a_missing_folder_is_named_and_parents_makes_it(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "2026" / "p.md"
    refused = egonet(home, "report", "patient", "DEMO-001", "--format", "md", "-o", str(out))
    assert refused.returncode == 1
    assert_clean_error(refused, "does not exist", "--parents")
    assert not (tmp_path / "reports").exists()
    done = egonet(home, "report", "patient", "DEMO-001", "--format", "md", "--parents", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in out.parent.iterdir()) == ["p.md"]


def test_an_export_into_a_missing_folder_needs_parents(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "study" / "2026" / "jsonl"
    refused = egonet(home, *COMMANDS["export"], str(out))
    assert refused.returncode == 1
    assert_clean_error(refused, "does not exist", "--parents")
    assert not (tmp_path / "study").exists()
    done = egonet(home, *COMMANDS["export"], str(out), "--parents")
    assert done.returncode == 0, done.stderr
    assert (out / "codebook.json").is_file()


@pytest.mark.parametrize("command", ["patient", "service"])
def test_help_shows_parents_with_an_example(home: Path, command: str) -> None:
    shown = egonet(home, "report", command, "--help").stdout
    assert "--parents" in shown
    assert any("--parents -o" in line for line in shown.splitlines() if line.strip().startswith("egonet report"))
