"""``--jobs N``: the analysis commands' work on every core, in order, in flat memory.

The work of ``egonet measures``, ``egonet export`` and ``egonet report service`` is one step per
interview (load it, measure it, anonymise it), independent of the others; what the commands do
with the results (write rows, count quasi-identifiers, aggregate) stays in their own process,
in the interviews' order.  :func:`ordered_map` runs a step over items in worker processes,
a chunk of items at a time, with a bounded number of chunks in flight, and yields the results
in the items' order: the output is the one of ``--jobs 1``, byte for byte (the measures'
kernels give the same floats in both of their tiers, :mod:`egonet.analysis.kernels.tiers`), and
memory holds a few chunks, however many interviews there are.

Processes, not threads: the steps are Python (JSON, the model, composition) around the kernels,
and hold the GIL; numba's ``nogil`` would free only the kernels' share of the time.  Workers are
forked on Linux (they start at once, with the modules already imported; spawned elsewhere), each
opens the store itself, reads its interviews by id and finds their protocols as
:meth:`Env.protocol_of` does; what a step needs travels pickled (ids, lines, the step and its
options).  An error of Egonet's raised in a worker is raised again here, in order.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

import click

from egonet.cli.context import Env
from egonet.errors import EgonetError
from egonet.model import Interview, Protocol
from egonet.store import Store

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

__all__ = ["CHUNK", "ProtocolOf", "Step", "cores", "from_store", "jobs_option", "ordered_map"]

A = TypeVar("A")
R = TypeVar("R")
T = TypeVar("T")

CHUNK = 32
"""Items per task sent to a worker: some 0.1 s of work, so that sending costs little."""
IN_FLIGHT = 3
"""Chunks given to each worker ahead of the results read: enough to keep it busy, few in memory."""

ProtocolOf = Callable[[Interview], Protocol]
Step = Callable[[Interview, ProtocolOf], T]
"""The work on one interview, given the protocols (module-level, picklable with its options)."""


def cores() -> int:
    """The cores this process may run on (``os.process_cpu_count``, else the affinity, else all)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to measure with (default: the machine's cores; 1: in this process). Same output.",
)
"""``--jobs N``: ``None`` when not given (:func:`cores`)."""


def _run_chunk(task: Callable[[A], R], chunk: list[A]) -> list[R | _Failure]:
    out: list[R | _Failure] = []
    for item in chunk:
        try:
            out.append(task(item))
        except EgonetError as exc:  # sent as a value: its fields survive the trip, and it stops the rest
            out.append(_Failure(type(exc), exc.args, dict(vars(exc))))
            break
    return out


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: type[EgonetError]
    args: tuple[Any, ...]
    fields: dict[str, Any]

    def error(self) -> EgonetError:
        exc = self.kind.__new__(self.kind)
        exc.args = self.args
        vars(exc).update(self.fields)
        return exc


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the command, which ends its workers


def ordered_map(task: Callable[[A], R], items: Iterable[A], jobs: int | None, chunk: int = CHUNK) -> Iterator[R]:
    """``map(task, items)``, in ``jobs`` worker processes (``None``: :func:`cores`), in order.

    ``task`` and the items must pickle.  With one job, or items for one chunk only, it runs here.
    The items are read as the workers need them and the results yielded as they come, a few
    chunks ahead: memory holds ``jobs * IN_FLIGHT`` chunks at most.  The workers are started
    now, not at the first result: before a progress bar starts its thread (forking a process
    that runs threads may copy a lock another thread holds)."""
    jobs = cores() if jobs is None else jobs
    rest = iter(items)
    if jobs <= 1:
        return map(task, rest)
    chunks = iter(lambda: list(islice(rest, chunk)), [])
    first = next(chunks, [])
    second = next(chunks, None)
    if second is None:  # too little work to share
        return map(task, first)
    import multiprocessing  # noqa: PLC0415  (only when there are several jobs)

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    pool = context.Pool(jobs, initializer=_quiet)
    return _results(pool, task, [first, second], chunks, jobs * IN_FLIGHT)


def _results(
    pool: Pool, task: Callable[[A], R], started: list[list[A]], chunks: Iterator[list[A]], ahead: int
) -> Iterator[R]:
    with pool:  # ended (terminated) when the results are read, or given up
        pending = deque(pool.apply_async(_run_chunk, (task, c)) for c in started)
        for c in islice(chunks, max(ahead - len(started), 0)):
            pending.append(pool.apply_async(_run_chunk, (task, c)))
        while pending:
            done = pending.popleft().get()
            more = next(chunks, None)
            if more is not None:
                pending.append(pool.apply_async(_run_chunk, (task, more)))
            for result in done:
                if isinstance(result, _Failure):
                    raise result.error()
                yield result


class _Protocols:
    """Protocols by id and version, as :meth:`Env.protocol_of` finds them; remembers the last one
    given (the protocol of the interview the step was working on)."""

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store
        self._known: dict[tuple[str, str], Protocol] = {}
        self.last: tuple[str, str] | None = None

    def by_key(self, key: tuple[str, str]) -> Protocol:
        if key not in self._known:
            self._known[key] = self._store().protocol(*key)
        return self._known[key]

    def __call__(self, interview: Interview) -> Protocol:
        self.last = (interview.protocol_id, interview.protocol_version)
        return self.by_key(self.last)


_opened: dict[Path, tuple[Store, _Protocols]] = {}  # in a worker: its store and protocols, by path


@dataclass(frozen=True, slots=True)
class _FromStore(Generic[T]):
    """The task of a worker: load an interview of the store at ``path`` by id, run ``step``."""

    path: Path
    step: Step[T]

    def __call__(self, interview_id: str) -> tuple[T, tuple[str, str] | None]:
        if self.path not in _opened:
            store = Store(self.path)
            _opened[self.path] = (store, _Protocols(lambda: store))
        store, protocols = _opened[self.path]
        protocols.last = None
        result = self.step(store.load(UUID(interview_id)), protocols)
        return result, protocols.last


def from_store(env: Env, ids: Iterable[UUID], step: Step[T], jobs: int | None) -> Iterator[tuple[T, Protocol | None]]:
    """``step`` run on the store's interviews ``ids``, in order, each with the protocol it asked
    for (``None`` if it asked for none).  With one job, here as ever (``env.store()``); else the
    workers start now (:func:`ordered_map`)."""
    protocols = _Protocols(env.store)
    if (cores() if jobs is None else jobs) <= 1:
        return _here(env.store(), ids, step, protocols)
    found = ordered_map(_FromStore(env.store().path, step), (str(i) for i in ids), jobs)
    return ((result, None if key is None else protocols.by_key(key)) for result, key in found)


def _here(
    store: Store, ids: Iterable[UUID], step: Step[T], protocols: _Protocols
) -> Iterator[tuple[T, Protocol | None]]:
    for interview_id in ids:
        protocols.last = None
        result = step(store.load(interview_id), protocols)
        yield result, None if protocols.last is None else protocols.by_key(protocols.last)
