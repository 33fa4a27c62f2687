"""``egonet-server``: run the server, and administer services, users and device tokens."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from pydantic import ValidationError
from sqlalchemy import make_url, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from server.db import Role, User, make_engine, migrate
from server.errors import ServerError
from server.keys import server_key
from server.moving import move_patient
from server.people import create_service, create_user, expiry, issue_token, revoke_tokens
from server.settings import ServerSettings

__all__ = ["main"]

MAX_WORKERS = 64
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _settings() -> ServerSettings:
    try:
        return ServerSettings()
    except ValidationError as exc:
        raise ServerError(f"EGONET_SERVER_*: {exc.errors()[0]['msg']}") from None


@contextmanager
def _database() -> Iterator[Session]:
    engine = make_engine(_settings().url)
    migrate(engine)
    with Session(engine) as db, db.begin():
        yield db
    engine.dispose()


@click.group(
    context_settings=CONTEXT,
    epilog="\b\nExamples:\n  egonet-server serve --port 8443 --cert cert.pem --key key.pem\n"
    "  egonet-server admin create-service 'CGG Leuven'\n"
    "  egonet-server admin create-user anna --role clinician --service 'CGG Leuven'\n"
    "  egonet-server admin issue-token anna --device laptop-3 --expires 180d\n"
    "  egonet-server admin move-patient AAA-011 --from 'CGG Leuven' --to 'CSM Namur'",
)
def cli() -> None:
    """The Egonet data server: clients sync interviews to it over HTTP(S).

    The database is SQLite in EGONET_SERVER_HOME by default, or EGONET_SERVER_DATABASE_URL
    (e.g. postgresql+psycopg://egonet@/egonet); it is migrated to the latest schema on start.
    """


@cli.command(
    epilog="\b\nExamples:\n  egonet-server serve --host 0.0.0.0 --port 8443 --cert cert.pem --key key.pem\n"
    "  egonet-server serve --workers 4   (PostgreSQL only)"
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="TLS certificate (PEM).")
@click.option("--key", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="TLS private key (PEM).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, MAX_WORKERS),
    help="Server processes on the one port (more than 1: PostgreSQL only); a worker that dies is replaced.",
)
def serve(host: str, port: int, cert: Path | None, key: Path | None, workers: int) -> None:
    """Run the server (uvicorn); with --cert and --key, over HTTPS; with --workers, as several processes."""
    from server.serving import Listening, run, run_workers  # noqa: PLC0415  (only when serving)

    if (cert is None) != (key is None):
        raise ServerError("--cert and --key go together")
    configured = _settings()
    if workers == 1:
        from server.api import create_app  # noqa: PLC0415

        run(create_app(configured), configured, host, port, cert, key)
        return
    if make_url(configured.url).get_backend_name() != "postgresql":
        # safe (every write takes SQLite's one write lock) but no faster: the workers would take
        # turns at that lock, polling for it, instead of queueing in one process
        raise ServerError(
            f"--workers {workers} needs PostgreSQL (EGONET_SERVER_DATABASE_URL): SQLite lets one process write "
            "at a time, so more workers would only wait for each other"
        )
    engine = make_engine(configured.url)  # migrated once, here, not by N workers racing on a new database
    migrate(engine)
    with Session(engine) as db, db.begin():
        server_key(db)
    engine.dispose()
    run_workers(Listening.of(configured, host, port, cert, key), workers)


@cli.group(context_settings=CONTEXT)
def admin() -> None:
    """Services, users (with their role) and device tokens."""


@admin.command("create-service", epilog="\b\nExample:\n  egonet-server admin create-service 'CGG Leuven'")
@click.argument("name")
def create_service_command(name: str) -> None:
    """Add a service (a team that follows patients)."""
    with _database() as db:
        create_service(db, name)
    click.echo(f"service {name!r} created")


@admin.command(
    "create-user", epilog="\b\nExample:\n  egonet-server admin create-user anna --role clinician --service 'CGG Leuven'"
)
@click.argument("name")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="What the user may do.")
@click.option("--service", "services", multiple=True, help="A service the user works in (repeat for several).")
def create_user_command(name: str, role: str, services: tuple[str, ...]) -> None:
    """Add a user with a role (clinicians and service leads belong to services)."""
    with _database() as db:
        create_user(db, name, role, list(services))
    click.echo(f"user {name!r} created ({role})")


@admin.command(
    "issue-token",
    epilog="\b\nExamples:\n  egonet-server admin issue-token anna --device laptop-3 --expires 180d\n"
    "  egonet-server admin issue-token anna --device laptop-3 --expires 2027-06-30",
)
@click.argument("user")
@click.option("--device", required=True, help="Which device the token is for (to revoke it later).")
@click.option("--expires", help="When it stops working: a duration (180d, 12h, 30m) or a date (2027-06-30, UTC).")
def issue_token_command(user: str, device: str, expires: str | None) -> None:
    """Issue a device token; it is printed once and only its digest is kept."""
    until = None if expires is None else expiry(expires)
    with _database() as db:
        token = issue_token(db, user, device, until)
    click.echo(token)


@admin.command("revoke-token", epilog="\b\nExample:\n  egonet-server admin revoke-token anna --device laptop-3")
@click.argument("user")
@click.option("--device", help="Only the token of this device (default: all of the user's tokens).")
def revoke_token_command(user: str, device: str | None) -> None:
    """Revoke a user's tokens: they stop working at once."""
    with _database() as db:
        count = revoke_tokens(db, user, device)
    click.echo(f"{count} token(s) revoked")


@admin.command(
    "move-patient",
    epilog="\b\nExample:\n  egonet-server admin move-patient AAA-011 --from 'CGG Leuven' --to 'CSM Namur'",
)
@click.argument("code")
@click.option("--from", "source", required=True, help="The service that follows the patient now.")
@click.option("--to", "target", required=True, help="The service that will follow the patient.")
def move_patient_command(code: str, source: str, target: str) -> None:
    """Give a patient, with every wave, to another service (audited); uploads never move one."""
    with _database() as db:
        count = move_patient(db, code, source, target)
    click.echo(f"patient {code} moved from {source!r} to {target!r} with {count} interview(s)")


@admin.command("users", epilog="\b\nExample:\n  egonet-server admin users")
def users_command() -> None:
    """List users, their role and services."""
    with _database() as db:
        for user in db.scalars(select(User).order_by(User.name)):
            click.echo(f"{user.name}\t{user.role}\t{', '.join(sorted(s.name for s in user.services))}")


def main() -> None:
    """Console script: one-line errors, exit 1 for a refused command, 2 for bad usage."""
    try:
        cli.main(standalone_mode=False, prog_name="egonet-server")
    except click.exceptions.Abort:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except ServerError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        click.echo(f"error: the database failed: {str(exc).splitlines()[0]}", err=True)
        sys.exit(1)
    sys.exit(0)
