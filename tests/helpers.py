"""Helpers the test modules share (imported from here, never from another test module).

``egonet`` runs the command line in a fresh process, ``assert_clean_error`` checks its one-line
error, ``rows`` reads a CSV file as other tools write it, ``dataset`` copies one of the real data
sets of ``../shared/egonet_datasets`` (``DATASETS``) for a test to change.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from egonet.demo.synthetic import generate_demo
from egonet.model import Interview
from egonet.protocol import default_protocol

__all__ = [
    "DATASETS",
    "VACCA_MAPPING",
    "assert_clean_error",
    "dataset",
    "demo_cohort",
    "egonet",
    "isolated",
    "rows",
    "run",
]

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "egonet_datasets"
"""Real ego-network data (see its README); tests that read it skip with a reason when it is absent."""

VACCA_MAPPING = """\
service = "Milan"
patient_prefix = "sl-"
protocol = "egonet-ssmi"
[columns]
alter = "alter_ID"
[alter.relationship]
column = "alter.rel"
values = { "Close family" = "family", "Other family" = "family", "Friends" = "friend", "Acquaintances" = "other" }
[alter.gender]
column = "alter.sex"
values = { "Female" = "woman", "Male" = "man" }
"""
"""A mapping of Vacca's Milan study onto the built-in protocol (tests/imports)."""


def isolated(home_variable: str, home: Path) -> dict[str, str]:
    """This process's environment with ``home_variable=home`` and none of the other variables of
    its prefix (``EGONET_`` for ``EGONET_HOME``): what the developer's shell sets never leaks in."""
    prefix = home_variable.rsplit("_", 1)[0] + "_"
    return {**{k: v for k, v in os.environ.items() if not k.startswith(prefix)}, home_variable: str(home)}


def run(
    command: list[str], home_variable: str, home: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``command`` in a new process, in the environment :func:`isolated` gives."""
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        env=isolated(home_variable, home),
        timeout=300,
        check=False,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def egonet(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``egonet *args`` in a new process with ``EGONET_HOME=home`` and no other ``EGONET_*``."""
    return run([sys.executable, "-m", "egonet", *args], "EGONET_HOME", home, stdin)


def assert_clean_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """A non-zero exit with only ``error: ...`` lines, no traceback, each ``expected`` text in them."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines, "no error message"
    assert all(line.startswith("error: ") for line in lines), result.stderr
    for text in expected:
        assert text in result.stderr


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows (UTF-8, a byte-order mark allowed, as spreadsheets write it)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def dataset(folder: str, tmp_path: Path) -> Path:
    """A copy of ``DATASETS / folder`` in ``tmp_path``, to change."""
    target = tmp_path / Path(folder).name
    shutil.copytree(DATASETS / folder, target)
    return target


def demo_cohort(patients: int, seed: int) -> list[Interview]:
    """The demo's synthetic interviews of ``patients`` patients (baseline and follow-up, the same
    for the same seed), with the built-in protocol."""
    return list(generate_demo(patients, seed, default_protocol()))
