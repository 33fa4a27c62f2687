"""Checker processes (issue 19): documents are checked beside the server process, with the same
function and the same outcome as in it; a checker that is killed is replaced and loses nothing;
its answers may hold only the classes of an upload."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import os
import pickle
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from egonet.protocol import builtin_protocol
from egonet.wire import dumps, parse_strict
from server.auth import Account, Membership
from server.checkers import Checkers, _Answers
from server.db import make_engine, migrate
from server.errors import ServerError
from server.settings import ServerSettings
from server.uploads import Upload
from tests.server.helpers import PATIENCE, TunedServer, clinician, interview


def _bodies() -> list[tuple[str, bytes]]:
    """(interview id, body): accepted ones, and ones refused by each check."""
    good = [interview(code=f"P-{n}") for n in range(3)]
    broken = parse_strict(dumps(interview()))
    broken["alters"][0]["presence"] = "somewhere"  # type: ignore[index]
    odd = interview()
    next(iter(odd.alters.values())).answers["relationship"] = "cousin-in-law"  # not an option of the protocol
    elsewhere = interview(service="CSM Namur")
    out = [(str(iv.id), dumps(iv).encode()) for iv in [*good, odd, elsewhere]]
    out.append((str(broken["id"]), json.dumps(broken).encode()))
    out.append((str(uuid.uuid4()), b'{"format": "egonet.interview", "id": NaN}'))
    return out


def _outcome(result: Upload | BaseException) -> object:
    if isinstance(result, Upload):
        refusal = result.refusal
        plain = dataclasses.replace(result, refusal=None)
        return plain, None if refusal is None else (type(refusal).__name__, refusal.message, refusal.detail)
    assert isinstance(result, ServerError), result
    return type(result).__name__, result.message, result.detail


def test_a_document_checked_in_a_checker_is_checked_as_in_the_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    user = Account(7, "anna", "clinician", (Membership(1, "CGG Leuven"),))

    def protocol_of(_service: int, protocol_id: str, version: str) -> object:
        return builtin_protocol(protocol_id, version)

    bodies = _bodies()

    async def check_all(count: int) -> list[object]:
        checkers = Checkers(ServerSettings(database_url=url, checkers=count), protocol_of)  # type: ignore[arg-type]
        await checkers.start()
        try:
            asked = [checkers.prepare(user, i, body, 0) for i, body in bodies]
            return [_outcome(r) for r in await asyncio.gather(*asked, return_exceptions=True)]
        finally:
            await checkers.stop()

    beside, inside = asyncio.run(check_all(1)), asyncio.run(check_all(0))
    assert beside == inside
    kinds = [o[0] if isinstance(o[0], str) else ("refused" if o[1] else "accepted") for o in beside]  # type: ignore[index]
    assert kinds == ["accepted"] * 3 + ["refused", "Forbidden", "Invalid", "Invalid"]


class _Hostile:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, ("true",)


def test_a_checkers_answer_may_hold_only_an_uploads_classes() -> None:
    with pytest.raises(pickle.UnpicklingError, match="may not hold"):
        _Answers(io.BytesIO(pickle.dumps(("ok", _Hostile())))).load()
    user = Account(1, "anna", "clinician", (Membership(1, "CGG Leuven"),))
    assert _Answers(io.BytesIO(pickle.dumps(("ok", user)))).load() == ("ok", user)


def _children(pid: int) -> set[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return {int(p) for p in found.split()}


def test_a_checker_killed_under_load_is_replaced_and_nothing_is_lost(tmp_path: Path) -> None:
    home = tmp_path / "server"
    token = clinician(home)
    server = TunedServer(home, {"EGONET_SERVER_CHECKERS": "1"})
    server.start()
    assert server.process is not None
    try:
        deadline = time.monotonic() + PATIENCE
        while not (first := _children(server.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(first) == 1
        ivs = [interview(code=f"P-{n:03d}") for n in range(120)]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def put(n: int) -> int:
            if n == 40:
                os.kill(next(iter(first)), signal.SIGKILL)  # mid-load, uploads in its hands
            iv = ivs[n]
            body = dumps(iv).encode()
            return httpx.put(
                f"{server.url}/v1/interviews/{iv.id}", content=body, headers=headers, timeout=60
            ).status_code

        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(put, range(len(ivs))))
        assert statuses == [201] * len(ivs), server.stderr()[-3000:]
        assert set(server.interviews()) == {str(iv.id) for iv in ivs}
        while (now := _children(server.process.pid)) == first or not now:  # its replacement
            assert time.monotonic() < deadline, "no checker replaced the one killed"
            time.sleep(0.05)
        assert len(now) == 1
        assert "A checker process stopped" in server.stderr()
        assert "Traceback" not in server.stderr()
    finally:
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(PATIENCE)
    assert not any(Path(f"/proc/{p}").exists() for p in now), "a checker outlived its server"


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


def test_uploads_a_killed_checker_held_are_checked_by_its_replacement_not_in_the_server(tmp_path: Path) -> None:
    """Found by a review: the retry found no live checker and checked in the server process."""
    url = _database(tmp_path)
    user = Account(7, "anna", "clinician", (Membership(1, "CGG Leuven"),))
    ivs = [interview(code=f"P-{n}") for n in range(20)]

    def nowhere_here(*_args: object) -> object:
        raise AssertionError("checked in the server process")

    async def main() -> list[object]:
        checkers = Checkers(ServerSettings(database_url=url, checkers=1), nowhere_here)  # type: ignore[arg-type]
        await checkers.start()
        try:
            first = checkers._checkers[0].process
            asked = [asyncio.ensure_future(checkers.prepare(user, str(iv.id), dumps(iv).encode(), 0)) for iv in ivs]
            await asyncio.sleep(0)  # sent, not answered yet
            first.kill()
            done = await asyncio.gather(*asked, return_exceptions=True)
            assert checkers._checkers and checkers._checkers[0].process.pid != first.pid
            return done
        finally:
            await checkers.stop()

    done = asyncio.run(main())
    assert [u.id for u in done if isinstance(u, Upload)] == [str(iv.id) for iv in ivs], done


def test_an_answer_for_another_upload_is_refused_and_its_checker_replaced(tmp_path: Path) -> None:
    """A checker that answers with another caller's upload (out of step, or taken over) is not
    believed: the upload is answered 500 and the checker killed."""
    url = _database(tmp_path)
    anna = Account(7, "anna", "clinician", (Membership(1, "CGG Leuven"),))
    other = Account(8, "bert", "clinician", (Membership(2, "CSM Namur"),))
    iv = interview()

    async def main() -> tuple[BaseException | None, int | None]:
        checkers = Checkers(ServerSettings(database_url=url, checkers=1), _protocol)  # type: ignore[arg-type]
        await checkers.start()
        try:
            checker = checkers._checkers[0]
            honest = await checker.check((anna, str(iv.id), dumps(iv).encode(), 0))

            async def lying(_request: object) -> Upload:
                return dataclasses.replace(honest, user=other, service_id=2)

            checker.check = lying  # type: ignore[method-assign]
            try:
                await checkers.prepare(anna, str(iv.id), dumps(iv).encode(), 0)
            except RuntimeError as exc:
                refused: BaseException | None = exc
            else:
                refused = None
            return refused, checker.process.wait(PATIENCE)
        finally:
            await checkers.stop()

    refused, status = asyncio.run(main())
    assert refused is not None and "another upload" in str(refused)
    assert status == -signal.SIGKILL


def _protocol(_service: int, protocol_id: str, version: str) -> object:
    return builtin_protocol(protocol_id, version)
