"""What templates receive: one documented dataclass per report (the README's "Report templates"
lists every field; a test keeps the two in step).

Templates read these fields and call ``words`` for the report language's words:
``{{ words.text("legend") }}``, ``{{ words.label("density") }}``.  SVG pictures are ready-made
markup strings (``{{ wave.map_svg | safe }}`` in HTML).

The service report's table rows are dataclasses too, each a read-only mapping of its fields:
``{{ row.patients }}``, ``{{ row["patients"] }}`` and ``row.items()`` all work, as they did when
the rows were dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields

from reports.svg import Key
from reports.words import Words

__all__ = [
    "ChangeView",
    "CountRow",
    "DistributionRow",
    "Figure",
    "GoalChangeRow",
    "GoalKindRow",
    "GoalReviewView",
    "GoalView",
    "NodeRow",
    "PairedRow",
    "PatientContext",
    "ServiceContext",
    "ServiceGroupRow",
    "TieRow",
    "TypeRow",
    "WaveView",
]


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
    """Its name in the report's language (``baseline``, ``follow-up 1``), or the label typed for it."""
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
class GoalView:
    """One goal of a support plan, as the patient's report writes it."""

    kind: str
    people: str
    """The people it concerns, by name ("" for none)."""
    details: list[str]
    """Its support, service, resource, who acts and when to look again, each a short phrase."""
    note: str
    """The note written with the patient ("" for none)."""


@dataclass(frozen=True)
class GoalReviewView:
    """How a goal of the wave before went, at the latest wave."""

    goal: GoalView
    outcome: str
    """As reviewed with the patient (done, partly, ...), or "not reviewed"."""
    review_note: str
    moved: str
    """Whether the network moved the way the goal looks for ("" when its kind looks for nothing)."""
    facts: list[str]
    """What moved, in plain words (the sister named is now in the network, ...)."""
    measures: list[Figure]
    """The measures the goal relates to, at the two waves (for the clinician)."""


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
    plan: list[GoalView]
    """The support plan of the latest wave."""
    plan_review: list[GoalReviewView]
    """At a follow-up, how each goal of the wave before went (empty at a baseline)."""
    words: Words


class _Row(Mapping[str, str]):
    """A table row whose fields can also be read as keys (``row["wave"]``), like a dictionary."""

    def __getitem__(self, key: str) -> str:
        if key not in self._names():
            raise KeyError(key)
        value: str = getattr(self, key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))  # type: ignore[arg-type]  # subclasses are dataclasses


@dataclass(frozen=True)
class CountRow(_Row):
    """One wave of the service report's counts (a count below 5 is written "<5")."""

    wave: str
    """The wave's name, made from its index (``baseline``, ``follow-up 1``)."""
    patients: str
    interviews: str
    """The wave's completed interviews (the report counts no other)."""
    no_informal: str
    """The share of patients with no informal supporter (``-`` for fewer than 5 patients)."""


@dataclass(frozen=True)
class DistributionRow(_Row):
    """One measure at one wave (only with 5 patients or more who have it)."""

    measure: str
    """The measure's stable name (``density``)."""
    label: str
    wave: str
    n: str
    median: str
    quartiles: str
    """First and third quartiles, ``q1 – q3``."""


@dataclass(frozen=True)
class PairedRow(_Row):
    """One measure's change from the first wave to the last, for the patients seen at both."""

    label: str
    pairs: str
    before: str
    """The mean at the first wave."""
    after: str
    mean_change: str
    ci: str
    """The 95% confidence interval of the mean change, ``low … high`` (``-`` when not defined)."""
    effect: str
    """The effect size d_z."""


@dataclass(frozen=True)
class GoalKindRow(_Row):
    """Goals of one kind (a goal kind, or a kind of local resource) set at one wave, and how they
    went: as reviewed at the next wave, or no next wave yet (counts of goals that add up to the
    goals set; "<5": goals of fewer than 5 patients; "-": not given)."""

    kind: str
    wave: str
    patients: str
    goals: str
    done: str
    partly: str
    not_done: str
    not_relevant: str
    not_reviewed: str
    no_next_wave: str


@dataclass(frozen=True)
class GoalChangeRow(_Row):
    """The mean change in one measure, first wave to the next, of the patients who set a goal of a
    kind at the first wave and of those who did not (descriptive: not the goal's effect)."""

    kind: str
    wave: str
    """From which wave to the next (``baseline → follow-up 1``)."""
    measure: str
    with_n: str
    with_change: str
    without_n: str
    without_change: str


@dataclass(frozen=True)
class TypeRow(_Row):
    """One network type at baseline."""

    type: str
    networks: str
    description: str
    """The type's medoid in words (``-`` for a type of fewer than 5 networks)."""


@dataclass(frozen=True)
class NodeRow(_Row):
    """One care setting or profession of the service network (in 5 patients' networks or more)."""

    node: str
    group: str
    """Generic social or primary-care service, mental-health service, or ``-`` (either)."""
    networks: str
    """In how many patients' networks it appears."""
    reach: str
    """``networks`` over the patients: the share of patients it reaches."""
    degree: str
    """How many of the ties shown (``TieRow``) it has."""
    strength: str
    """Weighted degree: the sum of the patients of the ties shown that it has."""


@dataclass(frozen=True)
class TieRow(_Row):
    """Two care settings or professions both in the networks of 5 patients or more (the lines drawn)."""

    a: str
    b: str
    networks: str
    """In how many patients' networks both appear: the tie's weight (the line's width)."""


@dataclass(frozen=True)
class ServiceGroupRow(_Row):
    """The centrality of the generic social services, or of the mental-health services, among the nodes shown."""

    group: str
    nodes: str
    networks: str
    """Patients whose network holds at least one of its nodes (``<5`` for fewer than 5)."""
    reach: str
    mean_strength: str
    """The mean strength of its nodes."""
    strength_share: str
    """Its nodes' share of the summed strength of all nodes shown."""


@dataclass(frozen=True)
class ServiceContext:
    """``service.html`` / ``service.md``: a service's patients, for its leads (no name, no free text)."""

    language: str
    title: str
    service: str
    period: str
    generated: str
    sections: list[str]
    counts: list[CountRow]
    distributions: list[DistributionRow]
    distribution_charts: dict[str, str]
    """Per measure label: a range chart (SVG) of its distribution at each wave."""
    paired: list[PairedRow]
    paired_chart: str
    """The paired changes with their 95% CI (SVG)."""
    types: list[TypeRow]
    service_nodes: list[NodeRow]
    service_ties: list[TieRow]
    service_groups: list[ServiceGroupRow]
    service_graph: str
    """The service network (SVG)."""
    service_caption: str
    """What the service network's chart and tables show, and what they leave out (and why)."""
    plan_kinds: list[GoalKindRow]
    """The support plans' goals per kind and wave, and how they went."""
    plan_resources: list[GoalKindRow]
    """The same per kind of local resource the goals point to (empty without the directories)."""
    plan_changes: list[GoalChangeRow]
    small_note: str
    words: Words
