"""The leads' summary hides a share that would count fewer than 5 patients, in it or out of it
(issue 17, point 6): "6% of 33" is 2 patients."""

from __future__ import annotations

from typing import Any

from egonet.analysis import measure
from egonet.protocol import default_protocol
from server.aggregates import summary_of
from server.measured import Measured
from tests.helpers import demo_cohort


def _rows(no_informal: int) -> list[dict[str, Any]]:
    """33 baseline rows of one service, ``no_informal`` of them with no informal supporter."""
    baselines = [iv for iv in demo_cohort(40, 11) if iv.wave.index == 0][:33]
    rows = [{**measure(iv, default_protocol()).row(), "service": "S"} for iv in baselines]
    return [{**r, "n_informal": 0 if i < no_informal else (r["n_informal"] or 1)} for i, r in enumerate(rows)]


def _share(no_informal: int) -> float | None:
    summary = summary_of(None, 1, "S", Measured(rows=_rows(no_informal)))  # type: ignore[arg-type]  # no query
    (wave,) = summary["waves"]
    assert wave["n_patients"] == 33
    share: float | None = wave["share_no_informal"]
    return share


def test_a_share_of_fewer_than_five_patients_is_null() -> None:
    assert _share(2) is None  # the "6% of 33"
    assert _share(4) is None and _share(0) is None


def test_a_share_leaving_out_fewer_than_five_patients_is_null() -> None:
    assert _share(31) is None and _share(33) is None


def test_a_share_of_five_or_more_on_both_sides_is_given() -> None:
    assert _share(5) == 5 / 33 and _share(28) == 28 / 33
