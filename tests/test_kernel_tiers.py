"""The kernels give the same results, bit for bit, as Python and compiled (egonet.analysis.kernels.tiers).

The Python tier runs in a process of its own that never imports numba (a process of the suite may
have switched to compiled kernels already); this one compares its results with the compiled
kernels'.  The networks are those of three datasets in ../shared/egonet_datasets (a few of the
Milan networks of 45 people: the Python tier is slow on them) and random ones of 1-24 alters.
"""

from __future__ import annotations

import csv
import math
import pickle
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from egonet.analysis import kernels
from egonet.analysis.kernels import tiers
from tests.helpers import DATASETS

Graph = tuple[int, list[int], list[int]]
KERNELS = ("catalogue", "structure_sums", "brokerage_sums", "node_betweenness", "girvan_newman_best", "removal_order")


def _egor(alters: Path, ties: Path, columns: tuple[str, str, str, str], limit: int) -> list[Graph]:
    """The networks of the first ``limit`` egos: ``columns`` name the ego, alter, source and target."""
    ego, alter, source, target = columns
    people: dict[str, list[str]] = defaultdict(list)
    with alters.open(newline="") as f:
        for row in csv.DictReader(f):
            people[row[ego]].append(row[alter])
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with ties.open(newline="") as f:
        for row in csv.DictReader(f):
            pairs[row[ego]].add((row[source], row[target]))
    graphs = []
    for key in list(people)[:limit]:
        index = {name: i for i, name in enumerate(people[key])}
        ends = sorted(
            {tuple(sorted((index[s], index[t]))) for s, t in pairs[key] if s in index and t in index and s != t}
        )
        graphs.append((len(index), [e[0] for e in ends], [e[1] for e in ends]))
    return graphs


def networks() -> list[Graph]:
    found = []
    if DATASETS.is_dir():
        found += _egor(
            DATASETS / "egor_transnat/transnat_alters.csv",
            DATASETS / "egor_transnat/transnat_aaties.csv",
            (".egoID", ".altID", ".srcID", ".tgtID"), 1000,
        )  # fmt: skip
        found += _egor(
            DATASETS / "ideanet_ngq/ngq_alters.csv", DATASETS / "ideanet_ngq/ngq_aa.csv",
            ("ego_id", "alter_id", "alter1", "alter2"), 1000,
        )  # fmt: skip
        found += _egor(
            DATASETS / "vacca_srilanka_milan/alter_attributes.csv", DATASETS / "vacca_srilanka_milan/alter_ties.csv",
            ("ego_ID", "alter_ID", "from", "to"), 2,
        )  # fmt: skip
    chance = random.Random(7)
    for _ in range(40):
        n, p = chance.randint(1, 24), chance.random()
        ends = [(i, j) for i in range(n) for j in range(i + 1, n) if chance.random() < p]
        found.append((n, [e[0] for e in ends], [e[1] for e in ends]))
    return found


def run_all(graphs: list[Graph], run: object) -> list[list[object]]:
    out = []
    for n, a_list, b_list in graphs:
        a, b = np.array(a_list, np.int64), np.array(b_list, np.int64)
        row: list[object] = []
        for name in KERNELS:
            if name in {"girvan_newman_best", "removal_order"} and not a_list:
                continue  # they need a tie
            row.append(run(getattr(kernels, name), n, a, b))  # type: ignore[operator]
        out.append(row)
    return out


PYTHON_TIER = """
import math, pickle, sys
from egonet.analysis.kernels import tiers
tiers.BUDGET = tiers.LARGE = math.inf
from tests.test_kernel_tiers import networks, run_all
results = run_all(networks(), lambda k, *args: k(*args))
assert not tiers.compiled() and "numba" not in sys.modules
sys.stdout.buffer.write(pickle.dumps(results))
"""


def same(x: object, y: object) -> bool:
    if isinstance(x, np.ndarray):
        return isinstance(y, np.ndarray) and x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True)
    if isinstance(x, tuple):
        return type(x) is type(y) and len(x) == len(y) and all(map(same, x, y))  # type: ignore[arg-type]
    if isinstance(x, float) and math.isnan(x):
        return isinstance(y, float) and math.isnan(y)
    return type(x) is type(y) and x == y


@pytest.mark.slow
def test_python_and_compiled_kernels_agree_bit_for_bit() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", PYTHON_TIER], cwd=root, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    python = pickle.loads(done.stdout)
    graphs = networks()
    tiers.compile_kernels()
    compiled = run_all(graphs, lambda k, *args: k(*args))
    assert tiers.compiled()
    assert len(python) == len(compiled) == len(graphs) > 100
    for graph, ours, theirs in zip(graphs, python, compiled, strict=True):
        for name, x, y in zip(KERNELS, ours, theirs, strict=False):
            assert same(x, y), (name, graph[0], x, y)


def test_a_process_switches_to_compiled_kernels_for_a_large_network() -> None:
    code = (
        "import sys, numpy as np\n"
        "from egonet.analysis.kernels import catalogue, tiers\n"
        "catalogue(3, np.array([0, 1]), np.array([1, 2]))\n"
        "assert not tiers.compiled() and 'numba' not in sys.modules\n"
        "n = tiers.LARGE + 1\n"
        "catalogue(n, np.arange(n - 1), np.arange(1, n))\n"
        "assert tiers.compiled()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert tiers.LARGE < 100
