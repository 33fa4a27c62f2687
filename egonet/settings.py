"""Settings of the Egonet client, from ``EGONET_*`` environment variables.

``EGONET_HOME``       the data directory (default: the user's data directory, e.g. ``~/.local/share/egonet``)
``EGONET_CLINICIAN``  who conducts interviews on this machine (default: the login name)
``EGONET_SERVICE``    the service new patients are followed by (default: ``default``)
``EGONET_LANGUAGE``   the interview language by default (``en``, ``fr`` or ``nl``)

A plain dataclass rather than pydantic-settings (which the server's settings use): every command
and the interview read these four strings as they start, and importing pydantic-settings cost
them 50 ms of it.  Names are matched in any case, as pydantic-settings matches them.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

__all__ = ["Settings"]

PREFIX = "EGONET_"


def _login() -> str:
    try:
        return getpass.getuser() or "clinician"
    except (KeyError, OSError):
        return "clinician"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the local store lives and who is using it."""

    home: Path
    clinician: str
    service: str = "default"
    language: str = "en"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from ``EGONET_*`` variables (names in any case), defaults for the others."""
        given = {k.upper(): v for k, v in (os.environ if environ is None else environ).items()}
        home = given.get(PREFIX + "HOME")
        return cls(
            home=Path(home) if home is not None else user_data_path("egonet", appauthor=False),
            clinician=given.get(PREFIX + "CLINICIAN") or _login(),
            service=given.get(PREFIX + "SERVICE", "default"),
            language=given.get(PREFIX + "LANGUAGE", "en"),
        )

    @property
    def store_path(self) -> Path:
        return self.home / "egonet.sqlite3"
