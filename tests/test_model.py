"""The domain model keeps its invariants whatever is asked of it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from egonet.errors import ModelError
from egonet.model import Alter, Interview, Patient, Wave, tie_key


def make_interview(n: int = 4) -> tuple[Interview, list[uuid.UUID]]:
    iv = Interview(
        id=uuid.uuid4(),
        patient=Patient("P1", "service"),
        wave=Wave.numbered(0),
        clinician="c",
        protocol_id="p",
        protocol_version="1",
        language="en",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    ids = [iv.add_alter(Alter(uuid.uuid4(), f"person {i}")).id for i in range(n)]
    return iv, ids


def test_tie_key_is_unordered_and_refuses_self_ties() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    assert tie_key(a, b) == tie_key(b, a)
    assert tie_key(a, b)[0].int < tie_key(a, b)[1].int
    with pytest.raises(ModelError, match="itself"):
        tie_key(a, a)


def test_ties_only_between_alters_of_the_interview() -> None:
    iv, ids = make_interview()
    with pytest.raises(ModelError, match="no such alter"):
        iv.set_tie(ids[0], uuid.uuid4())
    _, other_ids = make_interview()
    with pytest.raises(ModelError):
        iv.set_tie(ids[0], other_ids[1])
    assert iv.ties == {}


def test_a_pair_has_one_tie_whichever_way_it_is_set() -> None:
    iv, ids = make_interview()
    iv.set_tie(ids[0], ids[1], 1)
    iv.set_tie(ids[1], ids[0], 2)
    assert len(iv.ties) == 1
    assert iv.tie(ids[0], ids[1]) is not None
    assert iv.tie(ids[0], ids[1]).value == 2  # type: ignore[union-attr]


def test_removing_an_alter_removes_its_ties_and_census_mark() -> None:
    iv, ids = make_interview()
    iv.set_tie(ids[0], ids[1])
    iv.set_tie(ids[1], ids[2])
    iv.set_tie(ids[2], ids[3])
    iv.mark_ties_reviewed(ids[1])
    iv.remove_alter(ids[1])
    assert set(iv.ties) == {tie_key(ids[2], ids[3])}
    assert iv.ties_reviewed == []
    iv.check()


def test_merge_keeps_answers_generators_and_ties_of_both() -> None:
    iv, ids = make_interview(5)
    keep, other, x, y, z = ids
    iv.alter(keep).answers = {"relationship": "family", "closeness": 3}
    iv.alter(keep).generators = ["emotional"]
    iv.alter(other).answers = {"relationship": "friend", "contact": 4}
    iv.alter(other).generators = ["practical", "emotional"]
    iv.set_tie(keep, other)
    iv.set_tie(keep, x, None)
    iv.set_tie(other, x, 2)  # both tied to x: keep's tie had no value, takes other's
    iv.set_tie(other, y, 1)  # only other tied to y: moves to keep
    iv.set_tie(z, x)
    merged = iv.merge_alters(keep, other)
    assert merged.answers == {"relationship": "family", "closeness": 3, "contact": 4}
    assert merged.generators == ["emotional", "practical"]
    assert other not in iv.alters
    assert iv.tie(keep, x).value == 2  # type: ignore[union-attr]
    assert iv.tie(keep, y).value == 1  # type: ignore[union-attr]
    assert iv.tie(z, x) is not None
    assert len(iv.ties) == 3
    iv.check()


def test_merge_with_itself_is_refused() -> None:
    iv, ids = make_interview()
    with pytest.raises(ModelError):
        iv.merge_alters(ids[0], ids[0])


@pytest.mark.parametrize("code", ["Jean Dupont", "", " P1", "a" * 65, "é1"])
def test_patient_codes_are_pseudonyms_not_names(code: str) -> None:
    with pytest.raises(ModelError):
        Patient(code, "service")


@pytest.mark.parametrize("label", ["", "   ", "x" * 81])
def test_alter_labels_are_short_and_not_empty(label: str) -> None:
    iv, _ = make_interview(0)
    with pytest.raises(ModelError):
        iv.add_alter(Alter(uuid.uuid4(), label))


def test_labels_are_tidied() -> None:
    iv, _ = make_interview(0)
    alter = iv.add_alter(Alter(uuid.uuid4(), "  Marie   Claire "))
    assert alter.label == "Marie Claire"


def test_check_finds_a_tie_to_a_missing_alter() -> None:
    iv, ids = make_interview()
    iv.set_tie(ids[0], ids[1])
    del iv.alters[ids[1]]  # bypassing the methods, as a corrupt document would
    with pytest.raises(ModelError, match="not in the interview"):
        iv.check()
