"""Commands on the store's data: ``demo``, ``show``, ``export-json``, ``import-json``."""

from __future__ import annotations

import sys
from typing import IO

import click

from egonet.cli.context import Env, output_option, pass_env
from egonet.cli.documents import iter_interviews
from egonet.cli.progress import progress
from egonet.cli.showing import render_patient
from egonet.errors import DocumentError, NotFoundError, Problem, UsageError
from egonet.model import Interview, interview_problems
from egonet.protocol import default_protocol
from egonet.store import Store
from egonet.wire import dumps

__all__ = ["demo", "export_json", "import_json", "show"]


@click.command(epilog="\b\nExample:\n  egonet demo --patients 50 --seed 7")
@click.option("--patients", type=click.IntRange(1, 100_000), default=20, show_default=True, help="How many patients.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same patients.")
@pass_env
def demo(env: Env, patients: int, seed: int) -> None:
    """Fill the store with synthetic patients over two waves (for trying Egonet out).

    Networks of 5-25 people, many of them professionals and often in several unconnected
    groups, like published support networks of people using mental-health services; most
    patients have a follow-up in which some people were lost and others gained.
    """
    store = env.store()
    from egonet.demo import generate_demo  # noqa: PLC0415  (only this command makes synthetic patients)

    interviews = list(progress(generate_demo(patients, seed, default_protocol()), "generating", total=None))
    result = store.import_interviews(interviews)
    from egonet.demo.resources import demo_directory  # noqa: PLC0415  (only the demo has these)

    for service in sorted({iv.patient.service for iv in interviews}):
        store.save_directory(service, demo_directory(service))
    click.echo(
        f"{result.added} interviews of {patients} synthetic patients added to {store.path}"
        + (f" ({result.unchanged} already there)" if result.unchanged else "")
    )
    click.echo(f"Next: egonet show {interviews[0].patient.code}")


@click.command(epilog="\b\nExamples:\n  egonet show DEMO-001\n  egonet show            (lists the patients)")
@click.argument("patient", required=False)
@click.option(
    "--lang", type=click.Choice(["en", "fr", "nl"]), help="Language of the answers (default: EGONET_LANGUAGE)."
)
@pass_env
def show(env: Env, patient: str | None, lang: str | None) -> None:
    """Print a patient's waves: who is in the network, what changed, key figures.

    Without PATIENT, list the patients in the store.
    """
    store = env.store()
    if patient is None:
        rows = store.patients()
        if not rows:
            click.echo("The store has no patients yet. Try: egonet demo")
        for row in rows:
            click.echo(f"{row.code:<16} {row.service:<32} {row.n_interviews} interview(s)")
        return
    waves = list(store.documents(patient))
    if not waves:
        raise NotFoundError("no such patient in the store", patient)
    protocol = store.protocol(waves[-1].protocol_id, waves[-1].protocol_version)
    click.echo(render_patient(waves, protocol, lang or env.settings.language))


@click.command(
    "export-json",
    epilog="\b\nExamples:\n  egonet export-json -o backup.jsonl\n  egonet export-json --patient DEMO-001 | jq .",
)
@output_option
@click.option("--patient", help="Only this patient's interviews.")
@pass_env
def export_json(env: Env, output: IO[str], patient: str | None) -> None:
    """Write interview documents as JSON Lines, one interview per line.

    This is a full copy (alter labels included) for backups and moving between machines; it
    is not an anonymised research export.
    """
    store = env.store()
    rows = store.interviews(patient)
    if patient is not None and not rows:
        raise NotFoundError("no such patient in the store", patient)
    for row in progress(rows, "exporting", total=len(rows)):
        output.write(dumps(store.load(row.id)) + "\n")
    output.flush()


@click.command("import-json", epilog="\b\nExample:\n  egonet import-json backup.jsonl")
@click.argument("source", type=click.File("rb"), default="-")
@pass_env
def import_json(env: Env, source: IO[bytes]) -> None:
    """Read interview documents (JSON Lines, or one JSON document) into the store.

    Every document is checked first; if any is broken, each problem is reported with its line
    and nothing is imported.  A copy older than the stored one never overwrites it.
    """
    name = getattr(source, "name", "-")
    if name in ("-", "<stdin>") and sys.stdin.isatty():
        raise UsageError("give a FILE, or pipe documents in (egonet import-json backup.jsonl)")
    store = env.store()
    interviews = _read_documents(source, "<stdin>" if name in ("-", "<stdin>") else str(name), store)
    result = store.import_interviews(progress(interviews, "importing", total=len(interviews)))
    click.echo(
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.skipped_older} older than the stored copy (kept the stored one)"
    )


def _read_documents(source: IO[bytes], where: str, store: Store) -> list[Interview]:
    """Every interview of ``source``, checked against its protocol; all problems or none."""
    problems: list[Problem] = []
    out: list[Interview] = []
    for here, found in iter_interviews(source, where):
        if isinstance(found, list):
            problems += found
            continue
        try:
            protocol = store.protocol(found.protocol_id, found.protocol_version)
        except NotFoundError as exc:
            problems.append(Problem(here, "protocol", exc.message))
            continue
        problems += [Problem(here, "", text) for text in interview_problems(found, protocol)]
        out.append(found)
    if problems:
        raise DocumentError(problems)
    if not out:
        raise DocumentError([Problem(where, "", "holds no interview document")])
    return out
