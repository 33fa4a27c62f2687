"""Benchmark: the whole measure catalogue over many synthetic interviews, against plain networkx.

Prints the median time per interview of the fast path (``egonet.analysis.measure``) and of a
straightforward per-network networkx implementation of the same measures
(``egonet.analysis.reference.reference_row`` plus the same composition code), run on a sample
in the same process; checks that both give the same values (within 1e-9); and prints the
process's resident memory as the stream of interviews grows (it should stay flat).

    python benchmarks/measures.py                       # 100,000 interviews, sample of 300
    python benchmarks/measures.py --interviews 20000    # quicker
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from egonet.analysis import EgoNetwork, measure
from egonet.analysis.kernels.tiers import compile_kernels
from egonet.analysis.reference import reference_row
from egonet.model import Alter, Interview, InterviewStatus, Patient, Protocol, Wave
from egonet.protocol import default_protocol

RELATIONS = ["family", "friend", "peer", "neighbour", "health_professional", "social_professional"]


def synthetic(count: int, seed: int, protocol: Protocol) -> Iterator[Interview]:
    """Interviews of 5-40 alters, densities from 0.02 to 0.6, with answers; streamed."""
    rng = random.Random(seed)
    generators = [g.id for g in protocol.name_generators]
    started = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(count):
        n = rng.randint(5, 40)
        density = rng.uniform(0.02, 0.6)
        iv = Interview(
            uuid.UUID(int=rng.getrandbits(128)),
            Patient(f"B{number}", "bench"),
            Wave.numbered(0),
            "c",
            protocol.id,
            protocol.version,
            "en",
            started,
            InterviewStatus.COMPLETED,
            started,
        )
        ids = []
        for k in range(n):
            relation = rng.choice(RELATIONS)
            answers: dict[str, object] = {
                "relationship": relation,
                "closeness": rng.randint(1, 3),
                "contact": rng.randint(1, 4),
            }
            alter = Alter(
                uuid.UUID(int=rng.getrandbits(128)), f"p{k}", rng.sample(generators, rng.randint(1, 3)), answers
            )  # type: ignore[arg-type]
            ids.append(iv.add_alter(alter).id)
        for a, b in itertools.combinations(ids, 2):
            if rng.random() < density:
                iv.set_tie(a, b, rng.choice((1, 2)))
        iv.ego_answers = {"satisfaction": rng.randint(1, 7)}
        yield iv


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


def run_reference(sample: list[Interview], protocol: Protocol) -> list[float]:
    times = []
    for iv in sample:
        t0 = time.perf_counter()
        net = EgoNetwork.from_interview(iv)
        slow = reference_row(net)
        fast = measure(iv, protocol).row()  # the composition, strength and ego parts: the same code on both sides
        times.append(time.perf_counter() - t0)
        for name, value in slow.items():
            if not same(fast[name], value):
                sys.exit(f"MISMATCH {name}: fast {fast[name]} reference {value} (n={net.n}, ties={net.n_ties})")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=300, help="interviews also run through plain networkx")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    protocol = default_protocol()
    warm = next(synthetic(1, 0, protocol))
    compile_kernels()  # the compiled tier from the start, as a long run gets it after 0.3 s
    measure(warm, protocol)  # compile (or load) the kernels before timing

    sample = list(synthetic(args.sample, args.seed + 1, protocol))
    reference = run_reference(sample, protocol)
    fast_sample = []
    for iv in sample:
        t0 = time.perf_counter()
        measure(iv, protocol)
        fast_sample.append(time.perf_counter() - t0)

    chunk, chunk_times, memory = 1000, [], []
    start_rss = rss_mb()
    total_start = time.perf_counter()
    done, measuring, in_chunk = 0, 0.0, 0.0
    for iv in synthetic(args.interviews, args.seed, protocol):
        t0 = time.perf_counter()
        measure(iv, protocol).row()
        spent = time.perf_counter() - t0
        measuring += spent
        in_chunk += spent
        done += 1
        if done % chunk == 0:
            chunk_times.append(in_chunk / chunk)
            in_chunk = 0.0
            if done % (args.interviews // 10 or 1) == 0:
                memory.append((done, rss_mb()))
                if sys.stderr.isatty():
                    print(f"\r{done:,} interviews", end="", file=sys.stderr)
    total = time.perf_counter() - total_start
    if sys.stderr.isatty():
        print(file=sys.stderr)

    ref_median, fast_median = statistics.median(reference), statistics.median(fast_sample)
    ref_mean, fast_mean = statistics.mean(reference), statistics.mean(fast_sample)
    print(f"sample of {len(sample)} interviews (5-40 alters), same values within 1e-9: yes")
    print(f"  plain networkx:  median {ref_median * 1e3:8.3f} ms, mean {ref_mean * 1e3:8.3f} ms per interview")
    print(f"  egonet:          median {fast_median * 1e3:8.3f} ms, mean {fast_mean * 1e3:8.3f} ms per interview")
    print(f"  ratio (networkx / egonet): median {ref_median / fast_median:.0f}x, mean {ref_mean / fast_mean:.0f}x")
    if chunk_times:
        print(
            f"stream of {done:,} interviews: {total:.1f} s in all, of which measuring {measuring:.1f} s "
            f"({done / measuring:,.0f} interviews/s; the rest makes the synthetic interviews), "
            f"median {statistics.median(chunk_times) * 1e3:.3f} ms per interview over chunks of {chunk}"
        )
    print(
        "resident memory (MB) as the stream grows: start "
        + f"{start_rss:.0f}, "
        + ", ".join(f"{n:,}: {mb:.0f}" for n, mb in memory)
    )


if __name__ == "__main__":
    main()
