"""The service network: which care settings and professional types appear together in patients' networks.

Nodes are the values of the alter questions with role ``setting`` and ``professional_type``
(e.g. ``setting:mobile_team``, ``professional_type:psychiatrist``).  Two nodes are tied when
they appear in the same patient's network at the same wave, the tie's weight being the number
of such networks: the one-mode projection of the network-by-node affiliation matrix (Breiger
1974, *The duality of persons and groups*).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from egonet.model import Interview, Protocol

__all__ = ["ServiceNetwork", "ServiceNode", "service_network", "services_present"]

ROLES = ("setting", "professional_type")


@dataclass(frozen=True, slots=True)
class ServiceNode:
    node: str
    """``<role>:<value>``, e.g. ``setting:hospital``."""
    n_networks: int
    """Networks (patient-waves) in which it appears."""
    degree: int
    """Other nodes it appears with at least once."""
    strength: int
    """Sum of its tie weights (co-appearances)."""
    degree_centrality: float | None
    """``degree / (N - 1)``; null with a single node."""
    betweenness: float | None
    """Normalised betweenness in the unweighted projection (Freeman 1977); null for fewer than 3 nodes."""


@dataclass(frozen=True, slots=True)
class ServiceNetwork:
    n_networks: int
    nodes: list[ServiceNode]
    ties: dict[tuple[str, str], int]


def services_present(interview: Interview, protocol: Protocol) -> list[str]:
    """The nodes of one network: ``<role>:<value>`` of the alters present, sorted."""
    questions = [q for q in (protocol.alter_question_with_role(r) for r in ROLES) if q is not None]
    return sorted(
        {f"{q.role}:{a.answers[q.id]}" for a in interview.active_alters() for q in questions if q.id in a.answers}
    )


def service_network(
    interviews: Iterable[Interview], protocol_of: Callable[[Interview], Protocol], *, at_least: int = 1
) -> ServiceNetwork:
    """The projection over ``interviews`` (alters present in each wave), keeping the nodes and ties
    of at least ``at_least`` networks; degree and betweenness are those of what is kept (a node or
    tie left out must not show through the centrality of the others)."""
    seen: Counter[str] = Counter()
    weights: Counter[tuple[str, str]] = Counter()
    count = 0
    for interview in interviews:
        present = services_present(interview, protocol_of(interview))
        count += 1
        seen.update(present)
        weights.update(itertools.combinations(present, 2))
    seen = Counter({node: k for node, k in seen.items() if k >= at_least})
    weights = Counter({(a, b): k for (a, b), k in weights.items() if k >= at_least and a in seen and b in seen})
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(seen)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    n = graph.number_of_nodes()
    between = nx.betweenness_centrality(graph, normalized=True) if n >= 3 else {}
    nodes = [
        ServiceNode(
            node=node,
            n_networks=seen[node],
            degree=graph.degree(node),
            strength=int(graph.degree(node, weight="weight")),
            degree_centrality=graph.degree(node) / (n - 1) if n >= 2 else None,
            betweenness=between.get(node) if n >= 3 else None,
        )
        for node in sorted(seen, key=lambda x: (-seen[x], x))
    ]
    return ServiceNetwork(count, nodes, dict(weights))
