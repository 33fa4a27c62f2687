"""Structural typology (Vacca 2020): k-medoids recovers clearly separated types, deterministically."""

from __future__ import annotations

import random

import pytest

from egonet.analysis.typology import PHRASES, describe, typology


def rows_of(groups: list[tuple[int, int, float, int]], seed: int = 0) -> list[dict[str, object]]:
    """``count`` networks around each (large, small, modularity), with a little noise."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for large, small, q, count in groups:
        for _ in range(count):
            out.append(
                {
                    "n_subgroups_large": max(0, large + rng.choice((0, 0, 0, 1, -1))),
                    "n_subgroups_small": max(0, small + rng.choice((0, 0, 1))),
                    "modularity": q + rng.uniform(-0.03, 0.03),
                }
            )
    return out


GROUPS = [(1, 0, 0.02, 40), (3, 1, 0.55, 30), (0, 6, 0.0, 20)]


def test_clearly_separated_types_are_found_and_described() -> None:
    rows = rows_of(GROUPS)
    result = typology(rows)
    assert result.k == 3
    assert result.silhouette is not None and result.silhouette > 0.5
    sizes = sorted(t.size for t in result.types)
    assert sizes == [20, 30, 40]
    # each generated group lands in one type
    assert len({result.assignment[i] for i in range(40)}) == 1
    assert len({result.assignment[i] for i in range(40, 70)}) == 1
    assert len({result.assignment[i] for i in range(70, 90)}) == 1
    words = {t.medians["n_subgroups_large"]: t.description for t in result.types}
    assert "cohesive" in words[1.0] or "main group" in words[1.0]
    assert "clearly separated" in words[3.0]
    assert "fragmented" in words[0.0]
    assert [t.id for t in result.types] == [1, 2, 3]


def test_deterministic_and_a_given_k_is_kept() -> None:
    rows = rows_of(GROUPS, seed=3)
    first, again = typology(rows, seed=5), typology(rows, seed=5)
    assert first == again
    assert typology(rows, k=2).k == 2


def test_networks_without_alters_have_no_type() -> None:
    rows = [*rows_of(GROUPS[:2]), {"n_subgroups_large": None, "n_subgroups_small": None, "modularity": None}]
    result = typology(rows)
    assert result.assignment[-1] is None
    assert sum(t.size for t in result.types) == len(rows) - 1


def test_too_few_networks_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least two"):
        typology([{"n_subgroups_large": 1, "n_subgroups_small": 0, "modularity": 0.0}])


def test_large_inputs_use_a_seeded_sample_and_assign_everyone() -> None:
    rows = rows_of([(1, 0, 0.02, 1500), (3, 1, 0.55, 1200)], seed=1)
    result = typology(rows, seed=9)
    assert all(a is not None for a in result.assignment)
    assert sum(t.size for t in result.types) == 2700
    assert typology(rows, seed=9) == result


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_description_is_in_the_language_of_the_report(language: str) -> None:
    """Each phrase differs from the English one, and every shape reads in the language."""
    assert set(PHRASES[language]) == set(PHRASES["en"])
    for key, text in PHRASES[language].items():
        assert text != PHRASES["en"][key] or key == "one_apart", key
    shapes = [(0, 1, 0.0), (0, 3, 0.1), (1, 0, 0.0), (1, 1, 0.2), (1, 4, 0.2), (2, 0, 0.5), (3, 2, 0.1)]
    for shape in shapes:
        english, local = describe(*shape), describe(*shape, language=language)
        assert local != english, shape
        assert all(str(int(n)) in local for n in shape[:2] if n > 1), (shape, local)
