"""The ``egonet`` command line.  :func:`main` is the console script."""

from __future__ import annotations

from egonet.cli.collection import for_command

for_command()  # before the commands' imports, which are most of what a short command does

from egonet.cli.main import cli, main  # noqa: E402

__all__ = ["cli", "main"]
