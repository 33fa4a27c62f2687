"""The network of one interview, reduced to what measures need.

Nodes are the alters in the wave's network (``presence == present``), numbered ``0..n-1`` in
the order they were named; ego is implicit (tied to every alter).  Ties are undirected and
simple: a pair of alters has at most one tie, whatever the source data listed, so duplicate or
multiplex tie rows are collapsed to one dyad before any structural measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np
import numpy.typing as npt

from egonet.analysis.kernels import tie_ends
from egonet.model import Answer, Interview

__all__ = ["EgoNetwork"]


@dataclass(frozen=True, slots=True)
class EgoNetwork:
    """Alters ``0..n-1``, the ties among them, their answers and generators."""

    ids: tuple[UUID, ...]
    tie_values: Mapping[tuple[int, int], Answer | None]
    answers: tuple[Mapping[str, Answer], ...]
    generators: tuple[tuple[str, ...], ...]
    ego_answers: Mapping[str, Answer]
    ends: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] = field(compare=False, repr=False)
    """The ties as two arrays of alter indices, ``a[k] < b[k]``, in sorted order (for the kernels)."""

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def n_ties(self) -> int:
        return len(self.tie_values)

    def neighbours(self) -> tuple[frozenset[int], ...]:
        """Each alter's neighbours among alters (computed on each call: keep the result)."""
        adjacency: list[list[int]] = [[] for _ in range(self.n)]
        for i, j in self.tie_values:
            adjacency[i].append(j)
            adjacency[j].append(i)
        return tuple(map(frozenset, adjacency))

    def tie_arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The ties as two arrays of alter indices, ``a[k] < b[k]``, in sorted order."""
        return self.ends

    @classmethod
    def from_interview(cls, interview: Interview) -> EgoNetwork:
        alters = interview.active_alters()
        return cls.build(
            [a.id for a in alters],
            [(t.a, t.b, t.value) for t in interview.ties.values()],
            [a.answers for a in alters],
            [a.generators for a in alters],
            interview.ego_answers,
        )

    @classmethod
    def build(
        cls,
        ids: Sequence[UUID],
        ties: Iterable[tuple[UUID, UUID, Answer | None]],
        answers: Sequence[Mapping[str, Answer]] | None = None,
        generators: Sequence[Sequence[str]] | None = None,
        ego_answers: Mapping[str, Answer] | None = None,
    ) -> EgoNetwork:
        """From alter ids and tie rows; rows naming an alter outside ``ids``, self ties and repeats
        are dropped (a repeated dyad keeps its largest numeric value)."""
        index = {alter_id.int: i for i, alter_id in enumerate(ids)}  # int keys: hashing a UUID is slow
        values: dict[tuple[int, int], Answer | None] = {}
        for a, b, value in ties:
            i, j = index.get(a.int), index.get(b.int)
            if i is None or j is None or i == j:
                continue
            key = (i, j) if i < j else (j, i)
            if key not in values or _larger(value, values[key]):
                values[key] = value
        n = len(ids)
        ends = tie_ends(np.array([i * n + j for i, j in values], np.int64), n)
        return cls(
            tuple(ids),
            values,
            tuple(answers) if answers is not None else tuple({} for _ in range(n)),
            tuple(tuple(g) for g in generators) if generators is not None else tuple(() for _ in range(n)),
            ego_answers or {},
            ends,
        )


def _larger(value: Answer | None, old: Answer | None) -> bool:
    numeric = (int, float)
    if isinstance(value, numeric) and not isinstance(value, bool):
        return not isinstance(old, numeric) or isinstance(old, bool) or value > old
    return False
