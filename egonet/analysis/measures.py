"""The catalogue of measures of one interview, as one flat row with stable names.

Researchers script against these names: they change only with a new major version.  Undefined
values are ``None`` (JSON null, an empty CSV cell), never 0 or NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace

from egonet.analysis.brokerage import Brokerage, brokerage, brokerage_from_sums
from egonet.analysis.composition import composition
from egonet.analysis.kernels import catalogue
from egonet.analysis.network import EgoNetwork
from egonet.analysis.strength import strength
from egonet.analysis.structure import Structure, structure, structure_from_sums
from egonet.analysis.subgroups import Subgroups, subgroups, subgroups_from_labels
from egonet.model import Interview, Protocol, QuestionType

__all__ = ["IDENTITY", "Measures", "ego_scores", "measure", "measure_many", "measure_network", "tie_census_complete"]

TIE_STRENGTH = ("mean_tie_strength", "prop_strong_ties")
"""The strength measures read from ties (the others are answers about alters)."""

Value = float | int | str | None

IDENTITY = ("interview_id", "patient", "service", "wave_index", "wave_label", "status", "protocol")
"""The columns that say which interview a row is about (no name, no label, no clinician)."""


@dataclass(frozen=True, slots=True)
class Measures:
    """Every measure of one interview; :meth:`row` flattens it."""

    identity: dict[str, Value]
    n_alters: int
    """Alters in the wave's network (confirmed present; gone and unconfirmed alters excluded)."""
    structure: Structure
    brokerage: Brokerage
    subgroups: Subgroups
    composition: dict[str, float | int | None] = field(default_factory=dict)
    strength: dict[str, float | int | None] = field(default_factory=dict)
    ego: dict[str, float | int | None] = field(default_factory=dict)
    """``ego_<question>``: ego's answer to each ordinal or numeric ego question (e.g. satisfaction)."""

    def ties_unknown(self) -> Measures:
        """These measures with every one computed from ties null (who knows whom was not asked)."""
        return replace(
            self,
            structure=Structure(**dict.fromkeys(_NAMES[Structure])),
            brokerage=Brokerage(**dict.fromkeys(_NAMES[Brokerage])),
            subgroups=Subgroups(**dict.fromkeys(_NAMES[Subgroups])),
            strength={k: (None if k in TIE_STRENGTH else v) for k, v in self.strength.items()},
        )

    def row(self) -> dict[str, Value]:
        """One flat row: identity, ``n_alters``, structure, brokerage, subgroups, composition, strength."""
        return {
            **self.identity,
            "n_alters": self.n_alters,
            **_flat(self.structure),
            **_flat(self.brokerage),
            **_flat(self.subgroups),
            **self.composition,
            **self.strength,
            **self.ego,
        }


_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in (Structure, Brokerage, Subgroups)}


def _flat(group: Structure | Brokerage | Subgroups) -> dict[str, Value]:
    """A group's fields by name (``dataclasses.asdict`` deep-copies, and is slow)."""
    return {name: getattr(group, name) for name in _NAMES[type(group)]}


def measure_network(net: EgoNetwork, protocol: Protocol, identity: dict[str, Value] | None = None) -> Measures:
    """All measures of a network already reduced to an :class:`EgoNetwork` (the structural ones
    from one compiled call)."""
    if net.n == 0:
        shape, holes, groups = structure(net), brokerage(net), subgroups(net)
    else:
        sums = catalogue(net.n, *net.tie_arrays())
        shape = structure_from_sums(net.n, net.n_ties, sums.structure)
        holes = brokerage_from_sums(net.n, net.n_ties, sums.brokerage)
        groups = subgroups_from_labels(sums.labels.tolist(), sums.modularity)
    return Measures(
        identity=identity or {},
        n_alters=net.n,
        structure=shape,
        brokerage=holes,
        subgroups=groups,
        composition=composition(net, protocol),
        strength=strength(net, protocol),
        ego=ego_scores(net, protocol),
    )


def ego_scores(net: EgoNetwork, protocol: Protocol) -> dict[str, float | int | None]:
    """Ego's answers to ordinal and numeric ego questions, null when unanswered."""
    out: dict[str, float | int | None] = {}
    for question in protocol.ego_questions:
        if question.type in (QuestionType.ORDINAL, QuestionType.NUMERIC):
            value = net.ego_answers.get(question.id)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            out[f"ego_{question.id}"] = float(value) if numeric and value is not None else None
    return out


def measure(interview: Interview, protocol: Protocol) -> Measures:
    """All measures of one interview.  If the tie census did not ask every pair of alters (an
    interview completed with the census left open), who knows whom is unknown: every measure
    computed from ties is null, not the value of a network without ties."""
    identity: dict[str, Value] = {
        "interview_id": str(interview.id),
        "patient": interview.patient.code,
        "service": interview.patient.service,
        "wave_index": interview.wave.index,
        "wave_label": interview.wave.label,
        "status": interview.status.value,
        "protocol": f"{interview.protocol_id} {interview.protocol_version}",
    }
    measures = measure_network(EgoNetwork.from_interview(interview), protocol, identity)
    return measures if tie_census_complete(interview) else measures.ties_unknown()


def tie_census_complete(interview: Interview) -> bool:
    """Whether every pair of alters in the wave's network was asked whether they know each other."""
    ids = [a.id for a in interview.active_alters()]
    return all(interview.pair_asked(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])


def measure_many(interviews: Iterable[Interview], protocol_of: Callable[[Interview], Protocol]) -> Iterator[Measures]:
    """Measures of many interviews, one at a time (memory stays flat however many there are)."""
    for interview in interviews:
        yield measure(interview, protocol_of(interview))
