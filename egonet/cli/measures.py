"""``egonet measures``: network measures of interview documents, one row per interview."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO

import click

from egonet.cli.context import FOLDER, Env, file_option, output_option, pass_env
from egonet.cli.documents import iter_interviews
from egonet.cli.progress import progress
from egonet.cli.rows import write_rows
from egonet.errors import DocumentError, Problem, UsageError
from egonet.imports import Mapping as ImportMapping
from egonet.imports import load_mapping, read_interviews
from egonet.model import Interview
from egonet.store import Store

__all__ = ["measures"]

EGOR_SERVICE = "egor"
"""The service of the interviews ``--egor`` builds to measure (never stored, never in a row)."""

EPILOG = """\b
Examples:
  egonet measures                              every interview in the store, as JSON Lines
  egonet measures --format csv -o nets.csv     the same as CSV, for R, SPSS or a spreadsheet
  egonet measures --compare --format csv     what changed between waves, per patient
  egonet export-json | egonet measures - --format csv
  egonet measures --egor data/transnat --no-tie "not at all" --format csv
  egonet measures --egor data/transnat --mapping transnat.toml   the folder as `egonet import` reads it
"""


@click.command(epilog=EPILOG)
@click.argument("source", type=click.File("rb"), required=False)
@click.option("--compare", is_flag=True, help="One row per pair of consecutive waves of a patient: what changed.")
@click.option(
    "--egor",
    "egor_dir",
    type=FOLDER,
    help="Measure egor's three tables in this folder, read as `egonet import egor` reads them.",
)
@file_option(
    "--mapping", "mapping_path", help="egor: the mapping file of `egonet import` (files, columns, ties, questions)."
)
@click.option("--ego-id", help="egor: ego id column (default egoID, .egoID, ego_id or ego_ID).")
@click.option("--alter-id", help="egor: alter id column (default alterID, .altID, alter_id or alter_ID).")
@click.option("--source", "source_col", help="egor: first alter of a tie (default Source, .srcID or from).")
@click.option("--target", "target_col", help="egor: second alter of a tie (default Target, .tgtID or to).")
@click.option("--weight", help="egor: tie value column (default weight).")
@click.option("--no-tie", multiple=True, help="egor: a tie value that means no tie (repeatable; default 0).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@output_option
@pass_env
def measures(
    env: Env,
    *,
    source: IO[bytes] | None,
    compare: bool,
    egor_dir: Path | None,
    mapping_path: Path | None,
    ego_id: str | None,
    alter_id: str | None,
    source_col: str | None,
    target_col: str | None,
    weight: str | None,
    no_tie: tuple[str, ...],
    fmt: str,
    output: IO[str],
) -> None:
    """Compute the network measures of interviews: one row per interview.

    Reads interview documents (JSON Lines, or one JSON document) from SOURCE, or from '-' for
    standard input; without SOURCE, measures every interview in the store.  With --compare,
    one row per pair of consecutive waves: alters kept, lost and gained, and every measure's
    difference (later minus earlier).  Rows carry the
    patient code, service and wave, never a name or an alter label.  Undefined values (a density
    with one alter) are null in JSON and empty in CSV.
    """
    # imported here: the analysis module loads numba, which other commands need not wait for
    from egonet.analysis import compare_waves, measure  # noqa: PLC0415

    if egor_dir is not None:
        if source is not None or compare:
            raise UsageError("--egor reads its own tables: give no SOURCE and no --compare")
        columns = {"ego": ego_id, "alter": alter_id, "source": source_col, "target": target_col}
        mapping = load_mapping(mapping_path)
        mapping = replace(
            mapping,
            columns={**mapping.columns, **{k: v for k, v in columns.items() if v}},
            tie_column=weight or mapping.tie_column,
            no_tie=frozenset(no_tie) if no_tie else mapping.no_tie,
        )
        store = env.store() if mapping.protocol else None  # a mapped protocol may be kept in the store
        write_rows(_egor_rows(egor_dir, mapping, store), output, fmt)
        return
    protocol_of = env.protocol_of  # built in, or kept in the store; cached per run
    if source is None:
        store = env.store()
        stored = store.interviews()
        interviews: Iterator[Interview] = progress((store.load(r.id) for r in stored), "measuring", total=len(stored))
    else:
        name = getattr(source, "name", "-")
        interviews = _checked(source, "<stdin>" if name in ("-", "<stdin>") else str(name))
    if compare:
        rows: Iterator[Mapping[str, object]] = (c.row() for c in compare_waves(interviews, protocol_of))
    else:
        rows = (measure(iv, protocol_of(iv)).row() for iv in interviews)
    count = write_rows(rows, output, fmt)
    if count == 0:
        what = "no patient with two waves" if compare else "no interview"
        raise DocumentError([Problem(getattr(source, "name", "store"), "", f"holds {what}")])
    if output is not sys.stdout and sys.stderr.isatty():
        click.echo(f"{count} interviews measured", err=True)


def _egor_rows(folder: Path, mapping: ImportMapping, store: Store | None) -> Iterator[Mapping[str, object]]:
    """The measures of every ego of an egor folder, read by :mod:`egonet.imports` exactly as
    ``egonet import egor`` reads it (the same interviews, never stored); rows carry ``ego_id``."""
    from egonet.analysis import EgoNetwork, measure_network  # noqa: PLC0415

    read = read_interviews("egor", folder, mapping, service=mapping.service or EGOR_SERVICE, store=store)
    protocol = read.plan.protocol
    for ego, interview in zip(read.egos, read.interviews, strict=True):
        yield measure_network(EgoNetwork.from_interview(interview), protocol, {"ego_id": ego.id}).row()


def _checked(source: IO[bytes], where: str) -> Iterator[Interview]:
    for _, found in iter_interviews(source, where):
        if isinstance(found, list):
            raise DocumentError(found)
        yield found
