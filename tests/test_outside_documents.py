"""Documents from outside read quickly (``from_document(..., quick=True)``, ``egonet measures FILE``)
give the answer of the full JSON Schema check, for every document: the same interview, or the
same problems.  The quick check (:func:`egonet.wire.document.conforms`) may only accept what
the schema accepts; here it meets documents broken in many ways: every field of a document set
to values of every JSON type, fields added and removed, the broken documents of
``tests/test_wire.py`` and the hostile bodies of ``tests/server/test_hostile.py``."""

from __future__ import annotations

import copy
import io
import json
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from egonet.cli.documents import iter_interviews
from egonet.cli.measures import _document, _split
from egonet.demo.synthetic import generate_demo
from egonet.errors import DocumentError, Problem
from egonet.protocol import default_protocol
from egonet.wire import from_document, to_document
from egonet.wire.schema import _Generator, conforms

VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    2.5,
    10**12,
    "",
    "x",
    "x" * 600,
    "Not An Id",
    "00000000-0000-4000-8000-000000000000",
    "2026-02-30T10:00:00Z",
    "2026-01-01",
    [],
    ["a"],
    ["a", "a"],
    {},
    {"x": 1},
]


def small_document() -> dict[str, Any]:
    """A completed demo interview with ties and a plan (goals, reviews, prompts), and a group
    answer in its tie census."""
    for iv in generate_demo(12, 2, default_protocol()):
        doc = to_document(iv)
        plan = doc["plan"]
        if plan["goals"] and plan["reviews"] and doc["ties"] and len(doc["alters"]) >= 3:
            members = [a["id"] for a in doc["alters"][:2]]
            doc["tie_census"]["groups"] = [{"basis": "marked", "members": members}]
            plan["suggested"] = [{"prompt": "support_missing", "people": members[:1], "taken": None, "support": None}]
            from_document(copy.deepcopy(doc))  # still a valid document
            return doc
    raise AssertionError("no demo interview with ties, goals, reviews and prompts")


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):  # the first two of a list stand for the rest
            yield from paths(item, (*prefix, index))


def at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def mutants(doc: dict[str, Any], sample: int, seed: int = 5) -> Iterator[tuple[str, Any]]:
    """``(what, document)``: each path set to each value of :data:`VALUES` (a seeded sample),
    every key removed, an unknown key added to every object."""
    every = [p for p in paths(doc) if p]
    cases: list[tuple[tuple[Any, ...], str, Any]] = [(p, "set", v) for p in every for v in VALUES]
    chosen = random.Random(seed).sample(cases, min(sample, len(cases)))
    for path, _, value in chosen:
        broken = copy.deepcopy(doc)
        at(broken, path[:-1])[path[-1]] = copy.deepcopy(value)
        yield f"{'.'.join(map(str, path))} = {value!r:.30}", broken
    for path in every:
        parent = at(doc, path[:-1])
        if isinstance(parent, dict):
            broken = copy.deepcopy(doc)
            del at(broken, path[:-1])[path[-1]]
            yield f"no {'.'.join(map(str, path))}", broken
    for path in [(), *every]:
        if isinstance(at(doc, path), dict):
            broken = copy.deepcopy(doc)
            at(broken, path)["unknown_field"] = 1
            yield f"unknown field in {'.'.join(map(str, path)) or 'document'}", broken


def outcome(read: Callable[[], Any]) -> Any:
    """What reading gives: the interview's document, or its problems."""
    try:
        return to_document(read())
    except DocumentError as exc:
        return exc.problems


def test_the_quick_check_knows_every_keyword_of_the_schema() -> None:
    assert conforms(small_document())
    with pytest.raises(ValueError, match="does not know"):
        _Generator({}).module({"type": "object", "patternProperties": {}})


def test_demo_documents_take_the_quick_path() -> None:
    """Else the quick path would be the slow one."""
    assert all(conforms(to_document(iv)) for iv in generate_demo(40, 2, default_protocol()))


def test_broken_documents_get_the_same_answer_both_ways() -> None:
    doc = small_document()
    refused = 0
    for what, broken in mutants(doc, sample=350):
        full = outcome(lambda b=broken: from_document(copy.deepcopy(b), "f.jsonl:1"))
        quick = outcome(lambda b=broken: from_document(copy.deepcopy(b), "f.jsonl:1", quick=True))
        assert quick == full, what  # a document the quick check let through wrongly would differ here
        refused += isinstance(full, list)
    assert refused > 250  # most mutants are broken: the test is not vacuous


# from tests/test_wire.py: test_a_broken_document_says_which_field and the inconsistent ones
WIRE_CASES: list[tuple[str, Any]] = [
    ("schema_version", 99),
    ("schema_version", "2"),
    ("format", "something.else"),
    ("id", "not-a-uuid"),
    ("patient.code", "Jean Dupont"),
    ("status", "paused"),
    ("alters.0.presence", "maybe"),
    ("alters.0.label", ""),
    ("ties.0.b", None),
    ("started_at", "yesterday"),
    ("revision", -1),
    ("ties.0.b", "00000000-0000-4000-8000-000000000000"),
    ("started_at", "2026-02-30T10:00:00Z"),
    ("completed_at", "0000-01-01T00:00:00Z"),
]


@pytest.mark.parametrize(("path", "value"), WIRE_CASES)
def test_the_broken_documents_of_the_wire_tests(path: str, value: Any) -> None:
    doc = small_document()
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    at(doc, tuple(keys[:-1]))[keys[-1]] = value
    full = outcome(lambda: from_document(copy.deepcopy(doc), "d"))
    assert isinstance(full, list)
    assert outcome(lambda: from_document(copy.deepcopy(doc), "d", quick=True)) == full


def test_self_ties_strangers_and_twice_named_alters_are_refused_both_ways() -> None:
    doc = small_document()
    cases = []
    self_tie = copy.deepcopy(doc)
    self_tie["ties"][0]["b"] = self_tie["ties"][0]["a"]
    twice = copy.deepcopy(doc)
    twice["alters"][1]["id"] = twice["alters"][0]["id"]
    duplicate = copy.deepcopy(doc)
    duplicate["ties"].append({"a": doc["ties"][0]["b"], "b": doc["ties"][0]["a"], "value": 1})
    cases = [self_tie, twice, duplicate]
    for broken in cases:
        full = outcome(lambda b=broken: from_document(copy.deepcopy(b)))
        assert isinstance(full, list)
        assert outcome(lambda b=broken: from_document(copy.deepcopy(b), quick=True)) == full


def _hostile_bodies() -> tuple[dict[str, Callable[[dict[str, Any]], bytes]], dict[str, Any]]:
    """The server tests' hostile bodies, and the document they break (the corpus grows there)."""
    try:
        from tests.server.test_hostile import BODIES, interview
    except ImportError as exc:  # the server's packages are not installed
        pytest.skip(f"tests/server/test_hostile.py does not import: {exc}")
    return BODIES, to_document(interview())


def old_reading(data: bytes) -> list[Any]:
    """What ``egonet measures FILE`` read before the quick path: documents or problems, per line."""
    return [
        found if isinstance(found, list) else to_document(found)
        for _, found in iter_interviews(io.BytesIO(data), "f.jsonl")
    ]


def new_reading(data: bytes) -> list[Any]:
    single, lines = _split(io.BytesIO(data), "f.jsonl")
    if single is not None:
        return old_reading(single.read())
    out = []
    for found in map(_document, lines):
        if found is not None:
            out.append(found if isinstance(found, list) else to_document(found))
    return out


def test_hostile_bodies_are_refused_as_before() -> None:
    bodies, doc = _hostile_bodies()
    assert old_reading(json.dumps(doc).encode()) == [doc]
    for case, body in bodies.items():
        data = body(copy.deepcopy(doc))
        old = old_reading(data)
        assert new_reading(data) == old, case
        assert all(isinstance(x, list) for x in old), case  # each is refused (empty: no document)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        b"[1]\n",
        b"{\n",
        b'{"a": \n 1}\n',
        b"\xff\xfe\n",
        b"  {broken\n{}\n",
        b"null\n" * 3,
    ],
)
def test_files_are_split_into_documents_as_before(data: bytes) -> None:
    assert new_reading(data) == old_reading(data)


def test_a_pretty_printed_document_and_json_lines_read_as_before() -> None:
    docs = [to_document(iv) for iv in generate_demo(3, 2, default_protocol())]
    pretty = json.dumps(docs[0], indent=2, ensure_ascii=False).encode()
    lines = b"".join(json.dumps(d).encode() + b"\n" for d in docs)
    broken = lines.replace(b'"status": "completed"', b'"status": "paused"', 1)
    for data in (pretty, lines, b"\n" + lines, broken):
        old = old_reading(data)
        assert new_reading(data) == old
    assert isinstance(old_reading(broken)[0], list)
    assert all(isinstance(p, Problem) for p in old_reading(broken)[0])
