"""``python -m egonet`` runs the command line."""

from __future__ import annotations

from egonet.cli import main

main()
