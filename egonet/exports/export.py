"""An anonymised export: two passes over the interviews, streaming.

Pass 1 counts the combinations of the interviews' quasi-identifiers (and collects the columns)
and plans their generalisation (:mod:`egonet.exports.kanon`), and keeps the outcomes of the
support plans' reviews in a temporary file (:class:`~egonet.exports.goals.Reviews`); pass 2
anonymises and writes each interview in turn, its goals joined with their review at the next
wave.  Memory holds the distinct combinations, never the interviews: it stays flat however many
interviews there are.  The work on each interview (anonymising, measuring) is a step,
:func:`read_step` and :func:`write_step`, that ``each`` may run in other processes (``egonet
export --jobs``); what joins the interviews (the counts, the reviews, the writer) stays here,
in the interviews' order.  Beside
the data: ``codebook.json`` and ``codebook.md``, ``disclosure-risk.json`` and ``.md``.  The
export is written into a new folder that replaces ``out`` only when complete.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from typing import Protocol as Interface
from uuid import UUID

from egonet.errors import UsageError
from egonet.exports.anonymise import AnonymousInterview, Row, anonymise, ego_column
from egonet.exports.codebook import codebook, codebook_markdown
from egonet.exports.goals import ResourceKinds, Reviews, goal_rows
from egonet.exports.kanon import Disclosure, plan_quasi_identifiers
from egonet.exports.pseudonyms import Pseudonyms
from egonet.exports.writers import WRITERS
from egonet.model import Directory, Interview, Patient, Plan, Protocol, QuestionType, Wave

__all__ = ["EGO_COMPARED", "FORMATS", "Each", "ExportReport", "ReadStep", "WriteStep", "export", "quasi_identifiers"]

FORMATS = tuple(WRITERS)
QUASI_ROLES = ("gender", "age")
EGO_COMPARED = ("ei_", "similarity_")
"""Measures that compare ego's answer with the alters' (E-I index, similarity): beside the alters'
answers they give ego's answer back, a quasi-identifier k-anonymity may have suppressed, so no
export or research download carries them (found: ego's gender read off ``similarity_gender``)."""
Shown = Callable[[Iterable[Interview], str], Iterator[Interview]]
T = TypeVar("T")
ProtocolOf = Callable[[Interview], Protocol]


class Each(Interface):
    """Runs ``step(interview, protocol_of)`` on every interview, in order, showing ``what``;
    yields each result with the protocol the step asked for (``None``: it asked for none)."""

    def __call__(
        self, step: Callable[[Interview, ProtocolOf], T], what: str
    ) -> Iterator[tuple[T, Protocol | None]]: ...


@dataclass
class ExportReport:
    interviews: int
    files: list[Path]
    disclosure: Disclosure


def quasi_identifiers(protocols: Iterable[Protocol], extra: Iterable[str] = ()) -> dict[str, str]:
    """The export's quasi-identifiers (column → kind): service, date and protocol (a service's own
    protocol names the service), ego questions with a role of gender or age, and ``extra`` ego
    questions."""
    kinds = {"service": "category", "date": "date", "protocol": "category"}
    wanted = set(extra)
    for protocol in protocols:
        known = {q.id for q in protocol.ego_questions}
        missing = wanted - known
        if missing:
            raise UsageError(f"no ego question {sorted(missing)[0]!r} in protocol {protocol.id} {protocol.version}")
        for q in protocol.ego_questions:
            if q.type is QuestionType.TEXT or not (q.role in QUASI_ROLES or q.id in wanted):
                continue
            kinds[ego_column(q.id)] = "number" if q.type in (QuestionType.NUMERIC, QuestionType.ORDINAL) else "category"
    return kinds


def _columns(seen: list[str], row: dict[str, Any]) -> None:
    seen.extend(k for k in row if k not in seen)


def export(
    interviews: Callable[[], Iterable[Interview]],
    protocol_of: Callable[[Interview], Protocol],
    fmt: str,
    out: Path,
    pseudonyms: Pseudonyms,
    *,
    k: int = 5,
    quasi: Iterable[str] = (),
    language: str = "en",
    shown: Shown | None = None,
    with_measures: bool = False,
    directory_of: Callable[[str], Directory | None] | None = None,
    each: Each | None = None,
) -> ExportReport:
    """Export ``interviews()`` (called twice: it must give the same interviews each time);
    ``each``, if given, runs the work on each interview instead (``interviews`` and ``shown``
    are then not used: :class:`Each`, e.g. in several processes, with the same output);
    ``with_measures`` adds every measure of :mod:`egonet.analysis` to the ego rows;
    ``directory_of(service)``, the service's directory of local resources (``None``: not known),
    gives the kinds of the resources goals name."""
    if fmt not in WRITERS:
        raise UsageError(f"{fmt!r} is not an export format ({', '.join(FORMATS)})")
    reviews = Reviews()
    try:
        return _export(
            each or _in_turn(interviews, protocol_of, shown),
            fmt,
            out,
            pseudonyms,
            k=k,
            quasi=quasi,
            language=language,
            with_measures=with_measures,
            reviews=reviews,
            resource_kinds=ResourceKinds(directory_of),
        )
    finally:
        reviews.close()


def _in_turn(interviews: Callable[[], Iterable[Interview]], protocol_of: ProtocolOf, shown: Shown | None) -> Each:
    """:class:`Each` in this process: ``interviews()`` one at a time, shown by ``shown``."""
    show: Shown = shown or (lambda items, _what: iter(items))

    def each(step: Callable[[Interview, ProtocolOf], T], what: str) -> Iterator[tuple[T, Protocol | None]]:
        for interview in show(interviews(), what):
            asked = _Asked(protocol_of)
            result = step(interview, asked)
            yield result, asked.last

    return each


class _Asked:
    """``protocol_of``, remembering the protocol it last gave."""

    def __init__(self, protocol_of: ProtocolOf) -> None:
        self._of = protocol_of
        self.last: Protocol | None = None

    def __call__(self, interview: Interview) -> Protocol:
        self.last = self._of(interview)
        return self.last


@dataclass(frozen=True, slots=True)
class _Who:
    """What :class:`Reviews` reads of an interview: whose wave it is, and its plan's reviews."""

    patient: Patient
    wave: Wave
    plan: Plan

    @classmethod
    def of(cls, interview: Interview, reviews: bool = False) -> _Who:
        return cls(interview.patient, interview.wave, Plan([], list(interview.plan.reviews) if reviews else [], []))


@dataclass(slots=True)
class _Read:
    """Pass 1's result for one interview: its ego row, its alters' columns, its reviews."""

    ego: Row
    alter_columns: list[str]
    who: _Who
    measure_columns: list[str] | None


@dataclass
class ReadStep:
    """Pass 1 on one interview (picklable; ``measure_columns`` measured on the first interview of
    each protocol this step meets: the first of the whole export always among them)."""

    pseudonyms: Pseudonyms
    with_measures: bool
    seen: set[tuple[str, str]] = field(default_factory=set)

    def __call__(self, interview: Interview, protocol_of: ProtocolOf) -> _Read:
        protocol = protocol_of(interview)
        rows = anonymise(interview, protocol, pseudonyms=self.pseudonyms)
        alters: list[str] = []
        for alter in rows.alters:
            _columns(alters, alter)
        columns = None
        if self.with_measures and (protocol.id, protocol.version) not in self.seen:
            self.seen.add((protocol.id, protocol.version))
            columns = list(_measures(interview, protocol))
        return _Read(rows.ego, alters, _Who.of(interview, reviews=True), columns)


class _NoReviews:
    """Reviews as a step sees them, outside the export's process: none yet (filled in after)."""

    def of(self, _interview: object, _goal: UUID) -> None:
        return None


class _ResourceIds:
    """Resource kinds as a step sees them: the resource's id, for the export's process to look up."""

    def kind(self, _service: str, resource_id: str | None) -> str | None:
        return resource_id


@dataclass(slots=True)
class _Written:
    """Pass 2's result for one interview: its rows, but the goals' reviews and resource kinds."""

    rows: AnonymousInterview
    goal_ids: list[UUID]
    who: _Who


@dataclass(frozen=True)
class WriteStep:
    """Pass 2 on one interview (picklable)."""

    pseudonyms: Pseudonyms
    with_measures: bool

    def __call__(self, interview: Interview, protocol_of: ProtocolOf) -> _Written:
        protocol = protocol_of(interview)
        rows = anonymise(interview, protocol, self.pseudonyms)
        if self.with_measures:
            rows.ego.update(_measures(interview, protocol))
        reviews, kinds = cast("Reviews", _NoReviews()), cast("ResourceKinds", _ResourceIds())
        rows.goals, rows.goal_people = goal_rows(interview, self.pseudonyms, reviews, kinds)
        return _Written(rows, [g.id for g in interview.plan.goals], _Who.of(interview))


def _export(
    each: Each,
    fmt: str,
    out: Path,
    pseudonyms: Pseudonyms,
    *,
    k: int,
    quasi: Iterable[str],
    language: str,
    with_measures: bool,
    reviews: Reviews,
    resource_kinds: ResourceKinds,
) -> ExportReport:
    protocols: dict[tuple[str, str], Protocol] = {}
    ego_columns, alter_columns = ["egoID"], ["egoID", "alterID"]
    seen: Counter[tuple[tuple[str, Any], ...]] = Counter()  # combinations of quasi-identifiers, counted
    kinds_of: dict[tuple[str, str], dict[str, str]] = {}
    measured: dict[tuple[str, str], list[str]] = {}
    measure_columns: list[str] = []
    for read, asked in each(ReadStep(pseudonyms, with_measures), "reading"):
        protocol = cast("Protocol", asked)  # the step asks for it
        key = (protocol.id, protocol.version)
        protocols[key] = protocol
        reviews.add(cast("Interview", read.who))
        if with_measures and key not in measured:
            measured[key] = cast("list[str]", read.measure_columns)  # the first of its protocol: measured
            _columns(measure_columns, dict.fromkeys(measured[key]))
        _columns(ego_columns, read.ego)
        _columns(alter_columns, dict.fromkeys(read.alter_columns))
        own = kinds_of.setdefault(key, quasi_identifiers([protocol], quasi))
        seen[tuple((name, read.ego.get(name)) for name in own)] += 1
    if not seen:
        raise UsageError("no interview to export")
    kinds = quasi_identifiers(protocols.values(), quasi)
    raw: Counter[tuple[Any, ...]] = Counter()
    for items, count in seen.items():
        values = dict(items)
        raw[tuple(values.get(name) for name in kinds)] += count
    plan, disclosure = plan_quasi_identifiers(raw, kinds, k)
    ego_columns += [c for c in measure_columns if c not in ego_columns]
    book = codebook(protocols.values(), language, list(kinds), measure_columns)
    types = {table: {v["name"]: v["type"] for v in variables} for table, variables in book["tables"].items()}
    types["egos"] |= dict.fromkeys(kinds, "string")  # generalised, they are strings
    temporary = out.with_name(f".{out.name}.partial")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    writer = WRITERS[fmt](temporary, ego_columns, alter_columns, types)
    count = 0
    try:
        for written, _ in each(WriteStep(pseudonyms, with_measures), "writing"):
            rows, who = written.rows, cast("Interview", written.who)
            for goal, goal_id in zip(rows.goals, written.goal_ids, strict=True):
                review = reviews.of(who, goal_id)
                goal["outcome"], goal["outcome_wave"] = (review[0], review[1]) if review else (None, None)
                goal["resource_kind"] = resource_kinds.kind(
                    who.patient.service, cast("str | None", goal["resource_kind"])
                )
            plan.apply(rows.ego, rows.goals, "review_on")
            writer.write(rows)
            count += 1
    finally:
        writer.close()
    (temporary / "codebook.json").write_text(json.dumps(book, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (temporary / "codebook.md").write_text(codebook_markdown(book), encoding="utf-8")
    (temporary / "disclosure-risk.json").write_text(json.dumps(asdict(disclosure), indent=2) + "\n", encoding="utf-8")
    (temporary / "disclosure-risk.md").write_text(_risk_markdown(disclosure), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    temporary.rename(out)
    files = sorted(p for p in out.iterdir())
    return ExportReport(count, files, disclosure)


def _measures(interview: Interview, protocol: Protocol) -> dict[str, Any]:
    """The interview's measures, without the identity columns (codes, ids, typed labels) and without
    the measures that compare ego's own answers with the alters' (:data:`EGO_COMPARED`)."""
    from egonet.analysis import IDENTITY, measure  # noqa: PLC0415  (numba only when measuring)

    return {
        k: v
        for k, v in measure(interview, protocol).row().items()
        if k not in IDENTITY and not k.startswith(EGO_COMPARED)
    }


def _risk_markdown(d: Disclosure) -> str:
    levels = ", ".join(f"{name} {level}" for name, level in d.levels.items())
    return (
        f"# Disclosure risk\n\n"
        f"- k = {d.k}, quasi-identifiers: {', '.join(d.quasi_identifiers)}\n"
        f"- records: {d.records}; in a combination rarer than k before treatment: {d.rare_before}\n"
        f"- generalisation steps: {levels}\n"
        "  (dates: 1 quarter, 2 year, 3 removed; numbers: 1-3 bands of 5, 10, 20 years, 4 removed)\n"
        f"- records with quasi-identifiers suppressed: {d.suppressed}\n"
        f"- smallest combination after treatment: {d.smallest_class} records; highest re-identification risk "
        f"by quasi-identifiers: {d.max_risk:.3f}\n"
    )
