"""Kernels for the structural measures, on graphs given as ``n`` vertices and two arrays ``a``,
``b`` of tie ends (``a[k] < b[k]``, sorted, each pair once).  They run as Python for a process
with little to measure and compiled by numba after (:mod:`.tiers`), with the same results.

- :mod:`.paths`: adjacency rows, breadth-first shortest paths with their counts and dependencies
  (Brandes 2001), reachability;
- :mod:`.summaries`: the sums behind :mod:`egonet.analysis.structure` and
  :mod:`egonet.analysis.brokerage` (components, centralization, constraint, ego betweenness);
- :mod:`.girvan_newman`: the Girvan-Newman partition of highest modularity;
- :mod:`.catalogue`: all of the above for one network in one call;
- :mod:`.tiers`: when the kernels run as Python and when compiled.

The kernels hand their results over as named tuples (:class:`StructureSums`,
:class:`BrokerageSums`, :class:`Catalogue`), built inside the kernels: callers read them
by name.

:mod:`egonet.analysis.reference` computes the same with plain networkx; the tests compare both.
"""

from egonet.analysis.kernels.catalogue import Catalogue, catalogue
from egonet.analysis.kernels.girvan_newman import TIE_TOLERANCE, girvan_newman_best, removal_order
from egonet.analysis.kernels.paths import tie_ends
from egonet.analysis.kernels.summaries import (
    BrokerageSums,
    StructureSums,
    brokerage_sums,
    node_betweenness,
    structure_sums,
)

__all__ = [
    "TIE_TOLERANCE",
    "BrokerageSums",
    "Catalogue",
    "StructureSums",
    "brokerage_sums",
    "catalogue",
    "girvan_newman_best",
    "node_betweenness",
    "removal_order",
    "structure_sums",
    "tie_ends",
]
