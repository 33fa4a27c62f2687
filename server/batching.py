"""A thread of its own that serves the event loop's requests in batches: what is waiting when it
is free goes together, in one call.

The server's event loop hands it an item and awaits the answer; the thread takes every item
waiting (up to a count, and no more once their sizes reach a bound), runs the batch in one call
that gives each item its outcome (a value or an exception), and hands the outcomes back to the
loops that wait for them, one wake-up per loop and batch.  Nothing waits to gather a batch: an
item alone is a batch of one, at once.  It is how the server's uploads are committed
(:mod:`server.group_commit`) and its tokens looked up (:mod:`server.auth`): each a few
statements for many requests, and no thread hand-over per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Batcher"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(eq=False, slots=True)
class _Waiting(Generic[T, R]):
    item: T
    loop: asyncio.AbstractEventLoop
    answer: asyncio.Future[R]


def _settle(waiting: list[_Waiting[T, R]], outcomes: list[R | BaseException]) -> None:
    """In the waiting requests' event loop: each gets its outcome (unless it went away)."""
    for one, outcome in zip(waiting, outcomes, strict=True):
        if one.answer.done():
            continue
        if isinstance(outcome, BaseException):
            one.answer.set_exception(outcome)
        else:
            one.answer.set_result(outcome)


class Batcher(Generic[T, R]):
    """Runs ``run(items) -> outcomes`` (one per item, in order) in a thread of its own, on the
    items waiting together; started at the first item."""

    def __init__(
        self,
        name: str,
        run: Callable[[Sequence[T]], list[R | BaseException]],
        *,
        most: int,
        size: Callable[[T], int] = lambda _item: 0,
        most_size: int = 0,
    ) -> None:
        self.name, self.run = name, run
        self.most, self.size, self.most_size = most, size, most_size
        self._waiting: queue.SimpleQueue[_Waiting[T, R]] = queue.SimpleQueue()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    async def submit(self, item: T) -> R:
        """``item``'s outcome, from the batch it went in (raised if an exception)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[R] = loop.create_future()
        self._waiting.put(_Waiting(item, loop, answer))
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
                    self._thread.start()
        return await answer

    def _serve(self) -> None:
        while True:
            batch = self._take()
            try:
                outcomes = self.run([w.item for w in batch])
                if len(outcomes) != len(batch):
                    raise RuntimeError(f"{self.name}: {len(outcomes)} outcomes for {len(batch)} items")
            except BaseException as exc:
                outcomes = [exc] * len(batch)
            by_loop: dict[asyncio.AbstractEventLoop, tuple[list[_Waiting[T, R]], list[R | BaseException]]] = {}
            for one, outcome in zip(batch, outcomes, strict=True):
                waiting, answers = by_loop.setdefault(one.loop, ([], []))
                waiting.append(one)
                answers.append(outcome)
            for loop, (waiting, answers) in by_loop.items():
                with contextlib.suppress(RuntimeError):  # a loop closed meanwhile: nobody waits
                    loop.call_soon_threadsafe(_settle, waiting, answers)

    def _take(self) -> list[_Waiting[T, R]]:
        first = self._waiting.get()
        batch, size = [first], self._size(first.item)
        while len(batch) < self.most and (not self.most_size or size < self.most_size):
            try:
                one = self._waiting.get_nowait()
            except queue.Empty:
                break
            batch.append(one)
            size += self._size(one.item)
        return batch

    def _size(self, item: T) -> int:
        try:
            return self.size(item)
        except Exception:
            return 0
