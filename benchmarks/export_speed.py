"""Benchmark: an anonymised export of 100,000 and 1,000,000 interviews, streaming.

For each size, in a fresh process (so its peak memory is its own): demo interviews are
generated on the fly (a generator: never all in memory) and exported to egor's tables in a
temporary folder (two passes: the quasi-identifiers' combinations are counted, then every
interview is anonymised and written).  The baseline, in the same process, is the same stream of
interviews serialised as documents (``egonet.wire.dumps``) and thrown away: what it costs to
read the interviews at all.  Printed: interviews per second, the ratio to the baseline, and the
process's peak memory, which must stay flat from one size to the next.

    python benchmarks/export_speed.py                   # 100,000 and 1,000,000 interviews
    python benchmarks/export_speed.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import subprocess
import sys

CHILD = """
import resource, sys, tempfile, time
from pathlib import Path
from egonet.demo.synthetic import generate_demo
from egonet.exports import Pseudonyms, export
from egonet.protocol import default_protocol
from egonet.wire import dumps

size = int(sys.argv[1])
patients = size * 100 // 180 + 10  # about 1.85 interviews per demo patient: enough, cut at size
def interviews():
    for count, interview in enumerate(generate_demo(patients, 7, default_protocol())):
        if count == size:
            return
        yield interview

start = time.perf_counter()
for interview in interviews():
    dumps(interview)
baseline = time.perf_counter() - start
with tempfile.TemporaryDirectory() as folder:
    start = time.perf_counter()
    done = export(interviews, lambda _iv: default_protocol(), "egor", Path(folder) / "out", Pseudonyms(bytes(32)))
    took = time.perf_counter() - start
    size_mb = sum(p.stat().st_size for p in (Path(folder) / "out").iterdir()) / 2**20
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{done.interviews}\\t{baseline:.2f}\\t{took:.2f}\\t{peak:.0f}\\t{size_mb:.0f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print("interviews   read only (baseline)   export to egor      ratio   peak memory   files")
    for size in args.sizes:
        done = subprocess.run([sys.executable, "-c", CHILD, str(size)], capture_output=True, text=True, check=True)
        count, baseline, took, peak, megabytes = done.stdout.strip().split("\t")
        n, base, spent = int(count), float(baseline), float(took)
        print(
            f"{n:>10,}   {n / base:>10,.0f}/s ({base:5.0f} s)   {n / spent:>7,.0f}/s ({spent:5.0f} s)"
            f"   {spent / base:5.2f}x   {float(peak):>8,.0f} MB   {float(megabytes):,.0f} MB"
        )


if __name__ == "__main__":
    main()
