"""The HTTP edge of the server's errors: each domain error's status (mapped here, once), and the
error answers each endpoint documents (all with the :class:`~server.schemas.ErrorBody` shape)."""

from __future__ import annotations

from typing import Any

from server.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServerError,
    TooLarge,
    TooManyAttempts,
    TooSlow,
    Unauthenticated,
    UnsupportedMedia,
)
from server.schemas import ErrorBody

__all__ = ["STATUS", "errors", "status_of"]

STATUS: dict[type[ServerError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    TooSlow: 408,
    Conflict: 409,
    TooLarge: 413,
    UnsupportedMedia: 415,
    Invalid: 422,
    TooManyAttempts: 429,
}


def status_of(error: ServerError) -> int:
    """The HTTP status of a domain error (400 for one of no more precise kind)."""
    return next((STATUS[kind] for kind in type(error).__mro__ if kind in STATUS), 400)


MEANING = {
    401: "no token, or an unknown or revoked one",
    403: "this role or service may not do this",
    404: "not on the server",
    409: "conflict: nothing was overwritten",
    408: "the body came too slowly",
    413: "too large",
    415: "the body is not of the media type this endpoint takes",
    422: "the request or the document is not valid",
    429: "too many failed authentications from this address",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for an endpoint: 401, 403, 422 and 429 always, and ``statuses``."""
    return {s: {"model": ErrorBody, "description": MEANING[s]} for s in sorted({401, 403, 422, 429, *statuses})}
