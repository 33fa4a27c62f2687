"""The server's domain errors: what a request or an admin command cannot do, and why.

The services (interviews, protocols, figures, research, people) raise these, never HTTP
statuses; the application maps each kind to its status once (:data:`server.routes.errors.STATUS`),
and the admin command line prints the message.  Every error is one line; ``detail`` holds extra
fields of the JSON answer (the problems of a refused document, a stored revision, a wait).

    ServerError            a request or command that cannot be done (400; the command line's bad usage)
    ├── Unauthenticated    no valid token (401)
    ├── TooManyAttempts    failed authentications are being slowed down (429, ``retry_after``)
    ├── Forbidden          this role or service may not do this (403)
    ├── NotFound           not there, or not the caller's to know of (404)
    ├── Conflict           the stored state does not allow it; nothing was changed (409)
    ├── Invalid            what was sent is not acceptable: a document, a protocol, a parameter (422)
    ├── TooLarge           a body over the limit (413)
    ├── UnsupportedMedia   a body of another media type than the endpoint takes (415)
    └── TooSlow            a body that came too slowly (408)
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "ServerError",
    "TooLarge",
    "TooManyAttempts",
    "TooSlow",
    "Unauthenticated",
    "UnsupportedMedia",
]


class ServerError(Exception):
    """A request (or an admin command) that cannot be done, with a one-line message."""

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.message, self.detail = message, detail


class Unauthenticated(ServerError):
    """No valid token: none, unknown, revoked or expired."""


class TooManyAttempts(ServerError):
    """Failed authentications from this address or with this credential are being slowed down."""


class Forbidden(ServerError):
    """The caller's role or services do not allow this."""


class NotFound(ServerError):
    """Not on the server, or not the caller's to know of (the same answer for both)."""


class Conflict(ServerError):
    """The stored state does not allow this change; nothing was changed."""


class Invalid(ServerError):
    """What was sent is not acceptable (a document, a protocol file, a parameter, an admin's input)."""


class TooLarge(ServerError):
    """A body over the limit."""


class UnsupportedMedia(ServerError):
    """A body of another media type than the endpoint takes."""


class TooSlow(ServerError):
    """A body that came too slowly."""
