"""The error answers each endpoint documents (all with the :class:`~server.schemas.ErrorBody` shape)."""

from __future__ import annotations

from typing import Any

from server.schemas import ErrorBody

__all__ = ["errors"]

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
