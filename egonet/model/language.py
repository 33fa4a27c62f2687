"""Languages: one rule for putting a text into a language, and the words the interview and the
reports share.

A protocol brings its texts (questions, options, name generators) as a :data:`~egonet.model.Text`
per language; :func:`localise` is the one way to pick the one to show, everywhere (the interview's
screens, the reports, the exports' codebook).  Its fallback rule:

1. the language asked, when the text has it (and it is not empty);
2. else the protocol's default language (``default_language``);
3. else the first language that has it (in the protocol file's order);
4. else ``""`` (a text in no language at all).

:data:`VOCABULARY` holds the words that name the same thing on the screens and in the reports
(waves, statuses, the people on a map), so a wave is called the same in both.  The screens
(``egonet.tui.strings``) and the reports (``reports/locales``) keep only their own words;
a test checks that every word here is in every language with the same placeholders.

This module lives in the model so that everyone may read it (the interview, the reporter, the
exports, the server) without loading anything else: it is plain data.
"""

from __future__ import annotations

from egonet.model.protocol import Text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "VOCABULARY", "localise", "wave_name", "word", "words_in"]

LANGUAGES = ("en", "fr", "nl")
"""The languages of Egonet's own words (the screens, the reports, the vocabulary)."""

DEFAULT_LANGUAGE = "en"
"""The vocabulary's default language: a word asked in another language falls back to it."""

VOCABULARY: dict[str, dict[str, str]] = {
    # Waves, named from their index (the interviews' own labels are typed text).
    # French: "départ", as in "au départ" / "mesure de départ" (clinical usage for baseline);
    # "début" reads as the onset of an illness ("début des troubles"). Dutch: "start", as in
    # "bij de start" (the reports' "Netwerktypes bij de start").
    "wave_baseline": {"en": "baseline", "fr": "départ", "nl": "start"},
    "wave_follow_up": {"en": "follow-up {n}", "fr": "suivi {n}", "nl": "opvolging {n}"},
    # An interview's status (``InterviewStatus`` values).
    "status_in_progress": {"en": "in progress", "fr": "en cours", "nl": "bezig"},
    "status_completed": {"en": "completed", "fr": "terminé", "nl": "afgerond"},
    # Who is who.
    "you": {"en": "you", "fr": "vous", "nl": "jij"},  # the patient at the centre of their map (screens: in capitals)
    # Relationships (the protocol names the known ones).
    "unknown_relationship": {
        "en": "Relationship not given",
        "fr": "Relation non précisée",
        "nl": "Relatie niet opgegeven",
    },
}


def localise(text: Text, language: str, default_language: str) -> str:
    """``text`` in ``language``, else in ``default_language`` (the protocol's), else in its first
    language that has it, else ``""``; an empty text counts as missing."""
    return text.get(language) or text.get(default_language) or next((t for t in text.values() if t), "")


def word(language: str, key: str, **values: object) -> str:
    """The shared word ``key`` in ``language`` (by :func:`localise`, English by default), its
    ``{placeholders}`` filled; an unknown key is a :class:`KeyError`."""
    text = localise(VOCABULARY[key], language, DEFAULT_LANGUAGE)
    return text.format(**values) if values else text


def wave_name(language: str, index: int) -> str:
    """A wave's name from its index: ``baseline``, ``follow-up 1``, ... in ``language``."""
    return word(language, "wave_baseline") if index == 0 else word(language, "wave_follow_up", n=index)


def words_in(language: str) -> dict[str, str]:
    """Every shared word in ``language`` (placeholders left in), for a table of words to start from."""
    return {key: localise(entry, language, DEFAULT_LANGUAGE) for key, entry in VOCABULARY.items()}
