"""``egonet resources``: check, load and show a service's directory of local resources (CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from egonet.cli.context import FILE, Env, pass_env
from egonet.errors import DirectoryError, UsageError
from egonet.model import Directory
from egonet.wire.resources import directory_text, load_directory

__all__ = ["resources"]


def _load(file: Path, service: str) -> Directory:
    """The directory in ``file``; its problems printed one a line (then exit 1) if it has any."""
    try:
        return load_directory(file, service)
    except DirectoryError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1) from None


@click.group(
    epilog="\b\nExamples:\n  egonet resources check resources.csv\n"
    "  egonet resources load resources.csv --service 'CGG Leuven'\n"
    "  egonet resources show --service 'CGG Leuven'\n\n"
    'The file\'s format is in the README ("Local resources"); docs/resources.example.csv is one.'
)
def resources() -> None:
    """The service's directory of local resources that goals of the support plan point to."""


@resources.command(epilog="\b\nExample:\n  egonet resources check resources.csv")
@click.argument("file", type=FILE)
def check(file: Path) -> None:
    """Check a directory file (CSV): every problem on its own line, with the line and the column."""
    found = _load(file, "")
    click.echo(f"ok: {len(found.resources)} resources")


@resources.command(epilog="\b\nExample:\n  egonet resources load resources.csv --service 'CGG Leuven'")
@click.argument("file", type=FILE)
@click.option("--service", required=True, help="The service whose directory this is.")
@pass_env
def load(env: Env, file: Path, service: str) -> None:
    """Keep a directory file as the service's directory on this device (replacing the one kept).

    Where a server is used, its service lead uploads the file there instead, and `egonet sync`
    brings it to every laptop of the service (replacing one loaded here)."""
    if not service.strip():
        raise UsageError("--service names a service")
    found = _load(file, service)
    env.store().save_directory(service, directory_text(found))
    click.echo(f"kept {len(found.resources)} resources for service {service!r}")


@resources.command(epilog="\b\nExamples:\n  egonet resources show\n  egonet resources show --service 'CGG Leuven'")
@click.option("--service", help="Only this service's directory (default: every directory kept).")
@pass_env
def show(env: Env, service: str | None) -> None:
    """List the local resources kept on this device, by service: kind, name, support, contact."""
    store = env.store()
    services = [service] if service is not None else store.directory_services()
    if not services:
        raise UsageError("no directory of local resources on this device: `egonet resources load` or `egonet sync`")
    for name in services:
        directory = store.directory(name)
        click.echo(f"{name}: {len(directory.resources)} resources")
        for r in directory.resources:
            click.echo(f"  {r.id}  [{r.kind}]  {r.name}")
            for label, values in (("support", r.support), ("interests", r.interests), ("languages", r.languages)):
                if values:
                    click.echo(f"      {label}: {', '.join(values)}")
            for label, value in (("contact", r.contact), ("about", r.description)):
                if value:
                    click.echo(f"      {label}: " + value.replace("\n", "\n        "))
