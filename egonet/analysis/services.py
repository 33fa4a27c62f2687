"""The service network: which care settings and professional types appear together in patients' networks.

Nodes are the values of the alter questions with role ``setting`` and ``professional_type``
(e.g. ``setting:mobile_team``, ``professional_type:psychiatrist``).  Two nodes are tied when
they appear in the same patient's network at the same wave, the tie's weight being the number
of such networks: the one-mode projection of the network-by-node affiliation matrix (Breiger
1974, *The duality of persons and groups*).  Given each patient's latest wave only (as the
service report does), a weight is the number of patients whose network holds both.

What tells the nodes apart is their *reach* (the share of networks that hold them) and their
*strength*, the weighted degree (Barrat et al. 2004; Opsahl, Agneessens & Skvoretz 2010): the sum
of the weights of their ties, i.e. how many co-appearances with another setting or profession
they take part in.  In a projection of this kind nearly every node is tied to nearly every other,
so the plain degree and the unweighted betweenness hardly differ between nodes; they are kept for
the callers that read them.

Each node also has a *group*: a generic (non-specialist) social or primary-care service, or a
mental-health service (:data:`GROUPS`).  A Belgian survey of 1,019 patients in 19 service networks
found the centrality of generic social services in the network, against that of mental-health
services, related to patients' social integration; :class:`ServiceGroup` gives that comparison.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egonet.model import Interview, Protocol

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "GENERIC",
    "GROUPS",
    "MENTAL_HEALTH",
    "ServiceGroup",
    "ServiceNetwork",
    "ServiceNode",
    "group_of",
    "service_network",
    "services_present",
]

ROLES = ("setting", "professional_type")

GENERIC = "generic"
"""Generic social or primary-care services: for everyone, not specific to mental health."""
MENTAL_HEALTH = "mental_health"
"""Specialist mental-health services."""

GROUPS: Mapping[str, str] = {
    # the built-in protocol's settings (egonet/protocol/default.toml, question ``setting``)
    "setting:hospital": MENTAL_HEALTH,  # psychiatric hospital or ward
    "setting:mobile_team": MENTAL_HEALTH,  # mobile or outreach (mental-health) team
    "setting:outpatient": MENTAL_HEALTH,  # outpatient mental-health centre
    "setting:housing": MENTAL_HEALTH,  # sheltered or supported housing (in Belgium, a mental-health service)
    "setting:primary_care": GENERIC,  # GP practice or medical centre
    "setting:social_services": GENERIC,  # public social welfare centre (CPAS/OCMW) or social services
    # and its professional types (question ``professional_type``)
    "professional_type:psychiatrist": MENTAL_HEALTH,
    "professional_type:psychologist": MENTAL_HEALTH,
    "professional_type:case_manager": MENTAL_HEALTH,
    "professional_type:peer_worker": MENTAL_HEALTH,  # peer support worker (in mental-health services)
    "professional_type:general_practitioner": GENERIC,
    "professional_type:social_worker": GENERIC,
}
"""``<role>:<value>`` -> :data:`GENERIC` or :data:`MENTAL_HEALTH`, by option value (the protocol
has no such flag).  Left out on purpose, being either: ``setting:day_centre``,
``setting:other_setting``, ``professional_type:nurse``, ``professional_type:educator``,
``professional_type:other_professional``; a value of another protocol is in no group either."""


def group_of(node: str) -> str | None:
    """:data:`GENERIC`, :data:`MENTAL_HEALTH` or ``None`` (either, or not known)."""
    return GROUPS.get(node)


@dataclass(frozen=True, slots=True)
class ServiceNode:
    node: str
    """``<role>:<value>``, e.g. ``setting:hospital``."""
    n_networks: int
    """Networks (patient-waves) in which it appears."""
    degree: int
    """Other nodes it is tied to (among what is kept)."""
    strength: int
    """Weighted degree: the sum of the weights of its (kept) ties."""
    degree_centrality: float | None
    """``degree / (N - 1)``; null with a single node."""
    betweenness: float | None
    """Normalised betweenness in the unweighted projection (Freeman 1977); null for fewer than 3 nodes."""
    reach: float | None = None
    """``n_networks / n_networks of the whole``: the share of networks (patients) that hold it."""
    group: str | None = None
    """:data:`GENERIC`, :data:`MENTAL_HEALTH` or null (:func:`group_of`)."""


@dataclass(frozen=True, slots=True)
class ServiceGroup:
    """The centrality of one group of nodes (generic or mental-health), over the kept nodes."""

    group: str
    n_nodes: int
    n_networks: int
    """Networks that hold at least one of its kept nodes."""
    reach: float | None
    """``n_networks`` over all networks."""
    mean_strength: float | None
    """The mean strength of its kept nodes (null without any)."""
    strength_share: float | None
    """Its nodes' share of the summed strength of all kept nodes (null when no tie is kept)."""


@dataclass(frozen=True, slots=True)
class ServiceNetwork:
    n_networks: int
    nodes: list[ServiceNode]
    ties: dict[tuple[str, str], int]
    groups: list[ServiceGroup] | None = None
    """:data:`GENERIC` then :data:`MENTAL_HEALTH`."""
    at_least: int = 1
    """The threshold applied: nodes and ties of fewer networks are left out."""


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
    of at least ``at_least`` networks; degree, strength, betweenness and the group summaries are
    those of what is kept (a node or tie left out must not show through the centrality of the others)."""
    seen: Counter[str] = Counter()
    weights: Counter[tuple[str, str]] = Counter()
    networks: list[list[str]] = []
    for interview in interviews:
        present = services_present(interview, protocol_of(interview))
        networks.append(present)
        seen.update(present)
        weights.update(itertools.combinations(present, 2))
    count = len(networks)
    seen = Counter({node: k for node, k in seen.items() if k >= at_least})
    weights = Counter({(a, b): k for (a, b), k in weights.items() if k >= at_least and a in seen and b in seen})
    import networkx as nx  # noqa: PLC0415  (networkx loads only for a service network)

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
            reach=seen[node] / count if count else None,
            group=group_of(node),
        )
        for node in sorted(seen, key=lambda x: (-seen[x], x))
    ]
    return ServiceNetwork(count, nodes, dict(weights), _groups(nodes, networks), at_least)


def _groups(nodes: list[ServiceNode], networks: list[list[str]]) -> list[ServiceGroup]:
    total = sum(n.strength for n in nodes)
    out = []
    for group in (GENERIC, MENTAL_HEALTH):
        members = [n for n in nodes if n.group == group]
        keys = {n.node for n in members}
        holding = sum(1 for present in networks if keys.intersection(present))
        strength = sum(n.strength for n in members)
        out.append(
            ServiceGroup(
                group=group,
                n_nodes=len(members),
                n_networks=holding,
                reach=holding / len(networks) if networks else None,
                mean_strength=strength / len(members) if members else None,
                strength_share=strength / total if total else None,
            )
        )
    return out
