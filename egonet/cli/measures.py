"""``egonet measures``: network measures of interview documents, one row per interview."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import click

from egonet.cli.context import FOLDER, Env, file_option, output_option, pass_env
from egonet.cli.documents import iter_interviews
from egonet.cli.jobs import ProtocolOf, from_store, jobs_option, ordered_map
from egonet.cli.progress import progress
from egonet.cli.rows import write_rows
from egonet.errors import DocumentError, Problem, UsageError
from egonet.imports import Mapping as ImportMapping
from egonet.imports import load_mapping, read_interviews
from egonet.model import Interview
from egonet.store import Store
from egonet.wire import StrictJSONError, from_document, parse_strict

__all__ = ["measures"]

Row = Mapping[str, object]

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
@jobs_option
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
    jobs: int | None,
    output: IO[str],
) -> None:
    """Compute the network measures of interviews: one row per interview.

    Reads interview documents (JSON Lines, or one JSON document) from SOURCE, or from '-' for
    standard input; without SOURCE, measures every interview in the store.  With --compare,
    one row per pair of consecutive waves: alters kept, lost and gained, and every measure's
    difference (later minus earlier).  --jobs measures in that many processes (not --compare
    or --egor), with the same output.  Rows carry the
    patient code, service and wave, never a name or an alter label.  Undefined values (a density
    with one alter) are null in JSON and empty in CSV.
    """
    # imported here: the analysis module loads numba, which other commands need not wait for
    from egonet.analysis import compare_waves  # noqa: PLC0415

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
    rows: Iterator[Mapping[str, object]]
    if compare:
        interviews: Iterator[Interview]
        if source is None:
            store = env.store()
            stored = store.interviews()
            interviews = progress((store.load(r.id) for r in stored), "measuring", total=len(stored))
        else:
            interviews = _checked(source, _where(source))
        rows = (c.row() for c in compare_waves(interviews, protocol_of))
    elif source is None:
        stored = env.store().interviews()
        measured = from_store(env, (r.id for r in stored), _measure_row, jobs)
        rows = progress((row for row, _ in measured), "measuring", total=len(stored))
    else:
        rows = _file_rows(source, _where(source), env.store_path, jobs)
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


def _measure_row(interview: Interview, protocol_of: ProtocolOf) -> Row:
    from egonet.analysis import measure  # noqa: PLC0415

    return measure(interview, protocol_of(interview)).row()


def _where(source: IO[bytes]) -> str:
    name = getattr(source, "name", "-")
    return "<stdin>" if name in ("-", "<stdin>") else str(name)


def _checked(source: IO[bytes], where: str) -> Iterator[Interview]:
    """The interviews of a file, in order; the first broken one is a :class:`DocumentError`."""
    single, lines = _split(source, where)
    if single is not None:
        yield from _raised(iter_interviews(single, where))
        return
    for found in map(_document, lines):
        if isinstance(found, list):
            raise DocumentError(found)
        if found is not None:
            yield found


def _raised(found: Iterator[tuple[str, Interview | list[Problem]]]) -> Iterator[Interview]:
    for _, interview in found:
        if isinstance(interview, list):
            raise DocumentError(interview)
        yield interview


def _file_rows(source: IO[bytes], where: str, store_path: Path | None, jobs: int | None) -> Iterator[Row]:
    """The measure rows of a file's documents, in order, measured in ``jobs`` processes."""
    task = _LineTask(store_path)
    single, lines = _split(source, where)
    if single is not None:  # one document over many lines: nothing to share
        yield from (task.row(iv) for iv in _raised(iter_interviews(single, where)))
        return
    for found in ordered_map(task, lines, jobs):
        if isinstance(found, list):
            raise DocumentError(found)
        if found is not None:
            yield found


def _split(source: IO[bytes], where: str) -> tuple[IO[bytes] | None, Iterator[tuple[str, bytes]]]:
    """The file whole if it is one JSON document over many lines, as
    :func:`~egonet.cli.documents.json_values` reads it (its first line starts an object that
    does not end there); else its lines, numbered, to read one at a time."""
    first = source.readline()
    if first.lstrip().startswith(b"{"):
        try:
            parse_strict(first.decode("utf-8"))
        except StrictJSONError as exc:
            if exc.syntax:
                return io.BytesIO(first + source.read()), iter(())
        except UnicodeDecodeError:
            pass
    return None, _numbered(first, source, where)


def _numbered(first: bytes, source: IO[bytes], where: str) -> Iterator[tuple[str, bytes]]:
    if first:
        yield f"{where}:1", first
        for number, raw in enumerate(source, 2):
            yield f"{where}:{number}", raw


def _document(line: tuple[str, bytes]) -> Interview | list[Problem] | None:
    """One line's interview, its problems, or ``None`` for a blank line: what
    :func:`~egonet.cli.documents.iter_interviews` gives, with the quick schema check
    (:func:`egonet.wire.from_document`'s ``quick``: the same answer, 5-10x sooner)."""
    here, raw = line
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(here, "", f"not UTF-8 text (byte {exc.start})")]
    if not text.strip():
        return None
    try:
        return from_document(parse_strict(text), here, quick=True)
    except StrictJSONError as exc:
        return [Problem(here, "", str(exc))]
    except DocumentError as exc:
        return exc.problems


_envs: dict[Path | None, Env] = {}  # in a worker: the store protocols are read from, opened once


@dataclass(frozen=True, slots=True)
class _LineTask:
    """A worker's task: a line of a file to its measure row, its problems, or ``None`` (blank)."""

    store_path: Path | None

    def row(self, interview: Interview) -> Row:
        env = _envs.setdefault(self.store_path, Env(self.store_path))
        return _measure_row(interview, env.protocol_of)

    def __call__(self, line: tuple[str, bytes]) -> Row | list[Problem] | None:
        found = _document(line)
        return self.row(found) if isinstance(found, Interview) else found
