"""The ``egonet`` command group and its entry point."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from egonet.cli.context import FILE, Env
from egonet.cli.errors import report_errors

__all__ = ["COMMANDS", "cli", "main"]

COMMANDS = {
    "interview": "egonet.cli.interview:interview",
    "demo": "egonet.cli.data:demo",
    "show": "egonet.cli.data:show",
    "export-json": "egonet.cli.data:export_json",
    "import-json": "egonet.cli.data:import_json",
    "import": "egonet.cli.importing:import_command",
    "export": "egonet.cli.export:export_command",
    "validate": "egonet.cli.validate:validate",
    "protocol": "egonet.cli.validate:protocol",
    "resources": "egonet.cli.resources:resources",
    "measures": "egonet.cli.measures:measures",
    "summary": "egonet.cli.summary:summary",
    "report": "egonet.cli.report:report",
    "login": "egonet.cli.sync:login",
    "sync": "egonet.cli.sync:sync",
}
"""Each command and where it is defined: a command's module is imported only when it runs (or
for ``--help``), so one command does not wait for the imports of all the others."""


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


EPILOG = """\b
Examples:
  egonet                                 the interview (same as `egonet interview`)
  egonet demo --patients 20 --seed 1     fill the store with synthetic patients
  egonet show DEMO-001                   a patient's waves
  egonet validate my-protocol.toml       check a protocol file
  egonet export-json -o backup.jsonl     every interview as JSON Lines
  egonet export --anonymise --format egor --out study   for researchers (no names, keyed ids)
  egonet import egor data/ --service S   ego networks from egor, EgoWeb, Network Canvas, GSS files
  egonet measures --format csv           network measures of every interview
  egonet summary                         figures across patients, per service and wave
  egonet report patient DEMO-001 -o r.html  a patient's report (html, pdf, md; en, fr, nl)
  egonet login --server URL              keep this device's token for the server (asked for)
  egonet sync                            send changed interviews, bring your patients' waves

The store lives in the data directory; set EGONET_HOME to put it elsewhere.
"""


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="egonet", message="egonet %(version)s")
@click.option(
    "--store",
    "store_path",
    type=FILE,
    envvar="EGONET_STORE",
    help="Store file to use instead of EGONET_HOME/egonet.sqlite3.",
)
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """Egonet: map a patient's social-support network with them, and see how it changes."""
    env = ctx.ensure_object(Env)
    env.store_path = store_path
    ctx.call_on_close(env.close)
    if ctx.invoked_subcommand is None:  # plain `egonet`: the interview on a terminal, else the help
        if sys.stdin.isatty() and sys.stdout.isatty():
            from egonet.cli.interview import run_interview  # noqa: PLC0415

            run_interview(env)
        else:
            click.echo(ctx.get_help())


def _home() -> Path | None:
    try:
        from egonet.settings import Settings  # noqa: PLC0415  (only for the error log)

        return Settings.from_env().home
    except Exception:
        return None


def main() -> None:
    """Console script: run the command line, report errors in one line, exit with a code."""
    code = report_errors(lambda: cli.main(standalone_mode=False, prog_name="egonet"), _home)
    sys.exit(code)
