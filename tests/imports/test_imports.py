"""Imports of the real files in ../shared/egonet_datasets, checked against counts computed
straight from the CSV files; all-or-nothing on bad input; importing twice adds nothing."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from egonet.errors import EgonetError, SourceError, StoreError
from egonet.imports import import_files, load_mapping
from egonet.imports.mapping import Mapping
from egonet.model import interview_problems
from egonet.store import Store
from tests.helpers import DATASETS, VACCA_MAPPING, dataset, rows

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


def dyads(path: Path, cols: tuple[str, str, str, str | None], no_tie: set[str]) -> dict[str, set[frozenset[str]]]:
    """Distinct unordered pairs per ego, straight from a tie table (ego, source, target, weight columns)."""
    ego, a, b, weight = cols
    out: dict[str, set[frozenset[str]]] = defaultdict(set)
    for row in rows(path):
        if weight is None or row[weight] not in no_tie:
            out[row[ego]].add(frozenset((row[a], row[b])))
    return out


class Case(NamedTuple):
    fmt: str
    folder: str
    mapping: Mapping
    egos: str
    alters: str
    ties: str
    cols: tuple[str, str, str, str | None]
    """ego, source, target and weight columns of the tie table"""
    no_tie: set[str]


THREE_TABLES = [
    Case("egor", "egor_transnat", Mapping(no_tie=frozenset({"not at all"})), "transnat_egos.csv",
         "transnat_alters.csv", "transnat_aaties.csv", (".egoID", ".srcID", ".tgtID", "weight"), {"not at all"}),
    Case("egor", "ideanet_ngq", Mapping(columns={"source": "alter1", "target": "alter2"}), "ngq_egos.csv",
         "ngq_alters.csv", "ngq_aa.csv", ("ego_id", "alter1", "alter2", None), set()),
    Case("egoweb", "egor_format_samples/egoweb", Mapping(), "egos_32.csv", "alters_32.csv", "edges_32.csv",
         ("EgoID", "Alter.1.Number", "Alter.2.Number", "weight"), {"0"}),
    Case("egor", "vacca_srilanka_milan", Mapping(columns={"alter": "alter_ID"}), "ego_data.csv",
         "alter_attributes.csv", "alter_ties.csv", ("ego_ID", "from", "to", "weight"), {"0"}),
]  # fmt: skip


@pytest.mark.parametrize("case", THREE_TABLES, ids=[c.folder for c in THREE_TABLES])
def test_three_tables_import_every_ego_alter_and_distinct_tie(store: Store, case: Case) -> None:
    path = DATASETS / case.folder
    report = import_files(store, case.fmt, path, case.mapping, service="Import")
    ego_rows = rows(path / case.egos)
    ego_col = case.cols[0] if case.cols[0] in ego_rows[0] else ".egoID"
    assert report.result is not None and report.result.added == len(ego_rows)
    assert len(store.interviews()) == len(ego_rows)
    stored = {iv.patient.code: iv for iv in store.documents()}
    assert set(stored) == {r[ego_col] for r in ego_rows}
    alter_ego = case.cols[0] if case.cols[0] in rows(path / case.alters)[0] else ".egoID"
    per_ego: dict[str, int] = defaultdict(int)
    for row in rows(path / case.alters):
        per_ego[row[alter_ego]] += 1
    expected = dyads(path / case.ties, case.cols, case.no_tie)
    for code, iv in stored.items():
        assert len(iv.alters) == per_ego[code]
        assert len(iv.ties) == len(expected[code])
        assert not interview_problems(iv, store.protocol(iv.protocol_id, iv.protocol_version))


def gss_expected(path: Path, no_tie: set[str]) -> tuple[int, int, int, int]:
    """Egos asked, egos not asked, alters (at most five each) and ties, straight from the rows."""
    asked = alters = ties = not_asked = 0
    for row in rows(path):
        given = row["numgiven"]
        if given in ("", "NA"):
            not_asked += 1
            continue
        asked += 1
        n = min(int(given), 5)
        alters += n
        for i in range(1, n + 1):
            for j in range(i + 1, n + 1):
                cell = row.get(f"close{i}{j}") or row.get(f"close{j}{i}") or ""
                ties += cell not in ("", "NA", *no_tie)
    return asked, not_asked, alters, ties


@pytest.mark.parametrize(
    ("relative", "no_tie"),
    [("egor_gss2004/gss2004_wide.csv", {"3"}), ("gss2004_local_nets_hoffman/gss_local_nets.csv", {"0"})],
)
def test_wide_gss_files_import_at_most_five_alters_and_their_ties(
    store: Store, relative: str, no_tie: set[str]
) -> None:
    path = DATASETS / relative
    mapping = Mapping(patient_prefix="gss-", no_tie=frozenset(no_tie))
    report = import_files(store, "wide", path, mapping, service="GSS")
    asked, not_asked, alters, ties = gss_expected(path, no_tie)
    assert (report.egos, report.not_asked) == (asked, not_asked)
    interviews = list(store.documents())
    assert len(interviews) == asked
    assert sum(len(iv.alters) for iv in interviews) == alters
    assert sum(len(iv.ties) for iv in interviews) == ties
    assert max(len(iv.alters) for iv in interviews) == 5  # numgiven 6 means "6 or more": five recorded


def test_importing_the_same_files_twice_adds_nothing(store: Store) -> None:
    path = DATASETS / "ideanet_ngq"
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    first = import_files(store, "egor", path, mapping, service="Import")
    again = import_files(store, "egor", path, mapping, service="Import")
    assert first.result is not None and again.result is not None
    assert (again.result.added, again.result.unchanged) == (0, first.result.added)
    assert len(store.interviews()) == first.result.added


def test_a_tie_naming_an_unknown_alter_names_file_and_line_and_imports_nothing(store: Store, tmp_path: Path) -> None:
    path = dataset("ideanet_ngq", tmp_path)
    ties = path / "ngq_aa.csv"
    lines = ties.read_text().splitlines()
    lines.append('20,1,99,"friends",1')  # the last ego: every other ego is fine
    ties.write_text("\n".join(lines) + "\n")
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    with pytest.raises(SourceError) as caught:
        import_files(store, "egor", path, mapping, service="Import")
    assert f"{ties}:{len(lines)}" in str(caught.value.problems[0])
    assert "'99'" in str(caught.value.problems[0])
    assert store.interviews() == []
    assert store.patients() == []


def test_a_ragged_row_names_file_and_line(store: Store, tmp_path: Path) -> None:
    path = dataset("egor_format_samples/egoweb", tmp_path)
    alters = path / "alters_32.csv"
    lines = alters.read_text().splitlines()
    lines[7] += ",extra,cells"
    alters.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceError) as caught:
        import_files(store, "egoweb", path, Mapping(), service="Import")
    assert f"{alters}:8" in str(caught.value) and "cells" in str(caught.value)
    assert store.interviews() == []


def test_a_patient_already_in_the_store_stops_the_whole_import(store: Store) -> None:
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    import_files(store, "egor", DATASETS / "ideanet_ngq", mapping, service="Import")
    before = len(store.interviews())
    with pytest.raises(StoreError, match="already has another interview"):
        import_files(store, "egoweb", DATASETS / "egor_format_samples/egoweb", Mapping(), service="Import")
    assert len(store.interviews()) == before


def test_a_mapping_onto_the_built_in_protocol_gives_its_answers(store: Store, tmp_path: Path) -> None:
    (tmp_path / "vacca.toml").write_text(VACCA_MAPPING)
    mapping = load_mapping(tmp_path / "vacca.toml")
    report = import_files(store, "egor", DATASETS / "vacca_srilanka_milan", mapping)
    assert report.plan.protocol.id == "egonet-ssmi" and report.plan.protocol_text is None
    source = {r["alter_ID"]: r for r in rows(DATASETS / "vacca_srilanka_milan/alter_attributes.csv")}
    recode = {"Close family": "family", "Other family": "family", "Friends": "friend", "Acquaintances": "other"}
    seen = 0
    for iv in store.documents():
        assert iv.patient.service == "Milan" and iv.patient.code.startswith("sl-")
        for alter in iv.alters.values():
            row = source[alter.label.removeprefix("Alter ")]
            assert alter.answers["relationship"] == recode[row["alter.rel"]]
            assert alter.answers["gender"] == {"Female": "woman", "Male": "man"}[row["alter.sex"]]
            seen += 1
    assert seen == len(source)
    assert "alter.clo" in report.left_out  # not mapped onto the protocol: not imported


def test_a_value_the_protocol_does_not_allow_names_file_line_and_column(store: Store, tmp_path: Path) -> None:
    (tmp_path / "vacca.toml").write_text(
        VACCA_MAPPING.replace('"Acquaintances" = "other"', '"Acquaintances" = "stranger"')
    )
    with pytest.raises(SourceError) as caught:
        import_files(store, "egor", DATASETS / "vacca_srilanka_milan", load_mapping(tmp_path / "vacca.toml"))
    first = caught.value.problems[0]
    assert "alter_attributes.csv:" in first.where and first.field == "alter.rel"
    assert "'Acquaintances'" in first.message and "recode" in first.message
    assert len(caught.value.problems) <= 21  # capped, with a count of the rest
    assert store.interviews() == []


def test_mapping_generators_and_strength_reach_the_documents(store: Store, tmp_path: Path) -> None:
    (tmp_path / "transnat.toml").write_text(
        'skip = ["b10_*"]\n[ties]\nno_tie = ["not at all"]\n'
        'strength = { "good" = 3, "less than good" = 2, "loose contact" = 1 }\n'
        '[generators.advice]\nsupport_type = "informational"\n[generators.talk]\nsupport_type = "emotional"\n'
        '[alter.closeness]\ncolumn = "intensity"\nrole = "closeness"\n'
    )
    report = import_files(
        store, "egor", DATASETS / "egor_transnat", load_mapping(tmp_path / "transnat.toml"), service="UK"
    )
    protocol = report.plan.protocol
    assert [g.id for g in protocol.name_generators] == ["advice", "talk"]
    assert not any(q.id.startswith("b10_") for q in protocol.ego_questions)
    assert protocol.alter_question_with_role("closeness") is not None
    source = {(r[".egoID"], r[".altID"]): r for r in rows(DATASETS / "egor_transnat/transnat_alters.csv")}
    strengths = {"good": 3, "less than good": 2, "loose contact": 1}
    expected_strength: dict[tuple[str, frozenset[str]], int] = {}
    for r in rows(DATASETS / "egor_transnat/transnat_aaties.csv"):
        if r["weight"] in strengths:
            key = (r[".egoID"], frozenset((r[".srcID"], r[".tgtID"])))
            expected_strength[key] = max(expected_strength.get(key, 0), strengths[r["weight"]])
    for iv in store.documents():
        by_id = {a.id: a for a in iv.alters.values()}
        for alter in iv.alters.values():
            row = source[(iv.patient.code, alter.label.removeprefix("Alter "))]
            assert ("advice" in alter.generators) == (row["advice"] == "yes")
            assert ("talk" in alter.generators) == (row["talk"] == "yes")
        for tie in iv.ties.values():
            ends = frozenset(by_id[x].label.removeprefix("Alter ") for x in (tie.a, tie.b))
            assert tie.value == expected_strength[(iv.patient.code, ends)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[alter.x]\nrole = 'boss'\n", "alter.x.role: 'boss' is not a role"),
        ("colour = 'blue'\n", "colour: is not a known field"),
        ("[wide]\ntie = 'close'\n", "wide.tie: must contain {i} and {j}"),
        ("[ties]\nstrength = { good = 'high' }\n", "ties.strength: must be a table"),
        ("service = \n", "not valid TOML"),
    ],
)
def test_a_malformed_mapping_file_names_the_field(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(text)
    with pytest.raises(EgonetError) as caught:
        load_mapping(path)
    assert str(path) in str(caught.value.problems[0])  # type: ignore[attr-defined]
    assert expected in str(caught.value.problems[0])  # type: ignore[attr-defined]


def test_free_text_columns_are_left_out_unless_mapped(store: Store, tmp_path: Path) -> None:
    path = dataset("ideanet_ngq", tmp_path)
    alters = path / "ngq_alters.csv"
    lines = alters.read_text().splitlines()
    lines[0] += ',"note"'
    lines[1:] = [f'{line},"private remark number {i}"' for i, line in enumerate(lines[1:])]
    alters.write_text("\n".join(lines) + "\n")
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    report = import_files(store, "egor", path, mapping, service="Import", dry_run=True)
    assert report.left_out == ["note"]
    assert report.result is None and store.interviews() == []
    assert not any("private remark" in str(a.answers) for iv in report.interviews for a in iv.alters.values())


def test_the_mapping_chooses_network_canvas_edge_types(store: Store, tmp_path: Path) -> None:
    (tmp_path / "radar.toml").write_text('[networkcanvas]\nedge_types = ["Close"]\n')
    path = DATASETS / "networkcanvas_sample_radar"
    report = import_files(store, "networkcanvas", path, load_mapping(tmp_path / "radar.toml"), service="Radar")
    close: dict[str, set[frozenset[str]]] = defaultdict(set)
    for edges in path.glob("*_edgeList_Close.csv"):
        for row in rows(edges):
            close[row["networkCanvasEgoUUID"]].add(frozenset((row["from"], row["to"])))
    assert sum(len(iv.ties) for iv in report.interviews) == sum(len(pairs) for pairs in close.values())
