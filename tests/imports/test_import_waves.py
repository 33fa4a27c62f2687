"""Follow-up waves imported after a baseline: the same alter ids, the change measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from egonet.analysis.change import compare
from egonet.errors import SourceError
from egonet.imports import import_files
from egonet.imports.mapping import Mapping
from egonet.store import Store
from tests.helpers import DATASETS, dataset, rows

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


def test_a_follow_up_wave_keeps_alter_ids_and_the_change_is_measured(store: Store, tmp_path: Path) -> None:
    """Wave 1 of ideanet's egos, made from the baseline files: ego 1 loses alter 2 and gains
    alter 9 (tied to alter 1); the change between the waves is what was done to the files."""
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    import_files(store, "egor", DATASETS / "ideanet_ngq", mapping, service="NGQ")
    follow = dataset("ideanet_ngq", tmp_path)
    alters = (follow / "ngq_alters.csv").read_text().splitlines()
    first_of_ego_1 = next(line for line in alters[1:] if line.startswith("1,1,"))
    kept = [line for line in alters if not line.startswith("1,2,")]
    kept.append("1,9," + first_of_ego_1.split(",", 2)[2])
    (follow / "ngq_alters.csv").write_text("\n".join(kept) + "\n")
    ties = [
        line for line in (follow / "ngq_aa.csv").read_text().splitlines() if not line.startswith(("1,2,", "1,1,2,"))
    ]
    ties.append('1,1,9,"friends",3')
    (follow / "ngq_aa.csv").write_text("\n".join(ties) + "\n")
    report = import_files(store, "egor", follow, mapping, service="NGQ", wave=1)
    assert report.result is not None and report.result.added == 20
    waves = {iv.wave.index: iv for iv in store.documents("1")}
    before, after = waves[0], waves[1]
    assert after.previous_id == before.id and after.protocol_version == before.protocol_version
    change = compare(before, after, store.protocol(after.protocol_id, after.protocol_version))
    source_before = {r["alter_id"] for r in rows(DATASETS / "ideanet_ngq/ngq_alters.csv") if r["ego_id"] == "1"}
    assert (change.n_kept, change.n_lost, change.n_gained) == (len(source_before) - 1, 1, 1)
    assert change.n_gained_tied_to_kept == 1
    assert all(a.carried for a in after.alters.values() if a.label != "Alter 9")
    for alter_id in set(before.alters) & set(after.alters):  # the same questions, answered the same
        assert after.alters[alter_id].answers == before.alters[alter_id].answers
    unchanged = list(store.documents("2"))
    assert len(unchanged) == 2 and set(unchanged[0].alters) == set(unchanged[1].alters)


def test_a_follow_up_needs_the_previous_wave_in_the_store(store: Store) -> None:
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    with pytest.raises(SourceError, match="has no wave 0 in the store: import it first"):
        import_files(store, "egor", DATASETS / "ideanet_ngq", mapping, service="NGQ", wave=1)
    assert store.interviews() == []
