"""Settings of the server, from ``EGONET_SERVER_*`` environment variables.

``EGONET_SERVER_HOME``          the data directory (default: the user's data directory, ``egonet-server``)
``EGONET_SERVER_DATABASE_URL``  a SQLAlchemy URL, e.g. ``postgresql+psycopg://egonet@/egonet``
                                (default: SQLite, ``HOME/server.sqlite3``)
``EGONET_SERVER_MAX_DOCUMENT_BYTES``  the largest interview document accepted (default 2,000,000)
``EGONET_SERVER_MAX_FAILED_AUTH``     failed authentications allowed per client and window (default 10)
``EGONET_SERVER_FAILED_AUTH_WINDOW``  that window, in seconds (default 300)
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from egonet.wire import MAX_DOCUMENT_BYTES

__all__ = ["ServerSettings"]


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGONET_SERVER_", extra="ignore")

    home: Path = Field(default_factory=lambda: user_data_path("egonet-server", appauthor=False))
    database_url: str | None = None
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_failed_auth: int = 10
    failed_auth_window: float = 300.0

    @property
    def url(self) -> str:
        """The database: ``database_url``, else a SQLite file in ``home``."""
        return self.database_url or f"sqlite:///{self.home / 'server.sqlite3'}"
