"""``egonet import``: ego networks from other tools (egor, EgoWeb, Network Canvas, GSS-style)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from egonet.cli.context import Env, file_option, pass_env
from egonet.cli.progress import progress
from egonet.imports import FORMATS, import_files, load_mapping
from egonet.model import Interview

__all__ = ["import_command"]

EPILOG = """\b
Examples:
  egonet import egor data/transnat --service "CGG Leuven" --mapping transnat.toml
  egonet import egoweb export/ --service Import
  egonet import networkcanvas nc-export/ --service Import --dry-run
  egonet import wide gss.csv --mapping gss.toml
  egonet import egor study/wave2 --service Import --wave 1   (a follow-up of the imported baseline)
"""


@click.command("import", epilog=EPILOG)
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@file_option("--mapping", "mapping_path", help="TOML file: columns, values, protocol.")
@click.option("--service", help="The service of the imported patients (or `service` in the mapping).")
@click.option(
    "--wave",
    type=click.IntRange(0, 99),
    default=0,
    show_default=True,
    help="0: baseline; N: a follow-up of each patient's wave N-1 already in the store (same alter ids).",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything; store nothing.")
@pass_env
def import_command(
    env: Env, *, fmt: str, path: Path, mapping_path: Path | None, service: str | None, wave: int, dry_run: bool
) -> None:
    """Import ego networks made with another tool as completed interviews (baseline, or --wave N).

    FORMAT is egor (three tables: egos, alters, alter-alter ties), egoweb (EgoWeb 2.0's export),
    networkcanvas (a folder of Network Canvas CSV or GraphML exports) or wide (one row per ego,
    GSS-style).  Every file is checked first; a problem is reported with its file and line and
    nothing is imported.  Importing the same files again adds nothing.  Columns of free text or
    identifiers are left out unless the mapping names them.
    """
    store = env.store()
    mapping = load_mapping(mapping_path)

    def shown(items: Iterable[Interview]) -> Iterator[Interview]:
        listed = list(items)
        return progress(listed, "importing", total=len(listed))

    report = import_files(store, fmt, path, mapping, service=service, dry_run=dry_run, wave=wave, track=shown)
    protocol = report.plan.protocol
    n_alters = sum(len(iv.alters) for iv in report.interviews)
    n_ties = sum(len(iv.ties) for iv in report.interviews)
    what = f"{report.egos} egos, {n_alters} alters, {n_ties} ties, protocol {protocol.id} {protocol.version}"
    what += f", wave {wave}" if wave else ""
    if report.result is None:
        click.echo(f"checked {what}: nothing stored (dry run)")
    else:
        r = report.result
        click.echo(
            f"read {what}: {r.added} interviews added, {r.unchanged + r.updated + r.skipped_older} already in the store"
        )
    if report.not_asked:
        click.echo(f"{report.not_asked} rows without a number of people named (not asked) were left out")
    if report.tie_values:
        no_tie = report.plan.no_tie
        listed = ", ".join(
            f"{value!r} {count}{' (not a tie)' if value in no_tie else ''}"
            for value, count in report.tie_values.most_common(8)
        )
        click.echo(f"tie rows by value: {listed}; set [ties] no_tie and strength in the mapping if needed")
    if report.self_loops:
        click.echo(f"{report.self_loops} tie rows joining an alter to itself were left out")
    if report.left_out:
        click.echo(f"columns left out (free text, identifiers or unmapped): {', '.join(report.left_out)}")
    if report.result is not None and report.interviews:
        click.echo(f"Next: egonet show {report.interviews[0].patient.code}   or   egonet measures --format csv")
