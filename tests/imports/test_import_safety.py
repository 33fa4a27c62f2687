"""Imports that must not go wrong quietly: names never become categories, different data
under stored ids is refused, bad ids, quotes and misspelt mapping columns are errors naming the
place, tie strength is never guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from egonet.errors import SourceError
from egonet.imports import import_files, load_mapping
from egonet.imports.mapping import Mapping, WideMap
from egonet.store import Store
from tests.helpers import DATASETS, VACCA_MAPPING, rows

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")


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
