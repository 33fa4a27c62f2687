"""What an upload did: the typed result the services return (the routes turn it into HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Result", "Stored"]


class Result(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    """The same content again (a retry after a lost answer): nothing was written."""


@dataclass(frozen=True)
class Stored:
    """An upload's outcome: the interview (with its revision) or protocol (with its version)."""

    id: str
    result: Result
    revision: int | None = None
    version: str | None = None

    def answer(self) -> dict[str, object]:
        """The JSON answer (:class:`server.schemas.Stored`): the fields that apply."""
        fields = {"id": self.id, "result": self.result.value, "revision": self.revision, "version": self.version}
        return {k: v for k, v in fields.items() if v is not None}
