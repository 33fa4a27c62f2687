"""Every structural sum of one network in one compiled call (what ``measure`` needs)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from egonet.analysis.kernels.girvan_newman import divide
from egonet.analysis.kernels.paths import Floats, Ints
from egonet.analysis.kernels.summaries import brokerage_sums, sums_with_betweenness


@njit(cache=True)
def catalogue(n: int, a: Ints, b: Ints) -> tuple[Floats, Floats, Ints, float]:
    """:func:`.structure_sums`, :func:`.brokerage_sums`, and the Girvan-Newman partition of
    highest modularity with that modularity (NaN without ties, when every alter is alone).
    Girvan-Newman's first pass yields the vertices' betweenness, which the structure sums reuse.
    Needs n >= 1."""
    between = np.zeros(n)
    if len(a) > 0:
        labels, q = divide(n, a, b, np.full(len(a), -1, np.int64), True, between)
    else:
        labels, q = np.arange(n), math.nan
    return sums_with_betweenness(n, a, b, between), brokerage_sums(n, a, b), labels, q
