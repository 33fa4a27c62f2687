"""The measures' names and definitions in English, French and Dutch (one TOML file per language),
for people who read the figures: the reporter and the exports' codebook."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

__all__ = ["LANGUAGES", "definition", "definitions"]

LANGUAGES = ("en", "fr", "nl")


@cache
def definitions(language: str) -> dict[str, dict[str, str]]:
    """Every defined measure, by stable name: ``{"label": ..., "definition": ...}``."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not one of {LANGUAGES}")
    text = files("egonet.analysis.definitions").joinpath(f"{language}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def definition(measure: str, language: str) -> tuple[str, str]:
    """(label, definition) of ``measure``; its stable name and "" when it has none."""
    found = definitions(language).get(measure, {})
    return found.get("label", measure), found.get("definition", "")
