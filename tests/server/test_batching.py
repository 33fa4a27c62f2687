"""Batches served to the event loop by a thread of their own (``server.batching``): what waits
together goes together, each request gets its own outcome; token lookups are batched so, and a
bad token among good ones is refused alone."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Sequence

import httpx
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from server.batching import Batcher
from server.people import revoke_tokens
from tests.server.helpers import Client


def test_what_waits_together_is_one_batch_and_each_gets_its_own_outcome() -> None:
    batches: list[list[int]] = []
    busy = threading.Event()
    release = threading.Event()

    def run(items: Sequence[int]) -> list[int | BaseException]:
        batches.append(list(items))
        if len(batches) == 1:  # the first batch holds the thread while the others arrive
            busy.set()
            release.wait(30)
        return [ValueError(f"odd {i}") if i % 7 == 3 else i * 10 for i in items]

    batcher: Batcher[int, int] = Batcher("test", run, most=50)

    async def main() -> list[int | BaseException]:
        first = asyncio.ensure_future(batcher.submit(0))
        while not busy.is_set():
            await asyncio.sleep(0.001)
        rest = [asyncio.ensure_future(batcher.submit(i)) for i in range(1, 60)]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(first, *rest, return_exceptions=True)

    outcomes = asyncio.run(main())
    assert batches[0] == [0] and batches[1] == list(range(1, 51)) and batches[2] == list(range(51, 60))
    for i, outcome in enumerate(outcomes):
        if i % 7 == 3:
            assert isinstance(outcome, ValueError) and str(outcome) == f"odd {i}"
        else:
            assert outcome == i * 10


def test_a_batch_that_fails_answers_every_request_with_its_failure() -> None:
    def run(_items: Sequence[int]) -> list[int | BaseException]:
        raise RuntimeError("the database went away")

    batcher: Batcher[int, int] = Batcher("test", run, most=8)

    async def main() -> list[int | BaseException]:
        return await asyncio.gather(*(batcher.submit(i) for i in range(5)), return_exceptions=True)

    assert [str(o) for o in asyncio.run(main())] == ["the database went away"] * 5


def test_tokens_of_requests_arriving_together_are_read_together_and_a_bad_one_is_refused_alone(
    client: Client, people: dict[str, str], engine: Engine
) -> None:
    reads: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: reads.append(sql) if "FROM tokens" in sql else None
    )
    with Session(engine) as db, db.begin():
        revoke_tokens(db, "clin_namur")
    tokens = [
        people["clin_leuven"],
        people["lead_leuven"],
        people["clin_namur"],
        "not-a-token",
        people["admin"],
    ] * 3  # 6 failures: under the limit of 8

    async def ask_all() -> list[httpx.Response]:
        return await asyncio.gather(
            *(client.http.get("/v1/me", headers={"Authorization": f"Bearer {t}"}) for t in tokens)
        )

    answers = client.loop.run_until_complete(ask_all())
    got = Counter((t, a.status_code) for t, a in zip(tokens, answers, strict=True))
    assert got == Counter(
        {
            (people["clin_leuven"], 200): 3,
            (people["lead_leuven"], 200): 3,
            (people["admin"], 200): 3,
            (people["clin_namur"], 401): 3,
            ("not-a-token", 401): 3,
        }
    )
    names = {a.json()["name"] for t, a in zip(tokens, answers, strict=True) if a.status_code == 200}
    assert names == {"clin_leuven", "lead_leuven", "admin"}
    assert len(reads) < len(tokens) / 2, f"{len(reads)} reads for {len(tokens)} requests"


def test_the_thread_outlives_a_batch_that_breaks_its_contract() -> None:
    calls: list[int] = []

    def run(items: Sequence[int]) -> list[int | BaseException]:
        calls.append(len(items))
        return [] if len(calls) == 1 else list(items)  # the first answers nothing

    batcher: Batcher[int, int] = Batcher("test", run, most=8, size=lambda i: 1 // (i - 1))  # 1 has no size

    async def main() -> tuple[object, object]:
        broken = await asyncio.gather(batcher.submit(5), return_exceptions=True)
        return broken[0], await batcher.submit(1)

    broken, later = asyncio.run(main())
    assert isinstance(broken, RuntimeError) and "0 outcomes for 1 items" in str(broken)
    assert later == 1
