"""Importing another tool's files into the store: read, plan, build, check, then store at once.

Nothing is half-imported: every ego is built and checked first, and any problem (each with its
file and line) stops the import before the store is touched; the interviews and the protocol
made for them are then written in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from egonet.errors import ModelError, NotFoundError, Problem, SourceError, UsageError
from egonet.imports.build import build_interview
from egonet.imports.egor import EGOR, EGOWEB, read_three_tables
from egonet.imports.mapping import Mapping
from egonet.imports.networkcanvas import read_networkcanvas
from egonet.imports.plan import Plan, plan_import
from egonet.imports.source import SourceEgo
from egonet.imports.waves import previous_waves
from egonet.imports.wide import read_wide
from egonet.model import Interview, Patient, Protocol
from egonet.protocol import builtin_protocol, default_protocol
from egonet.store import ImportResult, Store
from egonet.wire import to_document

__all__ = ["FORMATS", "ImportReport", "SourceInterviews", "import_files", "read_interviews", "read_source"]

FORMATS = ("egor", "egoweb", "networkcanvas", "wide")
MAX_PROBLEMS = 20


@dataclass(slots=True)
class ImportReport:
    """What an import found and did."""

    egos: int
    interviews: list[Interview]
    plan: Plan
    not_asked: int = 0
    result: ImportResult | None = None
    """``None`` for a dry run."""
    left_out: list[str] = field(default_factory=list)
    self_loops: int = 0
    """Tie rows that joined an alter to itself (left out)."""
    tie_values: Counter[str] = field(default_factory=Counter)
    """How many tie rows had each value (those in the plan's ``no_tie`` are not ties)."""


def read_source(kind: str, path: Path, mapping: Mapping) -> tuple[list[SourceEgo], int]:
    """The egos of ``path`` read as ``kind``, and how many were not asked for a network."""
    if kind in ("egor", "egoweb"):
        return read_three_tables(path, mapping, EGOR if kind == "egor" else EGOWEB), 0
    if kind == "networkcanvas":
        return read_networkcanvas(path, node_type=mapping.node_type, edge_types=mapping.edge_types), 0
    if kind == "wide":
        found = read_wide(path, mapping)
        return found.egos, found.not_asked
    raise UsageError(f"{kind!r} is not a format Egonet imports ({', '.join(FORMATS)})")


def _target(mapping: Mapping, store: Store | None) -> Protocol | None:
    if mapping.protocol is None:
        return None
    pid, _, version = mapping.protocol.partition(" ")
    default = default_protocol()
    if pid == default.id and not version:
        return default
    found = builtin_protocol(pid, version)
    if found is not None:
        return found
    if store is None:
        raise UsageError(f"protocol {mapping.protocol!r} is not built in (one kept in the store needs the store)")
    return store.protocol(pid, version)


def _check_source(egos: list[SourceEgo], mapping: Mapping, kind: str) -> None:
    """One patient per ego id, and the Network Canvas edge types asked for are in the export."""
    codes = Counter(f"{mapping.patient_prefix}{e.id}" for e in egos)
    twice = [e for e in egos if codes[f"{mapping.patient_prefix}{e.id}"] > 1]
    if twice:
        raise SourceError([Problem(twice[1].where, "", f"ego {twice[1].id!r} is also at {twice[0].where}")])
    if kind == "networkcanvas" and mapping.edge_types:
        found = {t.value for e in egos for t in e.ties}
        missing = sorted(mapping.edge_types - found)
        if missing:
            types = ", ".join(sorted(map(str, found))) or "none"
            message = f"no edge of type {missing[0]!r} in the export (types found: {types})"
            raise SourceError([Problem(mapping.where, "networkcanvas.edge_types", message)])


def _content(interview: Interview) -> dict[str, object]:
    """The document without its times (an import without dates is dated on the day it runs)."""
    fixed = datetime(2000, 1, 1, tzinfo=UTC)
    return to_document(replace(interview, started_at=fixed, completed_at=fixed, updated_at=None))


def _check_not_changed(store: Store, interviews: list[Interview]) -> None:
    """An interview imported before is imported again only unchanged: different data under the
    same ids (another export in a folder of the same name, a corrected mapping) is refused."""
    for interview in interviews:
        try:
            stored = store.load(interview.id)
        except NotFoundError:
            continue
        if _content(stored) != _content(interview):
            raise SourceError(
                [
                    Problem(
                        interview.patient.code,
                        "",
                        "this patient was imported before from other data (another folder of the same "
                        "name, or another mapping); nothing was imported",
                    )
                ]
            )


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem("import", "", f"and {more} more problems; nothing was imported")]


@dataclass(slots=True)
class SourceInterviews:
    """The egos of another tool's files as interviews, before any store is written: what
    ``egonet import`` stores, and what ``egonet measures --egor`` measures."""

    egos: list[SourceEgo]
    interviews: list[Interview]
    """One per ego, in the same order."""
    plan: Plan
    not_asked: int = 0


def read_interviews(
    kind: str,
    path: Path,
    mapping: Mapping,
    *,
    service: str,
    store: Store | None = None,
    wave: int = 0,
    now: datetime | None = None,
) -> SourceInterviews:
    """Read ``path`` as ``kind`` and build every ego's completed interview of ``service``, or
    raise one :class:`SourceError` with every problem found (each with its file and line).

    ``store`` is needed only for a later ``wave`` (each patient's previous wave) or a mapping's
    ``protocol`` that is kept in the store rather than built in; nothing is written to it.
    """
    try:
        Patient("check", service)
    except ModelError as exc:
        raise UsageError(f"--service: {exc.message}") from None
    egos, not_asked = read_source(kind, path, mapping)
    if not egos:
        raise SourceError([Problem(str(path), "", "holds no ego to import")])
    _check_source(egos, mapping, kind)
    started = mapping.columns.get("started")
    skip = {"ego": {started} if started else set()}
    name = path.resolve().stem if path.is_file() else path.resolve().name
    previous: dict[str, Interview] = {}
    target = _target(mapping, store)
    if wave > 0:
        if store is None:
            raise UsageError("a follow-up wave continues the previous wave in the store: give the store")
        previous, earlier = previous_waves(store, egos, mapping.patient_prefix, wave)
        target = target or earlier
    plan = plan_import(egos, mapping, name, target, skip, by_name=wave > 0 and mapping.protocol is None)
    moment = now or datetime.now(UTC)
    interviews: list[Interview] = []
    problems: list[Problem] = []
    for ego in egos:
        date = ego.cells.get(started) if started else None
        interview, found = build_interview(
            ego,
            plan,
            source=f"{kind}:{name}",
            service=service,
            code=f"{mapping.patient_prefix}{ego.id}",
            started=date,
            now=moment,
            previous=previous.get(f"{mapping.patient_prefix}{ego.id}"),
        )
        problems += found
        if interview is not None:
            interviews.append(interview)
    if problems:
        raise SourceError(_capped(problems))
    return SourceInterviews(egos, interviews, plan, not_asked)


def import_files(
    store: Store,
    kind: str,
    path: Path,
    mapping: Mapping,
    *,
    service: str | None = None,
    dry_run: bool = False,
    wave: int = 0,
    now: datetime | None = None,
    track: Callable[[Iterable[Interview]], Iterable[Interview]] = lambda items: items,
) -> ImportReport:
    """Import the egos of ``path`` as completed interviews of ``service``: all or none.

    ``wave`` 0 is the baseline; a later wave follows each patient's previous wave in the store
    (:mod:`egonet.imports.waves`), answering its protocol unless the mapping names another.
    """
    service = service or mapping.service
    if not service:
        raise UsageError("name the service of the imported patients: --service NAME (or service in the mapping)")
    read = read_interviews(kind, path, mapping, service=service, store=store, wave=wave, now=now)
    egos, interviews, plan = read.egos, read.interviews, read.plan
    _check_not_changed(store, interviews)
    loops = sum(t.a == t.b for e in egos for t in e.ties)
    values = Counter(t.value for e in egos for t in e.ties if t.value is not None)
    report = ImportReport(
        len(egos), interviews, plan, read.not_asked, left_out=sorted(plan.left_out), self_loops=loops, tie_values=values
    )
    if not dry_run:
        protocols = [(plan.protocol, plan.protocol_text)] if plan.protocol_text else []
        report.result = store.import_interviews(track(interviews), protocols)
    return report
