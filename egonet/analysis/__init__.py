"""The data-mining module: ego-network measures of interviews (networkx + numpy).

``measure(interview, protocol)`` gives every measure of one interview; ``measure_many``
streams over many.  Each measure's docstring states its definition, whether ego is included
and a reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from egonet.analysis.aggregate import ALL_SERVICES, KEY_MEASURES, GroupSummary, PairedChange, paired_changes, summarise
from egonet.analysis.brokerage import Brokerage, brokerage
from egonet.analysis.change import Change, compare, compare_waves
from egonet.analysis.composition import blau, composition, ei_index, iqv
from egonet.analysis.goals import FACTS, GoalChange, GoalFact, fact_text, goal_outcomes
from egonet.analysis.measures import IDENTITY, Measures, measure, measure_many, measure_network
from egonet.analysis.network import EgoNetwork
from egonet.analysis.prompts import PROMPT_IDS, Prompt, prompt_text, prompts
from egonet.analysis.stats import Distribution, PairedDifference, distribution, paired_difference, t_quantile
from egonet.analysis.strength import strength
from egonet.analysis.structure import Structure, components, structure
from egonet.analysis.subgroups import Subgroups, subgroups
from egonet.analysis.typology import NetworkType, Typology, typology
from egonet.lazy import lazy_names

if TYPE_CHECKING:
    from egonet.analysis.services import ServiceNetwork, ServiceNode, service_network, services_present
else:  # the network of services, only for a service's figures (not for one patient's report)
    __getattr__ = lazy_names(
        __name__,
        dict.fromkeys(["ServiceNetwork", "ServiceNode", "service_network", "services_present"], "services"),
    )

__all__ = [
    "ALL_SERVICES",
    "FACTS",
    "IDENTITY",
    "KEY_MEASURES",
    "PROMPT_IDS",
    "Brokerage",
    "Change",
    "Distribution",
    "EgoNetwork",
    "GoalChange",
    "GoalFact",
    "GroupSummary",
    "Measures",
    "NetworkType",
    "PairedChange",
    "PairedDifference",
    "Prompt",
    "ServiceNetwork",
    "ServiceNode",
    "Structure",
    "Subgroups",
    "Typology",
    "blau",
    "brokerage",
    "compare",
    "compare_waves",
    "components",
    "composition",
    "distribution",
    "ei_index",
    "fact_text",
    "goal_outcomes",
    "iqv",
    "measure",
    "measure_many",
    "measure_network",
    "paired_changes",
    "paired_difference",
    "prompt_text",
    "prompts",
    "service_network",
    "services_present",
    "strength",
    "structure",
    "subgroups",
    "summarise",
    "t_quantile",
    "typology",
]
