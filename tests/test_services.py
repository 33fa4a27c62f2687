"""The service network (issue 17 point 3): tie weights are counts of patients, counted here by hand
from the interviews; the measures tell the settings and professions apart; every generic or
mental-health node is one of the built-in protocol's options."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from egonet.analysis import services
from egonet.analysis.services import service_network
from egonet.model import Interview, InterviewStatus
from egonet.protocol import default_protocol
from tests.helpers import demo_cohort

PROTOCOL = default_protocol()


def latest_waves(patients: int = 30, seed: int = 3) -> list[Interview]:
    """Each demo patient once, at their latest completed wave (as the service report counts)."""
    latest: dict[str, Interview] = {}
    done = [iv for iv in demo_cohort(patients, seed) if iv.status is InterviewStatus.COMPLETED]
    for iv in sorted(done, key=lambda iv: iv.wave.index):
        latest[iv.patient.code] = iv
    return list(latest.values())


def by_hand(interviews: list[Interview]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Per node and per pair of nodes, the patients whose network holds it (both), from the answers."""
    nodes: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for iv in interviews:
        held = set()
        for alter in iv.alters.values():
            if alter.active:
                held |= {f"{q}:{alter.answers[q]}" for q in ("setting", "professional_type") if q in alter.answers}
        nodes.update(held)
        pairs.update(itertools.combinations(sorted(held), 2))
    return nodes, pairs


def test_tie_weights_are_the_patients_whose_latest_wave_holds_both() -> None:
    interviews = latest_waves()
    nodes, pairs = by_hand(interviews)
    net = service_network(interviews, lambda _iv: PROTOCOL, at_least=5)
    kept = {n for n, k in nodes.items() if k >= 5}
    assert net.ties == {p: k for p, k in pairs.items() if k >= 5 and set(p) <= kept}
    assert {n.node: n.n_networks for n in net.nodes} == {n: nodes[n] for n in kept}
    assert net.n_networks == len(interviews) == 30 and net.at_least == 5
    for node in net.nodes:  # strength: the weighted degree over the ties kept
        assert node.strength == sum(k for p, k in net.ties.items() if node.node in p)
        assert node.reach == pytest.approx(nodes[node.node] / 30)


def test_the_measures_tell_the_settings_and_professions_apart() -> None:
    """Before: every node's degree centrality was (nearly) the same and its betweenness 0."""
    net = service_network(latest_waves(), lambda _iv: PROTOCOL, at_least=5)
    assert len(net.nodes) >= 8
    assert len({n.strength for n in net.nodes}) >= len(net.nodes) // 2
    assert len({n.reach for n in net.nodes}) >= 5
    assert max(n.strength for n in net.nodes) >= 3 * min(n.strength for n in net.nodes)


def test_every_grouped_node_is_an_option_of_the_built_in_protocol() -> None:
    options = {
        f"{q.role}:{o.value}"
        for q in PROTOCOL.alter_questions
        if q.role in ("setting", "professional_type")
        for o in q.options
    }
    assert set(services.GROUPS) <= options
    assert set(services.GROUPS.values()) == {services.GENERIC, services.MENTAL_HEALTH}
    generic = {k for k, g in services.GROUPS.items() if g == services.GENERIC}
    assert {"setting:social_services", "professional_type:social_worker"} <= generic
    assert {"setting:hospital", "professional_type:psychiatrist"} <= set(services.GROUPS) - generic


def test_the_group_summary_is_that_of_the_nodes_kept() -> None:
    interviews = latest_waves()
    net = service_network(interviews, lambda _iv: PROTOCOL, at_least=5)
    assert net.groups is not None
    summary = {g.group: g for g in net.groups}
    assert set(summary) == {services.GENERIC, services.MENTAL_HEALTH}
    total = sum(n.strength for n in net.nodes)
    for group, g in summary.items():
        members = [n for n in net.nodes if n.group == group]
        keys = {n.node for n in members}
        holding = sum(1 for iv in interviews if keys & set(by_hand([iv])[0]))
        assert (g.n_nodes, g.n_networks) == (len(members), holding)
        assert g.mean_strength == pytest.approx(sum(n.strength for n in members) / len(members))
        assert g.strength_share == pytest.approx(sum(n.strength for n in members) / total)
    assert summary[services.GENERIC].strength_share + summary[services.MENTAL_HEALTH].strength_share <= 1
