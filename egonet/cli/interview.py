"""``egonet interview``: the interview app in this terminal (also what plain ``egonet`` opens)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from egonet.cli.collection import for_interview
from egonet.cli.context import Env, file_option, pass_env
from egonet.errors import NotFoundError, UsageError
from egonet.protocol import default_protocol, load_protocol
from egonet.web.link import LINK_VARIABLE, teller

__all__ = ["interview", "run_interview"]


@click.command(
    epilog="\b\nExamples:\n  egonet interview\n  egonet interview --patient P-014 --language fr\n"
    "  egonet interview --web                  in the browser; the patient's map on a second screen\n"
    "  egonet interview --protocol my-protocol.toml"
)
@click.option("--patient", help="Open this patient's latest interview straight away.")
@file_option(
    "--protocol", "protocol_file", help="Protocol file for new patients (default: the built-in egonet-ssmi protocol)."
)
@click.option(
    "--language", type=click.Choice(["en", "fr", "nl"]), help="Language of the screens (default: EGONET_LANGUAGE)."
)
@click.option("--web", is_flag=True, help="The interview in a browser, and the patient's map for a second screen.")
@click.option(
    "--address",
    default="127.0.0.1",
    show_default=True,
    help="With --web: the address to listen on.  Only this machine can reach 127.0.0.1; another "
    "address lets anyone on that network who has the printed addresses open the interview (see the README).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="With --web: the port (default: any free one).")
@click.option("--no-browser", is_flag=True, help="With --web: print the addresses, do not open a browser.")
@pass_env
def interview(
    env: Env,
    patient: str | None,
    protocol_file: Path | None,
    language: str | None,
    *,
    web: bool,
    address: str,
    port: int,
    no_browser: bool,
) -> None:
    """Interview a patient about their support network, in this terminal (or, with --web, in a
    browser on this machine, with the network drawn large on a second screen for the patient).

    Choose or add a patient, then name the people who support them, describe each one, say
    who knows whom, and look at the network together.  Every answer is saved as it is
    given: quit at any time (Ctrl+Q) and the interview reopens where it was left.
    """
    if web:
        if patient is not None or protocol_file is not None:
            raise UsageError("--web opens the patient list; choose the patient there (without --patient or --protocol)")
        from egonet.web.serving import serve_interview  # noqa: PLC0415  (aiohttp only for the browser)

        store_path = env.store().path
        serve_interview(
            store_path,
            language or env.settings.language,
            host=address,
            port=port,
            open_browser=not no_browser,
            say=lambda line: click.echo(line, err=True),
        )
        return
    run_interview(env, patient=patient, protocol_file=protocol_file, language=language)


def run_interview(
    env: Env, *, patient: str | None = None, protocol_file: Path | None = None, language: str | None = None
) -> None:
    link = os.environ.get(LINK_VARIABLE) if os.environ.get("TEXTUAL_DRIVER") else None  # in a browser
    if link is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the interview needs a terminal (standard input and output are not one): or use --web")
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
        showing=None if link is None else teller(Path(link)),
    )
    app.run()
