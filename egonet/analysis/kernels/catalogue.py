"""Every structural sum of one network in one kernel call (what ``measure`` needs)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from egonet.analysis.kernels.girvan_newman import divide
from egonet.analysis.kernels.paths import Ints
from egonet.analysis.kernels.summaries import BrokerageSums, StructureSums, brokerage_sums, sums_with_betweenness
from egonet.analysis.kernels.tiers import kernel

__all__ = ["Catalogue", "catalogue"]


class Catalogue(NamedTuple):
    """Everything :func:`catalogue` computes for one network (built inside the compiled code)."""

    structure: StructureSums
    brokerage: BrokerageSums
    labels: Ints
    """Each alter's subgroup in the Girvan-Newman partition of highest modularity."""
    modularity: float
    """That partition's modularity; NaN without ties (every alter alone: undefined)."""


@kernel
def catalogue(n: int, a: Ints, b: Ints) -> Catalogue:
    """:func:`.structure_sums`, :func:`.brokerage_sums`, and the Girvan-Newman partition of
    highest modularity with that modularity.  Girvan-Newman's first pass yields the vertices'
    betweenness, which the structure sums reuse.  Needs n >= 1."""
    between = np.zeros(n)
    if len(a) > 0:
        labels, q = divide(n, a, b, np.full(len(a), -1, np.int64), True, between)
    else:
        labels, q = np.arange(n), math.nan
    return Catalogue(sums_with_betweenness(n, a, b, between), brokerage_sums(n, a, b), labels, q)
