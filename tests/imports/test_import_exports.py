"""The real data sets, imported with the command line, then exported in every format: each
opens in the library it targets, no name or free text of the source appears, and k-anonymity
holds on the exported quasi-identifiers."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from egonet.exports import FORMATS
from egonet.imports.variables import option_key
from egonet.model import Interview
from egonet.store import Store
from tests.helpers import DATASETS, assert_clean_error, egonet, rows

pytestmark = pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared/egonet_datasets is not beside the repository")

IMPORTS = {
    # service: (format, path, mapping file text); Vacca's Milan study (4,590 alters) is imported in
    # test_imports.py, and left out here to keep the suite short
    "Transnat": (
        "egor",
        "egor_transnat",
        'patient_prefix = "tn-"\nskip = ["b10_*"]\n[ties]\nno_tie = ["not at all"]\n',
    ),
    "NGQ": ("egor", "ideanet_ngq", 'patient_prefix = "ngq-"\n[columns]\nsource = "alter1"\ntarget = "alter2"\n'),
    "EgoWeb": ("egoweb", "egor_format_samples/egoweb", 'patient_prefix = "ew-"\n'),
    "GSS": ("wide", "egor_gss2004/gss2004_wide.csv", 'patient_prefix = "gss-"\n[ties]\nno_tie = ["3"]\n'),
    "Radar": ("networkcanvas", "networkcanvas_sample_radar", 'patient_prefix = "radar-"\n'),
    "SB23": ("networkcanvas", "networkcanvas_sample_sb23", 'patient_prefix = "sb-"\n'),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("imported")
    for service, (fmt, relative, text) in IMPORTS.items():
        mapping = home / f"{service}.toml"
        mapping.write_text(text)
        result = egonet(home, "import", fmt, str(DATASETS / relative), "--service", service, "--mapping", str(mapping))
        assert result.returncode == 0, result.stderr
        assert "interviews added" in result.stdout and not result.stderr
    return home


@pytest.fixture(scope="module")
def exported(home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format's export of the whole store, made once."""
    folders = {}
    for fmt in FORMATS:
        out = tmp_path_factory.mktemp("exports") / fmt
        result = egonet(home, "export", "--anonymise", "--format", fmt, "--out", str(out), "--k", "2")
        assert result.returncode == 0, result.stderr
        folders[fmt] = out
    return folders


@pytest.fixture(scope="module")
def interviews(home: Path) -> list[Interview]:
    with Store(home / "egonet.sqlite3") as store:
        return list(store.documents())


def source_strings() -> set[str]:
    """Alter names and free text of the source files: Network Canvas names, ego full names,
    open answers (strings of more than one word, or of letters and a capital)."""
    found: set[str] = set()
    for folder in ("networkcanvas_sample_radar", "networkcanvas_sample_sb23"):
        for path in (DATASETS / folder).glob("*.csv"):
            for row in rows(path):
                for column in ("name", "full_name", "heard_about"):
                    if row.get(column, "").strip():
                        found.add(row[column].strip())
    return found


def test_every_data_set_is_in_the_store(interviews: list[Interview]) -> None:
    services = Counter(iv.patient.service for iv in interviews)
    assert set(services) == set(IMPORTS)
    assert services["GSS"] == 298 and services["Transnat"] == 50 and services["EgoWeb"] == 32


def test_a_second_import_adds_nothing(home: Path, interviews: list[Interview]) -> None:
    fmt, relative, _ = IMPORTS["NGQ"]
    result = egonet(
        home, "import", fmt, str(DATASETS / relative), "--service", "NGQ", "--mapping", str(home / "NGQ.toml")
    )
    assert result.returncode == 0 and "0 interviews added, 20 already in the store" in result.stdout
    with Store(home / "egonet.sqlite3") as store:
        assert len(store.interviews()) == len(interviews)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_name_or_free_text_of_the_sources_appears_in_any_export(
    exported: dict[str, Path], interviews: list[Interview], fmt: str
) -> None:
    out = exported[fmt]
    secrets = source_strings() | {
        a.label for iv in interviews for a in iv.alters.values() if not a.label.startswith("Alter ")
    }
    secrets |= {iv.patient.code for iv in interviews} | {str(a) for iv in interviews for a in iv.alters}
    secrets |= {option_key(s) for s in secrets if " " in s}  # a name as an option value: winston_rice
    assert len(secrets) > 2000
    for path in out.iterdir():
        content = pd.read_parquet(path).to_csv() if path.suffix == ".parquet" else path.read_text(encoding="utf-8")
        words = set(re.findall(r"[\w'-]+", content))
        leaked = [s for s in secrets if (s in words if re.fullmatch(r"[\w'-]+", s) else s in content)]
        assert not leaked, (path.name, leaked[:3])


def test_egor_tables_of_the_imports_read_back_with_pandas(
    exported: dict[str, Path], interviews: list[Interview]
) -> None:
    out = exported["egor"]
    egos, alters, ties = (
        pd.read_csv(out / name, low_memory=False) for name in ("egos.csv", "alters.csv", "aaties.csv")
    )
    assert len(egos) == len(interviews)
    assert len(alters) == sum(len(iv.alters) for iv in interviews)
    assert len(ties) == sum(len(iv.ties) for iv in interviews)
    for service, count in Counter(iv.patient.service for iv in interviews).items():
        assert (egos["service"] == service).sum() == count


def test_every_graphml_file_of_the_imports_reads_in_networkx(
    exported: dict[str, Path], interviews: list[Interview]
) -> None:
    out = exported["graphml"]
    graphs = [nx.read_graphml(f) for f in sorted(out.glob("*.graphml"))]
    assert len(graphs) == len(interviews)
    assert sorted(g.number_of_edges() for g in graphs) == sorted(len(iv.ties) + len(iv.alters) for iv in interviews)


@pytest.mark.parametrize("k", [2, 5])
def test_k_anonymity_holds_on_the_gss_quasi_identifiers(home: Path, tmp_path: Path, k: int) -> None:
    out = tmp_path / "gss"
    result = egonet(
        home, "export", "--anonymise", "--format", "egor", "--out", str(out), "--service", "GSS",
        "--quasi", "age", "--quasi", "sex", "--quasi", "race", "--k", str(k),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    egos = pd.read_csv(out / "egos.csv", keep_default_na=False, dtype=str)
    groups = Counter(
        zip(egos["service"], egos["date"], egos["ego_age"], egos["ego_sex"], egos["ego_race"], strict=True)
    )
    assert min(groups.values()) >= k


def test_a_broken_file_is_one_line_naming_file_and_line_and_nothing_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "egos.csv").write_text("egoID,sex\n1,w\n2,m\n")
    (folder / "alters.csv").write_text("egoID,alterID,sex\n1,1,w\n1,2,m\n2,1,w\n")
    (folder / "aaties.csv").write_text("egoID,Source,Target\n1,1,2\n2,1,7\n")
    result = egonet(tmp_path, "import", "egor", str(folder), "--service", "S")
    assert_clean_error(result, f"{folder / 'aaties.csv'}:3", "'7'")
    assert "no patients yet" in egonet(tmp_path, "show").stdout


def test_import_needs_a_service_and_has_help_with_an_example(tmp_path: Path) -> None:
    result = egonet(tmp_path, "import", "egor", str(DATASETS / "ideanet_ngq"))
    assert_clean_error(result, "--service")
    assert result.returncode == 2
    shown = egonet(tmp_path, "import", "--help")
    assert shown.returncode == 0 and "Example" in shown.stdout
