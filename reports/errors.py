"""The reporter's errors (children of :class:`egonet.errors.EgonetError`: one error family)."""

from __future__ import annotations

from egonet.errors import EgonetError

__all__ = ["ReportError"]


class ReportError(EgonetError):
    """A report that cannot be made: a broken template (with its name and line), a bad
    specification file, an unknown language or format."""
