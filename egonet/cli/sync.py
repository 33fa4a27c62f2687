"""``egonet login`` (once per device) and ``egonet sync`` (push the outbox, pull the patients' waves)."""

from __future__ import annotations

import os
import sys

import click

from egonet.cli.context import Env, pass_env
from egonet.cli.progress import progress
from egonet.errors import EgonetError, UsageError

__all__ = ["login", "sync"]


LOGIN_EPILOG = """\b
Examples:
  egonet login --server https://egonet.example.org              # paste the token when asked
  egonet login --server https://egonet.example.org < token.txt  # or give it on standard input

The token is never an argument, which `ps` and the shell's history would show: it is asked for
(not echoed) on a terminal, read from standard input (one line) otherwise, or taken from
EGONET_TOKEN if that is set."""


def _read_token() -> str:
    """The device token: EGONET_TOKEN, else a hidden prompt on a terminal, else a line of stdin."""
    token = os.environ.get("EGONET_TOKEN", "")
    if not token:
        if sys.stdin is None:  # no standard input at all (a windowed launcher)
            token = ""
        elif sys.stdin.isatty():
            token = click.prompt("Device token", hide_input=True, default="", show_default=False, err=True)
        else:
            token = sys.stdin.readline()
    token = token.strip()
    if not token:
        raise UsageError("no device token: paste it when asked, or give it on standard input (< token.txt)")
    return token


@click.command(epilog=LOGIN_EPILOG)
@click.option("--server", required=True, help="The server's address, e.g. https://egonet.example.org")
@click.option("--token", "token_argument", hidden=True, help="Refused: the token is asked for, never an argument.")
@pass_env
def login(env: Env, server: str, token_argument: str | None) -> None:
    """Check this device's token (from the server's admin) with the server and keep it for
    `egonet sync` (readable by you only)."""
    from egonet.sync import Credentials, SyncClient, check_address, save_credentials  # noqa: PLC0415  (httpx)

    if token_argument is not None:
        raise UsageError(
            "--token is not accepted: arguments show in `ps` and the shell's history; "
            "run `egonet login --server URL` and paste the token when asked (or < token.txt)"
        )
    check_address(server)  # a wrong address is refused before the token is asked for
    token = _read_token()
    client = SyncClient(server, token, attempts=2)
    try:
        me = client.whoami()
    finally:
        client.close()
    path = save_credentials(env.home(), Credentials(server, token))
    click.echo(f"logged in to {server} as {me['name']} ({me['role']}); saved in {path}")


@click.command(epilog="\b\nExamples:\n  egonet sync\n  egonet sync --no-pull")
@click.option("--server", help="Another server than the one of `egonet login` (same token).")
@click.option(
    "--pull/--no-pull",
    default=True,
    help="Also bring your patients' waves and your services' directories of local resources.",
)
@pass_env
def sync(env: Env, server: str | None, pull: bool) -> None:
    """Send the interviews changed on this device to the server, and bring your patients' waves.

    Safe to interrupt and run again: an interview is never lost or stored twice.  An interview
    changed on two devices is reported as a conflict and both copies are kept.  The directories
    of local resources of your services come too (a failure there never holds the interviews back).
    """
    from egonet.sync import SyncClient, SyncReport, load_credentials  # noqa: PLC0415

    credentials = load_credentials(env.settings.home)
    store = env.store()
    report = SyncReport()
    client = SyncClient(server or credentials.server, credentials.token)
    try:
        client.push(store, report, lambda items: progress(items, "syncing", total=len(items)))
        if pull:
            client.pull(store, report)
            client.pull_directories(store, report)
    finally:
        client.close()
    click.echo(f"sent {report.pushed}, already there {report.unchanged}, received {report.pulled}")
    if report.directories:
        click.echo(f"directories of local resources updated: {report.directories}")
    for line in report.directories_failed:
        click.echo(
            f"warning: directory of local resources not brought: {line} (the interviews are not affected)", err=True
        )
    for c in report.conflicts:
        click.echo(
            f"conflict: {c.patient} (interview {c.interview_id}) changed on another device "
            f"(server revision {c.server_revision}, this device {c.local_revision}); both copies are kept",
            err=True,
        )
    for line in report.refused:
        click.echo(f"refused: {line}", err=True)
    if report.conflicts or report.refused:
        raise EgonetError(f"{len(report.conflicts) + len(report.refused)} interview(s) not synced (above)")
