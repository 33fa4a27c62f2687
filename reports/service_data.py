"""What the service report keeps of its interviews, read one at a time: a slim measure row per
completed interview, the interviews per wave, each patient's latest settings and professions, and
each interview's plan row (:class:`ServiceData`).  :func:`service_item` is one interview's share,
small and picklable (``--jobs`` measures interviews in other processes); :func:`gather_items`
puts the shares together in the interviews' order; :func:`gather_service` does both in this
process.  Memory holds the slim rows, never the documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from egonet.analysis import measure
from egonet.analysis.plan_figures import PlanRow
from egonet.analysis.services import ROLES as SERVICE_ROLES
from egonet.analysis.typology import FEATURES
from egonet.model import Answer, Interview, InterviewStatus, Patient, Protocol, Wave

__all__ = [
    "ROW_KEYS",
    "ServiceData",
    "ServiceItem",
    "gather_items",
    "gather_service",
    "protocol_of_latest",
    "service_item",
]

Row = dict[str, float | int | str | None]

ROW_KEYS = ("patient", "service", "wave_index", "wave_label", "n_alters", "n_informal", *FEATURES)
"""What the service report keeps of each measure row, besides the measures it shows: the keys
that pair waves and group rows, the informal supporters (the counts) and the typology's features."""


class _SlimRow(Mapping[str, object]):
    """A measure row as the service report keeps it: the values of :data:`ROW_KEYS` and the
    measures only, in a tuple (the keys are shared by every row); read-only, like any row."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple[object, ...]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, key: str) -> object:
        return self._values[self._index[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


@dataclass(frozen=True, slots=True)
class _Answers:
    """An alter as the service network reads it: the answers about settings and professions."""

    answers: dict[str, Answer]


@dataclass(frozen=True, slots=True)
class _Latest:
    """A patient's latest completed interview as the service network reads it (patient, wave,
    protocol, the alters' settings and professions): a few hundred bytes, not the document."""

    patient: Patient
    wave: Wave
    protocol: Protocol
    alters: tuple[_Answers, ...]

    @property
    def protocol_id(self) -> str:
        return self.protocol.id

    @property
    def protocol_version(self) -> str:
        return self.protocol.version

    def active_alters(self) -> tuple[_Answers, ...]:
        return self.alters

    @classmethod
    def of(cls, interview: Interview, protocol: Protocol, shared: dict[tuple[object, ...], _Answers]) -> _Latest:
        """``shared``: the alters already made, by their answers (a few dozen settings and
        professions stand for every patient's)."""
        return cls.made(interview.patient, interview.wave, protocol, _service_answers(interview, protocol), shared)

    @classmethod
    def made(
        cls,
        patient: Patient,
        wave: Wave,
        protocol: Protocol,
        answers: Iterable[dict[str, Answer]],
        shared: dict[tuple[object, ...], _Answers],
    ) -> _Latest:
        alters = []
        for one in answers:
            key = tuple((i, type(v).__name__, str(v)) for i, v in one.items())
            alters.append(shared.setdefault(key, _Answers(one)))
        return cls(patient, wave, protocol, tuple(alters))


def _service_answers(interview: Interview, protocol: Protocol) -> tuple[dict[str, Answer], ...]:
    """The answers about settings and professions of each alter that has some."""
    ids = [q.id for q in (protocol.alter_question_with_role(r) for r in SERVICE_ROLES) if q is not None]
    found = ({i: alter.answers[i] for i in ids if i in alter.answers} for alter in interview.active_alters())
    return tuple(answers for answers in found if answers)


def protocol_of_latest(latest: Interview) -> Protocol:
    """The protocol of a patient's latest interview as :class:`ServiceData` keeps it."""
    return cast("_Latest", latest).protocol


@dataclass(slots=True)
class ServiceData:
    """What the service report keeps of its interviews, read one at a time
    (:func:`gather_service`): a slim measure row per interview, the number of interviews per
    wave and each patient's latest network (its settings and professions).  One gathering serves
    every language of the report."""

    rows: list[Row]
    interviews_by_wave: dict[int, int]
    latest: list[_Latest]
    measures: tuple[str, ...]
    plans: list[PlanRow]
    """Each completed interview's goal kinds, resources and reviews (no note, no name; empty
    for an interview without a plan, which still tells that its patient came back)."""


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """What the service report keeps of one completed interview (:func:`service_item`): small,
    picklable, so that interviews can be measured in other processes (``--jobs``)."""

    values: tuple[object, ...]
    """The slim row's values, in the order of :data:`ROW_KEYS` then the measures."""
    patient: Patient
    wave: Wave
    plan: PlanRow
    answers: tuple[dict[str, Answer], ...]
    """The alters' settings and professions, for the service network."""


def _columns(measures: Sequence[str]) -> dict[str, int]:
    return {key: k for k, key in enumerate(dict.fromkeys((*ROW_KEYS, *measures)))}


def service_item(
    interview: Interview,
    protocol_of: Callable[[Interview], Protocol],
    measures: Sequence[str],
    row: Mapping[str, object] | None = None,
) -> ServiceItem | None:
    """What :func:`gather_items` needs of ``interview``, measured here unless ``row`` gives its
    measure row; ``None`` if it is not completed (its protocol is then not asked for)."""
    if interview.status is not InterviewStatus.COMPLETED:
        return None
    protocol = protocol_of(interview)
    full = row or measure(interview, protocol).row()
    values = tuple(full.get(k) for k in _columns(measures))
    plan = PlanRow.of(interview)  # every completed wave: a goal is followed when its next wave is here
    return ServiceItem(values, interview.patient, interview.wave, plan, _service_answers(interview, protocol))


def gather_items(items: Iterable[tuple[ServiceItem | None, Protocol | None]], measures: Sequence[str]) -> ServiceData:
    """What :func:`service_context` needs, from each interview's :func:`service_item` (``None``:
    not completed) with its protocol, in the interviews' order; none is kept."""
    columns = _columns(measures)
    rows: list[Row] = []
    by_wave: dict[int, int] = defaultdict(int)
    first: dict[str, tuple[int, int]] = {}  # patient: (earliest wave, its position), the old sort's order
    latest: dict[str, _Latest] = {}
    shared: dict[tuple[object, ...], _Answers] = {}
    plans: list[PlanRow] = []
    for position, (item, protocol) in enumerate(items):
        if item is None or protocol is None:
            continue
        rows.append(cast("Row", _SlimRow(columns, item.values)))  # read as a row, never written
        index, code = item.wave.index, item.patient.code
        by_wave[index] += 1
        plans.append(item.plan)
        if code not in first or index < first[code][0]:
            first[code] = (index, position)
        if code not in latest or index >= latest[code].wave.index:
            latest[code] = _Latest.made(item.patient, item.wave, protocol, item.answers, shared)
    ordered = [latest[code] for code in sorted(latest, key=first.__getitem__)]
    return ServiceData(rows, dict(by_wave), ordered, tuple(measures), plans)


def gather_service(
    interviews: Iterable[Interview],
    protocol_of: Callable[[Interview], Protocol],
    measures: Sequence[str],
    measured: Mapping[str, Mapping[str, object]] | None = None,
) -> ServiceData:
    """Read ``interviews`` (any iterable: a generator is read once, one interview at a time, and
    none is kept) into what :func:`service_context` needs; ``measured`` may give their measure
    rows by interview id (e.g. from a cache).  Interviews not completed are skipped."""
    known = measured or {}

    def items() -> Iterator[tuple[ServiceItem | None, Protocol | None]]:
        for iv in interviews:
            item = service_item(iv, protocol_of, measures, known.get(str(iv.id)))
            yield item, None if item is None else protocol_of(iv)

    return gather_items(items(), measures)
