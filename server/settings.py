"""Settings of the server, from ``EGONET_SERVER_*`` environment variables.

``EGONET_SERVER_HOME``          the data directory (default: the user's data directory, ``egonet-server``)
``EGONET_SERVER_DATABASE_URL``  a SQLAlchemy URL, e.g. ``postgresql+psycopg://egonet@/egonet``
                                (default: SQLite, ``HOME/server.sqlite3``)
``EGONET_SERVER_MAX_DOCUMENT_BYTES``  the largest interview document accepted (default 2,000,000)
``EGONET_SERVER_MAX_FAILED_AUTH``     failed authentications allowed per address, and per presented
                                      credential, within the window before delays start (default 10)
``EGONET_SERVER_FAILED_AUTH_WINDOW``  that window, in seconds (default 300)
``EGONET_SERVER_MAX_AUTH_DELAY``      the longest delay imposed after failures, in seconds (default 300)
``EGONET_SERVER_TRUSTED_PROXIES``     addresses or networks (JSON list or comma-separated) whose
                                      ``X-Forwarded-For`` is believed (default: none)
``EGONET_SERVER_HEADER_TIMEOUT``      seconds a client has to send a request's headers (default 10)
``EGONET_SERVER_BODY_TIMEOUT``        seconds a client may pause while sending a body (default 10)
``EGONET_SERVER_MAX_CONNECTIONS``     open connections a server process accepts (default 1000)
``EGONET_SERVER_MIN_K``               the smallest k a research export may ask for (default 5)
``EGONET_SERVER_MAX_TIES``            the most ties an uploaded interview may have (default 5,000): what
                                      one upload may cost to measure (200 alters and 4,000 ties: 1 s)
``EGONET_SERVER_CHECKERS``            processes beside each server process that check uploaded documents
                                      (default 1; 0: in the server process, :mod:`server.checkers`)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from platformdirs import user_data_path
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from egonet.wire import MAX_DOCUMENT_BYTES

__all__ = ["ServerSettings"]


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGONET_SERVER_", extra="ignore")

    home: Path = Field(default_factory=lambda: user_data_path("egonet-server", appauthor=False))
    database_url: str | None = None
    max_document_bytes: int = Field(default=MAX_DOCUMENT_BYTES, ge=1)
    max_failed_auth: int = Field(default=10, ge=1)
    failed_auth_window: float = Field(default=300.0, gt=0)
    max_auth_delay: float = Field(default=300.0, gt=0)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    header_timeout: float = Field(default=10.0, gt=0)
    body_timeout: float = Field(default=10.0, gt=0)
    max_connections: int = Field(default=1000, ge=1)
    min_k: int = Field(default=5, ge=1, le=1000)
    max_ties: int = Field(default=5000, ge=1)
    checkers: int = Field(default=1, ge=0, le=64)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json  # noqa: PLC0415

                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @property
    def url(self) -> str:
        """The database: ``database_url``, else a SQLite file in ``home``."""
        return self.database_url or f"sqlite:///{self.home / 'server.sqlite3'}"
