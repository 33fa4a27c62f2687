"""Benchmark: importing egor's three tables into a new store, against merely reading them.

Writes a synthetic egor layout (egos of 5-40 alters, densities 0.02-0.6, a few answer columns),
then, in the same process and in turns, reads the three tables with the csv module (the
baseline: what any importer must do) and imports them with ``egonet.imports.import_files``
into a new SQLite store (read, type the columns, build and check every interview, write them
in one transaction).  Prints the medians, the ratio and the process's peak memory: an import is
all or nothing, so it holds the interviews of one import in memory.

    python benchmarks/import_speed.py                 # 2,000 egos, 3 turns
    python benchmarks/import_speed.py --egos 10000
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from egonet.imports import import_files
from egonet.imports.mapping import Mapping
from egonet.store import Store

RELATIONS = ["family", "friend", "neighbour", "peer", "doctor", "nurse", "social worker"]


def write_layout(folder: Path, egos: int, seed: int) -> tuple[int, int]:
    """egos.csv, alters.csv and aaties.csv of ``egos`` random egos; returns (alters, tie rows)."""
    rng = random.Random(seed)
    n_alters = n_ties = 0
    with (
        (folder / "egos.csv").open("w", newline="") as e,
        (folder / "alters.csv").open("w", newline="") as a,
        (folder / "aaties.csv").open("w", newline="") as t,
    ):
        egos_w, alters_w, ties_w = csv.writer(e), csv.writer(a), csv.writer(t)
        egos_w.writerow(["egoID", "sex", "age"])
        alters_w.writerow(["egoID", "alterID", "relation", "sex", "closeness", "age"])
        ties_w.writerow(["egoID", "Source", "Target", "weight"])
        for ego in range(1, egos + 1):
            egos_w.writerow([ego, rng.choice("mf"), rng.randint(18, 80)])
            n, density = rng.randint(5, 40), rng.uniform(0.02, 0.6)
            for k in range(1, n + 1):
                alters_w.writerow(
                    [ego, k, rng.choice(RELATIONS), rng.choice("mf"), rng.randint(1, 5), rng.randint(5, 90)]
                )
            for i in range(1, n + 1):
                for j in range(i + 1, n + 1):
                    if rng.random() < density:
                        ties_w.writerow([ego, i, j, rng.randint(1, 3)])
                        n_ties += 1
            n_alters += n
    return n_alters, n_ties


def read_only(folder: Path) -> int:
    rows = 0
    for name in ("egos.csv", "alters.csv", "aaties.csv"):
        with (folder / name).open(newline="") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--egos", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "layout"
        folder.mkdir()
        n_alters, n_ties = write_layout(folder, args.egos, seed=7)
        print(f"{args.egos:,} egos, {n_alters:,} alters, {n_ties:,} tie rows")
        baseline, imported = [], []
        for turn in range(args.turns):
            start = time.perf_counter()
            read_only(folder)
            baseline.append(time.perf_counter() - start)
            with Store(Path(tmp) / f"store-{turn}.sqlite3") as store:
                start = time.perf_counter()
                report = import_files(store, "egor", folder, Mapping(), service="Bench")
                imported.append(time.perf_counter() - start)
                assert report.result is not None and report.result.added == args.egos
        base, full = statistics.median(baseline), statistics.median(imported)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"reading the tables (baseline): median {base:.2f} s")
        print(f"importing into a new store:    median {full:.2f} s ({args.egos / full:,.0f} egos/s)")
        print(f"ratio import / baseline: {full / base:.1f}x; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
