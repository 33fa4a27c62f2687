"""``egonet export --anonymise``: the store's interviews for researchers, in their tools' formats."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from egonet.cli.context import FOLDER, Env, file_option, pass_env
from egonet.cli.jobs import ProtocolOf, from_store, jobs_option
from egonet.cli.outputs import OutputError, check_output, reason
from egonet.cli.progress import progress
from egonet.errors import UsageError
from egonet.exports import FORMATS, Pseudonyms, export, load_or_create_secret
from egonet.model import Interview, Protocol

__all__ = ["export_command"]

T = TypeVar("T")

EPILOG = """\b
Examples:
  egonet export --anonymise --format egor --out study/egor
  egonet export --anonymise --format graphml --out study/graphml --secret project.key --k 10
  egonet export --anonymise --format jsonl --out study/jsonl --quasi living_situation --shift-dates
"""


@click.command("export", epilog=EPILOG)
@click.option("--anonymise", is_flag=True, help="Required: the export has no name, free text or code (see the README).")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True, help="egor (3 CSV tables), graphml, jsonl, parquet."
)
@click.option("--out", type=FOLDER, required=True, help="Folder to write (replaced); the folder it is in must exist.")
@click.option("--parents", is_flag=True, help="Make the missing folders above --out (like mkdir -p).")
@file_option(
    "--secret",
    "secret_path",
    help="The project secret (hex) the pseudonyms are keyed with; default EGONET_HOME/export-secret, made once.",
)
@click.option(
    "--k", type=click.IntRange(1, 1000), default=5, show_default=True, help="k-anonymity of quasi-identifiers."
)
@click.option("--quasi", multiple=True, help="Another ego question to treat as a quasi-identifier (repeatable).")
@click.option("--shift-dates", is_flag=True, help="Shift dates per patient instead of keeping only the month.")
@click.option("--lang", "language", type=click.Choice(["en", "fr", "nl"]), default="en", show_default=True)
@click.option("--service", help="Only this service's patients.")
@click.option(
    "--with-measures", is_flag=True, help="Add every network measure to the ego rows (defined in the codebook)."
)
@jobs_option
@pass_env
def export_command(
    env: Env,
    *,
    anonymise: bool,
    fmt: str,
    out: Path,
    parents: bool,
    secret_path: Path | None,
    k: int,
    quasi: tuple[str, ...],
    shift_dates: bool,
    language: str,
    service: str | None,
    with_measures: bool,
    jobs: int | None,
) -> None:
    """Write the store's interviews for research: keyed pseudonyms instead of codes and ids, no
    name, free text or clinician, dates coarsened, quasi-identifiers k-anonymous; a codebook and a
    disclosure-risk summary beside the data.  --jobs: read, anonymise and measure the interviews
    in that many processes (the same files)."""
    if not anonymise:
        raise UsageError("research exports are anonymised: add --anonymise (a full backup is `egonet export-json`)")
    check_output(out, parents=parents)  # before any work
    env.store()  # opened before the secret is made, as ever
    secret = load_or_create_secret(secret_path or env.home() / "export-secret")
    rows = env.interview_rows(service)

    ids = [r.id for r in rows]

    def each(step: Callable[[Interview, ProtocolOf], T], what: str) -> Iterator[tuple[T, Protocol | None]]:
        return progress(from_store(env, ids, step, jobs), what, total=len(ids))

    try:
        done = export(
            lambda: (),  # not read: ``each`` reads the store
            env.protocol_of,
            fmt,
            out,
            Pseudonyms(secret, shift_dates=shift_dates),
            k=k,
            quasi=quasi,
            language=language,
            with_measures=with_measures,
            directory_of=env.store().directory,
            each=each,
        )
    except OSError as exc:  # the folder went away or filled up while writing: the old export stays
        raise OutputError(f"cannot write {out}: {reason(exc)}") from None
    d = done.disclosure
    click.echo(
        f"exported {done.interviews} interviews to {out} ({len(done.files)} files); k={d.k}: "
        f"{d.suppressed} records with quasi-identifiers suppressed, smallest group {d.smallest_class}"
    )
