"""``egonet interview``: the interview app in this terminal (also what plain ``egonet`` opens)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from egonet.cli.collection import for_interview
from egonet.cli.context import Env, file_option, pass_env
from egonet.errors import NotFoundError, UsageError
from egonet.protocol import default_protocol, load_protocol

__all__ = ["interview", "run_interview"]


@click.command(
    epilog="\b\nExamples:\n  egonet interview\n  egonet interview --patient P-014 --language fr\n"
    "  egonet interview --protocol my-protocol.toml"
)
@click.option("--patient", help="Open this patient's latest interview straight away.")
@file_option(
    "--protocol", "protocol_file", help="Protocol file for new patients (default: the built-in egonet-ssmi protocol)."
)
@click.option(
    "--language", type=click.Choice(["en", "fr", "nl"]), help="Language of the screens (default: EGONET_LANGUAGE)."
)
@pass_env
def interview(env: Env, patient: str | None, protocol_file: Path | None, language: str | None) -> None:
    """Interview a patient about their support network, in this terminal.

    Choose or add a patient, then name the people who support them, describe each one, say
    who knows whom, and look at the network together.  Every answer is saved as it is
    given: quit at any time (Ctrl+Q) and the interview reopens where it was left.
    """
    run_interview(env, patient=patient, protocol_file=protocol_file, language=language)


def run_interview(
    env: Env, *, patient: str | None = None, protocol_file: Path | None = None, language: str | None = None
) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the interview needs a terminal (standard input and output are not one)")
    store = env.store()
    protocol = default_protocol()
    if protocol_file is not None:
        protocol = load_protocol(protocol_file)
        store.save_protocol(protocol, protocol_file.read_text(encoding="utf-8"))
    resume = None
    if patient is not None:
        rows = store.interviews(patient)
        if not rows:
            raise NotFoundError(f"patient {patient} has no interview yet; add them from the patient list", patient)
        resume = rows[-1].id
    from egonet.tui import EgonetApp  # noqa: PLC0415  (Textual loads only for the interview)

    for_interview()  # a long-lived app: CPython's pace of collection, short pauses

    settings = env.settings
    app = EgonetApp(
        store,
        protocol,
        clinician=settings.clinician,
        service=settings.service,
        language=language or settings.language,
        resume=resume,
    )
    app.run()
