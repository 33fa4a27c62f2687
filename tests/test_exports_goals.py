"""The support plan in the anonymised exports: a goals table (egor's CSV folder and Parquet), goal
columns in JSON Lines, their definitions in the codebook; never a note, a name of someone outside
the network, a resource's id, name or contact, or an interest."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from datetime import datetime, time
from pathlib import Path

import pandas as pd
import pytest

from egonet.demo import generate_demo
from egonet.demo.resources import demo_directories, demo_directory
from egonet.exports import FORMATS, Pseudonyms, export
from egonet.exports.codebook import codebook
from egonet.model import AlterPresence, Directory, Goal, GoalReview, Interview, Resource
from egonet.protocol import default_protocol
from egonet.store import Store

SECRET = bytes(range(32))
GOAL_TABLES = ("goals", "goal_people")


def _marked(interviews: list[Interview]) -> tuple[list[Interview], dict[str, Directory]]:
    """The demo's interviews with a unique marker in every goal's and review's note, name of someone
    outside the network and interest, every resource named from a directory whose ids, names and
    contacts are markers too."""
    directories: dict[str, Directory] = {}
    n = 0
    for iv in interviews:
        for goal in iv.plan.goals:
            n += 1
            goal.note = f"MARKNOTE{n}x"
            goal.others = [f"Markother{n}x", f"Marksecond{n}x"]
            goal.interest = f"markinterest{n}x"
            if goal.kind in ("meet_people", "link_service"):
                kind = "activity" if goal.kind == "meet_people" else "mental_health"
                goal.resource = f"markres{n}x"
                resource = Resource(goal.resource, f"MARKRESNAME{n}x", kind, contact=f"MARKCONTACT{n}x")
                known = directories.get(iv.patient.service, Directory(iv.patient.service))
                directories[iv.patient.service] = Directory(known.service, (*known.resources, resource))
        iv.plan.reviews = [GoalReview(r.goal, r.outcome, f"MARKREVIEW{i}x{n}") for i, r in enumerate(iv.plan.reviews)]
    return interviews, directories


@pytest.fixture(scope="module")
def marked() -> tuple[list[Interview], dict[str, Directory]]:
    return _marked(list(generate_demo(30, 4, default_protocol())))


def run(
    marked: tuple[list[Interview], dict[str, Directory]], fmt: str, out: Path, *, k: int = 5, shift: bool = False
) -> Path:
    interviews, directories = marked
    export(
        lambda: iter(interviews),
        lambda _iv: default_protocol(),
        fmt,
        out,
        Pseudonyms(SECRET, shift_dates=shift),
        k=k,
        directory_of=directories.get,
    )
    return out


def _markers(marked: tuple[list[Interview], dict[str, Directory]]) -> set[str]:
    interviews, directories = marked
    found = {d.resources[0].id for d in directories.values()}
    for iv in interviews:
        for goal in iv.plan.goals:
            found |= {goal.note, *goal.others, goal.interest or ""}
            found |= {str(goal.id)} | ({goal.resource} if goal.resource else set())
        found |= {r.note for r in iv.plan.reviews}
    for directory in directories.values():
        found |= {x for r in directory.resources for x in (r.id, r.name, r.contact)}
    return {m for m in found if m}


def test_the_demo_has_goals_reviews_and_resources_to_hide(marked: tuple[list[Interview], dict[str, Directory]]) -> None:
    interviews, directories = marked
    goals = [g for iv in interviews for g in iv.plan.goals]
    assert len(goals) > 30 and any(g.resource for g in goals) and any(g.others for g in goals)
    assert sum(len(iv.plan.reviews) for iv in interviews) > 10 and directories


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("shift", [False, True])
def test_no_note_name_interest_or_resource_reaches_any_byte_of_any_file(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path, fmt: str, shift: bool
) -> None:
    out = run(marked, fmt, tmp_path / fmt, shift=shift)
    markers = _markers(marked)
    assert len(markers) > 100
    lowered = {m.lower().encode() for m in markers}
    files = list(out.iterdir())
    assert files
    for path in files:
        content = path.read_bytes().lower()
        if path.suffix == ".parquet":  # compressed: the decoded table too
            content += pd.read_parquet(path).to_csv().lower().encode()
        leaked = [m for m in lowered if m in content]
        assert not leaked, (path.name, leaked[:3])
        assert b"mark" not in content, path.name  # no marker's stem either


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    names = ("egos", "alters", *GOAL_TABLES)
    return {n: pd.read_csv(out / f"{n}.csv", keep_default_na=False, dtype=str) for n in names}


def test_the_goals_table_holds_every_goal_as_the_documents_say(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    interviews, directories = marked
    tables = _tables(run(marked, "egor", tmp_path / "egor"))
    goals = tables["goals"].set_index("goalID")
    names = Pseudonyms(SECRET)
    assert len(goals) == sum(len(iv.plan.goals) for iv in interviews) and goals.index.is_unique
    reviewed = {r.goal: (r.outcome.value, iv.wave.index) for iv in interviews for r in iv.plan.reviews}
    for iv in interviews:
        for goal in iv.plan.goals:
            row = goals.loc[names.goal(goal.id)]
            assert row["egoID"] == names.interview(iv.id) and row["wave"] == str(iv.wave.index)
            assert (row["kind"], row["actor"]) == (goal.kind, goal.actor.value)
            assert (row["support"], row["service"]) == (goal.support or "", goal.service or "")
            assert (row["n_people"], row["n_others"]) == (str(len(goal.people)), str(len(goal.others)))
            resource = directories[iv.patient.service].resource(goal.resource) if goal.resource else None
            assert row["resource_kind"] == (resource.kind if resource else "")
            assert row["carried_from"] == (names.goal(goal.carried_from) if goal.carried_from else "")
            outcome, wave = reviewed.get(goal.id, ("", ""))
            assert (row["outcome"], row["outcome_wave"]) == (outcome, str(wave))
    assert set(goals["outcome"]) > {""} and "1" in set(goals["outcome_wave"])  # joined from the next wave
    assert (goals[goals["wave"] == "1"]["outcome"] == "").all()  # no wave after the follow-up
    carried = goals[goals["carried_from"] != ""]
    assert len(carried) and set(carried["carried_from"]) <= set(goals.index)


def test_the_people_of_a_goal_are_the_alters_tables_pseudonyms(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    interviews = [dataclasses.replace(iv, plan=dataclasses.replace(iv.plan)) for iv in marked[0]]
    follow = next(iv for iv in interviews if any(a.presence is AlterPresence.GONE for a in iv.alters.values()))
    gone = next(a for a in follow.alters.values() if a.presence is AlterPresence.GONE)
    follow.plan.goals = [*follow.plan.goals, Goal(uuid.uuid4(), "reconnect", people=[gone.id])]  # someone lost
    tables = _tables(run((interviews, marked[1]), "egor", tmp_path / "egor"))
    people, alters, goals = tables["goal_people"], tables["alters"], tables["goals"]
    names = Pseudonyms(SECRET)
    assert len(people) == sum(len(g.people) for iv in interviews for g in iv.plan.goals)
    here = set(zip(alters["egoID"], alters["alterID"], strict=True))
    for ego, alter, in_wave in zip(people["egoID"], people["alterID"], people["in_wave"], strict=True):
        assert ((ego, alter) in here) == (in_wave == "1")
    assert set(people["goalID"]) <= set(goals["goalID"])
    lost = people[people["alterID"] == names.alter(gone.id)]
    assert list(lost["in_wave"]) == ["0"]
    assert names.alter(gone.id) in set(alters[alters["egoID"] == names.interview(follow.previous_id)]["alterID"])
    counted = goals.set_index("goalID")["n_people"].astype(int)
    assert people.groupby("goalID").size().to_dict() == counted[counted > 0].to_dict()


@pytest.mark.parametrize("shift", [False, True])
def test_review_dates_are_coarsened_as_the_interviews_dates(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path, shift: bool
) -> None:
    interviews = marked[0]
    goals = _tables(run(marked, "egor", tmp_path / "egor", k=1, shift=shift))["goals"].set_index("goalID")
    names = Pseudonyms(SECRET, shift_dates=shift)
    for iv in interviews:
        for goal in iv.plan.goals:
            assert goal.review_on is not None
            expected = names.date(iv.patient.code, datetime.combine(goal.review_on, time()))
            assert goals.loc[names.goal(goal.id), "review_on"] == expected
            assert len(expected) == (10 if shift else 7)


def test_review_dates_are_generalised_and_suppressed_with_the_interviews_date(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    tables = _tables(run(marked, "egor", tmp_path / "egor", k=10))
    risk = json.loads((tmp_path / "egor" / "disclosure-risk.json").read_text())
    assert risk["levels"]["date"] >= 1 or risk["suppressed"] > 0
    dates = dict(zip(tables["egos"]["egoID"], tables["egos"]["date"], strict=True))
    pattern = {0: r"\d{4}-\d{2}", 1: r"\d{4}-Q[1-4]", 2: r"\d{4}", 3: r""}[risk["levels"]["date"]]
    for ego, review_on in zip(tables["goals"]["egoID"], tables["goals"]["review_on"], strict=True):
        if dates[ego] == "":  # the interview's quasi-identifiers suppressed: the review date with them
            assert review_on == ""
        else:
            assert re.fullmatch(pattern, review_on), review_on


def test_json_lines_nest_the_goals_with_their_people(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    jsonl = run(marked, "jsonl", tmp_path / "jsonl") / "interviews.jsonl"
    tables = _tables(run(marked, "egor", tmp_path / "egor"))
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    nested = {g["goalID"]: (line["ego"]["egoID"], g) for line in lines for g in line["goals"]}
    assert set(nested) == set(tables["goals"]["goalID"])
    for goal_id, people in tables["goal_people"].groupby("goalID")["alterID"]:
        assert nested[goal_id][1]["people"] == list(people)
    row = tables["goals"].iloc[0]
    ego, goal = nested[row["goalID"]]
    assert ego == row["egoID"] and goal["kind"] == row["kind"] and "egoID" not in goal and "note" not in goal


def test_parquet_goal_tables_match_the_csv_ones_and_are_typed(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    parquet = run(marked, "parquet", tmp_path / "parquet")
    egor = run(marked, "egor", tmp_path / "egor")
    for table in GOAL_TABLES:
        typed = pd.read_parquet(parquet / f"{table}.parquet")
        plain = pd.read_csv(egor / f"{table}.csv", keep_default_na=False, dtype=str)
        assert list(typed.columns) == list(plain.columns) and len(typed) == len(plain) > 0
    goals = pd.read_parquet(parquet / "goals.parquet")
    assert str(goals["wave"].dtype) == "int64" and str(goals["n_others"].dtype) == "int64"
    assert pd.read_parquet(parquet / "goal_people.parquet")["in_wave"].dtype == bool


@pytest.mark.parametrize(("language", "done"), [("en", "done"), ("fr", "fait"), ("nl", "gedaan")])
def test_the_codebook_defines_every_goal_column_in_its_language(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path, language: str, done: str
) -> None:
    interviews, directories = marked
    out = tmp_path / language
    export(
        lambda: iter(interviews),
        lambda _iv: default_protocol(),
        "egor",
        out,
        Pseudonyms(SECRET),
        language=language,
        directory_of=directories.get,
    )
    book = json.loads((out / "codebook.json").read_text(encoding="utf-8"))
    english = codebook([default_protocol()], "en", []) if language != "en" else None
    for table in GOAL_TABLES:
        header = (out / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        described = {v["name"]: v for v in book["tables"][table]}
        assert list(described) == header and all(v["description"] for v in described.values())
        if english is not None:
            theirs = {v["name"]: v["description"] for v in english["tables"][table]}
            assert all(described[n]["description"] != theirs[n] for n in header if n not in ("egoID",))
    goals = {v["name"]: v for v in book["tables"]["goals"]}
    assert goals["outcome"]["values"]["done"] == done
    assert set(goals["kind"]["values"]) == {k.id for k in default_protocol().goal_kinds}
    assert set(goals["resource_kind"]["values"]) == {
        "generic_social",
        "peer_support",
        "activity",
        "association",
        "mental_health",
    }
    assert "notes" in book["removed"] and "## goal_people" in (out / "codebook.md").read_text(encoding="utf-8")


def test_without_a_directory_the_resource_kind_is_empty(
    marked: tuple[list[Interview], dict[str, Directory]], tmp_path: Path
) -> None:
    interviews = marked[0]
    out = tmp_path / "plain"
    export(lambda: iter(interviews), lambda _iv: default_protocol(), "egor", out, Pseudonyms(SECRET))
    goals = pd.read_csv(out / "goals.csv", keep_default_na=False, dtype=str)
    assert (goals["resource_kind"] == "").all() and len(goals)


def test_the_demo_directories_kept_in_the_store_give_the_resources_kinds(store: Store, tmp_path: Path) -> None:
    interviews = list(generate_demo(12, 3, default_protocol()))
    store.import_interviews(interviews)
    if not hasattr(store, "save_directory"):
        pytest.skip("the store keeps no directory yet")
    for service in {iv.patient.service for iv in interviews}:
        store.save_directory(service, demo_directory(service))
    out = tmp_path / "egor"
    export(
        store.documents,
        lambda _iv: default_protocol(),
        "egor",
        out,
        Pseudonyms(SECRET),
        directory_of=store.directory,
    )
    goals = pd.read_csv(out / "goals.csv", keep_default_na=False, dtype=str).set_index("goalID")
    names = Pseudonyms(SECRET)
    named = [(iv, g) for iv in interviews for g in iv.plan.goals if g.resource]
    assert named
    for iv, goal in named:
        resource = demo_directories()[iv.patient.service].resource(goal.resource or "")
        assert resource is not None and goals.loc[names.goal(goal.id), "resource_kind"] == resource.kind
