"""Every word in the chosen language (issue 17, point 5): the patient and service reports in
French and Dutch, in HTML and Markdown, for both audiences, hold none of the English words of the
templates, of ``reports/locales/en.toml``, of the words shared with the interview or of the
measures' names.

An "English word" is a word of 4 letters or more from those English texts that is not also a
word of their French or Dutch texts (``Service``, ``Patient``, ``Type``, ``Description`` are all
three), nor on :data:`ALLOWED`."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import cache
from html import unescape
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from egonet.analysis.definitions import definitions
from egonet.exports.codebook import codebook
from egonet.model import Interview, Wave
from egonet.model.language import VOCABULARY
from egonet.protocol import default_protocol
from reports import ReportSpec, patient_context, render, service_context
from tests.reports.conftest import TODAY, protocol_of

TEMPLATES = Path(str(files("reports").joinpath("templates")))
ALLOWED = frozenset({"egonet", "d_z", "borgatti", "burt", "newman", "girvan", "everett"})
"""Names and acronyms, the same in every language."""
WORD = re.compile(r"[^\W\d_](?:[^\W\d]|['’-](?=[^\W\d]))*")


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def _locale(language: str) -> list[str]:
    return _strings(tomllib.loads((TEMPLATES.parent / "locales" / f"{language}.toml").read_text(encoding="utf-8")))


def _template_literals() -> list[str]:
    """The templates' own text: what is left once Jinja's tags, HTML tags and entities are out."""
    out = []
    for path in (p for p in TEMPLATES.iterdir() if p.suffix in (".html", ".md")):
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<style.*?</style>|<[^>]*>|&\w+;", " ", text, flags=re.S)
        out.append(text)
    return out


def _words(texts: list[str]) -> set[str]:
    return {w.lower() for t in texts for w in WORD.findall(re.sub(r"{\w+}", " ", t))}


@cache
def english_words() -> frozenset[str]:
    english = _locale("en") + _template_literals() + [v["en"] for v in VOCABULARY.values()]
    english += [e["label"] for e in definitions("en").values()]
    others = [*_locale("fr"), *_locale("nl"), *(v[x] for v in VOCABULARY.values() for x in ("fr", "nl"))]
    others += [e[k] for x in ("fr", "nl") for e in definitions(x).values() for k in ("label", "definition")]
    found = {w for w in _words(english) if len(w) >= 4} - _words(others) - ALLOWED
    return frozenset(found)


def _visible(text: str) -> str:
    """A rendered report's words: in HTML its text (the SVG pictures' too), not its markup."""
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    return unescape(re.sub(r"<[^>]*>", " ", text))


def test_the_list_of_english_words_is_the_templates_and_locales_words() -> None:
    found = english_words()
    assert {"baseline", "follow-up", "measures", "people", "interviews", "wave"} <= found
    assert not {"patient", "service", "egonet", "type"} & found


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("audience", ["patient", "clinician"])
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_reports_in_french_and_dutch_hold_no_english_word(
    cohort: list[Interview], one_patient: list[Interview], language: str, audience: str, fmt: str
) -> None:
    spec = ReportSpec(language=language, audience=audience)
    # the waves' names come from their index, never from the label stored in English
    typed = [
        dataclasses.replace(iv, wave=Wave(iv.wave.index, ("Baseline", "Follow-up 1")[i]))
        for i, iv in enumerate(one_patient)
    ]
    reports = {
        "patient": render("patient", patient_context(typed, protocol_of, spec, TODAY), fmt),
        "service": render("service", service_context(cohort, protocol_of, spec, TODAY), fmt),
    }
    english = english_words()
    for name, text in reports.items():
        left = sorted({w for w in WORD.findall(_visible(text)) if w.lower() in english})
        assert not left, (name, left)


@pytest.mark.parametrize(("language", "yes", "no"), [("en", "yes", "no"), ("fr", "oui", "non"), ("nl", "ja", "nee")])
def test_the_codebooks_yes_and_no_are_in_its_language(language: str, yes: str, no: str) -> None:
    book = codebook([default_protocol()], language, [])
    booleans = [v for rows in book["tables"].values() for v in rows if v["type"] == "boolean"]
    assert booleans and all(v["values"] == {"1": yes, "0": no} for v in booleans)


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_french_punctuation_never_starts_a_line(
    cohort: list[Interview], one_patient: list[Interview], audience: str, fmt: str
) -> None:
    """French puts a space before ``: ; ? !`` and inside ``« »``: a no-break one, or a line can
    begin with the colon (as "« Mesures »" once broke after the «)."""
    spec = ReportSpec(language="fr", audience=audience)
    for text in (
        render("patient", patient_context(one_patient, protocol_of, spec, TODAY), fmt),
        render("service", service_context(cohort, protocol_of, spec, TODAY), fmt),
    ):
        breakable = re.findall(r".{0,30}(?: [:;?!»]|« ).{0,10}", _visible(text))
        assert not breakable
