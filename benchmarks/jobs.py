"""Benchmark: ``--jobs 1`` against ``--jobs N`` for the three analysis commands, and the speed of
reading documents from a file (``egonet measures FILE``) before and after the quick check.

1. A demo store of ``--patients`` patients (``egonet demo``) in a temporary home.  For each of
   ``egonet measures``, ``egonet export --anonymise --format egor --with-measures`` and
   ``egonet report service --format html``: alternating runs with ``--jobs 1`` and ``--jobs N``
   (N: the cores, or ``--jobs``), each a fresh process; medians, their ratio, the outputs
   compared byte for byte, and the peak resident memory of the command's own process.
2. The store's documents written to a file (``egonet export-json``): per interview, in one
   process, reading the file as the store reads its own documents (``trusted``), as
   ``egonet measures FILE`` read it before (the full JSON Schema check), and now (``quick``);
   then ``egonet measures FILE`` against ``egonet measures`` of the store, whole commands.

    python benchmarks/jobs.py                      # 2,000 patients, 3 runs each
    python benchmarks/jobs.py --patients 500 --runs 5 --jobs 4
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from egonet.cli.jobs import cores
from egonet.wire import from_document, parse_strict


def run(home: Path, *args: str, stdout: Path | None = None) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of ``egonet *args`` in a fresh process."""
    env = {**os.environ, "EGONET_HOME": str(home)}
    with open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "egonet", *args], env=env, stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"egonet {' '.join(args)} failed ({process.returncode})")
    return seconds, usage.ru_maxrss / 1024


def same(a: Path, b: Path) -> bool:
    if a.is_dir():
        common = filecmp.dircmp(a, b)
        return not (common.diff_files or common.left_only or common.right_only) and all(
            filecmp.cmp(a / f, b / f, shallow=False) for f in common.common_files
        )
    return filecmp.cmp(a, b, shallow=False)


def compare(home: Path, work: Path, name: str, args: list[str], target: str, *, jobs: int, runs: int) -> None:
    """Alternating runs of ``args`` (writing ``target``, a file or folder under ``work``)."""
    times: dict[int, list[float]] = {1: [], jobs: []}
    peaks: dict[int, float] = {1: 0.0, jobs: 0.0}
    for _ in range(runs):
        for j in (1, jobs):
            out = work / f"{target}-{j}"
            shutil.rmtree(out, ignore_errors=True)
            given = [a.replace("{out}", str(out)) for a in args]
            seconds, peak = run(home, *given, "--jobs", str(j), stdout=None if "{out}" in args else out)
            times[j].append(seconds)
            peaks[j] = max(peaks[j], peak)
    one, many = statistics.median(times[1]), statistics.median(times[jobs])
    identical = same(work / f"{target}-1", work / f"{target}-{jobs}")
    print(
        f"{name:<16} jobs 1 {one:6.2f} s  jobs {jobs} {many:6.2f} s  ratio {one / many:4.2f}x  "
        f"peak {peaks[1]:.0f} / {peaks[jobs]:.0f} MiB  identical: {identical}"
    )


def per_interview(lines: list[bytes], read: Callable[[bytes], object]) -> float:
    start = time.perf_counter()
    for line in lines:
        read(line)
    return (time.perf_counter() - start) / len(lines) * 1000


def reading(home: Path, work: Path, runs: int) -> None:
    documents = work / "documents.jsonl"
    run(home, "export-json", stdout=documents)
    lines = documents.read_bytes().splitlines()
    for line in lines[:20]:  # warm: the schema, the validators, the imports
        from_document(parse_strict(line.decode()), quick=True)
        from_document(parse_strict(line.decode()))
    store = per_interview(lines, lambda raw: from_document(parse_strict(raw.decode()), trusted=True))
    before = per_interview(lines, lambda raw: from_document(parse_strict(raw.decode())))
    after = per_interview(lines, lambda raw: from_document(parse_strict(raw.decode()), quick=True))
    print(
        f"reading {len(lines)} documents from a file, per interview: full schema check (before) "
        f"{before:.2f} ms, quick check (now) {after:.2f} ms ({before / after:.1f}x); the store's "
        f"trusted path {store:.2f} ms"
    )
    file_times, store_times = [], []
    for _ in range(runs):
        file_times.append(run(home, "measures", str(documents), "--jobs", "1")[0])
        store_times.append(run(home, "measures", "--jobs", "1")[0])
    f, s = statistics.median(file_times), statistics.median(store_times)
    print(f"egonet measures FILE --jobs 1 {f:.2f} s, egonet measures (the store) --jobs 1 {s:.2f} s: {f / s:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=cores())
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="egonet-jobs-") as folder:
        work = Path(folder)
        home = work / "home"
        run(home, "demo", "--patients", str(options.patients), "--seed", "3")
        print(f"{options.patients} demo patients, {options.runs} alternating runs each, {cores()} cores")
        compare(home, work, "measures", ["measures"], "measures.jsonl", jobs=options.jobs, runs=options.runs)
        export = ["export", "--anonymise", "--format", "egor", "--with-measures", "--out", "{out}"]
        compare(home, work, "export", export, "export", jobs=options.jobs, runs=options.runs)
        report = ["report", "service", "--format", "html"]
        compare(home, work, "report service", report, "service.html", jobs=options.jobs, runs=options.runs)
        reading(home, work, options.runs)


if __name__ == "__main__":
    main()
