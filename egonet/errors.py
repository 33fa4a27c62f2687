"""The one error family of Egonet.

Every error that a user can cause (a bad file, a bad answer, a broken store) is an
:class:`EgonetError`; the command line prints it as ``error: <what> (<where>)`` and exits
non-zero, never with a traceback.  Anything else escaping is a bug.

    EgonetError
    ├── ModelError            an invariant of the domain model would break
    │   └── AnswerError       an answer the protocol does not allow
    ├── ProtocolError         a protocol file is malformed (carries every problem found)
    ├── DirectoryError        a directory of local resources (CSV) is malformed (every problem)
    ├── DocumentError         an interview document is malformed or of an unknown version
    │   └── SourceError       a file from another tool (egor, Network Canvas, ...) is malformed
    ├── StoreError            the local store cannot be opened or written
    │   └── NotFoundError     a patient or an interview is not in the store
    ├── UsageError            a command was called with arguments that cannot work
    ├── SyncError             the server cannot be reached, or refused the device (egonet.sync)
    └── ReportError           a report cannot be made: template, specification, language (reports)

The last two are defined beside the code that raises them (``egonet.sync`` alone imports httpx;
``reports`` is a package of its own), as children of :class:`EgonetError`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnswerError",
    "DirectoryError",
    "DocumentError",
    "EgonetError",
    "ModelError",
    "NotFoundError",
    "Problem",
    "ProtocolError",
    "SourceError",
    "StoreError",
    "UsageError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a file: where it is (file and field) and what is wrong."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        location = f"{self.where}: {self.field}" if self.field else self.where
        return f"{location}: {self.message}"


class EgonetError(Exception):
    """Base of every error Egonet raises on purpose.

    ``where`` names the file, record or object concerned, when there is one.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.message} ({self.where})" if self.where else self.message


class ModelError(EgonetError):
    """An operation would break an invariant of the domain model."""


class AnswerError(ModelError):
    """An answer is not one the protocol allows for that question."""


class _ProblemsError(EgonetError):
    """An error that carries every problem found, each printable on one line."""

    def __init__(self, problems: list[Problem], where: str | None = None) -> None:
        if not problems:
            raise ValueError("an error with problems needs at least one problem")
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first.field + ': ' if first.field else ''}{first.message}{more}", where or first.where)
        self.problems = list(problems)


class ProtocolError(_ProblemsError):
    """A protocol file is malformed; ``problems`` lists every problem found."""


class DirectoryError(_ProblemsError):
    """A directory of local resources is malformed; ``problems`` lists every problem, by line."""


class DocumentError(_ProblemsError):
    """An interview document is malformed, inconsistent or of an unknown version."""


class SourceError(DocumentError):
    """A file from another tool cannot be imported; each problem names the file and line."""


class StoreError(EgonetError):
    """The local store cannot be opened, read or written."""


class NotFoundError(StoreError):
    """A patient or an interview is not in the store."""


class UsageError(EgonetError):
    """A command was given arguments that cannot work together."""
