"""``egonet report patient`` and ``egonet report service``: reports from the store's interviews."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from egonet.cli.context import FILE, FOLDER, Env, pass_env
from egonet.cli.jobs import ProtocolOf, from_store, jobs_option
from egonet.cli.outputs import OutputError, check_output, reason
from egonet.cli.progress import progress
from egonet.errors import UsageError
from egonet.model import Interview, InterviewStatus

if TYPE_CHECKING:
    from reports.service_data import ServiceItem

__all__ = ["report"]

FORMAT = click.Choice(["html", "pdf", "md"])
LANGUAGE = click.Choice(["en", "fr", "nl"])


def _options(f: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(
        [
            click.option("--format", "fmt", type=FORMAT, default="html", show_default=True),
            click.option(
                "--lang", "language", type=LANGUAGE, help="Report language (default: the specification's, else en)."
            ),
            click.option(
                "--spec",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Report specification (TOML): sections, measures, language, template folder.",
            ),
            click.option(
                "--template-dir",
                type=FOLDER,
                envvar="EGONET_TEMPLATE_DIR",
                help="Your templates, looked up before the built-in ones (or EGONET_TEMPLATE_DIR).",
            ),
            click.option(
                "-o",
                "--output",
                type=FILE,
                help="File to write (default: standard output for html and md); its folder must exist.",
            ),
            click.option(
                "--parents",
                is_flag=True,
                help="Make the output file's missing folders (like mkdir -p).",
            ),
        ]
    ):
        f = option(f)
    return f


def _write(content: str | bytes, output: Path | None, fmt: str, *, parents: bool = False) -> None:
    """Write the whole report at once: to a temporary file renamed over ``output`` (never half a
    report).  A folder that is missing (without ``parents``) or cannot be written to is an
    :class:`OutputError` (one line, exit 1), and leaves nothing behind."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        if fmt == "pdf" and sys.stdout.isatty():
            raise UsageError("a PDF goes to a file: add -o report.pdf")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    check_output(output, parents=parents)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, output)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {output}: {reason(exc)}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {output}", err=True)


def _spec(spec_path: Path | None, **options: object):  # type: ignore[no-untyped-def]
    from reports import ReportSpec, load_spec  # noqa: PLC0415  (jinja2 and the reporter only when reporting)

    return (load_spec(spec_path) if spec_path else ReportSpec()).with_options(**options)


@click.group(
    epilog="\b\nExamples:\n  egonet report patient DEMO-001 --format pdf --lang fr -o demo-001.pdf\n"
    "  egonet report service --format html -o service.html"
)
def report() -> None:
    """Reports: one patient's waves before and after, or a service's patients in aggregate."""


@report.command(
    epilog="\b\nExamples:\n  egonet report patient DEMO-001 -o demo-001.html\n"
    "  egonet report patient DEMO-001 --format pdf --lang nl --audience patient -o voor-de-patient.pdf\n"
    "  egonet report patient DEMO-001 --format md --template-dir my-templates\n"
    "  egonet report patient DEMO-001 --format pdf --parents -o reports/2026/demo-001.pdf"
)
@click.argument("code")
@click.option(
    "--audience",
    type=click.Choice(["patient", "clinician"]),
    help="Plain words for the patient, or exact values and definitions (default: clinician).",
)
@_options
@pass_env
def patient(
    env: Env,
    code: str,
    *,
    audience: str | None,
    fmt: str,
    language: str | None,
    spec: Path | None,
    template_dir: Path | None,
    output: Path | None,
    parents: bool,
) -> None:
    """A patient's report: network maps side by side, key measures, what changed, satisfaction,
    the support plan and how the last one went."""
    from reports import patient_context, render, render_pdf  # noqa: PLC0415

    check_output(output, parents=parents)  # before any work
    chosen = _spec(spec, language=language, audience=audience, template_dir=template_dir)
    store = env.store()
    waves = [iv for iv in store.documents(code) if iv.status is InterviewStatus.COMPLETED]
    if not waves:
        raise UsageError(f"no completed interview of patient {code!r} in the store (see `egonet show`)")
    directory = store.directory(waves[-1].patient.service)  # to name the resources the plan points to
    context = patient_context(waves, env.protocol_of, chosen, date.today(), directory)
    html_or_md = render("patient", context, fmt, chosen.template_dir)
    _write(render_pdf(html_or_md) if fmt == "pdf" else html_or_md, output, fmt, parents=parents)


@report.command(
    epilog="\b\nExamples:\n  egonet report service --format html -o service.html\n"
    "  egonet report service --service 'CGG Leuven' --from 2026-01-01 --to 2026-06-30 --format pdf -o leuven.pdf\n"
    "  egonet report service --format md --parents -o reports/2026/service.md"
)
@click.option("--service", help="Only this service's patients (default: every service together).")
@click.option(
    "--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Only interviews completed on or after this day."
)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Only interviews completed on or before this day.")
@jobs_option
@_options
@pass_env
def service(
    env: Env,
    *,
    service: str | None,
    start: object,
    end: object,
    jobs: int | None,
    fmt: str,
    language: str | None,
    spec: Path | None,
    template_dir: Path | None,
    output: Path | None,
    parents: bool,
) -> None:
    """A service's report for its leads: counts, measures per wave, before/after, network types,
    the service network, the support plans.  No name, no free text; groups of fewer than 5
    patients show "<5".  --jobs: measure the interviews in that many processes (the same report)."""
    from reports import render, render_pdf, service_context  # noqa: PLC0415
    from reports.service_data import gather_items  # noqa: PLC0415

    check_output(output, parents=parents)  # before any work
    chosen = _spec(spec, language=language, template_dir=template_dir)
    first = start.date() if start is not None else None  # type: ignore[attr-defined]
    last = end.date() if end is not None else None  # type: ignore[attr-defined]
    store = env.store()
    rows = env.interview_rows(service)

    step = _ServiceStep(first, last, tuple(chosen.measures))
    items = from_store(env, (r.id for r in rows), step, jobs)  # one at a time, in order: memory stays flat
    data = gather_items(progress(items, "reading", total=len(rows)), chosen.measures)
    directories: dict[str, dict[str, str]] = {}

    def resource_kind(of: str, resource: str) -> str | None:
        if of not in directories:
            directories[of] = {r.id: r.kind for r in store.directory(of).resources}
        return directories[of].get(resource)

    context = service_context(
        data,
        env.protocol_of,
        chosen,
        date.today(),
        service=service,
        period=(first, last),
        resource_kind=resource_kind,
    )
    html_or_md = render("service", context, fmt, chosen.template_dir)
    _write(render_pdf(html_or_md) if fmt == "pdf" else html_or_md, output, fmt, parents=parents)


@dataclass(frozen=True, slots=True)
class _ServiceStep:
    """What the service report keeps of one stored interview (picklable, for ``--jobs``): its
    :class:`~reports.ServiceItem`, or ``None`` if not completed within ``first`` to ``last``."""

    first: date | None
    last: date | None
    measures: Sequence[str]

    def __call__(self, interview: Interview, protocol_of: ProtocolOf) -> ServiceItem | None:
        from reports.service_data import service_item  # noqa: PLC0415

        day = interview.completed_at.date() if interview.completed_at is not None else None
        if day is None or (self.first is not None and day < self.first) or (self.last is not None and day > self.last):
            return None
        return service_item(interview, protocol_of, self.measures)
