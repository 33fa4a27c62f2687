"""Protocol files: the built-in protocol, and every problem of a broken file reported."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from egonet.errors import AnswerError, ProtocolError
from egonet.model import Condition, QuestionType
from egonet.protocol import check_protocol_text, default_protocol, default_protocol_text, load_protocol

SMALL = """
format = "egonet.protocol"
format_version = 1
id = "small"
version = "1"
languages = ["en", "fr"]
default_language = "en"
title = { en = "Small", fr = "Petit" }

[[name_generators]]
id = "talk"
support_type = "emotional"
prompt = { en = "Who do you talk to?", fr = "A qui parlez-vous ?" }
short = { en = "Talk", fr = "Parler" }

[[alter_questions]]
id = "relationship"
type = "categorical"
role = "relationship"
text = { en = "Who is {name}?", fr = "Qui est {name} ?" }
short = { en = "Relation", fr = "Relation" }
[[alter_questions.options]]
value = "family"
label = { en = "Family", fr = "Famille" }
[[alter_questions.options]]
value = "doctor"
label = { en = "Doctor", fr = "Médecin" }
formal = true

[[alter_questions]]
id = "age"
type = "numeric"
minimum = 0
maximum = 120
integer = true
when = { question = "relationship", in = ["family"] }
text = { en = "Age?", fr = "Age ?" }
short = { en = "Age", fr = "Age" }

[tie_question]
text = { en = "Do {a} and {b} know each other?", fr = "{a} et {b} se connaissent ?" }
short = { en = "Know", fr = "Connait" }
"""


def problems_of(text: str) -> list[str]:
    protocol, problems = check_protocol_text(text, "p.toml")
    assert (protocol is None) == bool(problems)
    return [str(p) for p in problems]


def test_the_small_protocol_is_valid() -> None:
    protocol, problems = check_protocol_text(SMALL, "p.toml")
    assert problems == []
    assert protocol is not None
    assert protocol.alter_question("age").when == Condition("relationship", frozenset({"family"}))
    assert protocol.alter_question("relationship").options[1].formal is True


def test_the_default_protocol_is_complete_in_three_languages() -> None:
    protocol = default_protocol()
    assert protocol.languages == ("en", "fr", "nl")
    assert {g.support_type for g in protocol.name_generators} >= {
        "emotional",
        "practical",
        "informational",
        "companionship",
        "professional_care",
    }
    relationship = protocol.alter_question_with_role("relationship")
    assert relationship is not None
    values = {o.value for o in relationship.options}
    assert values >= {
        "family",
        "partner",
        "friend",
        "neighbour",
        "colleague",
        "peer",
        "health_professional",
        "social_professional",
    }
    assert {o.value for o in relationship.options if o.formal} == {"health_professional", "social_professional"}
    assert relationship.carry_forward
    closeness, contact = (protocol.alter_question_with_role(role) for role in ("closeness", "contact"))
    assert closeness is not None and closeness.type is QuestionType.ORDINAL and len(closeness.options) >= 3
    assert contact is not None and contact.type is QuestionType.ORDINAL and len(contact.options) >= 3
    satisfaction = protocol.ego_question("satisfaction")
    assert [o.value for o in satisfaction.options] == list(range(1, 8))
    # every text of the file exists in every language, none empty
    raw = tomllib.loads(default_protocol_text())

    def texts(node: object) -> list[dict[str, str]]:
        if isinstance(node, dict):
            found = [
                v for k, v in node.items() if k in ("text", "short", "prompt", "label", "title") and isinstance(v, dict)
            ]
            return found + [t for v in node.values() for t in texts(v)]
        if isinstance(node, list):
            return [t for v in node for t in texts(v)]
        return []

    all_texts = texts(raw)
    assert len(all_texts) > 50
    for text in all_texts:
        assert set(text) == {"en", "fr", "nl"}
        assert all(value.strip() for value in text.values())


def test_conditions_say_when_a_question_applies() -> None:
    protocol = default_protocol()
    professional = protocol.alter_question_with_role("professional_type")
    assert professional is not None
    assert not professional.applies({"relationship": "friend"})
    assert professional.applies({"relationship": "health_professional"})
    assert not professional.applies({})


@pytest.mark.parametrize(
    ("qtype", "good", "bad"),
    [
        (QuestionType.CATEGORICAL, "family", ["cousin", 1, True, None]),
        (QuestionType.NUMERIC, 42, [121, -1, 4.5, "42", True, float("nan")]),
    ],
)
def test_answers_are_checked_against_the_question(qtype: QuestionType, good: object, bad: list[object]) -> None:
    protocol, _ = check_protocol_text(SMALL, "p.toml")
    assert protocol is not None
    question = next(q for q in protocol.alter_questions if q.type is qtype)
    assert question.check(good) == good
    for value in bad:
        with pytest.raises(AnswerError):
            question.check(value)


BROKEN = [
    ("format_version = 1", "format_version = 9", "format_version: 9 is not a protocol format"),
    ('id = "small"', 'id = "Small Protocol"', "id: 'Small Protocol' is not a protocol id"),
    ('languages = ["en", "fr"]', 'languages = ["en", "fr", "nl"]', "title: has no 'nl' text"),
    ('default_language = "en"', 'default_language = "de"', "default_language: 'de' is not in 'languages'"),
    (
        'support_type = "emotional"',
        'support_type = "love"',
        "name_generators[0].support_type: 'love' is not a support type",
    ),
    ('type = "categorical"', 'type = "choice"', "alter_questions[0].type: 'choice' is not a question type"),
    ('value = "doctor"', 'value = "family"', "alter_questions[0].options[1].value: 'family' is listed twice"),
    ("maximum = 120", 'maximum = "old"', "alter_questions[1].maximum: must be an integer or a number"),
    ('in = ["family"]', 'in = ["cousin"]', "alter_questions[1].when.in: 'cousin' is not an option of 'relationship'"),
    (
        'question = "relationship", in',
        'question = "later", in',
        "alter_questions[1].when.question: 'later' is not a question asked before",
    ),
    ('fr = "Petit" }', 'fr = "" }', "title.fr: must be a non-empty string"),
    ('id = "talk"', 'id = "talk"\ncolour = "red"', "name_generators[0].colour: is not a known field"),
    ('id = "age"', 'id = "relationship"', "alter_questions[1].id: question 'relationship' is defined twice"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_each_kind_of_problem_is_reported_with_its_field(old: str, new: str, expected: str) -> None:
    assert old in SMALL
    found = problems_of(SMALL.replace(old, new, 1))
    assert any(expected in p for p in found), found
    assert all(p.startswith("p.toml: ") for p in found)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = SMALL
    for old, new, _ in BROKEN[3:7]:
        text = text.replace(old, new, 1)
    assert len(problems_of(text)) >= 4


def test_a_toml_syntax_error_gives_its_line() -> None:
    found = problems_of(SMALL.replace('version = "1"', 'version = "1', 1))
    assert len(found) == 1
    assert "not valid TOML" in found[0]
    assert "line" in found[0]


@pytest.mark.parametrize("text", ["", "[[name_generators]]\nid = 3", "alter_questions = 7", "format = 1"])
def test_garbage_files_give_problems_not_crashes(text: str) -> None:
    assert problems_of(text)


def test_load_protocol_raises_with_all_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        SMALL.replace('support_type = "emotional"', 'support_type = "x"').replace('type = "numeric"', 'type = "x"')
    )
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    assert len(caught.value.problems) >= 2
    assert caught.value.where == str(path)


def test_a_text_question_cannot_have_a_role() -> None:
    text = default_protocol_text().replace(
        'id = "professional_type"\ntype = "categorical"', 'id = "professional_type"\ntype = "text"', 1
    )
    assert text != default_protocol_text()
    protocol, problems = check_protocol_text(text, "custom.toml")
    assert protocol is None
    assert any("a text question has no role" in p.message for p in problems), problems
