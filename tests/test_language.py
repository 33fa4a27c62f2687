"""One rule for putting a protocol text into a language, and one table of the words the interview
and the reports share, complete in every language."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pytest

from egonet.model.language import DEFAULT_LANGUAGE, LANGUAGES, VOCABULARY, localise, wave_name, word, words_in

LOCALES = Path(__file__).parents[1] / "reports" / "locales"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(VOCABULARY))
def test_every_shared_word_is_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = VOCABULARY[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[language].strip() for language in LANGUAGES)
    assert all(placeholders(entry[language]) == placeholders(entry[DEFAULT_LANGUAGE]) for language in LANGUAGES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ({"en": "Friend", "fr": "Ami", "nl": "Vriend"}, "Vriend"),  # the language asked
        ({"en": "Friend", "fr": "Ami"}, "Ami"),  # else the protocol's default language (fr here)
        ({"en": "Friend", "fr": "Ami", "nl": ""}, "Ami"),  # an empty text is a missing one
        ({"de": "", "en": "Friend"}, "Friend"),  # else the first language that has it
        ({}, ""),
    ],
)
def test_a_text_falls_back_to_the_default_language_then_to_any(text: dict[str, str], expected: str) -> None:
    assert localise(text, "nl", "fr") == expected


def test_waves_are_named_from_their_index_the_same_for_the_interview_and_the_reports() -> None:
    assert [wave_name(language, 0) for language in LANGUAGES] == ["baseline", "départ", "start"]
    assert [wave_name(language, 2) for language in LANGUAGES] == ["follow-up 2", "suivi 2", "opvolging 2"]
    assert word("de", "status_completed") == "completed"  # an unknown language: English
    assert words_in("fr")["wave_follow_up"] == "suivi {n}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reports_tables_keep_only_their_own_words(language: str) -> None:
    """A word is in one table: the reports' locale files repeat none of the shared ones."""
    own = tomllib.loads((LOCALES / f"{language}.toml").read_text(encoding="utf-8"))["text"]
    assert not set(own) & set(VOCABULARY)


def test_the_reports_read_the_shared_words() -> None:
    from reports import words

    for language in LANGUAGES:
        w = words(language)
        assert w.text("wave_baseline") == w.wave(0) == wave_name(language, 0)
        assert w.text("you") == word(language, "you")
    assert words("fr").wave(1) == "suivi 1"
