"""``--jobs N``: ``egonet measures``, ``egonet export`` and ``egonet report service`` give, byte for
byte, the output of ``--jobs 1``; the worker pool keeps the order and Egonet's errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from egonet.cli.jobs import _Failure, cores, ordered_map
from egonet.errors import DocumentError, Problem, StoreError
from tests.helpers import egonet

JOBS = ("1", "2", "3")


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 60 demo patients (about 110 interviews: several chunks for each worker)."""
    home = tmp_path_factory.mktemp("jobs")
    ok(egonet(home, "demo", "--patients", "60", "--seed", "7"))
    return home


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_measures_of_the_store(home: Path, fmt: str) -> None:
    outputs = {j: ok(egonet(home, "measures", "--format", fmt, "--jobs", j)) for j in JOBS}
    assert outputs["1"].count("\n") > 100
    assert outputs["2"] == outputs["1"] and outputs["3"] == outputs["1"]
    assert ok(egonet(home, "measures", "--format", fmt)) == outputs["1"]  # the default: every core


def test_measures_of_a_file(home: Path) -> None:
    documents = ok(egonet(home, "export-json"))
    outputs = {j: ok(egonet(home, "measures", "-", "--format", "csv", "--jobs", j, stdin=documents)) for j in JOBS}
    assert outputs["2"] == outputs["1"] and outputs["3"] == outputs["1"]
    assert outputs["1"] == ok(egonet(home, "measures", "--format", "csv", "--jobs", "1"))  # as from the store


def test_a_broken_document_of_a_file_stops_at_its_line_with_any_jobs(home: Path) -> None:
    lines = ok(egonet(home, "export-json")).splitlines(keepends=True)
    lines[70] = lines[70].replace('"status":"completed"', '"status":"paused"', 1)
    assert '"paused"' in lines[70]
    results = {j: egonet(home, "measures", "-", "--jobs", j, stdin="".join(lines)) for j in JOBS}
    for result in results.values():
        assert result.returncode != 0
        assert ":71: status: 'paused' is not one of" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == results["1"].stdout  # the 70 rows before it
    assert results["1"].stdout.count("\n") == 70


@pytest.mark.parametrize("fmt", ["egor", "jsonl", "graphml"])
def test_exports(home: Path, tmp_path: Path, fmt: str) -> None:
    files = {}
    for j in JOBS:
        out = tmp_path / f"out{j}"
        ok(egonet(home, "export", "--anonymise", "--format", fmt, "--out", str(out), "--with-measures", "--jobs", j))
        files[j] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert len(files["1"]) >= 5
    assert files["2"] == files["1"] and files["3"] == files["1"]


def test_the_service_report(home: Path, tmp_path: Path) -> None:
    reports = {}
    for j in JOBS:
        ok(egonet(home, "report", "service", "--format", "md", "-o", str(tmp_path / f"s{j}.md"), "--jobs", j))
        reports[j] = (tmp_path / f"s{j}.md").read_bytes()
    assert reports["2"] == reports["1"] and reports["3"] == reports["1"]
    period = ("--from", "2026-01-01", "--to", "2026-12-31", "--format", "md")
    assert ok(egonet(home, "report", "service", *period, "--jobs", "1")) == ok(
        egonet(home, "report", "service", *period, "--jobs", "2")
    )


def test_jobs_must_be_a_positive_number(home: Path) -> None:
    result = egonet(home, "measures", "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr


def _square(n: int) -> int:
    return n * n


def _refuse_13(n: int) -> int:
    if n == 13:
        raise DocumentError([Problem("f.jsonl:13", "status", "not one of")])
    return n


def _store_error(n: int) -> int:
    raise StoreError("cannot read", f"item {n}")


def test_ordered_map_keeps_the_order_in_small_chunks() -> None:
    items = list(range(500))
    assert list(ordered_map(_square, iter(items), 3, chunk=7)) == [n * n for n in items]
    assert list(ordered_map(_square, items, 1)) == [n * n for n in items]
    assert list(ordered_map(_square, [], 2)) == []
    assert cores() >= 1


def test_an_error_in_a_worker_is_raised_in_order_with_its_fields() -> None:
    seen = []
    with pytest.raises(DocumentError) as caught:
        for n in ordered_map(_refuse_13, range(100), 2, chunk=4):
            seen.append(n)
    assert seen == list(range(13))
    assert caught.value.problems == [Problem("f.jsonl:13", "status", "not one of")]
    with pytest.raises(StoreError) as store:
        list(ordered_map(_store_error, range(10), 2, chunk=2))
    assert str(store.value) == "cannot read (item 0)"
    assert _Failure(StoreError, ("x",), {"message": "x", "where": None}).error().message == "x"
