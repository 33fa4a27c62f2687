"""Matching alter labels as people type them: accents, case and spacing ignored."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from egonet.model import Alter

__all__ = ["fold", "likely_duplicates", "suggestions"]


def fold(label: str) -> str:
    """``"  Zoë  DE Smet"`` → ``"zoe de smet"``: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", label)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def suggestions(typed: str, alters: Iterable[Alter], limit: int = 8) -> list[Alter]:
    """Alters whose label starts with what was typed (then those containing it), folded."""
    key = fold(typed)
    if not key:
        return []
    pool = list(alters)
    starts = [a for a in pool if fold(a.label).startswith(key)]
    inside = [a for a in pool if key in fold(a.label) and a not in starts]
    return (starts + inside)[:limit]


def likely_duplicates(alters: Iterable[Alter]) -> list[tuple[Alter, Alter]]:
    """Pairs of alters whose labels are the same once folded (probably one person named twice)."""
    seen: dict[str, Alter] = {}
    pairs = []
    for alter in alters:
        key = fold(alter.label)
        if key in seen:
            pairs.append((seen[key], alter))
        else:
            seen[key] = alter
    return pairs
