"""The ``egonet`` command line.  :func:`main` is the console script."""

from __future__ import annotations

from egonet.cli.main import cli, main

__all__ = ["cli", "main"]
