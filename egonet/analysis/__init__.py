"""The data-mining module: ego-network measures of interviews (networkx + numpy).

``measure(interview, protocol)`` gives every measure of one interview; ``measure_many``
streams over many.  Each measure's docstring states its definition, whether ego is included
and a reference.
"""

from __future__ import annotations

from egonet.analysis.brokerage import Brokerage, brokerage
from egonet.analysis.change import Change, compare, compare_waves
from egonet.analysis.composition import blau, composition, ei_index, iqv
from egonet.analysis.measures import IDENTITY, Measures, measure, measure_many, measure_network
from egonet.analysis.network import EgoNetwork
from egonet.analysis.strength import strength
from egonet.analysis.structure import Structure, components, structure
from egonet.analysis.subgroups import Subgroups, subgroups

__all__ = [
    "IDENTITY",
    "Brokerage",
    "Change",
    "EgoNetwork",
    "Measures",
    "Structure",
    "Subgroups",
    "blau",
    "brokerage",
    "compare",
    "compare_waves",
    "components",
    "composition",
    "ei_index",
    "iqv",
    "measure",
    "measure_many",
    "measure_network",
    "strength",
    "structure",
    "subgroups",
]
