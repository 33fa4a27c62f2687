"""Several server processes on one PostgreSQL database: two ``egonet-server serve`` on two ports,
and one ``egonet-server serve --workers 2`` on one port.  A laptop (a real store, ``egonet
sync``) syncs through them in turn while one is killed (SIGKILL) in the middle of its uploads and
restarted (or replaced by the supervisor): afterwards the server holds every interview once, at
the laptop's latest revision.  Failed authentications sent to one process block the same
address and the same token on the other.  With SQLite, ``--workers 2`` is refused in one line.

Skipped without ``EGONET_TEST_POSTGRES_URL`` (``.ci/run`` starts PostgreSQL and sets it)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from egonet.store import Store
from tests.helpers import assert_clean_error, egonet
from tests.server.conftest import fresh_postgres
from tests.server.helpers import PATIENCE, free_port, local, server_cli

LIMIT = 3
"""``EGONET_SERVER_MAX_FAILED_AUTH`` of the servers here: the next failure is answered 429."""


class Served:
    """``egonet-server serve`` (``--workers`` N) on a free loopback port, on the database ``url``."""

    def __init__(self, home: Path, url: str, workers: int = 1) -> None:
        self.home, self.url, self.workers, self.port = home, url, workers, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_SERVER_")}
        return env | {
            "EGONET_SERVER_HOME": str(self.home),
            "EGONET_SERVER_DATABASE_URL": self.url,
            "EGONET_SERVER_MAX_FAILED_AUTH": str(LIMIT),
            "EGONET_SERVER_TRUSTED_PROXIES": "127.0.0.1",  # each check below comes from its own address
        }

    def start(self) -> None:
        command = [sys.executable, "-c", "from server.cli import main; main()", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--workers", str(self.workers)], env=self.environment(), stdin=subprocess.DEVNULL
        )
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                # unauthenticated, so counted as failures: after LIMIT of them, 429
                if httpx.get(f"{self.address}/v1/me", timeout=1).status_code in {401, 429}:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def admin(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from server.cli import main; main()", "admin", *args],
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def workers_now(self) -> set[int]:
        """The supervisor's worker processes (not multiprocessing's resource tracker)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}

    def stop(self, sig: signal.Signals = signal.SIGKILL) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=PATIENCE)


def on_server(url: str) -> dict[str, tuple[int, str]]:
    """id -> (revision, document), as the server's database holds them."""
    engine = create_engine(url)
    with engine.connect() as con:
        found = {i: (r, d) for i, r, d in con.execute(text("SELECT id, revision, document FROM interviews"))}
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop with demo patients, made once for the module (copied for each test)."""
    home = tmp_path_factory.mktemp("prepared") / "laptop"
    assert egonet(home, "demo", "--patients", "25", "--seed", "4").returncode == 0
    return home


@pytest.fixture
def database() -> Iterator[str]:
    yield from fresh_postgres()


@pytest.fixture
def laptop(tmp_path: Path, prepared: Path) -> Path:
    home = tmp_path / "laptop"
    shutil.copytree(prepared, home)
    return home


def provision(server: Served, laptop: Path) -> str:
    """The laptop's services and a clinician of all of them on the server; a token of hers."""
    with Store(laptop / "egonet.sqlite3") as store:
        services = sorted({p.service for p in store.patients()})
    for service in services:
        server.admin("create-service", service)
    server.admin("create-user", "anna", "--role", "clinician", *[a for s in services for a in ("--service", s)])
    return server.admin("issue-token", "anna", "--device", "laptop")


def sync_through(laptop: Path, server: Served, token: str) -> subprocess.CompletedProcess[str]:
    assert egonet(laptop, "login", "--server", server.address, stdin=token + "\n").returncode == 0
    return egonet(laptop, "sync")


def edit_all(laptop: Path, label: str) -> None:
    """A new revision of every interview on the laptop (a corrected name), queued for sync."""
    with Store(laptop / "egonet.sqlite3") as store:
        for iv in list(store.documents()):
            first = next(iter(iv.alters.values()))
            first.label = label
            store.save(iv)


def killed_mid_sync(laptop: Path, token: str, server: Served, victim: int | None = None) -> None:
    """``egonet sync --no-pull`` through ``server``; once some of the laptop's latest revisions are on
    the server, SIGKILL ``victim`` (a worker's pid), or the server, which is then started again."""
    assert egonet(laptop, "login", "--server", server.address, stdin=token + "\n").returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGONET_")} | {"EGONET_HOME": str(laptop)}
    syncing = subprocess.Popen(
        [sys.executable, "-m", "egonet", "sync", "--no-pull"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    latest = local(laptop)
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        stored = on_server(server.url)
        if any(stored.get(i, (0,))[0] == revision for i, (revision, _) in latest.items()):
            break
        time.sleep(0.01)
    if victim is None:
        server.stop()
        server.start()
    else:
        os.kill(victim, signal.SIGKILL)
    syncing.wait(timeout=PATIENCE)
    stored = on_server(server.url)
    assert 0 < sum(stored.get(i, (0,))[0] == r for i, (r, _) in latest.items()) <= len(latest)


def same_everywhere(laptop: Path, url: str, before: int) -> None:
    """Every interview once on the server, at the laptop's latest revision; nothing waiting, and
    nothing added on the laptop (``before`` interviews it had)."""
    mine = local(laptop)
    assert len(mine) == before
    assert on_server(url) == mine
    with Store(laptop / "egonet.sqlite3") as store:
        assert store.outbox() == []


def test_two_servers_on_one_database_lose_and_duplicate_nothing_when_one_is_killed(
    tmp_path: Path, database: str, laptop: Path
) -> None:
    first, second = Served(tmp_path / "a", database), Served(tmp_path / "b", database)
    token = provision(first, laptop)
    before = len(local(laptop))
    first.start()
    second.start()
    try:
        killed_mid_sync(laptop, token, first)  # the first upload of everything, through the first
        done = sync_through(laptop, second, token)  # the rest through the second
        assert done.returncode == 0, done.stderr
        same_everywhere(laptop, database, before)
        edit_all(laptop, "corrected on the laptop")
        killed_mid_sync(laptop, token, second)  # new revisions, the second killed this time
        done = sync_through(laptop, first, token)
        assert done.returncode == 0, done.stderr
        same_everywhere(laptop, database, before)
        again = sync_through(laptop, second, token)  # a full sync (pull too) changes nothing
        assert again.returncode == 0 and "sent 0, already there 0, received 0" in again.stdout, again.stdout
        same_everywhere(laptop, database, before)
    finally:
        first.stop()
        second.stop()


def failed(server: Served, address: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": address}
    return httpx.get(f"{server.address}/v1/me", headers=headers, timeout=10).status_code


def test_failed_authentications_sent_to_one_server_block_on_the_other(
    tmp_path: Path, database: str, laptop: Path
) -> None:
    first, second = Served(tmp_path / "a", database), Served(tmp_path / "b", database)
    token = provision(first, laptop)
    first.start()
    second.start()
    try:
        guessed = "not-a-token-" + uuid.uuid4().hex  # one credential, from many addresses
        assert [failed(first, f"10.0.1.{n}", guessed) for n in range(LIMIT)] == [401] * LIMIT
        assert failed(second, "10.0.1.99", guessed) == 429
        guesses = [uuid.uuid4().hex for _ in range(LIMIT + 1)]  # one address, many credentials
        assert [failed(first, "10.0.2.1", g) for g in guesses[:LIMIT]] == [401] * LIMIT
        assert failed(second, "10.0.2.1", guesses[LIMIT]) == 429
        assert failed(second, "10.0.2.1", token) == 200  # a valid token is never locked out
    finally:
        first.stop()
        second.stop()


def test_a_killed_worker_is_replaced_and_sigterm_stops_them_all(tmp_path: Path, database: str, laptop: Path) -> None:
    served = Served(tmp_path / "server", database, workers=2)
    token = provision(served, laptop)
    before = len(local(laptop))
    served.start()
    try:
        workers = served.workers_now()
        assert len(workers) == 2
        killed_mid_sync(laptop, token, served, victim=min(workers))
        deadline = time.monotonic() + PATIENCE
        while (len(served.workers_now()) < 2 or min(workers) in served.workers_now()) and time.monotonic() < deadline:
            time.sleep(0.1)
        now = served.workers_now()
        assert len(now) == 2 and max(workers) in now and min(workers) not in now  # replaced
        done = sync_through(laptop, served, token)
        assert done.returncode == 0, done.stderr
        same_everywhere(laptop, database, before)
        codes = [failed(served, "10.0.3.1", uuid.uuid4().hex) for _ in range(LIMIT + 1)]  # new connections:
        assert codes == [401] * LIMIT + [429]  # whichever worker each reached, one count
    finally:
        code = served.stop(signal.SIGTERM)
    assert code == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in now)


def test_several_workers_on_sqlite_are_refused_in_one_line(tmp_path: Path) -> None:
    result = server_cli(tmp_path / "server", "serve", "--workers", "2")
    assert_clean_error(result, "--workers 2 needs PostgreSQL")
