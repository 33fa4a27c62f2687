"""Structural types of networks: k-medoids on subgroup counts and modularity (Vacca 2020).

Following Vacca (2020, *Structure in personal networks: constructing and comparing
typologies*, Network Science 8(2)), each network is described by three numbers from
:mod:`egonet.analysis.subgroups` (ego removed): the count of large subgroups (3+ alters), the
count of small ones (1-2 alters) and the modularity of the partition.  The numbers are
standardised (z-scores), and networks are grouped with PAM k-medoids (Kaufman and Rousseeuw
1990: BUILD then SWAP, Euclidean distance).  Without a given ``k``, the ``k`` in 2..6 with the
highest mean silhouette (Rousseeuw 1987) is chosen.  A network with no tie has an undefined
modularity, taken as 0 here; a network with no alter has no type.  Results are deterministic;
above :data:`SAMPLE` networks, medoids are found on a sample drawn with ``seed`` (CLARA) and
every network is then given its nearest medoid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["FEATURES", "PHRASES", "NetworkType", "Typology", "describe", "typology"]

FEATURES = ("n_subgroups_large", "n_subgroups_small", "modularity")
SAMPLE = 2000

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class NetworkType:
    id: int
    """1..k, ordered by the medoid's count of large subgroups, then small ones."""
    size: int
    medoid: int
    """Index (in the input rows) of the most typical network of the type."""
    medians: dict[str, float]
    description: str
    """The most typical network of the type (its medoid), in words (English)."""
    shape: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """The medoid's large subgroups, small subgroups and modularity."""

    def describe(self, language: str = "en") -> str:
        """:attr:`description` in ``language`` (en, fr, nl)."""
        return describe(*self.shape, language=language)


@dataclass(frozen=True, slots=True)
class Typology:
    k: int
    silhouette: float | None
    """Mean silhouette width of the chosen partition (-1..1; above 0.5 a clear structure)."""
    types: list[NetworkType]
    assignment: list[int | None]
    """The type id of each input row; ``None`` for a network with no alter."""


BLOCK = 100
"""Rows computed at a time in the pairwise steps, so that memory stays at a few rows of the
distance matrix however many networks there are (the results are the same)."""


def _distances(points: Matrix) -> Matrix:
    """Euclidean distances between every pair of ``points``, a block of rows at a time."""
    out = np.empty((len(points), len(points)), dtype=np.float64)
    for start in range(0, len(points), BLOCK):
        chunk = points[start : start + BLOCK]
        out[start : start + BLOCK] = np.sqrt(((chunk[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    return out


def _gains(distance: Matrix, nearest: Matrix) -> Matrix:
    """For each point, how much the total distance falls if it joins the medoids."""
    gains = np.empty(len(distance), dtype=np.float64)
    for start in range(0, len(distance), BLOCK):
        gains[start : start + BLOCK] = np.maximum(nearest[None, :] - distance[start : start + BLOCK], 0).sum(axis=1)
    return gains


def _pam(distance: Matrix, k: int) -> list[int]:
    n = len(distance)
    medoids = [int(np.argmin(distance.sum(axis=1)))]
    nearest = distance[medoids[0]].copy()
    while len(medoids) < k:  # BUILD: add the point that lowers the total distance most
        gains = _gains(distance, nearest)
        gains[medoids] = -1
        best = int(np.argmax(gains))
        medoids.append(best)
        nearest = np.minimum(nearest, distance[best])
    improved = True
    while improved:  # SWAP: exchange a medoid and a non-medoid while the total distance falls
        improved = False
        cost = distance[medoids].min(axis=0).sum()
        for i in range(k):
            for candidate in range(n):
                if candidate in medoids:
                    continue
                trial = [*medoids[:i], candidate, *medoids[i + 1 :]]
                trial_cost = distance[trial].min(axis=0).sum()
                if trial_cost < cost - 1e-12:
                    medoids, cost, improved = trial, trial_cost, True
    return medoids


def _silhouette(distance: Matrix, labels: npt.NDArray[np.int64]) -> float:
    scores = []
    for i in range(len(distance)):
        same = labels == labels[i]
        if same.sum() <= 1:
            scores.append(0.0)
            continue
        a = distance[i, same].sum() / (same.sum() - 1)
        b = min(distance[i, labels == other].mean() for other in set(labels.tolist()) if other != labels[i])
        scores.append(0.0 if max(a, b) == 0 else (b - a) / max(a, b))
    return float(np.mean(scores))


PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "one_apart": "1 person or pair",
        "apart": "{n} people or pairs",
        "none": "one or two people, or a single pair: almost no structure",
        "fragmented": "fragmented: {n} small groups or isolated people, no larger group",
        "cohesive": "one cohesive group: most people know each other",
        "main": "one main group, with {apart} apart from it",
        "separated": "clearly separated",
        "overlapping": "overlapping",
        "groups": "{n} {separation} groups",
        "and_apart": ", and {apart} apart",
    },
    "fr": {
        "one_apart": "1 personne ou paire",
        "apart": "{n} personnes ou paires",
        "none": "une ou deux personnes, ou une seule paire : presque pas de structure",
        "fragmented": "fragmenté : {n} petits groupes ou personnes isolées, aucun groupe plus grand",
        "cohesive": "un groupe soudé : la plupart des personnes se connaissent",
        "main": "un groupe principal, avec {apart} à l'écart",
        "separated": "nettement séparés",
        "overlapping": "qui se chevauchent",
        "groups": "{n} groupes {separation}",
        "and_apart": ", et {apart} à l'écart",
    },
    "nl": {
        "one_apart": "1 persoon of paar",
        "apart": "{n} personen of paren",
        "none": "een of twee mensen, of één paar: bijna geen structuur",
        "fragmented": "versnipperd: {n} kleine groepjes of alleenstaande mensen, geen grotere groep",
        "cohesive": "één hechte groep: de meeste mensen kennen elkaar",
        "main": "één hoofdgroep, met {apart} erbuiten",
        "separated": "duidelijk gescheiden",
        "overlapping": "overlappende",
        "groups": "{n} {separation} groepen",
        "and_apart": ", en {apart} erbuiten",
    },
}
"""How a type is put in words, in each language of the reports."""


def describe(large: float, small: float, modularity: float, language: str = "en") -> str:
    """A network of ``large`` subgroups of 3+ alters and ``small`` ones of 1-2, in words."""
    say = PHRASES.get(language, PHRASES["en"])
    apart = say["one_apart"] if small == 1 else say["apart"].format(n=f"{small:g}")
    if large == 0 and small <= 1:
        return say["none"]
    if large == 0:
        return say["fragmented"].format(n=f"{small:g}")
    if large == 1 and small == 0:
        return say["cohesive"]
    if large == 1:
        return say["main"].format(apart=apart)
    separation = say["separated"] if modularity >= 0.3 else say["overlapping"]
    return say["groups"].format(n=f"{large:g}", separation=separation) + (
        say["and_apart"].format(apart=apart) if small else ""
    )


def typology(rows: Sequence[Mapping[str, object]], k: int | None = None, seed: int = 0, max_k: int = 6) -> Typology:
    """Group the networks of ``rows`` (measure rows) into structural types."""
    usable = [i for i, r in enumerate(rows) if isinstance(r.get("n_subgroups_large"), int)]
    if len(usable) < 2:
        raise ValueError("a typology needs at least two networks with alters")
    raw = np.array(
        [[float(rows[i].get(f) or 0.0) for f in FEATURES] for i in usable],  # type: ignore[arg-type]
        dtype=np.float64,
    )
    spread = raw.std(axis=0)
    z = (raw - raw.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(len(z), SAMPLE, replace=False)) if len(z) > SAMPLE else np.arange(len(z))
    points = z[sample]
    distance = _distances(points)
    distinct = len(np.unique(points, axis=0))
    candidates = [k] if k is not None else list(range(2, min(max_k, distinct) + 1)) or [1]
    best: tuple[float, list[int]] | None = None
    for wanted in candidates:
        count = min(wanted, len(points))
        medoids = _pam(distance, count)
        labels = distance[medoids].argmin(axis=0)
        score = _silhouette(distance, labels) if count >= 2 else -1.0
        if best is None or score > best[0] + 1e-12:
            best = (score, medoids)
    assert best is not None
    score, medoids = best
    centres = z[sample[medoids]]
    nearest = np.sqrt(((z[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)).argmin(axis=1)
    order = sorted(range(len(medoids)), key=lambda m: (-raw[sample[medoids[m]], 0], -raw[sample[medoids[m]], 1]))
    rank = {m: position + 1 for position, m in enumerate(order)}
    assignment: list[int | None] = [None] * len(rows)
    for position, row_index in enumerate(usable):
        assignment[row_index] = rank[int(nearest[position])]
    types = []
    for m in order:
        members = raw[nearest == m]
        large, small, modularity = (float(x) for x in raw[sample[medoids[m]]])
        shape = (large, small, modularity)
        medians = {f: float(np.median(members[:, j])) for j, f in enumerate(FEATURES)}
        types.append(
            NetworkType(
                id=rank[m],
                size=len(members),
                medoid=usable[int(sample[medoids[m]])],
                medians=medians,
                description=describe(*shape),
                shape=shape,
            )
        )
    return Typology(len(medoids), score if len(medoids) >= 2 else None, types, assignment)
