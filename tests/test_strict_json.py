"""Strict JSON (:mod:`egonet.wire.strict`): what it refuses, and its two paths agreeing.

Text with a ``\\ud800``-``\\udfff`` escape takes the careful path (hooks on every number, every
string walked); other text the quick one (numbers and depth checked on the parsed value).  Each
case is parsed both ways: as it is, and with a surrogate pair added, which sends it down the
careful path without changing what it says."""

from __future__ import annotations

import json

import pytest

from egonet.wire.strict import MAX_DEPTH, StrictJSONError, parse_strict

REFUSED = {
    "infinite number": '{"x": 1e400}',
    "negative infinite": '{"x": [-2e308]}',
    "NaN": '{"x": NaN}',
    "Infinity": '{"x": Infinity}',
    "21-digit integer": '{"x": 123456789012345678901}',
    "negative 21-digit integer": '{"x": [-100000000000000000000]}',
    "5,000-digit integer": '{"x": ' + "9" * 5000 + "}",
    "duplicate key": '{"x": 1, "x": 2}',
    "deep nesting": '{"x": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
    "not JSON": '{"x": }',
}
ACCEPTED = {
    "20-digit integer": '{"x": 99999999999999999999}',
    "tiny number": '{"x": 1e-400}',
    "largest float": '{"x": 1.7e308}',
    "exponent-like text": '{"x": "4e123", "y": "123456789012345678901234"}',
    "nesting at the limit": '{"x": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}",
    "booleans and null": '{"x": [true, false, null, 0, -0.5]}',
}


def careful(text: str) -> str:
    """The same object with a surrogate pair (😀) as one more key: the careful path."""
    return text.replace("{", '{"\\ud83d\\ude00": 0, ', 1)


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("path", [str, careful], ids=["quick", "careful"])
def test_refused_on_both_paths(text: str, path: object) -> None:
    with pytest.raises(StrictJSONError):
        parse_strict(path(text))  # type: ignore[operator]


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
@pytest.mark.parametrize("path", [str, careful], ids=["quick", "careful"])
def test_accepted_as_json_reads_it(text: str, path: object) -> None:
    given = path(text)  # type: ignore[operator]
    assert parse_strict(given) == json.loads(given)


def test_a_lone_surrogate_is_refused_and_a_pair_kept() -> None:
    with pytest.raises(StrictJSONError, match="lone surrogate"):
        parse_strict('{"x": "a\\ud800b"}')
    assert parse_strict('{"x": "\\ud83d\\ude00"}') == {"x": "😀"}
    for raw in ('{"x": "a\ud800b"}', '{"\udc00": 1}'):  # a str holding the surrogate itself, unescaped
        with pytest.raises(StrictJSONError, match="lone surrogate"):
            parse_strict(raw)
    assert parse_strict(b'"plain"') == "plain" and parse_strict("3") == 3
