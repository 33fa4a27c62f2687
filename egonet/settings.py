"""Settings of the Egonet client, from ``EGONET_*`` environment variables.

``EGONET_HOME``       the data directory (default: the user's data directory, e.g. ``~/.local/share/egonet``)
``EGONET_CLINICIAN``  who conducts interviews on this machine (default: the login name)
``EGONET_SERVICE``    the service new patients are followed by (default: ``default``)
``EGONET_LANGUAGE``   the interview language by default (``en``, ``fr`` or ``nl``)
"""

from __future__ import annotations

import getpass
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


def _login() -> str:
    try:
        return getpass.getuser() or "clinician"
    except (KeyError, OSError):
        return "clinician"


class Settings(BaseSettings):
    """Where the local store lives and who is using it."""

    model_config = SettingsConfigDict(env_prefix="EGONET_", extra="ignore")

    home: Path = Field(default_factory=lambda: user_data_path("egonet", appauthor=False))
    clinician: str = Field(default_factory=_login)
    service: str = "default"
    language: str = "en"

    @property
    def store_path(self) -> Path:
        return self.home / "egonet.sqlite3"
