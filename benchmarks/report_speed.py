"""Benchmark: a patient's PDF report, and the service report over 10,000 patients.

1. Patient PDF: the whole ``egonet report patient --format pdf`` pipeline for one demo patient
   with two waves (measures, maps, template, WeasyPrint layout), against WeasyPrint laying out
   a one-paragraph page (the engine's fixed cost), alternating runs.  Medians and their ratio.
2. Service report: ``egonet report service`` over N demo patients (about 1.8 interviews each):
   measures of every completed interview, distributions, paired change, network types, the
   service network, HTML, then PDF; against the baseline of measuring the same interviews only
   (what ``egonet measures`` does).  Times, the ratio, and the process's peak memory.

    python benchmarks/report_speed.py                     # 15 PDFs of each, 10,000 patients
    python benchmarks/report_speed.py --pdfs 5 --patients 1000
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import date

from egonet.analysis import measure
from egonet.demo.synthetic import generate_demo
from egonet.model import Interview, InterviewStatus, Protocol
from egonet.protocol import default_protocol
from reports import ReportSpec, patient_context, render, render_pdf, service_context

TODAY = date(2026, 11, 23)


def protocol_of(_interview: Interview) -> Protocol:
    return default_protocol()


def timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


def patient_pdf(waves: list[Interview]) -> bytes:
    context = patient_context(waves, protocol_of, ReportSpec(audience="patient"), TODAY)
    return render_pdf(render("patient", context, "pdf"))


def bench_patient(runs: int) -> None:
    waves = list(generate_demo(1, 2, default_protocol()))
    page = "<!DOCTYPE html><html><body><p>One paragraph.</p></body></html>"
    patient_pdf(waves), render_pdf(page)  # warm: imports, fonts, compiled kernels
    ours, base = [], []
    for _ in range(runs):
        ours.append(timed(lambda: patient_pdf(waves)))
        base.append(timed(lambda: render_pdf(page)))
    mine, theirs = statistics.median(ours), statistics.median(base)
    print(f"patient PDF ({len(waves)} waves, {sum(len(w.active_alters()) for w in waves)} people on the maps):")
    print(
        f"  report {mine * 1000:.0f} ms median, baseline one-paragraph PDF {theirs * 1000:.0f} ms: {mine / theirs:.1f}x"
    )


def bench_service(patients: int) -> None:
    start = time.perf_counter()
    interviews = list(generate_demo(patients, 3, default_protocol()))
    completed = [iv for iv in interviews if iv.status is InterviewStatus.COMPLETED]
    print(
        f"\n{patients:,} patients, {len(interviews):,} interviews ({len(completed):,} completed), "
        f"generated in {time.perf_counter() - start:.1f} s"
    )
    measure(completed[0], default_protocol())  # warm the compiled kernels
    baseline = timed(lambda: [measure(iv, default_protocol()).row() for iv in completed])
    html: list[str] = []
    context_time = timed(
        lambda: html.append(render("service", service_context(interviews, protocol_of, ReportSpec(), TODAY), "html"))
    )
    pdf_time = timed(lambda: render_pdf(html[0]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  baseline, measures only: {baseline:.1f} s ({len(completed) / baseline:,.0f} interviews/s)")
    print(f"  service report, HTML: {context_time:.1f} s ({context_time / baseline:.2f}x the measures alone)")
    print(f"  the same as PDF: +{pdf_time:.1f} s; HTML {len(html[0]) / 1024:.0f} kB; peak memory {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdfs", type=int, default=15, help="patient PDFs (and baselines) to time")
    parser.add_argument("--patients", type=int, default=10_000, help="patients in the service report")
    args = parser.parse_args()
    bench_patient(args.pdfs)
    bench_service(args.patients)


if __name__ == "__main__":
    main()
