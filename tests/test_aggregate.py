"""Aggregates across patients: statistics against published tables and hand computation."""

from __future__ import annotations

import math

import pytest

from egonet.analysis import measure
from egonet.analysis.aggregate import ALL_SERVICES, paired_changes, summarise
from egonet.analysis.services import service_network
from egonet.analysis.stats import distribution, paired_difference, quantile, t_quantile
from egonet.model import Protocol
from egonet.session import InterviewSession


@pytest.mark.parametrize(
    ("p", "df", "table"),
    # Student's t table (e.g. Abramowitz and Stegun 26.10; any statistics textbook)
    [
        (0.975, 1, 12.7062),
        (0.975, 4, 2.7764),
        (0.975, 9, 2.2622),
        (0.975, 30, 2.0423),
        (0.95, 4, 2.1318),
        (0.995, 100, 2.6259),
    ],
)
def test_t_quantiles_match_the_table(p: float, df: int, table: float) -> None:
    assert round(t_quantile(p, df), 4) == table
    assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df))


def test_quartiles_are_r_type_7() -> None:
    # R: quantile(c(1, 2, 3, 4)) gives 1.00 1.75 2.50 3.25 4.00
    assert [quantile([1, 2, 3, 4], q) for q in (0, 0.25, 0.5, 0.75, 1)] == [1, 1.75, 2.5, 3.25, 4]
    d = distribution([4, None, 1, 3, 2])
    assert (d.n, d.n_missing, d.median, d.q1, d.q3, d.min, d.max) == (4, 1, 2.5, 1.75, 3.25, 1, 4)
    assert d.sd == pytest.approx(math.sqrt(5 / 3))
    assert distribution([None]).median is None and distribution([7]).sd is None


def test_paired_difference_by_hand() -> None:
    # differences 1, 2, 0, 2, 0: mean 1, sd 1, 95% CI 1 -/+ 2.776445 / sqrt(5), d_z = 1
    result = paired_difference([(1, 2), (2, 4), (3, 3), (4, 6), (5, 5), (None, 3)])
    assert result.n_pairs == 5
    assert result.mean_diff == pytest.approx(1.0) and result.sd_diff == pytest.approx(1.0)
    assert result.ci_low == pytest.approx(1 - 2.776445 / math.sqrt(5), abs=1e-6)
    assert result.ci_high == pytest.approx(1 + 2.776445 / math.sqrt(5), abs=1e-6)
    assert result.effect_size == pytest.approx(1.0)
    assert (result.mean_before, result.mean_after) == (3.0, 4.0)
    assert paired_difference([(1, 2)]).ci_low is None
    assert paired_difference([]).mean_diff is None
    assert paired_difference([(1, 2), (3, 4)]).effect_size is None  # differences never vary


def rows() -> list[dict[str, object]]:
    def row(patient: str, service: str, wave: int, n_informal: int | None, n_alters: int) -> dict[str, object]:
        label = "baseline" if wave == 0 else "follow-up 1"
        return {
            "patient": patient,
            "service": service,
            "wave_index": wave,
            "wave_label": label,
            "n_informal": n_informal,
            "n_alters": n_alters,
        }

    return [
        row("a", "S1", 0, 0, 4),
        row("a", "S1", 1, 2, 6),
        row("b", "S1", 0, 3, 8),
        row("b", "S1", 1, 3, 9),
        row("c", "S1", 0, None, 5),
        row("d", "S2", 0, 1, 10),
        row("d", "S2", 1, 0, 7),
    ]


def test_summaries_per_service_and_wave() -> None:
    groups = {(g.service, g.wave_index): g for g in summarise(rows(), measures=("n_alters",))}
    assert set(groups) == {("S1", 0), ("S1", 1), ("S2", 0), ("S2", 1)}
    s1 = groups[("S1", 0)]
    assert s1.n_patients == 3
    assert s1.share_no_informal == pytest.approx(1 / 2)  # c was not asked
    assert s1.distributions["n_alters"].median == 5
    assert groups[("S2", 1)].share_no_informal == 1.0


def test_paired_changes_per_service_and_overall() -> None:
    changes = {c.service: c for c in paired_changes(rows(), measures=("n_alters",))}
    assert set(changes) == {"S1", "S2", ALL_SERVICES}
    assert changes["S1"].n_patients == 2  # c has no follow-up
    assert changes["S1"].changes["n_alters"].mean_diff == pytest.approx((2 + 1) / 2)
    assert changes[ALL_SERVICES].changes["n_alters"].mean_diff == pytest.approx((2 + 1 - 3) / 3)


def test_service_network_by_hand(session: InterviewSession, protocol: Protocol) -> None:
    def professional(name: str, kind: str, setting: str) -> None:
        alter = session.add_alter(name, "professional_care")
        session.answer_alter(alter.id, "relationship", "health_professional")
        session.answer_alter(alter.id, "professional_type", kind)
        session.answer_alter(alter.id, "setting", setting)

    professional("Dr A", "psychiatrist", "hospital")
    professional("Nurse B", "nurse", "hospital")
    first = session.interview
    import copy

    second = copy.deepcopy(first)
    for alter in second.alters.values():
        if alter.label == "Nurse B":
            alter.answers["professional_type"] = "general_practitioner"
            alter.answers["setting"] = "primary_care"
    net = service_network([first, second], lambda _: protocol)
    by_node = {n.node: n for n in net.nodes}
    assert net.n_networks == 2
    assert by_node["setting:hospital"].n_networks == 2
    assert by_node["professional_type:psychiatrist"].n_networks == 2
    assert by_node["setting:primary_care"].n_networks == 1
    assert net.ties[("professional_type:psychiatrist", "setting:hospital")] == 2
    # first network: hospital, psychiatrist, nurse; second: hospital, psychiatrist, GP, primary care
    assert by_node["setting:hospital"].degree == 4
    assert by_node["setting:hospital"].strength == 2 + 1 + 1 + 1
    assert by_node["professional_type:nurse"].degree == 2
    assert by_node["setting:hospital"].degree_centrality == pytest.approx(1.0)


def test_aggregates_of_real_measure_rows(session: InterviewSession, protocol: Protocol) -> None:
    session.answer_ego("satisfaction", 4)
    row = measure(session.interview, protocol).row()
    assert row["ego_satisfaction"] == 4
    summary = summarise([row])[0]
    assert summary.distributions["ego_satisfaction"].median == 4
    assert summary.distributions["density"].n == 0  # no alter: undefined, counted as missing


def test_a_service_cannot_take_the_name_of_every_service() -> None:
    from egonet.errors import ModelError
    from egonet.model import Patient

    with pytest.raises(ModelError, match="'\\*' is not a service name"):
        Patient("P-1", "*")
