"""What templates receive: one documented dataclass per report (the README's "Report templates"
lists every field; a test keeps the two in step).

Templates read these fields and call ``words`` for the report language's words:
``{{ words.text("legend") }}``, ``{{ words.label("density") }}``.  SVG pictures are ready-made
markup strings (``{{ wave.map_svg | safe }}`` in HTML).
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.svg import Key
from reports.words import Words

__all__ = ["ChangeView", "Figure", "PatientContext", "ServiceContext", "WaveView"]


@dataclass(frozen=True)
class Figure:
    """One measure of the patient's waves."""

    name: str
    """The measure's stable name (``density``), as in ``egonet measures``."""
    label: str
    """Its name in the report's language."""
    definition: str
    """Its definition in the report's language (empty for a measure the reporter does not describe)."""
    values: list[str]
    """Its value at each wave, written in the report's language, earliest first."""
    raw: list[float | int | None]
    """The same values as numbers (``None``: not defined)."""
    change: str | None
    """Last wave minus the one before, written with its sign; ``None`` with one wave or an undefined value."""


@dataclass(frozen=True)
class WaveView:
    """One wave of the patient."""

    label: str
    date: str
    """When it was completed (or started), in the report's language."""
    n_people: int
    map_svg: str
    """The network map (SVG markup)."""


@dataclass(frozen=True)
class ChangeView:
    """From the wave before the last to the last."""

    gained: list[str]
    """Names of the people new in the network."""
    lost: list[str]
    """Names of the people no longer in it."""
    n_kept: int
    moved: list[Figure]
    """The figures whose value changed."""
    plain: list[str]
    """The change in plain sentences (for the patient)."""


@dataclass(frozen=True)
class PatientContext:
    """``patient.html`` / ``patient.md``: one patient's waves, before and after."""

    language: str
    audience: str
    """``patient`` (plain words) or ``clinician`` (exact values and definitions)."""
    title: str
    patient: str
    """The patient's pseudonymous code."""
    service: str
    generated: str
    """The date the report was made, in the report's language."""
    sections: list[str]
    """The sections to show, in order (from the report specification)."""
    waves: list[WaveView]
    legend: list[Key]
    """Marker and label of each relationship on the maps (shape and colour, never colour alone)."""
    plain: list[str]
    """The last wave in plain sentences (for the patient)."""
    figures: list[Figure]
    change: ChangeView | None
    """``None`` with a single wave."""
    satisfaction: list[str]
    """The satisfaction answer at each wave, earliest first."""
    words: Words


@dataclass(frozen=True)
class ServiceContext:
    """``service.html`` / ``service.md``: a service's patients, for its leads (no name, no free text)."""

    language: str
    title: str
    service: str
    period: str
    generated: str
    sections: list[str]
    counts: list[dict[str, str]]
    """Per wave: ``wave``, ``patients``, ``interviews``, ``completed``, ``no_informal`` (counts below 5 as "<5")."""
    distributions: list[dict[str, str]]
    """Per measure and wave: ``measure``, ``label``, ``wave``, ``n``, ``median``, ``quartiles``."""
    distribution_charts: dict[str, str]
    """Per measure label: a range chart (SVG) of its distribution at each wave."""
    paired: list[dict[str, str]]
    """Per measure: ``label``, ``pairs``, ``before``, ``after``, ``mean_change``, ``ci``, ``effect``."""
    paired_chart: str
    """The paired changes with their 95% CI (SVG)."""
    types: list[dict[str, str]]
    """Per network type: ``type``, ``networks``, ``description``."""
    service_nodes: list[dict[str, str]]
    """Per care setting or profession: ``node``, ``networks``, ``degree``, ``betweenness``."""
    service_graph: str
    """The service network (SVG)."""
    small_note: str
    words: Words
