"""Every word of the reporter exists in English, French and Dutch, with the same placeholders."""

from __future__ import annotations

import re
from typing import Any

import pytest

from reports import LANGUAGES, ReportError, words


def flat(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    english = flat(words("en").table)
    for language in LANGUAGES:
        other = flat(words(language).table)
        assert set(other) == set(english), language
        for key, text in english.items():
            assert set(re.findall(r"{(\w+)}", other[key])) == set(re.findall(r"{(\w+)}", text)), (language, key)


def test_numbers_percentages_and_dates_are_written_the_way_each_language_writes_them() -> None:
    from datetime import date

    assert [words(x).number(1.25) for x in LANGUAGES] == ["1.25", "1,25", "1,25"]
    assert [words(x).percent(0.404) for x in LANGUAGES] == ["40%", "40\u202f%", "40%"]
    assert [words(x).date(date(2026, 3, 5)) for x in LANGUAGES] == ["March 5, 2026", "5 mars 2026", "5 maart 2026"]
    assert words("en").number(None) == "not defined" and words("fr").signed(-0.5) == "-0,50"


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ReportError, match="'de' is not a report language"):
        words("de")


def test_every_measure_definition_exists_in_every_language() -> None:
    from egonet.analysis import KEY_MEASURES
    from egonet.analysis.definitions import definitions

    english = definitions("en")
    assert set(KEY_MEASURES) <= set(english)
    for language in LANGUAGES:
        assert set(definitions(language)) == set(english), language
        assert all(entry["label"] and entry["definition"] for entry in definitions(language).values())


def test_measures_values_and_changes_are_written_in_one_place() -> None:
    fr, en = words("fr"), words("en")
    assert [fr.value("density", 0.404), fr.value("n_alters", 3), fr.value("effective_size", 3.5)] == [
        "40\u202f%",
        "3",
        "3,50",
    ]
    # a measure that is not a count or a share always has 2 decimals, so "3.00" stands beside "3.94"
    assert en.value("effective_size", 3.0) == "3.00" and en.value("density", None) == "not defined"
    # one patient's change is written like the values; a mean change of a count with one decimal
    assert [en.change("density", 0.1), en.change("n_alters", 2), en.change("constraint", -0.25)] == [
        "+10 pp",
        "+2",
        "-0.25",
    ]
    assert [en.mean_change("n_alters", 1.0), en.mean_change("density", -0.05)] == ["+1.0", "-5 pp"]
    assert [words(x).wave(0) for x in LANGUAGES] == ["baseline", "départ", "start"]
