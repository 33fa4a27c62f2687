"""Who is calling: a bearer token, looked up by its digest; repeated failures are slowed down.

A client (by address) that fails to authenticate ``max_failed_auth`` times within
``failed_auth_window`` seconds gets 429 until the window has passed, whatever it sends.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import Token, User
from server.errors import ServerError
from server.people import digest

__all__ = ["FailureLimiter", "authenticate"]


class FailureLimiter:
    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = Lock()

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] < time.monotonic() - self.window:
            failures.popleft()
        return failures

    def check(self, client: str) -> None:
        with self._lock:
            if len(self._recent(client)) >= self.limit:
                raise ServerError("too many failed attempts to authenticate; wait and try again", 429)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())


def authenticate(db: Session, header: str | None, client: str, limiter: FailureLimiter) -> User:
    """The user of a valid, unrevoked ``Authorization: Bearer <token>``; 401 otherwise."""
    limiter.check(client)
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        limiter.failed(client)
        raise ServerError("a token is needed: Authorization: Bearer <token>", 401)
    found = db.scalar(select(Token).where(Token.digest == digest(token.strip()), Token.revoked_at.is_(None)))
    if found is None:
        limiter.failed(client)
        raise ServerError("this token is not valid (unknown or revoked)", 401)
    return found.user
