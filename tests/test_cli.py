"""The ``egonet`` command, run as a user runs it: a real process, a real store file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from egonet.cli.main import cli
from egonet.protocol import default_protocol_text
from egonet.store import Store
from egonet.wire import document_problems
from tests.helpers import assert_clean_error, egonet, rows, run

COMMANDS = [
    "interview",
    "demo",
    "show",
    "export-json",
    "import-json",
    "import",
    "export",
    "report",
    "validate",
    "protocol",
    "resources",
    "measures",
    "summary",
    "login",
    "sync",
]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    result = egonet(home, "demo", "--patients", "30", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return home


def test_help_lists_every_command_with_examples(tmp_path: Path) -> None:
    result = egonet(tmp_path, "--help")  # the real program once; each command's help in this process
    assert result.returncode == 0
    assert set(COMMANDS) == set(cli.list_commands(click.Context(cli)))
    runner = CliRunner()
    for command in COMMANDS:
        assert command in result.stdout
        sub = runner.invoke(cli, [command, "--help"], env={"EGONET_HOME": str(tmp_path)})
        assert sub.exit_code == 0, sub.output
        assert "Example" in sub.output, command


def test_demo_fills_the_store_with_valid_documents(demo_home: Path) -> None:
    with Store(demo_home / "egonet.sqlite3") as store:
        patients = store.patients()
        assert len(patients) == 30
        interviews = list(store.documents())
    assert len(interviews) > 30  # most patients have a follow-up
    from egonet.wire import to_document

    for interview in interviews:
        assert document_problems(to_document(interview), "demo") == []


def test_demo_twice_with_the_same_seed_adds_nothing(demo_home: Path) -> None:
    result = egonet(demo_home, "demo", "--patients", "30", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 interviews")


def test_show_lists_patients_and_prints_waves(demo_home: Path) -> None:
    listing = egonet(demo_home, "show")
    assert listing.returncode == 0
    assert "DEMO-001" in listing.stdout
    shown = egonet(demo_home, "show", "DEMO-001")
    assert shown.returncode == 0, shown.stderr
    assert "baseline" in shown.stdout and "people" in shown.stdout
    assert_clean_error(egonet(demo_home, "show", "NOBODY"), "no such patient", "NOBODY")


def test_export_then_import_into_a_new_store_is_identical(demo_home: Path, tmp_path: Path) -> None:
    exported = egonet(demo_home, "export-json")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) > 30
    fresh = tmp_path / "fresh"
    imported = egonet(fresh, "import-json", "-", stdin=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"{len(lines)} added")
    again = egonet(fresh, "export-json")
    assert sorted(again.stdout.splitlines()) == sorted(lines)
    one = egonet(demo_home, "export-json", "--patient", "DEMO-002", "-o", str(tmp_path / "p2.jsonl"))
    assert one.returncode == 0
    docs = [json.loads(x) for x in (tmp_path / "p2.jsonl").read_text().splitlines()]
    assert {d["patient"]["code"] for d in docs} == {"DEMO-002"}


def test_numbers_and_strings_json_cannot_carry_are_refused_as_the_server_refuses_them(
    demo_home: Path, tmp_path: Path
) -> None:
    """Found on the server: ``1e400`` was stored as ``Infinity`` (not JSON) and broke every export."""
    line = egonet(demo_home, "export-json", "--patient", "DEMO-001").stdout.splitlines()[0]
    cases = {
        "infinite": line.replace('"revision":', '"x":1e400,"revision":', 1),
        "nan": line.replace('"revision":', '"x":NaN,"revision":', 1),
        "twice": line.replace('"revision":', '"revision":1,"revision":', 1),
        "surrogate": line.replace('"label":"', '"label":"\\ud800', 1),
    }
    for name, text in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text(text + "\n")
        for command in ("validate", "import-json"):
            result = egonet(tmp_path / "h", command, str(path))
            assert_clean_error(result, f"{name}.jsonl")
            assert len(result.stderr.strip().splitlines()) == 1, (name, command, result.stderr)


def test_a_broken_line_means_nothing_is_imported(demo_home: Path, tmp_path: Path) -> None:
    lines = egonet(demo_home, "export-json").stdout.splitlines()
    bad = json.loads(lines[3])
    bad["alters"][0]["answers"]["relationship"] = "cousin"
    broken = "\n".join([*lines[:3], json.dumps(bad), "{not json", *lines[5:]]) + "\n"
    (tmp_path / "broken.jsonl").write_text(broken)
    fresh = tmp_path / "fresh"
    result = egonet(fresh, "import-json", str(tmp_path / "broken.jsonl"))
    assert_clean_error(result, "broken.jsonl:4", "'cousin' is not an option", "broken.jsonl:5", "not valid JSON")
    assert len(result.stderr.strip().splitlines()) == 2
    with Store(fresh / "egonet.sqlite3") as store:
        assert store.patients() == []


def test_validate_the_default_protocol_and_a_broken_one(tmp_path: Path) -> None:
    good = tmp_path / "p.toml"
    assert egonet(tmp_path, "protocol", "-o", str(good)).returncode == 0
    assert good.read_text() == default_protocol_text()
    ok = egonet(tmp_path, "validate", str(good))
    assert ok.returncode == 0, ok.stderr
    assert "is valid" in ok.stdout
    broken = good.read_text().replace('support_type = "emotional"', 'support_type = "hugs"', 1)
    broken = broken.replace('type = "ordinal"', 'type = "slider"', 1).replace(
        'default_language = "en"', 'default_language = "de"'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(broken)
    result = egonet(tmp_path, "validate", str(bad))
    assert_clean_error(result, "support_type: 'hugs'", "'slider' is not a question type", "default_language")
    assert len(result.stderr.strip().splitlines()) == 3
    assert all(line.startswith(f"error: {bad}: ") for line in result.stderr.strip().splitlines())


def test_validate_documents(demo_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    assert egonet(demo_home, "export-json", "-o", str(path)).returncode == 0
    ok = egonet(tmp_path, "validate", str(path))
    assert ok.returncode == 0, ok.stderr
    doc = json.loads(path.read_text().splitlines()[0])
    doc["ties"].append({"a": doc["alters"][0]["id"], "b": doc["alters"][0]["id"], "value": None})
    single = tmp_path / "one.json"
    single.write_text(json.dumps(doc, indent=2))
    assert_clean_error(egonet(tmp_path, "validate", str(single)), "one.json", "itself")


BAD_FILES = {
    "empty.toml": b"",
    "binary.toml": bytes(range(256)),
    "not-toml.toml": b"[[[",
    "empty.json": b"",
    "list.json": b"[1, 2]",
    "latin1.json": '{"label": "Zo\xeb"}'.encode("latin-1"),
    "future.json": b'{"format": "egonet.interview", "schema_version": 7}',
    "half.jsonl": b'{"format": "egonet.interview", "schema_version": 2, "id": "x"',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_give_one_line_errors(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    assert_clean_error(egonet(tmp_path, "validate", str(path)), name)
    if name.endswith((".json", ".jsonl")):
        assert_clean_error(egonet(tmp_path / "h", "import-json", str(path)), name)


def test_bad_usage_and_missing_files(tmp_path: Path) -> None:
    assert_clean_error(egonet(tmp_path, "validate", str(tmp_path / "nope.toml")), "nope.toml")
    assert_clean_error(egonet(tmp_path, "demo", "--patients", "0"), "--patients")
    assert_clean_error(egonet(tmp_path, "frobnicate"), "No such command")


def test_a_foreign_file_at_the_store_path_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "egonet.sqlite3").write_text("not a database")
    assert_clean_error(egonet(tmp_path, "show"), "not an Egonet store", "egonet.sqlite3")
    assert (tmp_path / "egonet.sqlite3").read_text() == "not a database"


def test_output_to_a_closed_pipe_is_not_an_error(demo_home: Path) -> None:
    proc = run(["sh", "-c", f"{sys.executable} -m egonet export-json | head -c 10"], "EGONET_HOME", demo_home)
    assert "Traceback" not in proc.stderr


def test_show_tells_what_changed_in_the_chosen_language(demo_home: Path) -> None:
    shown = egonet(demo_home, "show", "DEMO-001", "--lang", "fr")
    assert shown.returncode == 0, shown.stderr
    assert "follow-up 1" in shown.stdout
    assert "since the previous wave:" in shown.stdout
    assert "Membre de la famille" in shown.stdout or "Professionnel de la santé" in shown.stdout
    assert "Familielid" not in shown.stdout


def test_plain_egonet_prints_the_help(tmp_path: Path) -> None:
    result = egonet(tmp_path)
    assert result.returncode == 0
    assert "Commands:" in result.stdout


def test_measures_of_the_store_and_of_a_pipe_agree(demo_home: Path) -> None:
    from_store = egonet(demo_home, "measures", "--format", "json")
    assert from_store.returncode == 0, from_store.stderr
    rows = [json.loads(line) for line in from_store.stdout.splitlines()]
    exported = egonet(demo_home, "export-json").stdout
    from_pipe = egonet(demo_home, "measures", "-", stdin=exported)
    assert [json.loads(line) for line in from_pipe.stdout.splitlines()] == rows
    assert len(rows) == len(exported.splitlines())
    labels = {a["label"] for line in exported.splitlines() for a in json.loads(line)["alters"]}
    assert not any(label in from_store.stdout for label in labels if len(label) > 3)
    first = rows[0]
    for name in (
        "n_alters",
        "density",
        "effective_size",
        "constraint",
        "ego_betweenness",
        "n_subgroups",
        "prop_formal",
        "multiplexity_mean",
        "blau_relationship",
        "ei_gender",
        "mean_closeness",
    ):
        assert name in first, name


def test_measures_as_csv_have_empty_cells_for_undefined(demo_home: Path, tmp_path: Path) -> None:
    result = egonet(demo_home, "measures", "--format", "csv", "-o", str(tmp_path / "m.csv"))
    assert result.returncode == 0, result.stderr
    measured = rows(tmp_path / "m.csv")
    assert len(measured) > 30
    assert all(row["density"] != "nan" for row in measured)
    n_alters = [int(row["n_alters"]) for row in measured]
    assert min(n_alters) >= 1


def test_measures_report_a_broken_document(tmp_path: Path) -> None:
    assert_clean_error(egonet(tmp_path, "measures", "-", stdin='{"format": "egonet.interview"}\n'), "<stdin>:1")


def test_measures_compare_gives_one_row_per_pair_of_waves(demo_home: Path) -> None:
    result = egonet(demo_home, "measures", "--compare")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with Store(demo_home / "egonet.sqlite3") as store:
        with_follow_up = sum(p.n_interviews >= 2 for p in store.patients())
    assert len(rows) == with_follow_up
    for row in rows:
        assert row["n_kept"] + row["n_lost"] >= 1
        assert row["jaccard"] is None or 0 <= row["jaccard"] <= 1
        assert "diff_density" in row


def test_measures_of_egor_tables(tmp_path: Path) -> None:
    from tests.helpers import DATASETS

    if not DATASETS.is_dir():
        pytest.skip("../shared/egonet_datasets is not beside the repository")
    folder = DATASETS / "egor_transnat"
    result = egonet(tmp_path, "measures", "--egor", str(folder), "--no-tie", "not at all", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ego_id,n_alters,n_ties,density")
    assert len(lines) == 51
    assert_clean_error(egonet(tmp_path, "measures", "--egor", str(tmp_path)), "no file for the egos table")
    assert_clean_error(egonet(tmp_path, "measures", "--egor", str(folder), "--ego-id", "nope"), "no column 'nope'")


def test_summary_shows_aggregates_without_labels(demo_home: Path) -> None:
    text = egonet(demo_home, "summary")
    assert text.returncode == 0, text.stderr
    assert "Before/after, all services:" in text.stdout and "95% CI" in text.stdout
    assert "Network types at baseline" in text.stdout
    data = egonet(demo_home, "summary", "--format", "json")
    assert data.returncode == 0, data.stderr
    result = json.loads(data.stdout)
    assert {"groups", "paired_changes", "typology", "service_network"} <= set(result)
    everything = egonet(demo_home, "export-json").stdout
    labels = {a["label"] for line in everything.splitlines() for a in json.loads(line)["alters"]}
    wishes = {json.loads(line)["ego"]["answers"].get("wish_for_change") for line in everything.splitlines()} - {None}
    for secret in labels | wishes:
        if len(secret) > 4:
            assert secret not in text.stdout and secret not in data.stdout, secret
    small = [g for g in result["groups"] if g["n_patients"] < 5]
    for group in small:
        assert f"{group['service']}, {group['wave_label']}: <5 patients" in text.stdout
        assert group["distributions"] == {} and group["n_no_informal"] is None
    for group in result["groups"]:  # a share that would count fewer than 5 patients, in or out, is null
        if group["n_no_informal"] is not None:
            assert min(group["n_no_informal"], group["n_asked"] - group["n_no_informal"]) >= 5
        elif group["n_patients"] >= 5:
            assert group["share_no_informal"] is None
    assert_clean_error(egonet(demo_home, "summary", "--service", "Nowhere"), "no interview for service 'Nowhere'")


def test_the_interview_without_a_terminal_says_so(tmp_path: Path) -> None:
    assert_clean_error(egonet(tmp_path, "interview"), "needs a terminal")
    plain = egonet(tmp_path)  # plain `egonet` with no terminal: the help, not the app
    assert plain.returncode == 0 and "interview" in plain.stdout
