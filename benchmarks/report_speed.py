"""Benchmark: a patient's PDF report, and the service report's time and peak memory by size.

1. Patient PDF: the whole ``egonet report patient --format pdf`` pipeline for one demo patient
   with two waves (measures, maps, template, WeasyPrint layout), against WeasyPrint laying out
   a one-paragraph page (the engine's fixed cost), alternating runs.  Medians and their ratio.
2. Service report: ``egonet report service`` over N demo patients (about 1.8 interviews each),
   each size in a process of its own: the interviews are generated and fed one at a time, as
   the store feeds them (measures of every completed interview, distributions, paired change,
   network types, the service network, HTML, then PDF).  Time, the measures alone for
   comparison (what ``egonet measures`` does), and the process's peak memory (resident set,
   ``getrusage``) before and after the report; then the ratio of the peaks, largest to smallest.

    python benchmarks/report_speed.py                          # 15 PDFs and commands; 500, 2,000, 10,000 patients
    python benchmarks/report_speed.py --pdfs 5 --sizes 500,2000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from egonet.analysis import measure
from egonet.cli.collection import for_command
from egonet.demo.synthetic import generate_demo
from egonet.model import Interview, InterviewStatus, Protocol
from egonet.protocol import default_protocol
from reports import ReportSpec, patient_context, render, render_pdf, service_context

TODAY = date(2026, 11, 23)
SEED = 3


def protocol_of(_interview: Interview) -> Protocol:
    return default_protocol()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def patient_pdf(waves: list[Interview]) -> bytes:
    context = patient_context(waves, protocol_of, ReportSpec(audience="patient"), TODAY)
    return render_pdf(render("patient", context, "pdf"))


def _subsetter() -> str:
    try:
        from weasyprint.text.ffi import harfbuzz_subset  # type: ignore[import-untyped]
    except (ImportError, OSError):
        return "unknown"
    return "HarfBuzz" if harfbuzz_subset is not None else "fontTools (slower: install libharfbuzz-subset0)"


def bench_patient(runs: int) -> None:
    waves = list(generate_demo(1, 2, default_protocol()))
    page = "<!DOCTYPE html><html><body><p>One paragraph.</p></body></html>"
    patient_pdf(waves), render_pdf(page)  # warm: imports, fonts, compiled kernels
    ours, base = [], []
    for _ in range(runs):
        ours.append(timed(lambda: patient_pdf(waves)))
        base.append(timed(lambda: render_pdf(page)))
    mine, theirs = statistics.median(ours), statistics.median(base)
    people = sum(len(w.active_alters()) for w in waves)
    print(f"patient PDF ({len(waves)} waves, {people} people on the maps; font subsetting: {_subsetter()}):")
    ms = f"report {mine * 1000:.0f} ms median, one-paragraph PDF {theirs * 1000:.0f} ms"
    print(f"  in one process: {ms}: {mine / theirs:.1f}x")
    with tempfile.TemporaryDirectory() as home:  # as a user runs it: a process each, imports included
        env = {**os.environ, "EGONET_HOME": home}
        egonet = [sys.executable, "-m", "egonet"]
        subprocess.run(
            [*egonet, "demo", "--patients", "30", "--seed", str(SEED)], env=env, check=True, capture_output=True
        )
        command = [*egonet, "report", "patient", "DEMO-001", "--format", "pdf", "-o", f"{home}/p.pdf"]
        one = f"import weasyprint; weasyprint.HTML(string={page!r}).write_pdf({home + '/x.pdf'!r})"
        cli, plain = [], []
        for _ in range(runs):
            cli.append(timed(lambda: subprocess.run(command, env=env, check=True, capture_output=True)))
            plain.append(timed(lambda: subprocess.run([sys.executable, "-c", one], env=env, check=True)))
    mine, theirs = statistics.median(cli), statistics.median(plain)
    print(
        f"  as commands: egonet report patient --format pdf {mine:.2f} s, python -c (WeasyPrint, one paragraph) "
        f"{theirs:.2f} s: {mine / theirs:.1f}x"
    )


def child(patients: int) -> dict[str, float]:
    """One size, in this process: the numbers the parent prints (collecting garbage at the pace
    ``egonet report service`` does, :mod:`egonet.cli.collection`)."""
    for_command()
    protocol = default_protocol()
    warm = list(generate_demo(12, SEED, protocol))  # imports, compiled kernels, templates, fonts
    render_pdf(render("service", service_context(warm, protocol_of, ReportSpec(), TODAY), "html"))
    del warm
    before = peak_mib()
    html: list[str] = []

    def report() -> None:
        interviews = generate_demo(patients, SEED, protocol)  # a generator, as the store is read
        html.append(render("service", service_context(interviews, protocol_of, ReportSpec(), TODAY), "html"))

    html_time = timed(report)
    pdf_time = timed(lambda: render_pdf(html[0]))
    peak = peak_mib()
    generating = timed(lambda: sum(1 for _ in generate_demo(patients, SEED, protocol)))
    completed = 0

    def measures_only() -> None:
        nonlocal completed
        for iv in generate_demo(patients, SEED, protocol):
            if iv.status is InterviewStatus.COMPLETED:
                measure(iv, protocol).row()
                completed += 1

    measuring = timed(measures_only) - generating
    return {
        "patients": patients,
        "completed": completed,
        "generating": generating,
        "html": html_time - generating,
        "pdf": pdf_time,
        "measures": measuring,
        "kib_html": len(html[0]) / 1024,
        "before": before,
        "peak": peak,
    }


def bench_service(sizes: list[int]) -> None:
    print("\nservice report (one process per size; time without generating the demo interviews):")
    results = []
    for patients in sizes:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(patients)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(r)
        print(
            f"  {patients:>6,} patients ({int(r['completed']):,} completed interviews): HTML {r['html']:.1f} s "
            f"({r['html'] / r['measures']:.2f}x the measures alone, {r['measures']:.1f} s), PDF +{r['pdf']:.1f} s; "
            f"peak memory {r['peak']:.0f} MiB ({r['before']:.0f} MiB before the report)"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        own_small, own_large = small["peak"] - small["before"], large["peak"] - large["before"]
        print(
            f"  peak at {int(large['patients']):,} / at {int(small['patients']):,} patients: "
            f"{large['peak'] / small['peak']:.2f}x (the report's own part: {own_large:.0f} MiB / {own_small:.0f} MiB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdfs", type=int, default=15, help="patient PDFs (and baselines) to time")
    parser.add_argument("--sizes", default="500,2000,10000", help="patients in each service report, comma-separated")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    bench_patient(args.pdfs)
    bench_service([int(n) for n in args.sizes.split(",")])


if __name__ == "__main__":
    main()
