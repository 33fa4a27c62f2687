"""Imports of the real files in ../shared/egonet_datasets, checked against counts computed
straight from the CSV files; all-or-nothing on bad input; importing twice adds nothing."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from egonet.analysis.change import compare
from egonet.errors import EgonetError, SourceError, StoreError
from egonet.imports import import_files, load_mapping
from egonet.imports.mapping import Mapping, WideMap
from egonet.model import interview_problems
from egonet.store import Store
from tests.conftest import DATASETS

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


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


def copy(folder: str, tmp_path: Path) -> Path:
    target = tmp_path / Path(folder).name
    shutil.copytree(DATASETS / folder, target)
    return target


def test_a_tie_naming_an_unknown_alter_names_file_and_line_and_imports_nothing(store: Store, tmp_path: Path) -> None:
    path = copy("ideanet_ngq", tmp_path)
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
    path = copy("egor_format_samples/egoweb", tmp_path)
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


VACCA_MAPPING = """\
service = "Milan"
patient_prefix = "sl-"
protocol = "egonet-ssmi"
[columns]
alter = "alter_ID"
[alter.relationship]
column = "alter.rel"
values = { "Close family" = "family", "Other family" = "family", "Friends" = "friend", "Acquaintances" = "other" }
[alter.gender]
column = "alter.sex"
values = { "Female" = "woman", "Male" = "man" }
"""


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
    path = copy("ideanet_ngq", tmp_path)
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


def test_names_and_birth_dates_of_a_few_network_canvas_cases_never_become_answers(store: Store, tmp_path: Path) -> None:
    """With two cases, a name column has two values: it must still be left out (a category's
    values are printed in codebooks)."""
    folder = tmp_path / "two"
    folder.mkdir()
    for path in sorted((DATASETS / "networkcanvas_sample_sb23").glob("case_[12]_*.graphml")):
        shutil.copy(path, folder)
    report = import_files(store, "networkcanvas", folder, Mapping(), service="S")
    assert {"full_name", "dob", "heard_about"} <= set(report.left_out)
    text = str([(iv.ego_answers, [a.answers for a in iv.alters.values()]) for iv in store.documents()]).lower()
    for row in rows(next((DATASETS / "networkcanvas_sample_sb23").glob("case_1_*_ego.csv"))):
        assert row["full_name"].lower().replace(" ", "_") not in text and row["dob"] not in text


def test_another_export_in_a_folder_of_the_same_name_is_refused_not_taken_as_imported(
    store: Store, tmp_path: Path
) -> None:
    first, second = tmp_path / "a" / "export", tmp_path / "b" / "export"
    shutil.copytree(DATASETS / "networkcanvas_sample_radar", first)
    shutil.copytree(DATASETS / "networkcanvas_sample_sb23", second)
    import_files(store, "networkcanvas", first, Mapping(), service="S")
    before = [store.load(r.id) for r in store.interviews()]
    with pytest.raises(SourceError, match="imported before from other data"):
        import_files(store, "networkcanvas", second, Mapping(), service="S")
    assert [store.load(r.id) for r in store.interviews()] == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,numgiven,sex1,sex2\n7,1,1,\n7,2,1,2\n", ":3: id: ego '7' is listed twice"),
        ("id,numgiven,sex1,sex2\n7,1,1,\n,2,1,2\n", ":3: id: an ego without an id"),
        ("id,numgiven,sex1,sex2\n7,abc,1,\n", ":2: numgiven: 'abc' is not a number of people"),
        ("id,numgiven,sex1,sex2\n7,1" + "0" * 400 + ",1,\n", None),  # a huge number is at most five alters
        ('id,numgiven,sex1,sex2\n7,1,"1,\n8,1,1,\n', ":3: not a CSV table"),  # a quote never closed
    ],
)
def test_wide_files_with_bad_ids_counts_or_quotes_name_the_line(
    store: Store, tmp_path: Path, content: str, expected: str | None
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(content)
    mapping = Mapping(wide=WideMap(max_alters=2))
    if expected is None:
        report = import_files(store, "wide", path, mapping, service="S")
        assert [len(iv.alters) for iv in report.interviews] == [2]
        return
    with pytest.raises(SourceError) as caught:
        import_files(store, "wide", path, mapping, service="S")
    assert f"{path}{expected}" in str(caught.value.problems[0])
    assert store.interviews() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[ties]\ncolumn = "wieght"\n', "no column 'wieght'"),
        ('[alter.relation]\ncolumn = "relatoin"\n', "alter.relation: no column 'relatoin' with values in the alters"),
        ('[generators.advice]\ncolumn = "advise"\n', "generators.advice: no column 'advise'"),
        ('[columns]\nlabel = "name"\n', "no column 'name'"),
    ],
)
def test_a_misspelt_column_in_the_mapping_is_an_error(store: Store, tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "m.toml").write_text(text)
    with pytest.raises(SourceError, match=expected):
        import_files(store, "egor", DATASETS / "egor_transnat", load_mapping(tmp_path / "m.toml"), service="S")


def test_tie_strength_comes_only_from_the_mapping(store: Store) -> None:
    """Codes run either way (GSS close: 1 is the closest), so none is guessed."""
    report = import_files(store, "egoweb", DATASETS / "egor_format_samples/egoweb", Mapping(), service="S")
    assert report.plan.protocol.tie_question.strength is None
    assert report.tie_values and all(t.value is None for iv in report.interviews for t in iv.ties.values())


def test_an_answer_whose_condition_does_not_hold_names_the_alter_row(store: Store, tmp_path: Path) -> None:
    (tmp_path / "vacca.toml").write_text(
        VACCA_MAPPING + '[alter.professional_type]\ncolumn = "alter.nat"\n'
        'values = { "Sri Lanka" = "nurse", "Italy" = "nurse", "Other" = "nurse" }\n'
    )
    with pytest.raises(SourceError) as caught:
        import_files(store, "egor", DATASETS / "vacca_srilanka_milan", load_mapping(tmp_path / "vacca.toml"))
    first = caught.value.problems[0]
    assert "alter_attributes.csv:" in first.where and first.field == "alter.nat"
    assert "asked only when 'relationship'" in first.message


def test_alters_without_any_attribute_still_import(store: Store, tmp_path: Path) -> None:
    (tmp_path / "egos.csv").write_text("egoID\n1\n2\n")
    (tmp_path / "alters.csv").write_text("egoID,alterID\n1,1\n1,2\n2,1\n")
    (tmp_path / "aaties.csv").write_text("egoID,Source,Target\n1,1,2\n")
    report = import_files(store, "egor", tmp_path, Mapping(), service="S")
    assert [len(iv.alters) for iv in report.interviews] == [2, 1]
    assert report.plan.protocol.alter_questions == ()


def test_a_follow_up_wave_keeps_alter_ids_and_the_change_is_measured(store: Store, tmp_path: Path) -> None:
    """Wave 1 of ideanet's egos, made from the baseline files: ego 1 loses alter 2 and gains
    alter 9 (tied to alter 1); the change between the waves is what was done to the files."""
    mapping = Mapping(columns={"source": "alter1", "target": "alter2"})
    import_files(store, "egor", DATASETS / "ideanet_ngq", mapping, service="NGQ")
    follow = copy("ideanet_ngq", tmp_path)
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
