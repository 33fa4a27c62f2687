"""Synthetic demo patients: deterministic, valid, and shaped like published support networks."""

from __future__ import annotations

import statistics

import networkx as nx
import pytest

from egonet.demo import generate_demo
from egonet.model import AlterPresence, Interview, Protocol, interview_problems
from egonet.store import Store
from egonet.wire import document_problems, to_document

FORMAL = {"health_professional", "social_professional"}


@pytest.fixture(scope="module")
def interviews() -> list[Interview]:
    from egonet.protocol import default_protocol

    return list(generate_demo(200, 11, default_protocol()))


def test_the_same_seed_gives_the_same_patients(protocol: Protocol) -> None:
    first = [to_document(iv) for iv in generate_demo(15, 5, protocol)]
    again = [to_document(iv) for iv in generate_demo(15, 5, protocol)]
    other = [to_document(iv) for iv in generate_demo(15, 6, protocol)]
    assert first == again
    assert first != other


def test_every_interview_is_valid(interviews: list[Interview], protocol: Protocol) -> None:
    for iv in interviews:
        assert interview_problems(iv, protocol) == []
        assert document_problems(to_document(iv), iv.patient.code) == []
        iv.check()


def test_sizes_and_composition_are_realistic(interviews: list[Interview]) -> None:
    baselines = [iv for iv in interviews if iv.wave.index == 0]
    assert len(baselines) == 200
    sizes = [len(iv.active_alters()) for iv in baselines]
    assert min(sizes) >= 5 and max(sizes) <= 25
    assert 8 <= statistics.median(sizes) <= 15
    shares, no_informal, fragmented = [], 0, 0
    for iv in baselines:
        active = iv.active_alters()
        formal = sum(a.answers.get("relationship") in FORMAL for a in active)
        shares.append(formal / len(active))
        no_informal += formal == len(active)
        graph = nx.Graph()
        graph.add_nodes_from(a.id for a in active)
        graph.add_edges_from((t.a, t.b) for t in iv.active_ties())
        fragmented += nx.number_connected_components(graph) > 1
    assert 0.3 <= statistics.mean(shares) <= 0.55
    assert 0.03 <= no_informal / 200 <= 0.2
    assert fragmented / 200 >= 0.3
    multiplex = [len(a.generators) >= 2 for iv in baselines for a in iv.active_alters()]
    assert 0.25 <= sum(multiplex) / len(multiplex) <= 0.6
    assert len({iv.patient.service for iv in baselines}) == 5


def test_follow_ups_keep_ids_lose_and_gain_people(interviews: list[Interview]) -> None:
    by_id = {iv.id: iv for iv in interviews}
    follow_ups = [iv for iv in interviews if iv.wave.index == 1]
    assert 0.75 <= len(follow_ups) / 200 <= 0.95
    gained = lost = 0
    for iv in follow_ups:
        assert iv.previous_id is not None
        base = by_id[iv.previous_id]
        assert iv.patient == base.patient
        carried = {a.id for a in iv.alters.values() if a.carried}
        assert carried == {a.id for a in base.active_alters()}
        assert all(a.carried for a in iv.alters.values() if a.presence is AlterPresence.GONE)
        lost += sum(a.presence is AlterPresence.GONE for a in iv.alters.values())
        gained += sum(not a.carried for a in iv.alters.values())
        assert iv.started_at > base.completed_at  # type: ignore[operator]
    assert lost > 0 and gained > 0


def test_the_store_takes_every_demo_interview(store: Store, interviews: list[Interview]) -> None:
    result = store.import_interviews(interviews[:60])
    assert result.added == 60
    assert len(store.interviews()) == 60
