"""The interview document: round trips, the JSON Schema, upgrades and broken documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from egonet.errors import DocumentError
from egonet.session import InterviewSession
from egonet.wire import SCHEMA_VERSION, dumps, from_document, loads, schema, to_document

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "egonet" / "wire" / "interview.schema.json"


@pytest.fixture
def document(session: InterviewSession) -> dict[str, Any]:
    marie = session.add_alter("Marie-Thérèse", "emotional")
    jan = session.add_alter("Jan", "practical")
    session.add_generator(jan.id, "emotional")
    session.answer_alter(marie.id, "relationship", "family")
    session.answer_alter(marie.id, "closeness", 3)
    session.set_tie(marie.id, jan.id, 2)
    session.mark_ties_reviewed(marie.id)
    session.answer_ego("satisfaction", 4)
    session.complete()
    return to_document(session.interview)


def test_round_trip_is_exact(document: dict[str, Any]) -> None:
    again = to_document(from_document(copy.deepcopy(document)))
    assert again == document
    assert to_document(loads(dumps(from_document(document)))) == document


def test_the_committed_schema_file_validates_documents(document: dict[str, Any]) -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == schema()
    jsonschema.Draft202012Validator.check_schema(committed)
    jsonschema.validate(document, committed)
    assert document["schema_version"] == SCHEMA_VERSION


def test_a_version_1_document_is_upgraded(document: dict[str, Any]) -> None:
    old = {
        k: v
        for k, v in document.items()
        if k not in ("schema_version", "ego", "alters", "ties", "previous_interview", "updated_at", "tie_census")
    }
    old["version"] = 1
    old["ego_answers"] = document["ego"]["answers"]
    old["alters"] = [
        {"id": a["id"], "name": a["label"], "name_generators": a["generators"], "answers": a["answers"]}
        for a in document["alters"]
    ]
    old["ties"] = [[t["a"], t["b"]] for t in document["ties"]]
    interview = from_document(old)
    upgraded = to_document(interview)
    assert upgraded["schema_version"] == SCHEMA_VERSION
    assert [a["label"] for a in upgraded["alters"]] == ["Marie-Thérèse", "Jan"]
    assert upgraded["alters"][1]["generators"] == ["practical", "emotional"]
    assert upgraded["ties"] == [{**document["ties"][0], "value": None}]
    assert upgraded["ego"] == document["ego"]


def test_a_version_2_document_reads_with_no_pairs_pending(document: dict[str, Any]) -> None:
    old = {**document, "schema_version": 2, "tie_census": {"reviewed": document["tie_census"]["reviewed"]}}
    interview = from_document(old)
    assert interview.ties_pending == {}
    assert to_document(interview) == {**document, "tie_census": {**document["tie_census"], "pending": {}}}


def mutate(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    *parents, last = path.split(".")
    node: Any = out
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("schema_version", 99, "newer than this Egonet reads"),
        ("schema_version", "2", "not an integer"),
        ("format", "something.else", "is not an Egonet interview"),
        ("id", "not-a-uuid", "id: 'not-a-uuid' does not match"),
        ("patient.code", "Jean Dupont", "patient.code"),
        ("status", "paused", "status: 'paused' is not one of"),
        ("alters.0.presence", "maybe", "alters.0.presence"),
        ("alters.0.label", "", "alters.0.label"),
        ("ties.0.b", None, "ties.0.b"),
        ("started_at", "yesterday", "started_at"),
        ("alters", DELETE, "'alters' is a required property"),
        ("revision", -1, "revision"),
    ],
)
def test_a_broken_document_says_which_field(document: dict[str, Any], path: str, value: Any, expected: str) -> None:
    with pytest.raises(DocumentError) as caught:
        from_document(mutate(document, path, value), "doc.json")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert expected in text
    assert text.startswith("doc.json")


def test_inconsistent_documents_are_refused(document: dict[str, Any]) -> None:
    self_tie = mutate(document, "ties.0.b", document["ties"][0]["a"])
    with pytest.raises(DocumentError, match="itself"):
        from_document(self_tie)
    stranger = mutate(document, "ties.0.b", "00000000-0000-4000-8000-000000000000")
    with pytest.raises(DocumentError, match="not in the interview"):
        from_document(stranger)
    twice = mutate(document, "alters.1.id", document["alters"][0]["id"])
    with pytest.raises(DocumentError, match="already in the interview"):
        from_document(twice)
    duplicate_tie = copy.deepcopy(document)
    duplicate_tie["ties"].append({"a": document["ties"][0]["b"], "b": document["ties"][0]["a"], "value": 1})
    with pytest.raises(DocumentError, match="two ties"):
        from_document(duplicate_tie)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '"x"', "\xff"])
def test_not_json_or_not_an_object(text: str) -> None:
    with pytest.raises(DocumentError):
        loads(text)


def test_an_oversize_document_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError, match="larger than"):
        loads("[" + "0," * 2_000_000 + "0]")


@pytest.mark.parametrize("moment", ["0000-00-00T00:00:00Z", "2026-02-30T10:00:00Z", "0001-01-01T00:00:00+23:59"])
def test_an_impossible_date_is_a_document_error_not_a_crash(moment: str, document: dict[str, Any]) -> None:
    doc = copy.deepcopy(document)
    doc["started_at"] = moment
    with pytest.raises(DocumentError) as caught:
        from_document(doc, "upload")
    assert caught.value.problems[0].field == "started_at" and "not a date and time" in caught.value.problems[0].message
