"""The server's errors: each becomes a JSON response with its HTTP status and a one-line message."""

from __future__ import annotations

__all__ = ["ServerError"]


class ServerError(Exception):
    """A request (or an admin command) that cannot be done, with the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400, **detail: object) -> None:
        super().__init__(message)
        self.message, self.status, self.detail = message, status, detail
