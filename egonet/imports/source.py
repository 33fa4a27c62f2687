"""What every reader of another tool's files produces: egos, their alters and ties, as text.

Readers (:mod:`egonet.imports.egor`, :mod:`~egonet.imports.networkcanvas`,
:mod:`~egonet.imports.wide`) only find the records and their cells; turning cells into answers
of a protocol is :mod:`egonet.imports.build`'s job, the same for every format.  Every record
keeps ``where`` (``file:line``, or ``file: node 7`` for XML) so that a problem found later still
names the place in the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["SourceAlter", "SourceEgo", "SourceTie"]


@dataclass(slots=True)
class SourceAlter:
    """One alter: its id within its ego, its cells (column -> text; blank cells left out), and
    its name when the source has one (an identifying label, never an answer)."""

    id: str
    where: str
    cells: dict[str, str] = field(default_factory=dict)
    label: str | None = None


@dataclass(slots=True)
class SourceTie:
    """One row of alter-alter ties; ``value`` is the tie's cell (strength, or a "no tie" code)."""

    a: str
    b: str
    where: str
    value: str | None = None


@dataclass(slots=True)
class SourceEgo:
    """One ego (one interview): its id, its own cells, its alters and ties.

    ``started`` and ``finished`` are ISO 8601 times when the source records them.
    """

    id: str
    where: str
    cells: dict[str, str] = field(default_factory=dict)
    alters: list[SourceAlter] = field(default_factory=list)
    ties: list[SourceTie] = field(default_factory=list)
    started: str | None = None
    finished: str | None = None
