"""Anonymised research exports: nothing identifying in any format, stable keyed pseudonyms,
k-anonymous quasi-identifiers, and files the target tools read (pandas for egor's tables,
networkx for GraphML)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from egonet.analysis import measure
from egonet.exports import FORMATS, Pseudonyms, export, plan_quasi_identifiers
from egonet.model import Interview, QuestionType
from egonet.protocol import default_protocol
from egonet.store import Store
from tests.helpers import assert_clean_error, egonet

SECRET = bytes(range(32))


@pytest.fixture(scope="module")
def store_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    assert egonet(home, "demo", "--patients", "40", "--seed", "8").returncode == 0
    return home


@pytest.fixture(scope="module")
def interviews(store_home: Path) -> list[Interview]:
    with Store(store_home / "egonet.sqlite3") as store:
        return list(store.documents())


def run(interviews: list[Interview], fmt: str, out: Path, secret: bytes = SECRET, k: int = 5) -> Path:
    export(lambda: iter(interviews), lambda _iv: default_protocol(), fmt, out, Pseudonyms(secret), k=k)
    return out


def identifying(interviews: list[Interview]) -> set[str]:
    """Every string of the source that must not appear in an export."""
    protocol = default_protocol()
    text_questions = {q.id for q in (*protocol.alter_questions, *protocol.ego_questions) if q.type is QuestionType.TEXT}
    found = set()
    for iv in interviews:
        found |= {iv.patient.code, str(iv.id), iv.clinician, iv.started_at.isoformat()[:16]}
        for alter in iv.alters.values():
            found |= {alter.label, str(alter.id)}
            found |= {str(v) for q, v in alter.answers.items() if q in text_questions}
        found |= {str(v) for q, v in iv.ego_answers.items() if q in text_questions}
    return {s for s in found if s}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_label_code_id_clinician_date_or_free_text_appears_in_any_file(
    interviews: list[Interview], tmp_path: Path, fmt: str
) -> None:
    out = run(interviews, fmt, tmp_path / fmt)
    secrets = identifying(interviews)
    assert len(secrets) > 500
    for path in out.iterdir():
        content = pd.read_parquet(path).to_csv() if path.suffix == ".parquet" else path.read_text(encoding="utf-8")
        words = set(re.findall(r"[\w'-]+", content))  # whole words: a name such as "An" is not "Any"
        leaked = [s for s in secrets if (s in words if re.fullmatch(r"[\w'-]+", s) else s in content)]
        assert not leaked, (path.name, leaked[:3])


def test_egor_tables_read_back_with_pandas_and_match_the_source(interviews: list[Interview], tmp_path: Path) -> None:
    out = run(interviews, "egor", tmp_path / "egor")
    egos, alters, ties = (pd.read_csv(out / name) for name in ("egos.csv", "alters.csv", "aaties.csv"))
    assert len(egos) == len(interviews) and egos["egoID"].is_unique
    assert len(alters) == sum(len(iv.active_alters()) for iv in interviews)
    assert len(ties) == sum(len(iv.active_ties()) for iv in interviews)
    assert set(alters["egoID"]) <= set(egos["egoID"]) and set(ties["Source"]) <= set(alters["alterID"])
    assert list(egos["n_alters"]) == [len(iv.active_alters()) for iv in interviews]


def test_parquet_tables_read_back_with_the_egor_tables_values(interviews: list[Interview], tmp_path: Path) -> None:
    parquet = run(interviews, "parquet", tmp_path / "parquet")
    egor = run(interviews, "egor", tmp_path / "egor")
    for table in ("egos", "alters", "aaties"):
        typed = pd.read_parquet(parquet / f"{table}.parquet")
        plain = pd.read_csv(egor / f"{table}.csv", keep_default_na=False, dtype=str)
        assert list(typed.columns) == list(plain.columns) and len(typed) == len(plain)
    alters = pd.read_parquet(parquet / "alters.parquet")
    assert str(alters["closeness"].dtype) == "int64" or alters["closeness"].isna().any()
    assert alters["gen_emotional"].dtype == bool


def test_every_graphml_file_reads_in_networkx(interviews: list[Interview], tmp_path: Path) -> None:
    out = run(interviews, "graphml", tmp_path / "graphml")
    files = sorted(out.glob("*.graphml"))
    assert len(files) == len(interviews)
    sizes = sorted(nx.read_graphml(f).number_of_nodes() for f in files)
    assert sizes == sorted(len(iv.active_alters()) + 1 for iv in interviews)


def test_pseudonyms_are_stable_with_the_secret_match_across_waves_and_differ_without_it(
    interviews: list[Interview], tmp_path: Path
) -> None:
    first = (run(interviews, "egor", tmp_path / "a") / "egos.csv").read_text()
    again = (run(interviews, "egor", tmp_path / "b") / "egos.csv").read_text()
    other = (run(interviews, "egor", tmp_path / "c", secret=bytes(32)) / "egos.csv").read_text()
    assert first == again
    assert not set(pd.read_csv(tmp_path / "a" / "egos.csv")["patient"]) & set(
        pd.read_csv(tmp_path / "c" / "egos.csv")["patient"]
    )
    assert first != other
    alters = pd.read_csv(tmp_path / "a" / "alters.csv")
    egos = pd.read_csv(tmp_path / "a" / "egos.csv")
    for patient, waves in egos.groupby("patient"):
        if len(waves) == 2:
            before, after = (set(alters[alters["egoID"] == e]["alterID"]) for e in waves.sort_values("wave")["egoID"])
            source = sorted(
                (iv for iv in interviews if Pseudonyms(SECRET).patient(iv.patient.code) == patient),
                key=lambda iv: iv.wave.index,
            )
            kept = {a.id for a in source[0].active_alters()} & {a.id for a in source[1].active_alters()}
            assert len(before & after) == len(kept)


@pytest.mark.parametrize("k", [2, 5, 10])
def test_k_anonymity_holds_on_the_exported_quasi_identifiers(
    interviews: list[Interview], tmp_path: Path, k: int
) -> None:
    out = run(interviews, "egor", tmp_path / "egor", k=k)
    egos = pd.read_csv(out / "egos.csv", keep_default_na=False)
    groups = Counter(zip(egos["service"], egos["date"], egos["ego_gender"], strict=True))
    assert min(groups.values()) >= k
    risk = json.loads((out / "disclosure-risk.json").read_text())
    assert risk["smallest_class"] == min(groups.values()) and risk["k"] == k


def test_generalisation_comes_before_suppression() -> None:
    kinds = {"date": "date", "age": "number"}
    records = Counter((f"2026-0{1 + i % 3}", 30 + i) for i in range(12))
    plan, disclosure = plan_quasi_identifiers(records, kinds, 4)
    assert disclosure.suppressed == 0 and disclosure.smallest_class >= 4
    assert plan.levels["date"] >= 1 and plan.levels["age"] >= 1  # months to quarters, ages to bands
    row: dict[str, object] = {"date": "2026-02", "age": 33}
    plan.apply(row)  # type: ignore[arg-type]
    assert row["date"] in ("2026-Q1", "2026", None) and row["age"] != 33
    lonely = records + Counter({("2019-12", 99): 1})
    plan, disclosure = plan_quasi_identifiers(lonely, kinds, 4)
    assert disclosure.smallest_class >= 4 and disclosure.records == 13


def test_the_command_line_insists_on_anonymising_and_names_a_wrong_quasi_identifier(
    store_home: Path, tmp_path: Path
) -> None:
    assert_clean_error(egonet(store_home, "export", "--format", "egor", "--out", str(tmp_path / "x")), "--anonymise")
    wrong = egonet(
        store_home, "export", "--anonymise", "--format", "jsonl", "--out", str(tmp_path / "y"), "--quasi", "shoe_size"
    )
    assert_clean_error(wrong, "no ego question 'shoe_size'")
    done = egonet(store_home, "export", "--anonymise", "--format", "jsonl", "--out", str(tmp_path / "z"))
    assert done.returncode == 0 and "exported" in done.stdout
    assert (store_home / "export-secret").stat().st_mode & 0o077 == 0  # the project secret: owner only


def test_measures_can_come_with_the_export_defined_in_the_codebook(interviews: list[Interview], tmp_path: Path) -> None:
    out = tmp_path / "m"
    export(
        lambda: iter(interviews), lambda _iv: default_protocol(), "egor", out, Pseudonyms(SECRET), with_measures=True
    )
    egos = pd.read_csv(out / "egos.csv")
    expected = pd.Series([measure(iv, default_protocol()).structure.density for iv in interviews], dtype=float)
    pd.testing.assert_series_equal(egos["density"], expected, check_names=False, rtol=1e-9)
    assert "interview_id" not in egos.columns and "wave_label" not in egos.columns  # no identity column
    # nor what gives ego's suppressed answers back beside the alters' (found by the server's probe)
    assert not [c for c in egos.columns if c.startswith(("ei_", "similarity_"))]
    assert "n_gender_woman" in egos.columns
    book = json.loads((out / "codebook.json").read_text())
    described = {v["name"]: v["description"] for v in book["tables"]["egos"]}
    assert described["density"].startswith("Density: Ties among alters") and described["n_relationship_family"]
