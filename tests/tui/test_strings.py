"""The screens speak English, French and Dutch, with nothing missing and nothing too wide."""

from __future__ import annotations

import string

import pytest

from egonet.protocol import default_protocol
from egonet.tui.strings import LANGUAGES, STRINGS, t, wave_name


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_is_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert placeholders(entry["fr"]) == placeholders(entry["en"]) == placeholders(entry["nl"])


@pytest.mark.parametrize("key", sorted(k for k in STRINGS if k.startswith("keys_")))
def test_the_key_help_fits_an_80_column_terminal(key: str) -> None:
    assert all(len(text) <= 78 for text in STRINGS[key].values())


def test_the_default_protocol_is_complete_in_the_languages_of_the_screens() -> None:
    protocol = default_protocol()
    assert set(LANGUAGES) <= set(protocol.languages)
    texts = [g.prompt for g in protocol.name_generators] + [g.short for g in protocol.name_generators]
    for q in (*protocol.alter_questions, *protocol.ego_questions):
        texts += [q.text, q.short, *(o.label for o in q.options)]
    assert all(text.get(lang, "").strip() for text in texts for lang in LANGUAGES)


def test_placeholders_are_filled_and_an_unknown_language_falls_back_to_english() -> None:
    assert t("fr", "ties_progress", done=3, total=10) == "Paires demandées : 3 sur 10"
    assert t("de", "yes") == "Yes"
    assert wave_name("nl", 0) == "start" and wave_name("fr", 0) == "départ" and wave_name("fr", 2) == "suivi 2"
    assert t("fr", "status_completed") == "terminé"  # a word shared with the reports


def test_a_word_is_in_one_table_the_screens_or_the_shared_one() -> None:
    from egonet.model.language import VOCABULARY

    assert not set(STRINGS) & set(VOCABULARY)
